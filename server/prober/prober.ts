// The built-in prober: checks HTTP(S) and TCP monitors on their interval and turns silence of
// push monitors into failures. Results go into the heartbeats stream like every other source,
// so the processor, state machine, incidents and alerts treat them the same way.
//
// Scheduling: one timer and a min-heap of due times; each monitor keeps a fixed phase in its
// interval (probe-schedule.ts). Checks run concurrently up to `maxConcurrent`, each with its own
// timeout, so a slow target never delays the others. Lag = start time - due time, in metrics.
import { ulid } from 'ulid';
import type { Redis } from 'ioredis';
import client from 'prom-client';
import { and, eq, inArray } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import type { HeartbeatEvent } from '../../shared/events.ts';
import type { Database } from '../infra/database.ts';
import type { Logger } from '../infra/logger.ts';
import type { Metrics } from '../infra/metrics.ts';
import { MinHeap } from '../infra/min-heap.ts';
import { withTimeout } from '../infra/promise-timeout.ts';
import { appendBatch } from '../streams/event-stream.ts';
import type { StreamKeys } from '../streams/stream-keys.ts';
import { syntheticFailures } from '../domain/uptime/monitor-state.ts';
import { graceSecondsOf, PROBER_SOURCE, SILENCE_SOURCE } from './monitor-config.ts';
import { nextDueAfter } from './probe-schedule.ts';
import { checkHttp, checkTcp, type CheckOutcome } from './run-check.ts';


interface ProbeMonitor {
  id: string;
  code: string;
  kind: 'http' | 'tcp';
  target: string;
  intervalMs: number;
  timeoutMs: number;
  config: unknown;
  /** Bumped on every reload, so stale heap entries of a changed monitor are dropped. */
  generation: number;
}

export interface ProberOptions {
  maxConcurrent: number;
  /** How often results are appended to the stream. */
  flushMs: number;
  reloadMs: number;
  silenceCheckMs: number;
  /** Only monitors with hash(id) % shards === shard (several nodes share the work). */
  shard: number;
  shards: number;
}

export const DEFAULT_PROBER_OPTIONS: ProberOptions = {
  maxConcurrent: 256,
  flushMs: 250,
  reloadMs: 30_000,
  silenceCheckMs: 5_000,
  shard: 0,
  shards: 1,
};

/** Which of `shards` probers checks the monitor with this id (PANTAU_PROBER_SHARD). */
export function proberShardOf(id: string, shards: number): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) | 0;
  return Math.abs(h) % shards;
}

export class Prober {
  private readonly heap = new MinHeap<{ id: string; generation: number; due: number }>();
  private readonly monitors = new Map<string, ProbeMonitor>();
  private generation = 0;
  private inflight = 0;
  private buffer: HeartbeatEvent[] = [];
  private timers: NodeJS.Timeout[] = [];
  private running = false;
  /**
   * Since when this prober could have heard every push (ms): its start, or Redis answering again
   * after it did not. Silence before it is not a service's outage (see monitor-state.ts); each
   * shard keeps its own, so restarting one shard leaves the others' judgement alone.
   */
  private listeningSince = Date.now();
  /** Redis did not answer at the last look: when it answers again, silence starts counting afresh. */
  private redisLost = false;
  private readonly lag: client.Histogram;
  private readonly checks: client.Counter<'kind' | 'status'>;
  private readonly inflightGauge: client.Gauge;
  readonly options: ProberOptions;

  constructor(
    private readonly db: Database,
    private readonly redis: Redis,
    private readonly streamKeys: StreamKeys,
    metrics: Metrics,
    private readonly log: Logger,
    options: Partial<ProberOptions> = {},
    private readonly liveReadyKey: string | null = null,
  ) {
    this.options = { ...DEFAULT_PROBER_OPTIONS, ...options };
    this.lag = new client.Histogram({
      name: 'pantau_probe_lag_seconds',
      help: 'How late a check started after it was due',
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [metrics.registry],
    });
    this.checks = new client.Counter({
      name: 'pantau_probe_checks_total',
      help: 'Checks run by the prober',
      labelNames: ['kind', 'status'],
      registers: [metrics.registry],
    });
    this.inflightGauge = new client.Gauge({ name: 'pantau_probe_inflight', help: 'Checks running now', registers: [metrics.registry] });
  }

