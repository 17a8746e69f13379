import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  activeMaintenance,
  isInMaintenance,
  maintenanceOccurrences,
  maintenanceOverlap,
  maintenanceWindowSchema,
  type MaintenanceWindow,
} from '../../../../server/domain/uptime/index.ts';

const wib = (s: string) => new Date(`${s.replace(' ', 'T')}+07:00`);
const HOUR = 3_600_000;

// 2026-03-01 is a Sunday.
const sundayNight: MaintenanceWindow = { kind: 'weekly', weekday: 7, startTime: '01:00', durationMinutes: 120 };

describe('isInMaintenance', () => {
  it.each([
    ['2026-03-01 00:59:59', false],
    ['2026-03-01 01:00:00', true],
    ['2026-03-01 02:59:59', true],
    ['2026-03-01 03:00:00', false], // half-open: the end is not inside
    ['2026-03-02 01:30:00', false], // Monday
    ['2026-03-08 01:30:00', true], // next Sunday
  ])('every Sunday 01:00-03:00 WIB at %s -> %s', (at, expected) => {
    expect(isInMaintenance([sundayNight], wib(at))).toBe(expected);
  });

  it('a weekly window running past midnight belongs to the day it starts', () => {
    const saturdayLate: MaintenanceWindow = { kind: 'weekly', weekday: 6, startTime: '23:00', durationMinutes: 180 };
    expect(isInMaintenance([saturdayLate], wib('2026-03-01 01:30'))).toBe(true); // Sunday 01:30
    expect(isInMaintenance([saturdayLate], wib('2026-03-01 02:00'))).toBe(false);
    expect(isInMaintenance([saturdayLate], wib('2026-03-01 23:30'))).toBe(false); // Sunday 23:30
  });

  it('daily windows, including one past midnight', () => {
    const nightly: MaintenanceWindow = { kind: 'daily', startTime: '23:30', durationMinutes: 60 };
    expect(isInMaintenance([nightly], wib('2026-03-04 23:45'))).toBe(true);
    expect(isInMaintenance([nightly], wib('2026-03-05 00:15'))).toBe(true);
    expect(isInMaintenance([nightly], wib('2026-03-05 00:30'))).toBe(false);
  });

  it('one-off windows', () => {
    const once: MaintenanceWindow = { kind: 'once', start: '2026-03-04T22:00:00+07:00', end: wib('2026-03-05 02:00') };
    expect(isInMaintenance([once], wib('2026-03-04 21:59'))).toBe(false);
    expect(isInMaintenance([once], wib('2026-03-05 01:59'))).toBe(true);
    expect(isInMaintenance([once], wib('2026-03-05 02:00'))).toBe(false);
    expect(isInMaintenance([], wib('2026-03-05 01:00'))).toBe(false);
  });

  it('recurring windows limited by activeFrom/activeUntil', () => {
    const limited: MaintenanceWindow = { ...sundayNight, activeFrom: wib('2026-03-02 00:00'), activeUntil: wib('2026-03-15 00:00') };
    expect(isInMaintenance([limited], wib('2026-03-01 01:30'))).toBe(false);
    expect(isInMaintenance([limited], wib('2026-03-08 01:30'))).toBe(true);
    expect(isInMaintenance([limited], wib('2026-03-15 01:30'))).toBe(false);
  });

  it('activeMaintenance tells which window and until when', () => {
    const once: MaintenanceWindow & { id: string } = { id: 'upgrade', kind: 'once', start: wib('2026-03-01 00:30'), end: wib('2026-03-01 04:00') };
    const weekly = { ...sundayNight, id: 'weekly' };
    const a = activeMaintenance([weekly, once], wib('2026-03-01 01:30'));
    expect(a?.window.id).toBe('upgrade');
    expect(a?.end).toEqual(wib('2026-03-01 04:00'));
    expect(activeMaintenance([weekly], wib('2026-03-01 01:30'))?.start).toEqual(wib('2026-03-01 01:00'));
  });

  it('refuses impossible recurring windows', () => {
    expect(() => isInMaintenance([{ kind: 'daily', startTime: '01:00', durationMinutes: 0 }], 0)).toThrow(RangeError);
    expect(() => isInMaintenance([{ kind: 'daily', startTime: '01:00', durationMinutes: 1441 }], 0)).toThrow(RangeError);
    expect(() => isInMaintenance([{ kind: 'weekly', weekday: 8, startTime: '01:00', durationMinutes: 10 }], 0)).toThrow(RangeError);
    expect(() => isInMaintenance([{ kind: 'daily', startTime: '1:00', durationMinutes: 10 }], 0)).toThrow(RangeError);
  });
});

