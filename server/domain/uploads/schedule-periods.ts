// Periods and deadlines of an OPD dataset's upload schedule (shared/upload-schedule.ts).
//
// Rules (all wall-clock times are local, WIB by default):
// - daily:   period = one local date D (key `2026-02-28`); deadline = D + dueOffsetDays at dueTime.
// - weekly:  period = ISO week Mon-Sun (key `2026-W53`); deadline = ISO `weekday` of that week
//            + dueOffsetWeeks weeks, at dueTime.
// - monthly: period = calendar month M (key `2026-02`); deadline = `dayOfMonth` of month
//            M + dueOffsetMonths at dueTime; a day past the end of a short month means its last day
//            (day 31 -> 28 Feb 2026, 29 Feb 2028, 30 Apr).
// - adhoc:   no periods, no deadlines: never late, never missing.
//
// A deadline is a wall-clock deadline, not office hours: uploads at 23:00 from a kecamatan that
// only gets a signal at night are on time if they beat it. A deadline given to the minute
// includes that whole minute: `dueTime: '23:59'` closes at 23:59:59.999, so `deadlineOf` returns
// that last millisecond and "on time" means `receivedAt <= deadline`.
import { CITY_TIME_ZONE } from '../../../shared/domain-constants.ts';
import { uploadScheduleSchema, type UploadSchedule, type UploadScheduleInput } from '../../../shared/upload-schedule.ts';
import {
  dateOfDay,
  dayNumber,
  daysInMonth,
  isoWeekOfDay,
  localDayOf,
  monthStartDay,
  parseHhMm,
  toMillis,
  wallClockMillis,
  yearMonthOfDay,
  type InstantInput,
  type LocalDate,
} from '../time/local-time.ts';

export type PeriodKind = 'day' | 'week' | 'month';

/** One due period of a schedule. `start`/`end` are inclusive local dates; `key` is stable and sortable per kind. */
export interface Period {
  kind: PeriodKind;
  key: string;
  start: LocalDate;
  end: LocalDate;
}

export type ScheduledUploadSchedule = Exclude<UploadSchedule, { kind: 'adhoc' }>;

/** Refuses to enumerate more periods than this in one call (a 100-year daily window is a bug, not a query). */
export const MAX_PERIODS_PER_CALL = 50_000;

/**
 * Applies the schema's defaults (notably monthly `dueOffsetMonths` = 1) and validates. Every
 * public function accepts the raw stored form (seed JSON, jsonb) and normalises it here.
 */
export function normalizeSchedule(schedule: UploadScheduleInput | UploadSchedule): UploadSchedule {
  return uploadScheduleSchema.parse(schedule);
}

export function isScheduled(schedule: UploadSchedule): schedule is ScheduledUploadSchedule {
  return schedule.kind !== 'adhoc';
}

// ---------------------------------------------------------------- periods

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The period containing local day number `day`. */
function periodOfDay(schedule: ScheduledUploadSchedule, day: number): Period {
  switch (schedule.kind) {
    case 'daily': {
      const d = dateOfDay(day);
      return { kind: 'day', key: d, start: d, end: d };
    }
    case 'weekly': {
      const { weekYear, week, monday } = isoWeekOfDay(day);
      return { kind: 'week', key: `${weekYear}-W${pad2(week)}`, start: dateOfDay(monday), end: dateOfDay(monday + 6) };
    }
    case 'monthly': {
      const { year, month } = yearMonthOfDay(day);
      const first = monthStartDay(year, month);
      return {
        kind: 'month',
        key: `${year}-${pad2(month)}`,
        start: dateOfDay(first),
        end: dateOfDay(first + daysInMonth(year, month) - 1),
      };
    }
  }
}

/** Internal: the period of a normalised, scheduled schedule containing a local date. */
export function periodContainingDate(schedule: ScheduledUploadSchedule, localDate: LocalDate): Period {
  return periodOfDay(schedule, dayNumber(localDate));
}

/** The period of `schedule` that contains the local date; null for adhoc schedules. */
export function periodFor(schedule: UploadScheduleInput | UploadSchedule, localDate: LocalDate): Period | null {
  const s = normalizeSchedule(schedule);
  return isScheduled(s) ? periodContainingDate(s, localDate) : null;
}

/** The period right after `period` (same schedule). */
export function nextPeriod(schedule: ScheduledUploadSchedule, period: Period): Period {
  return shiftPeriod(schedule, period, 1);
}

export function previousPeriod(schedule: ScheduledUploadSchedule, period: Period): Period {
  return shiftPeriod(schedule, period, -1);
}

function shiftPeriod(schedule: ScheduledUploadSchedule, period: Period, by: 1 | -1): Period {
  const start = dayNumber(period.start);
  switch (schedule.kind) {
    case 'daily':
      return periodOfDay(schedule, start + by);
    case 'weekly':
      return periodOfDay(schedule, start + 7 * by);
    case 'monthly': {
      const { year, month } = yearMonthOfDay(start);
      return periodOfDay(schedule, monthStartDay(year, month, by));
    }
  }
}

// ---------------------------------------------------------------- deadlines

