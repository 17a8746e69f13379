// Scenario `reports` (issue 13, "Speed at city scale"): the leadership numbers over two years of
// Medan-scale history. The history (bench/reports/history-generator.ts: 1,000,000 complaints with
// their status histories and OPD assignments, the 55 datasets' uploads, the services' state
// changes, incidents and recent checks) is generated once into a template database and cloned
// for each run. A server (roles web + processors: the timeliness refresher runs as in
// production; no prober, so the history is not changed under the measurement) answers, logged
// in as a pimpinan user:
// - the 30-day ranking, the 1-year range and one OPD's drill-down (cycling through every OPD),
//   each first three times in a row on an idle server (the cost of one request), then as an open
//   loop from a separate process at a fixed rate (latency from the intended send time);
// - `/pimpinan` in Chromium at 1280x800, navigation start to complete first render (the ranking
//   table and the headline numbers drawn, as the screen marks them: see pageComplete), cold.
// The reports API of issue 13 (`/api/v1/reports/ranking`, `/api/v1/reports/opd/:code`) is used
// when the server has it; otherwise the timeliness API that computes the same numbers
// (`/api/v1/opd/timeliness`, `/api/v1/opd/:code/timeliness`).
import path from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot } from '../../server/config.ts';
import { buildClientIfNeeded } from '../../server/infra/client-build.ts';
import { addDays } from '../../shared/calendar-date.ts';
import { wibDate } from '../../shared/wib-time.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tests/e2e/support/wall-page.ts';
import { BARS, BAR_NUMBERS } from '../bars.ts';
import { ensureHistoryTemplate, type HistoryOptions } from '../reports/history-generator.ts';
import { LatencyRecorder, formatMs, type LatencySummary } from '../stats/latency.ts';
import { formatUsage, ResourceProbe, usageBetween } from '../stats/resources.ts';
import { WorkerProcess } from '../load/worker-process.ts';
import type { HttpLoadRequest, HttpLoadResult } from '../load/http-load.ts';
import type { BarRow } from '../report.ts';
import { PG_ADMIN_URL, SystemUnderTest } from '../system-under-test.ts';
import { newAccess } from '../access.ts';
import { errorRow, SERVER_ENV, sleep, type ScenarioContext, type ScenarioOutcome } from './scenario-kit.ts';
import { sessionCookieFor } from './bench-login.ts';

const CHROMIUM = process.env.BENCH_CHROMIUM ?? CHROMIUM_PATH;

interface Target {
  key: 'ranking30' | 'year' | 'opd';
  bar: { bar: string; goal: string };
  goalMs: number;
  urls: string[];
  rate: number;
  seconds: number;
}

