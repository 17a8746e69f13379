// Local dates, wall-clock times and instants in a time zone: the one implementation shared by the
// working-day calendar, the upload schedules, the uptime rules and the simulator.
//
// These functions run per upload, per check and per SLA deadline, so they avoid building luxon
// DateTimes (tens of microseconds each; luxon-based versions measured about 20x slower). Calendar
// arithmetic works on day numbers (days since 1970-01-01, a zone-free calendar value) or on
// 'YYYY-MM-DD' strings, in integer arithmetic where every day has 24 hours. A zone is applied only
// when an instant becomes a local date or a local date and a wall-clock time become an instant,
// through a per-day cache of the zone's UTC offset and the run of days around it that share one
// offset. Indonesian zones (WIB, WITA, WIT) have a fixed offset; zones with daylight saving are
// handled too (a day containing a transition is never cached).
import { Info, type Zone } from 'luxon';

/** An instant as the callers have it: a Date (Postgres), an ISO string with offset (ingest) or epoch ms. */
export type InstantInput = Date | string | number;

/** A local calendar date, `YYYY-MM-DD` (no zone: it names a day, not an instant). */
export type LocalDate = string;

/** Half-open interval of instants [start, end). */
export interface TimeInterval {
  start: Date;
  end: Date;
}

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export function toMillis(at: InstantInput): number {
  const ms = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at);
  if (!Number.isFinite(ms)) throw new RangeError(`invalid instant: ${String(at)}`);
  return ms;
}

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

// ---------------------------------------------------------------- zones

interface ZoneOffsets {
  zone: Zone;
  /** UTC day number -> offset in ms, only for days without an offset change. */
  days: Map<number, number>;
  /**
   * A run of such days with one offset, [spanStart, spanEnd) in ms, answered without a lookup.
   * In WIB it soon covers every instant in use; in a zone with daylight saving, one season.
   */
  spanStart: number;
  spanEnd: number;
  spanOffset: number;
}

const offsetsByZone = new Map<string, ZoneOffsets>();
let lastZoneName: string | null = null;
let lastZoneOffsets: ZoneOffsets | null = null;
const MAX_CACHED_DAYS_PER_ZONE = 20_000;
/** The span grows over a gap of at most this many unverified days (checking each); else it restarts. */
const MAX_SPAN_GAP_DAYS = 400;

function offsetsOf(name: string): ZoneOffsets {
  if (name === lastZoneName && lastZoneOffsets) return lastZoneOffsets;
  let o = offsetsByZone.get(name);
  if (!o) {
    // IANA names, plus what luxon accepts besides ('UTC+7'), as the calendar always has.
    const zone = Info.normalizeZone(name);
    if (typeof name !== 'string' || !zone.isValid) throw new RangeError(`unknown time zone: ${name}`);
    o = { zone, days: new Map(), spanStart: 0, spanEnd: 0, spanOffset: 0 };
    offsetsByZone.set(name, o);
  }
  lastZoneName = name;
  lastZoneOffsets = o;
  return o;
}

/** Throws a RangeError for a zone name this module cannot use. */
export function assertTimeZone(zone: string): void {
  offsetsOf(zone);
}

/** The offset of a UTC day, or null when the offset changes during it. */
function dayOffset(o: ZoneOffsets, day: number): number | null {
  const cached = o.days.get(day);
  if (cached !== undefined) return cached;
  const atStart = o.zone.offset(day * DAY_MS) * MINUTE_MS;
  const atEnd = o.zone.offset((day + 1) * DAY_MS - 1) * MINUTE_MS;
  if (atStart !== atEnd) return null;
  if (o.days.size >= MAX_CACHED_DAYS_PER_ZONE) o.days.clear();
  o.days.set(day, atStart);
  return atStart;
}

function extendSpan(o: ZoneOffsets, day: number, offset: number): void {
  const first = o.spanStart / DAY_MS;
  const end = o.spanEnd / DAY_MS;
  if (end > first && offset === o.spanOffset) {
    if (day >= end && day - end <= MAX_SPAN_GAP_DAYS) {
      let d = end;
      while (d < day && dayOffset(o, d) === offset) d++;
      if (d === day) {
        o.spanEnd = (day + 1) * DAY_MS;
        return;
      }
    } else if (day < first && first - day <= MAX_SPAN_GAP_DAYS) {
      let d = first - 1;
      while (d > day && dayOffset(o, d) === offset) d--;
      if (d === day) {
        o.spanStart = day * DAY_MS;
        return;
      }
    }
  }
  o.spanStart = day * DAY_MS;
  o.spanEnd = (day + 1) * DAY_MS;
  o.spanOffset = offset;
}

/** The zone's UTC offset (ms) at an instant. */
export function zoneOffsetMs(zone: string, utcMs: number): number {
  if (zone === 'UTC') return 0;
  const o = offsetsOf(zone);
  if (utcMs >= o.spanStart && utcMs < o.spanEnd) return o.spanOffset;
  const day = Math.floor(utcMs / DAY_MS);
  const offset = dayOffset(o, day);
  if (offset === null) return o.zone.offset(utcMs) * MINUTE_MS; // a transition day: exact, uncached
  extendSpan(o, day, offset);
  return offset;
}

/** The local day number (in `zone`) on which an instant falls. */
export function localDayOf(ms: number, zone: string): number {
  return Math.floor((ms + zoneOffsetMs(zone, ms)) / DAY_MS);
}

/** The local date (in `zone`) on which an instant falls. */
export function localDateOf(ms: number, zone: string): LocalDate {
  return dateOfDay(localDayOf(ms, zone));
}

/**
 * The instant of a wall-clock time on a local day in `zone`. Deterministic around daylight-saving
 * changes (luxon's own answer there depends on today's date): a time that occurs twice means the
 * first occurrence; a time skipped by a gap is moved forward by the gap (02:30 -> 03:30).
 */
export function wallClockMillis(day: number, hour: number, minute: number, zone: string, second = 0, millisecond = 0): number {
  const local = day * DAY_MS + hour * HOUR_MS + minute * MINUTE_MS + second * SECOND_MS + millisecond;
  if (zone === 'UTC') return local;
  // Offsets are under a day, so when a whole day either side lies in one cached span the answer
  // is in it, and no instant with another offset has the same wall clock.
  const o = offsetsOf(zone);
  if (local - DAY_MS >= o.spanStart && local + DAY_MS < o.spanEnd) return local - o.spanOffset;
  const before = zoneOffsetMs(zone, local - DAY_MS);
  const after = zoneOffsetMs(zone, local + DAY_MS);
  if (before === after && zoneOffsetMs(zone, local - before) === before) return local - before;
  // The earlier instant is the one with the larger offset.
  for (const offset of before > after ? [before, after] : [after, before]) {
    if (zoneOffsetMs(zone, local - offset) === offset) return local - offset;
  }
  return local - before;
}
