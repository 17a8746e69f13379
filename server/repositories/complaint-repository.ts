// Complaints in Postgres, and the mapping between their rows and the lifecycle model of
// server/domain/complaints (a complaint = its row + its history of facts).
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { insertRows, insertRowsStatement } from './bulk-rows.ts';
import type { ComplaintStatus } from '../../shared/domain-constants.ts';
import { runInOrder, type Queryable, type Transaction } from '../infra/database.ts';
import { compareEntries, deriveHistory, type ComplaintHistoryEntry, type ComplaintState } from '../domain/complaints/complaint-lifecycle.ts';
import type { ComplaintAssessment } from '../domain/complaints/complaint-sla.ts';

export type ComplaintRow = typeof t.complaints.$inferSelect;
export type HistoryRow = typeof t.complaintStatusHistory.$inferSelect;
export type AssignmentRow = typeof t.complaintAssignments.$inferSelect;

/** Serialises work on the same complaints across concurrent consumers, in a fixed order (no deadlocks). */
export async function lockComplaintKeys(tx: Transaction, source: string, externalIds: string[]): Promise<void> {
  await lockComplaintsOfSources(
    tx,
    externalIds.map((externalId) => ({ source, externalId })),
  );
}

/** lockComplaintKeys for complaints of several sources (a merge locks the duplicate and its original), in the same order. */
export async function lockComplaintsOfSources(tx: Transaction, complaints: { source: string; externalId: string }[]): Promise<void> {
  const keys = [...new Set(complaints.map((c) => JSON.stringify([c.source, c.externalId])))].sort();
  await runInOrder(tx, [
    sql`select pg_advisory_xact_lock(h) from (select distinct hashtextextended(k, 0) as h from unnest(${sql.param(keys)}::text[]) as k order by 1) s`,
  ]);
}

export async function loadComplaints(
  tx: Queryable,
  source: string,
  externalIds: string[],
): Promise<Map<string, { row: ComplaintRow; history: HistoryRow[] }>> {
  // Array parameters, so the statements' text stays the same and they can be prepared (see
  // runInOrder). The history is read only for complaints that exist: most of a batch is new ones.
  const rows = await tx
    .select()
    .from(t.complaints)
    .where(and(eq(t.complaints.source, source), sql`${t.complaints.externalId} = any(${sql.param(externalIds)}::text[])`))
    .prepare('load_complaints')
    .execute();
  return withHistory(tx, rows, (r) => r.externalId);
}

export async function loadComplaintsById(tx: Queryable, ids: string[]): Promise<Map<string, { row: ComplaintRow; history: HistoryRow[] }>> {
  if (!ids.length) return new Map();
  const rows = await tx.select().from(t.complaints).where(inArray(t.complaints.id, ids));
  return withHistory(tx, rows, (r) => r.id);
}

async function withHistory(
  tx: Queryable,
  rows: ComplaintRow[],
  keyOf: (r: ComplaintRow) => string,
): Promise<Map<string, { row: ComplaintRow; history: HistoryRow[] }>> {
  if (!rows.length) return new Map();
  const history = await tx
    .select()
    .from(t.complaintStatusHistory)
    .where(sql`${t.complaintStatusHistory.complaintId} = any(${sql.param(rows.map((r) => r.id))}::uuid[])`)
    .orderBy(asc(t.complaintStatusHistory.at), asc(t.complaintStatusHistory.id))
    .prepare('load_complaint_history')
    .execute();
  const out = new Map<string, { row: ComplaintRow; history: HistoryRow[] }>();
  const byComplaint = new Map<string, HistoryRow[]>();
  for (const h of history) {
    const list = byComplaint.get(h.complaintId) ?? [];
    list.push(h);
    byComplaint.set(h.complaintId, list);
  }
  for (const r of rows) out.set(keyOf(r), { row: r, history: byComplaint.get(r.id) ?? [] });
  return out;
}

