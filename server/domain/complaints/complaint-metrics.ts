// Complaint metrics per OPD, per kecamatan and for the city over a period [from, to): the
// numbers leadership judges departments by. Pure: plain complaint records in, numbers and
// their explanation out. Definitions (also in README.md and in `definitions` of the result):
//
// - The period is evaluated AS OF asOf = min(to - 1 ms, now): events after it are ignored, so a
//   past month always gives the same figures, whenever it is computed.
// - OPD on-time % = closed on time / (closed + still open and overdue)
//     closed            = an OPD assignment's first resolved/closed, inside [from, asOf]
//     on time           = at or before that assignment's resolution deadline (OPD clock)
//     open and overdue  = at asOf the OPD holds the complaint open, unresolved, past its
//                         resolution deadline, whenever it arrived (old backlog counts)
//   NEVER closed on time / closed: that reads 100% while everything is still late.
//   Shown only with its counts (RateWithCounts); below `minCount` cases the rate is null
//   ("not enough data") and the OPD is left out of the ranking.
// - Kecamatan and city on-time % use the citizen's clock (from submission) the same way.
// - City dispatch on-time % = triaged on time / (triaged + untriaged and overdue): the
//   command center's own figure.
// - Medians: elapsed time (ms) from the OPD's dispatch (kecamatan/city: from submission) to
//   the first response / the resolution, over those that happened inside the period.
// - Misrouting: every dispatch made inside the period; misrouted = later re-routed to another
//   OPD (by asOf). Rate = misrouted / dispatches, per category and per dispatcher (the person
//   who made the dispatch that had to be corrected).
import type { RateWithCounts } from '../../../shared/protocol.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import { DEFAULT_MIN_COUNT, rankWorstFirst, rateWithCounts } from '../rate-with-counts.ts';
import { toIsoInstant, type Bilingual, type ComplaintState } from './complaint-lifecycle.ts';
import { DEFAULT_SLA, assessComplaint, type CategorySla, type ClockResult, type ComplaintAssessment } from './complaint-sla.ts';

export interface ComplaintMetricsOptions {
  from: Date | string;
  to: Date | string;
  now: Date | string;
  calendar: WorkingCalendar;
  /** SLA per category; a category missing from a record falls back to DEFAULT_SLA. */
  policies: Readonly<Record<string, CategorySla>> | ((category: string) => CategorySla);
  /** Below this many cases a rate is null ("not enough data"). Default DEFAULT_MIN_COUNT. */
  minCount?: number;
  /** OPD codes that get a row even with no complaints (so the table lists every OPD). */
  opdCodes?: readonly string[];
  /** 'ids' (default): every bucket lists its complaints; 'counts': numbers only. */
  explain?: 'ids' | 'counts';
}

/** One complaint in a bucket, with the clock that put it there. */
export interface ExplainItem {
  id: string;
  opd: string | null;
  startedAt: string | null;
  deadline: string | null;
  doneAt: string | null;
}

export interface OnTimeFigure {
  rate: RateWithCounts;
  closedOnTime: number;
  closedLate: number;
  openOverdue: number;
  /** The formula with this row's numbers, e.g. "12 / (15 + 5) = 60.0%". */
  text: Bilingual;
  explain: { closedOnTime: ExplainItem[]; closedLate: ExplainItem[]; openOverdue: ExplainItem[] } | null;
}

export interface DurationFigure {
  count: number;
  medianMs: number | null;
}

export interface OpdComplaintMetrics {
  opd: string;
  /** Submitted inside the period and held by this OPD at asOf. */
  received: number;
  onTime: OnTimeFigure;
  firstResponse: DurationFigure;
  close: DurationFigure;
  /** Open at asOf and held by this OPD. */
  openBacklog: number;
  /** Open at asOf, past the OPD resolution deadline (the "open and overdue" of the on-time formula). */
  overdueBacklog: number;
  /** Open at asOf, first response deadline passed with no response yet. */
  responseOverdue: number;
  /** Dispatches to this OPD inside the period that were later re-routed away (not its fault: counted against the dispatcher). */
  misroutedTo: number;
  explain: { received: string[]; openBacklog: string[]; responseOverdue: ExplainItem[]; misroutedTo: string[] } | null;
}

