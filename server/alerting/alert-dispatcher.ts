// Sends the alerts the processors put in the outbox: groups them per OPD for a short window,
// sends each group to every channel that covers it (webhook or Telegram), retries failures with
// backoff, logs every attempt, and escalates incidents nobody acknowledged in time.
// One node does this at a time (a Redis lock). A recovery is never suppressed.
import type { Redis } from 'ioredis';
import { and, eq, gte, inArray, isNull, lte } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import type { Database } from '../infra/database.ts';
import type { Logger } from '../infra/logger.ts';
import { buildAlertMessage, groupAlerts, MAX_ATTEMPTS, RETRY_DELAYS_MS, type AlertItem, type AlertKind, type AlertMessage } from './alert-message.ts';
import { sendToChannel, type ChannelRow } from './alert-channels.ts';

export interface AlertDispatcherOptions {
  /** How long a down alert waits for others of the same OPD before going out. */
  groupWindowMs: number;
  /** Escalate an incident still unacknowledged after this long. */
  escalateAfterMinutes: number;
  tickMs: number;
}

export const DEFAULT_ALERT_OPTIONS: AlertDispatcherOptions = { groupWindowMs: 15_000, escalateAfterMinutes: 15, tickMs: 1_000 };

const WINDOW_FACTOR: Record<AlertKind, number> = { down: 1, recovery: 0.5, escalation: 0 };

