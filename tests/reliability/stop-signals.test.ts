// One Ctrl-C stops `npm start`, one SIGTERM stops `npm run serve`: within 10 s, every process
// gone (the private redis-server and the simulator too), and every event that got a 202 ends up
// in PostgreSQL. The signal is sent the way a terminal sends Ctrl-C (to the whole foreground
// process group) and the way `kill <pid>` / `docker stop` send SIGTERM (to npm's pid alone).
// While it stops, a sender keeps posting, so requests are in flight when the signal comes.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { Redis } from 'ioredis';
import { EVENT_KINDS } from '../../shared/events.ts';
import { backlog } from '../../server/streams/event-stream.ts';
import { streamKeys } from '../../server/streams/stream-keys.ts';
import { repoRoot } from '../../server/config.ts';
import { freePort } from '../../bench/system-under-test.ts';
import { complaint, createTestDatabase, deleteRedisPrefix, TEST_REDIS_URL, testPrefix, type TestDatabase } from '../support/test-env.ts';

const KEY = 'stop-signals-key-0123456789';
const STOP_WITHIN_MS = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cleanups: (() => Promise<void> | void)[] = [];

afterAll(async () => {
  for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => {});
});

interface Run {
  child: ChildProcess;
  url: string;
  log: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** Starts an npm script as the leader of its own process group, as a shell does for a foreground job. */
function startNpm(script: string[], env: Record<string, string>, port: number, log: string): Run {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PANTAU_') && k !== 'DATABASE_URL' && k !== 'REDIS_URL'));
  const out = fs.openSync(log, 'a');
  const child = spawn('npm', script, {
    cwd: repoRoot,
    env: { ...inherited, PORT: String(port), HOST: '127.0.0.1', PANTAU_DEMO_API_KEY: KEY, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', out, out],
    detached: true,
  });
  fs.closeSync(out);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  // Whatever is left of the group (npm may be gone and its child not): the drill must not leak.
  cleanups.push(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // gone
    }
  });
  return { child, url: `http://127.0.0.1:${port}`, log, exited };
}

