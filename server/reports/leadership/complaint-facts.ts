// The complaint figures of the leadership reports counted by PostgreSQL from the stored facts,
// instead of reading every complaint's history into JavaScript (issue 13, "Speed at city scale").
//
// The facts are the columns the complaint processor already keeps, in the same transaction as
// the complaint (server/complaints/complaint-writer.ts): on `complaints` the citizen's clocks
// (deadlines and when each was met), on `complaint_assignments` every OPD assignment with its
// clocks, how it ended and whether it is live; and (migration 0007) `complaints.holder_opd`, the
// OPD in force, and `complaints.open_spans`, when the complaint was open (GiST-indexed). They are
// the values assessComplaint and stateAsOf derive, so
// each figure of computeComplaintMetrics (explain 'counts') becomes a GROUP BY over an index:
// - a verdict judged as of now: done -> on time / late by the stored times; not done and live
//   (still the complaint's open assignment) -> overdue when its deadline < now, else running;
// - an event or a deadline in [from, to): a range on the indexed column;
// - a backlog at the end of a past range (T = min(to - 1 ms, now)): the complaints whose stored
//   open spans (when the history had them open) hold T; the OPD holding one then is its last
//   assignment dispatched at or before T. At now itself: the open complaints and live assignments;
// - medians: percentile_cont (the mean of the two middle values, as medianOf), working days
//   through a cumulative count of the working calendar's days passed in as an array.
// The facts hold what is known when the row was written. They answer for `now` only when no
// complaint has an event after `now` (factsAnswerFor); otherwise the reports compute from the
// raw records as before. tests/integration/complaint-facts.test.ts checks, for random histories
// and periods, that every number equals computeComplaintMetrics over the raw records.
import { sql, type SQL } from 'drizzle-orm';
import { dayNumber, dateOfDay } from '../../../shared/calendar-date.ts';
import { CITY_TIME_ZONE, OPEN_COMPLAINT_STATUSES } from '../../../shared/domain-constants.ts';
import type { RateWithCounts } from '../../../shared/protocol.ts';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import type { ComplaintState } from '../../domain/complaints/complaint-lifecycle.ts';
import {
  METRIC_DEFINITIONS,
  onTimeFigureOf,
  sortMisrouteRows,
  type AreaComplaintMetrics,
  type ComplaintMetrics,
  type DurationFigure,
  type ExplainItem,
  type MisrouteRow,
  type OpdComplaintMetrics,
} from '../../domain/complaints/complaint-metrics.ts';
import { DEFAULT_MIN_COUNT, rankWorstFirst, rateWithCounts } from '../../domain/rate-with-counts.ts';
import { queryRows, timestamptz, type Database } from '../../infra/database.ts';
import type { ComplaintSeries } from './complaint-series.ts';
import type { WeekSlice } from './report-window.ts';

const OPEN = sql.raw(OPEN_COMPLAINT_STATUSES.map((s) => `'${s}'`).join(', '));
/** A complaint merged into another is that complaint: counted once, as the original (complaint-metrics.ts). */
const NOT_DUPLICATE = sql`c.status <> 'duplicate'`;

/**
 * Whether the stored facts describe the complaints as of `now`: no complaint submitted or
 * changed after it (a report asked for an instant in the past, or an event stamped ahead of
 * the server's clock). Two index lookups.
 */
export async function factsAnswerFor(db: Database, now: Date): Promise<boolean> {
  const [r] = await queryRows<{ ok: boolean | null }>(
    db,
    sql`select coalesce((select max(status_at) from complaints) <= ${timestamptz(now)}, true)
           and coalesce((select max(submitted_at) from complaints) <= ${timestamptz(now)}, true) as ok`,
  );
  return r?.ok !== false;
}

interface Counts {
  closedOnTime: number;
  closedLate: number;
  openOverdue: number;
  running: number;
}
const NO_COUNTS: Counts = { closedOnTime: 0, closedLate: 0, openOverdue: 0, running: 0 };
const addCounts = (a: Counts, b: Counts): Counts => ({
  closedOnTime: a.closedOnTime + b.closedOnTime,
  closedLate: a.closedLate + b.closedLate,
  openOverdue: a.openOverdue + b.openOverdue,
  running: a.running + b.running,
});
interface CountRow {
  key: string | null;
  on_time: number;
  late: number;
  overdue: number;
  running: number;
}
const countsOf = (r: CountRow): Counts => ({ closedOnTime: Number(r.on_time), closedLate: Number(r.late), openOverdue: Number(r.overdue), running: Number(r.running) });

/**
 * Verdict counts of one clock, judged as of `now`: done (on time / late by the stored times), or
 * not done and still applicable (`applicable`): overdue when the deadline has passed, else running.
 */
const verdictColumns = (due: SQL, done: SQL, applicable: SQL, now: SQL) => sql`
  count(*) filter (where ${done} <= ${due})::int as on_time,
  count(*) filter (where ${done} > ${due})::int as late,
  count(*) filter (where ${done} is null and ${applicable} and ${due} < ${now})::int as overdue,
  count(*) filter (where ${done} is null and ${applicable} and ${due} >= ${now})::int as running`;

