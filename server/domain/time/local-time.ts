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
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS, dateOfDay, type LocalDate } from '../../../shared/calendar-date.ts';

// The zone-free half (dates, day numbers, months, ISO weeks) lives in shared/ for the screens too.
export * from '../../../shared/calendar-date.ts';

/** An instant as the callers have it: a Date (Postgres), an ISO string with offset (ingest) or epoch ms. */
export type InstantInput = Date | string | number;

/** Half-open interval of instants [start, end). */
export interface TimeInterval {
  start: Date;
  end: Date;
}

export function toMillis(at: InstantInput): number {
  const ms = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at);
  if (!Number.isFinite(ms)) throw new RangeError(`invalid instant: ${String(at)}`);
  return ms;
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
