import { describe, expect, it } from 'vitest';
import { dateLabel, periodSummary, rangeLabel, readCustomDates } from '../../../../client/src/screens/period-model.ts';

describe('period words', () => {
  it('names dates and ranges in either language', () => {
    expect(dateLabel('2026-12-07', 'id')).toBe('7 Des 2026');
    expect(dateLabel('2026-12-07', 'en')).toBe('7 Dec 2026');
    expect(rangeLabel({ from: '2026-11-08', to: '2026-12-07' }, 'id')).toBe('8 Nov s.d. 7 Des 2026');
    expect(rangeLabel({ from: '2025-12-08', to: '2026-01-07' }, 'en')).toBe('8 Dec 2025 to 7 Jan 2026');
    expect(rangeLabel({ from: '2026-12-07', to: '2026-12-07' }, 'id')).toBe('7 Des 2026');
  });
  it('summarises a choice with the period it is compared with', () => {
    const s = periodSummary({ preset: 'month' }, '2026-12-07', 'id');
    expect(s.range).toEqual({ from: '2026-12-01', to: '2026-12-07' });
    expect(s.previous).toEqual({ from: '2026-11-01', to: '2026-11-07' });
    expect(s.includesToday).toBe(true);
    expect(periodSummary({ preset: 'last-month' }, '2026-12-07', 'en').includesToday).toBe(false);
  });
});

describe('readCustomDates', () => {
  it('accepts a range and names every wrong field at once', () => {
    expect(readCustomDates('2026-11-01', '2026-11-30', '2026-12-07')).toEqual({ choice: { from: '2026-11-01', to: '2026-11-30' }, errors: [] });
    expect(readCustomDates('', '', '2026-12-07').errors.map((e) => e.field)).toEqual(['from', 'to']);
    const after = readCustomDates('2026-12-01', '2026-12-09', '2026-12-07');
    expect(after.choice).toBeNull();
    expect(after.errors).toEqual([{ field: 'to', message: { id: 'tanggal akhir tidak boleh melewati hari ini', en: 'end date cannot be after today' } }]);
    expect(readCustomDates('', '2026-12-01', '2026-12-07').errors[0]).toMatchObject({ field: 'from', message: { id: 'wajib diisi' } });
  });
});
