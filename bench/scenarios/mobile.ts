// Scenario `mobile`: a technician's phone on mobile data. Chromium at 390x844 (a phone,
// device scale 3, touch) with the network throttled to DevTools' "Fast 3G" profile (562.5 ms
// round trip, 1.44 Mbit/s down, 675 kbit/s up), logged in as a technician. Two pages, each
// opened cold (a fresh browser profile: empty cache) and then warm (the same profile opening
// the page again, as on the next visit): /teknisi, until the connection says live and the
// incident list is drawn; one service's detail page, until its availability tiles and response
// chart are drawn. Per visit: time from navigation start, bytes over the network (HTTP bodies
// and headers as transferred, so compressed where the server compressed; cached responses cost
// nothing), requests sent, requests answered from the cache, and the WebSocket bytes (the live
// snapshot) separately.
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { repoRoot } from '../../server/config.ts';
import { buildClientIfNeeded } from '../../server/infra/client-build.ts';
import type { MonitorListResponse } from '../../shared/teknisi-api.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tests/e2e/support/wall-page.ts';
import { LatencyRecorder, formatMs } from '../stats/latency.ts';
import { formatBytes, type BarRow } from '../report.ts';
import { runTag, sleep, startIngestLoad, startSystem, type ScenarioContext, type ScenarioOutcome } from './scenario-kit.ts';
import { sessionCookieFor } from './bench-login.ts';

const CHROMIUM = process.env.BENCH_CHROMIUM ?? CHROMIUM_PATH;

/** Chromium DevTools' "Fast 3G" (front_end/core/sdk/NetworkManager.ts): bytes/s and ms. */
export const FAST_3G = { downloadThroughput: (1.6 * 1000 * 1000) / 8 * 0.9, uploadThroughput: (750 * 1000) / 8 * 0.9, latency: 150 * 3.75 } as const;

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };

/** The frame a technician can use the page: each page's own "ready", noted from navigation start. */
const READY_PROBE = `(() => {
  const q = (s) => document.querySelector(s);
  const ready = () => location.pathname.startsWith('/teknisi/monitor/')
    ? !!q('[data-testid="tk-availability"]') && !!q('[data-testid="tk-response-chart"] canvas')
    : q('[data-testid="tk-connection"]')?.getAttribute('data-state') === 'live' && !!q('[data-testid="tk-active"]');
  const frame = () => {
    if (document.body && ready()) window.__benchReady = performance.now();
    else requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})();`;

export interface Visit {
  page: string;
  kind: 'cold' | 'warm';
  ms: number | null;
  /** Bytes received over HTTP (headers and bodies, as transferred). */
  httpBytes: number;
  /** Bytes of WebSocket messages received until ready (the live snapshot). */
  socketBytes: number;
  requests: number;
  fromCache: number;
  /** The largest responses, for finding where the bytes go. */
  largest: { url: string; bytes: number; encoding: string | null }[];
  error?: string;
}

async function visit(context: BrowserContext, url: string, kind: Visit['kind'], label: string, timeoutMs: number): Promise<Visit> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...FAST_3G });
  const responses = new Map<string, { url: string; encoding: string | null; cached: boolean }>();
  let httpBytes = 0;
  let socketBytes = 0;
  let requests = 0;
  let fromCache = 0;
  const sizes: { url: string; bytes: number; encoding: string | null }[] = [];
  cdp.on('Network.requestWillBeSent', () => (requests += 1));
  cdp.on('Network.responseReceived', (e: { requestId: string; response: { url: string; headers: Record<string, string>; fromDiskCache?: boolean; fromMemoryCache?: boolean } }) => {
    const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const cached = !!(e.response.fromDiskCache || e.response.fromMemoryCache);
    if (cached) fromCache += 1;
    responses.set(e.requestId, { url: e.response.url, encoding: h['content-encoding'] ?? null, cached });
  });
  cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
    const r = responses.get(e.requestId);
    if (r?.cached) return;
    httpBytes += e.encodedDataLength;
    if (r) sizes.push({ url: new URL(r.url).pathname, bytes: e.encodedDataLength, encoding: r.encoding });
  });
  cdp.on('Network.webSocketFrameReceived', (e: { response: { payloadData: string } }) => (socketBytes += Buffer.byteLength(e.response.payloadData)));
  try {
    await page.addInitScript(READY_PROBE);
    await page.goto(url, { waitUntil: 'commit', timeout: timeoutMs });
    await page.waitForFunction(() => (window as unknown as { __benchReady?: number }).__benchReady !== undefined, undefined, { timeout: timeoutMs, polling: 100 });
    const ms = await page.evaluate(() => (window as unknown as { __benchReady: number }).__benchReady);
    // Requests still in flight (a chart's second fetch) count once they finish, up to a second.
    await sleep(1000);
    return { page: label, kind, ms, httpBytes, socketBytes, requests, fromCache, largest: sizes.sort((a, b) => b.bytes - a.bytes).slice(0, 6) };
  } catch (error) {
    return { page: label, kind, ms: null, httpBytes, socketBytes, requests, fromCache, largest: [], error: (error as Error).message.split('\n')[0] };
  } finally {
    await page.close();
  }
}

