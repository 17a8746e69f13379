// Bar: "Redis restarted empty: live state rebuilt from Postgres <= 10 s, clients resync alone".
// A private redis-server (no persistence) is killed and started again, empty, during steady
// ingest with a wall client connected. Measured: how long until the live state is rebuilt, the
// client has a new epoch and snapshot, and ingest answers 202 again. Then, once quiet, the
// client's state equals a fresh snapshot and the live state agrees with Postgres.
//
// Events acknowledged before the crash but still waiting in the stream are lost with an empty
// Redis (the stream was their only copy): that is what "no persistence" means, and the drill
// reports how many. Everything acknowledged after Redis came back must be in Postgres.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type postgres from 'postgres';
import { newAccess, socketAuth } from '../../bench/access.ts';
import { Deployment, ServerProcess } from '../../bench/system-under-test.ts';
import { liveClient, type LiveClient } from '../support/live-client.ts';
import { PrivateRedis } from './support/private-redis.ts';
import { checkExactlyOnce, liveStateMismatches, sleep, startDrillLoad, stateDifferences, until, waitForIdle, type DrillLoad } from './support/drill-kit.ts';

let redisServer: PrivateRedis;
let deployment: Deployment;
let server: ServerProcess;
let load: DrillLoad | null = null;
let redis: Redis;
let sql: postgres.Sql;
const clients: LiveClient[] = [];

beforeAll(async () => {
  redisServer = await PrivateRedis.start();
  deployment = await Deployment.create({ access: newAccess(), redisUrl: redisServer.url, tag: 'drillredis' });
  server = new ServerProcess(deployment, { env: { PANTAU_INGEST_REQUESTS_PER_MINUTE: '1000000' } });
  await server.start();
  redis = deployment.redis();
  redis.on('error', () => {});
  sql = deployment.sql();
});

afterAll(async () => {
  for (const c of clients) c.close();
  await load?.close();
  await server?.kill();
  redis?.disconnect();
  await sql?.end();
  await deployment?.cleanup().catch(() => {});
  await redisServer?.stop();
});

describe('Redis restarted empty', () => {
  it('rebuilds the live state from Postgres, resyncs clients by themselves, and ingest resumes', async () => {
    const client = liveClient(server.url, socketAuth(deployment.access));
    clients.push(client);
    await until('first snapshot', () => client.snapshots === 1, 10_000);
    load = await startDrillLoad(server.url, deployment.access, { rate: 200 });
    await sleep(5000);
    const epochBefore = client.epoch;
    const snapshotsBefore = client.snapshots;

    const snapshotTimes: number[] = [];
    client.socket.on('snapshot', () => snapshotTimes.push(Date.now()));

    const killedAt = Date.now();
    await redisServer.kill();
    // A restart takes a moment; meanwhile ingest must refuse (503, nothing stored), not hang.
    await sleep(2000);
    await redisServer.restart();
    const upAt = Date.now();
    let rebuiltAt = 0;
    await until('live state rebuilt', async () => (await redis.exists(`${deployment.prefix}live:ready`)) === 1, 30_000);
    rebuiltAt = Date.now();
    // Resynced = a snapshot read after the rebuild, under a new epoch (one read from the still
    // empty Redis in between does not count).
    await until('client resync', () => client.epoch !== epochBefore && snapshotTimes.some((t) => t >= rebuiltAt), 30_000);
    const resyncAt = snapshotTimes.find((t) => t >= rebuiltAt)!;
    await until('ingest accepting again', () => load!.acked().some((a) => a.at > upAt), 30_000);
    const ingestAt = load.acked().find((a) => a.at > upAt)!.at;
    const rebuiltMs = rebuiltAt - upAt;
    const resyncMs = resyncAt - upAt;
    console.log(
      `[redis restart] Redis down ${upAt - killedAt} ms; after it came back: live state rebuilt from Postgres in ${rebuiltMs} ms, client resynced (new epoch, snapshot of the rebuilt state) in ${resyncMs} ms, ingest answered 202 again in ${
        ingestAt - upAt
      } ms`,
    );
    expect(rebuiltMs).toBeLessThanOrEqual(10_000);
    expect(resyncMs).toBeLessThanOrEqual(10_000);

    await sleep(4000);
    const result = await load.stop(60_000);
    await waitForIdle(redis, deployment.prefix, 60_000);
    // Past the next push tick and the timeliness refresher (5 s), so both sides have settled.
    await sleep(6000);

    const acked = load.acked();
    const after = acked.filter((a) => a.at > upAt);
    const report = await checkExactlyOnce(sql, redis, deployment.prefix, deployment.access.source, acked);
    const missing = new Set(Object.values(report.missing).flat());
    const lostAfterRestart = after.filter((a) => missing.has(a.externalId));
    const lostBefore = acked.filter((a) => a.at <= killedAt && missing.has(a.externalId));
    console.log(
      `[redis restart] ${acked.length} acknowledged (${after.length} after the restart), outcomes ${JSON.stringify(result.outcomes)}; lost with the empty Redis: ${lostBefore.length} acknowledged before the crash (still in the stream), ${lostAfterRestart.length} after`,
    );
    expect(result.unfinished).toBe(0);
    expect(after.length).toBeGreaterThan(500);
    expect(lostAfterRestart).toEqual([]);
    expect(missing.size).toBe(lostBefore.length);
    expect(report.duplicated).toEqual([]);
    expect(report.deadLetters).toBe(0);
    expect(await liveStateMismatches(sql, redis, deployment.prefix)).toEqual([]);

    // The client that lived through it shows what a newly opened wall shows.
    const fresh = liveClient(server.url, socketAuth(deployment.access));
    clients.push(fresh);
    await until('fresh snapshot', () => fresh.snapshots === 1, 10_000);
    const compare = () => stateDifferences(client.state!, fresh.state!);
    let diff = compare();
    for (let i = 0; diff.length && i < 5; i++) {
      await sleep(1000);
      diff = compare();
    }
    expect(diff).toEqual([]);
    expect(client.gaps + client.snapshots).toBeGreaterThan(1);
  });
});
