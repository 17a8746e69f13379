// Stream and consumer-group commands, as Redis 7.0 answers them.
import type { BlockRequest, CommandContext, CommandTable } from './command-types.ts';
import { errors, NULL_ARRAY, OK, parseInteger, ReplyError, type Reply } from './reply.ts';
import {
  compareIds,
  formatId,
  MAX_ID,
  MIN_ID,
  parseId,
  parseRangeBound,
  StreamValue,
  type ConsumerGroup,
  type StreamEntry,
  type StreamId,
} from './stream-value.ts';

const entryReply = (e: StreamEntry): Reply => [e.key, e.fields];

function noGroup(key: string, group: string, suffix = ''): ReplyError {
  return new ReplyError(`NOGROUP No such key '${key}' or consumer group '${group}'${suffix}`);
}

function noSuchGroupForKey(key: string, group: string): ReplyError {
  return new ReplyError(`NOGROUP No such consumer group '${group}' for key name '${key}'`);
}

function stream(ctx: CommandContext, key: string): StreamValue | undefined {
  return ctx.db.read(key, 'stream');
}

function groupOf(ctx: CommandContext, key: string, group: string): { s: StreamValue; g: ConsumerGroup } {
  const s = stream(ctx, key);
  const g = s?.groups.get(group);
  if (!s || !g) throw noGroup(key, group);
  return { s, g };
}

interface TrimSpec {
  strategy: { minId: StreamId } | { maxLen: number };
  limit: number | null;
}

/** Parses `MAXLEN|MINID [=|~] threshold [LIMIT n]` at `args[i]`; returns the spec and the next index. */
function parseTrim(args: string[], i: number): [TrimSpec, number] {
  const kind = args[i].toUpperCase();
  i++;
  let approximate = false;
  if (args[i] === '=' || args[i] === '~') {
    approximate = args[i] === '~';
    i++;
  }
  const threshold = args[i];
  if (threshold === undefined) throw errors.syntax();
  i++;
  let strategy: TrimSpec['strategy'];
  if (kind === 'MAXLEN') {
    const n = parseInteger(threshold);
    if (n < 0) throw new ReplyError('ERR The MAXLEN argument must be >= 0.');
    strategy = { maxLen: n };
  } else {
    strategy = { minId: parseId(threshold) };
  }
  let limit: number | null = null;
  if (args[i]?.toUpperCase() === 'LIMIT') {
    if (!approximate) throw new ReplyError("ERR syntax error, LIMIT cannot be used without the special ~ option");
    limit = parseInteger(args[i + 1] ?? '');
    if (limit < 0) throw new ReplyError('ERR The LIMIT argument must be >= 0.');
    i += 2;
  }
  // Approximate trimming is done exactly here: never more than Redis would trim with '='.
  return [{ strategy, limit }, i];
}

function parseXaddId(text: string): void {
  if (text === '*') return;
  const base = text.endsWith('-*') ? text.slice(0, -2) : text;
  const id = parseId(base);
  if (!text.endsWith('-*') && id.ms === 0n && id.seq === 0n) {
    throw new ReplyError('ERR The ID specified in XADD must be greater than 0-0');
  }
}

