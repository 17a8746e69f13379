// Scenario `prober`: N HTTP monitors at an interval (default 10,000 at 30 s) against local
// targets (a separate process serving HTTP on a few ports), checked by the server's built-in
// prober with its default settings. The monitors are inserted while the server is stopped, so
// it starts with all of them (as after a deploy). Over the window: checks/s and check lag from
// the server's metrics (pantau_probe_checks_total, pantau_probe_lag_seconds), whether the
// results keep up through the heartbeat processor, and CPU.
import { BAR_NUMBERS, BARS } from '../bars.ts';
import { metricSum } from '../stats/prometheus.ts';
import { formatUsage, ResourceProbe, usageBetween } from '../stats/resources.ts';
import { judgeIngestStep } from '../stats/verdicts.ts';
import { formatRate, type BarRow } from '../report.ts';
import { WorkerProcess } from '../load/worker-process.ts';
import { backlog } from '../../server/streams/event-stream.ts';
import { streamKeys } from '../../server/streams/stream-keys.ts';
import { histogramWindow, sampleEvery, sleep, startSystem, type ScenarioContext, type ScenarioOutcome } from './scenario-kit.ts';

export async function runProber(ctx: ScenarioContext): Promise<ScenarioOutcome> {
  const o = ctx.options.prober;
  const { sut } = await startSystem(ctx, 'prober');
  const targets = new WorkerProcess('http-targets', 'bench/load/http-targets.ts');
  ctx.defer(() => targets.close());
  const { ports } = await targets.request<{ ports: number[] }>('init', { ports: o.targetPorts });

  await sut.server.stop();
  const sql = sut.deployment.sql(2);
  ctx.defer(() => sql.end());
  const opds = (await sql<{ code: string }[]>`select code from opd where not external order by code`).map((r) => r.code);
  const started = performance.now();
  for (let i = 0; i < o.monitors; i += 1000) {
    const rows = Array.from({ length: Math.min(1000, o.monitors - i) }, (_, j) => {
      const n = i + j;
      return {
        code: `bench-http-${String(n).padStart(5, '0')}`,
        name: `Bench target ${n}`,
        opd_code: opds[n % opds.length],
        kind: 'http',
        target: `http://127.0.0.1:${ports[n % ports.length]}/svc/${n}`,
        interval_seconds: o.intervalSeconds,
        timeout_ms: 5000,
      };
    });
    await sql`insert into monitors ${sql(rows)}`;
  }
  ctx.log(`  ${o.monitors} HTTP monitors at ${o.intervalSeconds} s inserted in ${((performance.now() - started) / 1000).toFixed(1)} s; targets on ports ${ports.join(', ')}`);
  await sut.server.start();
  const redis = sut.deployment.redis();
  ctx.defer(() => redis.disconnect());
  const resources = new ResourceProbe(sut, sql, redis);
  const keys = streamKeys(sut.deployment.prefix);

  ctx.log(`  ${o.warmupSeconds} s warm-up + ${o.seconds} s measured`);
  await sleep(o.warmupSeconds * 1000);
  const m0 = await sut.server.metrics();
  const r0 = await resources.read();
  const targetCount0 = await targets.request<number>('count');
  const t0 = performance.now();
  const sampler = sampleEvery(1000, () => backlog(redis, keys, 'heartbeats'));
  await sleep(o.seconds * 1000);
  const m1 = await sut.server.metrics();
  const r1 = await resources.read();
  const targetCount1 = await targets.request<number>('count');
  const windowSeconds = (performance.now() - t0) / 1000;
  const backlogPoints = await sampler.stop();

  const checks = (m: typeof m0, status?: string) => metricSum(m, 'pantau_probe_checks_total', status ? { status } : {});
  const checksRate = (checks(m1) - checks(m0)) / windowSeconds;
  const downRate = (checks(m1, 'down') - checks(m0, 'down')) / windowSeconds;
  const expected = o.monitors / o.intervalSeconds;
  const lag = histogramWindow(m0, m1, 'pantau_probe_lag_seconds');
  const processedRate =
    (metricSum(m1, 'pantau_processed_events_total', { kind: 'heartbeats' }) - metricSum(m0, 'pantau_processed_events_total', { kind: 'heartbeats' })) / windowSeconds;
  // The prober's batches vary in size; 50 results per entry is a fair scale for the noise allowance.
  const keepUp = judgeIngestStep({ offeredRate: checksRate, acceptedRate: checksRate, processedRate, backlog: backlogPoints, windowSeconds, eventsPerEntry: 50 });
  const usage = usageBetween(r0, r1);
  const details = {
    monitors: o.monitors,
    intervalSeconds: o.intervalSeconds,
    windowSeconds,
    expectedChecksPerSecond: expected,
    checksPerSecond: checksRate,
    downPerSecond: downRate,
    targetRequestsPerSecond: (targetCount1 - targetCount0) / windowSeconds,
    lag,
    resultsProcessedPerSecond: processedRate,
    resultsKeepUp: keepUp,
    heartbeatBacklog: backlogPoints,
    resources: usage,
  };
  ctx.log(
    `    ${checksRate.toFixed(1)} checks/s (expected ${expected.toFixed(1)}; ${downRate.toFixed(1)} down), lag p50 <= ${lag.p50AtMostSeconds} s, p99 <= ${lag.p99AtMostSeconds} s; results processed ${formatRate(
      processedRate,
    )} (${keepUp.flat ? 'keeping up' : keepUp.reasons.join('; ')}); ${formatUsage(usage)}, RSS ${Math.round((usage.serverRssBytes ?? 0) / 1024 / 1024)} MiB`,
  );

  const meets = o.monitors >= BAR_NUMBERS.monitors && o.intervalSeconds === BAR_NUMBERS.monitorIntervalSeconds;
  const ok = checksRate >= 0.97 * expected && (lag.p99AtMostSeconds ?? Infinity) <= 1 && downRate === 0 && keepUp.flat;
  const bar: BarRow = {
    ...BARS.prober,
    measured: `${o.monitors.toLocaleString('en-US')} monitors: ${checksRate.toFixed(0)}/${expected.toFixed(0)} checks/s, lag p99 <= ${lag.p99AtMostSeconds} s, ${downRate.toFixed(1)} down/s, results ${
      keepUp.flat ? 'keep up' : 'fall behind'
    }; server CPU ${Math.round(usage.serverCpuPercent ?? 0)}% of a core (postgres ${Math.round(usage.postgresCpuPercent)}%)`,
    verdict: meets ? (ok ? 'pass' : 'fail') : 'n/a',
    ...(meets ? {} : { note: `run had ${o.monitors} monitors at ${o.intervalSeconds} s` }),
  };
  return { bars: [bar], settings: { ...o, proberSettings: 'server defaults (PANTAU_PROBER_CONCURRENCY 256)' }, details };
}
