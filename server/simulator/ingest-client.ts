// Posts events to Pantau's ingest API in batches: one queue per kind, flushed when a batch is
// full or has waited `flushMs`, several requests in flight over keep-alive connections.
// Nothing is lost on the way: refused-for-now answers (503, 429, network errors, a refused
// key) pause all sending with backoff and the same batch is sent again (the server
// de-duplicates by (source, externalId)); a 413 splits the batch; a 400 drops only the events
// it names and re-sends the rest.
import http from 'node:http';
import https from 'node:https';
import { INGEST_LIMITS } from '../../shared/domain-constants.ts';
import type { EventKind, IngestFieldError } from '../../shared/events.ts';
import { LatencyHistogram } from './latency-histogram.ts';

const KINDS: readonly EventKind[] = ['complaints', 'uploads', 'heartbeats'];

export interface IngestClientOptions {
  /** Base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  apiKey: string;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Events per request at most (the API takes up to 1,000 and 1 MB). */
  batchSize?: number;
  /** A partial batch is sent once its oldest event has waited this long. */
  flushMs?: number;
  requestTimeoutMs?: number;
  /** A 5xx other than 503 is retried this many times, then the batch is dropped (a poison batch must not block the queue). */
  maxServerErrorAttempts?: number;
  /** Upper bounds for backoff delays. */
  maxBackoffMs?: number;
  onNotice?: (notice: ClientNotice) => void;
}

export type ClientNotice =
  | { kind: 'unreachable'; detail: string; retryInMs: number }
  | { kind: 'unauthorized'; status: number; message: string; retryInMs: number }
  | { kind: 'busy'; status: number; retryInMs: number }
  | { kind: 'server_error'; status: number; message: string; retryInMs: number; dropped: number }
  | { kind: 'validation'; message: string; errors: IngestFieldError[]; dropped: number; resent: number }
  | { kind: 'too_large'; events: number; dropped: number }
  | { kind: 'recovered'; downForMs: number };

export interface WindowStats {
  accepted: Record<EventKind, number>;
  requests: number;
  errors: number;
  latencies: number[];
}

export interface TotalStats {
  accepted: Record<EventKind, number>;
  requests: number;
  /** Failed requests by class: 'network', 'http-401', 'http-503', ... */
  errors: Record<string, number>;
  /** Events dropped for good (refused as invalid, or a poison batch). */
  dropped: number;
  latency: LatencyHistogram;
}

interface Batch {
  kind: EventKind;
  events: unknown[];
  attempts: number;
}

interface Response {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Simple FIFO with O(1) shift, compacted now and then. */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;
  get length(): number {
    return this.items.length - this.head;
  }
  push(item: T): void {
    this.items.push(item);
  }
  unshiftMany(items: T[]): void {
    this.items = [...items, ...this.items.slice(this.head)];
    this.head = 0;
  }
  take(n: number): T[] {
    const out = this.items.slice(this.head, this.head + n);
    this.head += out.length;
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return out;
  }
}