  async start(): Promise<void> {
    this.running = true;
    this.listeningSince = Date.now();
    await this.reload();
    this.timers.push(setInterval(() => this.dispatchDue(), 20));
    this.timers.push(setInterval(() => void this.flush(), this.options.flushMs));
    this.timers.push(setInterval(() => void this.reload().catch((err) => this.log.warn({ err: err.message }, 'prober reload failed')), this.options.reloadMs));
    this.timers.push(setInterval(() => void this.checkSilence().catch((err) => this.log.warn({ err: err.message }, 'silence check failed')), this.options.silenceCheckMs));
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.flush();
  }

  get monitorCount(): number {
    return this.monitors.size;
  }

  private mine(id: string): boolean {
    return this.options.shards <= 1 || proberShardOf(id, this.options.shards) === this.options.shard;
  }

  /** Reads the monitors to probe; changed ones are rescheduled on their grid. */
  async reload(): Promise<void> {
    const rows = await this.db
      .select()
      .from(t.monitors)
      .where(and(eq(t.monitors.active, true), inArray(t.monitors.kind, ['http', 'tcp'])));
    const now = Date.now();
    const seen = new Set<string>();
    for (const row of rows) {
      if (!row.target || !this.mine(row.id)) continue;
      seen.add(row.id);
      const current = this.monitors.get(row.id);
      const next: Omit<ProbeMonitor, 'generation'> = {
        id: row.id,
        code: row.code,
        kind: row.kind as 'http' | 'tcp',
        target: row.target,
        intervalMs: row.intervalSeconds * 1000,
        timeoutMs: row.timeoutMs,
        config: row.config,
      };
      if (current && JSON.stringify({ ...current, generation: 0 }) === JSON.stringify({ ...next, generation: 0 })) continue;
      const generation = ++this.generation;
      this.monitors.set(row.id, { ...next, generation });
      this.heap.push(nextDueAfter(now, row.id, next.intervalMs), { id: row.id, generation, due: nextDueAfter(now, row.id, next.intervalMs) });
    }
    for (const id of [...this.monitors.keys()]) if (!seen.has(id)) this.monitors.delete(id);
  }

  private dispatchDue(): void {
    if (!this.running) return;
    const now = Date.now();
    while (this.inflight < this.options.maxConcurrent) {
      const dueAt = this.heap.peekKey();
      if (dueAt === undefined || dueAt > now) break;
      const item = this.heap.pop()!;
      const monitor = this.monitors.get(item.id);
      if (!monitor || monitor.generation !== item.generation) continue;
      // Next slot on the grid after now: a prober that fell behind skips slots rather than bunching up.
      const next = nextDueAfter(Math.max(now, item.due), monitor.id, monitor.intervalMs);
      this.heap.push(next, { id: monitor.id, generation: monitor.generation, due: next });
      this.lag.observe((now - item.due) / 1000);
      void this.runOne(monitor, item.due);
    }
  }

  private async runOne(monitor: ProbeMonitor, due: number): Promise<void> {
    this.inflight += 1;
    this.inflightGauge.set(this.inflight);
    const at = new Date();
    let outcome: CheckOutcome;
    try {
      outcome =
        monitor.kind === 'http' ? await checkHttp(monitor.target, monitor.timeoutMs, monitor.config) : await checkTcp(monitor.target, monitor.timeoutMs);
    } catch (error) {
      outcome = { status: 'down', latencyMs: null, message: `check failed: ${(error as Error).message}` };
    } finally {
      this.inflight -= 1;
      this.inflightGauge.set(this.inflight);
    }
    this.checks.inc({ kind: monitor.kind, status: outcome.status });
    this.buffer.push({
      source: PROBER_SOURCE,
      // The due slot identifies the check: a result recorded twice is stored once.
      externalId: `${monitor.code}:${due}`,
      occurredAt: at.toISOString(),
      monitor: monitor.code,
      status: outcome.status,
      ...(outcome.latencyMs !== null ? { latencyMs: outcome.latencyMs } : {}),
      ...(outcome.statusCode !== undefined ? { statusCode: outcome.statusCode } : {}),
      ...(outcome.message ? { message: outcome.message.slice(0, 500) } : {}),
    });
  }

