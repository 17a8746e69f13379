// What command-center operators do to a complaint in Pantau: verify, dispatch to an OPD,
// re-route with a reason, reject to an external body, mark duplicate, and so on. The lifecycle
// rules (server/domain/complaints) decide what is allowed; the change is written like a channel
// update (complaint-writer.ts), audited in the same transaction, and pushed to the live state.
import { eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import type { ComplaintStatus } from '../../shared/domain-constants.ts';
import type { Database } from '../infra/database.ts';
import { recordAudit, type AuditAction, type AuditOrigin } from '../audit/audit-log.ts';
import { actorName, type Principal } from '../auth/roles.ts';
import { transition, type TransitionError } from '../domain/complaints/complaint-lifecycle.ts';
import type { LiveStateStore } from '../live-state/live-state-store.ts';
import { complaintSnapshotOf } from '../live-state/complaint-effects.ts';
import { loadComplaintsById, lockComplaintKeys, stateOf } from '../repositories/complaint-repository.ts';
import type { ReferenceSnapshot } from '../repositories/reference-repository.ts';
import { writeComplaintChanges } from './complaint-writer.ts';

export interface ComplaintActionInput {
  complaintId: string;
  to: ComplaintStatus;
  opd?: string | null;
  note?: string | null;
  reason?: string | null;
  duplicateOf?: string | null;
  principal: Principal;
  origin: AuditOrigin;
  now?: Date;
}

export type ComplaintActionResult =
  | { ok: true; complaint: { id: string; status: ComplaintStatus; opd: string | null; version: number }; action: AuditAction }
  | { ok: false; status: 404 | 409; error: TransitionError | { code: 'not_found'; message: { id: string; en: string } } };

const NOT_FOUND = { code: 'not_found' as const, message: { id: 'Aduan tidak ditemukan.', en: 'Complaint not found.' } };

export async function actOnComplaint(db: Database, live: LiveStateStore, ref: ReferenceSnapshot, input: ComplaintActionInput): Promise<ComplaintActionResult> {
  const now = input.now ?? new Date();
  const outcome = await db.transaction(async (tx) => {
    const [key] = await tx.select({ source: t.complaints.source, externalId: t.complaints.externalId }).from(t.complaints).where(eq(t.complaints.id, input.complaintId));
    if (!key) return { ok: false as const, status: 404 as const, error: NOT_FOUND };
    // The same lock the processor takes: an operator and a channel never interleave on one complaint.
    await lockComplaintKeys(tx, key.source, [key.externalId]);
    const loaded = (await loadComplaintsById(tx, [input.complaintId])).get(input.complaintId);
    if (!loaded) return { ok: false as const, status: 404 as const, error: NOT_FOUND };
    const state = stateOf(loaded.row, loaded.history);
    const result = transition(state, {
      to: input.to,
      at: now,
      actor: actorName(input.principal),
      note: input.note ?? null,
      opd: input.opd ?? null,
      reason: input.reason ?? null,
      duplicateOf: input.duplicateOf ?? null,
    });
    if (!result.ok) return { ok: false as const, status: 409 as const, error: result.error };
    const row = { ...loaded.row };
    const effects = await writeComplaintChanges(
      tx,
      ref,
      [{ row, state: result.state, before: complaintSnapshotOf(loaded.row), isNew: false, changed: true, added: [result.entry] }],
      now,
    );
    const action = auditActionOf(input.to, result.entry.dispatch?.kind === 'reroute');
    await recordAudit(tx, {
      actor: input.principal,
      action,
      target: `complaint:${row.id}`,
      before: { status: loaded.row.status, opd: loaded.row.opdCode },
      after: { status: row.status, opd: row.opdCode, note: input.note ?? null, reason: input.reason ?? null, duplicateOf: input.duplicateOf ?? null },
      origin: input.origin,
    });
    return { ok: true as const, effects, row, action };
  });
  if (!outcome.ok) return outcome;
  await live.applyEffects(outcome.effects, `complaint:${outcome.row.id}:${outcome.row.version}`, null);
  return {
    ok: true,
    action: outcome.action,
    complaint: { id: outcome.row.id, status: outcome.row.status as ComplaintStatus, opd: outcome.row.opdCode, version: outcome.row.version },
  };
}

function auditActionOf(to: ComplaintStatus, reroute: boolean): AuditAction {
  if (to === 'verified') return 'complaint.verify';
  if (to === 'dispatched') return reroute ? 'complaint.reroute' : 'complaint.dispatch';
  if (to === 'rejected') return 'complaint.reject';
  return 'complaint.status';
}
