// Worker process: posts events to the ingest API open-loop at a fixed rate (see open-loop.ts).
// Commands: init (config, builds the event pool), run (rate, duration, warm-up; answers when
// done), start (same, answers at once; for drills that stop it later), stop (finish and answer
// with the result), status (counters so far).
//
// With `retry` (drills) a batch refused with 429/5xx or lost to a network error is sent again,
// unchanged, until it is accepted, as a real channel would; with `ackFile` every acknowledged
// event is appended as "kind<TAB>externalId<TAB>epoch ms" the moment its 202 arrives.
import fs from 'node:fs';
import http from 'node:http';
import type { EventKind } from '../../shared/events.ts';
import { LatencyRecorder, type LatencyExport } from '../stats/latency.ts';
import { EventPool, POOL_MIX, type AnyEventInput, type PoolMode } from './event-pool.ts';
import { Accrual, dueSlots, intendedTime, KindPicker, slotIntervalMs } from './open-loop.ts';
import { serveCommands } from './worker-process.ts';

export interface IngestLoadConfig {
  url: string;
  apiKey: string;
  source: string;
  runTag: string;
  seed?: number;
  mode: PoolMode;
  poolSize?: number;
  batchSize: number;
  mix?: Partial<Record<EventKind, number>>;
  maxInflight: number;
  retry: boolean;
  ackFile?: string;
  markers?: { perSecond: number; titlePrefix: string };
  /** Offset of this process's slots inside the interval (several processes share a rate). */
  phaseFraction?: number;
  requestTimeoutMs?: number;
}

export interface LoadRunRequest {
  rate: number;
  /** null: until `stop`. */
  durationMs: number | null;
  warmupMs: number;
}

export interface LoadRunResult {
  rate: number;
  /** Wall-clock ms (Date.now()) of the first slot and of the end of sending. */
  startedAt: number;
  endedAt: number;
  slots: number;
  offeredEvents: number;
  acceptedEvents: number;
  acceptedRequests: number;
  /** Requests by outcome: HTTP status or network error code. */
  outcomes: Record<string, number>;
  retries: number;
  markersSent: number;
  /** Requests still unanswered (or, with retry, never accepted) when the run ended. */
  unfinished: number;
  /** 202 latency from the intended send time, after the warm-up. */
  latency: LatencyExport;
  /** How late the worker itself dispatched a slot (its own health: should stay ~0). */
  maxDispatchDelayMs: number;
  peakInflight: number;
}

interface Batch {
  kind: EventKind;
  events: AnyEventInput[];
  body: string;
  /** performance.now() of the intended send. */
  intended: number;
  measured: boolean;
  attempts: number;
  notBefore: number;
}

/** What a channel would send again: overload, server errors and network failures; never a 4xx verdict on the data. */
export function isRetryable(outcome: string): boolean {
  if (outcome === '429') return true;
  if (/^\d+$/.test(outcome)) return outcome.startsWith('5');
  return true;
}

let config: IngestLoadConfig | null = null;
let pool: EventPool | null = null;
let agent: http.Agent | null = null;
let current: Run | null = null;

class Run {
  private readonly picker: KindPicker;
  private readonly markers: Accrual | null;
  private readonly latency = new LatencyRecorder();
  private readonly queue: Batch[] = [];
  private inflight = 0;
  private peakInflight = 0;
  private nextSlot = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopping = false;
  private readonly startPerf: number;
  private readonly startWall: number;
  private readonly interval: number;
  private readonly phase: number;
  private endedAt = 0;
  private settled: (() => void) | null = null;
  readonly done: Promise<void>;
  private readonly stats = {
    slots: 0,
    offeredEvents: 0,
    acceptedEvents: 0,
    acceptedRequests: 0,
    outcomes: {} as Record<string, number>,
    retries: 0,
    markersSent: 0,
    maxDispatchDelayMs: 0,
  };

  constructor(
    private readonly cfg: IngestLoadConfig,
    private readonly events: EventPool,
    private readonly request: LoadRunRequest,
  ) {
    this.picker = new KindPicker(cfg.mix ?? POOL_MIX);
    this.markers = cfg.markers && cfg.markers.perSecond > 0 ? new Accrual(cfg.markers.perSecond) : null;
    this.interval = slotIntervalMs(request.rate, cfg.batchSize);
    this.phase = (cfg.phaseFraction ?? 0) * (Number.isFinite(this.interval) ? this.interval : 0);
    this.startPerf = performance.now() + 20;
    this.startWall = Date.now() + 20;
    this.done = new Promise((resolve) => (this.settled = resolve));
    this.tick();
  }

  private wallOf(perf: number): number {
    return this.startWall + (perf - this.startPerf);
  }

  private tick = (): void => {
    this.timer = null;
    const now = performance.now();
    const endAt = this.request.durationMs === null ? Infinity : this.startPerf + this.request.durationMs;
    if (!this.stopping) {
      const { from, to } = dueSlots(this.startPerf, this.nextSlot, Math.min(now, endAt - 1e-6), this.interval, this.phase);
      for (let k = from; k < to; k++) this.makeSlot(intendedTime(this.startPerf, k, this.interval, this.phase));
      this.nextSlot = to;
      if (now >= endAt) this.stopping = true;
    }
    this.pump();
    if (this.stopping && this.endedAt === 0) this.endedAt = Date.now();
    if (this.stopping && this.inflight === 0 && (this.queue.length === 0 || !this.cfg.retry)) {
      this.queue.length = 0;
      this.settled?.();
      return;
    }
    const nextAt = this.stopping ? now + 20 : Math.min(intendedTime(this.startPerf, this.nextSlot, this.interval, this.phase), now + 50);
    this.timer = setTimeout(this.tick, Math.max(0, nextAt - performance.now()));
  };

