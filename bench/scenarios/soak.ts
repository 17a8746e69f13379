// Scenario `soak`: a paired wall (Chromium, 1920x1080) left open for hours under the demo's
// pace of events, as a videotron is left for weeks. Every --sample-every seconds: the page's JS
// heap after a forced GC, DOM nodes, event listeners, WebGL contexts made, the badge, the KPI
// that must keep moving, and the server's RSS and JS heap. Every snapshotSeconds a heap snapshot
// splits the page's heap into JS objects, strings and compiled code, so growth can be put on
// what grows. The report gives each series' slope per hour with its 95% interval, after the
// warm-up and over the last hour: "flat" means the last hour's interval holds zero.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { repoRoot } from '../../server/config.ts';
import { buildClientIfNeeded } from '../../server/infra/client-build.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, kpiValue } from '../../tests/e2e/support/wall-page.ts';
import { wallUrl } from '../access.ts';
import { BARS } from '../bars.ts';
import { growthBetween, heapComposition, type HeapComposition, type NameGrowth } from '../stats/heap-snapshot.ts';
import { hasMetric, metricSum } from '../stats/prometheus.ts';
import { holdsZero, slopeWithInterval, type Point, type SlopeInterval } from '../stats/verdicts.ts';
import { formatBytes, formatRate, type BarRow } from '../report.ts';
import { sleep, startSystem, type ScenarioContext, type ScenarioOutcome } from './scenario-kit.ts';
import { FIRST_PICTURE_PROBE, heapAfterGc, startCityLoad } from './wall.ts';

const CHROMIUM = process.env.BENCH_CHROMIUM ?? CHROMIUM_PATH;

/** Counts the WebGL contexts the page ever makes (a map that rebuilt itself would make more). */
const WEBGL_COUNTER = `(() => {
  const made = { contexts: 0 };
  window.__soakWebgl = made;
  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
    const context = getContext.call(this, type, ...rest);
    if (context && /webgl/i.test(String(type)) && !this.__soakCounted) {
      this.__soakCounted = true;
      made.contexts += 1;
    }
    return context;
  };
})();`;

export interface SoakSample {
  /** Seconds since the measurement began. */
  t: number;
  heapBytes: number;
  domNodes: number;
  listeners: number;
  documents: number;
  webglContexts: number;
  canvases: number;
  badge: string | null;
  complaintsToday: number | null;
  serverRssBytes: number | null;
  serverHeapBytes: number | null;
}

export interface SoakSnapshot extends Omit<HeapComposition, 'byName'> {
  t: number;
  /** What grew most since the first snapshot after the warm-up. */
  grewSinceWarmup?: NameGrowth[];
}

/** The series judged, with their unit per hour. */
const SERIES = [
  { key: 'heapBytes', label: 'page JS heap after GC', bytes: true },
  { key: 'domNodes', label: 'DOM nodes', bytes: false },
  { key: 'listeners', label: 'event listeners', bytes: false },
  { key: 'serverRssBytes', label: 'server RSS', bytes: true },
  { key: 'serverHeapBytes', label: 'server JS heap', bytes: true },
] as const;

export interface SeriesTrend {
  label: string;
  start: number | null;
  end: number | null;
  /** Per hour, after the warm-up. */
  afterWarmup: SlopeInterval;
  /** Per hour, over the last hour (or the last half of what follows the warm-up, if shorter). */
  lastHour: SlopeInterval;
  lastHourSeconds: number;
}

function perHour(s: SlopeInterval): SlopeInterval {
  return { ...s, slope: s.slope * 3600, low: s.low * 3600, high: s.high * 3600 };
}

/** Trends of a series; pure, so it can be checked on recorded samples. */
export function trendOf(points: readonly Point[], warmupSeconds: number, label: string): SeriesTrend {
  const settled = points.filter((p) => p.x >= warmupSeconds);
  const lastX = settled.at(-1)?.x ?? 0;
  const firstX = settled[0]?.x ?? 0;
  // A run shorter than warm-up + an hour judges the last half of what it has.
  const span = lastX - firstX >= 3600 ? 3600 : (lastX - firstX) / 2;
  const last = settled.filter((p) => p.x >= lastX - span);
  return {
    label,
    start: settled[0]?.y ?? null,
    end: settled.at(-1)?.y ?? null,
    afterWarmup: perHour(slopeWithInterval(settled)),
    lastHour: perHour(slopeWithInterval(last)),
    lastHourSeconds: span,
  };
}

