// The simulator's clock in the city's zone (WIB): the wall-clock parts and formats its events and
// external ids use. Date and zone arithmetic is the domain's (../domain/time/local-time.ts), so
// the simulator and the server read a local date or an instant the same way; this file only binds
// it to the city's zone and formats. It avoids Date objects where it can: a backfill calls it
// millions of times.
import { CITY_TIME_ZONE } from '../../shared/domain-constants.ts';
import {
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  SECOND_MS,
  dayNumber,
  isoWeekdayOfDay,
  parseHhMm,
  wallClockMillis,
  zoneOffsetMs,
  type LocalDate,
} from '../domain/time/local-time.ts';

export { DAY_MS as DAY, HOUR_MS as HOUR, MINUTE_MS as MINUTE, SECOND_MS as SECOND };

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

export interface WibParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** ISO weekday: 1 = Monday ... 7 = Sunday. */
  weekday: number;
  /** Minutes since local midnight, with fractions. */
  minuteOfDay: number;
  /** Local date `YYYY-MM-DD`. */
  date: LocalDate;
}

export function wibParts(ms: number): WibParts {
  const local = ms + zoneOffsetMs(CITY_TIME_ZONE, ms);
  const d = new Date(local);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  const hour = d.getUTCHours();
  const minute = d.getUTCMinutes();
  const second = d.getUTCSeconds();
  return {
    year,
    month,
    day,
    hour,
    minute,
    second,
    weekday: isoWeekdayOfDay(Math.floor(local / DAY_MS)),
    minuteOfDay: hour * 60 + minute + (second + d.getUTCMilliseconds() / 1000) / 60,
    date: `${year}-${pad2(month)}-${pad2(day)}`,
  };
}

/** `2026-11-22T08:15:03` (local WIB, no offset): used inside external ids. */
export function formatWibLocal(ms: number): string {
  const p = wibParts(ms);
  return `${p.date}T${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
}

/** ISO 8601 with the zone's offset, to the second: `2026-11-22T08:15:03+07:00`. */
export function formatWib(ms: number): string {
  const offsetMinutes = Math.round(zoneOffsetMs(CITY_TIME_ZONE, ms) / MINUTE_MS);
  const abs = Math.abs(offsetMinutes);
  return `${formatWibLocal(ms)}${offsetMinutes < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** `08:15` WIB. */
export function formatWibClock(ms: number, withSeconds = false): string {
  const p = wibParts(ms);
  return withSeconds ? `${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}` : `${pad2(p.hour)}:${pad2(p.minute)}`;
}

/** A local date plus a `HH:mm` time in WIB, as epoch ms. */
export function wibAt(date: LocalDate, hhmm: string): number {
  const { hour, minute } = parseHhMm(hhmm);
  return wallClockMillis(dayNumber(date), hour, minute, CITY_TIME_ZONE);
}
