// Complaints in Postgres, and the mapping between their rows and the lifecycle model of
// server/domain/complaints (a complaint = its row + its history of facts).
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { insertRows, insertRowsStatement } from './bulk-rows.ts';
import { isOpenStatus, type ComplaintStatus } from '../../shared/domain-constants.ts';
import { runInOrder, type Queryable, type Transaction } from '../infra/database.ts';
import { compareEntries, deriveHistory, isHandBack, RESOLUTION_STATUSES, type ComplaintHistoryEntry, type ComplaintState } from '../domain/complaints/complaint-lifecycle.ts';
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

/**
 * The instants the complaint was open, as a tstzmultirange literal: open at T exactly when
 * stateAsOf(state, T) is open. From the submission (before its first entry a complaint is
 * "received"); at each instant the last entry of the lifecycle's order decides.
 */
export function openSpansOf(state: ComplaintState): string {
  return multirangeLiteral(openSpanList(state));
}

/** A span of instants in ms: [from, to), `to` null when it has not ended. */
export type Span = [number, number | null];

function multirangeLiteral(spans: readonly Span[]): string {
  const iso = (ms: number) => new Date(ms).toISOString();
  return `{${spans.map(([a, b]) => `[${iso(a)},${b === null ? '' : iso(b)})`).join(',')}}`;
}

/** openSpansOf as spans. */
export function openSpanList(state: ComplaintState): Span[] {
  const submitted = Date.parse(state.submittedAt);
  const spans: [number, number | null][] = [];
  let open = true;
  let start = submitted;
  const h = state.history;
  for (let i = 0; i < h.length; i++) {
    if (i + 1 < h.length && h[i + 1].at === h[i].at) continue;
    const at = Date.parse(h[i].at);
    const nowOpen = isOpenStatus(h[i].to);
    if (nowOpen === open) continue;
    if (open) {
      if (at > start) spans.push([start, at]);
    } else start = Math.max(at, submitted);
    open = nowOpen;
  }
  if (open) spans.push([start, null]);
  return spans;
}

/**
 * The open spans inside [from, to) (`to` null: no end), as PostgreSQL's `open_spans *
 * tstzmultirange(tstzrange(from, to))` gives them (migration 0008 fills old rows that way).
 */
export function heldSpans(open: readonly Span[], from: number, to: number | null, pause: Span | null = null): string {
  const clip = (spans: readonly Span[], lo0: number, hi0: number | null): Span[] => {
    const out: Span[] = [];
    for (const [a, b] of spans) {
      const lo = Math.max(a, lo0);
      const hi = b === null ? hi0 : hi0 === null ? b : Math.min(b, hi0);
      if (hi === null || hi > lo) out.push([lo, hi]);
    }
    return out;
  };
  let held = clip(open, from, to);
  if (pause) held = [...clip(held, -8.64e15, pause[0]), ...(pause[1] === null ? [] : clip(held, pause[1], null))];
  return multirangeLiteral(held);
}

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
    holderOpd: a?.current?.opd ?? null,
    openSpans: openSpansOf(state),
  };
}

export function assignmentRows(complaintId: string, category: string, a: ComplaintAssessment | null, open: boolean, state: ComplaintState): AssignmentRow[] {
  if (!a) return [];
  const openSpans = openSpanList(state);
  const pauses = handBackPauses(state);
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
    held: heldSpans(openSpans, Date.parse(asg.dispatchedAt), a.assignments[idx + 1] ? Date.parse(a.assignments[idx + 1].dispatchedAt) : null, pauses[idx] ?? null),
  }));
}

/**
 * Per assignment (in dispatch order), when it was handed back: from the first hand-back of its
 * part of the history until the first resolution there (none: for good). A resolution anywhere in
 * that part makes the hand-back void from then on (complaint-sla.ts: the OPD did the work), so at
 * an instant between the two the command center held it, and after the resolution the OPD did.
 */
function handBackPauses(state: ComplaintState): (Span | null)[] {
  const out: (Span | null)[] = [];
  let part: { handBack: number | null; resolution: number | null } | null = null;
  const finish = () => {
    if (!part) return;
    const { handBack, resolution } = part;
    out.push(handBack !== null && (resolution === null || handBack < resolution) ? [handBack, resolution] : null);
  };
  for (const e of state.history) {
    if (e.dispatch) {
      finish();
      part = { handBack: null, resolution: null };
    }
    if (!part) continue;
    const at = Date.parse(e.at);
    if (part.handBack === null && isHandBack(e)) part.handBack = at;
    if (part.resolution === null && RESOLUTION_STATUSES.includes(e.to)) part.resolution = at;
  }
  finish();
  return out;
}

/** A complaint's OPD assignments are rewritten whole: delete the old ones, insert the new. */
export function replaceAssignmentsStatements(complaintIds: string[], rows: AssignmentRow[]): (SQL | null)[] {
  return [
    complaintIds.length ? sql`delete from ${t.complaintAssignments} where ${t.complaintAssignments.complaintId} = any(${sql.param(complaintIds)}::uuid[])` : null,
    insertRowsStatement(t.complaintAssignments, rows),
  ];
}
