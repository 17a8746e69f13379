// Scenario `ingest`: a ladder of offered rates (open loop, the simulator's event mix, batches of
// 500). Per step: what the server accepted (202) and what the processors finished (Postgres and
// live state), both from its /metrics counters over the window after the warm-up; the stream
// backlog sampled every second from Redis; request latency from the intended send time. The
// answer is the highest step whose backlog stayed flat. At the end the events in Postgres are
// counted against what was accepted. `--redis-persistence a,b` runs the ladder once per Redis
// setting (a 202 means "in the Redis stream": how Redis keeps it is part of the cost), one row each.
import { EVENT_KINDS } from '../../shared/events.ts';
import { BAR_NUMBERS, BARS } from '../bars.ts';
import { LatencyRecorder, type LatencySummary } from '../stats/latency.ts';
import { metricSum, type PromSample } from '../stats/prometheus.ts';
import { readCpuSecondsOf } from '../stats/proc.ts';
import { formatUsage, ResourceProbe, usageBetween, type ResourceUsage } from '../stats/resources.ts';
import { highestFlatRate, judgeIngestStep, type IngestStepVerdict } from '../stats/verdicts.ts';
import { formatRate, type BarRow } from '../report.ts';
import type { LoadRunResult } from '../load/ingest-load.ts';
import type { RedisPersistence } from '../options.ts';
import { measureXadd, startBenchRedis } from '../redis-persistence.ts';
import { REDIS_URL } from '../system-under-test.ts';
import path from 'node:path';
import fs from 'node:fs';
import { repoRoot } from '../../server/config.ts';
import {
  runLoad,
  runTag,
  eventsInPostgres,
  sampleEvery,
  sleep,
  startIngestLoad,
  startSystem,
  totalBacklog,
  waitForDrain,
  type ScenarioContext,
  type ScenarioOutcome,
} from './scenario-kit.ts';

export interface IngestStep {
  offeredRate: number;
  windowSeconds: number;
  acceptedRate: number;
  processedRate: number;
  /** Which processor is the bottleneck: events/s finished per stream (the web process's own processors). */
  processedRateByKind: Record<string, number>;
  processedRateSource: string;
  refusedOrFailedRequests: Record<string, number>;
  requestLatency: LatencySummary;
  backlog: { x: number; y: number }[];
  verdict: IngestStepVerdict;
  flat: boolean;
  resources: ResourceUsage;
  /** CPU of the load processes themselves (they share the machine). */
  loadCpuPercent: number;
  drainMs: number | null;
  loadGenerator: { maxDispatchDelayMs: number; peakInflight: number; unfinished: number };
}

const counters = (m: PromSample[]) => ({
  accepted: metricSum(m, 'pantau_ingest_events_total', { outcome: 'accepted' }),
  processed: metricSum(m, 'pantau_processed_events_total'),
  byKind: Object.fromEntries(EVENT_KINDS.map((kind) => [kind, metricSum(m, 'pantau_processed_events_total', { kind })])),
});

export async function runIngest(ctx: ScenarioContext): Promise<ScenarioOutcome> {
  const settings = ctx.options.ingest.redisPersistence;
  if (settings.length === 1) return runIngestOn(ctx, settings[0]);
  const outcomes: ScenarioOutcome[] = [];
  for (const persistence of settings) {
    // One ladder at a time, each with its own server, database and Redis.
    outcomes.push(await runIngestOn(ctx, persistence));
    await ctx.cleanupNow();
  }
  return {
    bars: outcomes.flatMap((o) => o.bars),
    settings: { ...outcomes[0].settings, redisPersistence: settings },
    details: { runs: Object.fromEntries(settings.map((p, i) => [p, outcomes[i].details])) },
  };
}

