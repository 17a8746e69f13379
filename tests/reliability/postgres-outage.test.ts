// Bar: "Postgres down 60 s: ingest keeps accepting; backlog drains after".
// A private PostgreSQL cluster (so stopping it touches nothing else) is stopped for 60 s
// (DRILL_PG_OUTAGE_SECONDS) while a load process posts 200 events/s. Every request must still
// be answered 202 (events wait in the Redis streams), the process must stay healthy, and once
// PostgreSQL is back the backlog drains and every acknowledged event is in Postgres exactly once.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../server/config.ts';
import type { Redis } from 'ioredis';
import type postgres from 'postgres';
import { newAccess } from '../../bench/access.ts';
import { Deployment, ServerProcess } from '../../bench/system-under-test.ts';
import { totalBacklog } from '../../bench/scenarios/scenario-kit.ts';
import { formatSummary, LatencyRecorder } from '../../bench/stats/latency.ts';
import { PrivatePostgres } from './support/private-postgres.ts';
import { PrivateRedis } from './support/private-redis.ts';
import { checkExactlyOnce, liveStateMismatches, sleep, startDrillLoad, until, waitForIdle, type DrillLoad } from './support/drill-kit.ts';

const OUTAGE_SECONDS = Number(process.env.DRILL_PG_OUTAGE_SECONDS ?? 60);

let pg: PrivatePostgres;
let redisServer: PrivateRedis;
let deployment: Deployment;
let server: ServerProcess;
let load: DrillLoad | null = null;
let redis: Redis;
let sql: postgres.Sql | null = null;

beforeAll(async () => {
  [pg, redisServer] = await Promise.all([PrivatePostgres.start(), PrivateRedis.start()]);
  deployment = await Deployment.create({ access: newAccess(), pgAdminUrl: pg.adminUrl, redisUrl: redisServer.url, tag: 'drillpg' });
  // The server's log stays behind for a failed run (test-results/ is not committed).
  fs.mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
  server = new ServerProcess(deployment, {
    env: { PANTAU_INGEST_REQUESTS_PER_MINUTE: '1000000' },
    logFile: path.join(repoRoot, 'test-results', 'drill-postgres-outage-server.log'),
  });
  await server.start();
  redis = deployment.redis();
});

afterAll(async () => {
  await load?.close();
  await server?.kill();
  redis?.disconnect();
  await sql?.end();
  await pg?.destroy();
  await redisServer?.stop();
});

const outcomesDiff = (a: Record<string, number>, b: Record<string, number>) =>
  Object.fromEntries(Object.keys(b).map((k) => [k, b[k] - (a[k] ?? 0)]).filter(([, n]) => (n as number) > 0));

describe(`PostgreSQL down ${OUTAGE_SECONDS} s`, () => {
  it('keeps accepting, then drains the backlog and loses nothing', async () => {
    load = await startDrillLoad(server.url, deployment.access, { rate: 200 });
    await sleep(5000);

    const before = (await load.status())!;
    await pg.stopServer('fast');
    const downAt = Date.now();
    let healthFailures = 0;
    let readyWhileDown: number | null = null;
    let peakBacklog = 0;
    while (Date.now() - downAt < OUTAGE_SECONDS * 1000) {
      await sleep(1000);
      const health = await fetch(`${server.url}/healthz`).then((r) => r.status, () => 0);
      if (health !== 200) healthFailures += 1;
      readyWhileDown ??= await fetch(`${server.url}/readyz`).then((r) => r.status, () => 0);
      peakBacklog = Math.max(peakBacklog, await totalBacklog(redis, deployment.prefix));
    }
    const during = (await load.status())!;
    await pg.startServer();
    const upAt = Date.now();
    // Drained: back to what steady load keeps in flight (a batch or two).
    await until('backlog drained', async () => (await totalBacklog(redis, deployment.prefix)) <= 2, 120_000, 100);
    const drainMs = Date.now() - upAt;
    await sleep(3000);
    const result = await load.stop(60_000);
    await waitForIdle(redis, deployment.prefix, 60_000);

    sql = deployment.sql();
    const acked = load.acked();
    const report = await checkExactlyOnce(sql, redis, deployment.prefix, deployment.access.source, acked);
    const live = await liveStateMismatches(sql, redis, deployment.prefix);
    const ready = await fetch(`${server.url}/readyz`).then((r) => r.status);
    const outage = outcomesDiff(before.outcomes, during.outcomes);
    const acceptedDuring = during.acceptedEvents - before.acceptedEvents;
    const latency = formatSummary(LatencyRecorder.merge([result.latency]).summary());
    console.log(
      `[postgres outage] ${OUTAGE_SECONDS} s down: requests answered ${JSON.stringify(outage)} (${acceptedDuring} events accepted), /healthz failures ${healthFailures}, /readyz while down ${readyWhileDown}, backlog peak ${peakBacklog} entries; drained ${drainMs} ms after PostgreSQL came back; ${acked.length} acknowledged in all, missing ${
        Object.values(report.missing).flat().length
      }, duplicated ${report.duplicated.length}, dead letters ${report.deadLetters}, live-state mismatches ${live.length}; /readyz after ${ready}; request latency over the run (from intended send, re-sends included) ${latency}; server ${
        server.running ? 'still running' : `exited (${JSON.stringify(server.exit)})`
      }`,
    );
    // Soft: one run reports every broken promise, not just the first.

    expect.soft(server.running, 'the server process survived').toBe(true);
    expect.soft(report.missing, 'acknowledged events missing from Postgres').toEqual({ complaints: [], uploads: [], heartbeats: [] });
    expect.soft(report.duplicated).toEqual([]);
    expect.soft(report.deadLetters).toBe(0);
    expect.soft(live, 'live state vs Postgres').toEqual([]);
    expect.soft(result.unfinished).toBe(0);
    expect.soft(healthFailures).toBe(0);
    expect.soft(peakBacklog).toBeGreaterThan(0);
    expect.soft(ready).toBe(200);
    // Still ready for traffic (degraded): a load balancer must not pull the node that keeps ingest going.
    expect.soft(readyWhileDown).toBe(200);
    // "Ingest keeps accepting": every request during the outage answered 202 (within the load's 10 s timeout).
    expect.soft(outage, 'answers to ingest requests while PostgreSQL was down').toEqual({ '202': expect.any(Number) });
    expect.soft(acceptedDuring).toBeGreaterThan(OUTAGE_SECONDS * 200 * 0.9);
  });
});