  private makeSlot(intended: number): void {
    const kind = this.picker.next();
    const nowWall = this.wallOf(intended);
    let events: AnyEventInput[];
    let markers = 0;
    if (kind === 'complaints' && this.markers) {
      markers = this.markers.take(intended, this.cfg.batchSize);
      events = this.events.take(kind, this.cfg.batchSize - markers, nowWall);
      for (let i = 0; i < markers; i++) events.push(this.events.marker(nowWall, this.cfg.markers!.titlePrefix));
    } else {
      events = this.events.take(kind, this.cfg.batchSize, nowWall);
    }
    this.stats.slots += 1;
    this.stats.offeredEvents += events.length;
    this.stats.markersSent += markers;
    this.queue.push({
      kind,
      events,
      body: JSON.stringify({ events }),
      intended,
      measured: intended - this.startPerf >= this.request.warmupMs,
      attempts: 0,
      notBefore: 0,
    });
  }

  private pump(): void {
    const now = performance.now();
    for (let i = 0; i < this.queue.length && this.inflight < this.cfg.maxInflight; ) {
      const b = this.queue[i];
      if (b.notBefore > now) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      if (b.attempts === 0) this.stats.maxDispatchDelayMs = Math.max(this.stats.maxDispatchDelayMs, now - b.intended);
      this.send(b);
    }
  }

  private send(b: Batch): void {
    const cfg = this.cfg;
    b.attempts += 1;
    if (b.attempts > 1) this.stats.retries += 1;
    this.inflight += 1;
    this.peakInflight = Math.max(this.peakInflight, this.inflight);
    const finish = (outcome: string, retryAfterMs: number | null) => {
      this.inflight -= 1;
      this.stats.outcomes[outcome] = (this.stats.outcomes[outcome] ?? 0) + 1;
      if (outcome === '202') {
        this.stats.acceptedEvents += b.events.length;
        this.stats.acceptedRequests += 1;
        if (b.measured) this.latency.recordMs(performance.now() - b.intended);
        const ackedAt = Date.now();
        if (cfg.ackFile) fs.appendFileSync(cfg.ackFile, b.events.map((e) => `${b.kind}\t${e.externalId}\t${ackedAt}\n`).join(''));
      } else if (cfg.retry && isRetryable(outcome)) {
        const backoff = retryAfterMs ?? Math.min(2000, 100 * 2 ** Math.min(5, b.attempts));
        b.notBefore = performance.now() + backoff;
        this.queue.unshift(b);
      }
      this.pump();
    };
    const req = http.request(
      `${cfg.url}/api/v1/${b.kind}`,
      {
        method: 'POST',
        agent: agent!,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${cfg.apiKey}`, 'content-length': Buffer.byteLength(b.body) },
        timeout: cfg.requestTimeoutMs ?? 30_000,
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const ra = Number(res.headers['retry-after']);
          finish(String(res.statusCode), Number.isFinite(ra) && ra > 0 ? Math.min(ra, 5) * 1000 : null);
        });
        res.on('error', () => finish('response-error', null));
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) => finish(err.code ?? 'network-error', null));
    req.end(b.body);
  }

  stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.tick();
    return this.done;
  }

  /** Stops retrying: what is still queued is reported as unfinished. */
  abandon(): void {
    this.queue.length = 0;
  }

  result(): LoadRunResult {
    return {
      rate: this.request.rate,
      startedAt: this.startWall,
      endedAt: this.endedAt || Date.now(),
      ...this.stats,
      unfinished: this.inflight + this.queue.length,
      latency: this.latency.export(),
      peakInflight: this.peakInflight,
    };
  }
}

async function runFor(request: LoadRunRequest, waitForEnd: boolean, graceMs = 30_000): Promise<LoadRunResult | { started: true }> {
  if (!config || !pool) throw new Error('init first');
  if (current) throw new Error('a run is already going');
  const run = new Run(config, pool, request);
  current = run;
  if (!waitForEnd) return { started: true };
  const grace = new Promise<void>((resolve) => setTimeout(resolve, (request.durationMs ?? 0) + graceMs).unref());
  await Promise.race([run.done, grace]);
  run.abandon();
  current = null;
  return run.result();
}

if (process.send) {
  serveCommands(async (command) => {
    switch (command.type) {
      case 'init': {
        config = command.config as IngestLoadConfig;
        agent = new http.Agent({ keepAlive: true, maxSockets: config.maxInflight });
        pool = new EventPool({ source: config.source, runTag: config.runTag, seed: config.seed, size: config.poolSize, mode: config.mode });
        if (config.ackFile) fs.writeFileSync(config.ackFile, '');
        return { complaints: pool.size('complaints'), uploads: pool.size('uploads'), heartbeats: pool.size('heartbeats') };
      }
      case 'run':
        return runFor(command.request as LoadRunRequest, true);
      case 'start':
        return runFor(command.request as LoadRunRequest, false);
      case 'status': {
        if (!current) return null;
        return current.result();
      }
      case 'stop': {
        if (!current) throw new Error('nothing is running');
        const run = current;
        const grace = new Promise<void>((resolve) => setTimeout(resolve, Number(command.graceMs ?? 30_000)).unref());
        await Promise.race([run.stop(), grace]);
        run.abandon();
        current = null;
        return run.result();
      }
      default:
        throw new Error(`unknown command ${command.type}`);
    }
  });
}