/** Cumulative working days from `base` (0 on base): working days between a and b = cum[b] - cum[a]. */
function cumulativeWorkingDays(calendar: WorkingCalendar, base: string, last: string): number[] {
  const out: number[] = [];
  let n = 0;
  const end = dayNumber(last);
  for (let d = dayNumber(base); d <= end; d++) {
    if (d > dayNumber(base) && calendar.isWorkingDay(dateOfDay(d))) n++;
    out.push(n);
  }
  return out;
}

interface MedianRow {
  key: string | null;
  total: number;
  n: number;
  ms: number | null;
  wd: number | null;
}
const durationOf = (r: MedianRow | undefined): DurationFigure =>
  !r || Number(r.n) === 0 ? { count: 0, medianMs: null, medianWorkingDays: null } : { count: Number(r.n), medianMs: r.ms === null ? null : Math.round(Number(r.ms)), medianWorkingDays: Number(r.wd) };

export interface FactsOptions {
  from: Date;
  to: Date;
  now: Date;
  calendar: WorkingCalendar;
  minCount?: number;
  /** The OPD that get a row (every other OPD's clocks are not counted into a row). */
  opdCodes: readonly string[];
  /**
   * Only what a report shows, the rest left at zero: 'ranking' (OPD on time, received, misroutes;
   * no backlogs, medians, kecamatan), 'overview' (city and kecamatan, OPD on time and overdue
   * backlog; no misroutes, dispatch, OPD medians). Default 'all'.
   */
  parts?: 'all' | 'ranking' | 'overview' | 'opd';
  /**
   * One OPD's report (the timeliness report of `opd`: records of the complaints ever assigned to
   * it): the misroutes by dispatcher count only those complaints, and with `explain` the OPD's
   * row lists its complaints (explain 'ids'), as computeComplaintMetrics does for that row.
   */
  onlyOpd?: {
    code: string;
    explain: boolean;
    /**
     * The accounts of this OPD's staff: misroutes by dispatcher are then counted for these only
     * (all the OPD report shows of them: the misroutes its staff caused), the rest left out.
     */
    dispatchers?: readonly string[];
  };
}

const PARTS = {
  all: { cityMediansOnly: false, opdOnTime: true, citizen: true, dispatch: true, statusEvents: true, opdReceived: true, dispatches: true, opdMedians: true, backlog: true },
  ranking: { cityMediansOnly: false, opdOnTime: true, citizen: false, dispatch: false, statusEvents: false, opdReceived: true, dispatches: true, opdMedians: false, backlog: false },
  overview: { cityMediansOnly: true, opdOnTime: true, citizen: true, dispatch: false, statusEvents: false, opdReceived: false, dispatches: false, opdMedians: false, backlog: true },
  opd: { cityMediansOnly: false, opdOnTime: true, citizen: false, dispatch: false, statusEvents: false, opdReceived: true, dispatches: true, opdMedians: true, backlog: true },
};
const EMPTY_BACKLOGS: Backlogs = { kecamatan: new Map(), opd: new Map(), undispatched: 0 };

/**
 * computeComplaintMetrics(records, { ...options, explain: 'counts' }) from the stored facts, for
 * the OPD of `opdCodes` (the report's OPD; the raw function also makes rows for any other OPD a
 * complaint touched, which no report shows). Call only when factsAnswerFor(now).
 */