export async function runReports(ctx: ScenarioContext): Promise<ScenarioOutcome> {
  const o = ctx.options.reports;
  const history: HistoryOptions = { complaints: o.complaints, days: o.days, checkDays: o.checkDays, seed: 1 };
  ctx.log(`  history: ${o.complaints.toLocaleString('en-US')} complaints over ${o.days} days (template database, built once)`);
  const tpl = await ensureHistoryTemplate(PG_ADMIN_URL, history, ctx.log, o.rebuildHistory);
  const ageDays = (Date.now() - tpl.endsAt.getTime()) / 86_400_000;
  ctx.log(
    `  template ${tpl.name}: ${tpl.built ? `generated in ${tpl.buildSeconds!.toFixed(0)} s` : 'reused'}; history ends ${tpl.endsAt.toISOString()}${
      ageDays > 1 ? ` (${ageDays.toFixed(1)} days ago: --rebuild-history for one ending now)` : ''
    }; ${Object.entries(tpl.counts)
      .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
      .join(', ')}`,
  );

  // Before the server starts: it serves the client directory it finds at start.
  if (await buildClientIfNeeded(path.join(repoRoot, 'dist/client'), () => ctx.log('  building the client (vite) ...'))) ctx.log('  built');
  const cloneStarted = performance.now();
  const access = newAccess();
  const sut = await SystemUnderTest.start({
    access,
    tag: 'reports',
    template: tpl.name,
    keep: ctx.options.keep,
    roles: 'web,processors',
    env: { ...SERVER_ENV },
    logFile: path.join(ctx.logDir, `${ctx.runStamp}-reports-server.log`),
  });
  ctx.defer(() => sut.stop());
  const cloneSeconds = (performance.now() - cloneStarted) / 1000;
  ctx.log(`  cloned and started in ${cloneSeconds.toFixed(1)} s: server pid ${sut.server.pid} at ${sut.url}, database ${sut.deployment.databaseName}`);

  const sql = sut.deployment.sql(2);
  ctx.defer(() => sql.end());
  const redis = sut.deployment.redis();
  ctx.defer(() => redis.disconnect());
  const resources = new ResourceProbe(sut, sql, redis);
  const cookie = await sessionCookieFor('pimpinan', sut.deployment.databaseUrl, sut.url);
  const headers = { cookie: `${cookie.name}=${cookie.value}`, 'accept-language': 'id' };

  const opdCodes = (await sql<{ code: string }[]>`select code from opd where not external order by code`).map((r) => r.code);
  const today = wibDate(new Date());
  const from30 = addDays(today, -29);
  const from365 = addDays(today, -364);
  const probe = await fetch(`${sut.url}/api/v1/reports/ranking?period=7d`, { headers });
  await probe.arrayBuffer();
  const api = probe.status === 404 ? 'timeliness' : 'reports';
  const rankingUrl = (from: string) =>
    api === 'reports' ? `${sut.url}/api/v1/reports/ranking?from=${from}&to=${today}` : `${sut.url}/api/v1/opd/timeliness?from=${from}&to=${today}`;
  const opdUrl = (code: string) =>
    api === 'reports' ? `${sut.url}/api/v1/reports/opd/${code}?from=${from30}&to=${today}` : `${sut.url}/api/v1/opd/${code}/timeliness?from=${from30}&to=${today}`;
  ctx.log(`  endpoints: ${api === 'reports' ? '/api/v1/reports/ranking, /api/v1/reports/opd/:code' : '/api/v1/opd/timeliness, /api/v1/opd/:code/timeliness (the reports API is not on this server yet)'}`);

  const targets: Target[] = [
    { key: 'ranking30', bar: BARS.reportsRanking, goalMs: BAR_NUMBERS.reportsRankingP95Ms, urls: [rankingUrl(from30)], rate: o.rankingRate, seconds: o.seconds },
    { key: 'opd', bar: BARS.reportsOpd, goalMs: BAR_NUMBERS.reportsOpdP95Ms, urls: opdCodes.map(opdUrl), rate: o.opdRate, seconds: o.seconds },
    { key: 'year', bar: BARS.reportsYear, goalMs: BAR_NUMBERS.reportsYearP95Ms, urls: [rankingUrl(from365)], rate: o.yearRate, seconds: o.yearSeconds },
  ];

  const worker = new WorkerProcess('http-load', 'bench/load/http-load.ts');
  ctx.defer(() => worker.close());
  const bars: BarRow[] = [];
  const details: Record<string, unknown> = { api, template: tpl, cloneSeconds, today };

  let pageRow: BarRow | null = null;
  for (const target of targets) {
    await waitUntilIdle(ctx, sut.url);
    if (target.key === 'year') {
      // Before the 1-year range, whose aftermath can hold the server's thread for minutes.
      pageRow = await measurePage(ctx, sut.url, cookie, o.pageLoads, details).catch((error) => errorRow(BARS.reportsPage.bar, BARS.reportsPage.goal, error));
      await waitUntilIdle(ctx, sut.url);
    }
    // One request at a time on an idle server: what a request costs, apart from queueing.
    const single: number[] = [];
    let bytes = 0;
    let status = 0;
    // Three in a row, fewer when one request already takes long (a year read whole into JS).
    for (let i = 0; i < 3 && single.reduce((a, b) => a + b, 0) < 20_000; i++) {
      const t0 = performance.now();
      try {
        // Node's fetch gives up on headers after 300 s; say so rather than lose the row.
        const res = await fetch(target.urls[(i * 7) % target.urls.length], { headers, signal: AbortSignal.timeout(SINGLE_LIMIT_MS) });
        const body = await res.arrayBuffer();
        bytes = body.byteLength;
        status = res.status;
      } catch (error) {
        ctx.log(`  ${target.key}: no answer within ${formatMs(performance.now() - t0)} (${(error as Error).message})`);
        status = -1;
      }
      single.push(performance.now() - t0);
      if (status !== 200) break;
    }
    ctx.log(`  ${target.key}: alone ${single.map((ms) => formatMs(ms)).join(', ')} (HTTP ${status}, ${(bytes / 1024).toFixed(0)} KiB)`);
    if (status !== 200) {
      details[target.key] = { urls: target.urls.length, singleMs: single, status };
      bars.push({ ...target.bar, measured: `one request alone: ${status === -1 ? `no answer within ${formatMs(single[single.length - 1])}` : `HTTP ${status}`}`, verdict: 'fail' });
      continue;
    }

    const alone = Math.min(...single);
    if (alone > OPEN_LOOP_LIMIT * target.goalMs) {
      // Requests at a fixed rate that each take many times the interval only pile up on the
      // server (each holds its whole period in memory): the verdict is already known.
      ctx.log(`    open loop not run: one request alone takes ${formatMs(alone)}, over ${OPEN_LOOP_LIMIT}x the bar`);
      details[target.key] = { urls: target.urls.length, singleMs: single, bytes, openLoop: 'not run' };
      bars.push({
        ...target.bar,
        measured: `one request alone ${single.map((ms) => formatMs(ms)).join(', ')} (open loop at ${target.rate}/s not run: it would only queue); ${api === 'reports' ? 'reports API' : 'timeliness API'}`,
        verdict: 'fail',
      });
      continue;
    }
    const r0 = await resources.read();
    const request: HttpLoadRequest = { urls: target.urls, headers, rate: target.rate, warmupSeconds: o.warmupSeconds, seconds: target.seconds, timeoutMs: o.timeoutMs };
    let result: HttpLoadResult;
    try {
      result = await Promise.race([
      worker.request<HttpLoadResult>('run', { request }),
      sleep((o.warmupSeconds + target.seconds) * 1000 + o.timeoutMs + 30_000).then(() => {
        throw new Error('the load process did not finish its run');
      }),
    ]);
    } catch (error) {
      ctx.log(`    open loop failed: ${(error as Error).message}`);
      bars.push({ ...errorRow(target.bar.bar, target.bar.goal, error), measured: `alone ${single.map((ms) => formatMs(ms)).join(', ')}; open loop: ${(error as Error).message}` });
      continue;
    }
    const r1 = await resources.read();
    const usage = usageBetween(r0, r1);
    const s = LatencyRecorder.merge([result.latency]).summary();
    const p95 = percentileOf(result, 95);
    const ok = (result.statuses['200'] ?? 0) === result.recorded && result.timeouts === 0;
    ctx.log(
      `    open loop ${target.rate}/s for ${target.seconds} s: p50 ${formatMs(s.p50)}, p95 ${formatMs(p95)}, p99 ${formatMs(s.p99)}, max ${formatMs(s.max)} (n=${s.count}, statuses ${JSON.stringify(
        result.statuses,
      )}, timeouts ${result.timeouts}); ${formatUsage(usage)}`,
    );
    details[target.key] = { urls: target.urls.length, rate: target.rate, seconds: target.seconds, singleMs: single, bytes, summary: s, p95, result: { ...result, latency: undefined }, usage };
    bars.push({
      ...target.bar,
      measured: `p50 ${formatMs(s.p50)}, p95 ${formatMs(p95)}, p99 ${formatMs(s.p99)} at ${target.rate}/s (n=${s.count}${
        result.timeouts ? `, ${result.timeouts} timed out` : ''
      }); alone ${formatMs(Math.min(...single))}; ${api === 'reports' ? 'reports API' : 'timeliness API'}`,
      verdict: ok && p95 !== null && p95 <= target.goalMs ? 'pass' : 'fail',
    });
  }

  bars.push(pageRow ?? (await measurePage(ctx, sut.url, cookie, o.pageLoads, details).catch((error) => errorRow(BARS.reportsPage.bar, BARS.reportsPage.goal, error))));
  return { bars, settings: { ...o }, details };
}

