// The leadership screen's reports (/api/v1/reports/*) from records already read: pure functions
// (no I/O; `window.current.now` is the only clock). The numbers come from the same domain
// functions as the timeliness report (buildOpdTimelinessReport / computeComplaintMetrics), run
// once for the period and once for the previous period over the same records: the records are
// read once for [previous.from, current.to), a superset of what either period needs (events
// and deadlines outside a range never count in it, backlogs are taken at its end).
import type {
  AvailabilityFigure,
  Bilingual,
  Compared,
  KecamatanReportResponse,
  OpdComplaintsPage,
  OpdDatasetGrid,
  OpdIncidentView,
  OpdReportResponse,
  OpdServiceView,
  OverviewResponse,
  Rank,
  RankingResponse,
  RankingRow,
  TrendsResponse,
} from '../../../shared/pimpinan-api.ts';
import { OPD_COMPLAINTS_PAGE } from '../../../shared/pimpinan-api.ts';
import { isOpenStatus } from '../../../shared/domain-constants.ts';
import type { RateWithCounts } from '../../../shared/protocol.ts';
import { computeComplaintMetrics, METRIC_DEFINITIONS, type ComplaintMetrics } from '../../domain/complaints/complaint-metrics.ts';
import type { ComplaintState } from '../../domain/complaints/complaint-lifecycle.ts';
import { DEFAULT_SLA, earliestClockStartDueFrom } from '../../domain/complaints/complaint-sla.ts';
import { rateWithCounts } from '../../domain/rate-with-counts.ts';
import { availability, timelineFromChanges } from '../../domain/uptime/availability.ts';
import type { ReferenceSnapshot } from '../../repositories/reference-repository.ts';
import { buildOpdTimelinessReport, type OpdTimelinessReport, type OpdTimelinessRow, type ReportPeriod, type TimelinessRecords } from '../opd-timeliness-report.ts';
import { complaintSeries, type ComplaintSeries } from './complaint-series.ts';
import type { ComplaintFacts } from './complaint-facts.ts';
import { datesOf, monthsOf, periodView, weeksOf, type ReportWindow } from './report-window.ts';
import { complaintItems, pageOf, rankOpdComplaints, type RankedComplaint } from './opd-complaint-list.ts';

export type LeadershipReference = Pick<ReferenceSnapshot, 'opd' | 'categories' | 'calendar' | 'maintenance' | 'kecamatan' | 'kelurahan' | 'datasets' | 'monitors'>;

/** Incidents of services of non-external OPDs overlapping [previous.from, current.to). */
export interface IncidentRecord {
  id: string;
  monitorCode: string;
  opd: string;
  status: string;
  openedAt: Date;
  resolvedAt: Date | null;
}

/** Who each dispatcher account (the actor name on a dispatch) belongs to: an OPD, or none (the command center). */
export type DispatcherOpd = ReadonlyMap<string, string | null>;

const compared = <T>(value: T, previous: T): Compared<T> => ({ value, previous });

/**
 * The complaints that can count in one period: the same rule as the read
 * (complaintStatesForPeriod): submitted before its end, and open or changed since the earliest
 * start of a clock due in it. One read serves two periods; each pass assesses only its own.
 */
export function complaintsFor(complaints: readonly ComplaintState[], period: Pick<ReportPeriod, 'from' | 'to'>, ref: Pick<LeadershipReference, 'categories' | 'calendar'>): ComplaintState[] {
  const since = earliestClockStartDueFrom(period.from, [DEFAULT_SLA, ...[...ref.categories.values()].map((c) => c.sla)], ref.calendar).getTime();
  const to = period.to.getTime();
  return complaints.filter((c) => Date.parse(c.submittedAt) < to && (isOpenStatus(c.status) || Date.parse(c.statusAt) >= since));
}
const only = (records: TimelinessRecords, period: ReportPeriod, ref: LeadershipReference): TimelinessRecords => ({
  ...records,
  complaints: complaintsFor(records.complaints, period, ref),
});
const sumRates = (rates: RateWithCounts[], minCount: number) =>
  rateWithCounts(
    rates.reduce((s, r) => s + r.numerator, 0),
    rates.reduce((s, r) => s + r.denominator, 0),
    minCount,
  );