export async function complaintMetricsFromFacts(db: Database, options: FactsOptions): Promise<ComplaintMetrics> {
  const { from, to, now, calendar } = options;
  if (!(from.getTime() < to.getTime())) throw new RangeError(`period must have from < to, got ${from.toISOString()} .. ${to.toISOString()}`);
  const minCount = options.minCount ?? DEFAULT_MIN_COUNT;
  const F = timestamptz(from);
  const E = timestamptz(to);
  const N = timestamptz(now);
  const backlogAt = new Date(Math.min(to.getTime() - 1, now.getTime()));
  const zone = calendar.options.zone ?? CITY_TIME_ZONE;
  const codes = [...options.opdCodes];
  const codeFilter = (col: SQL) => sql`${col} = any(${sql.param(codes)}::text[])`;
  const want = PARTS[options.parts ?? 'all'];
  const skip = <T>(on: boolean, q: () => Promise<T[]>): Promise<T[]> => (on ? q() : Promise.resolve([]));

  // Working days of the spans (medians): starts are never before the first complaint or dispatch.
  const [first] = await queryRows<{ d: string | null }>(
    db,
    sql`select to_char(least((select min(submitted_at) from complaints), (select min(dispatched_at) from complaint_assignments)) at time zone ${zone}, 'YYYY-MM-DD') as d`,
  );
  const lastDate = dateOfDay(Math.max(dayNumber(calendar.localDateOf(new Date(to.getTime() - 1))), dayNumber(calendar.localDateOf(now))));
  const base = first?.d && first.d < lastDate ? first.d : lastDate;
  const cum = cumulativeWorkingDays(calendar, base, lastDate);
  const CUM = sql`(${sql.param(cum)}::int[])`;
  const dayIdx = (t: SQL) => sql`(((${t}) at time zone ${zone})::date - ${base}::date + 1)`;
  const workingDays = (start: SQL, done: SQL) => sql`(${CUM}[${dayIdx(done)}] - ${CUM}[${dayIdx(start)}])`;
  const medianColumns = (start: SQL, done: SQL) => sql`count(*)::int as n,
    percentile_cont(0.5) within group (order by (extract(epoch from (${done} - ${start})) * 1000)::float8) as ms,
    percentile_cont(0.5) within group (order by ${workingDays(start, done)}) as wd`;

  const [opdOnTime, citizenOnTime, dispatchOnTime, received, statusEvents, opdReceived, dispatches, misroutedByKec, cityMedians, opdMedians, backlog] = await Promise.all([
    skip(want.opdOnTime, () => queryRows<CountRow>(
      db,
      sql`select a.opd_code as key, ${verdictColumns(sql`a.resolution_due_at`, sql`a.resolved_at`, sql`a.live`, N)}
            from complaint_assignments a
           where a.resolution_due_at >= ${F} and a.resolution_due_at < ${E} and ${codeFilter(sql`a.opd_code`)}
           group by a.opd_code`,
    )),
    skip(want.citizen, () => queryRows<CountRow>(
      db,
      sql`select c.kecamatan_code as key, ${verdictColumns(sql`c.resolution_due_at`, sql`c.resolved_at`, sql`c.status in (${OPEN})`, N)}
            from complaints c
           where c.resolution_due_at >= ${F} and c.resolution_due_at < ${E}
           group by c.kecamatan_code`,
    )),
    skip(want.dispatch, () => queryRows<CountRow>(
      db,
      sql`select null as key, ${verdictColumns(sql`c.dispatch_due_at`, sql`c.triaged_at`, sql`c.status in (${OPEN})`, N)}
            from complaints c
           where c.dispatch_due_at >= ${F} and c.dispatch_due_at < ${E} and ${NOT_DUPLICATE}`,
    )),
    skip(want.citizen, () => queryRows<{ key: string | null; n: number }>(
      db,
      sql`select c.kecamatan_code as key, count(*)::int as n from complaints c
           where c.submitted_at >= ${F} and c.submitted_at < ${E} and ${NOT_DUPLICATE} group by c.kecamatan_code`,
    )),
    skip(want.statusEvents, () => queryRows<{ rejected: number; duplicate: number }>(
      db,
      sql`select count(*) filter (where c.status = 'rejected')::int as rejected, count(*) filter (where c.status = 'duplicate')::int as duplicate
            from complaints c where c.status_at >= ${F} and c.status_at < ${E} and c.status in ('rejected', 'duplicate')`,
    )),
    // Received: submitted in the range and held by the OPD now (its assignment in force).
    want.opdReceived
      ? queryRows<{ key: string; n: number }>(
          db,
          sql`select c.holder_opd as key, count(*)::int as n from complaints c
               where c.submitted_at >= ${F} and c.submitted_at < ${E} and ${NOT_DUPLICATE} and ${codeFilter(sql`c.holder_opd`)}
               group by c.holder_opd`,
        )
      : [],
    // Per OPD, per category and per dispatcher at once (grouping sets: a year of dispatches
    // grouped by all three is tens of thousands of groups, sorted on disk).
    options.onlyOpd?.dispatchers ? opdDispatches(db, options.onlyOpd.code, options.onlyOpd.dispatchers, F, E) :
    skip(want.dispatches, () => queryRows<{ g: number; opd: string; category: string; dispatcher: string | null; n: number; m: number; h: number }>(
      db,
      sql`select grouping(a.opd_code, a.category_code, a.dispatched_by)::int as g,
                 a.opd_code as opd, a.category_code as category, a.dispatched_by as dispatcher, count(*)::int as n,
                 count(*) filter (where a.ended_by = 'reroute')::int as m, count(*) filter (where a.ended_by = 'handed_back')::int as h
            from complaint_assignments a
           where a.dispatched_at >= ${F} and a.dispatched_at < ${E}
             ${options.onlyOpd ? sql`and exists (select 1 from complaint_assignments b where b.complaint_id = a.complaint_id and b.opd_code = ${options.onlyOpd.code})` : sql``}
           group by grouping sets ((a.opd_code), (a.category_code), (a.dispatched_by))`,
    )),
    skip(want.citizen && want.dispatches, () => queryRows<{ key: string | null; n: number }>(
      db,
      sql`select c.kecamatan_code as key, count(*)::int as n
            from complaint_assignments a join complaints c on c.id = a.complaint_id
           where a.dispatched_at >= ${F} and a.dispatched_at < ${E} and a.ended_by = 'reroute'
           group by c.kecamatan_code`,
    )),
    Promise.all(
      (['first_response_at', 'resolved_at'] as const).map((col) =>
        skip(want.citizen, () => want.cityMediansOnly ? queryRows<MedianRow>(
          db,
          // The overview shows the city's median in working days and its count only.
          sql`select null as key, 1 as total, count(*)::int as n, null as ms,
                     percentile_cont(0.5) within group (order by ${workingDays(sql`c.submitted_at`, sql.raw(`c.${col}`))}) as wd
                from complaints c where ${sql.raw(`c.${col}`)} >= ${F} and ${sql.raw(`c.${col}`)} < ${E}`,
        ) : queryRows<MedianRow>(
          db,
          sql`select c.kecamatan_code as key, grouping(c.kecamatan_code)::int as total, ${medianColumns(sql`c.submitted_at`, sql.raw(`c.${col}`))}
                from complaints c
               where ${sql.raw(`c.${col}`)} >= ${F} and ${sql.raw(`c.${col}`)} < ${E}
               group by grouping sets ((c.kecamatan_code), ())`,
        )),
      ),
    ),
    Promise.all(
      (['first_response_at', 'resolved_at'] as const).map((col) =>
        skip(want.opdMedians, () => queryRows<MedianRow>(
          db,
          sql`select a.opd_code as key, 0 as total, ${medianColumns(sql`a.dispatched_at`, sql.raw(`a.${col}`))}
                from complaint_assignments a
               where ${sql.raw(`a.${col}`)} >= ${F} and ${sql.raw(`a.${col}`)} < ${E} and ${codeFilter(sql`a.opd_code`)}
               group by a.opd_code`,
        )),
      ),
    ),
    // The facts answer for now: at now itself, the backlogs are the live rows.
    want.backlog ? backlogsAt(db, backlogAt, codes, { current: backlogAt.getTime() === now.getTime(), kecamatan: want.citizen }) : EMPTY_BACKLOGS,
  ]);

  // ---- kecamatan and city (citizen's clock)
  const kecKeys = new Set<string | null>();
  const kecCounts = new Map<string | null, Counts>(citizenOnTime.map((r) => [r.key, countsOf(r)]));
  const kecReceived = new Map(received.map((r) => [r.key, Number(r.n)]));
  const kecMisrouted = new Map(misroutedByKec.map((r) => [r.key, Number(r.n)]));
  const kecFirst = new Map(cityMedians[0].filter((r) => Number(r.total) === 0).map((r) => [r.key, r]));
  const kecClose = new Map(cityMedians[1].filter((r) => Number(r.total) === 0).map((r) => [r.key, r]));
  for (const m of [kecCounts, kecReceived, kecMisrouted, kecFirst, kecClose, backlog.kecamatan]) for (const k of m.keys()) kecKeys.add(k);
  const kecamatan: AreaComplaintMetrics[] = [...kecKeys]
    .sort((x, y) => ((x ?? '\uffff') < (y ?? '\uffff') ? -1 : (x ?? '\uffff') > (y ?? '\uffff') ? 1 : 0))
    .map((k) => ({
      kecamatan: k,
      received: kecReceived.get(k) ?? 0,
      onTime: onTimeFigureOf(kecCounts.get(k) ?? NO_COUNTS, minCount),
      firstResponse: durationOf(kecFirst.get(k)),
      close: durationOf(kecClose.get(k)),
      openBacklog: backlog.kecamatan.get(k)?.open ?? 0,
      overdueBacklog: backlog.kecamatan.get(k)?.overdue ?? 0,
      misrouted: kecMisrouted.get(k) ?? 0,
      explain: null,
    }));
  const sumKec = (f: (r: AreaComplaintMetrics) => number) => kecamatan.reduce((s, r) => s + f(r), 0);
  const [dispatchRow] = dispatchOnTime;

  // ---- OPD
  const opdCounts = new Map(opdOnTime.map((r) => [r.key, countsOf(r)]));
  const opdRecv = new Map(opdReceived.map((r) => [r.key, Number(r.n)]));
  const opdFirst = new Map(opdMedians[0].map((r) => [r.key, r]));
  const opdClose = new Map(opdMedians[1].map((r) => [r.key, r]));
  const misroutedTo = new Map<string, number>();
  const handedBack = new Map<string, number>();
  const byCategory = new Map<string, { dispatches: number; misrouted: number }>();
  const byDispatcher = new Map<string | null, { dispatches: number; misrouted: number }>();
  const bump = <K>(m: Map<K, { dispatches: number; misrouted: number }>, k: K, n: number, mis: number) => {
    const r = m.get(k) ?? { dispatches: 0, misrouted: 0 };
    r.dispatches += n;
    r.misrouted += mis;
    m.set(k, r);
  };
  // grouping(opd, category, dispatcher) is a bit mask of the columns NOT grouped by: 0b011 = by OPD.
  for (const r of dispatches) {
    const n = Number(r.n);
    const mis = Number(r.m);
    const g = Number(r.g);
    if (g === 0b011) {
      misroutedTo.set(r.opd, (misroutedTo.get(r.opd) ?? 0) + mis);
      handedBack.set(r.opd, (handedBack.get(r.opd) ?? 0) + Number(r.h ?? 0));
    }
    else if (g === 0b101) bump(byCategory, r.category, n, mis);
    else if (g === 0b110) bump(byDispatcher, r.dispatcher, n, mis);
  }
  const opd: OpdComplaintMetrics[] = [...new Set(codes)]
    .sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))
    .map((code) => ({
      opd: code,
      received: opdRecv.get(code) ?? 0,
      onTime: onTimeFigureOf(opdCounts.get(code) ?? NO_COUNTS, minCount),
      firstResponse: durationOf(opdFirst.get(code)),
      close: durationOf(opdClose.get(code)),
      openBacklog: backlog.opd.get(code)?.open ?? 0,
      overdueBacklog: backlog.opd.get(code)?.overdue ?? 0,
      responseOverdue: backlog.opd.get(code)?.responseOverdue ?? 0,
      misroutedTo: misroutedTo.get(code) ?? 0,
      handedBack: handedBack.get(code) ?? 0,
      explain: null,
    }));
  if (options.onlyOpd?.explain) {
    const row = opd.find((r) => r.opd === options.onlyOpd!.code);
    if (row) await explainOpdRow(db, row, { from, to, now, backlogAt });
  }
  const misRows = <K extends string | null>(m: Map<K, { dispatches: number; misrouted: number }>): MisrouteRow[] =>
    sortMisrouteRows([...m.entries()].map(([key, r]) => ({ key, ...r, rate: rateWithCounts(r.misrouted, r.dispatches, minCount), explain: null })));
  const ranked = rankWorstFirst(opd, (r) => r.onTime.rate);
  const statusRow = statusEvents[0] ?? { rejected: 0, duplicate: 0 };

  return {
    period: { from: from.toISOString(), to: to.toISOString(), asOf: now.toISOString(), backlogAsOf: backlogAt.toISOString() },
    minCount,
    definitions: METRIC_DEFINITIONS,
    city: {
      received: sumKec((r) => r.received),
      onTime: onTimeFigureOf(
        kecamatan.reduce((s, r) => addCounts(s, r.onTime), NO_COUNTS),
        minCount,
      ),
      firstResponse: durationOf(cityMedians[0].find((r) => Number(r.total) === 1)),
      close: durationOf(cityMedians[1].find((r) => Number(r.total) === 1)),
      openBacklog: sumKec((r) => r.openBacklog),
      overdueBacklog: sumKec((r) => r.overdueBacklog),
      misrouted: sumKec((r) => r.misrouted),
      explain: null,
      dispatchOnTime: onTimeFigureOf(dispatchRow ? countsOf(dispatchRow) : NO_COUNTS, minCount),
      undispatched: backlog.undispatched,
      routedExternally: Number(statusRow.rejected),
      duplicates: Number(statusRow.duplicate),
    },
    opd,
    kecamatan,
    misrouting: { byCategory: misRows(byCategory), byDispatcher: misRows(byDispatcher) },
    ranking: ranked.map((r, i) => ({ rank: i + 1, opd: r.opd, rate: r.onTime.rate })),
    notRanked: opd.filter((r) => r.onTime.rate.rate === null).map((r) => r.opd),
  };
}

