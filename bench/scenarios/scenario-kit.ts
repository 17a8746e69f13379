// What every scenario gets from the bench, and the pieces they share: starting the server
// under test and load processes, reading the stream backlog, waiting for it to drain.
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { EVENT_KINDS } from '../../shared/events.ts';
import { backlog } from '../../server/streams/event-stream.ts';
import { streamKeys } from '../../server/streams/stream-keys.ts';
import { newAccess, type Access } from '../access.ts';
import type { BenchOptions } from '../options.ts';
import type { BarRow } from '../report.ts';
import { bucketDelta, bucketQuantile, bucketTotal, histogramBuckets, type PromSample } from '../stats/prometheus.ts';
import { SystemUnderTest } from '../system-under-test.ts';
import type { IngestLoadConfig, LoadRunRequest, LoadRunResult } from '../load/ingest-load.ts';
import { WorkerProcess } from '../load/worker-process.ts';

export interface ScenarioContext {
  options: BenchOptions;
  /** Server logs go here, one file per scenario. */
  logDir: string;
  runStamp: string;
  log(line: string): void;
  /** Registered cleanups run when the scenario ends, and on Ctrl-C. */
  defer(cleanup: () => Promise<void> | void): void;
  /** Runs the cleanups registered so far (a scenario that starts several systems one after the other). */
  cleanupNow(): Promise<void>;
}

export interface ScenarioOutcome {
  bars: BarRow[];
  settings: Record<string, unknown>;
  details: Record<string, unknown>;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Server settings every scenario uses; stated in the report. */
export const SERVER_ENV: Record<string, string> = {
  // One API key carries the whole load here; real channels each have their own key and limit.
  PANTAU_INGEST_REQUESTS_PER_MINUTE: '1000000',
  // BENCH_SERVER_ENV="PANTAU_TICK_MS=100 ..." tries other server settings (printed with the run).
  ...Object.fromEntries(
    (process.env.BENCH_SERVER_ENV ?? '')
      .split(/\s+/)
      .filter((pair) => pair.includes('='))
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  ),
};

export async function startSystem(ctx: ScenarioContext, name: string, env: Record<string, string> = {}, redisUrl?: string): Promise<{ sut: SystemUnderTest; access: Access }> {
  const access = newAccess();
  const sut = await SystemUnderTest.start({
    access,
    redisUrl,
    tag: name,
    keep: ctx.options.keep,
    env: { ...SERVER_ENV, ...env },
    logFile: path.join(ctx.logDir, `${ctx.runStamp}-${name}-server.log`),
    extraProcessors: ctx.options.serverProcesses - 1,
  });
  ctx.defer(() => sut.stop());
  const extras = sut.extraProcessors.length ? ` + ${sut.extraProcessors.length} processors-only (pids ${sut.extraProcessors.map((p) => p.pid).join(', ')})` : '';
  ctx.log(`  server pid ${sut.server.pid}${extras} at ${sut.url}, database ${sut.deployment.databaseName}, Redis prefix ${sut.deployment.prefix}`);
  return { sut, access };
}

export function runTag(): string {
  return randomBytes(3).toString('hex');
}

/** Forks an ingest load process and builds its event pool. */
export async function startIngestLoad(ctx: ScenarioContext, name: string, config: IngestLoadConfig): Promise<WorkerProcess> {
  const worker = new WorkerProcess(name, 'bench/load/ingest-load.ts');
  ctx.defer(() => worker.close());
  await worker.request('init', { config });
  return worker;
}

export function runLoad(worker: WorkerProcess, request: LoadRunRequest): Promise<LoadRunResult> {
  return worker.request<LoadRunResult>('run', { request });
}

/** Entries waiting in the three streams (undelivered + pending), as the server counts them. */
export async function totalBacklog(redis: Redis, prefix: string): Promise<number> {
  const keys = streamKeys(prefix);
  const parts = await Promise.all(EVENT_KINDS.map((k) => backlog(redis, keys, k)));
  return parts.reduce((a, b) => a + b, 0);
}

/** Waits until the backlog is empty; returns how long it took, or null on timeout. */
export async function waitForDrain(redis: Redis, prefix: string, timeoutMs: number): Promise<number | null> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if ((await totalBacklog(redis, prefix)) === 0) return performance.now() - started;
    await sleep(250);
  }
  return null;
}

/** Samples `probe` every `everyMs` until stopped; x = seconds since start. */
export function sampleEvery(everyMs: number, probe: () => Promise<number>): { stop(): Promise<{ x: number; y: number }[]> } {
  const points: { x: number; y: number }[] = [];
  const started = performance.now();
  let running = true;
  const loop = (async () => {
    while (running) {
      const t = performance.now();
      try {
        points.push({ x: (t - started) / 1000, y: await probe() });
      } catch {
        // a missed sample is not a result
      }
      await sleep(Math.max(0, everyMs - (performance.now() - t)));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return points;
    },
  };
}

export function errorRow(bar: string, goal: string, error: unknown): BarRow {
  return { bar, goal, measured: `error: ${(error as Error).message.split('\n')[0].slice(0, 160)}`, verdict: 'fail' };
}

/** "p50 <= a, p99 <= b" (seconds, bucket upper bounds) of a server histogram between two scrapes. */
export function histogramWindow(before: PromSample[], after: PromSample[], name: string, labels: Record<string, string> = {}) {
  const delta = bucketDelta(histogramBuckets(before, name, labels), histogramBuckets(after, name, labels));
  return { count: bucketTotal(delta), p50AtMostSeconds: bucketQuantile(delta, 0.5), p99AtMostSeconds: bucketQuantile(delta, 0.99) };
}

/** Events of `source` written to Postgres so far (every process's processors count here). */
export async function eventsInPostgres(sql: import('postgres').Sql, source: string): Promise<number> {
  const [row] = await sql<{ n: string }[]>`select coalesce(sum(event_count), 0)::text as n from ingest_batches where source = ${source}`;
  return Number(row.n);
}
