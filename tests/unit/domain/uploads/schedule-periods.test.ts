import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  deadlineOf,
  duePeriods,
  nextPeriod,
  normalizeSchedule,
  periodFor,
  type ScheduledUploadSchedule,
} from '../../../../server/domain/uploads/index.ts';
import type { UploadScheduleInput } from '../../../../shared/upload-schedule.ts';
import { arbInstantMs, arbScheduled, wib, wibString } from './helpers.ts';

describe('periodFor', () => {
  it.each([
    [{ kind: 'daily', dueTime: '23:59' }, '2026-02-28', { kind: 'day', key: '2026-02-28', start: '2026-02-28', end: '2026-02-28' }],
    [{ kind: 'weekly', weekday: 5, dueTime: '16:00' }, '2026-11-22', { kind: 'week', key: '2026-W47', start: '2026-11-16', end: '2026-11-22' }],
    // 2026 starts on a Thursday, so it has an ISO week 53 running into 2027.
    [{ kind: 'weekly', weekday: 5, dueTime: '16:00' }, '2027-01-02', { kind: 'week', key: '2026-W53', start: '2026-12-28', end: '2027-01-03' }],
    [{ kind: 'weekly', weekday: 5, dueTime: '16:00' }, '2027-01-04', { kind: 'week', key: '2027-W01', start: '2027-01-04', end: '2027-01-10' }],
    // ... and ISO week 1 of 2026 starts in 2025.
    [{ kind: 'weekly', weekday: 1, dueTime: '12:00' }, '2025-12-30', { kind: 'week', key: '2026-W01', start: '2025-12-29', end: '2026-01-04' }],
    [{ kind: 'monthly', dayOfMonth: 31, dueTime: '23:59' }, '2026-02-14', { kind: 'month', key: '2026-02', start: '2026-02-01', end: '2026-02-28' }],
    [{ kind: 'monthly', dayOfMonth: 31, dueTime: '23:59' }, '2028-02-29', { kind: 'month', key: '2028-02', start: '2028-02-01', end: '2028-02-29' }],
  ] as [UploadScheduleInput, string, object][])('%j on %s', (schedule, date, expected) => {
    expect(periodFor(schedule, date)).toEqual(expected);
  });

  it('has no periods for adhoc datasets', () => {
    expect(periodFor({ kind: 'adhoc' }, '2026-03-01')).toBeNull();
    expect(deadlineOf({ kind: 'adhoc' }, { start: '2026-03-01' })).toBeNull();
    expect(duePeriods({ kind: 'adhoc' }, wib('2026-01-01 00:00'), wib('2027-01-01 00:00'))).toEqual([]);
  });

  it('refuses a malformed date or schedule', () => {
    expect(() => periodFor({ kind: 'daily', dueTime: '23:59' }, '2026-2-1')).toThrow(RangeError);
    expect(() => periodFor({ kind: 'daily', dueTime: '24:00' }, '2026-02-01')).toThrow();
    expect(() => periodFor({ kind: 'monthly', dayOfMonth: 32, dueTime: '10:00' }, '2026-02-01')).toThrow();
  });
});

