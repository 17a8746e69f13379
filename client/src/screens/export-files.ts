// Saving a table as a file in the browser. CSV is written here (shared/csv.ts); XLSX by
// write-excel-file, loaded only when someone asks for a workbook, so the screens' first load
// does not carry it.
import { csvOf, exportFileName, exportSheet, type ExportValue, type TableColumn } from './table-model.ts';
import type { Lang } from '../i18n/messages.ts';

export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadCsv<R>(rows: readonly R[], columns: readonly TableColumn<R>[], lang: Lang, baseName: string): void {
  saveBlob(new Blob([csvOf(rows, columns, lang)], { type: 'text/csv;charset=utf-8' }), exportFileName(baseName, 'csv'));
}

export async function downloadXlsx<R>(rows: readonly R[], columns: readonly TableColumn<R>[], sheetName: string, baseName: string): Promise<void> {
  const { default: writeXlsxFile } = await import('write-excel-file/browser');
  const { header, body } = exportSheet(rows, columns);
  const cell = (v: ExportValue) => (v === null || (typeof v === 'number' && !Number.isFinite(v)) ? null : { value: v });
  const data = [header.map((h) => ({ value: h, fontWeight: 'bold' as const })), ...body.map((r) => r.map(cell))];
  const blob = await writeXlsxFile(data, {
    // Excel allows 31 characters and none of []:*?/\ in a sheet's name.
    sheet: sheetName.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31),
    columns: header.map((h, i) => ({ width: Math.min(48, Math.max(10, h.length + 2, ...body.map((r) => String(r[i] ?? '').length + 2))) })),
    stickyRowsCount: 1,
  }).toBlob();
  saveBlob(blob, exportFileName(baseName, 'xlsx'));
}