const sum = <T>(items: readonly T[], f: (t: T) => number) => items.reduce((s, t) => s + f(t), 0);

function availabilityFigure(upMs: number, downMs: number, services: number): AvailabilityFigure {
  return { percent: upMs + downMs === 0 ? null : (upMs / (upMs + downMs)) * 100, upMs, downMs, services };
}
const rowAvailability = (r: OpdTimelinessRow) => availabilityFigure(r.services.availability.upMs, r.services.availability.downMs, r.services.availability.services);
function cityAvailability(rows: readonly OpdTimelinessRow[]): AvailabilityFigure {
  return availabilityFigure(
    sum(rows, (r) => r.services.availability.upMs),
    sum(rows, (r) => r.services.availability.downMs),
    sum(rows, (r) => r.services.availability.services),
  );
}

const opdIsCity = (ref: LeadershipReference, code: string) => {
  const o = ref.opd.get(code);
  return !!o && !o.external;
};

const OVERVIEW_DEFINITIONS: Record<string, Bilingual> = {
  received: { id: 'Diterima = aduan yang diajukan warga dalam periode.', en: 'Received = complaints citizens submitted in the period.' },
  closed: { id: 'Selesai = aduan yang diselesaikan bagi warga dalam periode.', en: 'Closed = complaints resolved for the citizen in the period.' },
  open: { id: 'Terbuka = aduan yang belum selesai pada akhir periode (saat ini bila periode mencakup hari ini).', en: 'Open = complaints not resolved at the end of the period (now, when it includes today).' },
  overdueCitizen: {
    id: 'Lewat batas (jam warga) = aduan terbuka yang melewati batas waktu sejak diajukan warga.',
    en: 'Overdue (citizen\'s clock) = open complaints past the deadline counted from the citizen\'s submission.',
  },
  overdueOpd: {
    id: 'Lewat batas (jam OPD) = disposisi terbuka yang melewati batas waktu OPD sejak didisposisikan.',
    en: 'Overdue (OPD clock) = open assignments past the OPD\'s deadline counted from the dispatch.',
  },
  incidents: { id: 'Insiden = gangguan layanan yang dimulai dalam periode.', en: 'Incidents = service outages that began in the period.' },
  downtime: { id: 'Waktu mati = jumlah waktu layanan mati dalam periode, tanpa jendela pemeliharaan.', en: 'Downtime = time services were down in the period, without maintenance windows.' },
};

// ------------------------------------------------------------------ overview

/** The complaint figures counted from the stored facts (complaint-facts.ts), instead of from `records.complaints`. */
export interface OverviewFacts {
  current: ComplaintMetrics;
  prior: ComplaintMetrics;
}