/**
 * The dispatch rows one OPD's report needs (grouping as in complaintMetricsFromFacts): its own
 * dispatches (misrouted to it), and those by its staff's accounts in complaints ever assigned to it.
 */
async function opdDispatches(db: Database, code: string, staff: readonly string[], F: SQL, E: SQL) {
  type Row = { g: number; opd: string; category: string; dispatcher: string | null; n: number; m: number; h?: number };
  const [own, byStaff] = await Promise.all([
    queryRows<Row>(
      db,
      sql`select 3 as g, a.opd_code as opd, null as category, null as dispatcher, count(*)::int as n, count(*) filter (where a.ended_by = 'reroute')::int as m,
                 count(*) filter (where a.ended_by = 'handed_back')::int as h
            from complaint_assignments a where a.opd_code = ${code} and a.dispatched_at >= ${F} and a.dispatched_at < ${E} group by a.opd_code`,
    ),
    staff.length
      ? queryRows<Row>(
          db,
          sql`select 6 as g, null as opd, null as category, a.dispatched_by as dispatcher, count(*)::int as n, count(*) filter (where a.ended_by = 'reroute')::int as m
                from complaint_assignments a
               where a.dispatched_at >= ${F} and a.dispatched_at < ${E} and a.dispatched_by = any(${sql.param([...staff])}::text[])
                 and exists (select 1 from complaint_assignments b where b.complaint_id = a.complaint_id and b.opd_code = ${code})
               group by a.dispatched_by`,
        )
      : [],
  ]);
  return [...own, ...byStaff];
}

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());
const byId = (ids: string[]) => ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * The complaints behind one OPD row (computeComplaintMetrics with explain 'ids'): the clocks due
 * in the range by verdict, and the ids received, open, overdue, response-overdue (at the end of
 * the range) and misrouted to it; in the raw function's orders (earliest deadline first, then
 * id and assignment; ids sorted).
 */
