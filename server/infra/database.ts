// One drizzle database over either a real PostgreSQL (DATABASE_URL, via postgres.js) or the
// embedded PGlite used by the one-command demo. Code above this module sees only `Database`.
import fs from 'node:fs';
import path from 'node:path';
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { withTimeout } from './promise-timeout.ts';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from '../../db/schema.ts';
import { repoRoot } from '../config.ts';
import type { Logger } from './logger.ts';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
export type Queryable = Database | Transaction;

export interface DatabaseHandle {
  db: Database;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
  ping(): Promise<boolean>;
  /**
   * Runs start-up work that must not run in two processes at once (the first seed): processes
   * starting together on one PostgreSQL take turns, by an advisory lock. PGlite has one process.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
}

/** The advisory lock key of start-up work (migrations, seeding); any fixed number of our own. */
const STARTUP_LOCK_KEY = 7_270_616_701;

const migrationsFolder = path.join(repoRoot, 'db/migrations');

export async function openDatabase(databaseUrl: string | null, dataDir: string, log: Logger): Promise<DatabaseHandle> {
  if (databaseUrl) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    const client = postgres(databaseUrl, {
      // Processors hold one connection per consumer (PANTAU_PROCESSOR_CONCURRENCY x 3 streams),
      // with room left for the web requests.
      max: 20,
      onnotice: () => {},
      connect_timeout: 10,
      // Fail fast while PostgreSQL is away: processors back off and retry, events wait in Redis.
      idle_timeout: 30,
    });
    const db = drizzle(client, { schema });
    // Held by one reserved connection (a session lock) while the work runs on the pool. Without it
    // two processes starting together both CREATE TABLE and one dies on a duplicate pg_type row.
    const exclusive = async <T>(work: () => Promise<T>): Promise<T> => {
      const session = await client.reserve();
      try {
        await session`select pg_advisory_lock(${STARTUP_LOCK_KEY})`;
        try {
          return await work();
        } finally {
          await session`select pg_advisory_unlock(${STARTUP_LOCK_KEY})`;
        }
      } finally {
        session.release();
      }
    };
    await exclusive(() => migrate(db, { migrationsFolder }));
    return {
      db: db as unknown as Database,
      kind: 'postgres',
      close: () => client.end({ timeout: 5 }),
      ping: () => pingWith(db as unknown as Database),
      exclusive,
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const dir = path.join(dataDir, 'pgdata');
  fs.mkdirSync(dir, { recursive: true });
  log.info({ dir }, 'DATABASE_URL not set: using the embedded PGlite database');
  const client = new PGlite(dir);
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder });
  return {
    db: db as unknown as Database,
    kind: 'pglite',
    close: () => client.close(),
    ping: () => pingWith(db as unknown as Database),
    exclusive: (work) => work(),
  };
}

async function pingWith(db: Database): Promise<boolean> {
  // A database that does not answer within 2 s is as good as down for a health check.
  try {
    await withTimeout(db.execute(sql`select 1`), 2_000);
    return true;
  } catch {
    return false;
  }
}

/** A timestamp parameter for raw SQL (postgres.js does not take Date objects in raw queries). */
export function timestamptz(d: Date): SQL {
  return sql`${d.toISOString()}::timestamptz`;
}

/** Rows of a raw query, whichever driver ran it (postgres.js returns an array, PGlite `{ rows }`). */
export async function queryRows<T>(db: Queryable, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

const dialect = new PgDialect();
const MAX_PREPARED_PARAMS = 16;

interface PostgresJsClient {
  unsafe(query: string, params: unknown[], options: { prepare: boolean }): { execute(): PromiseLike<unknown> };
}

/**
 * Runs statements one after the other and returns each one's rows (as the driver gives them:
 * database column names or the statement's aliases; timestamps as strings). Nulls are skipped
 * (their rows are empty).
 *
 * On PostgreSQL the statements are prepared, once per connection, and pipelined: sent together
 * and answered together, one round trip where there were two per statement (drizzle runs every
 * query unprepared, and postgres.js then asks for its parameter types before it can send it).
 * PostgreSQL runs them in order, and the first that fails aborts the transaction as usual. Only
 * for statements whose text does not grow with their data (a JSON or array parameter, not one
 * parameter per value), or every length would become a prepared statement of its own.
 * PGlite runs them one by one.
 */
export async function runInOrder(db: Queryable, statements: (SQLWrapper | null)[]): Promise<unknown[][]> {
  const client = (db as unknown as { session?: { client?: Partial<PostgresJsClient> } }).session?.client;
  if (typeof client?.unsafe === 'function') {
    const unsafe = client.unsafe.bind(client);
    // execute() queues each query on the connection now, in this order.
    const answers = statements.map((s) => {
      if (!s) return Promise.resolve([]);
      const q = dialect.sqlToQuery(s.getSQL());
      // A statement with many parameters has one per value, and a text of its own for every
      // count: preparing those would leave a statement per count on every connection.
      return unsafe(q.sql, q.params, { prepare: q.params.length <= MAX_PREPARED_PARAMS }).execute();
    });
    return (await Promise.all(answers)) as unknown[][];
  }
  const out: unknown[][] = [];
  for (const s of statements) out.push(s ? await queryRows(db, s.getSQL()) : []);
  return out;
}

/** True for errors that mean "the database is not reachable right now", as opposed to bad data. */
export function isTransientDatabaseError(error: unknown): boolean {
  const e = error as { code?: string; message?: string; cause?: unknown } | undefined;
  if (!e) return false;
  const code = e.code ?? '';
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED'].includes(code)) return true;
  // 57P01 admin shutdown, 57P03 cannot connect now, 08xxx connection exceptions, 53xxx resources.
  if (/^(08|53|57P0)/.test(code)) return true;
  if (e.cause && e.cause !== error) return isTransientDatabaseError(e.cause);
  return /connect|terminat|shut ?down|closed/i.test(e.message ?? '');
}