function formatTrend(tr: SeriesTrend, bytes: boolean): string {
  const f = (v: number) => (bytes ? formatBytes(v) : v.toFixed(v !== 0 && Math.abs(v) < 10 ? 2 : 0));
  const s = (i: SlopeInterval) => `${i.slope >= 0 ? '+' : ''}${f(i.slope)}/h [${f(i.low)}, ${f(i.high)}]`;
  return `${tr.label}: ${tr.start === null ? '-' : f(tr.start)} -> ${tr.end === null ? '-' : f(tr.end)}; after warm-up ${s(tr.afterWarmup)}; last ${Math.round(tr.lastHourSeconds / 60)} min ${s(tr.lastHour)}${
    holdsZero(tr.lastHour) ? ' (holds 0)' : ''
  }`;
}

async function takeSnapshot(cdp: CDPSession): Promise<HeapComposition> {
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }) => chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  return heapComposition(JSON.parse(chunks.join('')), true);
}

async function sampleOnce(cdp: CDPSession, page: Page, t: number, server: () => Promise<{ rss: number | null; heap: number | null }>): Promise<SoakSample> {
  // The lower of two readings: a GC right after a burst of deltas can find objects still in use.
  const heapBytes = Math.min(await heapAfterGc(cdp), await heapAfterGc(cdp));
  const dom = (await cdp.send('Memory.getDOMCounters')) as { documents: number; nodes: number; jsEventListeners: number };
  const page1 = await page.evaluate(() => ({
    webgl: (window as unknown as { __soakWebgl?: { contexts: number } }).__soakWebgl?.contexts ?? 0,
    canvases: document.querySelectorAll('canvas').length,
  }));
  const badge = await page.getAttribute('[data-testid="connection"]', 'data-state');
  const complaintsToday = await kpiValue(page, 'kpi-complaints-today');
  const s = await server();
  return {
    t,
    heapBytes,
    domNodes: dom.nodes,
    listeners: dom.jsEventListeners,
    documents: dom.documents,
    webglContexts: page1.webgl,
    canvases: page1.canvases,
    badge,
    complaintsToday,
    serverRssBytes: s.rss,
    serverHeapBytes: s.heap,
  };
}