async function explainOpdRow(db: Database, row: OpdComplaintMetrics, p: { from: Date; to: Date; now: Date; backlogAt: Date }): Promise<void> {
  const lists = await opdExplainLists(db, row.opd, p);
  row.onTime = { ...row.onTime, explain: lists.onTime };
  row.explain = lists.row;
}

/**
 * The explain lists of one OPD's row alone (what explainOpdRow adds to it), without counting
 * the row: the drill-down's list is read beside its counts, not after them. backlogAt defaults
 * to the row's (min(to - 1 ms, now)).
 */
export async function opdExplainLists(
  db: Database,
  code: string,
  p: { from: Date; to: Date; now: Date; backlogAt?: Date },
): Promise<{ onTime: NonNullable<OpdComplaintMetrics['onTime']['explain']>; row: NonNullable<OpdComplaintMetrics['explain']>; backlogAt: Date }> {
  const backlogAt = p.backlogAt ?? new Date(Math.min(p.to.getTime() - 1, p.now.getTime()));
  return { ...(await readOpdExplain(db, code, { ...p, backlogAt })), backlogAt };
}

async function readOpdExplain(db: Database, code: string, p: { from: Date; to: Date; now: Date; backlogAt: Date }) {
  const F = timestamptz(p.from);
  const E = timestamptz(p.to);
  const T = timestamptz(p.backlogAt);
  type Clock = { id: string; started: Date | string; due: Date | string; done: Date | string | null };
  const current = p.backlogAt.getTime() === p.now.getTime();
  const [due, received, misrouted, handedBack, backlog] = await Promise.all([
    queryRows<Clock & { live: boolean }>(
      db,
      sql`select a.complaint_id as id, a.dispatched_at as started, a.resolution_due_at as due, a.resolved_at as done, a.live
            from complaint_assignments a where a.opd_code = ${code} and a.resolution_due_at >= ${F} and a.resolution_due_at < ${E}
           order by a.resolution_due_at, a.complaint_id, a.idx`,
    ),
    queryRows<{ id: string }>(db, sql`select c.id from complaints c where c.holder_opd = ${code} and c.submitted_at >= ${F} and c.submitted_at < ${E} and ${NOT_DUPLICATE}`),
    queryRows<{ id: string }>(
      db,
      sql`select a.complaint_id as id from complaint_assignments a
           where a.opd_code = ${code} and a.dispatched_at >= ${F} and a.dispatched_at < ${E} and a.ended_by = 'reroute'`,
    ),
    queryRows<{ id: string }>(
      db,
      sql`select a.complaint_id as id from complaint_assignments a
           where a.opd_code = ${code} and a.dispatched_at >= ${F} and a.dispatched_at < ${E} and a.ended_by = 'handed_back'`,
    ),
    queryRows<{ id: string; started: Date | string; res_due: Date | string; res_done: Date | string | null; resp_due: Date | string; resp_done: Date | string | null }>(
      db,
      current
        ? sql`select a.complaint_id as id, a.dispatched_at as started, a.resolution_due_at as res_due, a.resolved_at as res_done,
                     a.response_due_at as resp_due, a.first_response_at as resp_done
                from complaint_assignments a where a.live and a.opd_code = ${code}`
        : sql`select a.complaint_id as id, a.dispatched_at as started, a.resolution_due_at as res_due, a.resolved_at as res_done,
                     a.response_due_at as resp_due, a.first_response_at as resp_done
                from complaint_assignments a
               -- "|| ''": compared, not looked up, so the planner keeps to the GiST probe on held.
               where a.held @> ${T} and a.opd_code || '' = ${code}`,
    ),
  ]);
  const item = (id: string, started: Date | string, deadline: Date | string, done: Date | string | null): ExplainItem => ({
    id,
    opd: code,
    startedAt: iso(started),
    deadline: iso(deadline),
    doneAt: iso(done),
  });
  const nowMs = p.now.getTime();
  const onTime: ExplainItem[] = [];
  const late: ExplainItem[] = [];
  const overdue: ExplainItem[] = [];
  const running: ExplainItem[] = [];
  for (const c of due) {
    const dueMs = new Date(c.due).getTime();
    if (c.done !== null) (new Date(c.done).getTime() <= dueMs ? onTime : late).push(item(c.id, c.started, c.due, c.done));
    else if (c.live) (nowMs > dueMs ? overdue : running).push(item(c.id, c.started, c.due, null));
  }
  const atMs = p.backlogAt.getTime();
  const overdueBacklog: ExplainItem[] = [];
  const responseOverdue: ExplainItem[] = [];
  const byDeadline = (items: ExplainItem[]) =>
    items.sort((a, b) => Date.parse(a.deadline ?? '') - Date.parse(b.deadline ?? '') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const b of backlog) {
    const doneBy = (d: Date | string | null) => d !== null && new Date(d).getTime() <= atMs;
    if (!doneBy(b.res_done) && new Date(b.res_due).getTime() < atMs) overdueBacklog.push(item(b.id, b.started, b.res_due, null));
    if (!doneBy(b.resp_done) && new Date(b.resp_due).getTime() < atMs) responseOverdue.push(item(b.id, b.started, b.resp_due, null));
  }
  return {
    onTime: { closedOnTime: onTime, closedLate: late, openOverdue: overdue, running },
    row: {
      received: byId(received.map((r) => r.id)),
      openBacklog: byId(backlog.map((r) => r.id)),
      overdueBacklog: byDeadline(overdueBacklog),
      responseOverdue: byDeadline(responseOverdue),
      misroutedTo: byId(misrouted.map((r) => r.id)),
      handedBack: byId(handedBack.map((r) => r.id)),
    },
  };
}