export function buildOverview(
  records: TimelinessRecords,
  ref: LeadershipReference,
  window: ReportWindow,
  incidents: readonly IncidentRecord[],
  minCount: number,
  facts?: OverviewFacts,
): OverviewResponse {
  const cur = buildOpdTimelinessReport(only(records, window.current, ref), ref, window.current, { minCount, complaintMetrics: facts?.current });
  const prev = buildOpdTimelinessReport(only(records, window.prior, ref), ref, window.prior, { minCount, complaintMetrics: facts?.prior });
  const both = <T>(f: (r: OpdTimelinessReport, p: ReportPeriod) => T) => compared(f(cur, window.current), f(prev, window.prior));
  const uploads = (r: OpdTimelinessReport, key: 'due' | 'onTime' | 'late' | 'missing' | 'pending') => sum(r.opd, (o) => o.uploads[key]);
  const opened = (p: ReportPeriod) => incidents.filter((i) => i.openedAt >= p.from && i.openedAt < p.to).length;
  return {
    period: periodView(window.range, window.current.now),
    previous: periodView(window.previous, window.current.now),
    includesToday: window.includesToday,
    minCount,
    complaints: {
      received: both((r) => r.city.received),
      closed: both((r) => r.city.close.count),
      open: both((r) => r.city.openBacklog),
      overdueCitizen: both((r) => r.city.overdueBacklog),
      overdueOpd: both((r) => sum(r.opd, (o) => o.complaints.overdueBacklog)),
      onTime: both((r) => r.city.onTime.rate),
      opdOnTime: both((r) => sumRates(r.opd.map((o) => o.complaints.onTime.rate), minCount)),
      medianWorkingDaysToFirstResponse: both((r) => r.city.firstResponse.medianWorkingDays),
      medianWorkingDaysToResolution: both((r) => r.city.close.medianWorkingDays),
      firstResponseCount: both((r) => r.city.firstResponse.count),
      resolutionCount: both((r) => r.city.close.count),
    },
    uploads: {
      due: both((r) => uploads(r, 'due')),
      onTime: both((r) => uploads(r, 'onTime')),
      late: both((r) => uploads(r, 'late')),
      missing: both((r) => uploads(r, 'missing')),
      pending: both((r) => uploads(r, 'pending')),
      onTimeRate: both((r) => sumRates(r.opd.map((o) => o.uploads.onTimeRate), minCount)),
    },
    services: {
      total: sum(cur.opd, (o) => o.services.owned),
      downNow: sum(cur.opd, (o) => o.services.down),
      availability: both((r) => cityAvailability(r.opd)),
      incidentsOpened: both((_r, p) => opened(p)),
      downtimeMs: both((r) => sum(r.opd, (o) => o.services.availability.downMs)),
    },
    kecamatan: [...ref.kecamatan.values()]
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((k) => {
        const row = cur.kecamatan.find((r) => r.kecamatan === k.code);
        return {
          code: k.code,
          name: k.name,
          received: row?.received ?? 0,
          open: row?.openBacklog ?? 0,
          overdue: row?.overdueBacklog ?? 0,
          onTime: row?.onTime.rate ?? rateWithCounts(0, 0, minCount),
        };
      }),
    definitions: { ...cur.definitions, ...OVERVIEW_DEFINITIONS },
  };
}

// ------------------------------------------------------------------ ranking

/** Competition ranking, best first ("1, 2, 2, 4"); null for rows without a value. */
export function ranksBestFirst<T>(items: readonly T[], valueOf: (t: T) => number | null): Rank[] {
  const values = items.map(valueOf);
  return values.map((v) => (v === null ? null : 1 + values.filter((w) => w !== null && w > v).length));
}

const COMMAND_CENTER: Bilingual = { id: 'Pusat Komando', en: 'Command center' };
const NOT_RANKED: Bilingual = { id: 'data belum cukup', en: 'not enough data' };

/** Misroutes per dispatcher account, attributed to the account's OPD, the command center, or nobody. */
export function misroutesByDispatcherOpd(report: Pick<OpdTimelinessReport, 'misrouting'>, dispatchers: DispatcherOpd) {
  const byOpd = new Map<string, { dispatches: number; misrouted: number }>();
  const commandCenter = { dispatches: 0, misrouted: 0 };
  const unattributed = { dispatches: 0, misrouted: 0 };
  for (const row of report.misrouting.byDispatcher) {
    let into: { dispatches: number; misrouted: number };
    if (row.key === null) into = unattributed;
    else {
      const opd = dispatchers.get(row.key) ?? null;
      if (opd === null) into = commandCenter;
      else {
        into = byOpd.get(opd) ?? { dispatches: 0, misrouted: 0 };
        byOpd.set(opd, into);
      }
    }
    into.dispatches += row.dispatches;
    into.misrouted += row.misrouted;
  }
  return { byOpd, commandCenter, unattributed };
}

/**
 * The ranking. `records` must reach `now` (for "overdue now") as well as the period: when the
 * period has ended, the backlog right now is taken with a second, backlog-only pass.
 */
/** The ranking's complaint figures counted from the stored facts: the period's, and each OPD's overdue backlog now. */
export interface RankingFacts {
  current: ComplaintMetrics;
  overdueNow: Record<string, number>;
}