export interface AreaComplaintMetrics {
  /** Kecamatan code, or null for complaints without one. */
  kecamatan: string | null;
  received: number;
  /** Citizen's clock: resolution from submission. */
  onTime: OnTimeFigure;
  firstResponse: DurationFigure;
  close: DurationFigure;
  openBacklog: number;
  overdueBacklog: number;
  misrouted: number;
  explain: { received: string[]; openBacklog: string[]; misrouted: string[] } | null;
}

export interface CityComplaintMetrics extends Omit<AreaComplaintMetrics, 'kecamatan'> {
  /** Triage by the command center: dispatched (or rejected / marked duplicate) on time. */
  dispatchOnTime: OnTimeFigure;
  /** Open at asOf and not yet dispatched to anyone. */
  undispatched: number;
  /** Rejected (handed to an external body) inside the period, still rejected at asOf. */
  routedExternally: number;
  duplicates: number;
}

export interface MisrouteRow {
  /** Category code, or dispatcher (null = unknown, e.g. a channel that skipped the dispatch). */
  key: string | null;
  dispatches: number;
  misrouted: number;
  rate: RateWithCounts;
  explain: { misrouted: string[] } | null;
}

export interface ComplaintMetrics {
  period: { from: string; to: string; asOf: string };
  minCount: number;
  definitions: Record<'onTime' | 'areaOnTime' | 'dispatchOnTime' | 'medians' | 'misrouting' | 'asOf', Bilingual>;
  city: CityComplaintMetrics;
  opd: OpdComplaintMetrics[];
  kecamatan: AreaComplaintMetrics[];
  misrouting: { byCategory: MisrouteRow[]; byDispatcher: MisrouteRow[] };
  /** OPD by on-time %, worst first; only OPD with a rate (enough cases). */
  ranking: { rank: number; opd: string; rate: RateWithCounts }[];
  /** OPD left out of the ranking for lack of data. */
  notRanked: string[];
}

export const METRIC_DEFINITIONS: ComplaintMetrics['definitions'] = {
  onTime: {
    id: 'Tepat waktu OPD = selesai tepat waktu / (selesai + masih terbuka dan lewat batas). Jam OPD dimulai ulang pada setiap disposisi. Bukan selesai tepat waktu / selesai.',
    en: 'OPD on time = closed on time / (closed + still open and overdue). The OPD clock restarts at each dispatch. Never closed on time / closed.',
  },
  areaOnTime: {
    id: 'Tepat waktu kecamatan/kota = selesai tepat waktu / (selesai + masih terbuka dan lewat batas), dihitung dari waktu pengaduan warga.',
    en: 'Kecamatan/city on time = closed on time / (closed + still open and overdue), counted from the citizen\'s submission.',
  },
  dispatchOnTime: {
    id: 'Disposisi tepat waktu = dipilah tepat waktu / (dipilah + belum dipilah dan lewat batas).',
    en: 'Dispatch on time = triaged on time / (triaged + not yet triaged and overdue).',
  },
  medians: {
    id: 'Median waktu sejak disposisi (kecamatan/kota: sejak pengaduan) sampai respons pertama / penyelesaian, untuk yang terjadi dalam periode.',
    en: 'Median time from dispatch (kecamatan/city: from submission) to first response / resolution, over those inside the period.',
  },
  misrouting: {
    id: 'Salah disposisi = disposisi dalam periode yang kemudian dialihkan ke OPD lain; dihitung untuk pendisposisi dan kategori, bukan OPD penerima.',
    en: 'Misrouted = a dispatch inside the period later re-routed to another OPD; counted against the dispatcher and the category, not the receiving OPD.',
  },
  asOf: {
    id: 'Semua angka dihitung per akhir periode (atau saat ini bila periode belum berakhir).',
    en: 'All figures are as of the end of the period (or now, if the period has not ended).',
  },
};

