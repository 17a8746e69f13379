// Bar: "Redis restarted empty: live state rebuilt from Postgres <= 10 s, clients resync alone".
// A private redis-server (no persistence) is killed and started again, empty, during steady
// ingest with a wall client connected. Measured: how long until the live state is rebuilt, the
// client has a new epoch and snapshot, and ingest answers 202 again. Then, once quiet, the
// client's state equals a fresh snapshot and the live state agrees with Postgres.
//
// Events acknowledged before the crash but still waiting in the stream are lost with an empty
// Redis (the stream was their only copy): that is what "no persistence" means, and the drill
// reports how many. Everything acknowledged after Redis came back must be in Postgres.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type postgres from 'postgres';
import { newAccess, socketAuth } from '../../bench/access.ts';
import { repoRoot } from '../../server/config.ts';
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
const logFile = path.join(repoRoot, 'test-results', 'drill-redis-restart-server.log');

function lastLogTime(file: string, msg: string): number | null {
  const times = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.includes(`"msg":"${msg}"`))
    .map((line) => (JSON.parse(line) as { time: number }).time);
  return times.length ? times[times.length - 1] : null;
}

beforeAll(async () => {
  redisServer = await PrivateRedis.start();
  deployment = await Deployment.create({ access: newAccess(), redisUrl: redisServer.url, tag: 'drillredis' });
  // The server's log stays behind for a failed run (test-results/ is not committed).
  fs.mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
  fs.rmSync(logFile, { force: true });
  server = new ServerProcess(deployment, { env: { PANTAU_INGEST_REQUESTS_PER_MINUTE: '1000000' }, logFile, logLevel: 'info' });
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

    const snapshots: { at: number; epoch: string; complaints: number }[] = [];
    client.socket.on('snapshot', (s) => snapshots.push({ at: Date.now(), epoch: s.epoch, complaints: s.state.complaints.length }));

    const killedAt = Date.now();
    await redisServer.kill();
    // A restart takes a moment; meanwhile ingest must refuse (503, nothing stored), not hang.
    await sleep(2000);
    await redisServer.restart();
    const upAt = Date.now();
    await until('live state rebuilt', async () => (await redis.exists(`${deployment.prefix}live:ready`)) === 1, 30_000);
    // When the server finished the rebuild (its log), not when this test's own connection, itself
    // reconnecting with a back-off, got to see it.
    await until('rebuild logged', () => (lastLogTime(logFile, 'live state rebuilt from Postgres') ?? 0) >= upAt, 5000);
    const rebuiltAt = lastLogTime(logFile, 'live state rebuilt from Postgres')!;
    // Resynced = a snapshot of the rebuilt state under a new epoch. A snapshot read from the
    // still empty Redis would not count: it has none of the complaints received before the crash.
    // (Judged by content, not by when this test saw the rebuild: the push may be quicker.)
    const resynced = () => snapshots.find((x) => x.at >= upAt && x.epoch !== epochBefore && x.complaints > 0);
    await until('client resync', () => resynced() !== undefined, 30_000);
    const resyncAt = resynced()!.at;
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