export function buildRanking(
  records: TimelinessRecords,
  ref: LeadershipReference,
  window: ReportWindow,
  dispatchers: DispatcherOpd,
  minCount: number,
  facts?: RankingFacts,
): RankingResponse {
  const cur = buildOpdTimelinessReport(only(records, window.current, ref), ref, window.current, { minCount, complaintMetrics: facts?.current });
  let overdueNow: Map<string, number>;
  if (facts) overdueNow = new Map(Object.entries(facts.overdueNow));
  else if (window.includesToday) overdueNow = new Map(cur.opd.map((r) => [r.opd.code, r.complaints.overdueBacklog]));
  else {
    const now = window.current.now.getTime();
    // Only a complaint open now can be overdue now: the rest need not be assessed again.
    const m = computeComplaintMetrics(records.complaints.filter((c) => isOpenStatus(c.status)), {
      from: new Date(now - 1),
      to: new Date(now + 1),
      now: window.current.now,
      calendar: ref.calendar,
      policies: (c) => ref.categories.get(c)?.sla ?? DEFAULT_SLA,
      minCount,
      explain: 'counts',
    });
    overdueNow = new Map(m.opd.map((r) => [r.opd, r.overdueBacklog]));
  }
  const caused = misroutesByDispatcherOpd(cur, dispatchers);
  const base = cur.opd.map((r) => ({
    opd: { code: r.opd.code, name: r.opd.name, shortName: ref.opd.get(r.opd.code)?.shortName ?? null },
    complaintsOnTime: r.complaints.onTime.rate,
    uploadsOnTime: r.uploads.onTimeRate,
    availability: rowAvailability(r),
    services: r.services.owned,
    misroutesReceived: r.complaints.misroutedTo,
    misroutesCaused: caused.byOpd.get(r.opd.code)?.misrouted ?? 0,
    overdueNow: overdueNow.get(r.opd.code) ?? 0,
    received: r.complaints.received,
  }));
  const complaintRanks = ranksBestFirst(base, (r) => r.complaintsOnTime.rate);
  const uploadRanks = ranksBestFirst(base, (r) => r.uploadsOnTime.rate);
  // Availability is time, not a count of cases: ranked once a service was measured at all.
  const availabilityRanks = ranksBestFirst(base, (r) => (r.availability.services > 0 ? r.availability.percent : null));
  const rows: RankingRow[] = base.map((r, i) => ({ ...r, ranks: { complaints: complaintRanks[i], uploads: uploadRanks[i], availability: availabilityRanks[i] } }));
  const cc = caused.commandCenter;
  return {
    period: periodView(window.range, window.current.now),
    previous: periodView(window.previous, window.current.now),
    includesToday: window.includesToday,
    minCount,
    rows,
    commandCenter: { dispatches: cc.dispatches, misroutesCaused: cc.misrouted, rate: rateWithCounts(cc.misrouted, cc.dispatches, minCount), label: COMMAND_CENTER },
    unattributed: { dispatches: caused.unattributed.dispatches, misroutesCaused: caused.unattributed.misrouted },
    notRankedText: NOT_RANKED,
    definitions: {
      complaintsOnTime: METRIC_DEFINITIONS.onTime,
      uploadsOnTime: cur.definitions.uploadOnTime,
      availability: {
        id: `${cur.definitions.serviceAvailability.id} Diperingkat bila ada layanan yang terukur dalam periode.`,
        en: `${cur.definitions.serviceAvailability.en} Ranked when any service was measured in the period.`,
      },
      misroutesReceived: {
        id: 'Salah disposisi diterima = disposisi ke OPD ini dalam periode yang kemudian dialihkan ke OPD lain; bukan kesalahan OPD ini dan tidak mengurangi nilainya.',
        en: 'Misroutes received = dispatches to this OPD in the period later re-routed to another OPD; not this OPD\'s fault and not held against it.',
      },
      misroutesCaused: {
        id: 'Salah disposisi dibuat = disposisi dalam periode oleh akun petugas OPD ini yang kemudian dialihkan; disposisi oleh akun tanpa OPD dihitung pada baris Pusat Komando.',
        en: 'Misroutes caused = dispatches in the period by this OPD\'s staff accounts later re-routed; dispatches by accounts without an OPD count on the Command center line.',
      },
      overdueNow: {
        id: 'Lewat batas saat ini = aduan yang dipegang OPD ini, belum selesai dan melewati batas waktu OPD, saat laporan dibuat.',
        en: 'Overdue now = complaints this OPD holds, not resolved and past the OPD\'s deadline, when the report is made.',
      },
      rank: {
        id: `Peringkat 1 = terbaik; nilai sama berbagi peringkat. Di bawah ${minCount} kasus: "data belum cukup", tidak diperingkat.`,
        en: `Rank 1 = best; equal values share a rank. Below ${minCount} cases: "not enough data", not ranked.`,
      },
      asOf: METRIC_DEFINITIONS.asOf,
    },
  };
}

