// The pure half of data-table.svelte: sorting (the sort itself is owned by the caller, e.g. the
// URL), and turning exactly the rows and columns on screen into a CSV or XLSX sheet.
import { toCsv, type CsvValue } from '../../../shared/csv.ts';
import type { Lang } from '../i18n/messages.ts';

export type SortDirection = 'asc' | 'desc';
export interface TableSort {
  column: string;
  direction: SortDirection;
}

/** One cell of an export: a number stays a number, so Excel can sum and sort it. */
export type ExportValue = string | number | null;

export interface TableColumn<R> {
  key: string;
  label: string;
  /** What the column sorts by; null (no data) sorts after everything else, either way. */
  sortValue?: (row: R) => number | string | null;
  /** The text in the cell, and in the export unless `exportAs` says otherwise. */
  text: (row: R) => string;
  /**
   * The cells this column becomes in a CSV/XLSX: a rate shown as "82,4% (145 dari 176)" becomes
   * three computable cells (the %, the on-time count, the count it is out of) with these headers.
   */
  exportAs?: { headers: string[]; values: (row: R) => ExportValue[] };
  align?: 'start' | 'end';
  /** The column that names the row (a row header for screen readers). */
  rowHeader?: boolean;
}

const collator = new Intl.Collator('id', { sensitivity: 'base', numeric: true });

function compare(a: number | string | null, b: number | string | null): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/**
 * Rows in the order shown. Rows for which `last` is true (e.g. "data belum cukup": not ranked)
 * come after the others whatever the sort; missing values come after present ones in both
 * directions; ties keep the given order, so a sort never shuffles equal rows.
 */
export function sortRows<R>(rows: readonly R[], columns: readonly TableColumn<R>[], sort: TableSort | null, last?: (row: R) => boolean): R[] {
  const column = sort ? columns.find((c) => c.key === sort.column && c.sortValue) : undefined;
  const sign = sort?.direction === 'desc' ? -1 : 1;
  return rows
    .map((row, index) => ({ row, index, tail: last?.(row) ?? false, value: column?.sortValue?.(row) ?? null }))
    .sort((a, b) => {
      if (a.tail !== b.tail) return a.tail ? 1 : -1;
      if (column) {
        const aNull = a.value === null || (typeof a.value === 'number' && !Number.isFinite(a.value));
        const bNull = b.value === null || (typeof b.value === 'number' && !Number.isFinite(b.value));
        if (aNull !== bNull) return aNull ? 1 : -1;
        if (!aNull) {
          const c = compare(a.value, b.value) * sign;
          if (c !== 0) return c;
        }
      }
      return a.index - b.index;
    })
    .map((x) => x.row);
}

/** The sort after a click on a column's header: the same column flips, another starts ascending. */
export function nextSort(current: TableSort | null, column: string, firstDirection: SortDirection = 'asc'): TableSort {
  if (current?.column === column) return { column, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { column, direction: firstDirection };
}

export function ariaSortOf(sort: TableSort | null, column: string): 'ascending' | 'descending' | 'none' {
  if (sort?.column !== column) return 'none';
  return sort.direction === 'asc' ? 'ascending' : 'descending';
}

/** Header row and body rows of an export: exactly the columns and rows given, in that order. */
export function exportSheet<R>(rows: readonly R[], columns: readonly TableColumn<R>[]): { header: string[]; body: ExportValue[][] } {
  const header = columns.flatMap((c) => c.exportAs?.headers ?? [c.label]);
  const body = rows.map((row) => columns.flatMap((c) => (c.exportAs ? c.exportAs.values(row) : [c.text(row)])));
  return { header, body };
}

/**
 * Excel opens a double-clicked CSV with the computer's list separator and decimal mark: on an
 * Indonesian computer ";" and ",", on an English one "," and ".". The file follows the page's
 * language, which is the best guess of the computer's we have.
 */
export function csvSeparator(lang: Lang): ';' | ',' {
  return lang === 'id' ? ';' : ',';
}

/** A number as that Excel reads it: decimal comma in Indonesian, no thousands grouping. */
export function csvNumber(value: number, lang: Lang): string {
  const text = String(Math.round(value * 1e6) / 1e6);
  return lang === 'id' ? text.replace('.', ',') : text;
}

export function csvOf<R>(rows: readonly R[], columns: readonly TableColumn<R>[], lang: Lang): string {
  const { header, body } = exportSheet(rows, columns);
  const cells: CsvValue[][] = body.map((r) => r.map((v) => (typeof v === 'number' ? (Number.isFinite(v) ? csvNumber(v, lang) : null) : v)));
  return toCsv(header, cells, csvSeparator(lang));
}

/** A file name without characters a file system or a chat app would choke on. */
export function exportFileName(base: string, extension: 'csv' | 'xlsx'): string {
  const safe = base
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
  return `${safe || 'pantau'}.${extension}`;
}
