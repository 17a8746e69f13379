// Sends the status webhooks of the outbox (status-webhooks.ts) to the sources' URLs, signed with
// each source's secret. Any number of processes may run it: a row is claimed with
// FOR UPDATE SKIP LOCKED and leased (next_attempt_at pushed ahead) before it is sent, so two
// dispatchers never send it at once, and a dispatcher that dies mid-send leaves a lease that runs
// out, after which another sends it again with the same idempotency key. So the receiver may see
// a message twice (killed after its send, before the row was marked), never zero times, and
// applies it once by the key. One complaint's messages go out in order: a newer one waits while
// an older one is still pending.
import { sql } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { queryRows, type Database } from '../infra/database.ts';
import type { Logger } from '../infra/logger.ts';
import type { WebhookCrashHook, WebhookDispatchOptions } from './webhook-options.ts';
import { DEFAULT_WEBHOOK_OPTIONS } from './webhook-options.ts';
import { ATTEMPT_HEADER, backoffMs, IDEMPOTENCY_HEADER, SIGNATURE_HEADER, signBody } from './status-webhooks.ts';

/** How long delivered and given-up messages stay in the log, and how often old ones are removed. */
const KEEP_DAYS = 90;
const PRUNE_EVERY_MS = 3_600_000;

interface Claimed {
  id: number;
  idempotency_key: string;
  source_code: string;
  payload: unknown;
  attempts: number;
  url: string | null;
  secret: string | null;
  active: boolean | null;
}

export class StatusWebhookDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private busy: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly log: Logger,
    private readonly options: WebhookDispatchOptions = DEFAULT_WEBHOOK_OPTIONS,
    private readonly crashHook: WebhookCrashHook = null,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.tickMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.busy;
  }

  /** One round: claim what is due, send each, record each attempt. */
  tick(): Promise<void> {
    if (this.busy || this.stopped) return this.busy ?? Promise.resolve();
    this.busy = this.round()
      .catch((error) => this.log.warn({ err: (error as Error).message }, 'status webhook dispatch failed; will retry'))
      .finally(() => {
        this.busy = null;
      });
    return this.busy;
  }

  private lastPrunedAt = 0;

  private async round(): Promise<void> {
    const claimed = await this.claim();
    await Promise.all(claimed.map((row) => this.deliver(row)));
    if (Date.now() - this.lastPrunedAt > PRUNE_EVERY_MS) {
      this.lastPrunedAt = Date.now();
      // Finished messages (and their attempts, by cascade) are kept for KEEP_DAYS for the admins' log.
      await this.db.execute(sql`delete from ${t.webhookOutbox} where state <> 'pending' and created_at < now() - make_interval(days => ${KEEP_DAYS}::int)`);
    }
  }

  private claim(): Promise<Claimed[]> {
    const { leaseMs, batch } = this.options;
    return queryRows<Claimed>(
      this.db,
      sql`with due as (
            select o.id from ${t.webhookOutbox} o
             where o.state = 'pending' and o.next_attempt_at <= now()
               and not exists (select 1 from ${t.webhookOutbox} p
                                where p.complaint_id = o.complaint_id and p.state = 'pending' and p.id < o.id)
             order by o.id
             limit ${batch}
             for update skip locked)
          update ${t.webhookOutbox} o
             set attempts = o.attempts + 1, next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000}::float8)
            from due
           where o.id = due.id
          returning o.id, o.idempotency_key, o.source_code, o.payload, o.attempts,
                    (select s.url from ${t.sourceWebhooks} s where s.source_code = o.source_code) as url,
                    (select s.secret from ${t.sourceWebhooks} s where s.source_code = o.source_code) as secret,
                    (select s.active from ${t.sourceWebhooks} s where s.source_code = o.source_code) as active`,
    );
  }

  private async deliver(row: Claimed): Promise<void> {
    const attempt = Number(row.attempts);
    if (!row.url || !row.secret || !row.active) {
      await this.record(row.id, attempt, null, 'no active webhook for this source', 0, 'failed');
      return;
    }
    const payload = typeof row.payload === 'string' ? row.payload : JSON.stringify(row.payload);
    if (this.crashHook === 'before-send') process.kill(process.pid, 'SIGKILL');
    const started = performance.now();
    let httpStatus: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(row.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Pantau-status/1',
          [SIGNATURE_HEADER]: signBody(row.secret, payload),
          [IDEMPOTENCY_HEADER]: row.idempotency_key,
          [ATTEMPT_HEADER]: String(attempt),
        },
        body: payload,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      httpStatus = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (e) {
      error = (e as Error).message;
    }
    if (this.crashHook === 'after-send') process.kill(process.pid, 'SIGKILL');
    const ms = Math.round(performance.now() - started);
    const state = error === null ? 'delivered' : attempt >= this.options.maxAttempts ? 'failed' : 'pending';
    await this.record(row.id, attempt, httpStatus, error, ms, state);
    if (error !== null) this.log.warn({ key: row.idempotency_key, attempt, err: error }, 'status webhook not delivered');
  }

  private async record(outboxId: number, attempt: number, httpStatus: number | null, error: string | null, durationMs: number, state: 'delivered' | 'failed' | 'pending'): Promise<void> {
    const retryInMs = backoffMs(attempt, this.options.backoffBaseMs, this.options.backoffMaxMs);
    await this.db.transaction(async (tx) => {
      await tx.insert(t.webhookDeliveries).values({ outboxId, attempt, httpStatus, error, durationMs });
      await tx.execute(
        sql`update ${t.webhookOutbox}
               set state = ${state}::text,
                   delivered_at = case when ${state}::text = 'delivered' then now() else null end,
                   next_attempt_at = case when ${state}::text = 'pending' then now() + make_interval(secs => ${retryInMs / 1000}::float8) else next_attempt_at end
             where id = ${outboxId}`,
      );
    });
  }
}
