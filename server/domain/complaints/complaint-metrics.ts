// Complaint metrics per OPD, per kecamatan and for the city over a period [from, to): the
// numbers leadership judges departments by. Pure: plain complaint records in, numbers and
// their explanation out. Definitions (also in README.md and in `definitions` of the result):
//
// - Which range counts what. Every clock (an OPD assignment's resolution, the citizen's
//   resolution, the command center's dispatch) belongs to the one range that contains its
//   DEADLINE, and every event (submission, first response, resolution, dispatch, rejection) to
//   the one range that contains it: of any split of time into consecutive ranges [a, b), [b, c),
//   each is counted in exactly one. Ranges are half open, so a deadline at 00:00 WIB belongs to
//   the range starting then, one at 23:59:59.999 to the range ending at the next 00:00.
// - Verdicts use everything known at `now` (the time of the report), not only what was known at
//   the end of the range: a complaint due in March and resolved in April is "closed late" in
//   March (and nowhere else), not "open and overdue" in March and then "closed late" in April.
// - Backlogs (open, overdue, response overdue, undispatched) are a state, not a count of events:
//   they are taken at the end of the range, backlogAsOf = min(to - 1 ms, now).
// - OPD on-time % = closed on time / (closed + still open and overdue), over the OPD clocks due
//   in the range:
//     closed on time    = resolved at or before the deadline (even if that was before `from`)
//     closed late       = resolved after the deadline, by `now`
//     open and overdue  = not resolved by `now`, deadline passed, the OPD still holds it
//     running           = not resolved, deadline not passed yet (a range that has not ended):
//                         not judged, outside the rate
//   An assignment re-routed away, rejected or marked duplicate before it was done is not the
//   OPD's to judge (a misroute counts against the dispatcher).
//   NEVER closed on time / closed: that reads 100% while everything is still late.
//   Shown only with its counts (RateWithCounts); below `minCount` cases the rate is null
//   ("not enough data") and the OPD is left out of the ranking.
// - Kecamatan and city on-time % use the citizen's clock (from submission) the same way.
// - City dispatch on-time % = triaged on time / (triaged + untriaged and overdue): the
//   command center's own figure, the same way.
// - Medians: elapsed time (ms) from the OPD's dispatch (kecamatan/city: from submission) to
//   the first response / the resolution, over those that happened inside the period.
// - Misrouting: every dispatch made inside the period; misrouted = re-routed to another OPD
//   (by now). Rate = misrouted / dispatches, per category and per dispatcher (the person who
//   made the dispatch that had to be corrected).
import { isOpenStatus } from '../../../shared/domain-constants.ts';
import type { RateWithCounts } from '../../../shared/protocol.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import { DEFAULT_MIN_COUNT, rankWorstFirst, rateWithCounts } from '../rate-with-counts.ts';
import { stateAsOf, toIsoInstant, type Bilingual, type ComplaintState } from './complaint-lifecycle.ts';
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

/** The clocks due in the period and their verdicts as of now. */
export interface OnTimeFigure {
  rate: RateWithCounts;
  closedOnTime: number;
  closedLate: number;
  openOverdue: number;
  /** Due in the period, not done, deadline still ahead: not judged yet, not in the rate. */
  running: number;
  /** The formula with this row's numbers, e.g. "12 / (15 + 5) = 60.0%". */
  text: Bilingual;
  explain: { closedOnTime: ExplainItem[]; closedLate: ExplainItem[]; openOverdue: ExplainItem[]; running: ExplainItem[] } | null;
}

export interface DurationFigure {
  count: number;
  medianMs: number | null;
  /**
   * Median of the working days (WIB, holiday calendar) between start and done: days d with
   * start's date < d <= done's date, so a same-day answer is 0 and one the next working day 1.
   */
  medianWorkingDays: number | null;
}

/** One elapsed span: milliseconds and working days. */
interface Span {
  ms: number;
  workingDays: number;
}

