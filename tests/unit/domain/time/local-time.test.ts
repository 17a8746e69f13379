import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  addDays,
  assertLocalDate,
  assertTimeZone,
  dateOfDay,
  dayNumber,
  daysBetween,
  isLocalDate,
  isoWeekOfDay,
  isoWeekday,
  isoWeekdayOfDay,
  localDateOf,
  toMillis,
  wallClockMillis,
  zoneOffsetMs,
} from '../../../../server/domain/time/local-time.ts';

// The fast helpers must agree with luxon everywhere, including zones with daylight saving.
const ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura', 'UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe'];
const arbMs = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) });

describe('calendar day numbers', () => {
  it('round-trips and refuses invalid dates', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dateOfDay(dayNumber('2028-02-29'))).toBe('2028-02-29');
    expect(() => dayNumber('2026-02-29')).toThrow(RangeError);
    expect(() => dayNumber('2026-13-01')).toThrow(RangeError);
    expect(() => dayNumber('2026-1-01')).toThrow(RangeError);
  });

  it('integer day numbers agree with Date.UTC over years 1000-9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1000, 0, 1) / 86_400_000, max: Date.UTC(9999, 11, 31) / 86_400_000 }), (day) => {
        const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
        expect(dateOfDay(day)).toBe(iso);
        expect(dayNumber(iso)).toBe(day);
      }),
      { numRuns: 2000 },
    );
    for (const [date, day] of [['1900-03-01', -25508], ['2000-02-29', 11016], ['2100-03-01', 47541], ['1969-12-31', -1]] as const) {
      expect(dayNumber(date)).toBe(day);
      expect(dateOfDay(day)).toBe(date);
    }
    expect(() => dayNumber('2100-02-29')).toThrow(RangeError);
  });

  it('ISO weekday and week agree with luxon', () => {
    fc.assert(
      fc.property(fc.integer({ min: -20_000, max: 40_000 }), (day) => {
        const dt = DateTime.fromISO(dateOfDay(day), { zone: 'UTC' });
        expect(isoWeekdayOfDay(day)).toBe(dt.weekday);
        const w = isoWeekOfDay(day);
        expect([w.weekYear, w.week, dateOfDay(w.monday)]).toEqual([dt.weekYear, dt.weekNumber, dt.startOf('week').toISODate()]);
      }),
    );
  });
});

describe('local dates (YYYY-MM-DD)', () => {
  it('adds days, counts days and names the ISO weekday', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(isoWeekday('2026-03-22')).toBe(7);
    expect(isoWeekday('2026-03-23')).toBe(1);
    expect(daysBetween('2026-02-20', '2026-03-02')).toBe(10);
    expect(daysBetween('2026-03-02', '2026-02-20')).toBe(-10);
    expect(() => addDays('2026-03-01', 0.5)).toThrow(RangeError);
  });

  it('refuses typos instead of rolling them over', () => {
    for (const bad of ['2026-02-30', '2026-00-10', '26-03-01', '2026-3-1', '', '2026-03-01T00:00']) {
      expect(isLocalDate(bad)).toBe(false);
      expect(() => assertLocalDate(bad)).toThrow(RangeError);
    }
    expect(isLocalDate(20260301)).toBe(false);
    expect(isLocalDate('2028-02-29')).toBe(true);
  });

  it('agrees with luxon on adding days and weekdays', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30_000 }), fc.integer({ min: -800, max: 800 }), (day, n) => {
        const date = dateOfDay(day);
        const dt = DateTime.fromISO(date, { zone: 'UTC' });
        expect(addDays(date, n)).toBe(dt.plus({ days: n }).toISODate());
        expect(isoWeekday(date)).toBe(dt.weekday);
        expect(daysBetween(date, addDays(date, n))).toBe(n);
      }),
    );
  });
});

describe('instants', () => {
  it('reads a Date, an ISO string with offset or epoch ms, and refuses anything else', () => {
    expect(toMillis(new Date(5))).toBe(5);
    expect(toMillis('2026-03-01T23:59:00+07:00')).toBe(Date.UTC(2026, 2, 1, 16, 59));
    expect(toMillis(42)).toBe(42);
    expect(() => toMillis('yesterday')).toThrow(RangeError);
    expect(() => toMillis(new Date('nope'))).toThrow(RangeError);
    expect(() => toMillis(Number.NaN)).toThrow(RangeError);
  });
});

