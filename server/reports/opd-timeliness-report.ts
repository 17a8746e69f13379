// Timeliness per OPD for any period: complaints (on-time %, medians, backlogs, misroutes),
// uploads (due, on time, late, missing) and services (owned, down, availability). Every figure
// comes from the pure domain functions over records read for the period, with its counts and,
// for one OPD, the complaint ids and upload periods behind each number, so leadership can ask
// "which ones?".
//
// A period is [from, to), and its figures use what is known at `now` (the time of the report),
// never only what was known at `to`: each upload period and complaint clock is judged in the one
// range that contains its deadline (server/domain/uploads/README.md, complaints/README.md), so
// a report over a past week judges its last evening's deadlines, and an upload or a resolution
// that came after the week makes that week's item late, not missing or open. Backlogs and
// service availability are over the part of the period that has passed: up to min(to, now).
import type { Database } from '../infra/database.ts';
import type { ComplaintState } from '../domain/complaints/complaint-lifecycle.ts';
import { computeComplaintMetrics, METRIC_DEFINITIONS, type ComplaintMetrics, type OpdComplaintMetrics } from '../domain/complaints/complaint-metrics.ts';
import { DEFAULT_SLA, earliestClockStartDueFrom } from '../domain/complaints/complaint-sla.ts';
import { opdUploadMetrics, type DatasetUploads, type OpdUploadMetrics } from '../domain/uploads/index.ts';
import { availability, timelineFromChanges } from '../domain/uptime/availability.ts';
import { opdServiceMetrics, type OpdServiceMetrics } from '../domain/uptime/opd-service-metrics.ts';
import { rankWorstFirst, rateWithCounts } from '../domain/rate-with-counts.ts';
import type { ReferenceSnapshot } from '../repositories/reference-repository.ts';
import { complaintStatesForPeriod, datasetUploadsForPeriod, monitorTimelines, type MonitorTimeline } from '../repositories/timeliness-repository.ts';
import type { RateWithCounts } from '../../shared/protocol.ts';
import { plainReference, type ReportJob } from './report-jobs.ts';

export interface ReportPeriod {
  from: Date;
  to: Date;
  now: Date;
}

/** What the report reads for a period (see `readTimelinessRecords`). */
export interface TimelinessRecords {
  complaints: readonly ComplaintState[];
  datasets: readonly DatasetUploads[];
  monitors: readonly MonitorTimeline[];
}

/** The reference data the report needs. */
export type ReportReference = Pick<ReferenceSnapshot, 'opd' | 'categories' | 'calendar' | 'maintenance'>;

export interface OpdTimelinessRow {
  opd: { code: string; name: string };
  complaints: OpdComplaintMetrics;
  uploads: OpdUploadMetrics;
  services: OpdServiceMetrics;
}

export interface OpdTimelinessReport {
  /** asOf: the verdicts use what is known then (now); backlogAsOf: when the backlogs are taken. */
  period: ComplaintMetrics['period'];
  minCount: number;
  definitions: Record<string, { id: string; en: string }>;
  opd: OpdTimelinessRow[];
  /** Citizen's clock (from submission) for the whole city and per kecamatan. */
  city: ComplaintMetrics['city'];
  kecamatan: ComplaintMetrics['kecamatan'];
  /** Dispatches later re-routed, per category and per dispatcher (who made the wrong dispatch). */
  misrouting: ComplaintMetrics['misrouting'];
  ranking: {
    complaints: { rank: number; opd: string; rate: RateWithCounts }[];
    uploads: { rank: number; opd: string; rate: RateWithCounts }[];
  };
  notRanked: { complaints: string[]; uploads: string[] };
}

const UPLOAD_DEFINITION = {
  id: 'Tepat waktu unggahan = periode yang diunggah paling lambat pada batas waktunya / (tepat waktu + terlambat + tidak ada), atas periode yang batas waktunya jatuh dalam periode laporan dan sudah lewat. Unggahan yang datang sesudah periode berakhir dihitung terlambat pada periode itu.',
  en: 'Upload on time = periods uploaded by their deadline / (on time + late + missing), over the periods whose deadline falls in the report\'s period and has passed. An upload that came after the period ended counts as late in that period.',
};
const SERVICE_DEFINITION = {
  id: 'Ketersediaan = waktu hidup / (waktu hidup + waktu mati), tanpa jendela pemeliharaan.',
  en: 'Availability = time up / (time up + time down), excluding maintenance windows.',
};

export async function opdTimelinessReport(
  db: Database,
  ref: ReferenceSnapshot,
  period: ReportPeriod,
  options: { opd?: string; minCount: number },
): Promise<OpdTimelinessReport> {
  return buildOpdTimelinessReport(await readTimelinessRecords(db, ref, period, options.opd), ref, period, options);
}

/** The records as a job for the report worker (report-jobs.ts); `scope`: the OPD the user is limited to, or null. */
export async function opdTimelinessJob(
  db: Database,
  ref: ReferenceSnapshot,
  period: ReportPeriod,
  options: { opd?: string; minCount: number; scope: string | null },
): Promise<ReportJob> {
  const records = await readTimelinessRecords(db, ref, period, options.opd);
  return { kind: 'timeliness', ref: plainReference(ref), ...records, period, opd: options.opd, minCount: options.minCount, scope: options.scope };
}