export function formatVisit(v: Visit): string {
  if (v.ms === null) return `no page (${v.error})`;
  return `${formatMs(v.ms)}, ${formatBytes(v.httpBytes)} over HTTP in ${v.requests - v.fromCache} requests (${v.fromCache} from the cache), ${formatBytes(v.socketBytes)} live snapshot`;
}

export async function runMobile(ctx: ScenarioContext): Promise<ScenarioOutcome> {
  const o = ctx.options.mobile;
  if (await buildClientIfNeeded(path.join(repoRoot, 'dist/client'), () => ctx.log('  building the client (vite) ...'))) ctx.log('  built');
  const { sut, access } = await startSystem(ctx, 'mobile');
  // A city with some history: checks of the real services (the detail page's chart), complaints.
  const seed = await startIngestLoad(ctx, 'mobile-seed', {
    url: sut.url,
    apiKey: access.apiKey,
    source: access.source,
    runTag: runTag(),
    mode: 'city',
    batchSize: 200,
    maxInflight: 32,
    retry: false,
  });
  await seed.request('run', { request: { rate: 300, durationMs: 6000, warmupMs: 0 } });
  await seed.close();
  await sleep(2000);

  const cookie = await sessionCookieFor('teknisi', sut.deployment.databaseUrl, sut.url);
  const monitors = (await (await fetch(`${sut.url}/api/v1/monitors`, { headers: { cookie: `${cookie.name}=${cookie.value}` } })).json()) as MonitorListResponse;
  const monitor = monitors.monitors.find((m) => m.lastCheckAt) ?? monitors.monitors[0];
  if (!monitor) throw new Error('no monitor to open');

  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  ctx.defer(() => browser.close());
  const pages = [
    { label: '/teknisi', url: `${sut.url}/teknisi` },
    { label: 'a service detail', url: `${sut.url}/teknisi/monitor/${encodeURIComponent(monitor.code)}` },
  ];
  const visits: Visit[] = [];
  for (let round = 0; round < o.visits; round++) {
    for (const p of pages) {
      const context = await browser.newContext(PHONE);
      await context.addCookies([{ ...cookie, url: sut.url }]);
      try {
        for (const kind of ['cold', 'warm'] as const) {
          const v = await visit(context, p.url, kind, p.label, o.timeoutSeconds * 1000);
          visits.push(v);
          ctx.log(`  ${p.label} ${kind} ${round + 1}/${o.visits}: ${formatVisit(v)}`);
          if (round === 0 && kind === 'cold') ctx.log(`    largest: ${v.largest.map((l) => `${l.url} ${formatBytes(l.bytes)}${l.encoding ? ` ${l.encoding}` : ''}`).join(', ')}`);
        }
      } finally {
        await context.close();
      }
    }
  }

  const rows: BarRow[] = [];
  const summary: Record<string, unknown> = {};
  for (const p of pages) {
    for (const kind of ['cold', 'warm'] as const) {
      const mine = visits.filter((v) => v.page === p.label && v.kind === kind);
      const times = new LatencyRecorder();
      for (const v of mine) if (v.ms !== null) times.recordMs(v.ms);
      const t = times.summary();
      const bytes = mine.map((v) => v.httpBytes).sort((a, b) => a - b)[Math.floor(mine.length / 2)];
      summary[`${p.label} ${kind}`] = { time: t, medianHttpBytes: bytes, socketBytes: mine.map((v) => v.socketBytes) };
      rows.push({
        bar: `${p.label} ${kind} on Fast 3G (390x844)`,
        goal: 'reported',
        measured: `${t.count}/${mine.length} loads; p50 ${formatMs(t.p50)}, max ${formatMs(t.max)}; ${formatBytes(bytes)} over HTTP (median)`,
        verdict: t.count === mine.length ? 'pass' : 'fail',
      });
    }
  }
  return { bars: rows, settings: { ...o, chromium: CHROMIUM, network: { profile: 'Fast 3G', ...FAST_3G }, device: PHONE, monitor: monitor.code }, details: { visits, summary } };
}