  async flush(): Promise<void> {
    if (!this.buffer.length) return;
    const events = this.buffer.splice(0, this.buffer.length);
    const bySource = new Map<string, HeartbeatEvent[]>();
    for (const e of events) bySource.set(e.source, [...(bySource.get(e.source) ?? []), e]);
    for (const [source, list] of bySource) {
      for (let i = 0; i < list.length; i += 1000) {
        const batch = list.slice(i, i + 1000);
        try {
          await appendBatch(this.redis, this.streamKeys, { batchId: ulid(), kind: 'heartbeats', source, receivedAt: new Date().toISOString(), events: batch });
        } catch (error) {
          // Redis away: keep the results for the next flush rather than lose them.
          this.buffer.unshift(...batch);
          this.redisLost = true;
          this.log.warn({ err: (error as Error).message }, 'could not append probe results; will retry');
          return;
        }
      }
    }
  }

  /**
   * Since when pushes could have been heard (ms), or null when they cannot be now: Redis does not
   * answer, or lost the live state and it is not rebuilt yet (ingest refuses meanwhile). The
   * live state's ready marker holds the time of its last rebuild, shared by every shard.
   */
  private async listeningSinceNow(): Promise<number | null> {
    if (!this.liveReadyKey) return this.listeningSince;
    let builtAt: string | null;
    try {
      builtAt = await withTimeout(this.redis.get(this.liveReadyKey), 2_000);
    } catch {
      this.redisLost = true;
      return null;
    }
    if (this.redisLost) {
      this.redisLost = false;
      this.listeningSince = Date.now();
      this.log.info('Redis answers again: push monitors get a fresh grace before silence counts');
    }
    if (builtAt === null) return null;
    const rebuilt = Date.parse(builtAt);
    return Number.isFinite(rebuilt) ? Math.max(this.listeningSince, rebuilt) : this.listeningSince;
  }

  /**
   * Push monitors that stayed silent longer than interval + grace get failures recorded; silence
   * counts only since Pantau was listening (see listeningSinceNow).
   */
  async checkSilence(now = new Date()): Promise<number> {
    const listeningSince = await this.listeningSinceNow();
    if (listeningSince === null) return 0;
    const rows = await this.db
      .select({
        id: t.monitors.id,
        code: t.monitors.code,
        intervalSeconds: t.monitors.intervalSeconds,
        config: t.monitors.config,
        lastHeartbeatAt: t.monitors.lastHeartbeatAt,
        lastCheckAt: t.monitors.lastCheckAt,
        createdAt: t.monitors.createdAt,
      })
      .from(t.monitors)
      .where(and(eq(t.monitors.active, true), eq(t.monitors.kind, 'push')));
    let recorded = 0;
    for (const m of rows) {
      if (!this.mine(m.id)) continue;
      const failures = syntheticFailures({
        lastHeartbeatAt: m.lastHeartbeatAt ?? m.createdAt,
        listeningSince,
        lastCheckAt: m.lastCheckAt,
        intervalSeconds: m.intervalSeconds,
        graceSeconds: graceSecondsOf(m.config, m.intervalSeconds),
        now,
        limit: 10,
      });
      for (const f of failures) {
        const at = new Date(f.at as Date);
        this.buffer.push({
          source: SILENCE_SOURCE,
          externalId: `${m.code}:${at.getTime()}`,
          occurredAt: at.toISOString(),
          monitor: m.code,
          status: 'down',
          message: 'tidak ada heartbeat / no heartbeat',
        });
        recorded += 1;
      }
    }
    if (recorded) await this.flush();
    return recorded;
  }
}