/**
 * Waits until /healthz answers within a second: a report request the client gave up on keeps
 * the server's one JavaScript thread busy until it is done, and the next phase should not pay
 * for the last one.
 */
async function waitUntilIdle(ctx: ScenarioContext, baseUrl: string, maxMs = 600_000): Promise<void> {
  const started = performance.now();
  let said = false;
  while (performance.now() - started < maxMs) {
    const t0 = performance.now();
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(30_000) });
      await res.arrayBuffer();
      if (performance.now() - t0 < 1000) {
        if (said) ctx.log(`    (server idle again after ${formatMs(performance.now() - started)})`);
        return;
      }
    } catch {
      // still busy
    }
    if (!said) ctx.log('    waiting for the server to finish the requests given up on (/healthz slower than 1 s) ...');
    said = true;
    await sleep(2000);
  }
}

function percentileOf(result: HttpLoadResult, p: number): number | null {
  const s: LatencySummary = LatencyRecorder.merge([result.latency]).summary();
  if (!s.count) return null;
  // Walk the exported [µs, count] pairs: the summary carries p50/p90/p99 only.
  const target = Math.ceil((p / 100) * s.count);
  let seen = 0;
  for (const [us, n] of result.latency) {
    seen += n;
    if (seen >= target) return us / 1000;
  }
  return s.max;
}