export async function runSoak(ctx: ScenarioContext): Promise<ScenarioOutcome> {
  const o = ctx.options.soak;
  if (await buildClientIfNeeded(path.join(repoRoot, 'dist/client'), () => ctx.log('  building the wall (vite) ...'))) ctx.log('  built');
  const { sut, access } = await startSystem(ctx, 'soak');
  const load = await startCityLoad(ctx, 'soak', sut.url, access, o.batchSize);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  ctx.defer(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  let navigations = 0;
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) navigations += 1;
  });
  await page.addInitScript(WEBGL_COUNTER);
  await page.addInitScript(FIRST_PICTURE_PROBE);
  await page.goto(wallUrl(sut.url, access), { waitUntil: 'commit' });
  await page.waitForFunction(() => (window as unknown as { __benchFirstPicture?: number }).__benchFirstPicture !== undefined, undefined, { timeout: 60_000, polling: 200 });
  navigations = 0;
  const cdp = await context.newCDPSession(page);

  const server = async () => {
    const rss = sut.server.proc()?.rssBytes ?? null;
    let heap: number | null = null;
    try {
      const metrics = await sut.server.metrics();
      if (hasMetric(metrics, 'nodejs_heap_size_used_bytes')) heap = metricSum(metrics, 'nodejs_heap_size_used_bytes');
    } catch {
      // a missed reading is not a result
    }
    return { rss, heap };
  };

  ctx.log(`  soak: wall open for ${Math.round(o.seconds / 60)} min at ${formatRate(o.rate)}, a sample every ${o.sampleSeconds} s, slopes after ${o.warmupSeconds} s of warm-up`);
  const running = load.request<{ outcomes: Record<string, number> }>('run', { request: { rate: o.rate, durationMs: o.seconds * 1000 + 5000, warmupMs: 0 } });
  const samples: SoakSample[] = [];
  const snapshots: SoakSnapshot[] = [];
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  let nextSnapshot = 0;
  let baseline: HeapComposition | null = null;
  let latestGrowth: NameGrowth[] | undefined;
  const progressFile = path.join(ctx.logDir, `${ctx.runStamp}-soak-samples.jsonl`);
  while (elapsed() < o.seconds) {
    const t = elapsed();
    const s = await sampleOnce(cdp, page, t, server);
    samples.push(s);
    fs.appendFileSync(progressFile, `${JSON.stringify(s)}\n`);
    if (o.snapshotSeconds > 0 && t >= nextSnapshot) {
      nextSnapshot = t + o.snapshotSeconds;
      const full = await takeSnapshot(cdp);
      if (t >= o.warmupSeconds) baseline ??= full;
      latestGrowth = baseline && baseline !== full ? growthBetween(baseline, full) : undefined;
      // The counts by name are for the growth list only: too many to keep for every snapshot.
      const { byName: _names, ...c } = full;
      const snapshot: SoakSnapshot = { t, ...c, ...(latestGrowth ? { grewSinceWarmup: latestGrowth } : {}) };
      snapshots.push(snapshot);
      fs.appendFileSync(progressFile, `${JSON.stringify({ snapshot })}\n`);
      ctx.log(
        `    ${Math.round(t / 60)} min snapshot: JS objects ${formatBytes(c.objectBytes)}, strings ${formatBytes(c.stringBytes)}, compiled code ${formatBytes(c.codeBytes)} (${c.nodes} nodes)${
          latestGrowth?.length ? `; grew since warm-up: ${latestGrowth.slice(0, 6).map((g) => `${g.name} +${g.count} (${formatBytes(g.bytes)})`).join(', ')}` : ''
        }`,
      );
    }
    ctx.log(
      `    ${(t / 60).toFixed(1)} min: heap ${formatBytes(s.heapBytes)}, DOM ${s.domNodes}, listeners ${s.listeners}, WebGL ${s.webglContexts}, badge ${s.badge}, complaints today ${s.complaintsToday}, server RSS ${
        s.serverRssBytes === null ? '-' : formatBytes(s.serverRssBytes)
      } heap ${s.serverHeapBytes === null ? '-' : formatBytes(s.serverHeapBytes)}`,
    );
    await sleep(Math.max(0, Math.min(o.sampleSeconds * 1000 - (elapsed() - t) * 1000, (o.seconds - elapsed()) * 1000)));
  }
  const loadResult = await running;
  const end = samples.at(-1)!;

  const trends: Record<string, SeriesTrend> = {};
  for (const series of SERIES) {
    const points = samples.filter((s) => s[series.key] !== null).map((s) => ({ x: s.t, y: s[series.key] as number }));
    trends[series.key] = trendOf(points, o.warmupSeconds, series.label);
    ctx.log(`    ${formatTrend(trends[series.key], series.bytes)}`);
  }
  const snapshotTrends = {
    objectBytes: trendOf(snapshots.map((s) => ({ x: s.t, y: s.objectBytes })), o.warmupSeconds, 'JS objects (snapshots)'),
    stringBytes: trendOf(snapshots.map((s) => ({ x: s.t, y: s.stringBytes })), o.warmupSeconds, 'strings (snapshots)'),
    codeBytes: trendOf(snapshots.map((s) => ({ x: s.t, y: s.codeBytes })), o.warmupSeconds, 'compiled code (snapshots)'),
  };
  for (const tr of Object.values(snapshotTrends)) ctx.log(`    ${formatTrend(tr, true)}`);

  const webglMax = Math.max(...samples.map((s) => s.webglContexts));
  const badges = samples.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s.badge ?? 'none']: (acc[s.badge ?? 'none'] ?? 0) + 1 }), {});
  const moving = (end.complaintsToday ?? 0) > (samples[0].complaintsToday ?? 0);
  const heapFlat = holdsZero(trends.heapBytes.lastHour);
  const domFlat = holdsZero(trends.domNodes.lastHour) || trends.domNodes.lastHour.slope <= 0;
  const listenersFlat = holdsZero(trends.listeners.lastHour) || trends.listeners.lastHour.slope <= 0;
  const alive = end.badge === 'live' && navigations === 0 && moving && webglMax === 1;
  const long = o.seconds - o.warmupSeconds >= 3600;
  const row: BarRow = {
    ...BARS.soak,
    measured: `${Math.round(o.seconds / 60)} min at ${formatRate(o.rate)}: heap after GC last ${Math.round(trends.heapBytes.lastHourSeconds / 60)} min ${formatBytes(trends.heapBytes.lastHour.slope)}/h [${formatBytes(
      trends.heapBytes.lastHour.low,
    )}, ${formatBytes(trends.heapBytes.lastHour.high)}]; DOM ${samples[0].domNodes} -> ${end.domNodes}; listeners ${samples[0].listeners} -> ${end.listeners}; WebGL ${webglMax}; badge ${end.badge}, ${navigations} reloads; server RSS ${
      end.serverRssBytes === null ? '-' : formatBytes(end.serverRssBytes)
    }`,
    verdict: !long ? 'n/a' : alive && heapFlat && domFlat && listenersFlat ? 'pass' : 'fail',
    ...(long ? {} : { note: `${Math.round((o.seconds - o.warmupSeconds) / 60)} min after warm-up: the bar needs an hour` }),
  };
  await context.close();
  return {
    bars: [row],
    settings: { ...o, chromium: CHROMIUM, viewport: '1920x1080' },
    details: { samples, snapshots, trends, snapshotTrends, badges, navigations, webglMax, loadOutcomes: loadResult.outcomes, samplesFile: path.relative(repoRoot, progressFile) },
  };
}