function emptyCounts(): Record<EventKind, number> {
  return { complaints: 0, uploads: 0, heartbeats: 0 };
}

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export class IngestClient {
  readonly total: TotalStats = { accepted: emptyCounts(), requests: 0, errors: {}, dropped: 0, latency: new LatencyHistogram() };
  private window: WindowStats = { accepted: emptyCounts(), requests: 0, errors: 0, latencies: [] };
  private readonly queues: Record<EventKind, Fifo<unknown>> = { complaints: new Fifo(), uploads: new Fifo(), heartbeats: new Fifo() };
  private readonly waitingSince: Record<EventKind, number> = { complaints: 0, uploads: 0, heartbeats: 0 };
  private readonly retries: Batch[] = [];
  private retryEvents = 0;
  private inFlight = 0;
  private pausedUntil = 0;
  private failureLevel = 0;
  private troubleSince: number | null = null;
  private lastNoticeAt = 0;
  private lastNoticeKind = '';
  private rr = 0;
  private flushing = false;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  private pauseTimer: NodeJS.Timeout | null = null;
  private readonly agent: http.Agent;
  private readonly base: URL;
  private readonly concurrency: number;
  private readonly batchSize: number;
  private readonly flushMs: number;
  private readonly requestTimeoutMs: number;
  private readonly maxServerErrorAttempts: number;
  private readonly maxBackoffMs: number;
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly options: IngestClientOptions) {
    this.base = new URL(options.url);
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.batchSize = Math.min(INGEST_LIMITS.maxEventsPerBatch, Math.max(1, options.batchSize ?? 500));
    this.flushMs = Math.max(1, options.flushMs ?? 100);
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.maxServerErrorAttempts = options.maxServerErrorAttempts ?? 8;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    const Agent = this.base.protocol === 'https:' ? https.Agent : http.Agent;
    this.agent = new Agent({ keepAlive: true, maxSockets: this.concurrency, keepAliveMsecs: 10_000 });
    this.timer = setInterval(() => this.pump(), Math.max(5, Math.floor(this.flushMs / 2)));
    this.timer.unref();
  }

  enqueue(kind: EventKind, event: unknown): void {
    const q = this.queues[kind];
    if (q.length === 0) this.waitingSince[kind] = Date.now();
    q.push(event);
    if (q.length >= this.batchSize) this.pump();
  }

  /** Events not yet accepted: queued, waiting for a retry, or in flight. */
  backlog(): number {
    let n = this.retryEvents + this.inFlightEvents;
    for (const k of KINDS) n += this.queues[k].length;
    return n;
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  /** True while sending is paused after a failure (server down, busy, or key refused). */
  get paused(): boolean {
    return Date.now() < this.pausedUntil;
  }

  private inFlightEvents = 0;

  /** Resolves once the backlog is below `limit` (used to pace a backfill). */
  async waitForRoom(limit: number, cancelled: () => boolean = () => false): Promise<void> {
    while (this.backlog() >= limit && !this.closed && !cancelled()) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Sends partial batches at once and waits for the backlog to empty, up to `timeoutMs`. */
  async flush(timeoutMs: number): Promise<boolean> {
    this.flushing = true;
    const deadline = Date.now() + timeoutMs;
    this.pump();
    while (this.backlog() > 0 && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(100, Math.max(1, deadline - Date.now())));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
      this.pump();
    }
    this.flushing = false;
    return this.backlog() === 0;
  }

  /** Stats since the previous call. */
  takeWindow(): WindowStats {
    const w = this.window;
    this.window = { accepted: emptyCounts(), requests: 0, errors: 0, latencies: [] };
    return w;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.pauseTimer) clearTimeout(this.pauseTimer);
    this.agent.destroy();
    for (const w of this.waiters.splice(0)) w();
  }

  /** Lets every waiter re-check its condition (e.g. after a stop was requested). */
  interruptWaits(): void {
    this.wake();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private pump(): void {
    if (this.closed) return;
    const now = Date.now();
    if (now < this.pausedUntil) return;
    while (this.inFlight < this.concurrency) {
      const batch = this.nextBatch(now);
      if (!batch) return;
      void this.send(batch);
    }
  }

  private nextBatch(now: number): Batch | null {
    const retry = this.retries.shift();
    if (retry) {
      this.retryEvents -= retry.events.length;
      return retry;
    }
    for (let i = 0; i < KINDS.length; i++) {
      const kind = KINDS[(this.rr + i) % KINDS.length];
      const q = this.queues[kind];
      if (q.length === 0) continue;
      if (q.length >= this.batchSize || this.flushing || now - this.waitingSince[kind] >= this.flushMs) {
        this.rr = (this.rr + i + 1) % KINDS.length;
        const events = q.take(this.batchSize);
        if (q.length > 0) this.waitingSince[kind] = now;
        return { kind, events, attempts: 0 };
      }
    }
    return null;
  }

  /** JSON body within the byte limit; events that do not fit go back to the front of the retry line. */
  private body(batch: Batch): string {
    const limit = INGEST_LIMITS.maxBodyBytes - 1024;
    const parts: string[] = [];
    let size = 13; // {"events":[]}
    for (let i = 0; i < batch.events.length; i++) {
      const part = JSON.stringify(batch.events[i]);
      const bytes = Buffer.byteLength(part) + 1;
      if (size + bytes > limit && parts.length > 0) {
        const rest = batch.events.slice(i);
        batch.events = batch.events.slice(0, i);
        this.retries.unshift({ kind: batch.kind, events: rest, attempts: 0 });
        this.retryEvents += rest.length;
        break;
      }
      parts.push(part);
      size += bytes;
    }
    return `{"events":[${parts.join(',')}]}`;
  }

  private async send(batch: Batch): Promise<void> {
    this.inFlight++;
    const body = this.body(batch);
    const count = batch.events.length;
    this.inFlightEvents += count;
    batch.attempts++;
    const started = performance.now();
    let response: Response | null = null;
    let networkError: string | null = null;
    try {
      response = await this.post(`/api/v1/${batch.kind}`, body);
    } catch (err) {
      networkError = describeNetworkError(err);
    }
    const latency = performance.now() - started;
    this.inFlight--;
    this.inFlightEvents -= count;
    this.total.requests++;
    this.window.requests++;
    this.window.latencies.push(latency);
    this.total.latency.record(latency);
    try {
      if (networkError !== null) this.onNetworkError(batch, networkError);
      else this.onResponse(batch, response as Response);
    } finally {
      this.wake();
      this.pump();
    }
  }

  private post(path: string, body: string): Promise<Response> {
    const url = new URL(path.replace(/^\//, ''), this.base.href.endsWith('/') ? this.base.href : `${this.base.href}/`);
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = lib.request(
        url,
        {
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${this.options.apiKey}`,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.setTimeout(this.requestTimeoutMs, () => req.destroy(new Error(`no answer within ${this.requestTimeoutMs / 1000} s`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  private countError(key: string): void {
    this.total.errors[key] = (this.total.errors[key] ?? 0) + 1;
    this.window.errors++;
  }

  private backoff(base: number, retryAfterMs: number | null): number {
    if (retryAfterMs !== null) return Math.min(60_000, Math.max(100, retryAfterMs));
    const exp = Math.min(this.maxBackoffMs, base * 2 ** this.failureLevel);
    return Math.round(exp * (0.5 + Math.random() * 0.5));
  }

  private pause(ms: number): void {
    this.failureLevel = Math.min(this.failureLevel + 1, 10);
    this.troubleSince ??= Date.now();
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
    if (this.pauseTimer) clearTimeout(this.pauseTimer);
    this.pauseTimer = setTimeout(() => this.pump(), Math.max(0, this.pausedUntil - Date.now()) + 1);
    this.pauseTimer.unref();
  }

  private requeue(batch: Batch): void {
    this.retries.unshift(batch);
    this.retryEvents += batch.events.length;
  }

  private drop(n: number): void {
    this.total.dropped += n;
  }

  private notice(notice: ClientNotice, throttleKey?: string): void {
    const now = Date.now();
    const key = throttleKey ?? notice.kind;
    // Repeat a persisting problem at most every 15 s; a new kind of problem is told at once.
    if (key === this.lastNoticeKind && now - this.lastNoticeAt < 15_000) return;
    this.lastNoticeKind = key;
    this.lastNoticeAt = now;
    this.options.onNotice?.(notice);
  }

  private recovered(): void {
    if (this.troubleSince !== null) {
      const downFor = Date.now() - this.troubleSince;
      this.troubleSince = null;
      this.lastNoticeKind = '';
      this.options.onNotice?.({ kind: 'recovered', downForMs: downFor });
    }
    this.failureLevel = 0;
  }

  private onNetworkError(batch: Batch, detail: string): void {
    this.countError('network');
    this.requeue(batch);
    const wait = this.backoff(500, null);
    this.pause(wait);
    this.notice({ kind: 'unreachable', detail, retryInMs: wait });
  }

  private onResponse(batch: Batch, res: Response): void {
    const { status } = res;
    if (status >= 200 && status < 300) {
      let accepted = batch.events.length;
      try {
        const parsed = JSON.parse(res.body) as { accepted?: unknown };
        if (typeof parsed.accepted === 'number') accepted = parsed.accepted;
      } catch {
        // A 2xx without a JSON body still means the events are in.
      }
      this.total.accepted[batch.kind] += accepted;
      this.window.accepted[batch.kind] += accepted;
      this.recovered();
      return;
    }
    this.countError(`http-${status}`);
    const parsed = safeJson(res.body);
    const message = typeof parsed?.message === 'string' ? parsed.message : res.body.slice(0, 200);
    if (status === 401 || status === 403) {
      this.requeue(batch);
      const wait = this.backoff(2000, null);
      this.pause(wait);
      this.notice({ kind: 'unauthorized', status, message, retryInMs: wait });
      return;
    }
    if (status === 429 || status === 503) {
      this.requeue(batch);
      const wait = this.backoff(500, parseRetryAfter(res.headers['retry-after']));
      this.pause(wait);
      this.notice({ kind: 'busy', status, retryInMs: wait });
      return;
    }
    if (status === 413) {
      if (batch.events.length <= 1) {
        this.drop(batch.events.length);
        this.notice({ kind: 'too_large', events: batch.events.length, dropped: batch.events.length });
        return;
      }
      const half = Math.ceil(batch.events.length / 2);
      this.requeue({ kind: batch.kind, events: batch.events.slice(half), attempts: 0 });
      this.requeue({ kind: batch.kind, events: batch.events.slice(0, half), attempts: 0 });
      this.notice({ kind: 'too_large', events: batch.events.length, dropped: 0 });
      return;
    }
    if (status === 400 || status === 422) {
      const errors: IngestFieldError[] = Array.isArray(parsed?.errors) ? parsed.errors : [];
      const bad = new Set(errors.map((e) => e.index).filter((i): i is number => typeof i === 'number' && i >= 0 && i < batch.events.length));
      if (bad.size > 0 && bad.size < batch.events.length) {
        const rest = batch.events.filter((_, i) => !bad.has(i));
        this.requeue({ kind: batch.kind, events: rest, attempts: 0 });
        this.drop(bad.size);
        this.notice({ kind: 'validation', message, errors: errors.slice(0, 5), dropped: bad.size, resent: rest.length }, `validation:${errors[0]?.field}`);
      } else {
        this.drop(batch.events.length);
        this.notice({ kind: 'validation', message, errors: errors.slice(0, 5), dropped: batch.events.length, resent: 0 }, `validation:${errors[0]?.field}`);
      }
      return;
    }
    // Anything else (5xx, 404 from a server without the endpoint yet, ...): retry with backoff,
    // but give up on one batch after a few attempts so a poison batch cannot block the rest.
    const wait = this.backoff(1000, parseRetryAfter(res.headers['retry-after']));
    this.pause(wait);
    if (batch.attempts >= this.maxServerErrorAttempts) {
      this.drop(batch.events.length);
      this.notice({ kind: 'server_error', status, message, retryInMs: wait, dropped: batch.events.length });
    } else {
      this.requeue(batch);
      this.notice({ kind: 'server_error', status, message, retryInMs: wait, dropped: 0 });
    }
  }
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function describeNetworkError(err: unknown): string {
  const e = err as { code?: string; message?: string; errors?: { code?: string }[] };
  const code = e?.code ?? e?.errors?.[0]?.code;
  return code ? `${code}${e.message && !e.message.includes(code) ? `: ${e.message}` : ''}` : (e?.message ?? String(err));
}