/** What the OPD report shows of each complaint it lists (the fields of ComplaintState it reads). */
export type ComplaintFacts = Pick<ComplaintState, 'id' | 'category' | 'kecamatan' | 'status' | 'opd'>;

export async function complaintFactsById(db: Database, ids: readonly string[]): Promise<ComplaintFacts[]> {
  if (!ids.length) return [];
  const rows = await queryRows<{ id: string; category: string; kecamatan: string | null; status: ComplaintState['status']; opd: string | null }>(
    db,
    sql`select c.id, c.category_code as category, c.kecamatan_code as kecamatan, c.status, c.opd_code as opd
          from complaints c where c.id = any(${sql.param([...new Set(ids)])}::uuid[])`,
  );
  return rows;
}

export interface Backlogs {
  kecamatan: Map<string | null, { open: number; overdue: number }>;
  opd: Map<string, { open: number; overdue: number; responseOverdue: number }>;
  undispatched: number;
}

/**
 * The backlogs at instant `at` (computeComplaintMetrics' "atEnd"): complaints open then, per
 * kecamatan (and past the citizen's deadline), and per OPD holding them then (past its
 * resolution / first-response deadline, not done by then).
 */
export async function backlogsAt(db: Database, at: Date, opdCodes: readonly string[], options: { current?: boolean; kecamatan?: boolean } = {}): Promise<Backlogs> {
  const T = timestamptz(at);
  if (options.current) return currentBacklogs(db, at, opdCodes, options.kecamatan !== false);
  // open_spans: when each complaint was open (complaint-repository.ts openSpansOf), GiST-indexed.
  const openThen = sql`select c.id, c.kecamatan_code, c.resolution_due_at, c.triaged_at from complaints c where c.open_spans @> ${T}`;
  const [kec, opd] = await Promise.all([
    options.kecamatan === false ? [] : queryRows<{ key: string | null; open: number; overdue: number; undispatched: number }>(
      db,
      sql`with b as (${openThen})
          select b.kecamatan_code as key, count(*)::int as open, count(*) filter (where b.resolution_due_at < ${T})::int as overdue,
                 count(*) filter (where b.triaged_at is null or b.triaged_at > ${T})::int as undispatched
            from b group by b.kecamatan_code`,
    ),
    // The OPD holding each complaint open at T: the assignment whose held spans contain T (from
    // its dispatch to the next one or a hand-back, while the complaint was open). Every OPD at
    // once, picked after: an OPD filter would steer the planner off the GiST probe.
    queryRows<{ key: string; open: number; overdue: number; response_overdue: number }>(
      db,
      sql`select a.opd_code as key, count(*)::int as open,
                 count(*) filter (where (a.resolved_at is null or a.resolved_at > ${T}) and a.resolution_due_at < ${T})::int as overdue,
                 count(*) filter (where (a.first_response_at is null or a.first_response_at > ${T}) and a.response_due_at < ${T})::int as response_overdue
            from complaint_assignments a
           where a.held @> ${T}
           group by a.opd_code`,
    ).then((rows) => rows.filter((r) => opdCodes.includes(r.key))),
  ]);
  return {
    kecamatan: new Map(kec.map((r) => [r.key, { open: Number(r.open), overdue: Number(r.overdue) }])),
    opd: new Map(opd.map((r) => [r.key, { open: Number(r.open), overdue: Number(r.overdue), responseOverdue: Number(r.response_overdue) }])),
    undispatched: kec.reduce((s, r) => s + Number(r.undispatched), 0),
  };
}