describe('deadlineOf (wall-clock WIB; the due minute is included, so deadlines end at :59.999)', () => {
  const cases: [string, UploadScheduleInput, string, string][] = [
    ['daily, same day', { kind: 'daily', dueTime: '23:59' }, '2026-03-01', '2026-03-01 23:59:59.999'],
    ['daily, offset 1 day', { kind: 'daily', dueTime: '12:00', dueOffsetDays: 1 }, '2026-02-28', '2026-03-01 12:00:59.999'],
    ['daily, offset across the year', { kind: 'daily', dueTime: '10:00', dueOffsetDays: 1 }, '2026-12-31', '2027-01-01 10:00:59.999'],
    ['daily, offset 31 days', { kind: 'daily', dueTime: '08:00', dueOffsetDays: 31 }, '2028-02-01', '2028-03-03 08:00:59.999'],
    ['weekly, Friday of ISO week 53', { kind: 'weekly', weekday: 5, dueTime: '16:00' }, '2026-12-28', '2027-01-01 16:00:59.999'],
    ['weekly, Sunday of week 53', { kind: 'weekly', weekday: 7, dueTime: '23:59' }, '2026-12-30', '2027-01-03 23:59:59.999'],
    ['weekly, Monday of the next week', { kind: 'weekly', weekday: 1, dueTime: '12:00', dueOffsetWeeks: 1 }, '2026-12-28', '2027-01-04 12:00:59.999'],
    ['weekly, week 1 of 2026 (starts 2025)', { kind: 'weekly', weekday: 3, dueTime: '09:30' }, '2025-12-29', '2025-12-31 09:30:59.999'],
    ['monthly, default offset = next month', { kind: 'monthly', dayOfMonth: 5, dueTime: '23:59' }, '2026-01-01', '2026-02-05 23:59:59.999'],
    ['monthly day 31 due in Feb 2026 (28 days)', { kind: 'monthly', dayOfMonth: 31, dueTime: '23:59' }, '2026-01-01', '2026-02-28 23:59:59.999'],
    ['monthly day 31 due in Apr (30 days)', { kind: 'monthly', dayOfMonth: 31, dueTime: '23:59' }, '2026-03-01', '2026-04-30 23:59:59.999'],
    ['monthly day 31 due in Feb 2028 (leap)', { kind: 'monthly', dayOfMonth: 31, dueTime: '23:59' }, '2028-01-01', '2028-02-29 23:59:59.999'],
    ['monthly day 30, offset 0, Feb 2026', { kind: 'monthly', dayOfMonth: 30, dueTime: '16:00', dueOffsetMonths: 0 }, '2026-02-01', '2026-02-28 16:00:59.999'],
    ['monthly day 29, offset 0, Feb 2028', { kind: 'monthly', dayOfMonth: 29, dueTime: '16:00', dueOffsetMonths: 0 }, '2028-02-01', '2028-02-29 16:00:59.999'],
    ['monthly day 31 in a 31-day month', { kind: 'monthly', dayOfMonth: 31, dueTime: '23:59' }, '2026-06-01', '2026-07-31 23:59:59.999'],
    ['monthly, offset 3 across the year', { kind: 'monthly', dayOfMonth: 10, dueTime: '16:00', dueOffsetMonths: 3 }, '2026-11-01', '2027-02-10 16:00:59.999'],
    ['monthly, default offset across the year', { kind: 'monthly', dayOfMonth: 5, dueTime: '23:59' }, '2026-12-01', '2027-01-05 23:59:59.999'],
  ];
  it.each(cases)('%s', (_name, schedule, periodStart, expected) => {
    expect(deadlineOf(schedule, { start: periodStart })).toEqual(wib(expected));
  });

  it('uses the period containing the given start when it is not the first day', () => {
    expect(deadlineOf({ kind: 'monthly', dayOfMonth: 5, dueTime: '23:59' }, { start: '2026-01-17' })).toEqual(
      wib('2026-02-05 23:59:59.999'),
    );
  });

  it('can use another zone (WITA) when configured', () => {
    expect(deadlineOf({ kind: 'daily', dueTime: '23:59' }, { start: '2026-03-01' }, 'Asia/Makassar')?.toISOString()).toBe(
      '2026-03-01T15:59:59.999Z',
    );
  });
});

