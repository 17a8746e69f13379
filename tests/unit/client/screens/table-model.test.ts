import { describe, expect, it } from 'vitest';
import { BOM } from '../../../../shared/csv.ts';
import { ariaSortOf, csvNumber, csvOf, csvSeparator, exportFileName, exportSheet, nextSort, sortRows, type TableColumn } from '../../../../client/src/screens/table-model.ts';

interface Row {
  name: string;
  rate: number | null;
  onTime: number;
  total: number;
  ranked: boolean;
}
const rows: Row[] = [
  { name: 'Dinas B', rate: 0.5, onTime: 5, total: 10, ranked: true },
  { name: 'Dinas A', rate: 0.9, onTime: 9, total: 10, ranked: true },
  { name: 'Dinas C', rate: null, onTime: 0, total: 0, ranked: true },
  { name: 'Dinas D', rate: 1, onTime: 2, total: 2, ranked: false },
  { name: 'Dinas E', rate: 0.5, onTime: 1, total: 2, ranked: true },
];
const columns: TableColumn<Row>[] = [
  { key: 'name', label: 'OPD', text: (r) => r.name, sortValue: (r) => r.name, rowHeader: true },
  {
    key: 'rate',
    label: 'Tepat waktu',
    text: (r) => (r.rate === null ? '-' : `${r.rate * 100}%`),
    sortValue: (r) => r.rate,
    exportAs: { headers: ['Tepat waktu (%)', 'Tepat', 'Dihitung'], values: (r) => [r.rate === null ? null : r.rate * 100, r.onTime, r.total] },
  },
];

describe('sortRows', () => {
  it('sorts by the column either way, missing values and unranked rows last, ties in given order', () => {
    const asc = sortRows(rows, columns, { column: 'rate', direction: 'asc' }, (r) => !r.ranked).map((r) => r.name);
    expect(asc).toEqual(['Dinas B', 'Dinas E', 'Dinas A', 'Dinas C', 'Dinas D']);
    const desc = sortRows(rows, columns, { column: 'rate', direction: 'desc' }, (r) => !r.ranked).map((r) => r.name);
    expect(desc).toEqual(['Dinas A', 'Dinas B', 'Dinas E', 'Dinas C', 'Dinas D']);
  });
  it('sorts names as people read them and keeps the order for an unknown column', () => {
    expect(sortRows(rows, columns, { column: 'name', direction: 'desc' }).map((r) => r.name)).toEqual(['Dinas E', 'Dinas D', 'Dinas C', 'Dinas B', 'Dinas A']);
    expect(sortRows(rows, columns, { column: 'nope', direction: 'asc' })).toEqual(rows);
  });
});

describe('sort state', () => {
  it('flips the same column and starts another ascending', () => {
    expect(nextSort({ column: 'rate', direction: 'asc' }, 'rate')).toEqual({ column: 'rate', direction: 'desc' });
    expect(nextSort({ column: 'rate', direction: 'desc' }, 'name')).toEqual({ column: 'name', direction: 'asc' });
    expect(nextSort(null, 'name', 'desc')).toEqual({ column: 'name', direction: 'desc' });
    expect(ariaSortOf({ column: 'rate', direction: 'desc' }, 'rate')).toBe('descending');
    expect(ariaSortOf({ column: 'rate', direction: 'desc' }, 'name')).toBe('none');
  });
});

describe('exports', () => {
  it('exports the rows and columns given, a rate as computable cells', () => {
    const sheet = exportSheet(rows.slice(0, 3), columns);
    expect(sheet.header).toEqual(['OPD', 'Tepat waktu (%)', 'Tepat', 'Dihitung']);
    expect(sheet.body).toEqual([
      ['Dinas B', 50, 5, 10],
      ['Dinas A', 90, 9, 10],
      ['Dinas C', null, 0, 0],
    ]);
  });
  it('writes CSV for the Excel of the page language: ";" and decimal comma in Indonesian', () => {
    expect(csvSeparator('id')).toBe(';');
    expect(csvSeparator('en')).toBe(',');
    expect(csvNumber(82.35, 'id')).toBe('82,35');
    expect(csvNumber(1 / 3, 'en')).toBe('0.333333');
    const one: Row[] = [{ name: 'Dinas "X"; Y', rate: 0.825, onTime: 33, total: 40, ranked: true }];
    expect(csvOf(one, columns, 'id')).toBe(`${BOM}OPD;Tepat waktu (%);Tepat;Dihitung\r\n"Dinas ""X""; Y";82,5;33;40\r\n`);
    expect(csvOf(one, columns, 'en')).toBe(`${BOM}OPD,Tepat waktu (%),Tepat,Dihitung\r\n"Dinas ""X""; Y",82.5,33,40\r\n`);
  });
  it('names files safely', () => {
    expect(exportFileName('Peringkat OPD 1 Nov–30 Nov 2026', 'csv')).toBe('peringkat-opd-1-nov-30-nov-2026.csv');
    expect(exportFileName('///', 'xlsx')).toBe('pantau.xlsx');
  });
});
