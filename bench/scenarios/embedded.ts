// Scenario `embedded`: `npm start` on a fresh data directory, as a new user runs it (embedded
// PGlite, private Redis, the simulator posting a month of history, then the live city). From
// outside, every 250 ms: how long GET /healthz takes to answer (what any screen or proxy sees
// of a busy event loop) and the memory of every process of the tree; every second, the
// server's own event-loop delay (prom-client's max since the last scrape). Reports time to
// listen, how long the backfill took, peak RSS per process and in all, the longest answer and
// the longest event-loop stall during the backfill and after it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../server/config.ts';
import { buildClientIfNeeded } from '../../server/infra/client-build.ts';
import { BARS } from '../bars.ts';
import { LatencyRecorder, formatMs } from '../stats/latency.ts';
import { hasMetric, metricSum, parsePrometheus } from '../stats/prometheus.ts';
import { readProc } from '../stats/proc.ts';
import { formatBytes, type BarRow } from '../report.ts';
import { freePort } from '../system-under-test.ts';
import { sleep, type ScenarioContext, type ScenarioOutcome } from './scenario-kit.ts';

function childrenOf(pid: number): number[] {
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function treeOf(pid: number): number[] {
  return [pid, ...childrenOf(pid).flatMap(treeOf)];
}

/** "server", "simulator", "redis" or the program's name. */
function roleOf(pid: number): string {
  try {
    const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const line = args.join(' ');
    if (line.includes('server/simulator/main.ts')) return 'simulator';
    if (line.includes('server/start.ts')) return 'server';
    if (line.includes('redis-server')) return 'redis';
    return path.basename(args[0] ?? '?');
  } catch {
    return '?';
  }
}

interface Phase {
  health: LatencyRecorder;
  /** Health checks that took over a second, or got no answer within 30 s. */
  slow: number;
  maxLagSeconds: number;
  peakRss: Record<string, number>;
}

const newPhase = (): Phase => ({ health: new LatencyRecorder(), slow: 0, maxLagSeconds: 0, peakRss: {} });

/** Backfill is over when events come in at the live pace for this long. */
const QUIET_SECONDS = 20;
/** Events/s the demo sends live (a few), far below a backfill's thousands. */
const LIVE_PACE = 200;

export async function runEmbedded(ctx: ScenarioContext): Promise<ScenarioOutcome> {
  const o = ctx.options.embedded;
  if (await buildClientIfNeeded(path.join(repoRoot, 'dist/client'), () => ctx.log('  building the wall (vite) ...'))) ctx.log('  built');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-embedded-'));
  ctx.defer(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(ctx.logDir, `${ctx.runStamp}-embedded-npm-start.log`);
  const out = fs.openSync(logFile, 'a');
  const env = { ...process.env, PANTAU_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: '', REDIS_URL: '', PANTAU_BACKFILL_DAYS: String(o.backfillDays) };
  const started = performance.now();
  // As npm start runs it (package.json), in a process group of its own so one signal reaches it all.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/start.ts'], { cwd: repoRoot, env, stdio: ['ignore', out, out], detached: true });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  ctx.defer(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(-child.pid!, 'SIGINT');
      const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
  });
  ctx.log(`  npm start (pid ${child.pid}) on ${url}, data in ${dataDir}, backfill ${o.backfillDays} days; log ${path.relative(repoRoot, logFile)}`);

  const seconds = () => (performance.now() - started) / 1000;
  let listeningAt: number | null = null;
  let backfillDoneAt: number | null = null;
  let phase: Phase = newPhase();
  const backfill = phase;
  let after: Phase | null = null;
  let lastScrape = 0;
  let startupLagSeconds: number | null = null;
  let lastEvents: { at: number; count: number } | null = null;
  let quietSince: number | null = null;
  let busiestRate = 0;
  const timeline: { t: number; healthMs: number | null; lagMaxSeconds: number | null; rssBytes: number; eventsPerSecond: number | null }[] = [];

  while (seconds() < o.maxSeconds && child.exitCode === null) {
    const t0 = performance.now();
    let healthMs: number | null = null;
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(30_000) });
      await res.text();
      if (res.ok) healthMs = performance.now() - t0;
    } catch (error) {
      // Not listening yet: not a slow answer. A timeout once listening is.
      if (listeningAt !== null && (error as Error).name === 'TimeoutError') phase.slow += 1;
    }
    if (healthMs !== null) {
      listeningAt ??= seconds();
      phase.health.recordMs(healthMs);
      if (healthMs > 1000) phase.slow += 1;
    }
    let total = 0;
    for (const pid of treeOf(child.pid!)) {
      const role = roleOf(pid);
      const rss = readProc(pid)?.rssBytes ?? 0;
      total += rss;
      phase.peakRss[role] = Math.max(phase.peakRss[role] ?? 0, rss);
    }
    phase.peakRss.total = Math.max(phase.peakRss.total ?? 0, total);

    let lag: number | null = null;
    let rate: number | null = null;
    if (listeningAt !== null && performance.now() - lastScrape >= 1000) {
      lastScrape = performance.now();
      try {
        const metrics = parsePrometheus(await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(30_000) })).text());
        if (hasMetric(metrics, 'nodejs_eventloop_lag_max_seconds')) {
          lag = metricSum(metrics, 'nodejs_eventloop_lag_max_seconds');
          // The first scrape holds everything since the process began (loading, migrations, seed).
          if (startupLagSeconds === null) startupLagSeconds = lag;
          else phase.maxLagSeconds = Math.max(phase.maxLagSeconds, lag);
        }
        const backlog = metricSum(metrics, 'pantau_stream_backlog_entries');
        const count = metricSum(metrics, 'pantau_ingest_events_total', { outcome: 'accepted' });
        const now = seconds();
        if (lastEvents && now > lastEvents.at) {
          rate = (count - lastEvents.count) / (now - lastEvents.at);
          busiestRate = Math.max(busiestRate, rate);
          if (rate < LIVE_PACE && busiestRate >= LIVE_PACE && backlog === 0) quietSince ??= now;
          else quietSince = null;
        }
        lastEvents = { at: now, count };
      } catch {
        // a missed scrape is not a result
      }
    }
    timeline.push({ t: Math.round(seconds() * 10) / 10, healthMs: healthMs === null ? null : Math.round(healthMs), lagMaxSeconds: lag, rssBytes: total, eventsPerSecond: rate === null ? null : Math.round(rate) });
    if (backfillDoneAt === null && quietSince !== null && seconds() - quietSince >= QUIET_SECONDS) {
      backfillDoneAt = quietSince;
      ctx.log(`    backfill done at ${Math.round(backfillDoneAt)} s (busiest ${Math.round(busiestRate)} events/s); watching the live city for ${o.afterSeconds} s`);
      after = newPhase();
      phase = after;
    }
    if (after && backfillDoneAt !== null && seconds() - backfillDoneAt >= o.afterSeconds + QUIET_SECONDS) break;
    if (timeline.length % 40 === 0) {
      ctx.log(`    ${Math.round(seconds())} s: RSS ${formatBytes(total)} (peak ${formatBytes(phase.peakRss.total)}), health max ${formatMs(phase.health.summary().max)}, event-loop max ${phase.maxLagSeconds.toFixed(2)} s${rate === null ? '' : `, ${Math.round(rate)} events/s`}`);
    }
    await sleep(Math.max(0, 250 - (performance.now() - t0)));
  }
  await ctx.cleanupNow();

  const describe = (p: Phase) => {
    const h = p.health.summary();
    return {
      health: { count: h.count, p50Ms: h.p50, p99Ms: h.p99, maxMs: h.max },
      slowAnswers: p.slow,
      eventLoopMaxSeconds: p.maxLagSeconds,
      peakRssBytes: p.peakRss,
    };
  };
  const b = describe(backfill);
  const a = after ? describe(after) : null;
  const rssLine = (peaks: Record<string, number>) =>
    Object.entries(peaks)
      .filter(([k]) => k !== 'total')
      .map(([k, v]) => `${k} ${formatBytes(v)}`)
      .join(', ');
  ctx.log(
    `    start to listening ${listeningAt === null ? '-' : `${listeningAt.toFixed(1)} s`} (event-loop max before it ${startupLagSeconds?.toFixed(2) ?? '-'} s); backfill ${backfillDoneAt === null ? 'not done' : `${Math.round(backfillDoneAt)} s`}; during it: peak RSS ${formatBytes(b.peakRssBytes.total ?? 0)} (${rssLine(b.peakRssBytes)}), /healthz p99 ${formatMs(b.health.p99Ms)} max ${formatMs(b.health.maxMs)} (${b.slowAnswers} over 1 s), event-loop max ${b.eventLoopMaxSeconds.toFixed(2)} s`,
  );
  if (a) {
    ctx.log(`    live city after it: peak RSS ${formatBytes(a.peakRssBytes.total ?? 0)} (${rssLine(a.peakRssBytes)}), /healthz p99 ${formatMs(a.health.p99Ms)} max ${formatMs(a.health.maxMs)}, event-loop max ${a.eventLoopMaxSeconds.toFixed(2)} s`);
  }
  const row: BarRow = {
    ...BARS.embedded,
    measured: `backfill of ${o.backfillDays} days ${backfillDoneAt === null ? 'not done' : `${Math.round(backfillDoneAt)} s`}; peak RSS ${formatBytes(b.peakRssBytes.total ?? 0)} (server ${formatBytes(b.peakRssBytes.server ?? 0)}); /healthz max ${formatMs(
      b.health.maxMs,
    )}, ${b.slowAnswers} answers over 1 s; event-loop max ${b.eventLoopMaxSeconds.toFixed(2)} s`,
    verdict: backfillDoneAt === null ? 'fail' : b.slowAnswers === 0 ? 'pass' : 'fail',
  };
  return { bars: [row], settings: { ...o }, details: { listeningAtSeconds: listeningAt, startupLagSeconds, backfillSeconds: backfillDoneAt, backfill: b, after: a, timeline } };
}