// ------------------------------------------------------------------ one OPD

/**
 * One OPD's complaint figures counted from the stored facts (complaint-facts.ts): the counts
 * (no explain lists: the list is ranked and cut to its page before the job is made), the page
 * and what it shows of each of its complaints.
 */
export interface OpdFacts {
  current: ComplaintMetrics;
  prior: ComplaintMetrics;
  list: { page: RankedComplaint[]; total: number; nextOffset: number | null };
  complaints: readonly ComplaintFacts[];
  series: ComplaintSeries;
}

export function buildOpdReport(
  records: TimelinessRecords,
  ref: LeadershipReference,
  window: ReportWindow,
  code: string,
  context: { incidents: readonly IncidentRecord[]; dispatchers: DispatcherOpd; minCount: number; mayOpen: (opdNow: string | null) => boolean; limit?: number },
  facts?: OpdFacts,
): OpdReportResponse {
  const { minCount } = context;
  const now = window.current.now;
  const cur = buildOpdTimelinessReport(only(records, window.current, ref), ref, window.current, { opd: code, minCount, complaintMetrics: facts?.current });
  const prev = buildOpdTimelinessReport(only(records, window.prior, ref), ref, window.prior, { opd: code, minCount, complaintMetrics: facts?.prior });
  const row = cur.opd[0];
  const prow = prev.opd[0];
  const both = <T>(f: (r: OpdTimelinessRow, whole: OpdTimelinessReport) => T) => compared(f(row, cur), f(prow, prev));
  const causedBy = (r: OpdTimelinessReport) => misroutesByDispatcherOpd(r, context.dispatchers).byOpd.get(code)?.misrouted ?? 0;
  const o = ref.opd.get(code)!;

  // ---- the complaints behind the numbers: one page (the rest on demand, opd-complaint-list.ts)
  const list =
    facts?.list ??
    pageOf(rankOpdComplaints({ onTime: row.complaints.onTime.explain!, row: row.complaints.explain! }, now, new Date(cur.period.backlogAsOf)), 0, context.limit ?? OPD_COMPLAINTS_PAGE);
  const states = new Map<string, ComplaintFacts>((facts?.complaints ?? records.complaints).map((c) => [c.id, c]));
  const complaints = complaintItems(list.page, states, ref, context.mayOpen);

  // ---- uploads per dataset
  const periods = row.uploads.explain?.periods ?? [];
  const datasets: OpdDatasetGrid[] = [...ref.datasets.values()]
    .filter((d) => d.opdCode === code)
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((d) => {
      const mine = periods.filter((p) => p.dataset === d.code);
      const count = (s: string) => mine.filter((p) => p.status === s).length;
      const onTime = count('on_time');
      return {
        code: d.code,
        name: d.name,
        schedule: d.schedule.kind,
        onTime: rateWithCounts(onTime, onTime + count('late') + count('missing'), minCount),
        periods: mine.map((p) => ({ period: p.period, start: p.start, end: p.end, deadline: p.deadline, verdict: p.status, receivedAt: p.receivedAt, lateByMs: p.lateByMs })),
      };
    });

  // ---- services and incidents
  const { from, to } = window.current;
  const measuredUntil = new Date(Math.max(from.getTime(), Math.min(to.getTime(), now.getTime())));
  const services: OpdServiceView[] = records.monitors
    .filter((m) => m.opd === code && m.active)
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((m) => {
      const a = availability(timelineFromChanges(m.changes, measuredUntil), from, measuredUntil, { maintenance: ref.maintenance.get(m.id) ?? [] });
      return { code: m.code, name: ref.monitors.get(m.code)?.name ?? m.code, state: m.state, availability: availabilityFigure(a.upMs, a.downMs, a.measuredMs > 0 ? 1 : 0) };
    });
  const incidents: OpdIncidentView[] = context.incidents
    .filter((i) => i.opd === code && i.openedAt < to && (i.resolvedAt === null || i.resolvedAt >= from))
    .sort((a, b) => b.openedAt.getTime() - a.openedAt.getTime())
    .map((i) => ({
      id: i.id,
      service: i.monitorCode,
      status: i.status,
      openedAt: i.openedAt.toISOString(),
      resolvedAt: i.resolvedAt?.toISOString() ?? null,
      durationMs: Math.max(0, (i.resolvedAt ?? measuredUntil).getTime() - i.openedAt.getTime()),
    }));

  // ---- weekly trend of this OPD's on-time
  const series =
    facts?.series ??
    complaintSeries(complaintsFor(records.complaints, window.current, ref), {
      ...window.current,
      calendar: ref.calendar,
      policyOf: (c) => ref.categories.get(c)?.sla ?? DEFAULT_SLA,
      minCount,
      weeks: weeksOf(window.range),
      opd: code,
    });

  return {
    period: periodView(window.range, now),
    previous: periodView(window.previous, now),
    includesToday: window.includesToday,
    minCount,
    opd: { code, name: o.name, shortName: o.shortName },
    summary: {
      received: both((r) => r.complaints.received),
      onTime: both((r) => r.complaints.onTime.rate),
      closedOnTime: both((r) => r.complaints.onTime.closedOnTime),
      closedLate: both((r) => r.complaints.onTime.closedLate),
      openOverdue: both((r) => r.complaints.onTime.openOverdue),
      running: both((r) => r.complaints.onTime.running),
      open: both((r) => r.complaints.openBacklog),
      responseOverdue: both((r) => r.complaints.responseOverdue),
      misroutesReceived: both((r) => r.complaints.misroutedTo),
      misroutesCaused: both((_r, whole) => causedBy(whole)),
      medianWorkingDaysToFirstResponse: both((r) => r.complaints.firstResponse.medianWorkingDays),
      medianWorkingDaysToResolution: both((r) => r.complaints.close.medianWorkingDays),
      uploadsOnTime: both((r) => r.uploads.onTimeRate),
      availability: both((r) => rowAvailability(r)),
    },
    // A year of a busy OPD is tens of thousands: the most urgent first, the rest on demand.
    complaints,
    complaintsTotal: list.total,
    complaintsNextOffset: list.nextOffset,
    datasets,
    services,
    incidents,
    trend: series.weekly,
    definitions: cur.definitions,
  };
}