describe('duePeriods: every period whose deadline is in [from, to)', () => {
  const keys = (s: UploadScheduleInput, from: string, to: string) => duePeriods(s, wib(from), wib(to)).map((d) => d.period.key);

  it('daily 23:59 over three days', () => {
    expect(keys({ kind: 'daily', dueTime: '23:59' }, '2026-03-01 00:00', '2026-03-04 00:00')).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
  });

  it('daily with a one-day offset: the window holds the periods due in it, not the dates in it', () => {
    expect(keys({ kind: 'daily', dueTime: '12:00', dueOffsetDays: 1 }, '2026-03-01 00:00', '2026-03-03 00:00')).toEqual([
      '2026-02-28',
      '2026-03-01',
    ]);
  });

  it('includes a deadline equal to `from` and excludes one equal to `to`', () => {
    const s: UploadScheduleInput = { kind: 'daily', dueTime: '23:59' };
    expect(duePeriods(s, wib('2026-03-01 23:59:59.999'), wib('2026-03-02 23:59:59.999')).map((d) => d.period.key)).toEqual(['2026-03-01']);
    expect(duePeriods(s, wib('2026-03-02 00:00'), wib('2026-03-02 00:00'))).toEqual([]);
    expect(duePeriods(s, wib('2026-03-03 00:00'), wib('2026-03-02 00:00'))).toEqual([]);
  });

  it('weekly across the year boundary, through ISO week 53', () => {
    expect(keys({ kind: 'weekly', weekday: 5, dueTime: '16:00' }, '2026-12-21 00:00', '2027-01-11 00:00')).toEqual([
      '2026-W52',
      '2026-W53',
      '2027-W01',
    ]);
  });

  it('weekly due on Monday of the following week', () => {
    const due = duePeriods({ kind: 'weekly', weekday: 1, dueTime: '12:00', dueOffsetWeeks: 1 }, wib('2027-01-01 00:00'), wib('2027-01-12 00:00'));
    expect(due.map((d) => [d.period.key, wibString(d.deadline)])).toEqual([
      ['2026-W53', '2027-01-04 12:00:59.999'],
      ['2027-W01', '2027-01-11 12:00:59.999'],
    ]);
  });

  it('monthly day 31 over 2026: every month once, clamped to short months', () => {
    const due = duePeriods({ kind: 'monthly', dayOfMonth: 31, dueTime: '23:59' }, wib('2026-01-01 00:00'), wib('2027-01-01 00:00'));
    expect(due.map((d) => [d.period.key, wibString(d.deadline).slice(0, 10)])).toEqual([
      ['2025-12', '2026-01-31'],
      ['2026-01', '2026-02-28'],
      ['2026-02', '2026-03-31'],
      ['2026-03', '2026-04-30'],
      ['2026-04', '2026-05-31'],
      ['2026-05', '2026-06-30'],
      ['2026-06', '2026-07-31'],
      ['2026-07', '2026-08-31'],
      ['2026-08', '2026-09-30'],
      ['2026-09', '2026-10-31'],
      ['2026-10', '2026-11-30'],
      ['2026-11', '2026-12-31'],
    ]);
  });

  it('monthly day 5 over four months: the window holds the months due in it', () => {
    expect(keys({ kind: 'monthly', dayOfMonth: 5, dueTime: '23:59' }, '2026-09-01 00:00', '2026-12-31 00:00')).toEqual([
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
  });

  it('monthly with the default offset when the stored schedule omits it (seed JSON)', () => {
    expect(normalizeSchedule({ kind: 'monthly', dayOfMonth: 5, dueTime: '23:59' })).toMatchObject({ dueOffsetMonths: 1 });
    expect(keys({ kind: 'monthly', dayOfMonth: 5, dueTime: '23:59' }, '2026-03-01 00:00', '2026-04-01 00:00')).toEqual(['2026-02']);
  });
});

describe('duePeriods properties', () => {
  const arbWindow = fc
    .tuple(arbInstantMs, fc.integer({ min: 0, max: 150 * 24 * 3600 * 1000 }))
    .map(([from, len]) => [from, from + len] as const);

  it('every deadline lies in [from, to); deadlines strictly increase over consecutive periods', () => {
    fc.assert(
      fc.property(arbScheduled, arbWindow, (schedule, [from, to]) => {
        const due = duePeriods(schedule, from, to);
        const s = normalizeSchedule(schedule) as ScheduledUploadSchedule;
        for (let i = 0; i < due.length; i++) {
          const t = due[i].deadline.getTime();
          expect(t).toBeGreaterThanOrEqual(from);
          expect(t).toBeLessThan(to);
          if (i > 0) {
            expect(t).toBeGreaterThan(due[i - 1].deadline.getTime());
            expect(due[i].period).toEqual(nextPeriod(s, due[i - 1].period));
          }
        }
      }),
    );
  });

  it('splitting a window never loses or duplicates a period', () => {
    fc.assert(
      fc.property(arbScheduled, arbWindow, fc.double({ min: 0, max: 1, noNaN: true }), (schedule, [from, to], f) => {
        const mid = Math.floor(from + (to - from) * f);
        const whole = duePeriods(schedule, from, to).map((d) => d.period.key);
        const parts = [...duePeriods(schedule, from, mid), ...duePeriods(schedule, mid, to)].map((d) => d.period.key);
        expect(parts).toEqual(whole);
      }),
    );
  });

  it('periodFor contains its date, and the period after a deadline is due later', () => {
    fc.assert(
      fc.property(arbScheduled, arbInstantMs, (schedule, at) => {
        const date = wibString(new Date(at)).slice(0, 10);
        const p = periodFor(schedule, date)!;
        expect(p.start <= date && date <= p.end).toBe(true);
        const s = normalizeSchedule(schedule) as ScheduledUploadSchedule;
        expect(deadlineOf(s, nextPeriod(s, p))!.getTime()).toBeGreaterThan(deadlineOf(s, p)!.getTime());
      }),
    );
  });
});