function xreadgroup(ctx: CommandContext, args: string[]): Reply | BlockRequest {
  if (args[0].toUpperCase() !== 'GROUP' || args.length < 3) throw errors.syntax();
  const groupName = args[1];
  const consumerName = args[2];
  let count: number | null = null;
  let blockMs: number | null = null;
  let noAck = false;
  let i = 3;
  for (; i < args.length; i++) {
    const w = args[i].toUpperCase();
    if (w === 'COUNT' && args[i + 1] !== undefined) {
      const n = parseInteger(args[++i]);
      count = n > 0 ? n : null;
    } else if (w === 'BLOCK' && args[i + 1] !== undefined) {
      const n = parseInteger(args[++i]);
      if (n < 0) throw new ReplyError('ERR timeout is negative');
      blockMs = n;
    } else if (w === 'NOACK') noAck = true;
    else if (w === 'STREAMS') break;
    else throw errors.syntax();
  }
  const rest = args.slice(i + 1);
  if (i >= args.length || rest.length === 0 || rest.length % 2 !== 0) {
    throw new ReplyError(
      "ERR Unbalanced 'xreadgroup' list of streams: for each stream key an ID or '>' must be specified.",
    );
  }
  const n = rest.length / 2;
  const keys = rest.slice(0, n);
  const ids = rest.slice(n).map((text) => {
    if (text === '>') return '>' as const;
    if (text === '$') {
      throw new ReplyError(
        'ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.',
      );
    }
    return parseId(text);
  });
  const groups = keys.map((key) => {
    const s = stream(ctx, key);
    const g = s?.groups.get(groupName);
    if (!s || !g) throw noGroup(key, groupName, ' in XREADGROUP with GROUP option');
    return { key, s, g };
  });
  const out: Reply[] = [];
  for (let k = 0; k < n; k++) {
    const { key, s, g } = groups[k];
    const id = ids[k];
    // Redis 7.0 creates the consumer only when it serves it something (or its history).
    if (id === '>') {
      if (!s.hasNew(g)) continue;
      const consumer = g.consumer(consumerName, ctx.now);
      consumer.seenTime = ctx.now;
      const entries = s.deliverNew(g, consumer, count, noAck, ctx.now);
      if (entries.length) out.push([key, entries.map(entryReply)]);
    } else {
      const consumer = g.consumer(consumerName, ctx.now);
      consumer.seenTime = ctx.now;
      // An entry trimmed away while pending comes back with a null body, as in Redis.
      out.push([key, s.deliverHistory(g, consumer, id, count, ctx.now).map(([eid, fields]): Reply => [eid, fields ?? NULL_ARRAY])]);
    }
  }
  if (out.length || blockMs === null || !ctx.mayBlock) return out.length ? out : NULL_ARRAY;
  return {
    kind: 'block',
    keys,
    timeoutMs: blockMs,
    timeoutReply: NULL_ARRAY,
    retry(again) {
      const served: Reply[] = [];
      for (const key of keys) {
        const entry = again.db.lookup(key);
        if (!entry || entry.type !== 'stream') throw new ReplyError('UNBLOCKED the stream key no longer exists');
        const s = entry.value as StreamValue;
        const g = s.groups.get(groupName);
        if (!g) throw new ReplyError('NOGROUP the consumer group this client was blocked on no longer exists');
        if (!s.hasNew(g)) continue;
        const consumer = g.consumer(consumerName, again.now);
        consumer.seenTime = again.now;
        const entries = s.deliverNew(g, consumer, count, noAck, again.now);
        if (entries.length) served.push([key, entries.map(entryReply)]);
      }
      return served.length ? served : null;
    },
  };
}

function xautoclaim(ctx: CommandContext, [key, groupName, consumerName, minIdleText, startText, ...opts]: string[]): Reply {
  let minIdle: number;
  try {
    minIdle = Math.max(0, parseInteger(minIdleText));
  } catch {
    throw new ReplyError('ERR Invalid min-idle-time argument for XAUTOCLAIM');
  }
  const start = startText === '-' ? MIN_ID : parseId(startText);
  let count = 100;
  let justId = false;
  for (let i = 0; i < opts.length; i++) {
    const w = opts[i].toUpperCase();
    if (w === 'COUNT' && opts[i + 1] !== undefined) {
      count = parseInteger(opts[++i]);
      if (count < 1) throw new ReplyError('ERR COUNT must be > 0');
    } else if (w === 'JUSTID') justId = true;
    else throw errors.syntax();
  }
  const { s, g } = groupOf(ctx, key, groupName);
  const consumer = g.consumer(consumerName, ctx.now);
  consumer.seenTime = ctx.now;
  const pending = g.pendingInOrder().filter((p) => compareIds(p.id, start) >= 0);
  let attempts = count * 10;
  let remaining = count;
  const claimed: Reply[] = [];
  const deleted: string[] = [];
  let k = 0;
  for (; k < pending.length && attempts > 0 && remaining > 0; k++) {
    attempts--;
    const p = pending[k];
    const entry = s.find(p.id);
    if (!entry) {
      g.ack(p.key);
      deleted.push(p.key);
      remaining--;
      continue;
    }
    if (minIdle && ctx.now - p.deliveryTime < minIdle) continue;
    p.consumer.pending.delete(p.key);
    p.consumer = consumer;
    consumer.pending.add(p.key);
    p.deliveryTime = ctx.now;
    if (!justId) p.deliveryCount++;
    claimed.push(justId ? p.key : entryReply(entry));
    remaining--;
  }
  const next = k < pending.length ? pending[k].key : '0-0';
  return [next, claimed, deleted];
}

