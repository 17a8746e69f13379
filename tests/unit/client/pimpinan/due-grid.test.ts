import { describe, expect, it } from 'vitest';
import { DUE_MARK, DUE_STATUSES, dueGrids, firstFilled, moveInGrid, periodKind, type DueItem } from '../../../../client/src/pimpinan/due-grid.ts';

const item = (dataset: string, period: string, status: DueItem['status']): DueItem => ({
  dataset,
  period,
  deadline: '2026-03-01T16:59:59Z',
  status,
  receivedAt: null,
  lateByMs: null,
});

describe('due grid', () => {
  it('knows the period kinds', () => {
    expect(['2026-03-06', '2026-W10', '2026-03', 'x'].map(periodKind)).toEqual(['day', 'week', 'month', 'other']);
  });

  it('lays a daily dataset out in calendar weeks, Monday first, gaps empty', () => {
    // 2026-03-04 is a Wednesday; 2026-03-07/08 (weekend) have no due period.
    const days = ['2026-03-04', '2026-03-05', '2026-03-06', '2026-03-09'];
    const [grid] = dueGrids(days.map((d, i) => item('harian', d, DUE_STATUSES[i])));
    expect(grid.kind).toBe('day');
    expect(grid.columns).toBe(7);
    expect(grid.cells).toHaveLength(14);
    expect(grid.cells.map((c) => c?.short ?? null)).toEqual([null, null, '4', '5', '6', null, null, '9', null, null, null, null, null, null]);
    expect(grid.counts).toEqual({ on_time: 1, late: 1, missing: 1, pending: 1 });
  });

  it('puts weekly and monthly datasets in order, one cell each, and keeps the order asked for', () => {
    const grids = dueGrids(
      [item('b-bulanan', '2026-02', 'late'), item('b-bulanan', '2026-01', 'on_time'), item('a-mingguan', '2026-W10', 'missing')],
      ['b-bulanan'],
    );
    expect(grids.map((g) => [g.dataset, g.kind, g.columns, g.cells.map((c) => c?.short)])).toEqual([
      ['b-bulanan', 'month', 12, ['01', '02']],
      ['a-mingguan', 'week', 13, ['W10']],
    ]);
  });

  it('gives every verdict its own symbol (colour is never the only signal)', () => {
    const symbols = DUE_STATUSES.map((s) => DUE_MARK[s].symbol);
    expect(new Set(symbols).size).toBe(DUE_STATUSES.length);
  });

  it('moves focus with the arrows over filled cells only and stays at the edges', () => {
    const cells = [null, null, 'a', 'b', 'c', null, null, 'd', null, null, null, null, null, null];
    expect(firstFilled(cells)).toBe(2);
    expect(moveInGrid(cells, 7, 2, 'ArrowLeft')).toBe(2);
    expect(moveInGrid(cells, 7, 4, 'ArrowRight')).toBe(7);
    expect(moveInGrid(cells, 7, 7, 'ArrowUp')).toBe(7);
    expect(moveInGrid(cells, 7, 3, 'ArrowDown')).toBe(3);
    expect(moveInGrid(cells, 7, 0, 'ArrowDown')).toBe(7);
    expect(moveInGrid(cells, 7, 3, 'Home')).toBe(2);
    expect(moveInGrid(cells, 7, 3, 'End')).toBe(7);
  });
});
