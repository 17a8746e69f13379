// Reads what the timeliness reports need for a period, as plain records for the domain
// functions: complaint states (row + history), upload records per dataset, monitor timelines.
import { and, asc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { OPEN_COMPLAINT_STATUSES } from '../../shared/domain-constants.ts';
import type { MonitorState } from '../../shared/domain-constants.ts';
import { queryRows, timestamptz, type Database } from '../infra/database.ts';
import type { ComplaintState } from '../domain/complaints/complaint-lifecycle.ts';
import { earliestUploadForDueFrom, isScheduled, normalizeSchedule, type DatasetUploads } from '../domain/uploads/index.ts';
import type { StateChange } from '../domain/uptime/availability.ts';
import { stateOf, type ComplaintRow, type HistoryRow } from './complaint-repository.ts';
import type { ReferenceSnapshot } from './reference-repository.ts';

const CHUNK = 5000;

/** The columns stateOf reads, and the history as one JSON array per complaint (no texts, no coordinates). */
interface ComplaintStateRow {
  id: string;
  category_code: string;
  kecamatan_code: string | null;
  submitted_at: Date | string;
  submitted_at_explicit: boolean;
  category_at: Date | string;
  kecamatan_at: Date | string | null;
  status: string;
  status_at: Date | string;
  opd_code: string | null;
  duplicate_of_external_id: string | null;
  /** [status, at, actor, note, opd_code, reason, duplicate_of, origin, event_ref] per fact, in (at, id) order. */
  history: [string, string, string | null, string | null, string | null, string | null, string | null, string, string | null][] | string;
}

/**
 * Complaints that can count in a period ending at `to`: submitted before `to`, and still open or
 * changed since `activeSince` (the period's start, or earlier: the earliest start of a clock due
 * in the period, see earliestClockStartDueFrom; a complaint's last change is at or after every
 * event and clock start it has). With `opd`, only complaints that were ever assigned to it; with
 * `kecamatan`, only complaints (now) in it.
 *
 * Read in chunks of ids, each one statement returning only the columns the lifecycle model
 * needs with the history aggregated beside its complaint, the next chunk requested while this
 * one is turned into states (a period of a year holds hundreds of thousands of complaints).
 */
export async function complaintStatesForPeriod(db: Database, activeSince: Date, to: Date, opd?: string, kecamatan?: string): Promise<ComplaintState[]> {
  const open = sql.join(
    OPEN_COMPLAINT_STATUSES.map((s) => sql`${s}`),
    sql`, `,
  );
  const ids = await queryRows<{ id: string }>(
    db,
    sql`select c.id from complaints c
         where c.submitted_at < ${timestamptz(to)}
           and (c.status in (${open}) or c.status_at >= ${timestamptz(activeSince)})
           ${opd ? sql`and exists (select 1 from complaint_assignments a where a.complaint_id = c.id and a.opd_code = ${opd})` : sql``}
           ${kecamatan ? sql`and c.kecamatan_code = ${kecamatan}` : sql``}`,
  );
  const read = (chunk: string[]) =>
    queryRows<ComplaintStateRow>(
      db,
      sql`select c.id, c.category_code, c.kecamatan_code, c.submitted_at, c.submitted_at_explicit, c.category_at, c.kecamatan_at,
                 c.status, c.status_at, c.opd_code, c.duplicate_of_external_id,
                 coalesce((select json_agg(json_build_array(h.status, h.at, h.actor, h.note, h.opd_code, h.reason, h.duplicate_of, h.origin, h.event_ref) order by h.at, h.id)
                             from complaint_status_history h where h.complaint_id = c.id), '[]'::json) as history
            from complaints c where c.id = any(${sql.param(chunk)}::uuid[])`,
    );
  const states: ComplaintState[] = [];
  const all = ids.map((r) => r.id);
  let next = all.length ? read(all.slice(0, CHUNK)) : null;
  for (let i = 0; next; i += CHUNK) {
    const rows = await next;
    next = i + CHUNK < all.length ? read(all.slice(i + CHUNK, i + 2 * CHUNK)) : null;
    for (const r of rows) states.push(stateOf(complaintRowOf(r), historyRowsOf(r)));
  }
  return states;
}

const asDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));

function complaintRowOf(r: ComplaintStateRow): ComplaintRow {
  return {
    id: r.id,
    categoryCode: r.category_code,
    kecamatanCode: r.kecamatan_code,
    submittedAt: asDate(r.submitted_at),
    submittedAtExplicit: r.submitted_at_explicit,
    categoryAt: asDate(r.category_at),
    kecamatanAt: r.kecamatan_at === null ? null : asDate(r.kecamatan_at),
    status: r.status,
    statusAt: asDate(r.status_at),
    opdCode: r.opd_code,
    duplicateOfExternalId: r.duplicate_of_external_id,
  } as ComplaintRow;
}

