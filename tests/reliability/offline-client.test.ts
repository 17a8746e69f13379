// A wall that loses the network for 5 minutes (DRILL_OFFLINE_SECONDS) while the city goes on
// comes back by itself and shows exactly what a wall opened now shows, without a reload.
// Two walls sit behind a TCP proxy that pulls the cable: a socket client following the wall's
// rules (tests/support/live-client.ts) and real Chromium on /wall. Events flow during the whole
// outage (complaint lifecycles, service checks, uploads); the load stops before the cable is
// plugged back in, so what the walls show afterwards is their resync alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Redis } from 'ioredis';
import path from 'node:path';
import { repoRoot } from '../../server/config.ts';
import { buildClientIfNeeded } from '../../server/infra/client-build.ts';
import { newAccess, socketAuth, wallUrl } from '../../bench/access.ts';
import { Deployment, ServerProcess } from '../../bench/system-under-test.ts';
import { liveClient, type LiveClient } from '../support/live-client.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, connectionState, KPI_TESTIDS, kpiValue, servicesUpText, type KpiTestId } from '../e2e/support/wall-page.ts';
import type { Kpi } from '../../shared/protocol.ts';
import { CuttableProxy } from './support/cuttable-proxy.ts';
import { PrivateRedis } from './support/private-redis.ts';
import { sleep, startDrillLoad, stateDifferences, until, waitForIdle, type DrillLoad } from './support/drill-kit.ts';

const OFFLINE_SECONDS = Number(process.env.DRILL_OFFLINE_SECONDS ?? 300);

let redisServer: PrivateRedis;
let deployment: Deployment;
let server: ServerProcess;
let proxy: CuttableProxy;
let browser: Browser;
let load: DrillLoad | null = null;
let redis: Redis;
const clients: LiveClient[] = [];

beforeAll(async () => {
  await buildClientIfNeeded(path.join(repoRoot, 'dist/client'));
  redisServer = await PrivateRedis.start();
  deployment = await Deployment.create({ access: newAccess(), redisUrl: redisServer.url, tag: 'drilloffline' });
  server = new ServerProcess(deployment, { env: { PANTAU_INGEST_REQUESTS_PER_MINUTE: '1000000' } });
  await server.start();
  proxy = await CuttableProxy.start(server.port);
  redis = deployment.redis();
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  for (const c of clients) c.close();
  await browser?.close();
  await load?.close();
  await proxy?.close();
  await server?.kill();
  redis?.disconnect();
  await deployment?.cleanup().catch(() => {});
  await redisServer?.stop();
});

const KPI_FIELD: Record<KpiTestId, keyof Kpi> = {
  'kpi-complaints-today': 'complaintsToday',
  'kpi-complaints-open': 'complaintsOpen',
  'kpi-complaints-overdue': 'complaintsOverdue',
  'kpi-uploads-today': 'uploadsToday',
  'kpi-uploads-ontime': 'uploadsOnTimeToday',
  'kpi-services-up': 'servicesUp',
};

async function wallKpiDifferences(page: Page, kpi: Kpi): Promise<string[]> {
  const out: string[] = [];
  for (const id of KPI_TESTIDS) {
    const shown = await kpiValue(page, id);
    if (shown !== kpi[KPI_FIELD[id]]) out.push(`${id}: wall ${shown}, server ${kpi[KPI_FIELD[id]]}`);
  }
  const services = await servicesUpText(page);
  if (services !== `${kpi.servicesUp}/${kpi.servicesTotal}`) out.push(`services text: wall "${services}", server ${kpi.servicesUp}/${kpi.servicesTotal}`);
  return out;
}

describe(`a wall offline for ${OFFLINE_SECONDS} s`, () => {
  it('reconnects by itself and shows the same state as a fresh snapshot, without a reload', async () => {
    load = await startDrillLoad(server.url, deployment.access, { rate: 40, batchSize: 20, mode: 'city', mix: { complaints: 0.5, heartbeats: 0.45, uploads: 0.05 } });
    const behindProxy = liveClient(proxy.url, socketAuth(deployment.access));
    clients.push(behindProxy);
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    let navigations = 0;
    page.on('framenavigated', (f) => {
      if (f === page.mainFrame()) navigations += 1;
    });
    await page.goto(wallUrl(proxy.url, deployment.access));
    await page.waitForSelector('[data-testid="connection"][data-state="live"]', { timeout: 60_000 });
    await until('socket client snapshot', () => behindProxy.snapshots === 1, 10_000);
    await sleep(5000);
    navigations = 0;
    const snapshotsBefore = behindProxy.snapshots;
    const kpiAtCut = { ...behindProxy.state!.kpi };

    proxy.cut();
    const cutAt = Date.now();
    await until('socket client notices', () => !behindProxy.socket.connected, 30_000);
    await until('wall shows it is reconnecting', async () => (await connectionState(page)) === 'reconnecting', 40_000, 250);
    const noticedMs = Date.now() - cutAt;
    while (Date.now() - cutAt < OFFLINE_SECONDS * 1000) await sleep(1000);

    const result = await load.stop(60_000);
    await waitForIdle(redis, deployment.prefix, 60_000);
    const direct = liveClient(server.url, socketAuth(deployment.access));
    clients.push(direct);
    await until('direct snapshot', () => direct.snapshots === 1, 10_000);
    const kpiNow = direct.state!.kpi;
    const staleWhileOffline = stateDifferences(behindProxy.state!, direct.state!).length;

    proxy.restore();
    const restoredAt = Date.now();
    await until('socket client resyncs', () => behindProxy.socket.connected && behindProxy.snapshots > snapshotsBefore, 60_000);
    const clientBackMs = Date.now() - restoredAt;
    await until('wall live again', async () => (await connectionState(page)) === 'live', 60_000, 250);
    const wallBackMs = Date.now() - restoredAt;
    // Let both sides settle past a push tick and the timeliness refresher (5 s).
    await sleep(6000);

    let clientDiff: string[] = [];
    let wallDiff: string[] = [];
    for (let i = 0; i < 5; i++) {
      const fresh = liveClient(server.url, socketAuth(deployment.access));
      clients.push(fresh);
      await until('fresh snapshot', () => fresh.snapshots === 1, 10_000);
      clientDiff = stateDifferences(behindProxy.state!, fresh.state!);
      wallDiff = await wallKpiDifferences(page, fresh.state!.kpi);
      fresh.close();
      if (!clientDiff.length && !wallDiff.length) break;
      await sleep(1000);
    }
    console.log(
      `[offline ${OFFLINE_SECONDS} s] both walls noticed the cut within ${noticedMs} ms; meanwhile ${result.acceptedEvents} events accepted (complaints today ${kpiAtCut.complaintsToday} -> ${kpiNow.complaintsToday}, open ${kpiAtCut.complaintsOpen} -> ${kpiNow.complaintsOpen}, services up ${kpiAtCut.servicesUp} -> ${kpiNow.servicesUp}; ${staleWhileOffline} parts of the offline client's state stale); after the cable came back: socket client resynced in ${clientBackMs} ms, wall live in ${wallBackMs} ms; differences from a fresh snapshot: socket client ${clientDiff.length}, wall KPIs ${wallDiff.length}; reloads ${navigations}`,
    );
    expect(staleWhileOffline).toBeGreaterThan(0);
    expect.soft(clientDiff).toEqual([]);
    expect.soft(wallDiff).toEqual([]);
    expect.soft(navigations).toBe(0);
    expect.soft(result.unfinished).toBe(0);
  });
});
