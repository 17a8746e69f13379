// Pantau's own downtime is not a service's outage. A push monitor's sender that was quiet while
// Pantau was stopped (or while Redis lost the live state) must not be judged DOWN for that
// silence: after the prober starts (or the live state is rebuilt) each push monitor gets a
// fresh interval + grace before silence counts. Real prober, processors, PostgreSQL and Redis;
// the prober runs in the test so it can be started, stopped and sharded at will.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { and, asc, eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { createLogger } from '../../server/infra/logger.ts';
import { createMetrics } from '../../server/infra/metrics.ts';
import { liveKeys } from '../../server/live-state/live-keys.ts';
import { SILENCE_SOURCE } from '../../server/prober/monitor-config.ts';
import { Prober, proberShardOf } from '../../server/prober/prober.ts';
import { streamKeys } from '../../server/streams/stream-keys.ts';
import { startTestServer, TEST_REDIS_URL, waitFor, type TestServer } from '../support/test-env.ts';

const INTERVAL_S = 2;
const GRACE_S = 1;
/** A fresh grace: interval + grace. */
const FRESH_MS = (INTERVAL_S + GRACE_S) * 1000;

let server: TestServer;
let redis: Redis;
const probers: Prober[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  // No prober of its own: the tests start theirs.
  server = await startTestServer({ roles: { web: true, processors: true, prober: false } });
  redis = new Redis(TEST_REDIS_URL);
});

afterAll(async () => {
  for (const p of probers) await p.stop();
  redis?.disconnect();
  await server?.stop();
});

async function startProber(shard = 0, shards = 1): Promise<Prober> {
  const prober = new Prober(
    server.handle.database.db,
    redis,
    streamKeys(server.prefix),
    createMetrics(),
    createLogger('silent'),
    { maxConcurrent: 4, flushMs: 100, reloadMs: 60_000, silenceCheckMs: 200, shard, shards },
    liveKeys(server.prefix).ready,
  );
  await prober.start();
  probers.push(prober);
  return prober;
}

let counter = 0;
/** A push monitor that was UP and last heard from `lastHeardMsAgo` ago (before Pantau stopped). */
async function pushMonitor(lastHeardMsAgo: number, shard?: { shard: number; shards: number }) {
  for (;;) {
    counter += 1;
    const code = `silent-${counter}`;
    const heard = new Date(Date.now() - lastHeardMsAgo);
    const [row] = await server.handle.database.db
      .insert(t.monitors)
      .values({
        code,
        name: `Agen ${counter}`,
        opdCode: 'BKAD',
        kind: 'push',
        pushToken: `push-token-silent-${counter}-0123456789`,
        intervalSeconds: INTERVAL_S,
        config: { graceSeconds: GRACE_S },
        state: 'up',
        health: 'up',
        stateSince: heard,
        consecutiveSuccesses: 2,
        lastCheckAt: heard,
        lastHeartbeatAt: heard,
      })
      .returning();
    if (!shard || proberShardOf(row.id, shard.shards) === shard.shard) {
      await server.handle.reference.refresh();
      return { ...row, beat: () => fetch(`${server.url}/api/push/${row.pushToken}?status=up&msg=OK`).then((r) => r.status) };
    }
    // Wrong shard for this test: try another id.
    await server.handle.database.db.update(t.monitors).set({ active: false }).where(eq(t.monitors.id, row.id));
  }
}

async function silenceFailures(monitorId: string) {
  return server.handle.database.db
    .select({ at: t.checkResults.at })
    .from(t.checkResults)
    .where(and(eq(t.checkResults.monitorId, monitorId), eq(t.checkResults.source, SILENCE_SOURCE)))
    .orderBy(asc(t.checkResults.at));
}

async function stateOf(monitorId: string) {
  const [m] = await server.handle.database.db.select({ state: t.monitors.state }).from(t.monitors).where(eq(t.monitors.id, monitorId));
  const incidents = await server.handle.database.db.select().from(t.incidents).where(eq(t.incidents.monitorId, monitorId));
  return { state: m.state, incidents: incidents.length };
}

