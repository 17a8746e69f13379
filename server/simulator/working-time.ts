// When simulated people get things done: effort measured in their working hours, fractions
// allowed ("half a working day of field work"). This is simulation behaviour, not an SLA rule:
// SLA deadlines are `WorkingCalendar.addWorkingDays` (office close on the n-th working day), which
// the server applies to whatever times these steps end up with. Which days are working days comes
// only from the domain calendar, so the simulator and the server never disagree on a holiday.
import { CITY_TIME_ZONE } from '../../shared/domain-constants.ts';
import { DEFAULT_OFFICE_HOURS, type OfficeHours, type WorkingCalendar } from '../domain/calendar/working-calendar.ts';
import { MINUTE_MS, dateOfDay, localDayOf, parseHhMm, wallClockMillis } from '../domain/time/local-time.ts';

/** When a group of people works: a daily window in WIB, every day or on working days only. */
export interface WorkingHours {
  startMinute: number;
  endMinute: number;
  /** Only on the calendar's working days (no weekends, holidays or cuti bersama); otherwise every day. */
  workingDaysOnly: boolean;
}

function minuteOfDay(hhmm: string): number {
  const { hour, minute } = parseHhMm(hhmm);
  return hour * 60 + minute;
}

function officeWindow(hours: OfficeHours): WorkingHours {
  return { startMinute: minuteOfDay(hours.start), endMinute: minuteOfDay(hours.end), workingDaysOnly: true };
}

/** OPD offices: the calendar's office hours (08:00-16:00 WIB) on working days. */
export const OPD_OFFICE_HOURS: WorkingHours = officeWindow(DEFAULT_OFFICE_HOURS);
/** The command center verifies and dispatches every day, 07:00-22:00 WIB. */
export const COMMAND_CENTER_HOURS: WorkingHours = { startMinute: 7 * 60, endMinute: 22 * 60, workingDaysOnly: false };

/** One OPD working day of effort (8 hours). */
export const WORKING_DAY_MS = (OPD_OFFICE_HOURS.endMinute - OPD_OFFICE_HOURS.startMinute) * MINUTE_MS;

const ZONE = CITY_TIME_ZONE;
/** Per calendar: local day number -> working day. Saves building a date string per step. */
const workingDayCache = new WeakMap<WorkingCalendar, Map<number, boolean>>();

function isOpenDay(day: number, hours: WorkingHours, calendar: WorkingCalendar): boolean {
  if (!hours.workingDaysOnly) return true;
  let cache = workingDayCache.get(calendar);
  if (!cache) {
    cache = new Map();
    workingDayCache.set(calendar, cache);
  }
  let open = cache.get(day);
  if (open === undefined) {
    open = calendar.isWorkingDay(dateOfDay(day));
    cache.set(day, open);
  }
  return open;
}

const atMinute = (day: number, minuteOfDay: number) => wallClockMillis(day, Math.floor(minuteOfDay / 60), minuteOfDay % 60, ZONE);

/**
 * The instant after `durationMs` of working time starting at `startMs`. A zero duration
 * outside the window gives the next opening, e.g. a complaint sent at 23:00 is first looked at
 * when the shift starts.
 */
export function addWorkingTime(startMs: number, durationMs: number, hours: WorkingHours, calendar: WorkingCalendar): number {
  let t = startMs;
  let remaining = Math.max(0, durationMs);
  for (let guard = 0; guard < 2000; guard++) {
    const day = localDayOf(t, ZONE);
    const close = atMinute(day, hours.endMinute);
    if (t >= close || !isOpenDay(day, hours, calendar)) {
      t = atMinute(day + 1, hours.startMinute);
      continue;
    }
    const open = atMinute(day, hours.startMinute);
    if (t < open) t = open;
    const available = close - t;
    if (remaining <= available) return t + remaining;
    remaining -= available;
    t = atMinute(day + 1, hours.startMinute);
  }
  return t + remaining;
}

/**
 * The instant after `days` OPD working days of effort (8 office hours each, fractions allowed).
 * Not an SLA deadline: 3 days of effort from Monday 08:00 end Wednesday 16:00.
 */
export function addOfficeDays(startMs: number, days: number, calendar: WorkingCalendar): number {
  return addWorkingTime(startMs, days * WORKING_DAY_MS, OPD_OFFICE_HOURS, calendar);
}
