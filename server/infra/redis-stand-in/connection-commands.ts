// Connection housekeeping (what ioredis sends on connect) and pub/sub.
import { NO_REPLY, type CommandContext, type CommandTable } from './command-types.ts';
import { globMatch } from './glob-pattern.ts';
import { errors, OK, parseInteger, ReplyError, StatusReply, type Reply } from './reply.ts';

export const STAND_IN_REDIS_VERSION = '7.0.0';
export const DATABASE_COUNT = 16;
const startedAt = Date.now();

function subscriptionCount(ctx: CommandContext): number {
  return ctx.client.channels.size + ctx.client.patterns.size;
}

function info(ctx: CommandContext, port: number | null): string {
  const clients = [...ctx.engine.clients()].length;
  const keyspace = ctx.engine.databases
    .map((db, i) => {
      const keys = [...db.keys()];
      const expires = keys.filter(([, e]) => e.expiresAt !== null).length;
      return keys.length ? `db${i}:keys=${keys.length},expires=${expires},avg_ttl=0` : null;
    })
    .filter((l): l is string => l !== null);
  const lines = [
    '# Server',
    `redis_version:${STAND_IN_REDIS_VERSION}`,
    'redis_mode:standalone',
    'pantau_stand_in:1',
    'pantau_stand_in_note:in-process stand-in of Pantau; in memory only, lost at exit',
    `process_id:${process.pid}`,
    ...(port !== null ? [`tcp_port:${port}`] : []),
    `uptime_in_seconds:${Math.floor((Date.now() - startedAt) / 1000)}`,
    '',
    '# Clients',
    `connected_clients:${clients}`,
    '',
    '# Memory',
    `used_memory:${process.memoryUsage().heapUsed}`,
    '',
    '# Persistence',
    'loading:0',
    'aof_enabled:0',
    'rdb_changes_since_last_save:0',
    '',
    '# Replication',
    'role:master',
    'connected_slaves:0',
    '',
    '# Keyspace',
    ...keyspace,
    '',
  ];
  return lines.join('\r\n');
}

