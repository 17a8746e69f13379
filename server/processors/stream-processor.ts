// Runs one consumer of one stream: read a batch, write it to Postgres (which also records the
// batch's live-state effects), then apply those effects to Redis together with the XACK.
// Order matters for "nothing lost, nothing twice":
//   - crash before the Postgres commit: the entry stays pending, another consumer reclaims it;
//   - crash after the commit, before Redis: the reclaimed entry finds its batch in Postgres and
//     replays the stored effects (it does not recompute them);
//   - Redis applies effects only if its XACK acknowledged a pending entry.
// A consumer's name is stable per process slot (consumer-name.ts): restarted after a crash, it
// first finishes what it had read under that name, then reads new entries.
import type { Redis } from 'ioredis';
import type { EventKind } from '../../shared/events.ts';
import { isTransientDatabaseError, type Database } from '../infra/database.ts';
import type { Logger } from '../infra/logger.ts';
import type { Metrics } from '../infra/metrics.ts';
import type { PantauConfig } from '../config.ts';
import type { LiveStateStore } from '../live-state/live-state-store.ts';
import {
  backlog,
  deadLetter,
  ensureGroup,
  isNoGroupError,
  readNew,
  reclaimStuck,
  trimAcknowledged,
  type IngestBatch,
  type StreamEntry,
} from '../streams/event-stream.ts';
import type { StreamKeys } from '../streams/stream-keys.ts';
import { recordBatch, type BatchOutcome, type BatchWork } from '../repositories/batch-ledger-repository.ts';
import type { Transaction } from '../infra/database.ts';

/** Domain work for one batch inside the Postgres transaction: its live-state effects, and its last writes (see BatchWork). */
export type BatchHandler<K extends EventKind> = (tx: Transaction, batch: IngestBatch<K>) => Promise<BatchWork>;

