import { describe, expect, it } from 'vitest';
import type { OverviewResponse, RankingRow } from '../../../../shared/pimpinan-api.ts';
import {
  durationText,
  figureNumbers,
  headline,
  liveRefreshDelay,
  overviewGroups,
  rankingColumns,
  rankingDefinitions,
  reportQuery,
  unrankedLast,
} from '../../../../client/src/pimpinan/pimpinan-model.ts';
import { exportSheet, sortRows } from '../../../../client/src/screens/table-model.ts';

const same = <T>(v: T) => ({ value: v, previous: v });
const rate = (numerator: number, denominator: number, min = 5) => ({ numerator, denominator, rate: denominator >= min ? numerator / denominator : null });
const availability = (percent: number | null, services: number) => ({ percent, upMs: 0, downMs: 0, services });
const period = { from: '2026-11-08', to: '2026-12-07', label: { id: '', en: '' }, asOf: '2026-12-07T09:00:00Z' };

function overview(): OverviewResponse {
  return {
    period,
    previous: period,
    includesToday: true,
    minCount: 5,
    complaints: {
      received: { value: 176, previous: 150 },
      closed: same(120),
      open: same(56),
      overdueCitizen: { value: 12, previous: 15 },
      overdueOpd: same(9),
      onTime: { value: rate(145, 176), previous: rate(100, 150) },
      opdOnTime: same(rate(3, 4)),
      medianWorkingDaysToFirstResponse: same(1.5),
      medianWorkingDaysToResolution: same(null),
      firstResponseCount: same(100),
      resolutionCount: same(0),
    },
    uploads: { due: same(40), onTime: same(30), late: same(5), missing: same(3), pending: same(2), onTimeRate: same(rate(30, 38)) },
    services: { total: 12, downNow: 1, availability: same(availability(99.5, 12)), incidentsOpened: same(2), downtimeMs: same(3_900_000) },
    kecamatan: [],
    definitions: {},
  };
}

const plain = (s: string) => s.replace(/\s/g, ' ');

describe('the city view model', () => {
  it('asks the API for the period as chosen (presets stay relative)', () => {
    expect(reportQuery({ preset: '7d' })).toBe('period=7d');
    expect(reportQuery({ from: '2026-11-01', to: '2026-11-30' })).toBe('from=2026-11-01&to=2026-11-30');
  });
  it('says first what a mayor asks: how many came in, how many on time, how many late now', () => {
    expect(plain(headline(overview(), 'id'))).toBe('176 aduan masuk; 82,4% (145 dari 176) selesai tepat waktu; 12 lewat batas waktu sekarang');
    const few = { ...overview(), complaints: { ...overview().complaints, onTime: same(rate(1, 3)) } };
    expect(headline(few, 'en')).toBe('176 complaints in; 12 overdue now; on time: not enough data (1 of 3)');
  });
  it('lays out every overview figure with which way is better', () => {
    const groups = overviewGroups(overview(), 'id');
    expect(groups.map((g) => g.key)).toEqual(['complaints', 'uploads', 'services']);
    const all = groups.flatMap((g) => g.figures);
    expect(all.filter((f) => f.major).map((f) => f.key)).toEqual(['received', 'onTime', 'overdueCitizen', 'overdueOpd', 'uploadsOnTimeRate', 'availability']);
    const byKey = new Map(all.map((f) => [f.key, f]));
    expect(byKey.get('received')?.better).toBe('neither');
    expect(byKey.get('overdueCitizen')?.better).toBe('down');
    expect(figureNumbers(byKey.get('onTime')!.figure)).toEqual({ current: 145 / 176, previous: 100 / 150, kind: 'share' });
    expect(figureNumbers(byKey.get('availability')!.figure)).toEqual({ current: 0.995, previous: 0.995, kind: 'share' });
    expect(byKey.get('uploadsDue')?.note).toBe('2 belum jatuh tempo');
  });
  it('writes durations in two units at most', () => {
    expect(durationText(3_900_000, 'id')).toBe('1 j 5 mnt');
    expect(durationText(90_000_000, 'en')).toBe('1 d 1 h');
    expect(durationText(0, 'id')).toBe('0 mnt');
  });
  it('refetches live at most once per gap', () => {
    expect(liveRefreshDelay(null, 1000)).toBe(0);
    expect(liveRefreshDelay(1000, 2000)).toBe(4000);
    expect(liveRefreshDelay(1000, 9000)).toBe(0);
  });
});

describe('the ranking', () => {
  const row = (code: string, on: [number, number], rank: number | null, overdueNow = 0): RankingRow => ({
    opd: { code, name: `Dinas ${code}`, shortName: null },
    complaintsOnTime: rate(on[0], on[1]),
    uploadsOnTime: rate(1, 2),
    availability: availability(null, 0),
    services: 0,
    misroutesReceived: 0,
    misroutesCaused: 1,
    overdueNow,
    received: on[1],
    ranks: { complaints: rank, uploads: null, availability: null },
  });
  const rows = [row('A', [9, 10], 1), row('B', [1, 2], null, 7), row('C', [5, 10], 2, 3)];

  it('sorts worst first with the unranked last, and shows rates with counts', () => {
    const columns = rankingColumns('id', 5);
    const sort = { column: 'complaintsOnTime', direction: 'asc' as const };
    expect(sortRows(rows, columns, sort, unrankedLast(sort)).map((r) => r.opd.code)).toEqual(['C', 'A', 'B']);
    const byOverdue = { column: 'overdueNow', direction: 'desc' as const };
    expect(unrankedLast(byOverdue)).toBeUndefined();
    expect(sortRows(rows, columns, byOverdue, unrankedLast(byOverdue)).map((r) => r.opd.code)).toEqual(['B', 'C', 'A']);
    const text = (key: string, r: RankingRow) => columns.find((c) => c.key === key)!.text(r);
    expect(plain(text('complaintsOnTime', rows[0]))).toBe('90,0% (9 dari 10)');
    expect(text('complaintsOnTime', rows[1])).toBe('data belum cukup (1 dari 2)');
    expect(text('rank', rows[1])).toBe('–');
    expect(text('availability', rows[0])).toBe('tidak ada layanan');
  });
  it('exports numbers as numbers, a rate as its % and counts', () => {
    const sheet = exportSheet(rows.slice(0, 2), rankingColumns('en', 5));
    expect(sheet.header.slice(0, 6)).toEqual(['Rank', 'OPD code', 'OPD', 'Complaints on time (%)', 'Complaints on time: on time', 'Complaints on time: counted']);
    expect(sheet.body[0].slice(0, 6)).toEqual([1, 'A', 'Dinas A', 90, 9, 10]);
    expect(sheet.body[1].slice(0, 6)).toEqual([null, 'B', 'Dinas B', null, 1, 2]);
  });
  it('puts the definitions in column order', () => {
    const defs = { overdueNow: { id: 'terlambat sekarang', en: 'late now' }, complaintsOnTime: { id: 'rumus', en: 'formula' }, extra: { id: 'lain', en: 'other' } };
    expect(rankingDefinitions(defs, 'id')).toEqual([
      { key: 'complaintsOnTime', label: 'Aduan tepat waktu', text: 'rumus' },
      { key: 'overdueNow', label: 'Lewat batas sekarang', text: 'terlambat sekarang' },
      { key: 'extra', label: '', text: 'lain' },
    ]);
  });
});
