// A changed SLA target or calendar day applies from the change on, to complaints still open:
// their stored clocks (complaints.*_due_at and the OPD clock of the assignment in force) are
// judged again with the new rules, in the transaction of the change itself. Closed complaints
// and clocks already done keep the deadline they were judged with, so a verdict never changes
// after the fact. The live overdue counts are SQL over these columns (timeliness-refresher.ts):
// once the change is announced on the rule-change bus, the wall moves within seconds.
import { asc, sql } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { OPEN_COMPLAINT_STATUSES, isOpenStatus } from '../../shared/domain-constants.ts';
import { assessComplaint, DEFAULT_SLA, type CategorySla } from '../domain/complaints/complaint-sla.ts';
import type { WorkingCalendar } from '../domain/calendar/working-calendar.ts';
import { runInOrder, type Queryable, type Transaction } from '../infra/database.ts';
import { updateRowsByIdStatement } from '../repositories/bulk-rows.ts';
import { loadComplaintsById, lockComplaintsOfSources, stateOf, type ComplaintRow } from '../repositories/complaint-repository.ts';
import { calendarOfRows } from '../repositories/reference-repository.ts';

export interface RecomputeOptions {
  /** Only the open complaints of this category (an SLA change); all open ones otherwise (a calendar change). */
  category?: string;
  /** rule_versions.id the complaints are now judged with; null on a dry run (nothing is written). */
  version: number | null;
  now: Date;
  /** false: count only (the preview). */
  write: boolean;
}

export interface RecomputeResult {
  openComplaints: number;
  moved: number;
}

/** The rules as the transaction sees them: with the change being saved, not yet announced. */
export async function rulesInTransaction(tx: Transaction): Promise<{ policies: Map<string, CategorySla>; calendar: WorkingCalendar }> {
  const [cats, days] = await Promise.all([
    tx.select({ code: t.categories.code, sla: t.categories.sla }).from(t.categories),
    tx.select({ date: t.calendarDays.date, kind: t.calendarDays.kind, name: t.calendarDays.name }).from(t.calendarDays).orderBy(asc(t.calendarDays.date)),
  ]);
  return { policies: new Map(cats.map((c) => [c.code, c.sla])), calendar: calendarOfRows(days) };
}

const CHUNK = 2000;
const same = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
const dateOrNull = (iso: string | null | undefined) => (iso ? new Date(iso) : null);

export async function recomputeOpenComplaints(tx: Transaction, options: RecomputeOptions): Promise<RecomputeResult> {
  const { policies, calendar } = await rulesInTransaction(tx);
  const openList = sql.join(
    OPEN_COMPLAINT_STATUSES.map((s) => sql`${s}`),
    sql`, `,
  );
  const keys = await tx
    .select({ id: t.complaints.id, source: t.complaints.source, externalId: t.complaints.externalId })
    .from(t.complaints)
    .where(options.category ? sql`status in (${openList}) and ${t.complaints.categoryCode} = ${options.category}` : sql`status in (${openList})`);
  // The processor locks the complaints it writes the same way: no update of ours crosses one of its.
  if (options.write && keys.length) await lockComplaintsOfSources(tx, keys);

  let moved = 0;
  let judged = 0;
  for (let i = 0; i < keys.length; i += CHUNK) {
    const ids = keys.slice(i, i + CHUNK).map((k) => k.id);
    const stored = await loadComplaintsById(tx, ids);
    const live = await tx
      .select()
      .from(t.complaintAssignments)
      .where(sql`${t.complaintAssignments.complaintId} = any(${sql.param(ids)}::uuid[]) and ${t.complaintAssignments.live}`);
    const liveOf = new Map(live.map((a) => [a.complaintId, a]));

    const rowUpdates: Partial<ComplaintRow>[] = [];
    const asgUpdates: { complaintId: string; idx: number; responseDueAt: Date; resolutionDueAt: Date }[] = [];
    const judgedIds: string[] = [];
    for (const { row, history } of stored.values()) {
      const state = stateOf(row, history);
      if (!isOpenStatus(state.status)) continue;
      const policy = policies.get(state.category) ?? DEFAULT_SLA;
      const asOf = new Date(Math.max(options.now.getTime(), Date.parse(state.statusAt)));
      const a = assessComplaint(state, { policy, calendar, now: asOf });
      if (!a) continue;
      judged++;
      judgedIds.push(row.id);
      // A clock already done was judged: its deadline stays.
      const next = {
        dispatchDueAt: row.triagedAt ? row.dispatchDueAt : dateOrNull(a.citizen.dispatch.deadline),
        responseDueAt: row.firstResponseAt ? row.responseDueAt : dateOrNull(a.citizen.firstResponse.deadline),
        resolutionDueAt: row.resolvedAt ? row.resolutionDueAt : dateOrNull(a.citizen.resolution.deadline),
        emergency: a.emergency,
      };
      let changed =
        !same(next.dispatchDueAt, row.dispatchDueAt) ||
        !same(next.responseDueAt, row.responseDueAt) ||
        !same(next.resolutionDueAt, row.resolutionDueAt) ||
        next.emergency !== row.emergency;
      const stay = liveOf.get(row.id);
      const current = a.current;
      if (stay && current && a.assignments.indexOf(current) === stay.idx) {
        const responseDueAt = stay.firstResponseAt ? stay.responseDueAt : new Date(current.firstResponse.deadline as string);
        const resolutionDueAt = stay.resolvedAt ? stay.resolutionDueAt : new Date(current.resolution.deadline as string);
        if (!same(responseDueAt, stay.responseDueAt) || !same(resolutionDueAt, stay.resolutionDueAt)) {
          asgUpdates.push({ complaintId: row.id, idx: stay.idx, responseDueAt, resolutionDueAt });
          changed = true;
        }
      }
      if (changed) {
        moved++;
        rowUpdates.push({ id: row.id, ...next });
      }
    }
    if (!options.write) continue;
    await runInOrder(tx, [
      updateRowsByIdStatement(t.complaints, rowUpdates, { only: ['dispatchDueAt', 'responseDueAt', 'resolutionDueAt', 'emergency'] }),
      asgUpdates.length
        ? sql`update complaint_assignments a set response_due_at = v.r, resolution_due_at = v.s
                from unnest(${sql.param(asgUpdates.map((u) => u.complaintId))}::uuid[], ${sql.param(asgUpdates.map((u) => u.idx))}::int[],
                            ${sql.param(asgUpdates.map((u) => u.responseDueAt.toISOString()))}::text[]::timestamptz[],
                            ${sql.param(asgUpdates.map((u) => u.resolutionDueAt.toISOString()))}::text[]::timestamptz[]) as v(id, idx, r, s)
               where a.complaint_id = v.id and a.idx = v.idx`
        : null,
      judgedIds.length && options.version !== null
        ? sql`update complaints set rules_version = ${options.version} where id = any(${sql.param(judgedIds)}::uuid[])`
        : null,
    ]);
  }
  return { openComplaints: judged, moved };
}

/** Open complaints per category now, for the category list. */
export async function openComplaintsByCategory(tx: Queryable): Promise<Map<string, number>> {
  const rows = await tx
    .select({ code: t.complaints.categoryCode, n: sql<string>`count(*)::text` })
    .from(t.complaints)
    .where(
      sql`status in (${sql.join(
        OPEN_COMPLAINT_STATUSES.map((s) => sql`${s}`),
        sql`, `,
      )})`,
    )
    .groupBy(t.complaints.categoryCode);
  return new Map(rows.map((r) => [r.code, Number(r.n)]));
}
