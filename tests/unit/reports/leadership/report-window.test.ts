import { describe, expect, it } from 'vitest';
import { datesOf, monthsOf, parseLimit, parseReportQuery, periodLabel, weeksOf, windowOf } from '../../../../server/reports/leadership/report-window.ts';
import { misroutesByDispatcherOpd, ranksBestFirst } from '../../../../server/reports/leadership/leadership-report.ts';

// 10:00 WIB on Monday 7 December 2026.
const NOW = new Date('2026-12-07T03:00:00Z');

describe('parseReportQuery', () => {
  it('reads a preset and a custom range as WIB days, with the period before', () => {
    const seven = parseReportQuery({ period: '30d' }, NOW);
    expect(seven.ok && seven.window.range).toEqual({ from: '2026-11-08', to: '2026-12-07' });
    expect(seven.ok && seven.window.previous).toEqual({ from: '2026-10-09', to: '2026-11-07' });
    expect(seven.ok && seven.window.includesToday).toBe(true);
    const custom = parseReportQuery({ from: '2026-11-02', to: '2026-11-08' }, NOW);
    expect(custom.ok).toBe(true);
    if (!custom.ok) return;
    // [00:00 WIB of the first day, 00:00 WIB of the day after the last).
    expect(custom.window.current.from.toISOString()).toBe('2026-11-01T17:00:00.000Z');
    expect(custom.window.current.to.toISOString()).toBe('2026-11-08T17:00:00.000Z');
    expect(custom.window.prior.from.toISOString()).toBe('2026-10-25T17:00:00.000Z');
    expect(custom.window.includesToday).toBe(false);
  });

  it('uses the default (30 days) without parameters', () => {
    const r = parseReportQuery({}, NOW);
    expect(r.ok && r.window.range).toEqual({ from: '2026-11-08', to: '2026-12-07' });
  });

  it('names every bad field at once, in both languages', () => {
    const r = parseReportQuery({ from: '2026-02-30', to: 'besok' }, NOW);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.field)).toEqual(['from', 'to']);
    for (const e of r.errors) expect(e.message.id && e.message.en).toBeTruthy();
    const both = parseReportQuery({ period: '7d', from: '2026-11-01', to: '2026-11-02' }, NOW);
    expect(!both.ok && both.errors.map((e) => e.field)).toEqual(['period']);
    const twice = parseReportQuery({ period: ['7d', '30d'] }, NOW);
    expect(!twice.ok && twice.errors.map((e) => e.field)).toEqual(['period']);
    const preset = parseReportQuery({ period: 'minggu' }, NOW);
    expect(!preset.ok && preset.errors.map((e) => e.field)).toEqual(['period']);
    const future = parseReportQuery({ from: '2026-12-01', to: '2026-12-08' }, NOW);
    expect(!future.ok && future.errors.map((e) => e.field)).toEqual(['to']);
    const long = parseReportQuery({ from: '2025-01-01', to: '2026-12-01' }, NOW);
    expect(!long.ok && long.errors.map((e) => e.field)).toEqual(['to']);
  });
});

describe('parseLimit', () => {
  it('takes a whole number in range, nothing else', () => {
    expect(parseLimit({}, 10)).toEqual({ ok: true, limit: undefined });
    expect(parseLimit({ limit: '7' }, 10)).toEqual({ ok: true, limit: 7 });
    for (const bad of ['0', '11', '-1', '2.5', 'semua', ['1', '2']]) expect(parseLimit({ limit: bad }, 10)).toMatchObject({ ok: false, error: { field: 'limit' } });
  });
});

describe('labels, weeks, days and months', () => {
  it('labels a range the way people write it', () => {
    expect(periodLabel({ from: '2026-12-01', to: '2026-12-07' })).toEqual({ id: '1–7 Des 2026', en: '1–7 Dec 2026' });
    expect(periodLabel({ from: '2026-11-28', to: '2026-12-07' })).toEqual({ id: '28 Nov – 7 Des 2026', en: '28 Nov – 7 Dec 2026' });
    expect(periodLabel({ from: '2025-12-28', to: '2026-01-03' })).toEqual({ id: '28 Des 2025 – 3 Jan 2026', en: '28 Dec 2025 – 3 Jan 2026' });
    expect(periodLabel({ from: '2026-08-17', to: '2026-08-17' })).toEqual({ id: '17 Agu 2026', en: '17 Aug 2026' });
  });

  it('cuts Monday-to-Sunday weeks to the range, consecutive and covering it', () => {
    const weeks = weeksOf({ from: '2026-12-02', to: '2026-12-15' });
    expect(weeks.map((w) => w.weekStart)).toEqual(['2026-11-30', '2026-12-07', '2026-12-14']);
    expect(weeks[0].from.toISOString()).toBe('2026-12-01T17:00:00.000Z');
    expect(weeks[2].to.toISOString()).toBe('2026-12-15T17:00:00.000Z');
    for (let i = 1; i < weeks.length; i++) expect(weeks[i].from).toEqual(weeks[i - 1].to);
  });

  it('lists every day and every month touched', () => {
    expect(datesOf({ from: '2026-02-27', to: '2026-03-02' })).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(monthsOf({ from: '2025-11-15', to: '2026-02-01' })).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsOf({ from: '2026-03-01', to: '2026-03-31' })).toEqual(['2026-03']);
  });

  it('knows whether the period includes today', () => {
    expect(windowOf({ from: '2026-11-01', to: '2026-11-30' }, NOW).includesToday).toBe(false);
    expect(windowOf({ from: '2026-12-07', to: '2026-12-07' }, NOW).includesToday).toBe(true);
  });
});

describe('ranking helpers', () => {
  it('ranks best first, ties share a rank, no value no rank', () => {
    expect(ranksBestFirst([0.5, null, 0.9, 0.5, 0.1], (v) => v)).toEqual([2, null, 1, 2, 4]);
    expect(ranksBestFirst([], (v: number | null) => v)).toEqual([]);
  });

  it('puts a misroute on the dispatcher account\'s OPD, accounts without one on the command center, unknown dispatchers on nobody', () => {
    const row = (key: string | null, dispatches: number, misrouted: number) => ({ key, dispatches, misrouted, rate: { numerator: misrouted, denominator: dispatches, rate: null }, explain: null });
    const r = misroutesByDispatcherOpd(
      { misrouting: { byCategory: [], byDispatcher: [row('staf-dishub', 3, 1), row('staf-dishub-2', 2, 2), row('op-pusat', 10, 1), row('admin', 1, 0), row(null, 4, 1)] } },
      new Map([
        ['staf-dishub', 'DISHUB'],
        ['staf-dishub-2', 'DISHUB'],
        ['admin', null],
      ]),
    );
    expect(r.byOpd.get('DISHUB')).toEqual({ dispatches: 5, misrouted: 3 });
    expect(r.commandCenter).toEqual({ dispatches: 11, misrouted: 1 });
    expect(r.unattributed).toEqual({ dispatches: 4, misrouted: 1 });
  });
});