export interface OpdComplaintMetrics {
  opd: string;
  /** Submitted inside the period and held by this OPD now. */
  received: number;
  onTime: OnTimeFigure;
  firstResponse: DurationFigure;
  close: DurationFigure;
  /** Open at backlogAsOf and held by this OPD. */
  openBacklog: number;
  /** Open at backlogAsOf, past the OPD resolution deadline, however old (a state, unlike onTime.openOverdue). */
  overdueBacklog: number;
  /** Open at backlogAsOf, first response deadline passed with no response yet. */
  responseOverdue: number;
  /** Dispatches to this OPD inside the period that were re-routed away (not its fault: counted against the dispatcher). */
  misroutedTo: number;
  /** Dispatches to this OPD inside the period that it handed back to the command center undone. */
  handedBack: number;
  explain: { received: string[]; openBacklog: string[]; overdueBacklog: ExplainItem[]; responseOverdue: ExplainItem[]; misroutedTo: string[]; handedBack: string[] } | null;
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
  explain: { received: string[]; openBacklog: string[]; overdueBacklog: ExplainItem[]; misrouted: string[] } | null;
}

export interface CityComplaintMetrics extends Omit<AreaComplaintMetrics, 'kecamatan'> {
  /** Triage by the command center: dispatched (or rejected / marked duplicate) on time. */
  dispatchOnTime: OnTimeFigure;
  /** Open at backlogAsOf and not yet dispatched to anyone. */
  undispatched: number;
  /** Rejected (handed to an external body) inside the period, still rejected now. */
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
  /** asOf: the verdicts use everything known then (now); backlogAsOf: when the backlogs are taken. */
  period: { from: string; to: string; asOf: string; backlogAsOf: string };
  minCount: number;
  definitions: Record<'onTime' | 'areaOnTime' | 'dispatchOnTime' | 'medians' | 'misrouting' | 'handedBack' | 'asOf', Bilingual>;
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
    id: 'Tepat waktu OPD = selesai tepat waktu / (selesai + masih terbuka dan lewat batas), atas aduan yang batas waktunya jatuh dalam periode. Jam OPD dimulai ulang pada setiap disposisi. Bukan selesai tepat waktu / selesai.',
    en: 'OPD on time = closed on time / (closed + still open and overdue), over the complaints whose deadline falls in the period. The OPD clock restarts at each dispatch. Never closed on time / closed.',
  },
  areaOnTime: {
    id: 'Tepat waktu kecamatan/kota = selesai tepat waktu / (selesai + masih terbuka dan lewat batas), atas aduan yang batas waktunya jatuh dalam periode, dihitung dari waktu pengaduan warga.',
    en: 'Kecamatan/city on time = closed on time / (closed + still open and overdue), over the complaints whose deadline falls in the period, counted from the citizen\'s submission.',
  },
  dispatchOnTime: {
    id: 'Disposisi tepat waktu = dipilah tepat waktu / (dipilah + belum dipilah dan lewat batas), atas aduan yang batas pemilahannya jatuh dalam periode.',
    en: 'Dispatch on time = triaged on time / (triaged + not yet triaged and overdue), over the complaints whose triage deadline falls in the period.',
  },
  medians: {
    id: 'Median waktu sejak disposisi (kecamatan/kota: sejak pengaduan) sampai respons pertama / penyelesaian, untuk yang terjadi dalam periode; juga dalam hari kerja (WIB, tanpa akhir pekan dan hari libur): selesai di hari yang sama = 0, hari kerja berikutnya = 1.',
    en: 'Median time from dispatch (kecamatan/city: from submission) to first response / resolution, over those inside the period; also in working days (WIB, without weekends and holidays): done the same day = 0, the next working day = 1.',
  },
  misrouting: {
    id: 'Salah disposisi = disposisi dalam periode yang kemudian dialihkan ke OPD lain; dihitung untuk pendisposisi dan kategori, bukan OPD penerima.',
    en: 'Misrouted = a dispatch inside the period later re-routed to another OPD; counted against the dispatcher and the category, not the receiving OPD.',
  },
  handedBack: {
    id: 'Dikembalikan = disposisi ke OPD dalam periode yang dikembalikan OPD itu ke command center (belum selesai, dengan alasan); bukan salah disposisi, dihitung untuk OPD tersebut. Aduan yang digabung sebagai duplikat dihitung sekali, sebagai aduan aslinya.',
    en: 'Handed back = a dispatch to the OPD inside the period that the OPD returned to the command center (undone, with a reason); not a misroute, counted for that OPD. A complaint merged as a duplicate is counted once, as its original.',
  },
  asOf: {
    id: 'Setiap aduan dinilai pada periode tempat batas waktunya jatuh, dengan semua yang diketahui saat laporan dibuat: yang selesai sesudah periode berakhir tetap dihitung terlambat pada periode itu. Tunggakan (terbuka, lewat batas) dihitung per akhir periode, atau saat ini bila periode belum berakhir.',
    en: 'Each complaint is judged in the period its deadline falls in, with everything known when the report is made: one resolved after the period ended counts as late in that period. Backlogs (open, overdue) are taken at the end of the period, or now if it has not ended.',
  },
};

