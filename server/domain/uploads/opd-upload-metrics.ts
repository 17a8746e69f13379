// Upload timeliness per OPD over a window, for the wall gauge and the monthly evaluation.
//
// Which periods count: for each of the OPD's datasets with a schedule (adhoc datasets are listed
// but never due), every period whose deadline falls in [from, to), judged as of `now` (README.md:
// a report over a past range uses what is known when it is made, so pass the real now). Of those:
// - due      = all of them, including `pending` ones whose deadline is still ahead of `now`;
// - on-time % = onTime / (onTime + late + missing), i.e. only periods whose deadline has passed.
//   Late uploads stay in the denominator (they are not on time) and so do missing ones, so an
//   OPD that uploads nothing reads 0%, never "no late uploads". Pending periods are left out:
//   nobody can be judged before the deadline.
// The rate travels with its counts and is null below `minCount` judged periods (rateWithCounts).
import { CITY_TIME_ZONE } from '../../../shared/domain-constants.ts';
import type { RateWithCounts } from '../../../shared/protocol.ts';
import type { UploadSchedule, UploadScheduleInput } from '../../../shared/upload-schedule.ts';
import { DEFAULT_MIN_COUNT, rateWithCounts } from '../rate-with-counts.ts';
import type { InstantInput } from '../time/local-time.ts';
import { isScheduled, normalizeSchedule } from './schedule-periods.ts';
import { evaluateDuePeriodsOverTime, type ScheduleSegment } from './schedule-history.ts';
import type { UploadLike } from './upload-matching.ts';
import { countTimeliness, emptyTimelinessCounts, evaluateDuePeriods, type PeriodStatus, type TimelinessCounts } from './upload-timeliness.ts';

export interface DatasetUploads<U extends UploadLike = UploadLike> {
  opd: string;
  dataset: string;
  schedule: UploadScheduleInput | UploadSchedule;
  /** Uploads of this dataset; only those that can matter for the window need to be passed. */
  uploads: readonly U[];
  /**
   * The schedules it had over time (schedule-history.ts): each period is judged with the one in
   * force at its deadline. Absent: `schedule` has always applied.
   */
  segments?: readonly ScheduleSegment[];
}

export interface OpdUploadMetrics extends TimelinessCounts {
  opd: string;
  datasets: number;
  /** Datasets with a deadline (not adhoc). */
  scheduledDatasets: number;
  /** onTime / judged (judged = onTime + late + missing); null rate below minCount. */
  onTimeRate: RateWithCounts;
  /** With `explain: 'periods'`: every due period behind the counts, by deadline; else null. */
  explain: { periods: DuePeriodItem[] } | null;
}

/** One due period of one dataset and its verdict, for "which ones?". Instants are ISO UTC. */
export interface DuePeriodItem {
  dataset: string;
  /** The period's key: `2026-03-06`, `2026-W10`, `2026-03`. */
  period: string;
  start: string;
  end: string;
  deadline: string;
  status: PeriodStatus;
  /** The upload that decided the verdict (the earliest), null when none came. */
  receivedAt: string | null;
  lateByMs: number | null;
}

export interface UploadMetricsOptions {
  minCount?: number;
  zone?: string;
  /** 'periods': list every due period with its verdict (one OPD's report); default 'counts'. */
  explain?: 'periods' | 'counts';
}

/**
 * Metrics per OPD code for the due periods in [from, to) as of `now`. Only OPDs present in
 * `datasets` appear. Which uploads to pass: a late upload for a period due in the window can
 * arrive after `to`, so pass uploads received up to `now`, not just up to `to`.
 */
/** Oldest deadline first, then dataset: stable whatever the input order. */
const byDeadline = (a: DuePeriodItem, b: DuePeriodItem) =>
  a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : a.dataset < b.dataset ? -1 : a.dataset > b.dataset ? 1 : 0;

export function opdUploadMetrics(
  datasets: readonly DatasetUploads[],
  from: InstantInput,
  to: InstantInput,
  now: InstantInput,
  options: UploadMetricsOptions = {},
): Record<string, OpdUploadMetrics> {
  const minCount = options.minCount ?? DEFAULT_MIN_COUNT;
  const zone = options.zone ?? CITY_TIME_ZONE;
  const withPeriods = options.explain === 'periods';
  const acc = new Map<string, { datasets: number; scheduled: number; counts: TimelinessCounts; periods: DuePeriodItem[] }>();
  for (const ds of datasets) {
    const schedule = normalizeSchedule(ds.schedule);
    const entry = acc.get(ds.opd) ?? { datasets: 0, scheduled: 0, counts: emptyTimelinessCounts(), periods: [] };
    entry.datasets++;
    if (isScheduled(schedule) || ds.segments?.some((g) => isScheduled(normalizeSchedule(g.schedule)))) {
      entry.scheduled++;
      const evaluations = ds.segments ? evaluateDuePeriodsOverTime(ds.segments, ds.uploads, from, to, now, zone) : evaluateDuePeriods(schedule, ds.uploads, from, to, now, zone);
      entry.counts = countTimeliness(evaluations, entry.counts);
      if (withPeriods) {
        for (const e of evaluations) {
          entry.periods.push({
            dataset: ds.dataset,
            period: e.period.key,
            start: e.period.start,
            end: e.period.end,
            deadline: e.deadline.toISOString(),
            status: e.status,
            receivedAt: e.receivedAt?.toISOString() ?? null,
            lateByMs: e.lateByMs,
          });
        }
      }
    }
    acc.set(ds.opd, entry);
  }
  const out: Record<string, OpdUploadMetrics> = {};
  for (const [opd, { datasets: n, scheduled, counts, periods }] of [...acc].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out[opd] = {
      opd,
      datasets: n,
      scheduledDatasets: scheduled,
      ...counts,
      onTimeRate: rateWithCounts(counts.onTime, counts.judged, minCount),
      explain: withPeriods ? { periods: periods.sort(byDeadline) } : null,
    };
  }
  return out;
}
