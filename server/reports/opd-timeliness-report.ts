// Timeliness per OPD for any period: complaints (on-time %, medians, backlogs, misroutes),
// uploads (due, on time, late, missing) and services (owned, down, availability). Every figure
// comes from the pure domain functions over records read for the period, with its counts and,
// for one OPD, the complaint ids behind each number, so leadership can ask "which ones?".
import type { Database } from '../infra/database.ts';
import { computeComplaintMetrics, METRIC_DEFINITIONS, type ComplaintMetrics, type OpdComplaintMetrics } from '../domain/complaints/complaint-metrics.ts';
import { DEFAULT_SLA } from '../domain/complaints/complaint-sla.ts';
import { opdUploadMetrics, type OpdUploadMetrics } from '../domain/uploads/index.ts';
import { availability, timelineFromChanges } from '../domain/uptime/availability.ts';
import { opdServiceMetrics, type OpdServiceMetrics } from '../domain/uptime/opd-service-metrics.ts';
import { rankWorstFirst, rateWithCounts } from '../domain/rate-with-counts.ts';
import type { ReferenceSnapshot } from '../repositories/reference-repository.ts';
import { complaintStatesForPeriod, datasetUploadsForPeriod, monitorTimelines } from '../repositories/timeliness-repository.ts';
import type { RateWithCounts } from '../../shared/protocol.ts';

export interface ReportPeriod {
  from: Date;
  to: Date;
  now: Date;
}

export interface OpdTimelinessRow {
  opd: { code: string; name: string };
  complaints: OpdComplaintMetrics;
  uploads: OpdUploadMetrics;
  services: OpdServiceMetrics;
}

export interface OpdTimelinessReport {
  period: { from: string; to: string; asOf: string };
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
  id: 'Tepat waktu unggahan = periode yang diunggah sebelum batas waktu / (tepat waktu + terlambat + tidak ada), hanya periode yang batas waktunya sudah lewat.',
  en: 'Upload on time = periods uploaded by their deadline / (on time + late + missing), counting only periods whose deadline has passed.',
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
  const { from, to, now } = period;
  const asOf = new Date(Math.min(to.getTime() - 1, now.getTime()));
  const opdList = [...ref.opd.values()].filter((o) => !o.external && (!options.opd || o.code === options.opd));
  const codes = opdList.map((o) => o.code);

  const [states, datasetUploads, timelines] = await Promise.all([
    complaintStatesForPeriod(db, from, to, options.opd),
    datasetUploadsForPeriod(db, ref, from, asOf, options.opd),
    monitorTimelines(db, from, options.opd),
  ]);

  const complaints = computeComplaintMetrics(states, {
    from,
    to,
    now,
    calendar: ref.calendar,
    policies: (category) => ref.categories.get(category)?.sla ?? DEFAULT_SLA,
    minCount: options.minCount,
    opdCodes: codes,
    explain: options.opd ? 'ids' : 'counts',
  });
  const uploads = opdUploadMetrics(datasetUploads, from, to, asOf, { minCount: options.minCount });
  const services = opdServiceMetrics(
    timelines.map((m) => {
      const a = availability(timelineFromChanges(m.changes, asOf), from, asOf, { maintenance: ref.maintenance.get(m.id) ?? [] });
      return { code: m.code, opd: m.opd, state: m.state, active: m.active, availability: { upMs: a.upMs, downMs: a.downMs } };
    }),
    { minCount: options.minCount },
  );

  const byOpd = new Map(complaints.opd.map((r) => [r.opd, r]));
  const rows: OpdTimelinessRow[] = opdList.map((o) => ({
    opd: { code: o.code, name: o.name },
    complaints: byOpd.get(o.code)!,
    uploads: uploads[o.code] ?? emptyUploads(o.code, options.minCount),
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
function emptyUploads(opd: string, minCount: number): OpdUploadMetrics {
  return { ...opdUploadMetrics([{ opd, dataset: '-', schedule: { kind: 'adhoc' }, uploads: [] }], 0, 1, 1, { minCount })[opd], datasets: 0 };
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
