// Scenario `wall`: real Chromium on /wall (1920x1080, the videotron's size).
// Cold load: a fresh browser context (no cache, no cookies) opens /wall?token=...; the time
// from navigation start to the first frame in which every panel shows data (the six KPIs have
// data-value, the badge says live, the map is ready with its top-kecamatan list, the OPD gauges
// have drawn, the ticker has complaints, the alerts panel has its count): the wall's test
// hooks, see client/README.md. Long run: one wall under R events/s for --duration; main-thread
// busy share from CDP Performance.getMetrics (TaskDuration delta / wall time), frame times from
// requestAnimationFrame deltas, JS heap after a forced GC at start, every few seconds, and end.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { repoRoot } from '../../server/config.ts';
import { buildClientIfNeeded } from '../../server/infra/client-build.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, KPI_TESTIDS, kpiValue } from '../../tests/e2e/support/wall-page.ts';
import { wallUrl, type Access } from '../access.ts';
import type { WorkerProcess } from '../load/worker-process.ts';
import { BAR_NUMBERS, BARS } from '../bars.ts';
import { LatencyRecorder, formatMs, type LatencySummary } from '../stats/latency.ts';
import { judgeHeap, type HeapVerdict, type Point } from '../stats/verdicts.ts';
import { formatUsage, ResourceProbe, usageBetween, type ResourceUsage } from '../stats/resources.ts';
import { formatBytes, formatRate, type BarRow } from '../report.ts';
import { runTag, sleep, startIngestLoad, startSystem, type ScenarioContext, type ScenarioOutcome } from './scenario-kit.ts';

const CHROMIUM = process.env.BENCH_CHROMIUM ?? CHROMIUM_PATH;

/**
 * Installed before the page's own scripts: notes the first frame with a complete picture, and
 * the first frame at which each part was there (where a slow load spends its time).
 */
export const FIRST_PICTURE_PROBE = `(() => {
  const kpis = ${JSON.stringify(KPI_TESTIDS)};
  const q = (s) => document.querySelector(s);
  const parts = {
    kpis: () => kpis.every((id) => q('[data-testid="' + id + '"]')?.hasAttribute('data-value')),
    live: () => q('[data-testid="connection"]')?.getAttribute('data-state') === 'live',
    map: () => !!q('[data-testid="map"] [data-map-state="ready"]') && !!q('[data-testid="map-top-kecamatan"]'),
    gauges: () => Number(q('[data-testid="opd-gauges-rows"]')?.getAttribute('data-rows') ?? 0) >= 1 && Number(q('[data-testid="opd-gauges-page"]')?.getAttribute('data-pages') ?? 0) >= 1,
    ticker: () => !!q('[data-testid="ticker"] li[data-complaint-id]'),
    alerts: () => !!q('[data-testid="alerts"] [data-down-count]') && !!q('[data-testid="alerts"] .count'),
  };
  window.__benchParts = {};
  const frame = () => {
    let complete = !!document.body;
    if (complete) {
      const now = performance.now();
      for (const [name, ready] of Object.entries(parts)) {
        if (!ready()) complete = false;
        else if (window.__benchParts[name] === undefined) window.__benchParts[name] = now;
      }
    }
    if (complete) window.__benchFirstPicture = performance.now();
    else requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();`;

const START_FRAMES = `(() => {
  window.__benchFrames = [];
  window.__benchFramesOn = true;
  let last = performance.now();
  const frame = (t) => {
    if (!window.__benchFramesOn) return;
    window.__benchFrames.push(t - last);
    last = t;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame((t) => { last = t; requestAnimationFrame(frame); });
})()`;

interface ColdLoad {
  ms: number | null;
  /** When each part first showed (ms from navigation start). */
  parts?: Record<string, number>;
  error?: string;
}

/**
 * A new context is a new browser window, and Chromium 156 sets up its own UI for it (the
 * omnibox popup WebUI, about 1.5 CPU-seconds here, in a renderer of its own). A wall's browser
 * is running before the wall loads, so that settles first and the measurement starts at the
 * wall's navigation.
 */
const BROWSER_SETTLE_MS = 3_000;

async function coldLoad(browser: Browser, url: string, timeoutMs = 30_000): Promise<ColdLoad> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  try {
    const page = await context.newPage();
    await page.goto('about:blank');
    await sleep(BROWSER_SETTLE_MS);
    await page.addInitScript(FIRST_PICTURE_PROBE);
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => (window as unknown as { __benchFirstPicture?: number }).__benchFirstPicture !== undefined, undefined, {
      timeout: timeoutMs,
      polling: 100,
    });
    return page.evaluate(() => {
      const w = window as unknown as { __benchFirstPicture: number; __benchParts: Record<string, number> };
      return { ms: w.__benchFirstPicture, parts: w.__benchParts };
    });
  } catch (error) {
    return { ms: null, error: (error as Error).message.split('\n')[0] };
  } finally {
    await context.close();
  }
}

