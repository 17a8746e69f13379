// Bar: "kill -9 of any process mid-load: 0 acknowledged events lost, 0 duplicates".
// Web and processors run as separate processes (as in production) while a load process posts
// continuously and re-sends whatever failed. The processor is killed, then the web process, then
// both at once, each restarted; afterwards every event that got a 202 is in Postgres exactly
// once, and the live state in Redis agrees with Postgres (nothing counted twice).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type postgres from 'postgres';
import { newAccess } from '../../bench/access.ts';
import { Deployment, ServerProcess } from '../../bench/system-under-test.ts';
import { PrivateRedis } from './support/private-redis.ts';
import { checkExactlyOnce, liveStateMismatches, sleep, startDrillLoad, waitForIdle, type DrillLoad } from './support/drill-kit.ts';

const ENV = { PANTAU_RECLAIM_IDLE_MS: '1000', PANTAU_INGEST_REQUESTS_PER_MINUTE: '1000000' };

let redisServer: PrivateRedis;
let deployment: Deployment;
let web: ServerProcess;
let processors: ServerProcess;
let load: DrillLoad | null = null;
let redis: Redis;
let sql: postgres.Sql;
const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-drill-kill-'));
const processorLog = path.join(logDir, 'processors.log');

beforeAll(async () => {
  redisServer = await PrivateRedis.start();
  deployment = await Deployment.create({ access: newAccess(), redisUrl: redisServer.url, tag: 'drillkill' });
  web = new ServerProcess(deployment, { roles: 'web', env: ENV });
  processors = new ServerProcess(deployment, { roles: 'processors', env: ENV, logFile: processorLog });
  await web.start();
  await processors.start();
  redis = deployment.redis();
  sql = deployment.sql();
});

afterAll(async () => {
  await load?.close();
  await web?.kill();
  await processors?.kill();
  redis?.disconnect();
  await sql?.end();
  await deployment?.cleanup().catch(() => {});
  await redisServer?.stop();
  fs.rmSync(logDir, { recursive: true, force: true });
});

describe('kill -9 mid-load', () => {
  it('loses no acknowledged event and stores none twice', async () => {
    load = await startDrillLoad(web.url, deployment.access, { rate: 300 });
    await sleep(4000);

    const kills: string[] = [];
    // The processor three times, at uneven moments, so some kills land inside a batch.
    for (const wait of [0, 1700, 2300]) {
      await sleep(wait);
      await processors.kill('SIGKILL');
      kills.push(`processors (${processors.exit?.signal})`);
      await sleep(700);
      await processors.start();
    }

    await sleep(4000);
    await web.kill('SIGKILL');
    kills.push(`web (${web.exit?.signal})`);
    await sleep(1000);
    await web.start();

    await sleep(4000);
    await Promise.all([web.kill('SIGKILL'), processors.kill('SIGKILL')]);
    kills.push('web + processors together');
    await sleep(1000);
    await Promise.all([web.start(), processors.start()]);
    await sleep(4000);

    const result = await load.stop(60_000);
    const drainMs = await waitForIdle(redis, deployment.prefix, 60_000);
    const acked = load.acked();
    const report = await checkExactlyOnce(sql, redis, deployment.prefix, deployment.access.source, acked);
    const live = await liveStateMismatches(sql, redis, deployment.prefix);
    const logLines = fs.readFileSync(processorLog, 'utf8').split('\n');
    const reclaims = logLines.filter((l) => l.includes('reclaimed entries left by a stopped consumer')).length;
    const ownPending = logLines.filter((l) => l.includes('finishing entries this consumer had read before it stopped')).length;
    console.log(
      `[kill -9] killed: ${kills.join(', ')}; ${acked.length} events acknowledged (${JSON.stringify(report.acked)}), ${result.retries} re-sends, outcomes ${JSON.stringify(
        result.outcomes,
      )}; ${ownPending} times a restarted consumer finished its own entries at once, ${reclaims} idle reclaims; drained ${drainMs} ms after the load stopped; missing ${Object.values(report.missing).flat().length}, duplicated ${report.duplicated.length}, dead letters ${report.deadLetters}, live-state mismatches ${live.length}`,
    );

    expect(kills).toHaveLength(5);
    expect(result.unfinished).toBe(0);
    expect(acked.length).toBeGreaterThan(3000);
    expect(report.missing).toEqual({ complaints: [], uploads: [], heartbeats: [] });
    expect(report.duplicated).toEqual([]);
    expect(report.deadLetters).toBe(0);
    expect(live).toEqual([]);
  });
});