export function historyEntryOf(h: HistoryRow): ComplaintHistoryEntry {
  return {
    from: null,
    to: h.status as ComplaintStatus,
    at: h.at.toISOString(),
    actor: h.actor,
    note: h.note,
    opd: h.opdCode,
    reason: h.reason,
    duplicateOf: h.duplicateOf,
    origin: h.origin === 'manual' ? 'manual' : 'channel',
    eventRef: h.eventRef,
    dispatch: null,
  };
}

/** The lifecycle model's view of a stored complaint. */
export function stateOf(row: ComplaintRow, history: HistoryRow[]): ComplaintState {
  const facts = deriveHistory(history.map(historyEntryOf).sort(compareEntries));
  return {
    id: row.id,
    category: row.categoryCode,
    kecamatan: row.kecamatanCode,
    submittedAt: row.submittedAt.toISOString(),
    submittedAtExplicit: row.submittedAtExplicit,
    categoryAt: row.categoryAt.toISOString(),
    kecamatanAt: row.kecamatanAt?.toISOString() ?? null,
    status: row.status as ComplaintStatus,
    statusAt: row.statusAt.toISOString(),
    opd: row.opdCode,
    duplicateOf: row.duplicateOfExternalId,
    history: facts,
  };
}

export function historyRowOf(complaintId: string, e: ComplaintHistoryEntry): typeof t.complaintStatusHistory.$inferInsert {
  return {
    complaintId,
    status: e.to,
    at: new Date(e.at),
    actor: e.actor,
    note: e.note,
    opdCode: e.opd,
    reason: e.reason,
    duplicateOf: e.duplicateOf,
    origin: e.origin,
    eventRef: e.eventRef,
  };
}

const date = (iso: string | null | undefined) => (iso ? new Date(iso) : null);

/** Columns of the complaint row that follow from its lifecycle state and clocks. */
export function lifecycleColumns(state: ComplaintState, a: ComplaintAssessment | null) {
  return {
    categoryCode: state.category,
    kecamatanCode: state.kecamatan,
    status: state.status,
    statusAt: new Date(state.statusAt),
    submittedAt: new Date(state.submittedAt),
    submittedAtExplicit: state.submittedAtExplicit,
    categoryAt: new Date(state.categoryAt),
    kecamatanAt: date(state.kecamatanAt),
    opdCode: state.opd,
    duplicateOfExternalId: state.duplicateOf,
    emergency: a?.emergency ?? false,
    dispatchDueAt: date(a?.citizen.dispatch.deadline),
    triagedAt: date(a?.citizen.dispatch.doneAt),
    responseDueAt: date(a?.citizen.firstResponse.deadline),
    firstResponseAt: date(a?.citizen.firstResponse.doneAt),
    resolutionDueAt: date(a?.citizen.resolution.deadline),
    resolvedAt: date(a?.citizen.resolution.doneAt),
  };
}

export function assignmentRows(complaintId: string, category: string, a: ComplaintAssessment | null, open: boolean): AssignmentRow[] {
  if (!a) return [];
  return a.assignments.map((asg, idx) => ({
    complaintId,
    idx,
    opdCode: asg.opd,
    kind: asg.mark.kind,
    dispatchedAt: new Date(asg.dispatchedAt),
    dispatchedBy: asg.dispatchedBy,
    misroutedBy: asg.mark.misroutedBy,
    endedBy: asg.endedBy,
    endedAt: date(asg.endedAt),
    responseDueAt: new Date(asg.firstResponse.deadline as string),
    firstResponseAt: date(asg.firstResponse.doneAt),
    resolutionDueAt: new Date(asg.resolution.deadline as string),
    resolvedAt: date(asg.resolution.doneAt),
    live: open && idx === a.assignments.length - 1 && asg.endedBy === null,
    categoryCode: category,
  }));
}

/** A complaint's OPD assignments are rewritten whole: delete the old ones, insert the new. */
export function replaceAssignmentsStatements(complaintIds: string[], rows: AssignmentRow[]): (SQL | null)[] {
  return [
    complaintIds.length ? sql`delete from ${t.complaintAssignments} where ${t.complaintAssignments.complaintId} = any(${sql.param(complaintIds)}::uuid[])` : null,
    insertRowsStatement(t.complaintAssignments, rows),
  ];
}
