// Calendar dates without a zone: `YYYY-MM-DD` strings and day numbers (days since 1970-01-01),
// in integer arithmetic where every day has 24 hours. Shared by the server (working-day calendar,
// upload schedules, reports) and the screens (report periods); the zone-aware half, which needs
// luxon, stays in server/domain/time/local-time.ts and re-exports this.

/** A local calendar date, `YYYY-MM-DD` (no zone: it names a day, not an instant). */
export type LocalDate = string;

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

// ---------------------------------------------------------------- calendar (day numbers)

// Proleptic Gregorian day numbers <-> civil dates (H. Hinnant's days_from_civil /
// civil_from_days): no Date object and no regex on the hot path.

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
};

/** Days since 1970-01-01 of a valid `YYYY-MM-DD` (2026-02-30 is a typo, refused, not rolled over). */
export function dayNumber(date: LocalDate): number {
  if (typeof date !== 'string' || date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) {
    throw new RangeError(`not a local date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  }
  const y = digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3);
  const mo = digit(date, 5) * 10 + digit(date, 6);
  const d = digit(date, 8) * 10 + digit(date, 9);
  if (Number.isNaN(y + mo + d)) throw new RangeError(`not a local date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) throw new RangeError(`not a valid calendar date: ${date}`);
  return daysFromCivil(y, mo, d);
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

export function dateOfDay(day: number): LocalDate {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  // Years outside 1000-9999 are not real schedule dates; keep the ISO form for them.
  if (!(y >= 1000 && y <= 9999) || !Number.isInteger(day)) return new Date(day * DAY_MS).toISOString().slice(0, 10);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

export function assertLocalDate(date: LocalDate): void {
  dayNumber(date);
}

export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  try {
    dayNumber(value);
    return true;
  } catch {
    return false;
  }
}

export function addDays(date: LocalDate, days: number): LocalDate {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  return dateOfDay(dayNumber(date) + days);
}

/** Whole days from a to b (negative when b is before a). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** 1 = Monday ... 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekdayOfDay(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** ISO weekday of a local date: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  return isoWeekdayOfDay(dayNumber(date));
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  if (month >= 1 && month <= 12 && Number.isInteger(month)) return MONTH_DAYS[month - 1];
  return new Date(Date.UTC(year, month, 0)).getUTCDate(); // month overflow, as Date.UTC rolls it
}

export function yearMonthOfDay(day: number): { year: number; month: number; date: number } {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, date: d.getUTCDate() };
}

/** Day number of the first of the month `months` after (or before) year/month. */
export function monthStartDay(year: number, month: number, months = 0): number {
  return Date.UTC(year, month - 1 + months, 1) / DAY_MS;
}

/** ISO week-numbering year and week of the week containing `day`. */
export function isoWeekOfDay(day: number): { weekYear: number; week: number; monday: number } {
  const monday = day - (isoWeekdayOfDay(day) - 1);
  const thursday = monday + 3;
  const weekYear = new Date(thursday * DAY_MS).getUTCFullYear();
  const jan1 = Date.UTC(weekYear, 0, 1) / DAY_MS;
  return { weekYear, week: Math.floor((thursday - jan1) / 7) + 1, monday };
}

export function parseHhMm(time: string): { hour: number; minute: number } {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!m) throw new RangeError(`time must be HH:mm: ${time}`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}
