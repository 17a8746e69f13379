// An in-process stand-in for Redis, for `npm start` on a machine without Redis: a small RESP2
// server on 127.0.0.1 (random free port) that implements, in memory, exactly the commands Pantau
// sends through ioredis. Nothing is persisted: everything in it is lost when the process exits
// (Postgres stays the source of truth; the live state is rebuilt from it at start).
import net from 'node:net';
import type { Logger } from '../logger.ts';
import type { ClientState } from './command-types.ts';
import { encodeReply, ProtocolError, RespParser } from './resp-codec.ts';
import { ReplyError, type Reply } from './reply.ts';
import { StandInEngine } from './stand-in-engine.ts';
// JS twins of Pantau's Lua scripts register themselves on import.
import './live-state-scripts.ts';

export { registerScriptImplementation, type ScriptImplementation, type ScriptStore, type ScriptValue } from './script-registry.ts';

export interface RedisStandIn {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface RedisStandInOptions {
  /** 0 (default) picks a free port. */
  port?: number;
}

export async function startRedisStandIn(options: RedisStandInOptions = {}): Promise<RedisStandIn> {
  let port: number | null = null;
  const engine = new StandInEngine({ port: () => port });
  const sockets = new Set<net.Socket>();
  let nextId = 1;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    new Connection(nextId++, socket, engine);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as net.AddressInfo).port;
  let stopped = false;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      engine.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}

/** One client connection: parses commands, runs them in order, holds back the rest while blocked. */
class Connection implements ClientState {
  name: string | null = null;
  db = 0;
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  private readonly parser = new RespParser();
  private readonly queue: string[][] = [];
  private out: string[] = [];
  private flushScheduled = false;
  private blocked = false;
  private pumping = false;
  private closing = false;
  private closed = false;

  constructor(
    readonly id: number,
    private readonly socket: net.Socket,
    private readonly engine: StandInEngine,
  ) {
    socket.setNoDelay(true);
    engine.addClient(this);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => {
      this.closed = true;
      engine.removeClient(this);
    });
    socket.on('error', () => {});
  }

  push(reply: Reply): void {
    if (this.closed) return;
    encodeReply(reply, this.out);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  closeAfterReplies(): void {
    this.closing = true;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.closed) return;
    if (this.out.length) {
      const data = Buffer.from(this.out.join(''), 'latin1');
      this.out = [];
      this.socket.write(data);
    }
    if (this.closing) this.socket.end();
  }

  private onData(chunk: Buffer): void {
    if (this.closing) return;
    try {
      for (const command of this.parser.feed(chunk)) this.queue.push(command);
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      this.push(new ReplyError(`ERR Protocol error: ${error.message}`));
      this.closeAfterReplies();
      return;
    }
    this.pump();
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.blocked && !this.closing && !this.closed && this.queue.length) {
        const args = this.queue.shift()!;
        this.blocked = this.engine.handle(this, args, () => {
          if (!this.blocked) return;
          this.blocked = false;
          // Answered from another client's command: go on with our queue after it.
          setImmediate(() => this.pump());
        });
      }
    } finally {
      this.pumping = false;
    }
  }
}

/** Says, loudly and in both languages, that Redis is the in-process stand-in. */
export function warnAboutStandIn(log: Logger, url: string): void {
  log.warn(
    { url },
    'Redis: memakai pengganti di dalam proses (bukan Redis sungguhan); cukup untuk demo, bukan untuk produksi; data live hanya di memori. ' +
      '(Redis: using the in-process stand-in, not a real Redis; fine for a demo, not for production; live data lives only in memory.)',
  );
  process.stderr.write(
    [
      '',
      '  !!! PERHATIAN / WARNING !!!',
      '  Pantau memakai pengganti Redis di dalam proses (tanpa REDIS_URL dan redis-server, atau PANTAU_REDIS=stand-in).',
      '  Cukup untuk demo, BUKAN untuk produksi. Data live hanya di memori dan hilang saat berhenti',
      '  (Postgres tetap menyimpan semuanya; tampilan live dibangun ulang darinya).',
      '  Pantau is using an in-process Redis stand-in (no REDIS_URL and no redis-server, or PANTAU_REDIS=stand-in).',
      '  Fine for a demo, NOT for production. Live data lives only in memory and is lost at exit',
      '  (Postgres keeps everything; the live view is rebuilt from it).',
      '  Pasang redis-server atau isi REDIS_URL / Install redis-server or set REDIS_URL.',
      '',
      '',
    ].join('\n'),
  );
}
