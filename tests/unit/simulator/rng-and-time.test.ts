import { describe, expect, it } from 'vitest';
import { createDefaultWorkingCalendar } from '../../../server/domain/calendar/official-non-working-days.ts';
import { Rng, WeightedTable, seedFrom } from '../../../server/simulator/rng.ts';
import { HOUR, MINUTE, formatWib, wibAt, wibParts } from '../../../server/simulator/wib-time.ts';
import { COMMAND_CENTER_HOURS, OPD_OFFICE_HOURS, addOfficeDays, addWorkingTime } from '../../../server/simulator/working-time.ts';

describe('seeded randomness', () => {
  it('is deterministic per label and differs between labels', () => {
    const a = Rng.of(1, 'x', 5);
    const b = Rng.of(1, 'x', 5);
    const c = Rng.of(1, 'x', 6);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    expect(seedFrom('ab', 'c')).not.toBe(seedFrom('a', 'bc'));
  });

  it('draws in range and with the right means', () => {
    const rng = new Rng(42);
    let sum = 0;
    let poisson = 0;
    let lo = Infinity;
    let hi = -Infinity;
    const ints = new Set<number>();
    for (let i = 0; i < 20_000; i++) {
      const x = rng.next();
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
      ints.add(rng.int(3, 7));
      sum += x;
      poisson += rng.poisson(2.5);
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect([...ints].sort()).toEqual([3, 4, 5, 6, 7]);
    expect(sum / 20_000).toBeCloseTo(0.5, 1);
    expect(poisson / 20_000).toBeCloseTo(2.5, 1);
  });

  it('weighted tables follow their weights', () => {
    const table = new WeightedTable([
      ['a', 1],
      ['b', 3],
      ['c', 0],
    ] as const);
    const rng = new Rng(7);
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 40_000; i++) counts[table.draw(rng)]++;
    expect(counts.c).toBe(0);
    expect(counts.b / 40_000).toBeCloseTo(0.75, 1);
  });
});

describe('WIB time and working hours', () => {
  // The official calendar the server is seeded with: 24 Dec 2026 cuti bersama, 25 Dec Christmas.
  const calendar = createDefaultWorkingCalendar();

  it('formats with the +07:00 offset', () => {
    const t = Date.parse('2026-11-22T01:15:03Z');
    expect(formatWib(t)).toBe('2026-11-22T08:15:03+07:00');
    expect(wibParts(t).weekday).toBe(7); // Sunday
    expect(wibAt('2026-11-22', '08:15')).toBe(Date.parse('2026-11-22T01:15:00Z'));
  });

  it('carries office time over the weekend', () => {
    const fridayAfternoon = wibAt('2026-11-20', '15:00');
    expect(formatWib(addWorkingTime(fridayAfternoon, 2 * HOUR, OPD_OFFICE_HOURS, calendar))).toBe('2026-11-23T09:00:00+07:00');
  });

  it('skips holidays and cuti bersama, but the command center works every day', () => {
    const wednesday = wibAt('2026-12-23', '15:00');
    // Thu 24 (cuti bersama) and Fri 25 (Christmas) are closed: next office hour is Monday 28.
    expect(formatWib(addWorkingTime(wednesday, 2 * HOUR, OPD_OFFICE_HOURS, calendar))).toBe('2026-12-28T09:00:00+07:00');
    expect(formatWib(addWorkingTime(wibAt('2026-12-24', '23:00'), 0, COMMAND_CENTER_HOURS, calendar))).toBe('2026-12-25T07:00:00+07:00');
    // Days of effort, not an SLA deadline: three 8-hour days from Monday 08:00 end Wednesday 16:00.
    expect(formatWib(addOfficeDays(wibAt('2026-12-21', '08:00'), 3, calendar))).toBe('2026-12-23T16:00:00+07:00');
    expect(formatWib(addOfficeDays(wibAt('2026-12-21', '08:00'), 3.5, calendar))).toBe('2026-12-28T12:00:00+07:00');
  });

  it('takes its holidays from the domain calendar, library years included', () => {
    // 2027 has no official list yet: the calendar's library fallback closes 1 Jan 2027 (a Friday).
    expect(addWorkingTime(wibAt('2026-12-31', '16:30'), 30 * MINUTE, OPD_OFFICE_HOURS, calendar)).toBe(wibAt('2027-01-04', '08:30'));
    // 1 Muharam 2025 is 27 Jun officially (the library says 26 Jun): OPD work skips the 27th only.
    expect(formatWib(addWorkingTime(wibAt('2025-06-26', '15:00'), 2 * HOUR, OPD_OFFICE_HOURS, calendar))).toBe('2025-06-30T09:00:00+07:00');
  });
});