/** Deadline in epoch ms; `period` may be any period containing the intended start date. */
export function deadlineMillis(schedule: ScheduledUploadSchedule, period: Pick<Period, 'start'>, zone: string = CITY_TIME_ZONE): number {
  const start = dayNumber(period.start);
  let dueDay: number;
  switch (schedule.kind) {
    case 'daily':
      dueDay = start + schedule.dueOffsetDays;
      break;
    case 'weekly':
      dueDay = isoWeekOfDay(start).monday + (schedule.weekday - 1) + 7 * schedule.dueOffsetWeeks;
      break;
    case 'monthly': {
      const { year, month } = yearMonthOfDay(start);
      const first = monthStartDay(year, month, schedule.dueOffsetMonths);
      const due = yearMonthOfDay(first);
      dueDay = first + Math.min(schedule.dayOfMonth, daysInMonth(due.year, due.month)) - 1;
      break;
    }
  }
  const { hour, minute } = parseHhMm(schedule.dueTime);
  return wallClockMillis(dueDay, hour, minute, zone, 59, 999);
}

/**
 * When `period` is due: the last millisecond of the `dueTime` minute on the due date, local time.
 * Null for adhoc schedules.
 */
export function deadlineOf(
  schedule: UploadScheduleInput | UploadSchedule,
  period: Pick<Period, 'start'>,
  zone: string = CITY_TIME_ZONE,
): Date | null {
  const s = normalizeSchedule(schedule);
  if (!isScheduled(s)) return null;
  return new Date(deadlineMillis(s, period, zone));
}

/**
 * How far before `from` (in local calendar terms) the earliest period with a deadline at or after
 * `from` can start. Deadlines strictly increase from one period to the next, so starting the
 * walk there and skipping deadlines before `from` finds every period.
 */
function firstCandidate(schedule: ScheduledUploadSchedule, fromMs: number, zone: string): Period {
  const fromDay = localDayOf(fromMs, zone);
  switch (schedule.kind) {
    case 'daily':
      return periodOfDay(schedule, fromDay - (schedule.dueOffsetDays + 1));
    case 'weekly':
      return periodOfDay(schedule, fromDay - 7 * (schedule.dueOffsetWeeks + 1));
    case 'monthly': {
      const { year, month } = yearMonthOfDay(fromDay);
      return periodOfDay(schedule, monthStartDay(year, month, -(schedule.dueOffsetMonths + 1)));
    }
  }
}

export interface DuePeriod {
  period: Period;
  deadline: Date;
}

/** Due periods with deadlines in [fromMs, toMs), oldest first (internal, normalised schedule). */
export function duePeriodsMillis(
  schedule: ScheduledUploadSchedule,
  fromMs: number,
  toMs: number,
  zone: string = CITY_TIME_ZONE,
): { period: Period; deadlineMs: number }[] {
  const out: { period: Period; deadlineMs: number }[] = [];
  if (!(toMs > fromMs)) return out;
  let p = firstCandidate(schedule, fromMs, zone);
  for (let steps = 0; ; steps++) {
    if (steps > MAX_PERIODS_PER_CALL + 10) throw new RangeError(`window too long: more than ${MAX_PERIODS_PER_CALL} periods`);
    const d = deadlineMillis(schedule, p, zone);
    if (d >= toMs) return out;
    if (d >= fromMs) out.push({ period: p, deadlineMs: d });
    p = nextPeriod(schedule, p);
  }
}

/**
 * Every period whose deadline falls in [from, to), oldest first. Empty for adhoc schedules and
 * for an empty window. A period belongs to the window of its deadline, not of its dates: the
 * daily period 31 Jan with a one-day offset is due (and judged) on 1 Feb.
 */
export function duePeriods(
  schedule: UploadScheduleInput | UploadSchedule,
  from: InstantInput,
  to: InstantInput,
  zone: string = CITY_TIME_ZONE,
): DuePeriod[] {
  const s = normalizeSchedule(schedule);
  if (!isScheduled(s)) return [];
  return duePeriodsMillis(s, toMillis(from), toMillis(to), zone).map(({ period, deadlineMs }) => ({
    period,
    deadline: new Date(deadlineMs),
  }));
}

/** The period whose deadline is the first at or after `atMs` (internal, normalised schedule). */
export function periodDueNextMillis(schedule: ScheduledUploadSchedule, atMs: number, zone: string = CITY_TIME_ZONE): Period {
  let p = firstCandidate(schedule, atMs, zone);
  while (deadlineMillis(schedule, p, zone) < atMs) p = nextPeriod(schedule, p);
  return p;
}

/**
 * The earliest instant an upload can be received and still fulfil a period due at or after
 * `from` (upload-matching.ts): an upload naming its period cannot cover one that has not started
 * when it arrives, and one naming none fulfils the period due next, after the previous deadline.
 * Either way it arrives on or after the start of the period before the first one due from `from`
 * on. A report over a range reads uploads from then (a monthly report due three months after its
 * month can be uploaded on the month's first day). Null for adhoc schedules.
 */
export function earliestUploadForDueFrom(
  schedule: UploadScheduleInput | UploadSchedule,
  from: InstantInput,
  zone: string = CITY_TIME_ZONE,
): Date | null {
  const s = normalizeSchedule(schedule);
  if (!isScheduled(s)) return null;
  const before = previousPeriod(s, periodDueNextMillis(s, toMillis(from), zone));
  return new Date(wallClockMillis(dayNumber(before.start), 0, 0, zone));
}