async function waitReady(run: Run, timeoutMs = 150_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (run.child.exitCode !== null) throw new Error(`exited during start (${run.child.exitCode})\n${tail(run.log)}`);
    try {
      if ((await fetch(`${run.url}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`not ready within ${timeoutMs} ms\n${tail(run.log)}`);
}

function tail(file: string, lines = 40): string {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '';
}

/** Posts small complaint batches, four requests at a time, until stopped; remembers what got a 202. */
function startSender(url: string) {
  const acked: string[] = [];
  let running = true;
  let refused = 0;
  const worker = async () => {
    while (running) {
      const events = Array.from({ length: 5 }, () => complaint());
      try {
        const res = await fetch(`${url}/api/v1/complaints`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
          body: JSON.stringify({ events }),
          signal: AbortSignal.timeout(5_000),
        });
        await res.text();
        if (res.status === 202) acked.push(...events.map((e) => e.externalId));
        else refused += 1;
      } catch {
        refused += 1;
        await sleep(50);
      }
    }
  };
  const workers = Array.from({ length: 4 }, worker);
  return {
    acked,
    get refused() {
      return refused;
    },
    async stop() {
      running = false;
      await Promise.all(workers);
    },
  };
}

/** Waits until the streams under `prefix` hold nothing unprocessed (the next start has drained them). */
async function waitDrained(redisUrl: string, prefix: string, timeoutMs = 90_000): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  const keys = streamKeys(prefix);
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = (await Promise.all(EVENT_KINDS.map((k) => backlog(redis, keys, k)))).reduce((a, b) => a + b, 0);
      if (left === 0) return;
      if (Date.now() > deadline) throw new Error(`${left} stream entries still unprocessed after ${timeoutMs} ms`);
      await sleep(250);
    }
  } finally {
    redis.disconnect();
  }
}

/** Processes (pid and command line) whose command line contains `needle`. */
function processesWith(needle: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((l) => l.includes(needle) && !l.includes('ps -eo'))
    .map((l) => l.trim());
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Sends the signal; resolves with how long it took until npm had exited and nothing of the run
 * was left: no process in npm's group, none with `needles` in its command line.
 */
async function stopWith(run: Run, signal: NodeJS.Signals, target: 'group' | 'npm', needles: string[] = []): Promise<{ ms: number; code: number | null; signal: NodeJS.Signals | null }> {
  const sentAt = Date.now();
  process.kill(target === 'group' ? -run.child.pid! : run.child.pid!, signal);
  const exit = await Promise.race([run.exited, sleep(30_000).then(() => null)]);
  if (!exit) throw new Error(`npm still running 30 s after ${signal}\n${tail(run.log)}`);
  while (groupAlive(run.child.pid!) || needles.some((n) => processesWith(n).length > 0)) {
    if (Date.now() - sentAt > 30_000) throw new Error(`still running 30 s after ${signal}: ${needles.flatMap(processesWith).join('; ')}\n${tail(run.log)}`);
    await sleep(50);
  }
  return { ms: Date.now() - sentAt, code: exit.code, signal: exit.signal };
}

describe('stopping on a signal', () => {
  it('one Ctrl-C stops `npm start` (embedded database, private Redis, simulator) in order, losing no acknowledged event', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-stop-start-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    // The wall is not looked at here: an empty client build saves building it.
    const clientDir = path.join(dataDir, 'client');
    fs.mkdirSync(clientDir);
    fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Pantau</title>');
    const port = await freePort();
    const env = { PANTAU_DATA_DIR: dataDir, PANTAU_CLIENT_DIR: clientDir, PANTAU_BACKFILL_DAYS: '0' };
    const run = startNpm(['start'], env, port, path.join(dataDir, 'start.log'));
    await waitReady(run);
    const redisPort = fs.readFileSync(path.join(dataDir, 'redis', 'port'), 'utf8').trim();
    // What must be gone afterwards: the private Redis, the simulator, the server.
    const ours = [`redis-server 127.0.0.1:${redisPort}`, `--url ${run.url}`];
    expect(ours.map((n) => processesWith(n).length)).toEqual([1, 1]);

    const sender = startSender(run.url);
    await sleep(1500);
    const stop = await stopWith(run, 'SIGINT', 'group', ours);
    await sender.stop();
    console.log(`[stop] npm start: everything gone ${stop.ms} ms after Ctrl-C; ${sender.acked.length} events acknowledged`);
    expect(stop.ms).toBeLessThan(STOP_WITHIN_MS);
    expect(sender.acked.length).toBeGreaterThan(0);
    expect(tail(run.log, 400)).not.toContain('max retries per request');

    const { PGlite } = await import('@electric-sql/pglite');
    const stored = async () => {
      const db = new PGlite(path.join(dataDir, 'pgdata'));
      try {
        const res = await db.query<{ external_id: string }>(`select external_id from complaints where source = 'demo'`);
        return new Set(res.rows.map((r) => r.external_id));
      } finally {
        await db.close();
      }
    };
    let inPostgres = await stored();
    const missingAtExit = sender.acked.filter((id) => !inPostgres.has(id)).length;
    console.log(`[stop] npm start: ${sender.acked.length - missingAtExit} of ${sender.acked.length} acknowledged events in PostgreSQL at exit`);
    if (missingAtExit > 0) {
      // The rest waits in the private Redis's stream (its append-only file): the next start drains it.
      const again = startNpm(['start'], { ...env, PANTAU_SIMULATE: '0' }, port, path.join(dataDir, 'start-2.log'));
      await waitReady(again);
      const againPort = fs.readFileSync(path.join(dataDir, 'redis', 'port'), 'utf8').trim();
      const againRedis = `redis-server 127.0.0.1:${againPort}`;
      await waitDrained(`redis://127.0.0.1:${againPort}`, 'pantau:');
      const second = await stopWith(again, 'SIGINT', 'group', [againRedis]);
      expect(second.ms).toBeLessThan(STOP_WITHIN_MS);
      inPostgres = await stored();
    }
    expect(sender.acked.filter((id) => !inPostgres.has(id))).toEqual([]);
  });

  it('one SIGTERM to `npm run serve` stops it in order, losing no acknowledged event', async () => {
    const db: TestDatabase = await createTestDatabase();
    const prefix = testPrefix();
    cleanups.push(() => db.drop());
    cleanups.push(() => deleteRedisPrefix(prefix));
    const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-stop-serve-'));
    cleanups.push(() => fs.rmSync(logDir, { recursive: true, force: true }));
    const port = await freePort();
    const env = { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, PANTAU_REDIS_PREFIX: prefix };
    const run = startNpm(['run', 'serve'], env, port, path.join(logDir, 'serve.log'));
    await waitReady(run);

    const sender = startSender(run.url);
    await sleep(1500);
    const stop = await stopWith(run, 'SIGTERM', 'npm');
    await sender.stop();
    console.log(`[stop] npm run serve: everything gone ${stop.ms} ms after SIGTERM; ${sender.acked.length} events acknowledged`);
    expect(stop.ms).toBeLessThan(STOP_WITHIN_MS);
    expect(sender.acked.length).toBeGreaterThan(0);

    const sql = postgres(db.url, { max: 1, onnotice: () => {} });
    cleanups.push(() => sql.end());
    const stored = async () => new Set((await sql<{ external_id: string }[]>`select external_id from complaints where source = 'demo'`).map((r) => r.external_id));
    let inPostgres = await stored();
    const missingAtExit = sender.acked.filter((id) => !inPostgres.has(id)).length;
    console.log(`[stop] npm run serve: ${sender.acked.length - missingAtExit} of ${sender.acked.length} acknowledged events in PostgreSQL at exit`);
    if (missingAtExit > 0) {
      const again = startNpm(['run', 'serve'], env, port, path.join(logDir, 'serve-2.log'));
      await waitReady(again);
      await waitDrained(TEST_REDIS_URL, prefix);
      const second = await stopWith(again, 'SIGTERM', 'npm');
      expect(second.ms).toBeLessThan(STOP_WITHIN_MS);
      inPostgres = await stored();
    }
    expect(sender.acked.filter((id) => !inPostgres.has(id))).toEqual([]);
  });

  it('closing the terminal (SIGHUP to its process group) stops `npm run serve` in order, as Ctrl-C does', async () => {
    const db: TestDatabase = await createTestDatabase();
    const prefix = testPrefix();
    cleanups.push(() => db.drop());
    cleanups.push(() => deleteRedisPrefix(prefix));
    const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-stop-hup-'));
    cleanups.push(() => fs.rmSync(logDir, { recursive: true, force: true }));
    const port = await freePort();
    const run = startNpm(['run', 'serve'], { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, PANTAU_REDIS_PREFIX: prefix }, port, path.join(logDir, 'serve.log'));
    await waitReady(run);
    const stop = await stopWith(run, 'SIGHUP', 'group');
    console.log(`[stop] npm run serve: everything gone ${stop.ms} ms after SIGHUP`);
    expect(stop.ms).toBeLessThan(STOP_WITHIN_MS);
    // Stopped by its own orderly stop, not killed by the signal's default action.
    expect(fs.readFileSync(run.log, 'utf8')).toMatch(/"signal":"SIGHUP".*stopping: no new requests/);
  });
});
