// CSV as RFC 4180 writes it (CRLF line ends; a field with the separator, a quote or a line
// break in double quotes, quotes doubled), in UTF-8 with a byte-order mark so that Excel reads
// the names of kecamatan and OPD right. The separator is a parameter: Excel on a computer set
// to Indonesian splits a double-clicked file on ";" (its list separator, because "," is the
// decimal mark there), so a file meant for that Excel uses ";".

export type CsvValue = string | number | boolean | null | undefined;

export const BOM = '\uFEFF';

export function csvField(value: CsvValue, separator: string): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  return text.includes(separator) || text.includes('"') || text.includes('\r') || text.includes('\n') ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A whole file: the BOM, the header row, one row per record, every line ending in CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[], separator = ','): string {
  if (separator.length !== 1 || separator === '"' || separator === '\r' || separator === '\n') throw new Error(`unusable CSV separator ${JSON.stringify(separator)}`);
  const line = (cells: readonly CsvValue[]) => cells.map((c) => csvField(c, separator)).join(separator);
  return BOM + [line(header), ...rows.map(line)].map((l) => `${l}\r\n`).join('');
}