/**
 * Everything that can count in [from, to) as of `now`: complaints active since the earliest start
 * of a clock due in the period, uploads received up to now (a late upload for a period due in the
 * range can come after it), monitor timelines from `from`.
 */
export async function readTimelinessRecords(
  db: Database,
  ref: ReferenceSnapshot,
  period: ReportPeriod,
  opd?: string,
  options: { complaints?: boolean } = {},
): Promise<TimelinessRecords> {
  const { from, to, now } = period;
  const policies = [DEFAULT_SLA, ...[...ref.categories.values()].map((c) => c.sla)];
  const activeSince = earliestClockStartDueFrom(from, policies, ref.calendar);
  const [complaints, datasets, monitors] = await Promise.all([
    // Not read when the complaint figures come from the stored facts.
    options.complaints === false ? [] : complaintStatesForPeriod(db, activeSince, to, opd),
    datasetUploadsForPeriod(db, ref, from, now, opd),
    monitorTimelines(db, from, opd),
  ]);
  return { complaints, datasets, monitors };
}

/** The report from its records: pure (no I/O, `period.now` is the only clock). */
export function buildOpdTimelinessReport(
  records: TimelinessRecords,
  ref: ReportReference,
  period: ReportPeriod,
  options: { opd?: string; minCount: number; complaintMetrics?: ComplaintMetrics },
): OpdTimelinessReport {
  const { from, to, now } = period;
  // Availability is measured over the part of the range that has passed.
  const measuredUntil = new Date(Math.max(from.getTime(), Math.min(to.getTime(), now.getTime())));
  const opdList = [...ref.opd.values()].filter((o) => !o.external && (!options.opd || o.code === options.opd));
  const codes = opdList.map((o) => o.code);

  // Counted by PostgreSQL from the stored facts when the caller could (leadership/complaint-facts.ts).
  const complaints = options.complaintMetrics ?? computeComplaintMetrics(records.complaints, {
    from,
    to,
    now,
    calendar: ref.calendar,
    policies: (category) => ref.categories.get(category)?.sla ?? DEFAULT_SLA,
    minCount: options.minCount,
    opdCodes: codes,
    explain: options.opd ? 'ids' : 'counts',
  });
  const uploads = opdUploadMetrics(records.datasets, from, to, now, { minCount: options.minCount, explain: options.opd ? 'periods' : 'counts' });
  const services = opdServiceMetrics(
    records.monitors.map((m) => {
      const a = availability(timelineFromChanges(m.changes, measuredUntil), from, measuredUntil, { maintenance: ref.maintenance.get(m.id) ?? [] });
      return { code: m.code, opd: m.opd, state: m.state, active: m.active, availability: { upMs: a.upMs, downMs: a.downMs } };
    }),
    { minCount: options.minCount },
  );

  const byOpd = new Map(complaints.opd.map((r) => [r.opd, r]));
  const rows: OpdTimelinessRow[] = opdList.map((o) => ({
    opd: { code: o.code, name: o.name },
    complaints: byOpd.get(o.code)!,
    uploads: uploads[o.code] ?? emptyUploads(o.code, options.minCount, !!options.opd),
    services: services[o.code] ?? emptyServices(o.code, options.minCount),
  }));
  const rank = (rateOf: (r: OpdTimelinessRow) => RateWithCounts) =>
    rankWorstFirst(rows, rateOf).map((r, i) => ({ rank: i + 1, opd: r.opd.code, rate: rateOf(r) }));
  return {
    period: complaints.period,
    minCount: options.minCount,
    definitions: { ...METRIC_DEFINITIONS, uploadOnTime: UPLOAD_DEFINITION, serviceAvailability: SERVICE_DEFINITION },
    opd: rows,
    city: complaints.city,
    kecamatan: complaints.kecamatan,
    misrouting: complaints.misrouting,
    ranking: { complaints: rank((r) => r.complaints.onTime.rate), uploads: rank((r) => r.uploads.onTimeRate) },
    notRanked: {
      complaints: rows.filter((r) => r.complaints.onTime.rate.rate === null).map((r) => r.opd.code),
      uploads: rows.filter((r) => r.uploads.onTimeRate.rate === null).map((r) => r.opd.code),
    },
  };
}

/** An OPD without datasets: the domain's own zero row (an adhoc dataset is never due). */
function emptyUploads(opd: string, minCount: number, explain: boolean): OpdUploadMetrics {
  const zero = opdUploadMetrics([{ opd, dataset: '-', schedule: { kind: 'adhoc' }, uploads: [] }], 0, 1, 1, { minCount, explain: explain ? 'periods' : 'counts' })[opd];
  return { ...zero, datasets: 0 };
}

function emptyServices(opd: string, minCount: number): OpdServiceMetrics {
  return opdServiceMetrics([], { minCount })[opd] ?? {
    opd,
    owned: 0,
    up: 0,
    down: 0,
    maintenance: 0,
    pending: 0,
    unknown: 0,
    downServices: [],
    upNow: rateWithCounts(0, 0, minCount),
    availability: { upMs: 0, downMs: 0, percent: null, services: 0 },
    meetingTarget: rateWithCounts(0, 0, minCount),
  };
}