const byId = (ids: string[]) => [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
/** Earliest deadline first (the longest overdue at the top), then id: stable whatever the input order. */
const byDeadline = (items: ExplainItem[]) =>
  [...items].sort((a, b) => Date.parse(a.deadline ?? '') - Date.parse(b.deadline ?? '') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

function medianOf(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Highest misroute rate first (no rate last), then most misroutes, then by key. */
export const sortMisrouteRows = (rows: MisrouteRow[]): MisrouteRow[] =>
  rows.sort((x, y) => (y.rate.rate ?? -1) - (x.rate.rate ?? -1) || y.misrouted - x.misrouted || String(x.key ?? '').localeCompare(String(y.key ?? '')));

function median(spans: Span[]): DurationFigure {
  if (spans.length === 0) return { count: 0, medianMs: null, medianWorkingDays: null };
  return { count: spans.length, medianMs: Math.round(medianOf(spans.map((x) => x.ms))), medianWorkingDays: medianOf(spans.map((x) => x.workingDays)) };
}

const pct = (r: number, lang: 'id' | 'en') => {
  const v = (r * 100).toFixed(1);
  return `${lang === 'id' ? v.replace('.', ',') : v}%`;
};

class OnTimeTally {
  onTime: ExplainItem[] = [];
  late: ExplainItem[] = [];
  overdue: ExplainItem[] = [];
  running: ExplainItem[] = [];

  /** Files a clock (assessed as of now) whose deadline falls in the range under its verdict. */
  add(id: string, opd: string | null, c: ClockResult, dueInRange: (iso: string | null) => boolean): void {
    if (!dueInRange(c.deadline)) return;
    const item: ExplainItem = { id, opd, startedAt: c.startedAt, deadline: c.deadline, doneAt: c.doneAt };
    if (c.state === 'on_time') this.onTime.push(item);
    else if (c.state === 'late') this.late.push(item);
    else if (c.state === 'overdue') this.overdue.push(item);
    else if (c.state === 'running') this.running.push(item);
  }

  figure(minCount: number, withIds: boolean): OnTimeFigure {
    return {
      ...onTimeFigureOf({ closedOnTime: this.onTime.length, closedLate: this.late.length, openOverdue: this.overdue.length, running: this.running.length }, minCount),
      explain: withIds
        ? { closedOnTime: byDeadline(this.onTime), closedLate: byDeadline(this.late), openOverdue: byDeadline(this.overdue), running: byDeadline(this.running) }
        : null,
    };
  }
}

/** The figure of counted verdicts (no ids): the same text and rate whoever counted them (see complaint-facts.ts). */
export function onTimeFigureOf(
  counts: { closedOnTime: number; closedLate: number; openOverdue: number; running: number },
  minCount: number,
): OnTimeFigure {
  const { closedOnTime, closedLate, openOverdue, running } = counts;
  const rate = rateWithCounts(closedOnTime, closedOnTime + closedLate + openOverdue, minCount);
  const nums = `${closedOnTime} / (${closedOnTime + closedLate} + ${openOverdue})`;
  const text: Bilingual =
    rate.rate === null
      ? {
          id: `${nums}: data belum cukup (minimal ${minCount})`,
          en: `${nums}: not enough data (at least ${minCount})`,
        }
      : { id: `${nums} = ${pct(rate.rate, 'id')}`, en: `${nums} = ${pct(rate.rate, 'en')}` };
  return { rate, closedOnTime, closedLate, openOverdue, running, text, explain: null };
}

interface OpdAcc {
  received: string[];
  onTime: OnTimeTally;
  firstResponse: Span[];
  close: Span[];
  openBacklog: string[];
  overdueBacklog: ExplainItem[];
  responseOverdue: ExplainItem[];
  misroutedTo: string[];
  handedBack: string[];
}

interface AreaAcc {
  received: string[];
  onTime: OnTimeTally;
  firstResponse: Span[];
  close: Span[];
  openBacklog: string[];
  overdueBacklog: ExplainItem[];
  misrouted: string[];
}

const newArea = (): AreaAcc => ({ received: [], onTime: new OnTimeTally(), firstResponse: [], close: [], openBacklog: [], overdueBacklog: [], misrouted: [] });
const newOpd = (): OpdAcc => ({
  received: [],
  onTime: new OnTimeTally(),
  firstResponse: [],
  close: [],
  openBacklog: [],
  overdueBacklog: [],
  responseOverdue: [],
  misroutedTo: [],
  handedBack: [],
});

const overdueItem = (id: string, opd: string | null, c: ClockResult): ExplainItem => ({ id, opd, startedAt: c.startedAt, deadline: c.deadline, doneAt: null });

export function computeComplaintMetrics(complaints: readonly ComplaintState[], options: ComplaintMetricsOptions): ComplaintMetrics {
  const from = toIsoInstant(options.from);
  const to = toIsoInstant(options.to);
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  if (!(fromMs < toMs)) throw new RangeError(`period must have from < to, got ${from} .. ${to}`);
  const asOf = toIsoInstant(options.now);
  const nowMs = Date.parse(asOf);
  // The state at the end of [from, to): after every event before `to`, none at or after it.
  const backlogMs = Math.min(toMs - 1, nowMs);
  const backlogAsOf = new Date(backlogMs).toISOString();
  const minCount = options.minCount ?? DEFAULT_MIN_COUNT;
  const withIds = (options.explain ?? 'ids') === 'ids';
  const spanOf = (startMs: number, doneAt: string): Span => {
    const doneMs = Date.parse(doneAt);
    return { ms: doneMs - startMs, workingDays: options.calendar.workingDaysBetween(new Date(startMs), new Date(doneMs)) };
  };
  const policyOf =
    typeof options.policies === 'function' ? options.policies : (c: string) => (options.policies as Record<string, CategorySla>)[c] ?? DEFAULT_SLA;
  /** Events and deadlines both belong to the half-open range: [from, to). */
  const inRange = (iso: string | null) => {
    if (!iso) return false;
    const t = Date.parse(iso);
    return t >= fromMs && t < toMs;
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
    const policy = policyOf(complaint.category);
    // Verdicts and events: as of now. Backlogs: as of the end of the range (the same
    // assessment when the range has not ended). Every backlog needs the complaint open then, so
    // only those are assessed a second time.
    const a: ComplaintAssessment | null = assessComplaint(complaint, { policy, calendar: options.calendar, now: asOf });
    if (!a) continue;
    let atEnd: ComplaintAssessment | null = a;
    if (backlogMs < nowMs) {
      const then = stateAsOf(complaint, backlogAsOf);
      atEnd = then && isOpenStatus(then.status) ? assessComplaint(then, { policy, calendar: options.calendar, now: backlogAsOf }) : null;
    }
    const id = a.id;
    const submittedMs = Date.parse(a.submittedAt);
    const submittedInPeriod = inRange(a.submittedAt);
    const holder = a.current?.opd ?? null;
    const kec = areaAcc(a.kecamatan);
    // A duplicate merged into another complaint is that complaint: counted once, as the original.
    const once = a.status !== 'duplicate';

    // ---- citizen's clock: kecamatan and city
    for (const acc of [kec, city]) {
      if (submittedInPeriod && once) acc.received.push(id);
      acc.onTime.add(id, holder, a.citizen.resolution, inRange);
      if (inRange(a.citizen.firstResponse.doneAt)) acc.firstResponse.push(spanOf(submittedMs, a.citizen.firstResponse.doneAt!));
      if (inRange(a.citizen.resolution.doneAt)) acc.close.push(spanOf(submittedMs, a.citizen.resolution.doneAt!));
    }
    if (once) dispatch.add(id, holder, a.citizen.dispatch, inRange);
    if (a.status === 'rejected' && inRange(a.statusAt)) routedExternally++;
    if (a.status === 'duplicate' && inRange(a.statusAt)) duplicates++;

    // ---- OPD clocks, per assignment
    if (holder !== null && submittedInPeriod && once) opdAcc(holder).received.push(id);
    for (const asg of a.assignments) {
      const acc = opdAcc(asg.opd);
      acc.onTime.add(id, asg.opd, asg.resolution, inRange);
      const dispatchedMs = Date.parse(asg.dispatchedAt);
      if (inRange(asg.firstResponse.doneAt)) acc.firstResponse.push(spanOf(dispatchedMs, asg.firstResponse.doneAt!));
      if (inRange(asg.resolution.doneAt)) acc.close.push(spanOf(dispatchedMs, asg.resolution.doneAt!));
      if (inRange(asg.dispatchedAt)) {
        if (asg.endedBy === 'handed_back') acc.handedBack.push(id);
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

    // ---- backlogs at the end of the range
    if (!atEnd) continue;
    const endHolder = atEnd.current?.opd ?? null;
    for (const acc of [areaAcc(atEnd.kecamatan), city]) {
      if (atEnd.open) acc.openBacklog.push(id);
      if (atEnd.citizen.resolution.state === 'overdue') acc.overdueBacklog.push(overdueItem(id, endHolder, atEnd.citizen.resolution));
    }
    if (atEnd.open && !atEnd.citizen.dispatch.doneAt) undispatched++;
    if (endHolder !== null && atEnd.open) opdAcc(endHolder).openBacklog.push(id);
    for (const asg of atEnd.assignments) {
      if (asg.resolution.state === 'overdue') opdAcc(asg.opd).overdueBacklog.push(overdueItem(id, asg.opd, asg.resolution));
      if (asg.firstResponse.state === 'overdue') opdAcc(asg.opd).responseOverdue.push(overdueItem(id, asg.opd, asg.firstResponse));
    }
  }

  const areaRow = (acc: AreaAcc) => ({
    received: acc.received.length,
    onTime: acc.onTime.figure(minCount, withIds),
    firstResponse: median(acc.firstResponse),
    close: median(acc.close),
    openBacklog: acc.openBacklog.length,
    overdueBacklog: acc.overdueBacklog.length,
    misrouted: acc.misrouted.length,
    explain: withIds
      ? { received: byId(acc.received), openBacklog: byId(acc.openBacklog), overdueBacklog: byDeadline(acc.overdueBacklog), misrouted: byId(acc.misrouted) }
      : null,
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
      overdueBacklog: acc.overdueBacklog.length,
      responseOverdue: acc.responseOverdue.length,
      misroutedTo: acc.misroutedTo.length,
      handedBack: acc.handedBack.length,
      explain: withIds
        ? {
            received: byId(acc.received),
            openBacklog: byId(acc.openBacklog),
            overdueBacklog: byDeadline(acc.overdueBacklog),
            responseOverdue: byDeadline(acc.responseOverdue),
            misroutedTo: byId(acc.misroutedTo),
            handedBack: byId(acc.handedBack),
          }
        : null,
    }));

  const kecRows: AreaComplaintMetrics[] = [...area.entries()]
    .sort(([x], [y]) => ((x ?? '\uffff') < (y ?? '\uffff') ? -1 : (x ?? '\uffff') > (y ?? '\uffff') ? 1 : 0))
    .map(([code, acc]) => ({ kecamatan: code, ...areaRow(acc) }));

  const misRows = <K extends string | null>(m: Map<K, { dispatches: number; misrouted: string[] }>): MisrouteRow[] =>
    sortMisrouteRows(
      [...m.entries()].map(([key, r]) => ({
        key,
        dispatches: r.dispatches,
        misrouted: r.misrouted.length,
        rate: rateWithCounts(r.misrouted.length, r.dispatches, minCount),
        explain: withIds ? { misrouted: byId(r.misrouted) } : null,
      })),
    );

  const ranked = rankWorstFirst(opdRows, (r) => r.onTime.rate);
  return {
    period: { from, to, asOf, backlogAsOf },
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
