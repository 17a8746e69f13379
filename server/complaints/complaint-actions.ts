// What command-center operators do to a complaint in Pantau: verify, dispatch to an OPD,
// re-route with a reason, reject to an external body, mark duplicate, and so on. The lifecycle
// rules (server/domain/complaints) decide what is allowed; the change is written like a channel
// update (complaint-writer.ts), audited in the same transaction, and pushed to the live state.
// The status webhook to the complaint's source (server/operators/status-webhooks.ts) is put in
// its outbox in that same transaction.
import { eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import type { ComplaintStatus } from '../../shared/domain-constants.ts';
import type { Database, Transaction } from '../infra/database.ts';
import { recordAudit, type AuditAction, type AuditOrigin } from '../audit/audit-log.ts';
import { actorName, type Principal } from '../auth/roles.ts';
import { transition, type ComplaintHistoryEntry, type TransitionError } from '../domain/complaints/complaint-lifecycle.ts';
import { enqueueStatusWebhook } from '../operators/status-webhooks.ts';
import type { LiveStateStore } from '../live-state/live-state-store.ts';
import { complaintSnapshotOf } from '../live-state/complaint-effects.ts';
import { loadComplaintsById, lockComplaintsOfSources, stateOf } from '../repositories/complaint-repository.ts';
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
  /** The version the person saw: refused (409 stale_version) when the complaint changed since. */
  expectedVersion?: number;
  /** Audit action to record instead of the one the transition implies (complaint.merge, ...). */
  auditAs?: AuditAction;
  /** Extra audit detail (e.g. the original of a merge, a photo link). */
  auditDetail?: Record<string, unknown>;
  /** Checked under the complaint's lock, before the change: a refusal (409) or null to go on. */
  precondition?: (loaded: { status: ComplaintStatus; opd: string | null; suggestedOpd: string | null }) => ComplaintActionRefusal | null;
  /** Other complaints locked together with this one (a merge's original), so two merges cannot cross. */
  alsoLock?: { source: string; externalId: string }[];
  /** Checked inside the transaction, under the locks (e.g. the original is still open). */
  check?: (tx: Transaction) => Promise<ComplaintActionRefusal | null>;
}

export interface ComplaintActionRefusal {
  code: string;
  message: { id: string; en: string };
}

export interface LastChange {
  actor: string | null;
  at: string;
  status: ComplaintStatus;
}

export interface ChangedComplaint {
  id: string;
  status: ComplaintStatus;
  opd: string | null;
  version: number;
}

export type ComplaintActionResult =
  | {
      ok: true;
      complaint: ChangedComplaint;
      before: ChangedComplaint;
      action: AuditAction;
      /** The fact recorded (derived fields set: dispatch mark of a re-route, ...). */
      entry: ComplaintHistoryEntry;
    }
  | { ok: false; status: 404; error: { code: 'not_found'; message: { id: string; en: string } } }
  | {
      ok: false;
      status: 409;
      error: TransitionError | ComplaintActionRefusal;
      current: ChangedComplaint;
      lastChange: LastChange;
    };

const NOT_FOUND = { code: 'not_found' as const, message: { id: 'Aduan tidak ditemukan.', en: 'Complaint not found.' } };

export async function actOnComplaint(db: Database, live: LiveStateStore, ref: ReferenceSnapshot, input: ComplaintActionInput): Promise<ComplaintActionResult> {
  const now = input.now ?? new Date();
  const outcome = await db.transaction(async (tx) => {
    const [key] = await tx.select({ source: t.complaints.source, externalId: t.complaints.externalId }).from(t.complaints).where(eq(t.complaints.id, input.complaintId));
    if (!key) return { ok: false as const, status: 404 as const, error: NOT_FOUND };
    // The same lock the processor takes: an operator and a channel never interleave on one complaint.
    await lockComplaintsOfSources(tx, [key, ...(input.alsoLock ?? [])]);
    const loaded = (await loadComplaintsById(tx, [input.complaintId])).get(input.complaintId);
    if (!loaded) return { ok: false as const, status: 404 as const, error: NOT_FOUND };
    const state = stateOf(loaded.row, loaded.history);
    const current = { id: loaded.row.id, status: loaded.row.status as ComplaintStatus, opd: loaded.row.opdCode, version: loaded.row.version };
    const last = state.history[state.history.length - 1];
    const lastChange: LastChange = { actor: last?.actor ?? null, at: last?.at ?? state.statusAt, status: state.status };
    const conflict = (error: TransitionError | ComplaintActionRefusal) => ({ ok: false as const, status: 409 as const, error, current, lastChange });
    if (input.expectedVersion !== undefined && input.expectedVersion !== loaded.row.version) {
      const who = lastChange.actor ?? 'kanal / channel';
      return conflict({
        code: 'stale_version',
        message: {
          id: `Aduan ini sudah diubah oleh ${who} pada ${lastChange.at} (status sekarang: ${current.status}). Muat ulang lalu coba lagi.`,
          en: `This complaint was changed by ${who} at ${lastChange.at} (status now: ${current.status}). Reload and try again.`,
        },
      });
    }
    const refused = input.precondition?.({ status: current.status, opd: current.opd, suggestedOpd: loaded.row.suggestedOpd }) ?? (await input.check?.(tx)) ?? null;
    if (refused) return conflict(refused);
    const result = transition(state, {
      to: input.to,
      at: now,
      actor: actorName(input.principal),
      note: input.note ?? null,
      opd: input.opd ?? null,
      reason: input.reason ?? null,
      duplicateOf: input.duplicateOf ?? null,
    });
    if (!result.ok) return conflict(result.error);
    const row = { ...loaded.row };
    const effects = await writeComplaintChanges(
      tx,
      ref,
      [{ row, state: result.state, before: complaintSnapshotOf(loaded.row), isNew: false, changed: true, added: [result.entry] }],
      now,
    );
    const action = input.auditAs ?? auditActionOf(input.to, result.entry.dispatch?.kind === 'reroute');
    const misroute = result.entry.dispatch?.kind === 'reroute' ? { fromOpd: result.entry.dispatch.previousOpd, misroutedBy: result.entry.dispatch.misroutedBy } : null;
    await recordAudit(tx, {
      actor: input.principal,
      action,
      target: `complaint:${row.id}`,
      before: { status: loaded.row.status, opd: loaded.row.opdCode, version: loaded.row.version },
      after: {
        status: row.status,
        opd: row.opdCode,
        version: row.version,
        note: input.note ?? null,
        reason: input.reason ?? null,
        duplicateOf: input.duplicateOf ?? null,
        ...(misroute ? { misroute } : {}),
        ...input.auditDetail,
      },
      origin: input.origin,
    });
    await enqueueStatusWebhook(tx, ref, { row, previousStatus: current.status, entry: result.entry });
    return { ok: true as const, effects, row, action, entry: result.entry, before: current };
  });
  if (!outcome.ok) return outcome;
  await live.applyEffects(outcome.effects, `complaint:${outcome.row.id}:${outcome.row.version}`, null);
  return {
    ok: true,
    action: outcome.action,
    entry: outcome.entry,
    before: outcome.before,
    complaint: { id: outcome.row.id, status: outcome.row.status as ComplaintStatus, opd: outcome.row.opdCode, version: outcome.row.version },
  };
}

function auditActionOf(to: ComplaintStatus, reroute: boolean): AuditAction {
  if (to === 'verified') return 'complaint.verify';
  if (to === 'dispatched') return reroute ? 'complaint.reroute' : 'complaint.dispatch';
  if (to === 'rejected') return 'complaint.reject';
  return 'complaint.status';
}
