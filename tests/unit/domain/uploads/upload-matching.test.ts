import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  deadlineOf,
  matchUploadToPeriod,
  matchUploadToPeriods,
  normalizeSchedule,
  previousPeriod,
  type ScheduledUploadSchedule,
} from '../../../../server/domain/uploads/index.ts';
import type { UploadScheduleInput } from '../../../../shared/upload-schedule.ts';
import { arbInstantMs, arbScheduled, wib } from './helpers.ts';

const daily: UploadScheduleInput = { kind: 'daily', dueTime: '23:59' };
const weekly: UploadScheduleInput = { kind: 'weekly', weekday: 5, dueTime: '16:00' };
const monthly: UploadScheduleInput = { kind: 'monthly', dayOfMonth: 5, dueTime: '23:59' };

describe('matching by received time (no period given)', () => {
  it.each([
    // [schedule, received (WIB), expected period key]
    [daily, '2026-03-01 23:58', '2026-03-01'],
    [daily, '2026-03-01 23:59:59.999', '2026-03-01'],
    [daily, '2026-03-02 00:01', '2026-03-02'],
    [daily, '2026-03-01 02:30', '2026-03-01'],
    [{ kind: 'daily', dueTime: '12:00', dueOffsetDays: 1 }, '2026-03-02 11:00', '2026-03-01'],
    [{ kind: 'daily', dueTime: '12:00', dueOffsetDays: 1 }, '2026-03-02 12:01', '2026-03-02'],
    [weekly, '2026-11-20 15:59', '2026-W47'],
    [weekly, '2026-11-20 16:01', '2026-W48'],
    [weekly, '2026-12-31 22:00', '2026-W53'],
    [monthly, '2026-02-03 21:00', '2026-01'],
    [monthly, '2026-02-06 00:00', '2026-02'],
  ] as [UploadScheduleInput, string, string][])('%j received %s -> %s', (schedule, received, key) => {
    const m = matchUploadToPeriods(schedule, { receivedAt: wib(received) });
    expect(m?.rule).toBe('received_time');
    expect(m?.first.key).toBe(key);
    expect(m?.last.key).toBe(key);
  });

  it('accepts ISO strings and epoch ms as received time', () => {
    expect(matchUploadToPeriod(daily, { receivedAt: '2026-03-01T23:58:00+07:00' })?.key).toBe('2026-03-01');
    expect(matchUploadToPeriod(daily, { receivedAt: wib('2026-03-01 23:58').getTime() })?.key).toBe('2026-03-01');
    expect(() => matchUploadToPeriod(daily, { receivedAt: 'yesterday' })).toThrow(RangeError);
  });

  it('property: the matched period is due at or after receipt, and the one before it was due earlier', () => {
    fc.assert(
      fc.property(arbScheduled, arbInstantMs, (schedule, received) => {
        const s = normalizeSchedule(schedule) as ScheduledUploadSchedule;
        const p = matchUploadToPeriod(s, { receivedAt: received })!;
        expect(deadlineOf(s, p)!.getTime()).toBeGreaterThanOrEqual(received);
        expect(deadlineOf(s, previousPeriod(s, p))!.getTime()).toBeLessThan(received);
      }),
    );
  });
});

describe('matching by declared period', () => {
  const match = (schedule: UploadScheduleInput, start: string, end: string, received: string) => {
    const m = matchUploadToPeriods(schedule, { receivedAt: wib(received), period: { start, end } });
    return m && [m.first.key, m.last.key, m.rule];
  };

  it('a daily upload names its day, even when it arrives the next morning', () => {
    expect(match(daily, '2026-03-01', '2026-03-01', '2026-03-02 00:01')).toEqual(['2026-03-01', '2026-03-01', 'declared_period']);
  });

  it('a catch-up upload covering several days fulfils each of them', () => {
    expect(match(daily, '2026-03-02', '2026-03-04', '2026-03-05 21:00')).toEqual(['2026-03-02', '2026-03-04', 'declared_period']);
  });

  it('an ISO week, and a Sun-Sat "week" that overlaps the next ISO week most', () => {
    expect(match(weekly, '2026-11-16', '2026-11-22', '2026-11-20 10:00')).toEqual(['2026-W47', '2026-W47', 'declared_period']);
    expect(match(weekly, '2026-11-15', '2026-11-21', '2026-11-20 10:00')).toEqual(['2026-W47', '2026-W47', 'declared_period']);
    expect(match(weekly, '2026-12-28', '2027-01-03', '2027-01-01 10:00')).toEqual(['2026-W53', '2026-W53', 'declared_period']);
  });

  it('a part of one period maps to that period; an even split goes to the later period', () => {
    expect(match(monthly, '2026-01-10', '2026-01-20', '2026-02-01 09:00')).toEqual(['2026-01', '2026-01', 'declared_period']);
    // 16-31 Jan (16 days) vs 1-15 Feb (15 days)
    expect(match(monthly, '2026-01-16', '2026-02-15', '2026-03-01 09:00')).toEqual(['2026-01', '2026-01', 'declared_period']);
    // 18-31 Jan (14 days) vs 1-14 Feb (14 days)
    expect(match(monthly, '2026-01-18', '2026-02-14', '2026-03-01 09:00')).toEqual(['2026-02', '2026-02', 'declared_period']);
  });

  it('never credits a period that has not started when the upload arrives', () => {
    // Declares all of March on 5 March: only 1-5 March can be covered.
    expect(match(daily, '2026-03-01', '2026-03-31', '2026-03-05 10:00')).toEqual(['2026-03-01', '2026-03-05', 'declared_period']);
    // Declares next month only: falls back to the received-time rule.
    expect(match(monthly, '2026-04-01', '2026-04-30', '2026-03-05 10:00')).toEqual(['2026-02', '2026-02', 'received_time']);
  });

  it('adhoc datasets match nothing', () => {
    expect(matchUploadToPeriods({ kind: 'adhoc' }, { receivedAt: wib('2026-03-05 10:00') })).toBeNull();
    expect(matchUploadToPeriod({ kind: 'adhoc' }, { receivedAt: wib('2026-03-05 10:00'), period: { start: '2026-03-01', end: '2026-03-01' } })).toBeNull();
  });

  it('matchUploadToPeriod files a multi-period upload under its latest period', () => {
    expect(
      matchUploadToPeriod(daily, { receivedAt: wib('2026-03-05 21:00'), period: { start: '2026-03-02', end: '2026-03-04' } })?.key,
    ).toBe('2026-03-04');
  });
});
