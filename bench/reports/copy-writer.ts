// Rows into PostgreSQL by COPY ... FROM STDIN (text format) through postgres.js, buffered into
// chunks and honouring back-pressure, so a generator can stream millions of rows without
// holding them. Column lists are database column names; values are JS values as drizzle gives
// them (Date, boolean, number, string, objects for jsonb, null).
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import type postgres from 'postgres';

const CHUNK_BYTES = 256 * 1024;

/** One value in COPY's text format: \N for null, backslash escapes for the separators. */
export function copyText(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '\\N';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /[\\\t\n\r]/.test(text) ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : text;
}

export class CopyWriter {
  private stream: Writable | null = null;
  private buffer: string[] = [];
  private bufferBytes = 0;
  rows = 0;

  private constructor(
    readonly table: string,
    readonly columns: readonly string[],
  ) {}

  static async open(sql: postgres.Sql, table: string, columns: readonly string[]): Promise<CopyWriter> {
    const w = new CopyWriter(table, columns);
    const list = columns.map((c) => `"${c}"`).join(', ');
    w.stream = (await sql.unsafe(`copy "${table}" (${list}) from stdin`).writable()) as unknown as Writable;
    return w;
  }

  /** Queues one row (values in column order); resolves at once unless PostgreSQL is behind. */
  async write(values: readonly unknown[]): Promise<void> {
    let line = '';
    for (let i = 0; i < values.length; i++) line += (i ? '\t' : '') + copyText(values[i]);
    line += '\n';
    this.buffer.push(line);
    this.bufferBytes += line.length;
    this.rows += 1;
    if (this.bufferBytes >= CHUNK_BYTES) await this.flush();
  }

  /** Writes a row given as an object keyed by column name. */
  writeRecord(record: Record<string, unknown>): Promise<void> {
    return this.write(this.columns.map((c) => record[c]));
  }

  private async flush(): Promise<void> {
    if (!this.buffer.length || !this.stream) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.bufferBytes = 0;
    // A refused row (a constraint, a bad value) ends the COPY with an error and no 'drain' ever
    // comes: fail with PostgreSQL's words instead of waiting for ever.
    const s = this.stream;
    if (!s.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        const onError = (error: Error) => {
          s.off('drain', onDrain);
          reject(new Error(`COPY into ${this.table} failed: ${error.message}`));
        };
        const onDrain = () => {
          s.off('error', onError);
          resolve();
        };
        s.once('drain', onDrain);
        s.once('error', onError);
      });
    }
  }

  async end(): Promise<number> {
    await this.flush();
    const s = this.stream!;
    s.end();
    await finished(s);
    this.stream = null;
    return this.rows;
  }
}