/**
 * backlogsAt when nothing changed after `at` (factsAnswerFor(at)): the open complaints are those
 * open now, and the OPD holding each is its live assignment.
 */
async function currentBacklogs(db: Database, at: Date, opdCodes: readonly string[], kecamatan: boolean): Promise<Backlogs> {
  const T = timestamptz(at);
  const [kec, opd] = await Promise.all([
    !kecamatan ? [] : queryRows<{ key: string | null; open: number; overdue: number; undispatched: number }>(
      db,
      sql`select c.kecamatan_code as key, count(*)::int as open, count(*) filter (where c.resolution_due_at < ${T})::int as overdue,
                 count(*) filter (where c.triaged_at is null)::int as undispatched
            from complaints c where c.status in (${OPEN}) and c.submitted_at <= ${T} group by c.kecamatan_code`,
    ),
    queryRows<{ key: string; open: number; overdue: number; response_overdue: number }>(
      db,
      sql`select a.opd_code as key, count(*)::int as open,
                 count(*) filter (where a.resolved_at is null and a.resolution_due_at < ${T})::int as overdue,
                 count(*) filter (where a.first_response_at is null and a.response_due_at < ${T})::int as response_overdue
            from complaint_assignments a
           where a.live and a.opd_code = any(${sql.param([...opdCodes])}::text[])
           group by a.opd_code`,
    ),
  ]);
  return {
    kecamatan: new Map(kec.map((r) => [r.key, { open: Number(r.open), overdue: Number(r.overdue) }])),
    opd: new Map(opd.map((r) => [r.key, { open: Number(r.open), overdue: Number(r.overdue), responseOverdue: Number(r.response_overdue) }])),
    undispatched: kec.reduce((s, r) => s + Number(r.undispatched), 0),
  };
}

