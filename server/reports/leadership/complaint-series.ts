// Complaint figures per day, per week and per kecamatan per month for the leadership trends, in
// ONE pass over the records (each complaint assessed once), so a year of weeks does not cost a
// year of full reports. The buckets follow computeComplaintMetrics' rules exactly (README of
// server/domain/complaints): a clock belongs to the range that holds its deadline and is judged
// as of `now` (on time / late / open and overdue; running clocks are outside the rate); an event
// (submission, resolution) to the range that holds it. tests/unit/reports/leadership checks the
// weekly figures against computeComplaintMetrics week by week.
import type { RateWithCounts } from '../../../shared/protocol.ts';
import { wibDate } from '../../../shared/wib-time.ts';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.ts';
import type { ComplaintState } from '../../domain/complaints/complaint-lifecycle.ts';
import { assessComplaint, type CategorySla, type ClockResult } from '../../domain/complaints/complaint-sla.ts';
import { rateWithCounts } from '../../domain/rate-with-counts.ts';
import type { WeekSlice } from './report-window.ts';

export interface SeriesOptions {
  /** Range [from, to) and the report's now. */
  from: Date;
  to: Date;
  now: Date;
  calendar: WorkingCalendar;
  policyOf: (category: string) => CategorySla;
  minCount: number;
  weeks: readonly WeekSlice[];
  /** When set, the weekly rate is this OPD's (its assignments' clocks); else the city's (citizen's clock). */
  opd?: string;
}

export interface ComplaintSeries {
  /** By WIB date: submitted / resolved for the citizen that day (only dates in the range). */
  receivedByDate: Map<string, number>;
  closedByDate: Map<string, number>;
  weekly: { weekStart: string; onTime: RateWithCounts }[];
  /** kecamatan code (or '' when unknown) -> `YYYY-MM` -> complaints submitted. */
  receivedByKecamatanMonth: Map<string, Map<string, number>>;
}

const bump = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);

export function complaintSeries(complaints: readonly ComplaintState[], o: SeriesOptions): ComplaintSeries {
  const fromMs = o.from.getTime();
  const toMs = o.to.getTime();
  const inRange = (iso: string | null): iso is string => {
    if (!iso) return false;
    const t = Date.parse(iso);
    return t >= fromMs && t < toMs;
  };
  const weekStarts = o.weeks.map((w) => w.from.getTime());
  /** The week whose slice holds the instant (slices are consecutive and cover the range). */
  const weekOf = (iso: string) => {
    const t = Date.parse(iso);
    let lo = 0;
    let hi = weekStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (weekStarts[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const tallies = o.weeks.map(() => ({ onTime: 0, late: 0, overdue: 0 }));
  const tally = (c: ClockResult) => {
    if (!inRange(c.deadline)) return;
    const w = tallies[weekOf(c.deadline)];
    if (c.state === 'on_time') w.onTime++;
    else if (c.state === 'late') w.late++;
    else if (c.state === 'overdue') w.overdue++;
  };

  const receivedByDate = new Map<string, number>();
  const closedByDate = new Map<string, number>();
  const receivedByKecamatanMonth = new Map<string, Map<string, number>>();
  for (const complaint of complaints) {
    const a = assessComplaint(complaint, { policy: o.policyOf(complaint.category), calendar: o.calendar, now: o.now });
    if (!a) continue;
    // A merged duplicate is counted once, as its original (complaint-metrics.ts does the same).
    if (inRange(a.submittedAt) && a.status !== 'duplicate') {
      const date = wibDate(a.submittedAt);
      bump(receivedByDate, date);
      const kec = a.kecamatan ?? '';
      let months = receivedByKecamatanMonth.get(kec);
      if (!months) receivedByKecamatanMonth.set(kec, (months = new Map()));
      bump(months, date.slice(0, 7));
    }
    if (inRange(a.citizen.resolution.doneAt)) bump(closedByDate, wibDate(a.citizen.resolution.doneAt));
    if (o.opd === undefined) tally(a.citizen.resolution);
    else for (const asg of a.assignments) if (asg.opd === o.opd) tally(asg.resolution);
  }
  return {
    receivedByDate,
    closedByDate,
    weekly: o.weeks.map((w, i) => {
      const t = tallies[i];
      return { weekStart: w.weekStart, onTime: rateWithCounts(t.onTime, t.onTime + t.late + t.overdue, o.minCount) };
    }),
    receivedByKecamatanMonth,
  };
}
