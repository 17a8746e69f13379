// Report computations off the server's only thread, a few at a time. A leadership report over
// a year folds hundreds of thousands of complaints through the pure builders; in the request
// handler that held the event loop for tens of seconds, and the wall's live push, ingest and
// /healthz waited with it. Here:
//   - the builders run on worker threads (report-worker.ts); the database reads stay on the main
//     thread (the embedded PGlite lives there and a worker cannot share it);
//   - a job crosses by structured clone, its complaints in slices with a turn of the event loop
//     between them, so sending a big job never blocks for long either; the answer comes back as
//     JSON text (a string clones as one copy and needs no JSON.stringify on the main thread);
//   - at most `workers` reports (read and computation) at a time, `queue` more waiting; beyond
//     that the caller gets ReportsBusyError (the routes answer 503 with Retry-After);
//   - identical requests in flight (same key: endpoint, period, scope) share one computation.
//
// node:worker_threads directly rather than piscina: piscina posts a task as one message (one
// long synchronous clone of the records on the main thread), and the sharing of identical
// requests is ours to write anyway; what is left (a worker per slot, respawn on a crash) is small.
import { Worker } from 'node:worker_threads';
import type { ComplaintState } from '../domain/complaints/complaint-lifecycle.ts';
import type { ReportJob } from './report-jobs.ts';

export type ToWorker =
  | { type: 'begin'; id: number; job: ReportJob }
  | { type: 'complaints'; id: number; complaints: ComplaintState[] }
  | { type: 'end'; id: number };
export type FromWorker = { id: number; ok: true; json: string } | { id: number; ok: false; message: string };

export interface ReportPoolOptions {
  /** Reports computed at a time (each on its own worker thread). */
  workers: number;
  /** Reports waiting for a slot; one more gets ReportsBusyError. */
  queue: number;
  /** Complaints per message to the worker. */
  slice?: number;
}

// A waiting report costs only its open request (its records are read when its turn comes); one
// /pimpinan screen asks for three at once, so the queue lets a handful of screens wait.
export const DEFAULT_REPORT_POOL: ReportPoolOptions = { workers: 1, queue: 16 };

export class ReportsBusyError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('report queue full');
    this.name = 'ReportsBusyError';
  }
}

const ENTRY = new URL('./report-worker-entry.mjs', import.meta.url);

class ReportWorker {
  private readonly thread: Worker;
  private current: { id: number; resolve: (json: string) => void; reject: (e: Error) => void } | null = null;
  private seq = 0;
  alive = true;

  constructor() {
    this.thread = new Worker(ENTRY);
    // The server's sockets keep the process alive; a worker must not keep it from exiting.
    this.thread.unref();
    this.thread.on('message', (m: FromWorker) => {
      const c = this.current;
      if (!c || c.id !== m.id) return;
      this.current = null;
      if (m.ok) c.resolve(m.json);
      else c.reject(new Error(`report worker: ${m.message}`));
    });
    const gone = (e: Error) => {
      this.alive = false;
      this.current?.reject(e);
      this.current = null;
    };
    this.thread.on('error', gone);
    this.thread.on('exit', (code) => gone(new Error(`report worker exited (${code})`)));
  }

  async run(job: ReportJob, slice: number): Promise<string> {
    const id = ++this.seq;
    const answer = new Promise<string>((resolve, reject) => (this.current = { id, resolve, reject }));
    // The worker can die while the slices are still being sent, before anyone awaits `answer`:
    // that rejection must not count as unhandled (it would end the process); the caller gets it.
    answer.catch(() => {});
    const { complaints } = job;
    this.post({ type: 'begin', id, job: { ...job, complaints: [] } });
    for (let i = 0; i < complaints.length && this.alive; i += slice) {
      // A turn of the event loop between slices: live pushes and requests go in between.
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.post({ type: 'complaints', id, complaints: complaints.slice(i, i + slice) as ComplaintState[] });
    }
    this.post({ type: 'end', id });
    return answer;
  }

  private post(m: ToWorker): void {
    if (this.alive) this.thread.postMessage(m);
  }

  terminate(): Promise<number> {
    this.alive = false;
    return this.thread.terminate();
  }
}

export class ReportPool {
  private readonly options: Required<ReportPoolOptions>;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly idle: ReportWorker[] = [];
  private readonly workers = new Set<ReportWorker>();
  /** Durations of the last reports, for Retry-After. */
  private readonly recentMs: number[] = [];
  private closed = false;

  constructor(options: Partial<ReportPoolOptions> = {}) {
    const whole = (v: number | undefined, fallback: number, min: number) => (v !== undefined && Number.isFinite(v) ? Math.max(min, Math.floor(v)) : fallback);
    this.options = {
      workers: whole(options.workers, DEFAULT_REPORT_POOL.workers, 1),
      queue: whole(options.queue, DEFAULT_REPORT_POOL.queue, 0),
      slice: whole(options.slice, 2000, 1),
    };
  }

  /**
   * The JSON text of a report: `read` gathers the job (database reads, on this thread) once a
   * slot is free, a worker computes it. Requests with the same key while one is in flight get
   * its answer. Rejects with ReportsBusyError when every slot is taken and the queue is full.
   */
  run(key: string, read: () => Promise<ReportJob>): Promise<string> {
    const shared = this.inFlight.get(key);
    if (shared) return shared;
    if (this.closed) return Promise.reject(new Error('report pool closed'));
    if (this.active >= this.options.workers && this.waiting.length >= this.options.queue) return Promise.reject(new ReportsBusyError(this.retryAfterSeconds()));
    const report = (async () => {
      await this.slot();
      const started = performance.now();
      try {
        return await this.compute(await read());
      } finally {
        this.recentMs.push(performance.now() - started);
        if (this.recentMs.length > 10) this.recentMs.shift();
        this.release();
      }
    })();
    this.inFlight.set(key, report);
    const forget = () => {
      if (this.inFlight.get(key) === report) this.inFlight.delete(key);
    };
    report.then(forget, forget);
    return report;
  }

  /** Reports computing or waiting now. */
  get load(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.workers].map((w) => w.terminate()));
    this.workers.clear();
    this.idle.length = 0;
  }

  private slot(): Promise<void> {
    if (this.active < this.options.workers) {
      this.active++;
      return Promise.resolve();
    }
    // The slot passes straight from release() to the next waiter: `active` stays counted.
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  private async compute(job: ReportJob): Promise<string> {
    if (this.closed) throw new Error('report pool closed');
    // Each slot runs one report at a time, so a worker is free whenever a slot reaches here.
    let worker = this.idle.pop();
    while (worker && !worker.alive) worker = this.idle.pop();
    if (!worker) {
      worker = new ReportWorker();
      this.workers.add(worker);
    }
    try {
      return await worker.run(job, this.options.slice);
    } finally {
      if (worker.alive) this.idle.push(worker);
      else this.workers.delete(worker);
    }
  }

  /** About when a slot frees up: the recent average report times the reports ahead, per slot. */
  private retryAfterSeconds(): number {
    if (!this.recentMs.length) return 5;
    const average = this.recentMs.reduce((s, ms) => s + ms, 0) / this.recentMs.length;
    const ahead = (this.waiting.length + 1) / this.options.workers;
    return Math.min(120, Math.max(1, Math.ceil((average * ahead) / 1000)));
  }
}
