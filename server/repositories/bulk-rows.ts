// Writes many rows of one table in a single statement: the rows travel as one JSON document,
// unpacked by jsonb_to_recordset. Building a 500-row INSERT with drizzle's query builder costs
// more CPU than Postgres spends running it (one bound parameter per cell, each type-checked),
// and the processors' throughput is bounded by that one Node thread; one parameter per batch is
// cheap. Column names and types come from the drizzle table, so the schema stays the one truth.
import { getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { runInOrder, type Transaction } from '../infra/database.ts';

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

type Columns = [key: string, column: PgColumn][];

function recordset(columns: Columns, rows: readonly Record<string, unknown>[]): SQL {
  // Keyed by the database column name; Dates become ISO strings, which timestamptz reads exactly.
  const records = rows.map((row) => Object.fromEntries(columns.map(([key, column]) => [column.name, row[key] ?? null])));
  const shape = columns.map(([, c]) => `${quote(c.name)} ${c.getSQLType()}`).join(', ');
  return sql`jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as v(${sql.raw(shape)})`;
}

export interface InsertOptions<K extends string> {
  /** ON CONFLICT (these columns) DO NOTHING: rows already stored are skipped, not returned. */
  skipConflictsOn?: readonly string[];
  /**
   * ON CONFLICT (these columns) DO UPDATE: a stored row takes each written value that is not
   * null, and keeps what it had where the new row has nothing.
   */
  fillConflictsOn?: readonly string[];
  /** Columns of the inserted rows to return (as the driver reads them: timestamps may be strings). */
  returning?: readonly K[];
}

/**
 * Inserts `rows`. A column is written when any row gives it a value (the others write NULL);
 * a column no row gives keeps its database default (serial ids, created_at).
 */
export async function insertRows<T extends PgTable, K extends string = never>(
  tx: Transaction,
  table: T,
  rows: readonly Record<string, unknown>[],
  options: InsertOptions<K> = {},
): Promise<Record<K, unknown>[]> {
  const [inserted] = await runInOrder(tx, [insertRowsStatement(table, rows, options)]);
  return inserted as Record<K, unknown>[];
}

/** The statement insertRows runs, for running it with others (see runInOrder); null without rows. */
export function insertRowsStatement<T extends PgTable, K extends string = never>(
  table: T,
  rows: readonly Record<string, unknown>[],
  options: InsertOptions<K> = {},
): SQL | null {
  if (!rows.length) return null;
  const all = getTableColumns(table) as Record<string, PgColumn>;
  const columns: Columns = Object.entries(all).filter(([key]) => rows.some((r) => r[key] !== undefined));
  const tableName = quote(getTableName(table));
  const name = sql.raw(tableName);
  const list = sql.raw(columns.map(([, c]) => quote(c.name)).join(', '));
  const target = (keys: readonly string[]) => keys.map((k) => quote(all[k].name)).join(', ');
  const fill = (keys: readonly string[]) =>
    columns
      .filter(([key]) => !keys.includes(key))
      .map(([, c]) => `${quote(c.name)} = coalesce(excluded.${quote(c.name)}, ${tableName}.${quote(c.name)})`)
      .join(', ');
  const conflict = options.skipConflictsOn?.length
    ? sql.raw(` on conflict (${target(options.skipConflictsOn)}) do nothing`)
    : options.fillConflictsOn?.length
      ? sql.raw(` on conflict (${target(options.fillConflictsOn)}) do update set ${fill(options.fillConflictsOn)}`)
      : sql.raw('');
  const returning = options.returning?.length
    ? sql.raw(` returning ${options.returning.map((k) => `${quote(all[k].name)} as ${quote(k)}`).join(', ')}`)
    : sql.raw('');
  return sql`insert into ${name} (${list}) select ${list} from ${recordset(columns, rows)}${conflict}${returning}`;
}

/**
 * Sets the columns named in `only` (or every column but those in `keep`, left as stored) to the
 * row's value. Rows are matched on `id`; a row whose id is not in the table is ignored.
 */
export async function updateRowsById<T extends PgTable>(
  tx: Transaction,
  table: T,
  rows: readonly Record<string, unknown>[],
  which: { only: readonly string[] } | { keep: readonly string[] },
): Promise<void> {
  await runInOrder(tx, [updateRowsByIdStatement(table, rows, which)]);
}

/** The statement updateRowsById runs, for running it with others (see runInOrder); null without rows. */
export function updateRowsByIdStatement<T extends PgTable>(
  table: T,
  rows: readonly Record<string, unknown>[],
  which: { only: readonly string[] } | { keep: readonly string[] },
): SQL | null {
  if (!rows.length) return null;
  const wanted = (key: string) => key === 'id' || ('only' in which ? which.only.includes(key) : !which.keep.includes(key));
  const columns: Columns = Object.entries(getTableColumns(table) as Record<string, PgColumn>).filter(([key]) => wanted(key));
  if (!columns.some(([key]) => key === 'id')) throw new Error(`${getTableName(table)} has no id column`);
  const assignments = columns
    .filter(([key]) => key !== 'id')
    .map(([, c]) => `${quote(c.name)} = v.${quote(c.name)}`)
    .join(', ');
  const name = sql.raw(quote(getTableName(table)));
  return sql`update ${name} set ${sql.raw(assignments)} from ${recordset(columns, rows)} where ${name}.id = v.id`;
}