function xpending(ctx: CommandContext, [key, groupName, ...opts]: string[]): Reply {
  const extended = opts.length > 0;
  let minIdle = 0;
  let i = 0;
  if (extended && opts[0].toUpperCase() === 'IDLE') {
    minIdle = parseInteger(opts[1] ?? '');
    i = 2;
  }
  if (extended && opts.length - i !== 3 && opts.length - i !== 4) throw errors.syntax();
  const start = extended ? parseRangeBound(opts[i], true) : MIN_ID;
  const end = extended ? parseRangeBound(opts[i + 1], false) : MAX_ID;
  const count = extended ? parseInteger(opts[i + 2]) : 0;
  const onlyConsumer = extended ? opts[i + 3] : undefined;
  const { g } = groupOf(ctx, key, groupName);
  if (!extended) {
    if (g.pel.size === 0) return [0, null, null, NULL_ARRAY];
    const all = g.pendingInOrder();
    const perConsumer = [...g.consumers.values()]
      .filter((c) => c.pending.size > 0)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((c) => [c.name, String(c.pending.size)]);
    return [all.length, all[0].key, all[all.length - 1].key, perConsumer];
  }
  if (count <= 0 || !start || !end) return [];
  const out: Reply[] = [];
  for (const p of g.pendingInOrder()) {
    if (out.length >= count) break;
    if (compareIds(p.id, start) < 0 || compareIds(p.id, end) > 0) continue;
    if (onlyConsumer !== undefined && p.consumer.name !== onlyConsumer) continue;
    const idle = ctx.now - p.deliveryTime;
    if (minIdle && idle < minIdle) continue;
    out.push([p.key, p.consumer.name, idle, p.deliveryCount]);
  }
  return out;
}

function xgroup(ctx: CommandContext, [sub, key, groupName, ...rest]: string[]): Reply {
  const op = sub.toUpperCase();
  const requireKey = () =>
    new ReplyError(
      'ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.',
    );
  if (op === 'HELP') return ['XGROUP CREATE|DESTROY|CREATECONSUMER|DELCONSUMER|SETID (Pantau stand-in)'];
  if (key === undefined || groupName === undefined) throw errors.arity(`xgroup|${sub.toLowerCase()}`);
  const readEntriesRead = (args: string[]): { mk: boolean; entriesRead: number | null } => {
    let mk = false;
    let entriesRead: number | null = null;
    for (let i = 0; i < args.length; i++) {
      const w = args[i].toUpperCase();
      if (w === 'MKSTREAM' && op === 'CREATE') mk = true;
      else if (w === 'ENTRIESREAD' && args[i + 1] !== undefined) {
        entriesRead = parseInteger(args[++i]);
        if (entriesRead < 0 && entriesRead !== -1) throw new ReplyError('ERR value for ENTRIESREAD must be positive or -1');
        if (entriesRead === -1) entriesRead = null;
      } else throw errors.syntax();
    }
    return { mk, entriesRead };
  };
  let s = stream(ctx, key);
  switch (op) {
    case 'CREATE': {
      const [idText, ...opts] = rest;
      if (idText === undefined) throw errors.arity('xgroup|create');
      const { mk, entriesRead } = readEntriesRead(opts);
      const id = idText === '$' ? null : parseId(idText);
      if (!s) {
        if (!mk) throw requireKey();
        s = ctx.db.write(key, 'stream', () => new StreamValue());
      }
      s.createGroup(groupName, id ?? s.lastId, entriesRead);
      return OK;
    }
    case 'SETID': {
      const [idText, ...opts] = rest;
      if (idText === undefined) throw errors.arity('xgroup|setid');
      const { entriesRead } = readEntriesRead(opts);
      if (!s) throw requireKey();
      const g = s.groups.get(groupName);
      if (!g) throw noSuchGroupForKey(key, groupName);
      g.lastId = idText === '$' ? s.lastId : parseId(idText);
      g.entriesRead = entriesRead;
      return OK;
    }
    case 'DESTROY': {
      if (!s) throw requireKey();
      const existed = s.groups.delete(groupName);
      if (existed) ctx.db.readyKeys.add(key);
      return existed ? 1 : 0;
    }
    case 'CREATECONSUMER':
    case 'DELCONSUMER': {
      const [consumerName] = rest;
      if (consumerName === undefined) throw errors.arity(`xgroup|${op.toLowerCase()}`);
      if (!s) throw requireKey();
      const g = s.groups.get(groupName);
      if (!g) throw noSuchGroupForKey(key, groupName);
      if (op === 'CREATECONSUMER') {
        if (g.consumers.has(consumerName)) return 0;
        g.consumer(consumerName, ctx.now);
        return 1;
      }
      const c = g.consumers.get(consumerName);
      if (!c) return 0;
      const pending = c.pending.size;
      for (const k of [...c.pending]) g.ack(k);
      g.consumers.delete(consumerName);
      return pending;
    }
    default:
      throw errors.unsupported(`XGROUP ${op}`);
  }
}