async function metricsOf(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

export async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return usedSize;
}

interface LongRun {
  seconds: number;
  rate: number;
  mainThreadBusy: number;
  frames: LatencySummary;
  longFrames: number;
  heap: HeapVerdict;
  heapStartBytes: number;
  heapSamples: Point[];
  complaintsTodayStart: number | null;
  complaintsTodayEnd: number | null;
  connectionAtEnd: string | null;
  navigations: number;
  resources: ResourceUsage;
  loadOutcomes: Record<string, number>;
}

/**
 * A load process posting the city mix, after a few seconds of history so every panel has
 * something to show: complaint lifecycles, checks and uploads, and complaints still open (the
 * map ranks kecamatan by them). The wall and the soak both start from it.
 */
export async function startCityLoad(ctx: ScenarioContext, name: string, url: string, access: Access, batchSize: number): Promise<WorkerProcess> {
  const loadConfig = { url, apiKey: access.apiKey, source: access.source, runTag: runTag(), mode: 'city' as const, batchSize, maxInflight: 128, retry: false };
  const load = await startIngestLoad(ctx, `${name}-load`, loadConfig);
  const seed = await startIngestLoad(ctx, `${name}-seed`, { ...loadConfig, runTag: runTag(), mode: 'unique' });
  await Promise.all([
    load.request('run', { request: { rate: 500, durationMs: 4000, warmupMs: 0 } }),
    seed.request('run', { request: { rate: 100, durationMs: 4000, warmupMs: 0 } }),
  ]);
  await seed.close();
  await sleep(1500);
  return load;
}