function historyRowsOf(r: ComplaintStateRow): HistoryRow[] {
  const list = typeof r.history === 'string' ? (JSON.parse(r.history) as Exclude<ComplaintStateRow['history'], string>) : r.history;
  return list.map(
    ([status, at, actor, note, opdCode, reason, duplicateOf, origin, eventRef]) =>
      ({ complaintId: r.id, status, at: new Date(at), actor, note, opdCode, reason, duplicateOf, origin, eventRef }) as HistoryRow,
  );
}

/**
 * Datasets (optionally of one OPD) with the uploads that can matter for periods due from `from`
 * on, judged as of `now`: received up to `now`, however long after the period's range ended.
 */
export async function datasetUploadsForPeriod(db: Database, ref: ReferenceSnapshot, from: Date, now: Date, opd?: string): Promise<DatasetUploads[]> {
  const datasets = [...ref.datasets.values()].filter((d) => !opd || d.opdCode === opd);
  // Ad hoc datasets are never due: they are listed, but their uploads need not be read.
  const schedulesOf = (d: (typeof datasets)[number]) => (d.segments?.length ? d.segments.map((g) => g.schedule) : [d.schedule]);
  const scheduled = datasets.filter((d) => schedulesOf(d).some((s) => isScheduled(normalizeSchedule(s))));
  if (!scheduled.length) return datasets.map((d) => ({ opd: d.opdCode, dataset: d.code, schedule: d.schedule, segments: d.segments, uploads: [] }));
  // A period due in the window can be uploaded from its own start on: up to four months before
  // its deadline for a monthly dataset due three months later.
  const since = new Date(Math.min(...scheduled.flatMap((d) => schedulesOf(d).map((s) => earliestUploadForDueFrom(s, from)?.getTime() ?? Infinity))));
  const rows = await db
    .select({
      datasetId: t.uploadRecords.datasetId,
      receivedAt: t.uploadRecords.receivedAt,
      periodStart: t.uploadRecords.periodStart,
      periodEnd: t.uploadRecords.periodEnd,
    })
    .from(t.uploadRecords)
    .where(
      and(
        gte(t.uploadRecords.receivedAt, since),
        lte(t.uploadRecords.receivedAt, now),
        inArray(
          t.uploadRecords.datasetId,
          scheduled.map((d) => d.id),
        ),
      ),
    );
  const byDataset = new Map<string, DatasetUploads['uploads'][number][]>();
  for (const r of rows) {
    const list = byDataset.get(r.datasetId) ?? [];
    list.push({ receivedAt: r.receivedAt, period: r.periodStart && r.periodEnd ? { start: r.periodStart, end: r.periodEnd } : null });
    byDataset.set(r.datasetId, list);
  }
  return datasets.map((d) => ({ opd: d.opdCode, dataset: d.code, schedule: d.schedule, segments: d.segments, uploads: byDataset.get(d.id) ?? [] }));
}

export interface MonitorTimeline {
  id: string;
  code: string;
  opd: string;
  state: MonitorState;
  active: boolean;
  /** State changes from just before `from` until now, oldest first. */
  changes: StateChange[];
}

export async function monitorTimelines(db: Database, from: Date, opd?: string, onlyIds?: string[]): Promise<MonitorTimeline[]> {
  const monitors = await db
    .select({ id: t.monitors.id, code: t.monitors.code, opd: t.monitors.opdCode, state: t.monitors.state, active: t.monitors.active })
    .from(t.monitors)
    .where(and(opd ? eq(t.monitors.opdCode, opd) : undefined, onlyIds ? inArray(t.monitors.id, onlyIds) : undefined));
  if (!monitors.length) return [];
  const ids = monitors.map((m) => m.id);
  const idList = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );
  const inWindow = await queryRows<{ monitor_id: string; at: Date | string; state: string }>(
    db,
    sql`select monitor_id, at, state from monitor_state_changes where monitor_id in (${idList}) and at >= ${timestamptz(from)}`,
  );
  // The last change before the window tells the state at its start: one index probe per monitor
  // (a DISTINCT ON over every older change reads years of them).
  const before = await queryRows<{ monitor_id: string; at: Date | string; state: string }>(
    db,
    sql`select m.id as monitor_id, x.at, x.state
          from unnest(${sql.param(ids)}::uuid[]) as m(id)
          cross join lateral (select s.at, s.state from monitor_state_changes s
                               where s.monitor_id = m.id and s.at < ${timestamptz(from)} order by s.at desc limit 1) x`,
  );
  const changes = [...before, ...inWindow];
  const byMonitor = new Map<string, StateChange[]>();
  for (const c of changes) {
    const list = byMonitor.get(c.monitor_id) ?? [];
    list.push({ at: new Date(c.at), state: c.state as MonitorState });
    byMonitor.set(c.monitor_id, list);
  }
  return monitors.map((m) => ({
    ...m,
    state: m.state as MonitorState,
    changes: (byMonitor.get(m.id) ?? []).sort((a, b) => (a.at as Date).getTime() - (b.at as Date).getTime()),
  }));
}

export async function maintenanceWindowRows(db: Database) {
  return db.select().from(t.maintenanceWindows).where(eq(t.maintenanceWindows.active, true)).orderBy(asc(t.maintenanceWindows.createdAt));
}