/** /pimpinan cold at 1280x800: navigation start to the ranking table and headline numbers drawn. */
async function measurePage(ctx: ScenarioContext, baseUrl: string, cookie: { name: string; value: string }, loads: number, details: Record<string, unknown>): Promise<BarRow> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  ctx.defer(() => browser.close());
  const times: number[] = [];
  try {
    for (let i = 0; i < loads; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.addCookies([{ ...cookie, url: baseUrl }]);
      const page = await context.newPage();
      try {
        await page.goto(`${baseUrl}/pimpinan`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
        // Complete = what the screen (client/src/pimpinan) marks as drawn: its data loaded and not
        // loading, the headline written, the overview's figures carrying their values and the
        // ranking table holding its OPD rows. Timed in the page, from navigation start.
        const ready = page.waitForFunction(pageComplete, undefined, { timeout: 120_000, polling: 'raf' }).then((h) => h.jsonValue() as Promise<number>);
        const placeholder = page.waitForSelector('main.placeholder', { timeout: 120_000 }).then(() => 'placeholder' as const);
        const outcome = await Promise.race([ready, placeholder]).catch(() => 'timeout' as const);
        if (outcome === 'placeholder') {
          details.page = 'not built';
          return { ...BARS.reportsPage, measured: 'not measured: screen not built (/pimpinan shows the placeholder page)', verdict: 'n/a' };
        }
        if (outcome === 'timeout') throw new Error('/pimpinan: the ranking table and headline figures were not drawn within 120 s');
        const ms = outcome;
        times.push(ms);
        ctx.log(`  /pimpinan cold load ${i + 1}: ${formatMs(ms)}`);
      } finally {
        await context.close();
      }
      await sleep(500);
    }
  } finally {
    await browser.close();
  }
  details.page = { loadsMs: times };
  const worst = Math.max(...times);
  return {
    ...BARS.reportsPage,
    measured: `${times.map((t) => formatMs(t)).join(', ')} (worst ${formatMs(worst)}, ${loads} cold loads)`,
    verdict: worst <= BAR_NUMBERS.reportsPageMs ? 'pass' : 'fail',
  };
}

/** One request alone is given this long (Node's fetch stops waiting for headers at 300 s). */
const SINGLE_LIMIT_MS = 290_000;

/** Above this multiple of the bar for one request alone, the open loop is not run. */
const OPEN_LOOP_LIMIT = 10;

/** In the page: performance.now() once the first picture is complete, else false. */
function pageComplete(): number | false {
  const root = document.querySelector('[data-testid="pimpinan"]') as HTMLElement | null;
  if (!root || !root.dataset.loaded || root.dataset.loading === 'true') return false;
  const headline = document.querySelector('[data-testid="headline"]')?.textContent?.trim();
  const figures = [...document.querySelectorAll('[data-testid="overview"] [data-testid^="fig-"]')];
  const rows = document.querySelectorAll('[data-testid="ranking-table"] tbody tr[data-key]');
  if (!headline || figures.length === 0 || rows.length === 0) return false;
  return figures.every((f) => f.hasAttribute('data-value')) ? performance.now() : false;
}