export async function runWall(ctx: ScenarioContext): Promise<ScenarioOutcome> {
  const o = ctx.options.wall;
  if (await buildClientIfNeeded(path.join(repoRoot, 'dist/client'), () => ctx.log('  building the wall (vite) ...'))) ctx.log('  built');
  const { sut, access } = await startSystem(ctx, 'wall');
  const redis = sut.deployment.redis();
  ctx.defer(() => redis.disconnect());
  const probeSql = sut.deployment.sql(1);
  ctx.defer(() => probeSql.end());
  const resources = new ResourceProbe(sut, probeSql, redis);
  const load = await startCityLoad(ctx, 'wall', sut.url, access, o.batchSize);

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  ctx.defer(() => browser.close());
  const url = wallUrl(sut.url, access);

  const colds: ColdLoad[] = [];
  for (let i = 0; i < o.coldLoads; i++) {
    const c = await coldLoad(browser, url);
    colds.push(c);
    const parts = Object.entries(c.parts ?? {})
      .sort((a, b) => a[1] - b[1])
      .map(([name, ms]) => `${name} ${Math.round(ms)}`)
      .join(', ');
    ctx.log(`  cold load ${i + 1}/${o.coldLoads}: ${c.ms === null ? `no complete picture (${c.error})` : `${formatMs(c.ms)} (${parts} ms)`}`);
  }
  const coldRecorder = new LatencyRecorder();
  for (const c of colds) if (c.ms !== null) coldRecorder.recordMs(c.ms);
  const cold = coldRecorder.summary();

  ctx.log(`  long run: ${formatRate(o.rate)} for ${o.seconds} s, heap sampled every ${o.heapSampleSeconds} s`);
  const context: BrowserContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page: Page = await context.newPage();
  let navigations = 0;
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) navigations += 1;
  });
  await page.addInitScript(FIRST_PICTURE_PROBE);
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => (window as unknown as { __benchFirstPicture?: number }).__benchFirstPicture !== undefined, undefined, { timeout: 60_000, polling: 200 });
  navigations = 0;
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const complaintsTodayStart = await kpiValue(page, 'kpi-complaints-today');

  const running = load.request<{ outcomes: Record<string, number> }>('run', { request: { rate: o.rate, durationMs: o.seconds * 1000 + 3000, warmupMs: 0 } });
  // Let the first wave of deltas land before the clock starts.
  await sleep(3000);
  const heapSamples: Point[] = [];
  const t0 = performance.now();
  heapSamples.push({ x: 0, y: await heapAfterGc(cdp) });
  await page.evaluate(START_FRAMES);
  // BENCH_WALL_PROFILE=1: a CPU profile of the page over the long run, for finding what keeps
  // its main thread busy (open it in Chromium's DevTools, Performance panel).
  const profiling = process.env.BENCH_WALL_PROFILE === '1';
  if (profiling) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  const before = await metricsOf(cdp);
  const r0 = await resources.read();
  const wallStart = performance.now();
  const end = t0 + o.seconds * 1000;
  while (performance.now() < end) {
    await sleep(Math.min(o.heapSampleSeconds * 1000, end - performance.now()));
    if (performance.now() < end - 500) heapSamples.push({ x: (performance.now() - t0) / 1000, y: await heapAfterGc(cdp) });
  }
  const after = await metricsOf(cdp);
  if (profiling) {
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
    const file = path.join(ctx.logDir, '..', 'profiles', `${ctx.runStamp}-wall-page.cpuprofile`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(profile));
    ctx.log(`  page CPU profile: ${path.relative(repoRoot, file)}`);
  }
  const wallSeconds = (performance.now() - wallStart) / 1000;
  const r1 = await resources.read();
  const frameDeltas = await page.evaluate(() => {
    const w = window as unknown as { __benchFramesOn: boolean; __benchFrames: number[] };
    w.__benchFramesOn = false;
    return w.__benchFrames;
  });
  heapSamples.push({ x: (performance.now() - t0) / 1000, y: await heapAfterGc(cdp) });
  const loadResult = await running;
  const complaintsTodayEnd = await kpiValue(page, 'kpi-complaints-today');
  const connectionAtEnd = await page.getAttribute('[data-testid="connection"]', 'data-state');
  await context.close();

  // The heap's trend is judged after a warm-up (caches fill as the first deltas arrive); the
  // first sample is still reported as the start.
  const heapWarmup = Math.min(30, o.seconds / 4);
  const settled = heapSamples.filter((p) => p.x >= heapWarmup);
  const frames = new LatencyRecorder();
  for (const d of frameDeltas) frames.recordMs(d);
  const long: LongRun = {
    seconds: wallSeconds,
    rate: o.rate,
    // TaskDuration also holds the forced GCs of the heap samples (tens of ms each): a slight overstatement.
    mainThreadBusy: (after.TaskDuration - before.TaskDuration) / wallSeconds,
    frames: frames.summary(),
    longFrames: frameDeltas.filter((d) => d > 50).length,
    heap: judgeHeap(settled.length >= 2 ? settled : heapSamples),
    heapStartBytes: heapSamples[0].y,
    heapSamples,
    complaintsTodayStart,
    complaintsTodayEnd,
    connectionAtEnd,
    navigations,
    resources: usageBetween(r0, r1),
    loadOutcomes: loadResult.outcomes,
  };
  ctx.log(
    `    main thread busy ${(long.mainThreadBusy * 100).toFixed(1)}%, frames p50 ${formatMs(long.frames.p50)} / p99 ${formatMs(long.frames.p99)} / max ${formatMs(long.frames.max)} (${long.frames.count} frames, ${long.longFrames} > 50 ms), heap ${formatBytes(long.heapStartBytes)} at start, ${formatBytes(long.heap.startBytes)} -> ${formatBytes(long.heap.endBytes)} after ${heapWarmup} s warm-up (${
      long.heap.flat ? 'flat' : 'grows'
    }; trend ${formatBytes(long.heap.slopeBytesPerHour)}/h), complaints today ${complaintsTodayStart} -> ${complaintsTodayEnd}, badge ${connectionAtEnd}, ${navigations} reloads; ${formatUsage(long.resources)}`,
  );

  const coldMeasured = colds.every((c) => c.ms !== null);
  const coldRow: BarRow = {
    ...BARS.coldLoad,
    measured: `${cold.count}/${colds.length} loads complete; p50 ${formatMs(cold.p50)}, max ${formatMs(cold.max)}`,
    verdict: coldMeasured && (cold.max ?? Infinity) <= BAR_NUMBERS.coldLoadMs ? 'pass' : 'fail',
  };
  const meetsLong = o.rate >= BAR_NUMBERS.longRunRate && o.seconds >= BAR_NUMBERS.longRunMinSeconds;
  const alive = connectionAtEnd === 'live' && navigations === 0 && (complaintsTodayEnd ?? 0) > (complaintsTodayStart ?? 0);
  const longRow: BarRow = {
    ...BARS.longRun,
    measured: `busy ${(long.mainThreadBusy * 100).toFixed(1)}%; heap after GC ${formatBytes(long.heap.startBytes)} -> ${formatBytes(long.heap.endBytes)} (${
      long.heap.flat ? 'flat' : 'grows'
    }, trend ${formatBytes(long.heap.slopeBytesPerHour)}/h); frames p50 ${formatMs(long.frames.p50)}, p99 ${formatMs(long.frames.p99)}; ${o.seconds} s at ${formatRate(o.rate)}${alive ? '' : '; wall NOT live/updating at the end'}`,
    verdict: !meetsLong ? 'n/a' : long.mainThreadBusy < BAR_NUMBERS.mainThreadBusy && long.heap.flat && alive ? 'pass' : 'fail',
    ...(meetsLong ? {} : { note: `${o.seconds} s at ${formatRate(o.rate)} is a smoke run` }),
  };
  return { bars: [coldRow, longRow], settings: { ...o, chromium: CHROMIUM, viewport: '1920x1080' }, details: { coldLoads: colds, cold, longRun: long } };
}
