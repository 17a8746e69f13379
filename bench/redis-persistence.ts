// Which Redis the ingest scenario runs on, and how that Redis keeps what it acknowledged: a 202
// from ingest means "in the Redis stream", so the persistence setting is part of what is measured.
//   machine   the configured Redis (BENCH_REDIS_URL), as it is set up (its settings are read and reported)
//   none      a private redis-server without persistence (lost with Redis)
//   everysec  a private redis-server, append-only file fsynced every second (a host crash loses up to ~1 s)
//   always    a private redis-server, append-only file fsynced before every reply (what `npm start` runs)
// Private servers keep their file under bench-results/ (a real disk, not a tmpfs, or fsync costs nothing).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { RedisPersistence } from './options.ts';
import { freePort } from './system-under-test.ts';

export interface BenchRedis {
  url: string;
  /** For the table, e.g. "private redis-server, appendonly yes, appendfsync always". */
  description: string;
  stop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500 });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** The machine's Redis as it is configured (persistence read with CONFIG GET where allowed). */
export async function describeRedis(url: string): Promise<string> {
  const r = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 3000 });
  try {
    const get = async (name: string) => ((await r.config('GET', name)) as string[])[1] ?? '?';
    const [aof, fsync, save] = [await get('appendonly'), await get('appendfsync'), await get('save')];
    return aof === 'yes' ? `appendonly yes, appendfsync ${fsync}` : `no append-only file${save ? `, RDB save "${save}"` : ', no RDB snapshots'}`;
  } catch (error) {
    return `persistence unknown (${(error as Error).message})`;
  } finally {
    r.disconnect();
  }
}

export async function startBenchRedis(persistence: RedisPersistence, machineUrl: string, dataRoot: string): Promise<BenchRedis> {
  if (persistence === 'machine') {
    return { url: machineUrl, description: `machine Redis ${machineUrl} (${await describeRedis(machineUrl)})`, stop: async () => {} };
  }
  const dir = fs.mkdtempSync(path.join(dataRoot, `redis-${persistence}-`));
  const port = await freePort();
  const args =
    persistence === 'none'
      ? ['--appendonly', 'no', '--save', '']
      : ['--appendonly', 'yes', '--appendfsync', persistence, '--save', ''];
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--logfile', path.join(dir, 'redis.log'), ...args], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  while (!(await answers(url))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`private redis-server did not start (see ${dir}/redis.log)`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    description: `private redis-server, ${persistence === 'none' ? 'no persistence' : `appendonly yes, appendfsync ${persistence}`}`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface XaddCost {
  /** One client, one XADD at a time (what one ingest request waits for). */
  sequentialP50Ms: number;
  sequentialP99Ms: number;
  /** 16 clients at once: Redis writes (and fsyncs) what arrived together once. */
  concurrentPerSecond: number;
}

/**
 * What this Redis's persistence costs an XADD of an ingest-sized entry (20 KB, about a batch of
 * 50 events), measured on a scratch stream that is deleted afterwards.
 */
export async function measureXadd(url: string, prefix: string): Promise<XaddCost> {
  const key = `${prefix}bench:xadd-cost`;
  const payload = 'x'.repeat(20_000);
  const clients = Array.from({ length: 16 }, () => new Redis(url, { maxRetriesPerRequest: 1 }));
  try {
    const times: number[] = [];
    for (let i = 0; i < 300; i++) {
      const t = performance.now();
      await clients[0].xadd(key, '*', 'events', payload);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const started = performance.now();
    await Promise.all(clients.map(async (c) => {
      for (let i = 0; i < 60; i++) await c.xadd(key, '*', 'events', payload);
    }));
    const seconds = (performance.now() - started) / 1000;
    return {
      sequentialP50Ms: times[Math.floor(times.length * 0.5)],
      sequentialP99Ms: times[Math.floor(times.length * 0.99)],
      concurrentPerSecond: (clients.length * 60) / seconds,
    };
  } finally {
    await clients[0].del(key).catch(() => {});
    for (const c of clients) c.disconnect();
  }
}