describe('maintenanceOverlap', () => {
  it('sums the time under maintenance in a window, overlapping windows counted once', () => {
    const once: MaintenanceWindow = { kind: 'once', start: wib('2026-03-01 02:00'), end: wib('2026-03-01 05:00') };
    const o = maintenanceOverlap([sundayNight, once], wib('2026-03-01 00:00'), wib('2026-03-15 00:00'));
    // 1 Mar 01:00-05:00 (merged), 8 Mar 01:00-03:00
    expect(o.ms).toBe(6 * HOUR);
    expect(o.intervals).toEqual([
      { start: wib('2026-03-01 01:00'), end: wib('2026-03-01 05:00') },
      { start: wib('2026-03-08 01:00'), end: wib('2026-03-08 03:00') },
    ]);
  });

  it('clips to the window', () => {
    expect(maintenanceOverlap([sundayNight], wib('2026-03-01 02:00'), wib('2026-03-08 01:30')).ms).toBe(1.5 * HOUR);
    expect(maintenanceOverlap([sundayNight], wib('2026-03-01 02:00'), wib('2026-03-01 02:00')).ms).toBe(0);
  });

  it('30 days of a daily 30-minute window is 15 hours', () => {
    const daily: MaintenanceWindow = { kind: 'daily', startTime: '03:00', durationMinutes: 30 };
    expect(maintenanceOverlap([daily], wib('2026-03-01 00:00'), wib('2026-03-31 00:00')).ms).toBe(15 * HOUR);
  });

  it('lists occurrences of one window, unclipped', () => {
    expect(maintenanceOccurrences(sundayNight, wib('2026-03-01 02:00'), wib('2026-03-01 02:30'))).toEqual([
      { start: wib('2026-03-01 01:00'), end: wib('2026-03-01 03:00') },
    ]);
  });

  const arbWindow: fc.Arbitrary<MaintenanceWindow> = fc.oneof(
    fc.record({
      kind: fc.constant('daily' as const),
      startTime: fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
      durationMinutes: fc.integer({ min: 1, max: 1440 }),
    }),
    fc.record({
      kind: fc.constant('weekly' as const),
      weekday: fc.integer({ min: 1, max: 7 }),
      startTime: fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
      durationMinutes: fc.integer({ min: 1, max: 7 * 1440 }),
    }),
    fc.tuple(fc.integer({ min: 0, max: 40 * 24 * HOUR }), fc.integer({ min: 1, max: 5 * 24 * HOUR })).map(
      ([s, len]): MaintenanceWindow => ({ kind: 'once', start: wib('2026-03-01 00:00').getTime() + s, end: wib('2026-03-01 00:00').getTime() + s + len }),
    ),
  );

  it('property: overlap fits in the window, intervals are disjoint and agree with isInMaintenance', () => {
    const base = wib('2026-03-01 00:00').getTime();
    fc.assert(
      fc.property(
        fc.array(arbWindow, { maxLength: 4 }),
        fc.integer({ min: 0, max: 30 * 24 * HOUR }),
        fc.integer({ min: 0, max: 10 * 24 * HOUR }),
        fc.integer({ min: 0, max: 10 * 24 * HOUR }),
        (windows, s, len, probe) => {
          const from = base + s;
          const to = from + len;
          const o = maintenanceOverlap(windows, from, to);
          expect(o.ms).toBeGreaterThanOrEqual(0);
          expect(o.ms).toBeLessThanOrEqual(len);
          for (let i = 0; i < o.intervals.length; i++) {
            expect(o.intervals[i].start.getTime()).toBeGreaterThanOrEqual(from);
            expect(o.intervals[i].end.getTime()).toBeLessThanOrEqual(to);
            if (i > 0) expect(o.intervals[i].start.getTime()).toBeGreaterThan(o.intervals[i - 1].end.getTime());
          }
          const at = from + (len ? probe % len : 0);
          if (len > 0) {
            const inside = o.intervals.some((iv) => iv.start.getTime() <= at && at < iv.end.getTime());
            expect(isInMaintenance(windows, at)).toBe(inside);
          }
        },
      ),
    );
  });
});

describe('maintenanceWindowSchema', () => {
  it('accepts the three kinds and refuses bad input', () => {
    expect(maintenanceWindowSchema.safeParse({ kind: 'weekly', weekday: 7, startTime: '01:00', durationMinutes: 120 }).success).toBe(true);
    expect(maintenanceWindowSchema.safeParse({ kind: 'daily', startTime: '23:30', durationMinutes: 60 }).success).toBe(true);
    expect(maintenanceWindowSchema.safeParse({ kind: 'once', start: '2026-03-01T01:00:00+07:00', end: '2026-03-01T03:00:00+07:00' }).success).toBe(true);
    expect(maintenanceWindowSchema.safeParse({ kind: 'once', start: '2026-03-01T03:00:00+07:00', end: '2026-03-01T01:00:00+07:00' }).success).toBe(false);
    expect(maintenanceWindowSchema.safeParse({ kind: 'weekly', weekday: 0, startTime: '01:00', durationMinutes: 120 }).success).toBe(false);
    expect(maintenanceWindowSchema.safeParse({ kind: 'daily', startTime: '25:00', durationMinutes: 60 }).success).toBe(false);
    expect(maintenanceWindowSchema.safeParse({ kind: 'daily', startTime: '01:00', durationMinutes: 2000 }).success).toBe(false);
  });
});