/**
 * One page of the OPD's complaint list (GET /api/v1/reports/opd/:code/complaints): the page cut
 * from the stored facts (`facts`), else the list of the raw records ranked and cut here.
 */
export function buildOpdComplaintsPage(
  records: TimelinessRecords,
  ref: LeadershipReference,
  window: ReportWindow,
  code: string,
  context: { minCount: number; mayOpen: (opdNow: string | null) => boolean; offset: number; limit: number },
  facts?: Pick<OpdFacts, 'list' | 'complaints'>,
): OpdComplaintsPage {
  const now = window.current.now;
  let list = facts?.list;
  if (!list) {
    const cur = buildOpdTimelinessReport(only(records, window.current, ref), ref, window.current, { opd: code, minCount: context.minCount });
    const row = cur.opd[0];
    list = pageOf(rankOpdComplaints({ onTime: row.complaints.onTime.explain!, row: row.complaints.explain! }, now, new Date(cur.period.backlogAsOf)), context.offset, context.limit);
  }
  const states = new Map<string, ComplaintFacts>((facts?.complaints ?? records.complaints).map((c) => [c.id, c]));
  return {
    period: periodView(window.range, now),
    opd: { code },
    offset: context.offset,
    complaints: complaintItems(list.page, states, ref, context.mayOpen),
    total: list.total,
    nextOffset: list.nextOffset,
  };
}

