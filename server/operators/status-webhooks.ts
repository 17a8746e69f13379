// Status back to the channel (issue 14): when a person in Pantau changes a complaint, the source
// it came from gets a signed webhook, if that source configured one. The message is put in the
// outbox (webhook_outbox) in the transaction of the change, so it exists exactly when the change
// does; status-webhook-dispatcher.ts sends it. A change the source itself reported is not sent
// back to it: it knows.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import type { ComplaintStatus } from '../../shared/domain-constants.ts';
import type { StatusWebhookPayload } from '../../shared/operator-api.ts';
import type { Transaction } from '../infra/database.ts';
import { STATUS_LABELS, type ComplaintHistoryEntry } from '../domain/complaints/complaint-lifecycle.ts';
import type { ComplaintRow } from '../repositories/complaint-repository.ts';
import type { ReferenceSnapshot } from '../repositories/reference-repository.ts';

export const SIGNATURE_HEADER = 'X-Pantau-Signature';
export const IDEMPOTENCY_HEADER = 'X-Pantau-Idempotency-Key';
export const ATTEMPT_HEADER = 'X-Pantau-Attempt';

/** `sha256=<hex>` of the exact bytes sent. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** For receivers (and tests): constant-time check of a signature header against the raw body. */
export function verifySignature(secret: string, body: string, header: string | null | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signBody(secret, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** One key per change: the complaint and its version after the change (never reused). */
export const idempotencyKeyOf = (complaintId: string, version: number) => `${complaintId}:v${version}`;

export interface StatusChange {
  /** The complaint row after the change. */
  row: ComplaintRow;
  previousStatus: ComplaintStatus | null;
  entry: ComplaintHistoryEntry;
}

/** What the source is told. The public note is the person's note (for a rejection, its reason). */
export async function statusPayloadOf(tx: Transaction, ref: ReferenceSnapshot, change: StatusChange): Promise<StatusWebhookPayload> {
  const { row, entry } = change;
  const status = row.status as ComplaintStatus;
  const opd = row.opdCode ? { code: row.opdCode, name: ref.opd.get(row.opdCode)?.name ?? row.opdCode } : null;
  let duplicateOf: StatusWebhookPayload['duplicateOf'] = null;
  if (status === 'duplicate' && row.duplicateOfExternalId) {
    // A merge made in Pantau names the original by its Pantau id; a channel's by its externalId.
    const [original] = await tx
      .select({ source: t.complaints.source, externalId: t.complaints.externalId })
      .from(t.complaints)
      .where(/^[0-9a-f-]{36}$/i.test(row.duplicateOfExternalId) ? eq(t.complaints.id, row.duplicateOfExternalId) : and(eq(t.complaints.source, row.source), eq(t.complaints.externalId, row.duplicateOfExternalId)));
    duplicateOf = original ?? { source: row.source, externalId: row.duplicateOfExternalId };
  }
  return {
    idempotencyKey: idempotencyKeyOf(row.id, row.version),
    event: 'complaint.status',
    source: row.source,
    externalId: row.externalId,
    complaintId: row.id,
    status,
    statusLabel: STATUS_LABELS[status],
    previousStatus: change.previousStatus,
    opd,
    note: entry.note ?? (status === 'rejected' ? entry.reason : null),
    duplicateOf,
    at: entry.at,
    version: row.version,
  };
}

/** Puts the webhook of this change in the outbox when the complaint's source has an active one. */
export async function enqueueStatusWebhook(tx: Transaction, ref: ReferenceSnapshot, change: StatusChange): Promise<boolean> {
  const [hook] = await tx
    .select({ active: t.sourceWebhooks.active })
    .from(t.sourceWebhooks)
    .where(eq(t.sourceWebhooks.sourceCode, change.row.source));
  if (!hook?.active) return false;
  const payload = await statusPayloadOf(tx, ref, change);
  await tx
    .insert(t.webhookOutbox)
    .values({ idempotencyKey: payload.idempotencyKey, sourceCode: change.row.source, complaintId: change.row.id, payload })
    .onConflictDoNothing();
  return true;
}

/** Retry delay after the n-th failed attempt (n >= 1): doubling from `baseMs`, at most `maxMs`. */
export function backoffMs(failedAttempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, failedAttempts - 1));
}
