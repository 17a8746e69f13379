// Upload timeliness per OPD over a window, for the wall gauge and the monthly evaluation.
//
// Which periods count: for each of the OPD's datasets with a schedule (adhoc datasets are listed
// but never due), every period whose deadline falls in [from, to). Of those:
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
import type { UploadLike } from './upload-matching.ts';
import { countTimeliness, emptyTimelinessCounts, evaluateDuePeriods, type TimelinessCounts } from './upload-timeliness.ts';

export interface DatasetUploads<U extends UploadLike = UploadLike> {
  opd: string;
  dataset: string;
  schedule: UploadScheduleInput | UploadSchedule;
  /** Uploads of this dataset; only those that can matter for the window need to be passed. */
  uploads: readonly U[];
}

export interface OpdUploadMetrics extends TimelinessCounts {
  opd: string;
  datasets: number;
  /** Datasets with a deadline (not adhoc). */
  scheduledDatasets: number;
  /** onTime / judged (judged = onTime + late + missing); null rate below minCount. */
  onTimeRate: RateWithCounts;
}

export interface UploadMetricsOptions {
  minCount?: number;
  zone?: string;
}

/**
 * Metrics per OPD code for the due periods in [from, to) as of `now`. Only OPDs present in
 * `datasets` appear. Which uploads to pass: a late upload for a period due in the window can
 * arrive after `to`, so pass uploads received up to `now`, not just up to `to`.
 */
export function opdUploadMetrics(
  datasets: readonly DatasetUploads[],
  from: InstantInput,
  to: InstantInput,
  now: InstantInput,
  options: UploadMetricsOptions = {},
): Record<string, OpdUploadMetrics> {
  const minCount = options.minCount ?? DEFAULT_MIN_COUNT;
  const zone = options.zone ?? CITY_TIME_ZONE;
  const acc = new Map<string, { datasets: number; scheduled: number; counts: TimelinessCounts }>();
  for (const ds of datasets) {
    const schedule = normalizeSchedule(ds.schedule);
    const entry = acc.get(ds.opd) ?? { datasets: 0, scheduled: 0, counts: emptyTimelinessCounts() };
    entry.datasets++;
    if (isScheduled(schedule)) {
      entry.scheduled++;
      entry.counts = countTimeliness(evaluateDuePeriods(schedule, ds.uploads, from, to, now, zone), entry.counts);
    }
    acc.set(ds.opd, entry);
  }
  const out: Record<string, OpdUploadMetrics> = {};
  for (const [opd, { datasets: n, scheduled, counts }] of [...acc].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    out[opd] = {
      opd,
      datasets: n,
      scheduledDatasets: scheduled,
      ...counts,
      onTimeRate: rateWithCounts(counts.onTime, counts.judged, minCount),
    };
  }
  return out;
}