export class AlertDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private readonly token = `${process.pid}-${Math.random().toString(36).slice(2)}`;

  constructor(
    private readonly db: Database,
    private readonly redis: Redis,
    private readonly lockKey: string,
    private readonly log: Logger,
    private readonly publicUrl: () => string,
    private readonly options: AlertDispatcherOptions = DEFAULT_ALERT_OPTIONS,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async tick(now = new Date()): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const ttl = this.options.tickMs * 10;
      const held = (await this.redis.get(this.lockKey)) === this.token;
      if (held) await this.redis.pexpire(this.lockKey, ttl);
      else if (!(await this.redis.set(this.lockKey, this.token, 'PX', ttl, 'NX'))) return;
      await this.escalate(now);
      await this.deliver(now);
    } catch (error) {
      this.log.warn({ err: (error as Error).message }, 'alert dispatch failed; will retry');
    } finally {
      this.busy = false;
    }
  }

  /**
   * Incidents still open and unacknowledged past the limit get one escalation alert. The limit
   * counts from when Pantau learned of the outage: one reported late (a backlog after an outage
   * of Pantau itself) gives the technicians their full time before escalating.
   */
  private async escalate(now: Date): Promise<void> {
    const limit = new Date(now.getTime() - this.options.escalateAfterMinutes * 60_000);
    const due = await this.db
      .select({ id: t.incidents.id })
      .from(t.incidents)
      .where(and(eq(t.incidents.status, 'open'), isNull(t.incidents.escalatedAt), lte(t.incidents.openedAt, limit), lte(t.incidents.createdAt, limit)));
    for (const { id } of due) {
      await this.db.transaction(async (tx) => {
        const updated = await tx
          .update(t.incidents)
          .set({ escalatedAt: now })
          .where(and(eq(t.incidents.id, id), eq(t.incidents.status, 'open'), isNull(t.incidents.escalatedAt)))
          .returning({ id: t.incidents.id });
        if (!updated.length) return;
        // No note: the kind says it in the reader's language (a note is one language for everyone).
        await tx.insert(t.incidentEvents).values({ incidentId: id, at: now, kind: 'escalated', actor: 'system', note: null });
        await tx.insert(t.alertOutbox).values({ incidentId: id, kind: 'escalation', at: now }).onConflictDoNothing();
      });
    }
  }

  private async deliver(now: Date): Promise<void> {
    const pending = await this.db
      .select({
        outboxId: t.alertOutbox.id,
        kind: t.alertOutbox.kind,
        createdAt: t.alertOutbox.createdAt,
        incidentId: t.incidents.id,
        openedAt: t.incidents.openedAt,
        resolvedAt: t.incidents.resolvedAt,
        acknowledgedBy: t.incidents.acknowledgedBy,
        monitorId: t.monitors.id,
        monitorCode: t.monitors.code,
        monitorName: t.monitors.name,
        target: t.monitors.target,
        opdCode: t.opd.code,
        opdName: t.opd.name,
      })
      .from(t.alertOutbox)
      .innerJoin(t.incidents, eq(t.incidents.id, t.alertOutbox.incidentId))
      .innerJoin(t.monitors, eq(t.monitors.id, t.incidents.monitorId))
      .innerJoin(t.opd, eq(t.opd.code, t.monitors.opdCode))
      .where(isNull(t.alertOutbox.doneAt))
      .orderBy(t.alertOutbox.id)
      .limit(500);
    if (!pending.length) return;

    const channels = (await this.db.select().from(t.notificationChannels).where(eq(t.notificationChannels.active, true))) as ChannelRow[];
    const monitorOf = new Map(pending.map((p) => [p.outboxId, p.monitorId]));
    const items: AlertItem[] = pending.map((p) => ({
      outboxId: p.outboxId,
      kind: p.kind as AlertKind,
      incidentId: p.incidentId,
      monitor: { code: p.monitorCode, name: p.monitorName, target: p.target },
      opd: { code: p.opdCode, name: p.opdName },
      openedAt: p.openedAt,
      resolvedAt: p.resolvedAt,
      acknowledgedBy: p.acknowledgedBy,
    }));
    const createdAt = new Map(pending.map((p) => [p.outboxId, p.createdAt.getTime()]));

    // Attempts made for these alerts (none can be older than the oldest pending alert).
    const since = new Date(Math.min(...pending.map((p) => p.createdAt.getTime())));
    const deliveries = await this.db.select().from(t.alertDeliveries).where(gte(t.alertDeliveries.at, since));
    const deliveriesFor = (outboxId: number) => deliveries.filter((d) => (d.outboxIds as number[]).includes(outboxId));

    // An outage that was over before its DOWN alert could go out is told once, by its recovery
    // message ("pulih setelah N menit"); the recovery itself is never suppressed.
    const settled = pending.filter((p) => p.kind === 'down' && p.resolvedAt !== null && pending.some((q) => q.kind === 'recovery' && q.incidentId === p.incidentId));
    const undelivered = settled.filter((p) => !deliveriesFor(p.outboxId).some((d) => d.status === 'delivered'));
    if (undelivered.length) {
      await this.db
        .update(t.alertOutbox)
        .set({ doneAt: now })
        .where(
          inArray(
            t.alertOutbox.id,
            undelivered.map((p) => p.outboxId),
          ),
        );
    }
    const skipped = new Set(undelivered.map((p) => p.outboxId));
    for (const [, group] of groupAlerts(items.filter((i) => !skipped.has(i.outboxId)))) {
      const kind = group[0].kind;
      const oldest = Math.min(...group.map((i) => createdAt.get(i.outboxId)!));
      // Wait a little so that several services of one OPD going down together make one message.
      if (now.getTime() - oldest < this.options.groupWindowMs * WINDOW_FACTOR[kind]) continue;
      let allDone = true;
      for (const channel of channels) {
        const covered = group.filter((i) => covers(channel, i, monitorOf.get(i.outboxId)!));
        if (!covered.length) continue;
        const history = deliveries.filter((d) => d.channelId === channel.id && covered.some((i) => (d.outboxIds as number[]).includes(i.outboxId)));
        if (history.some((d) => d.status === 'delivered')) continue;
        const attempts = history.length;
        if (attempts >= MAX_ATTEMPTS) continue;
        const last = history.reduce((m, d) => Math.max(m, d.at.getTime()), 0);
        if (attempts > 0 && now.getTime() - last < RETRY_DELAYS_MS[attempts - 1]) {
          allDone = false;
          continue;
        }
        const message = buildAlertMessage(kind, covered, now, this.publicUrl());
        const ok = await this.send(channel, message, attempts + 1, now);
        if (!ok && attempts + 1 < MAX_ATTEMPTS) allDone = false;
      }
      if (allDone) {
        await this.db
          .update(t.alertOutbox)
          .set({ doneAt: now })
          .where(
            inArray(
              t.alertOutbox.id,
              group.map((i) => i.outboxId),
            ),
          );
      }
    }
  }

  private async send(channel: ChannelRow, message: AlertMessage, attempt: number, now: Date): Promise<boolean> {
    const result = await sendToChannel(channel, message);
    await this.db.insert(t.alertDeliveries).values({
      channelId: channel.id,
      outboxIds: message.items.map((i) => i.outboxId),
      kind: message.kind,
      attempt,
      status: result.ok ? 'delivered' : attempt >= MAX_ATTEMPTS ? 'gave_up' : 'failed',
      httpStatus: result.httpStatus ?? null,
      error: result.error ?? null,
      payload: result.payload,
      at: now,
    });
    if (!result.ok) this.log.warn({ channel: channel.name, attempt, err: result.error }, 'alert delivery failed');
    return result.ok;
  }
}

/** A channel covers an alert when it is for all, for the monitor's OPD, or for the monitor itself. */
function covers(channel: ChannelRow, item: AlertItem, monitorId: string): boolean {
  if (channel.monitorId) return channel.monitorId === monitorId;
  if (channel.opdCode) return channel.opdCode === item.opd.code;
  return true;
}