const byId = (ids: string[]) => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
/** Earliest deadline first (the longest overdue at the top), then id: stable whatever the input order. */
const byDeadline = (items: ExplainItem[]) =>
  [...items].sort((a, b) => Date.parse(a.deadline ?? '') - Date.parse(b.deadline ?? '') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

function median(values: number[]): DurationFigure {
  if (values.length === 0) return { count: 0, medianMs: null };
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return { count: s.length, medianMs: s.length % 2 ? s[mid] : Math.round((s[mid - 1] + s[mid]) / 2) };
}

const pct = (r: number, lang: 'id' | 'en') => {
  const v = (r * 100).toFixed(1);
  return `${lang === 'id' ? v.replace('.', ',') : v}%`;
};

class OnTimeTally {
  onTime: ExplainItem[] = [];
  late: ExplainItem[] = [];
  overdue: ExplainItem[] = [];

  /** Files a clock: done inside the window -> closed on time/late; overdue at asOf -> open overdue. */
  add(id: string, opd: string | null, c: ClockResult, inWindow: (iso: string | null) => boolean): void {
    const item = (): ExplainItem => ({ id, opd, startedAt: c.startedAt, deadline: c.deadline, doneAt: c.doneAt });
    if (c.doneAt && inWindow(c.doneAt)) {
      if (c.state === 'on_time') this.onTime.push(item());
      else if (c.state === 'late') this.late.push(item());
    } else if (c.state === 'overdue') this.overdue.push(item());
  }

  figure(minCount: number, withIds: boolean): OnTimeFigure {
    const closedOnTime = this.onTime.length;
    const closedLate = this.late.length;
    const openOverdue = this.overdue.length;
    const rate = rateWithCounts(closedOnTime, closedOnTime + closedLate + openOverdue, minCount);
    const nums = `${closedOnTime} / (${closedOnTime + closedLate} + ${openOverdue})`;
    const text: Bilingual =
      rate.rate === null
        ? {
            id: `${nums}: data belum cukup (minimal ${minCount})`,
            en: `${nums}: not enough data (at least ${minCount})`,
          }
        : { id: `${nums} = ${pct(rate.rate, 'id')}`, en: `${nums} = ${pct(rate.rate, 'en')}` };
    return {
      rate,
      closedOnTime,
      closedLate,
      openOverdue,
      text,
      explain: withIds ? { closedOnTime: byDeadline(this.onTime), closedLate: byDeadline(this.late), openOverdue: byDeadline(this.overdue) } : null,
    };
  }
}

interface OpdAcc {
  received: string[];
  onTime: OnTimeTally;
  firstResponse: number[];
  close: number[];
  openBacklog: string[];
  responseOverdue: ExplainItem[];
  misroutedTo: string[];
}

interface AreaAcc {
  received: string[];
  onTime: OnTimeTally;
  firstResponse: number[];
  close: number[];
  openBacklog: string[];
  misrouted: string[];
}

const newArea = (): AreaAcc => ({ received: [], onTime: new OnTimeTally(), firstResponse: [], close: [], openBacklog: [], misrouted: [] });
const newOpd = (): OpdAcc => ({ received: [], onTime: new OnTimeTally(), firstResponse: [], close: [], openBacklog: [], responseOverdue: [], misroutedTo: [] });

export function computeComplaintMetrics(complaints: readonly ComplaintState[], options: ComplaintMetricsOptions): ComplaintMetrics {
  const from = toIsoInstant(options.from);
  const to = toIsoInstant(options.to);
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  if (!(fromMs < toMs)) throw new RangeError(`period must have from < to, got ${from} .. ${to}`);
  const asOfMs = Math.min(toMs - 1, Date.parse(toIsoInstant(options.now)));
  const asOf = new Date(asOfMs).toISOString();
  const minCount = options.minCount ?? DEFAULT_MIN_COUNT;
  const withIds = (options.explain ?? 'ids') === 'ids';
  const policyOf =
    typeof options.policies === 'function' ? options.policies : (c: string) => (options.policies as Record<string, CategorySla>)[c] ?? DEFAULT_SLA;
  const inWindow = (iso: string | null) => {
    if (!iso) return false;
    const t = Date.parse(iso);
    return t >= fromMs && t <= asOfMs;
  };

  const opd = new Map<string, OpdAcc>();
  for (const code of options.opdCodes ?? []) opd.set(code, newOpd());
  const opdAcc = (code: string) => {
    let a = opd.get(code);
    if (!a) opd.set(code, (a = newOpd()));
    return a;
  };
  const area = new Map<string | null, AreaAcc>();
  const areaAcc = (code: string | null) => {
    let a = area.get(code);
    if (!a) area.set(code, (a = newArea()));
    return a;
  };
  const city = newArea();
  const dispatch = new OnTimeTally();
  let undispatched = 0;
  let routedExternally = 0;
  let duplicates = 0;
  const misByCategory = new Map<string, { dispatches: number; misrouted: string[] }>();
  const misByDispatcher = new Map<string | null, { dispatches: number; misrouted: string[] }>();
  const bump = <K>(m: Map<K, { dispatches: number; misrouted: string[] }>, k: K, id: string, misrouted: boolean) => {
    let r = m.get(k);
    if (!r) m.set(k, (r = { dispatches: 0, misrouted: [] }));
    r.dispatches++;
    if (misrouted) r.misrouted.push(id);
  };

  for (const complaint of complaints) {
    const a: ComplaintAssessment | null = assessComplaint(complaint, { policy: policyOf(complaint.category), calendar: options.calendar, now: asOf });
    if (!a) continue;
    const id = a.id;
    const submittedMs = Date.parse(a.submittedAt);
    const submittedInPeriod = submittedMs >= fromMs && submittedMs <= asOfMs;
    const holder = a.current?.opd ?? null;
    const kec = areaAcc(a.kecamatan);
    const areas = [kec, city];

    // ---- citizen's clock: kecamatan and city
    for (const acc of areas) {
      if (submittedInPeriod) acc.received.push(id);
      acc.onTime.add(id, holder, a.citizen.resolution, inWindow);
      if (inWindow(a.citizen.firstResponse.doneAt)) acc.firstResponse.push(Date.parse(a.citizen.firstResponse.doneAt!) - submittedMs);
      if (inWindow(a.citizen.resolution.doneAt)) acc.close.push(Date.parse(a.citizen.resolution.doneAt!) - submittedMs);
      if (a.open) acc.openBacklog.push(id);
    }
    dispatch.add(id, holder, a.citizen.dispatch, inWindow);
    if (a.open && !a.citizen.dispatch.doneAt) undispatched++;
    if (a.status === 'rejected' && inWindow(a.statusAt)) routedExternally++;
    if (a.status === 'duplicate' && inWindow(a.statusAt)) duplicates++;

    // ---- OPD clocks, per assignment
    if (holder !== null) {
      const acc = opdAcc(holder);
      if (submittedInPeriod) acc.received.push(id);
      if (a.open) acc.openBacklog.push(id);
    }
    for (const asg of a.assignments) {
      const acc = opdAcc(asg.opd);
      acc.onTime.add(id, asg.opd, asg.resolution, inWindow);
      const dispatchedMs = Date.parse(asg.dispatchedAt);
      if (inWindow(asg.firstResponse.doneAt)) acc.firstResponse.push(Date.parse(asg.firstResponse.doneAt!) - dispatchedMs);
      if (inWindow(asg.resolution.doneAt)) acc.close.push(Date.parse(asg.resolution.doneAt!) - dispatchedMs);
      if (asg.firstResponse.state === 'overdue') {
        acc.responseOverdue.push({ id, opd: asg.opd, startedAt: asg.firstResponse.startedAt, deadline: asg.firstResponse.deadline, doneAt: null });
      }
      if (inWindow(asg.dispatchedAt)) {
        const misrouted = asg.endedBy === 'reroute';
        if (misrouted) {
          acc.misroutedTo.push(id);
          kec.misrouted.push(id);
          city.misrouted.push(id);
        }
        bump(misByCategory, a.category, id, misrouted);
        bump(misByDispatcher, asg.dispatchedBy, id, misrouted);
      }
    }
  }

  const areaRow = (acc: AreaAcc) => ({
    received: acc.received.length,
    onTime: acc.onTime.figure(minCount, withIds),
    firstResponse: median(acc.firstResponse),
    close: median(acc.close),
    openBacklog: acc.openBacklog.length,
    overdueBacklog: acc.onTime.overdue.length,
    misrouted: acc.misrouted.length,
    explain: withIds ? { received: byId(acc.received), openBacklog: byId(acc.openBacklog), misrouted: byId(acc.misrouted) } : null,
  });

  const opdRows: OpdComplaintMetrics[] = [...opd.entries()]
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([code, acc]) => ({
      opd: code,
      received: acc.received.length,
      onTime: acc.onTime.figure(minCount, withIds),
      firstResponse: median(acc.firstResponse),
      close: median(acc.close),
      openBacklog: acc.openBacklog.length,
      overdueBacklog: acc.onTime.overdue.length,
      responseOverdue: acc.responseOverdue.length,
      misroutedTo: acc.misroutedTo.length,
      explain: withIds
        ? { received: byId(acc.received), openBacklog: byId(acc.openBacklog), responseOverdue: byDeadline(acc.responseOverdue), misroutedTo: byId(acc.misroutedTo) }
        : null,
    }));

  const kecRows: AreaComplaintMetrics[] = [...area.entries()]
    .sort(([x], [y]) => ((x ?? '\uffff') < (y ?? '\uffff') ? -1 : (x ?? '\uffff') > (y ?? '\uffff') ? 1 : 0))
    .map(([code, acc]) => ({ kecamatan: code, ...areaRow(acc) }));

  const misRows = <K extends string | null>(m: Map<K, { dispatches: number; misrouted: string[] }>): MisrouteRow[] =>
    [...m.entries()]
      .map(([key, r]) => ({
        key,
        dispatches: r.dispatches,
        misrouted: r.misrouted.length,
        rate: rateWithCounts(r.misrouted.length, r.dispatches, minCount),
        explain: withIds ? { misrouted: byId(r.misrouted) } : null,
      }))
      .sort((x, y) => (y.rate.rate ?? -1) - (x.rate.rate ?? -1) || y.misrouted - x.misrouted || String(x.key ?? '').localeCompare(String(y.key ?? '')));

  const ranked = rankWorstFirst(opdRows, (r) => r.onTime.rate);
  return {
    period: { from, to, asOf },
    minCount,
    definitions: METRIC_DEFINITIONS,
    city: {
      ...areaRow(city),
      dispatchOnTime: dispatch.figure(minCount, withIds),
      undispatched,
      routedExternally,
      duplicates,
    },
    opd: opdRows,
    kecamatan: kecRows,
    misrouting: { byCategory: misRows(misByCategory), byDispatcher: misRows(misByDispatcher) },
    ranking: ranked.map((r, i) => ({ rank: i + 1, opd: r.opd, rate: r.onTime.rate })),
    notRanked: opdRows.filter((r) => r.onTime.rate.rate === null).map((r) => r.opd),
  };
}