export interface ProcessorDeps {
  db: Database;
  redis: Redis;
  streamKeys: StreamKeys;
  live: LiveStateStore;
  metrics: Metrics;
  log: Logger;
  config: PantauConfig;
  /** This process's consumer name (consumer-name.ts); each consumer adds its stream and index. */
  consumerName: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class StreamProcessor<K extends EventKind> {
  private running = false;
  private loop: Promise<void> | null = null;
  private lastReclaim = 0;
  private lastTrim = 0;
  private lastBacklog = 0;
  /** Inside handle(): stop() lets it finish. */
  private handling = false;
  /** Reading this consumer's own pending entries (left by a previous run under its name) from here; null once done. */
  private pendingFrom: string | null = '0';
  readonly consumer: string;

  constructor(
    private readonly kind: K,
    private readonly handler: BatchHandler<K>,
    private readonly deps: ProcessorDeps,
    /** A dedicated connection: XREADGROUP BLOCK holds it. */
    private readonly reader: Redis,
    /** Several consumers of one stream in one process are told apart by this. */
    private readonly index = 1,
  ) {
    this.consumer = `${deps.consumerName}-${kind}${index > 1 ? `-${index}` : ''}`;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /**
   * Finishes the entry being processed, then stops. A consumer waiting for new entries is cut off
   * at once (its connection closed): whatever Redis hands it meanwhile stays pending under this
   * consumer's name and is finished first at the next start.
   */
  async stop(): Promise<void> {
    this.running = false;
    if (this.handling) return this.loop ?? undefined;
    const connected = this.reader.status === 'ready';
    this.reader.disconnect();
    // Without Redis the read never settles (ioredis keeps it queued for a reconnect that will not
    // come now), and there is nothing to finish.
    if (connected) await this.loop;
  }

  private async run(): Promise<void> {
    const { config, log } = this.deps;
    while (this.running) {
      try {
        await ensureGroup(this.reader, this.deps.streamKeys, this.kind);
        // After a restart under the same consumer name, first finish what this name left pending
        // (a crash mid-batch): at once, not after the idle reclaim. Then new entries ('>').
        const own = this.pendingFrom;
        const entries = await readNew(
          this.reader,
          this.deps.streamKeys,
          this.kind,
          this.consumer,
          config.processor.readCount,
          own === null ? config.processor.blockMs : 1,
          own ?? '>',
        );
        if (own !== null) {
          this.pendingFrom = entries.length ? entries[entries.length - 1].entryId : null;
          if (entries.length) log.warn({ kind: this.kind, consumer: this.consumer, count: entries.length }, 'finishing entries this consumer had read before it stopped');
        }
        for (const entry of entries) {
          if (!this.running) break;
          await this.handle(entry);
        }
        await this.housekeeping();
      } catch (error) {
        if (!this.running) break;
        if (isNoGroupError(error)) {
          log.warn({ kind: this.kind }, 'consumer group missing (Redis lost its data?): recreating it');
          continue;
        }
        log.error({ err: error, kind: this.kind }, 'processor loop error; retrying');
        await sleep(1000);
      }
    }
  }

  private async housekeeping(): Promise<void> {
    const now = Date.now();
    const { config } = this.deps;
    if (now - this.lastReclaim >= config.processor.reclaimEveryMs) {
      this.lastReclaim = now;
      const stuck = await reclaimStuck(
        this.reader,
        this.deps.streamKeys,
        this.kind,
        this.consumer,
        config.processor.reclaimIdleMs,
        config.processor.readCount,
      );
      if (stuck.length) this.deps.log.warn({ kind: this.kind, count: stuck.length }, 'reclaimed entries left by a stopped consumer');
      for (const entry of stuck) {
        if (!this.running) break;
        await this.handle(entry);
      }
    }
    // Ingest also sets the gauge, but only while requests come in: without this it would keep
    // showing the last backlog long after the processors drained it. One consumer per stream.
    if (this.index === 1 && now - this.lastBacklog >= 2_000) {
      this.lastBacklog = now;
      this.deps.metrics.streamBacklog.set({ kind: this.kind }, await backlog(this.reader, this.deps.streamKeys, this.kind));
    }
    if (now - this.lastTrim >= 30_000) {
      this.lastTrim = now;
      await trimAcknowledged(this.reader, this.deps.streamKeys, this.kind);
    }
  }

  /** Processes one entry until it is done, dead-lettered, or the processor stops. */
  async handle(entry: StreamEntry<K>): Promise<void> {
    this.handling = true;
    try {
      await this.process(entry);
    } finally {
      this.handling = false;
    }
  }

  private async process(entry: StreamEntry<K>): Promise<void> {
    const { db, metrics, log, config, live } = this.deps;
    let backoff = 250;
    let outcome: BatchOutcome | null = null;
    const started = Date.now();
    metrics.processorStage.observe({ kind: this.kind, stage: 'queued' }, Math.max(0, (started - Date.parse(entry.batch.receivedAt)) / 1000));
    while (this.running && outcome === null) {
      try {
        outcome = await db.transaction((tx) => recordBatch(tx, entry.batch, (t) => this.handler(t, entry.batch)));
      } catch (error) {
        const transient = isTransientDatabaseError(error);
        metrics.processorFailures.inc({ kind: this.kind, transient: String(transient) });
        if (transient) {
          // Postgres is away: keep the entry, wait, try again. Ingest keeps accepting meanwhile.
          log.warn({ kind: this.kind, err: (error as Error).message }, 'database unavailable; will retry the batch');
          await sleep(backoff);
          backoff = Math.min(backoff * 2, 5000);
          continue;
        }
        const failures = await this.reader.hincrby(this.deps.streamKeys.failures(this.kind), entry.entryId, 1);
        log.error({ err: error, kind: this.kind, entryId: entry.entryId, failures }, 'batch failed');
        if (failures >= config.processor.maxFailures) {
          await deadLetter(this.reader, this.deps.streamKeys, this.kind, entry, String((error as Error).stack ?? error));
          metrics.deadLetters.inc({ kind: this.kind });
          log.error({ kind: this.kind, entryId: entry.entryId, batchId: entry.batch.batchId }, 'batch moved to the dead-letter stream');
        }
        // Otherwise it stays pending and is retried when reclaimed.
        return;
      }
    }
    if (outcome === null) return;
    const committed = Date.now();
    metrics.processorStage.observe({ kind: this.kind, stage: 'postgres' }, (committed - started) / 1000);
    if (config.testHooks.crashAfterDbWrite) {
      log.warn('test hook: crashing after the Postgres write, before the live-state update and XACK');
      process.kill(process.pid, 'SIGKILL');
      await sleep(10_000);
    }
    const ref = { stream: this.deps.streamKeys.stream(this.kind), group: this.deps.streamKeys.group, entryId: entry.entryId };
    for (;;) {
      const result = await live.applyEffects(outcome.effects, entry.batch.batchId, ref);
      if (result !== 'not-ready') break;
      // The live state is being rebuilt (Redis lost its data); wait for it, then apply.
      await sleep(200);
      if (!this.running) return;
    }
    metrics.processorStage.observe({ kind: this.kind, stage: 'live' }, (Date.now() - committed) / 1000);
    metrics.processedEvents.inc({ kind: this.kind }, entry.batch.events.length);
    metrics.processingLag.observe({ kind: this.kind }, Math.max(0, (Date.now() - Date.parse(entry.batch.receivedAt)) / 1000));
  }
}
