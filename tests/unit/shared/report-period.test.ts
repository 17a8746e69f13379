import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, isLocalDate as isCalendarDate } from '../../../shared/calendar-date.ts';
import {
  daysIn,
  DEFAULT_PERIOD,
  parsePeriodChoice,
  periodParams,
  PERIOD_PRESETS,
  previousRange,
  resolvePeriod,
  type DateRange,
} from '../../../shared/report-period.ts';

const date = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

describe('calendar dates', () => {
  it('knows real dates from look-alikes', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-1-01')).toBe(false);
    expect(isCalendarDate(20260101)).toBe(false);
  });

  it('adds days across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(daysIn({ from: '2026-12-01', to: '2026-12-07' })).toBe(7);
  });
});

describe('resolvePeriod', () => {
  const today = '2026-12-07';
  it('resolves every preset against today (WIB)', () => {
    expect(resolvePeriod({ preset: 'today' }, today)).toEqual({ from: today, to: today });
    expect(resolvePeriod({ preset: '7d' }, today)).toEqual({ from: '2026-12-01', to: today });
    expect(resolvePeriod({ preset: '30d' }, today)).toEqual({ from: '2026-11-08', to: today });
    expect(resolvePeriod({ preset: 'month' }, today)).toEqual({ from: '2026-12-01', to: today });
    expect(resolvePeriod({ preset: 'last-month' }, today)).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(resolvePeriod({ preset: 'last-month' }, '2026-01-15')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(resolvePeriod({ preset: 'last-month' }, '2028-03-01')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(resolvePeriod({ from: '2026-10-01', to: '2026-10-15' }, today)).toEqual({ from: '2026-10-01', to: '2026-10-15' });
  });

  it('every preset ends today or before and starts no later than it ends', () => {
    fc.assert(
      fc.property(date, fc.constantFrom(...PERIOD_PRESETS), (today, preset) => {
        const r = resolvePeriod({ preset }, today);
        expect(r.from <= r.to).toBe(true);
        expect(r.to <= today).toBe(true);
        expect(isCalendarDate(r.from) && isCalendarDate(r.to)).toBe(true);
      }),
    );
  });
});

describe('previousRange', () => {
  it('compares a month (so far) with the same days of the month before', () => {
    expect(previousRange({ from: '2026-12-01', to: '2026-12-07' })).toEqual({ from: '2026-11-01', to: '2026-11-07' });
    expect(previousRange({ from: '2026-11-01', to: '2026-11-30' })).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(previousRange({ from: '2026-03-01', to: '2026-03-31' })).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(previousRange({ from: '2026-03-01', to: '2026-03-30' })).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(previousRange({ from: '2026-01-01', to: '2026-01-31' })).toEqual({ from: '2025-12-01', to: '2025-12-31' });
  });

  it('compares any other range with as many days just before it', () => {
    expect(previousRange({ from: '2026-12-07', to: '2026-12-07' })).toEqual({ from: '2026-12-06', to: '2026-12-06' });
    expect(previousRange({ from: '2026-11-08', to: '2026-12-07' })).toEqual({ from: '2026-10-09', to: '2026-11-07' });
    // Starts on the 1st but runs into the next month: not a month.
    expect(previousRange({ from: '2026-11-01', to: '2026-12-07' })).toEqual({ from: '2026-09-25', to: '2026-10-31' });
  });

  it('the previous period always ends before the period begins, and never overlaps it', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 399 }), (from, span) => {
        const range: DateRange = { from, to: addDays(from, span) };
        const prev = previousRange(range);
        expect(prev.to < range.from).toBe(true);
        expect(prev.from <= prev.to).toBe(true);
        const monthly = from.endsWith('-01') && range.to.slice(0, 7) === from.slice(0, 7);
        if (monthly) expect(prev.from.endsWith('-01') && prev.to.slice(0, 7) === prev.from.slice(0, 7)).toBe(true);
        else {
          expect(daysIn(prev)).toBe(daysIn(range));
          expect(addDays(prev.to, 1)).toBe(range.from);
        }
      }),
    );
  });
});

describe('parsePeriodChoice', () => {
  const today = '2026-12-07';
  it('reads presets and dates, and writes them back the same', () => {
    for (const choice of [{ preset: '7d' as const }, { preset: 'last-month' as const }, { from: '2026-10-01', to: '2026-10-31' }, DEFAULT_PERIOD]) {
      expect(parsePeriodChoice(periodParams(choice), today)).toEqual({ choice, errors: [] });
    }
    expect(periodParams(DEFAULT_PERIOD)).toEqual({});
  });

  it('names every wrong parameter at once and falls back to the default', () => {
    const r = parsePeriodChoice({ from: '2026-02-30', to: 'kemarin' }, today);
    expect(r.choice).toEqual(DEFAULT_PERIOD);
    expect(r.errors.map((e) => e.field)).toEqual(['from', 'to']);
    expect(r.errors[0].message.id).toMatch(/YYYY-MM-DD/);
    expect(parsePeriodChoice({ period: 'tahun' }, today).errors[0]).toMatchObject({ field: 'period', message: { en: expect.stringContaining('7d') } });
    expect(parsePeriodChoice({ from: '2026-12-05', to: '2026-12-01' }, today).errors[0].field).toBe('from');
    expect(parsePeriodChoice({ from: '2026-12-01', to: '2026-12-08' }, today).errors[0]).toMatchObject({ field: 'to' });
    expect(parsePeriodChoice({ from: '2025-01-01', to: '2026-12-01' }, today).errors[0].message.en).toMatch(/400 days/);
  });
});
