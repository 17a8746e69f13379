// A processor killed between its Postgres commit and its Redis XACK loses nothing and
// duplicates nothing once a processor runs again. A processor killed with a batch in flight
// takes that batch back as soon as it is restarted, without waiting for the idle reclaim.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { repoRoot } from '../../server/config.ts';
import { startPantau, type PantauHandle } from '../../server/main.ts';
import {
  complaint,
  createTestDatabase,
  deleteRedisPrefix,
  DEMO_KEY,
  postEvents,
  TEST_REDIS_URL,
  testConfig,
  testPrefix,
  waitFor,
  type TestDatabase,
} from '../support/test-env.ts';

let db: TestDatabase;
let prefix: string;
let web: PantauHandle;
let sql: postgres.Sql;
let redis: Redis;
const children: ChildProcess[] = [];

function startProcessor(crashAfterDbWrite: boolean, env: Record<string, string> = {}): ChildProcess {
  // node itself (not the tsx wrapper) so that the SIGKILL hits the process doing the work.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      PANTAU_REDIS_PREFIX: prefix,
      PANTAU_ROLES: 'processors',
      PANTAU_RECLAIM_IDLE_MS: '500',
      PANTAU_TEST_CRASH_AFTER_DB_WRITE: crashAfterDbWrite ? '1' : '0',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

beforeAll(async () => {
  db = await createTestDatabase();
  prefix = testPrefix();
  web = await startPantau(testConfig(db.url, prefix, { roles: { web: true, processors: false, prober: false } }));
  sql = postgres(db.url, { max: 2, onnotice: () => {} });
  redis = new Redis(TEST_REDIS_URL);
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  redis?.disconnect();
  await sql?.end();
  await web?.close();
  await deleteRedisPrefix(prefix);
  await db?.drop();
});

describe('processor crash between the Postgres write and the XACK', () => {
  it('loses nothing and duplicates nothing after a restart', async () => {
    const events = Array.from({ length: 25 }, () => complaint());
    const ids = events.map((e) => e.externalId);
    const openBefore = Number((await redis.hget(`${prefix}live:kpi`, 'complaintsOpen')) ?? 0);
    expect((await postEvents(web.url, 'complaints', { events }, DEMO_KEY)).status).toBe(202);

    const crashing = startProcessor(true);
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      crashing.once('exit', (code, signal) => resolve({ code, signal })),
    );
    expect(exit.signal).toBe('SIGKILL');

    // Postgres has the batch, the live state does not, and the entry is still pending.
    const stored = await sql`select count(*)::int as n from complaints where external_id in ${sql(ids)}`;
    expect(stored[0].n).toBe(25);
    expect(Number((await redis.hget(`${prefix}live:kpi`, 'complaintsOpen')) ?? 0)).toBe(openBefore);
    const [pendingCount] = (await redis.xpending(`${prefix}stream:complaints`, 'processors')) as [number];
    expect(Number(pendingCount)).toBe(1);

    startProcessor(false);
    await waitFor(async () => Number((await redis.xpending(`${prefix}stream:complaints`, 'processors'))[0]) === 0, 30_000);
    await waitFor(async () => Number(await redis.hget(`${prefix}live:kpi`, 'complaintsOpen')) === openBefore + 25, 5_000);

    // Exactly once everywhere: rows, history, the ledger, the live counters, the recent list.
    expect((await sql`select count(*)::int as n from complaints where external_id in ${sql(ids)}`)[0].n).toBe(25);
    expect(
      (await sql`select count(*)::int as n from complaint_status_history h join complaints c on c.id = h.complaint_id where c.external_id in ${sql(ids)}`)[0].n,
    ).toBe(25);
    expect((await sql`select count(*)::int as n from ingest_batches`)[0].n).toBe(1);
    const today = await redis.hgetall(`${prefix}live:day:${new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date())}`);
    expect(Number(today.complaints)).toBe(25);
    expect(await redis.zcard(`${prefix}live:recent`)).toBe(25);

    // More work after the restart is processed normally.
    const more = [complaint()];
    expect((await postEvents(web.url, 'complaints', { events: more }, DEMO_KEY)).status).toBe(202);
    await waitFor(async () => Number(await redis.hget(`${prefix}live:kpi`, 'complaintsOpen')) === openBefore + 26, 10_000);
  });
});

describe('processor killed with a batch in flight', () => {
  it('takes its own pending batch back when restarted, without waiting for the idle reclaim', async () => {
    for (const c of children) {
      c.kill('SIGTERM');
      await exited(c);
    }
    // The idle reclaim would take 10 minutes: only the restarted consumer itself can be quick.
    const env = { PANTAU_RECLAIM_IDLE_MS: '600000' };
    const first = startProcessor(false, env);
    const warmUp = complaint();
    expect((await postEvents(web.url, 'complaints', { events: [warmUp] }, DEMO_KEY)).status).toBe(202);
    await waitFor(async () => (await sql`select 1 from complaints where external_id = ${warmUp.externalId}`).length === 1, 60_000, 100);

    // Hold the batch ledger so the processor's transaction waits with the entry read but not done.
    let release!: () => void;
    const locked = new Promise<void>((resolve, reject) => {
      sql
        .begin(async (tx) => {
          await tx`lock table ingest_batches in exclusive mode`;
          resolve();
          await new Promise<void>((r) => (release = r));
        })
        .catch(reject);
    });
    await locked;
    const events = Array.from({ length: 10 }, () => complaint());
    const ids = events.map((e) => e.externalId);
    expect((await postEvents(web.url, 'complaints', { events }, DEMO_KEY)).status).toBe(202);
    await waitFor(async () => Number((await redis.xpending(`${prefix}stream:complaints`, 'processors'))[0]) === 1, 20_000);

    first.kill('SIGKILL');
    await exited(first);
    const killedAt = Date.now();
    release();

    const second = startProcessor(false, env);
    // When the new process has claimed its name: the rest of the gap is its own start-up.
    const claimed = waitFor(async () => Object.values(await redis.hgetall(`${prefix}stream:consumer-names`)).some((v) => v.endsWith(` ${second.pid}`)), 45_000, 20).then(
      () => Date.now() - killedAt,
      () => null,
    );
    await waitFor(async () => (await sql`select count(*)::int as n from complaints where external_id in ${sql(ids)}`)[0].n === 10, 45_000, 50);
    const gapMs = Date.now() - killedAt;
    const claimedMs = await claimed;
    console.log(
      `[processor crash] kill -9 -> batch in PostgreSQL: ${gapMs} ms, of which ${claimedMs ?? '?'} ms until the restarted process had claimed its name (start-up); idle reclaim set to 10 minutes`,
    );
    await waitFor(async () => Number((await redis.xpending(`${prefix}stream:complaints`, 'processors'))[0]) === 0, 10_000);
    expect((await sql`select count(*)::int as n from complaint_status_history h join complaints c on c.id = h.complaint_id where c.external_id in ${sql(ids)}`)[0].n).toBe(10);
  });
});