/**
 * complaintSeries (complaint-series.ts) from the stored facts: received and closed per WIB day,
 * the weekly on-time (the city's citizen clock, or one OPD's assignments), received per
 * kecamatan per month. Call only when factsAnswerFor(now).
 */
export async function complaintSeriesFromFacts(
  db: Database,
  o: { from: Date; to: Date; now: Date; minCount: number; weeks: readonly WeekSlice[]; opd?: string; weeklyOnly?: boolean },
): Promise<ComplaintSeries> {
  const F = timestamptz(o.from);
  const E = timestamptz(o.to);
  const N = timestamptz(o.now);
  const zone = CITY_TIME_ZONE;
  const dateOf = (t: SQL) => sql`to_char((${t}) at time zone ${zone}, 'YYYY-MM-DD')`;
  const [received, closed, due] = await Promise.all([
    o.weeklyOnly ? [] : queryRows<{ d: string; k: string | null; n: number }>(
      db,
      sql`select ${dateOf(sql`c.submitted_at`)} as d, c.kecamatan_code as k, count(*)::int as n
            from complaints c where c.submitted_at >= ${F} and c.submitted_at < ${E} and ${NOT_DUPLICATE} group by 1, 2`,
    ),
    o.weeklyOnly ? [] : queryRows<{ d: string; n: number }>(
      db,
      sql`select ${dateOf(sql`c.resolved_at`)} as d, count(*)::int as n
            from complaints c where c.resolved_at >= ${F} and c.resolved_at < ${E} group by 1`,
    ),
    o.opd === undefined
      ? queryRows<CountRow>(
          db,
          sql`select ${dateOf(sql`c.resolution_due_at`)} as key, ${verdictColumns(sql`c.resolution_due_at`, sql`c.resolved_at`, sql`c.status in (${OPEN})`, N)}
                from complaints c where c.resolution_due_at >= ${F} and c.resolution_due_at < ${E} group by 1`,
        )
      : queryRows<CountRow>(
          db,
          sql`select ${dateOf(sql`a.resolution_due_at`)} as key, ${verdictColumns(sql`a.resolution_due_at`, sql`a.resolved_at`, sql`a.live`, N)}
                from complaint_assignments a
               where a.opd_code = ${o.opd} and a.resolution_due_at >= ${F} and a.resolution_due_at < ${E} group by 1`,
        ),
  ]);
  const receivedByDate = new Map<string, number>();
  const receivedByKecamatanMonth = new Map<string, Map<string, number>>();
  for (const r of received) {
    const n = Number(r.n);
    receivedByDate.set(r.d, (receivedByDate.get(r.d) ?? 0) + n);
    const kec = r.k ?? '';
    let months = receivedByKecamatanMonth.get(kec);
    if (!months) receivedByKecamatanMonth.set(kec, (months = new Map()));
    const m = r.d.slice(0, 7);
    months.set(m, (months.get(m) ?? 0) + n);
  }
  const closedByDate = new Map(closed.map((r) => [r.d, Number(r.n)]));
  // Week slices start at WIB midnights: a deadline's date tells its week.
  const weekOfDate = (date: string) => {
    let i = 0;
    while (i + 1 < o.weeks.length && o.weeks[i + 1].from.getTime() <= Date.parse(`${date}T00:00:00+07:00`)) i++;
    return i;
  };
  const tallies = o.weeks.map(() => ({ ...NO_COUNTS }));
  for (const r of due) {
    const t = tallies[weekOfDate(r.key!)];
    const c = countsOf(r);
    t.closedOnTime += c.closedOnTime;
    t.closedLate += c.closedLate;
    t.openOverdue += c.openOverdue;
  }
  return {
    receivedByDate,
    closedByDate,
    weekly: o.weeks.map((w, i) => {
      const t = tallies[i];
      const onTime: RateWithCounts = rateWithCounts(t.closedOnTime, t.closedOnTime + t.closedLate + t.openOverdue, o.minCount);
      return { weekStart: w.weekStart, onTime };
    }),
    receivedByKecamatanMonth,
  };
}
