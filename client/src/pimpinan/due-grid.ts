// The due-period grid of one OPD: per dataset, every period whose deadline fell in the report's
// range, laid out like a calendar (daily datasets in weeks of seven, Monday first; weekly ones a
// quarter to a row; monthly ones a year to a row), each cell with a colour AND a symbol, so the
// verdict reads without colour vision and in a black-and-white print. Pure.
import { dayNumber, isoWeekdayOfDay } from '../../../shared/calendar-date.ts';

export const DUE_STATUSES = ['on_time', 'late', 'missing', 'pending'] as const;
export type DueStatus = (typeof DUE_STATUSES)[number];

/** One due period and its verdict, as the OPD drill-down lists it. */
export interface DueItem {
  dataset: string;
  /** `2026-03-06`, `2026-W10` or `2026-03`. */
  period: string;
  deadline: string;
  status: DueStatus;
  receivedAt: string | null;
  lateByMs: number | null;
}

/**
 * Symbol and colour per verdict. Colours from the Okabe-Ito set (safe for the common
 * colour-vision deficiencies); the symbols differ in shape, not only in colour.
 */
export const DUE_MARK: Record<DueStatus, { symbol: string; colour: string; text: string }> = {
  on_time: { symbol: '✓', colour: '#009E73', text: '#ffffff' },
  late: { symbol: '!', colour: '#E69F00', text: '#111111' },
  missing: { symbol: '✗', colour: '#D55E00', text: '#ffffff' },
  pending: { symbol: '…', colour: '#3a4654', text: '#eef3f8' },
};

export type PeriodKind = 'day' | 'week' | 'month' | 'other';

export function periodKind(period: string): PeriodKind {
  if (/^\d{4}-\d{2}-\d{2}$/.test(period)) return 'day';
  if (/^\d{4}-W\d{2}$/.test(period)) return 'week';
  if (/^\d{4}-\d{2}$/.test(period)) return 'month';
  return 'other';
}

export interface GridCell {
  item: DueItem;
  /** Short text under the symbol: the day of the month, the week number or the month number. */
  short: string;
}

export interface DatasetGrid {
  dataset: string;
  kind: PeriodKind;
  columns: number;
  /** Row-major; null is an empty place (a day without a due period, or before the first). */
  cells: (GridCell | null)[];
  counts: Record<DueStatus, number>;
}

const COLUMNS: Record<PeriodKind, number> = { day: 7, week: 13, month: 12, other: 10 };

function shortOf(period: string, kind: PeriodKind): string {
  switch (kind) {
    case 'day':
      return String(Number(period.slice(8, 10)));
    case 'week':
      return `W${Number(period.slice(6))}`;
    case 'month':
      return period.slice(5, 7);
    default:
      return period;
  }
}

/** One grid per dataset, datasets in the order given by `order` (else by code). */
export function dueGrids(items: readonly DueItem[], order?: readonly string[]): DatasetGrid[] {
  const byDataset = new Map<string, DueItem[]>();
  for (const item of items) {
    const list = byDataset.get(item.dataset) ?? [];
    list.push(item);
    byDataset.set(item.dataset, list);
  }
  const codes = [...byDataset.keys()].sort((a, b) => {
    const ia = order?.indexOf(a) ?? -1;
    const ib = order?.indexOf(b) ?? -1;
    if (ia !== ib) return (ia === -1 ? Infinity : ia) - (ib === -1 ? Infinity : ib);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  return codes.map((dataset) => gridOf(dataset, byDataset.get(dataset)!));
}

function gridOf(dataset: string, list: DueItem[]): DatasetGrid {
  const sorted = [...list].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  const kinds = new Set(sorted.map((i) => periodKind(i.period)));
  const kind: PeriodKind = kinds.size === 1 ? [...kinds][0] : 'other';
  const counts = { on_time: 0, late: 0, missing: 0, pending: 0 } as Record<DueStatus, number>;
  for (const i of sorted) counts[i.status]++;
  const columns = COLUMNS[kind];
  let cells: (GridCell | null)[];
  if (kind === 'day') {
    // Calendar weeks: each day at its weekday's column, gaps (weekends of a working-day
    // schedule, days outside the range) left empty.
    const first = dayNumber(sorted[0].period);
    const monday = first - (isoWeekdayOfDay(first) - 1);
    const last = dayNumber(sorted[sorted.length - 1].period);
    const length = Math.ceil((last - monday + 1) / 7) * 7;
    cells = Array.from({ length }, () => null);
    for (const item of sorted) cells[dayNumber(item.period) - monday] = { item, short: shortOf(item.period, kind) };
  } else {
    cells = sorted.map((item) => ({ item, short: shortOf(item.period, kind) }));
  }
  return { dataset, kind, columns, cells, counts };
}

export type GridKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End';

/**
 * The cell a key moves focus to in a grid with empty places: the next filled cell in that
 * direction, or the same cell at an edge (a grid is one tab stop; arrows move inside it).
 */
export function moveInGrid(cells: readonly unknown[], columns: number, index: number, key: GridKey): number {
  const filled = (i: number) => i >= 0 && i < cells.length && cells[i] !== null;
  if (key === 'Home' || key === 'End') {
    const order = cells.map((_, i) => i).filter(filled);
    return order.length ? (key === 'Home' ? order[0] : order[order.length - 1]) : index;
  }
  const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -columns, ArrowDown: columns }[key];
  for (let i = index + step; i >= 0 && i < cells.length; i += step) {
    if (filled(i)) return i;
  }
  return index;
}

/** The first filled cell: where a grid's single tab stop starts. */
export function firstFilled(cells: readonly unknown[]): number {
  return Math.max(0, cells.findIndex((c) => c !== null));
}