// ------------------------------------------------------------------ one kecamatan

export function buildKecamatanReport(
  complaints: readonly ComplaintState[],
  kelurahanOf: ReadonlyMap<string, string | null>,
  ref: LeadershipReference,
  window: ReportWindow,
  code: string,
  minCount: number,
): KecamatanReportResponse {
  const now = window.current.now;
  const metrics = (p: ReportPeriod, explain: 'ids' | 'counts') =>
    computeComplaintMetrics(complaintsFor(complaints, p, ref), {
      ...p,
      calendar: ref.calendar,
      policies: (c) => ref.categories.get(c)?.sla ?? DEFAULT_SLA,
      minCount,
      explain,
    });
  const cur = metrics(window.current, 'ids');
  const prev = metrics(window.prior, 'counts');
  const empty = { received: 0, openBacklog: 0, overdueBacklog: 0, onTime: { rate: rateWithCounts(0, 0, minCount) }, explain: null };
  const row = cur.kecamatan.find((k) => k.kecamatan === code) ?? empty;
  const prow = prev.kecamatan.find((k) => k.kecamatan === code) ?? empty;
  const ex = row.explain ?? { received: [], openBacklog: [], overdueBacklog: [] };

  const kel = new Map<string, { received: number; open: number; overdue: number }>();
  for (const k of ref.kelurahan.values()) if (k.kecamatanCode === code) kel.set(k.code, { received: 0, open: 0, overdue: 0 });
  const add = (id: string, key: 'received' | 'open' | 'overdue') => {
    const k = kelurahanOf.get(id);
    const r = k ? kel.get(k) : undefined;
    if (r) r[key]++;
  };
  for (const id of ex.received) add(id, 'received');
  for (const id of ex.openBacklog) add(id, 'open');
  for (const e of ex.overdueBacklog) add(e.id, 'overdue');

  const states = new Map(complaints.map((c) => [c.id, c]));
  const categories = new Map<string, number>();
  const byOpd = new Map<string, { complaints: number; overdue: number }>();
  for (const id of ex.received) {
    const s = states.get(id);
    if (!s) continue;
    categories.set(s.category, (categories.get(s.category) ?? 0) + 1);
    if (s.opd && opdIsCity(ref, s.opd)) {
      const r = byOpd.get(s.opd) ?? { complaints: 0, overdue: 0 };
      r.complaints++;
      byOpd.set(s.opd, r);
    }
  }
  for (const e of ex.overdueBacklog) {
    if (!e.opd || !opdIsCity(ref, e.opd)) continue;
    const r = byOpd.get(e.opd) ?? { complaints: 0, overdue: 0 };
    r.overdue++;
    byOpd.set(e.opd, r);
  }
  const opd = [...byOpd.entries()]
    .map(([c, r]) => ({ code: c, name: ref.opd.get(c)?.name ?? c, ...r }))
    .sort((a, b) => b.complaints - a.complaints || b.overdue - a.overdue || a.code.localeCompare(b.code));
  const k = ref.kecamatan.get(code)!;
  const top = opd[0];
  return {
    period: periodView(window.range, now),
    previous: periodView(window.previous, now),
    includesToday: window.includesToday,
    minCount,
    kecamatan: { code, name: k.name, population: k.population },
    received: compared(row.received, prow.received),
    open: compared(row.openBacklog, prow.openBacklog),
    overdue: compared(row.overdueBacklog, prow.overdueBacklog),
    onTime: compared(row.onTime.rate, prow.onTime.rate),
    kelurahan: [...kel.entries()]
      .map(([c, r]) => ({ code: c, name: ref.kelurahan.get(c)!.name, ...r }))
      .sort((a, b) => a.code.localeCompare(b.code)),
    topCategories: [...categories.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 10)
      .map(([c, count]) => {
        const cat = ref.categories.get(c);
        return { code: c, name: { id: cat?.name ?? c, en: cat?.nameEn ?? cat?.name ?? c }, count };
      }),
    opd,
    servingOpd: top && top.complaints > 0 ? { code: top.code, name: top.name, complaints: top.complaints, share: rateWithCounts(top.complaints, row.received, minCount) } : null,
    definitions: {
      areaOnTime: METRIC_DEFINITIONS.areaOnTime,
      servingOpd: {
        id: 'OPD yang melayani = OPD yang memegang aduan terbanyak dari yang diterima di kecamatan ini dalam periode.',
        en: 'Serving OPD = the OPD holding the most of the complaints received in this kecamatan in the period.',
      },
      kelurahan: {
        id: 'Per kelurahan: diterima dalam periode; terbuka dan lewat batas (jam warga) pada akhir periode. Aduan tanpa kelurahan tidak tampil di peta.',
        en: 'Per kelurahan: received in the period; open and overdue (citizen\'s clock) at the end of the period. Complaints without a kelurahan are not on the map.',
      },
      asOf: METRIC_DEFINITIONS.asOf,
    },
  };
}

