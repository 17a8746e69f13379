// Upload schedules and timeliness: pure rules, no I/O. README.md states which range judges a due
// period and against what; each file's header has its own rules.
export type { InstantInput, LocalDate } from '../time/local-time.ts';
export {
  MAX_PERIODS_PER_CALL,
  deadlineOf,
  duePeriods,
  earliestUploadForDueFrom,
  isScheduled,
  nextPeriod,
  normalizeSchedule,
  periodFor,
  previousPeriod,
  type DuePeriod,
  type Period,
  type PeriodKind,
  type ScheduledUploadSchedule,
} from './schedule-periods.ts';
export {
  matchUploadToPeriod,
  matchUploadToPeriods,
  rangeContains,
  type PeriodRange,
  type UploadLike,
} from './upload-matching.ts';
export {
  PERIOD_STATUSES,
  countTimeliness,
  emptyTimelinessCounts,
  evaluateDuePeriods,
  type PeriodEvaluation,
  type PeriodStatus,
  type TimelinessCounts,
} from './upload-timeliness.ts';
export {
  opdUploadMetrics,
  type DatasetUploads,
  type DuePeriodItem,
  type OpdUploadMetrics,
  type UploadMetricsOptions,
} from './opd-upload-metrics.ts';
export {
  evaluateDuePeriodsOverTime,
  judgeUploadOverTime,
  scheduleSegments,
  segmentAt,
  upcomingDeadlines,
  type ScheduleSegment,
  type UpcomingDeadline,
} from './schedule-history.ts';