describe('push monitors after Pantau was not listening', () => {
  it('gives a monitor silent since before the start a full interval + grace from the start before silence counts', async () => {
    const monitor = await pushMonitor(10 * 60_000);
    const startedAt = Date.now();
    const prober = await startProber();
    // Inside the fresh grace: nothing recorded, still UP, no incident (was: ten failures at once, MATI).
    await sleep(FRESH_MS - 800);
    expect(await silenceFailures(monitor.id)).toEqual([]);
    expect(await stateOf(monitor.id)).toEqual({ state: 'up', incidents: 0 });
    // Silence after the start is the service's own: it goes DOWN after its failures, counted from the start.
    await waitFor(async () => (await stateOf(monitor.id)).state === 'down', 15_000);
    const failures = await silenceFailures(monitor.id);
    expect(failures[0].at.getTime()).toBeGreaterThanOrEqual(startedAt + FRESH_MS);
    expect(await stateOf(monitor.id)).toEqual({ state: 'down', incidents: 1 });
    await prober.stop();
  });

  it('opens nothing when a push arrives inside the fresh grace', async () => {
    const monitor = await pushMonitor(10 * 60_000);
    const prober = await startProber();
    await sleep(1000);
    expect(await monitor.beat()).toBe(200);
    await waitFor(async () => {
      const [m] = await server.handle.database.db.select().from(t.monitors).where(eq(t.monitors.id, monitor.id));
      return m.lastHeartbeatAt!.getTime() > Date.now() - 5000;
    }, 5000);
    await sleep(FRESH_MS - 500);
    expect(await silenceFailures(monitor.id)).toEqual([]);
    expect(await stateOf(monitor.id)).toEqual({ state: 'up', incidents: 0 });
    await prober.stop();
  });

  it('restarting one prober shard gives a fresh grace to its own monitors only', async () => {
    const mine = await pushMonitor(0, { shard: 0, shards: 2 });
    const other = await pushMonitor(0, { shard: 1, shards: 2 });
    let shard0 = await startProber(0, 2);
    await startProber(1, 2);
    // Both services beat, then fall silent at the same moment (a real outage of both).
    for (let i = 0; i < 3; i++) {
      expect([await mine.beat(), await other.beat()]).toEqual([200, 200]);
      await sleep(300);
    }
    await sleep(300);
    const lastBeat = async (id: string) => (await server.handle.database.db.select().from(t.monitors).where(eq(t.monitors.id, id)))[0].lastHeartbeatAt!.getTime();
    const otherLast = await lastBeat(other.id);
    // Shard 0 restarts a second into the silence: its monitor's silence counts from its new start.
    await sleep(1000);
    await shard0.stop();
    const restartedAt = Date.now();
    shard0 = await startProber(0, 2);
    await waitFor(async () => (await silenceFailures(mine.id)).length > 0 && (await silenceFailures(other.id)).length > 0, 15_000);
    expect((await silenceFailures(mine.id))[0].at.getTime()).toBeGreaterThanOrEqual(restartedAt + FRESH_MS);
    // The shard that kept running judges its monitor from its last beat, as before.
    expect((await silenceFailures(other.id))[0].at.getTime()).toBe(otherLast + FRESH_MS);
    for (const p of probers) await p.stop();
  });

  it('gives a fresh grace after the live state is rebuilt (Redis lost its data), and judges nothing before', async () => {
    const monitor = await pushMonitor(0);
    const prober = await startProber();
    expect(await monitor.beat()).toBe(200);
    await sleep(1000);
    // Redis lost the live state: until it is rebuilt nothing is judged; the rebuild starts a fresh grace.
    const ready = liveKeys(server.prefix).ready;
    await redis.del(ready);
    const rebuiltAt = await waitFor(async () => {
      const at = await redis.get(ready);
      return at ? Date.parse(at) : null;
    }, 10_000);
    await waitFor(async () => (await silenceFailures(monitor.id)).length > 0, 15_000);
    expect((await silenceFailures(monitor.id))[0].at.getTime()).toBeGreaterThanOrEqual(rebuiltAt + FRESH_MS);
    await prober.stop();
  });
});