// ------------------------------------------------------------------ trends

/** `series`: counted from the stored facts (complaint-facts.ts); else from `complaints`. */
export function buildTrends(complaints: readonly ComplaintState[], ref: LeadershipReference, window: ReportWindow, minCount: number, facts?: ComplaintSeries): TrendsResponse {
  const now = window.current.now;
  const series = facts ?? complaintSeries(complaints, {
    ...window.current,
    calendar: ref.calendar,
    policyOf: (c) => ref.categories.get(c)?.sla ?? DEFAULT_SLA,
    minCount,
    weeks: weeksOf(window.range),
  });
  const months = monthsOf(window.range);
  const kecamatan = [...ref.kecamatan.values()]
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((k) => {
      const byMonth = series.receivedByKecamatanMonth.get(k.code);
      const counts = months.map((m) => byMonth?.get(m) ?? 0);
      const row: TrendsResponse['participation']['kecamatan'][number] = { code: k.code, name: k.name, population: k.population, counts };
      if (k.population) row.per10k = counts.map((c) => Math.round((c / k.population!) * 10_000 * 100) / 100);
      return row;
    });
  return {
    period: periodView(window.range, now),
    previous: periodView(window.previous, now),
    includesToday: window.includesToday,
    minCount,
    daily: datesOf(window.range).map((date) => ({ date, received: series.receivedByDate.get(date) ?? 0, closed: series.closedByDate.get(date) ?? 0 })),
    weekly: series.weekly,
    participation: { months, kecamatan },
    definitions: {
      received: OVERVIEW_DEFINITIONS.received,
      closed: OVERVIEW_DEFINITIONS.closed,
      weekly: {
        id: `${METRIC_DEFINITIONS.areaOnTime.id} Per minggu (Senin–Minggu, WIB) menurut minggu jatuhnya batas waktu; minggu pertama dan terakhir bisa terpotong periode.`,
        en: `${METRIC_DEFINITIONS.areaOnTime.en} Per week (Monday to Sunday, WIB) by the week the deadline falls in; the first and last week may be cut by the period.`,
      },
      participation: {
        id: 'Partisipasi = aduan yang diajukan warga per kecamatan per bulan (bulan yang terpotong periode hanya dihitung harinya yang masuk periode); per 10.000 penduduk bila jumlah penduduk diketahui.',
        en: 'Participation = complaints submitted per kecamatan per month (a month cut by the period counts only its days in the period); per 10,000 residents where the population is known.',
      },
    },
  };
}