async function runIngestOn(ctx: ScenarioContext, persistence: RedisPersistence): Promise<ScenarioOutcome> {
  const o = ctx.options.ingest;
  const redisRoot = path.join(repoRoot, 'bench-results', 'redis');
  fs.mkdirSync(redisRoot, { recursive: true });
  const benchRedis = await startBenchRedis(persistence, REDIS_URL, redisRoot);
  ctx.defer(() => benchRedis.stop());
  const xadd = await measureXadd(benchRedis.url, `pantau-bench-${runTag()}:`);
  const xaddText = `XADD of 20 KB p50 ${xadd.sequentialP50Ms.toFixed(2)} / p99 ${xadd.sequentialP99Ms.toFixed(2)} ms, ${Math.round(xadd.concurrentPerSecond)}/s from 16 clients`;
  ctx.log(`  Redis: ${benchRedis.description}; ${xaddText}`);
  const { sut, access } = await startSystem(ctx, 'ingest', {}, benchRedis.url);
  const redis = sut.deployment.redis();
  ctx.defer(() => redis.disconnect());
  const probeSql = sut.deployment.sql(1);
  ctx.defer(() => probeSql.end());
  const resources = new ResourceProbe(sut, probeSql, redis);
  const tag = runTag();
  const loads = await Promise.all(
    Array.from({ length: o.loadProcesses }, (_, i) =>
      startIngestLoad(ctx, `ingest-load-${i}`, {
        url: sut.url,
        apiKey: access.apiKey,
        source: access.source,
        runTag: `${tag}${i}`,
        seed: 1 + i,
        mode: 'city',
        batchSize: o.batchSize,
        maxInflight: 128,
        retry: false,
        phaseFraction: i / o.loadProcesses,
      }),
    ),
  );

  const steps: IngestStep[] = [];
  for (const rate of o.rates) {
    ctx.log(`  step ${formatRate(rate)} offered: ${o.warmupSeconds} s warm-up + ${o.stepSeconds} s measured`);
    const perProcess = rate / loads.length;
    const running = Promise.all(loads.map((l) => runLoad(l, { rate: perProcess, durationMs: (o.warmupSeconds + o.stepSeconds) * 1000, warmupMs: o.warmupSeconds * 1000 })));
    await sleep(o.warmupSeconds * 1000);
    const m0 = counters(await sut.server.metrics());
    const pg0 = await eventsInPostgres(probeSql, access.source);
    const r0 = await resources.read();
    const l0 = readCpuSecondsOf(loads.map((l) => l.pid));
    const t0 = performance.now();
    const sampler = sampleEvery(1000, () => totalBacklog(redis, sut.deployment.prefix));
    await sleep(o.stepSeconds * 1000);
    const m1 = counters(await sut.server.metrics());
    const pg1 = await eventsInPostgres(probeSql, access.source);
    const r1 = await resources.read();
    const l1 = readCpuSecondsOf(loads.map((l) => l.pid));
    const windowSeconds = (performance.now() - t0) / 1000;
    const backlogPoints = await sampler.stop();
    const results: LoadRunResult[] = await running;

    const latency = LatencyRecorder.merge(results.map((r) => r.latency)).summary();
    const outcomes: Record<string, number> = {};
    for (const r of results) for (const [k, v] of Object.entries(r.outcomes)) if (k !== '202') outcomes[k] = (outcomes[k] ?? 0) + v;
    const acceptedRate = (m1.accepted - m0.accepted) / windowSeconds;
    // With processors-only processes the web process's counter sees only its own share: count
    // what reached Postgres instead (the live state follows within milliseconds).
    const multi = sut.extraProcessors.length > 0;
    const processedRate = multi ? (pg1 - pg0) / windowSeconds : (m1.processed - m0.processed) / windowSeconds;
    const verdict = judgeIngestStep({ offeredRate: rate, acceptedRate, processedRate, backlog: backlogPoints, windowSeconds, eventsPerEntry: o.batchSize });
    const drainMs = await waitForDrain(redis, sut.deployment.prefix, o.drainSeconds * 1000);
    const step: IngestStep = {
      offeredRate: rate,
      windowSeconds,
      acceptedRate,
      processedRate,
      processedRateByKind: Object.fromEntries(EVENT_KINDS.map((k) => [k, Math.round((m1.byKind[k] - m0.byKind[k]) / windowSeconds)])),
      processedRateSource: multi ? 'postgres (ingest_batches)' : 'metrics (pantau_processed_events_total)',
      refusedOrFailedRequests: outcomes,
      requestLatency: latency,
      backlog: backlogPoints,
      verdict,
      flat: verdict.flat,
      resources: usageBetween(r0, r1),
      loadCpuPercent: ((l1 - l0) / windowSeconds) * 100,
      drainMs,
      loadGenerator: {
        maxDispatchDelayMs: Math.max(...results.map((r) => r.maxDispatchDelayMs)),
        peakInflight: Math.max(...results.map((r) => r.peakInflight)),
        unfinished: results.reduce((a, r) => a + r.unfinished, 0),
      },
    };
    steps.push(step);
    ctx.log(
      `    accepted ${formatRate(acceptedRate)}, processed ${formatRate(processedRate)} ${JSON.stringify(step.processedRateByKind)}, backlog ${backlogPoints[0]?.y ?? '-'} -> ${
        backlogPoints.at(-1)?.y ?? '-'
      } entries (slope ${verdict.backlogSlopeEvents.toFixed(0)} ev/s), request p50 ${latency.p50?.toFixed(1)} / p99 ${latency.p99?.toFixed(1)} / max ${latency.max?.toFixed(
        1,
      )} ms, ${formatUsage(step.resources)}, load ${Math.round(step.loadCpuPercent)}%${Object.keys(outcomes).length ? `, non-202: ${JSON.stringify(outcomes)}` : ''} -> ${verdict.flat ? 'flat' : `NOT flat (${verdict.reasons.join('; ')})`}`,
    );
    if (!verdict.flat) break;
  }

  // Everything accepted must end up in Postgres (processed) once the backlog has drained.
  const drainedMs = await waitForDrain(redis, sut.deployment.prefix, Math.max(30_000, o.drainSeconds * 1000));
  const final = await sut.server.metrics();
  const sql = sut.deployment.sql();
  const [pg] = await sql<{ events: string; batches: string }[]>`select coalesce(sum(event_count), 0)::text as events, count(*)::text as batches from ingest_batches where source = ${access.source}`;
  await sql.end();
  const finalCounts = {
    acceptedEvents: metricSum(final, 'pantau_ingest_events_total', { outcome: 'accepted' }),
    processedEventsByWebProcess: metricSum(final, 'pantau_processed_events_total', {}),
    eventsInPostgres: Number(pg.events),
    batchesInPostgres: Number(pg.batches),
    backlogAfter: await totalBacklog(redis, sut.deployment.prefix),
    drainedWithinMs: drainedMs,
  };
  // Processor-side events include the prober's own results (none here: no HTTP monitors have targets).
  ctx.log(
    `  final: accepted ${finalCounts.acceptedEvents}, in Postgres ${finalCounts.eventsInPostgres} (${finalCounts.batchesInPostgres} batches), backlog ${finalCounts.backlogAfter}`,
  );

  const best = highestFlatRate(steps);
  const firstBad = steps.find((s) => !s.flat);
  const reachedBar = o.rates.some((r) => r >= BAR_NUMBERS.ingestRate);
  let verdict: BarRow['verdict'];
  if (best !== null && best >= BAR_NUMBERS.ingestRate) verdict = 'pass';
  else if (firstBad || reachedBar) verdict = 'fail';
  else verdict = 'n/a';
  // Only a drained pipeline can say "lost": until then the difference is still on its way.
  const lost = finalCounts.backlogAfter === 0 ? finalCounts.acceptedEvents - finalCounts.eventsInPostgres : 0;
  const measured =
    `Redis: ${benchRedis.description} (${xaddText}); ` +
    `highest flat step ${best === null ? 'none' : formatRate(best)}` +
    `; request p50/p99 ${steps.map((s) => `${s.requestLatency.p50?.toFixed(1)}/${s.requestLatency.p99?.toFixed(1)}`).join(', ')} ms at ${steps.map((s) => formatRate(s.offeredRate)).join(', ')}` +
    (firstBad ? `; at ${formatRate(firstBad.offeredRate)}: ${firstBad.verdict.reasons.join('; ')}` : '') +
    `; Postgres holds ${finalCounts.eventsInPostgres.toLocaleString('en-US')} of ${finalCounts.acceptedEvents.toLocaleString('en-US')} accepted`;
  const bars: BarRow[] = [
    {
      ...BARS.ingest,
      measured,
      verdict: lost !== 0 ? 'fail' : verdict,
      ...(verdict === 'n/a' ? { note: `ladder ended at ${formatRate(Math.max(...o.rates))}, below the bar` } : {}),
      ...(lost !== 0 ? { note: `${lost} accepted events missing from Postgres after draining` } : {}),
      ...(finalCounts.backlogAfter > 0 ? { note: `backlog of ${finalCounts.backlogAfter} entries not drained within 30 s` } : {}),
    },
  ];
  return {
    bars,
    settings: { ...o, serverProcesses: ctx.options.serverProcesses, eventMix: 'simulator load filler: complaints 38% (lifecycles), heartbeats 60%, uploads 2%' },
    details: { redis: benchRedis.description, xadd, steps, final: finalCounts, highestFlatRate: best },
  };
}
