// Property tests against a naive reference: the reference builds its own set of closed dates
// straight from the seed files (plus the library for years without an official list) and counts
// day by day with a fixed +07:00 offset (Jakarta has had no DST or offset change since 1964),
// so it shares no code with the calendar under test.
import fc from 'fast-check';
import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import holidays2025 from '../../../../db/seed-data/holidays-id-2025.json' with { type: 'json' };
import holidays2026 from '../../../../db/seed-data/holidays-id-2026.json' with { type: 'json' };
import { createDefaultWorkingCalendar } from '../../../../server/domain/calendar/official-non-working-days.ts';

const cal = createDefaultWorkingCalendar();

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const OFFSET = 7 * HOUR;

const closed = new Set<string>();
for (const f of [holidays2025, holidays2026]) for (const d of [...f.national_holidays, ...f.cuti_bersama]) closed.add(d.date);
const lib = new Holidays('ID');
for (const y of [2024, 2027, 2028]) for (const h of lib.getHolidays(y)) if (h.type === 'public') closed.add(h.date.slice(0, 10));

const dateOfMs = (ms: number) => new Date(ms + OFFSET).toISOString().slice(0, 10);
const refWorking = (date: string) => {
  const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
  return wd !== 0 && wd !== 6 && !closed.has(date);
};
const localMidnightMs = (date: string) => Date.parse(`${date}T00:00:00Z`) - OFFSET;
const nextDate = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);

function refDeadline(startMs: number, n: number): number {
  let date = dateOfMs(startMs);
  const minuteOfDay = (startMs - localMidnightMs(date)) / 60_000;
  // clock-start day: today if working and before 16:00, else the next working day
  if (!(refWorking(date) && minuteOfDay < 16 * 60)) {
    date = nextDate(date);
    while (!refWorking(date)) date = nextDate(date);
  }
  let counted = 0;
  while (counted < n) {
    date = nextDate(date);
    if (refWorking(date)) counted++;
  }
  return localMidnightMs(date) + 16 * HOUR;
}

// mid-2024 to mid-2027: library years, both official years and their year boundaries
const instant = fc.date({ min: new Date('2024-06-01T00:00:00Z'), max: new Date('2027-06-30T00:00:00Z'), noInvalidDate: true });
const days = fc.integer({ min: 0, max: 40 });

describe('working calendar properties', () => {
  it('never lands on a non-working day, and always at 16:00 WIB', () => {
    fc.assert(
      fc.property(instant, days, (start, n) => {
        const due = cal.addWorkingDays(start, n);
        const date = cal.localDateOf(due);
        expect(cal.isWorkingDay(date)).toBe(true);
        expect(refWorking(date)).toBe(true);
        expect(due.getTime()).toBe(localMidnightMs(date) + 16 * HOUR);
        expect(due.getTime()).toBeGreaterThan(start.getTime());
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with counting day by day', () => {
    fc.assert(
      fc.property(instant, days, (start, n) => {
        expect(cal.addWorkingDays(start, n).getTime()).toBe(refDeadline(start.getTime(), n));
      }),
      { numRuns: 1000 },
    );
  });

  it('is strictly increasing in n', () => {
    fc.assert(
      fc.property(instant, days, (start, n) => {
        expect(cal.addWorkingDays(start, n + 1).getTime()).toBeGreaterThan(cal.addWorkingDays(start, n).getTime());
      }),
      { numRuns: 300 },
    );
  });

  it('is monotonic in the start', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 20 * DAY }), days, (a, gapMs, n) => {
        const b = new Date(a.getTime() + gapMs);
        expect(cal.addWorkingDays(b, n).getTime()).toBeGreaterThanOrEqual(cal.addWorkingDays(a, n).getTime());
      }),
      { numRuns: 500 },
    );
  });

  it('workingDaysBetween inverts addWorkingDays from the clock start', () => {
    fc.assert(
      fc.property(instant, days, (start, n) => {
        expect(cal.workingDaysBetween(cal.nextWorkingStart(start), cal.addWorkingDays(start, n))).toBe(n);
      }),
      { numRuns: 300 },
    );
  });

  it('nextWorkingStart is within office hours, not before the start, and idempotent', () => {
    fc.assert(
      fc.property(instant, (start) => {
        const s = cal.nextWorkingStart(start);
        expect(s.getTime()).toBeGreaterThanOrEqual(start.getTime());
        expect(cal.isWithinOfficeHours(s)).toBe(true);
        expect(cal.nextWorkingStart(s).getTime()).toBe(s.getTime());
      }),
      { numRuns: 500 },
    );
  });

  it('workingDaysBetween is antisymmetric and additive', () => {
    fc.assert(
      fc.property(instant, instant, instant, (a, b, c) => {
        expect(cal.workingDaysBetween(a, b)).toBe(0 - cal.workingDaysBetween(b, a));
        expect(cal.workingDaysBetween(a, b) + cal.workingDaysBetween(b, c)).toBe(cal.workingDaysBetween(a, c));
      }),
      { numRuns: 100 },
    );
  });
});