function xinfo(ctx: CommandContext, [sub, key, groupName]: string[]): Reply {
  const op = sub.toUpperCase();
  if (key === undefined) throw errors.arity(`xinfo|${sub.toLowerCase()}`);
  const s = stream(ctx, key);
  if (!s) throw new ReplyError('ERR no such key');
  const byName = <T extends { name: string }>(items: Iterable<T>) =>
    [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (op === 'GROUPS') {
    return byName(s.groups.values()).map((g) => [
      'name',
      g.name,
      'consumers',
      g.consumers.size,
      'pending',
      g.pel.size,
      'last-delivered-id',
      formatId(g.lastId),
      'entries-read',
      g.entriesRead,
      'lag',
      s.lag(g),
    ]);
  }
  if (op === 'CONSUMERS') {
    if (groupName === undefined) throw errors.arity('xinfo|consumers');
    const g = s.groups.get(groupName);
    if (!g) throw noSuchGroupForKey(key, groupName);
    return byName(g.consumers.values()).map((c) => ['name', c.name, 'pending', c.pending.size, 'idle', ctx.now - c.seenTime]);
  }
  if (op === 'STREAM') {
    const first = s.entries[0];
    const last = s.entries[s.entries.length - 1];
    return [
      'length',
      s.length,
      'last-generated-id',
      formatId(s.lastId),
      'max-deleted-entry-id',
      '0-0',
      'entries-added',
      s.entriesAdded,
      'recorded-first-entry-id',
      formatId(s.firstId),
      'groups',
      s.groups.size,
      'first-entry',
      first ? entryReply(first) : null,
      'last-entry',
      last ? entryReply(last) : null,
    ];
  }
  throw errors.unsupported(`XINFO ${op}`);
}

export const streamCommands: CommandTable = {
  xadd: {
    arity: -5,
    run: (ctx, [key, ...rest]) => {
      let noMkStream = false;
      let trim: TrimSpec | null = null;
      let i = 0;
      for (;;) {
        const w = rest[i]?.toUpperCase();
        if (w === 'NOMKSTREAM') {
          noMkStream = true;
          i++;
        } else if (w === 'MAXLEN' || w === 'MINID') {
          [trim, i] = parseTrim(rest, i);
        } else break;
      }
      const idText = rest[i];
      const fields = rest.slice(i + 1);
      if (idText === undefined || fields.length === 0 || fields.length % 2 !== 0) throw errors.arity('xadd');
      parseXaddId(idText);
      let s = stream(ctx, key);
      if (!s) {
        if (noMkStream) return null;
        const fresh = new StreamValue();
        const id = fresh.add(idText, fields, ctx.now);
        if (trim) fresh.trim(trim.strategy, trim.limit);
        ctx.db.put(key, 'stream', fresh, null);
        ctx.db.readyKeys.add(key);
        return formatId(id);
      }
      const id = s.add(idText, fields, ctx.now);
      if (trim) s.trim(trim.strategy, trim.limit);
      ctx.db.readyKeys.add(key);
      return formatId(id);
    },
  },
  xlen: { arity: 2, run: (ctx, [key]) => stream(ctx, key)?.length ?? 0 },
  xrange: {
    arity: -4,
    run: (ctx, [key, a, b, ...opts]) => {
      const count = opts.length ? countOption(opts) : null;
      const start = parseRangeBound(a, true);
      const end = parseRangeBound(b, false);
      const s = stream(ctx, key);
      if (!s || !start || !end || count === 0) return [];
      return s.range(start, end, count).map(entryReply);
    },
  },
  xrevrange: {
    arity: -4,
    run: (ctx, [key, b, a, ...opts]) => {
      const count = opts.length ? countOption(opts) : null;
      const start = parseRangeBound(a, true);
      const end = parseRangeBound(b, false);
      const s = stream(ctx, key);
      if (!s || !start || !end || count === 0) return [];
      return s.reverseRange(end, start, count).map(entryReply);
    },
  },
  xtrim: {
    arity: -4,
    run: (ctx, [key, ...rest]) => {
      const w = rest[0].toUpperCase();
      if (w !== 'MAXLEN' && w !== 'MINID') throw errors.syntax();
      const [spec, next] = parseTrim(rest, 0);
      if (next !== rest.length) throw errors.syntax();
      const s = stream(ctx, key);
      return s ? s.trim(spec.strategy, spec.limit) : 0;
    },
  },
  xgroup: { arity: -2, run: xgroup },
  xinfo: { arity: -2, run: xinfo },
  xreadgroup: { arity: -7, run: xreadgroup },
  xack: {
    arity: -4,
    run: (ctx, [key, groupName, ...ids]) => {
      const parsed = ids.map((t) => formatId(parseId(t)));
      const g = stream(ctx, key)?.groups.get(groupName);
      if (!g) return 0;
      let acked = 0;
      for (const k of new Set(parsed)) if (g.ack(k)) acked++;
      return acked;
    },
  },
  xautoclaim: { arity: -6, run: xautoclaim },
  xpending: { arity: -3, run: xpending },
};

function countOption(opts: string[]): number {
  if (opts.length !== 2 || opts[0].toUpperCase() !== 'COUNT') throw errors.syntax();
  return Math.max(0, parseInteger(opts[1]));
}
