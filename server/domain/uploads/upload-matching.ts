// Which due period(s) an upload fulfils.
//
// Rule A - the upload names the period it covers ({start, end}, local dates):
//   1. It fulfils every schedule period lying entirely inside {start, end}. A catch-up upload of
//      Mon-Wed for a daily dataset fulfils Mon, Tue and Wed (each judged against its own deadline).
//   2. If no schedule period lies entirely inside (a Sun-Sat "week", a half month), it fulfils the
//      single period it overlaps most, in days; on a tie, the later one.
//   3. Data cannot cover a period that has not started yet: periods starting after the local date
//      of `receivedAt` are dropped. This stops an upload from being "on time" for next month by
//      declaring next month's dates. If nothing is left, Rule B applies instead.
// Rule B - no period given (e.g. the CKAN poller, which only knows `metadata_modified`):
//   the upload fulfils the period whose deadline is the first at or after `receivedAt`. Such an
//   upload is therefore never late: one arriving at 00:01 after a 23:59 deadline counts for the
//   next day, and the day before stays missing unless something else fulfils it.
// Adhoc schedules have no periods: nothing is matched.
import { CITY_TIME_ZONE } from '../../../shared/domain-constants.ts';
import type { UploadSchedule, UploadScheduleInput } from '../../../shared/upload-schedule.ts';
import { assertLocalDate, daysBetween, localDateOf, toMillis, type InstantInput, type LocalDate } from '../time/local-time.ts';
import {
  isScheduled,
  nextPeriod,
  normalizeSchedule,
  periodContainingDate,
  periodDueNextMillis,
  previousPeriod,
  type Period,
  type ScheduledUploadSchedule,
} from './schedule-periods.ts';

/** What matching needs from an upload record (ingest event or `upload_records` row, mapped). */
export interface UploadLike {
  receivedAt: InstantInput;
  period?: { start: LocalDate; end: LocalDate } | null;
}

/** A run of consecutive periods, both ends inclusive. */
export interface PeriodRange {
  first: Period;
  last: Period;
  rule: 'declared_period' | 'received_time';
}

export function rangeContains(range: Pick<PeriodRange, 'first' | 'last'>, period: Period): boolean {
  return period.start >= range.first.start && period.start <= range.last.start;
}

/** Inclusive overlap in days of two inclusive date ranges (0 when disjoint). */
function overlapDays(aStart: LocalDate, aEnd: LocalDate, bStart: LocalDate, bEnd: LocalDate): number {
  const s = aStart > bStart ? aStart : bStart;
  const e = aEnd < bEnd ? aEnd : bEnd;
  return s > e ? 0 : daysBetween(s, e) + 1;
}

function declaredRange(
  schedule: ScheduledUploadSchedule,
  declared: { start: LocalDate; end: LocalDate },
  receivedLocal: LocalDate,
): { first: Period; last: Period } | null {
  const { start, end } = declared;
  assertLocalDate(start);
  assertLocalDate(end);
  if (start > end) return null;
  const containingStart = periodContainingDate(schedule, start);
  const containingEnd = periodContainingDate(schedule, end);
  let first = containingStart.start >= start ? containingStart : nextPeriod(schedule, containingStart);
  let last = containingEnd.end <= end ? containingEnd : previousPeriod(schedule, containingEnd);
  if (first.start > last.start) {
    const a = overlapDays(start, end, containingStart.start, containingStart.end);
    const b = overlapDays(start, end, containingEnd.start, containingEnd.end);
    first = last = b >= a ? containingEnd : containingStart;
  }
  if (last.start > receivedLocal) {
    last = periodContainingDate(schedule, receivedLocal);
    if (last.start < first.start) return null;
  }
  return { first, last };
}

/** Internal, normalised schedule; `receivedMs` already parsed. */
export function matchRange(
  schedule: ScheduledUploadSchedule,
  upload: { receivedMs: number; period?: { start: LocalDate; end: LocalDate } | null },
  zone: string,
): PeriodRange {
  if (upload.period) {
    const r = declaredRange(schedule, upload.period, localDateOf(upload.receivedMs, zone));
    if (r) return { ...r, rule: 'declared_period' };
  }
  const p = periodDueNextMillis(schedule, upload.receivedMs, zone);
  return { first: p, last: p, rule: 'received_time' };
}

/**
 * Every period the upload fulfils, as a range (see the rules at the top of this file). Null for
 * adhoc schedules.
 */
export function matchUploadToPeriods(
  schedule: UploadScheduleInput | UploadSchedule,
  upload: UploadLike,
  zone: string = CITY_TIME_ZONE,
): PeriodRange | null {
  const s = normalizeSchedule(schedule);
  if (!isScheduled(s)) return null;
  return matchRange(s, { receivedMs: toMillis(upload.receivedAt), period: upload.period }, zone);
}

/**
 * The one period an upload is filed under: the latest period it fulfils. (A catch-up upload
 * covering several periods fulfils all of them; use `matchUploadToPeriods` to see the range.)
 * Null for adhoc schedules.
 */
export function matchUploadToPeriod(
  schedule: UploadScheduleInput | UploadSchedule,
  upload: UploadLike,
  zone: string = CITY_TIME_ZONE,
): Period | null {
  return matchUploadToPeriods(schedule, upload, zone)?.last ?? null;
}