export function connectionCommands(port: () => number | null): CommandTable {
  return {
    ping: {
      arity: -1,
      allowedWhileSubscribed: true,
      run: (ctx, [message]) => {
        if (subscriptionCount(ctx) > 0) return ['pong', message ?? ''];
        return message === undefined ? new StatusReply('PONG') : message;
      },
    },
    echo: { arity: 2, run: (_ctx, [message]) => message },
    info: { arity: -1, run: (ctx) => info(ctx, port()) },
    time: {
      arity: 1,
      run: () => {
        const now = Date.now();
        return [String(Math.floor(now / 1000)), String((now % 1000) * 1000)];
      },
    },
    select: {
      arity: 2,
      run: (ctx, [index]) => {
        let n: number;
        try {
          n = parseInteger(index);
        } catch {
          throw new ReplyError('ERR value is not an integer or out of range');
        }
        if (n < 0 || n >= DATABASE_COUNT) throw new ReplyError('ERR DB index is out of range');
        ctx.client.db = n;
        return OK;
      },
    },
    quit: {
      arity: -1,
      allowedWhileSubscribed: true,
      noScript: true,
      run: (ctx) => {
        ctx.client.push(OK);
        ctx.client.closeAfterReplies();
        return NO_REPLY;
      },
    },
    auth: {
      arity: -2,
      noScript: true,
      run: () => {
        throw new ReplyError(
          'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
        );
      },
    },
    hello: {
      arity: -1,
      noScript: true,
      run: (ctx, args) => {
        if (args.length && args[0] !== '2') {
          if (!/^[0-9]+$/.test(args[0])) throw new ReplyError('ERR Protocol version is not an integer or out of range');
          // ioredis then falls back to RESP2 on the same connection.
          throw new ReplyError("NOPROTO Pantau's in-process Redis stand-in speaks RESP2 only");
        }
        for (let i = 1; i < args.length; i++) {
          const w = args[i].toUpperCase();
          if (w === 'SETNAME' && args[i + 1] !== undefined) ctx.client.name = args[++i];
          else if (w === 'AUTH') throw new ReplyError('ERR AUTH is not needed: the stand-in has no password');
          else throw errors.syntax();
        }
        return ['server', 'redis', 'version', STAND_IN_REDIS_VERSION, 'proto', 2, 'id', ctx.client.id, 'mode', 'standalone', 'role', 'master', 'modules', []];
      },
    },
    client: {
      arity: -2,
      noScript: true,
      run: (ctx, [sub, ...rest]) => {
        const op = sub.toUpperCase();
        switch (op) {
          case 'SETNAME': {
            const name = rest[0];
            if (name === undefined) throw errors.arity('client|setname');
            if (/[\s\x00-\x1f\x7f-\xff]/.test(name)) {
              throw new ReplyError('ERR Client names cannot contain spaces, newlines or special characters.');
            }
            ctx.client.name = name || null;
            return OK;
          }
          case 'GETNAME':
            return ctx.client.name;
          case 'ID':
            return ctx.client.id;
          case 'LIST':
          case 'INFO': {
            const line = (c: typeof ctx.client) =>
              `id=${c.id} name=${c.name ?? ''} db=${c.db} sub=${c.channels.size} psub=${c.patterns.size}`;
            return op === 'INFO' ? `${line(ctx.client)}\n` : [...ctx.engine.clients()].map((c) => `${line(c)}\n`).join('');
          }
          default:
            // SETINFO, NO-EVICT, TRACKING-less housekeeping: nothing to do in memory.
            return OK;
        }
      },
    },
    command: {
      arity: -1,
      run: (_ctx, [sub]) => (sub?.toUpperCase() === 'COUNT' ? 0 : []),
    },

    // --- pub/sub ---
    publish: { arity: 3, run: (ctx, [channel, message]) => ctx.engine.publish(channel, message) },
    subscribe: {
      arity: -2,
      allowedWhileSubscribed: true,
      noScript: true,
      noMulti: true,
      run: (ctx, channels) => {
        for (const ch of channels) {
          ctx.engine.subscribe(ctx.client, ch);
          ctx.client.push(['subscribe', ch, subscriptionCount(ctx)]);
        }
        return NO_REPLY;
      },
    },
    psubscribe: {
      arity: -2,
      allowedWhileSubscribed: true,
      noScript: true,
      noMulti: true,
      run: (ctx, patterns) => {
        for (const p of patterns) {
          ctx.engine.psubscribe(ctx.client, p);
          ctx.client.push(['psubscribe', p, subscriptionCount(ctx)]);
        }
        return NO_REPLY;
      },
    },
    unsubscribe: {
      arity: -1,
      allowedWhileSubscribed: true,
      noScript: true,
      noMulti: true,
      run: (ctx, channels) => unsubscribeAll(ctx, 'unsubscribe', channels.length ? channels : [...ctx.client.channels]),
    },
    punsubscribe: {
      arity: -1,
      allowedWhileSubscribed: true,
      noScript: true,
      noMulti: true,
      run: (ctx, patterns) => unsubscribeAll(ctx, 'punsubscribe', patterns.length ? patterns : [...ctx.client.patterns]),
    },
    pubsub: {
      arity: -2,
      run: (ctx, [sub, ...rest]): Reply => {
        const op = sub.toUpperCase();
        if (op === 'CHANNELS') {
          const pattern = rest[0];
          return ctx.engine.activeChannels().filter((c) => pattern === undefined || globMatch(pattern, c));
        }
        if (op === 'NUMSUB') return rest.flatMap((ch) => [ch, ctx.engine.channelSubscribers(ch)]);
        if (op === 'NUMPAT') return ctx.engine.patternCount();
        throw errors.unsupported(`PUBSUB ${op}`);
      },
    },
  };
}

function unsubscribeAll(ctx: CommandContext, kind: 'unsubscribe' | 'punsubscribe', names: string[]): typeof NO_REPLY {
  if (names.length === 0) {
    ctx.client.push([kind, null, subscriptionCount(ctx)]);
    return NO_REPLY;
  }
  for (const name of names) {
    if (kind === 'unsubscribe') ctx.engine.unsubscribe(ctx.client, name);
    else ctx.engine.punsubscribe(ctx.client, name);
    ctx.client.push([kind, name, subscriptionCount(ctx)]);
  }
  return NO_REPLY;
}