describe('zones', () => {
  it('offsets and local dates agree with luxon', () => {
    fc.assert(
      fc.property(arbMs, fc.constantFrom(...ZONES), (ms, zone) => {
        const dt = DateTime.fromMillis(ms, { zone });
        expect(zoneOffsetMs(zone, ms)).toBe(dt.offset * 60_000);
        expect(localDateOf(ms, zone)).toBe(dt.toISODate());
      }),
      { numRuns: 500 },
    );
  });

  it('offsets stay exact when instants wander (the cached span grows, restarts and crosses transitions)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        arbMs,
        fc.array(
          fc.oneof(fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }), fc.integer({ min: -500 * 86_400_000, max: 500 * 86_400_000 })),
          { minLength: 1, maxLength: 80 },
        ),
        (zone, start, steps) => {
          let ms = start;
          for (const step of steps) {
            ms += step;
            expect(zoneOffsetMs(zone, ms)).toBe(DateTime.fromMillis(ms, { zone }).offset * 60_000);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  const wall = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm:ss.SSS');

  it('wall-clock to instant: the wall clock round-trips; the first of two occurrences; forward over a gap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: dayNumber('1990-01-01'), max: dayNumber('2040-01-01') }),
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom(0, 15, 30, 59),
        fc.constantFrom(...ZONES),
        (day, hour, minute, zone) => {
          const wanted = `${dateOfDay(day)} ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:59.999`;
          const t = wallClockMillis(day, hour, minute, zone, 59, 999);
          if (wall(t, zone) === wanted) {
            for (let k = 1; k <= 12; k++) expect(wall(t - k * 15 * 60_000, zone)).not.toBe(wanted);
          } else {
            // In a gap: moved forward by the gap (at most 1 h in these zones).
            expect(wall(t, zone) > wanted).toBe(true);
            expect(wall(t - 60 * 60_000, zone) < wanted).toBe(true);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('handles the spring-forward and fall-back nights', () => {
    const at = (date: string, hh: number, zone: string) => wall(wallClockMillis(dayNumber(date), hh, 30, zone), zone);
    const iso = (date: string, hh: number, zone: string) => new Date(wallClockMillis(dayNumber(date), hh, 30, zone)).toISOString();
    // Berlin: 29 Mar 2026 02:00 -> 03:00; 25 Oct 2026 03:00 -> 02:00.
    expect(at('2026-03-29', 2, 'Europe/Berlin')).toBe('2026-03-29 03:30:00.000');
    expect(iso('2026-10-25', 2, 'Europe/Berlin')).toBe('2026-10-25T00:30:00.000Z'); // first 02:30 (CEST)
    expect(iso('2026-10-25', 3, 'Europe/Berlin')).toBe('2026-10-25T02:30:00.000Z');
    // New York: 8 Mar 2026 02:00 -> 03:00; 1 Nov 2026 02:00 -> 01:00.
    expect(at('2026-03-08', 2, 'America/New_York')).toBe('2026-03-08 03:30:00.000');
    expect(iso('2026-11-01', 1, 'America/New_York')).toBe('2026-11-01T05:30:00.000Z'); // first 01:30 (EDT)
    // WIB has none of this.
    expect(iso('2026-03-29', 2, 'Asia/Jakarta')).toBe('2026-03-28T19:30:00.000Z');
  });

  it('refuses an unknown zone', () => {
    expect(() => zoneOffsetMs('Asia/Medan', 0)).toThrow(RangeError);
    expect(() => assertTimeZone('Mars/Olympus')).toThrow(RangeError);
    expect(() => assertTimeZone('')).toThrow(RangeError);
  });

  it('takes the fixed-offset names the working calendar has always accepted', () => {
    expect(() => assertTimeZone('Asia/Jakarta')).not.toThrow();
    expect(zoneOffsetMs('UTC+7', 0)).toBe(7 * 3_600_000);
    expect(localDateOf(Date.UTC(2026, 2, 1, 17), 'UTC+7')).toBe('2026-03-02');
  });
});
