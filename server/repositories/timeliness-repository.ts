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
import { loadComplaintsById, stateOf } from './complaint-repository.ts';
import type { ReferenceSnapshot } from './reference-repository.ts';

const CHUNK = 2000;

/**
 * Complaints that can count in a period ending at `to`: submitted before `to`, and still open or
 * changed since `activeSince` (the period's start, or earlier: the earliest start of a clock due
 * in the period, see earliestClockStartDueFrom; a complaint's last change is at or after every
 * event and clock start it has). With `opd`, only complaints that were ever assigned to it; with
 * `kecamatan`, only complaints (now) in it.
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
  const states: ComplaintState[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const loaded = await loadComplaintsById(
      db,
      ids.slice(i, i + CHUNK).map((r) => r.id),
    );
    for (const { row, history } of loaded.values()) states.push(stateOf(row, history));
  }
  return states;
}

/**
 * Datasets (optionally of one OPD) with the uploads that can matter for periods due from `from`
 * on, judged as of `now`: received up to `now`, however long after the period's range ended.
 */
export async function datasetUploadsForPeriod(db: Database, ref: ReferenceSnapshot, from: Date, now: Date, opd?: string): Promise<DatasetUploads[]> {
  const datasets = [...ref.datasets.values()].filter((d) => !opd || d.opdCode === opd);
  // Ad hoc datasets are never due: they are listed, but their uploads need not be read.
  const scheduled = datasets.filter((d) => isScheduled(normalizeSchedule(d.schedule)));
  if (!scheduled.length) return datasets.map((d) => ({ opd: d.opdCode, dataset: d.code, schedule: d.schedule, uploads: [] }));
  // A period due in the window can be uploaded from its own start on: up to four months before
  // its deadline for a monthly dataset due three months later.
  const since = new Date(Math.min(...scheduled.map((d) => earliestUploadForDueFrom(d.schedule, from)!.getTime())));
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
  return datasets.map((d) => ({ opd: d.opdCode, dataset: d.code, schedule: d.schedule, uploads: byDataset.get(d.id) ?? [] }));
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
  // The last change before the window tells the state at its start.
  const before = await queryRows<{ monitor_id: string; at: Date | string; state: string }>(
    db,
    sql`select distinct on (monitor_id) monitor_id, at, state from monitor_state_changes
         where monitor_id in (${idList}) and at < ${timestamptz(from)} order by monitor_id, at desc`,
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
