// runInOrder sends a transaction's last writes together (prepared, pipelined on PostgreSQL). What
// the processors rely on: the statements run in the order given, each sees the ones before, and
// one that fails takes the whole transaction with it. On the real PostgreSQL and on PGlite
// (the embedded database of `npm start`).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { isTransientDatabaseError, openDatabase, runInOrder, type DatabaseHandle } from '../../server/infra/database.ts';
import { createLogger } from '../../server/infra/logger.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-env.ts';

const log = createLogger('silent');
let testDb: TestDatabase;
let pgliteDir: string;
const handles: Record<'postgres' | 'pglite', DatabaseHandle | null> = { postgres: null, pglite: null };

beforeAll(async () => {
  testDb = await createTestDatabase();
  pgliteDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-pglite-'));
  handles.postgres = await openDatabase(testDb.url, pgliteDir, log);
  handles.pglite = await openDatabase(null, pgliteDir, log);
  for (const h of Object.values(handles)) {
    await h!.db.execute(sql`create table parent (id int primary key, v text not null)`);
    await h!.db.execute(sql`create table child (id int primary key, parent_id int not null references parent(id), n int not null)`);
  }
}, 120_000);

afterAll(async () => {
  for (const h of Object.values(handles)) await h?.close();
  await testDb?.drop();
  if (pgliteDir) fs.rmSync(pgliteDir, { recursive: true, force: true });
});

const rowsOf = async (h: DatabaseHandle) => {
  const parents = await h.db.execute(sql`select id, v from parent order by id`);
  const children = await h.db.execute(sql`select id, parent_id, n from child order by id`);
  const list = (r: unknown) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows).map((x) => ({ ...(x as object) }));
  return { parents: list(parents), children: list(children) };
};

describe.each(['postgres', 'pglite'] as const)('runInOrder on %s', (kind) => {
  it('runs the statements in order, each seeing the ones before, and returns each one’s rows', async () => {
    const h = handles[kind]!;
    // The same statement texts again and again with other data: prepared once, reused.
    for (let i = 1; i <= 12; i++) {
      const answers = await h.db.transaction((tx) =>
        runInOrder(tx, [
          sql`insert into parent (id, v) select x::int, 'new' from jsonb_array_elements_text(${JSON.stringify([i])}::jsonb) as t(x) returning id`,
          sql`update parent set v = 'updated' where id = any(${sql.param([i])}::int[])`,
          null,
          sql`insert into child (id, parent_id, n) select ${i}::int, ${i}::int, count(*)::int from parent where v = 'updated'`,
          sql`select n from child where id = ${i}::int`,
        ]),
      );
      expect(answers.length).toBe(5);
      expect(answers[0].map((r) => Number((r as { id: number }).id))).toEqual([i]);
      expect(answers[2]).toEqual([]);
      expect(answers[4].map((r) => Number((r as { n: number }).n))).toEqual([i]);
    }
    const { parents, children } = await rowsOf(h);
    expect(parents.length).toBe(12);
    expect(parents.every((p) => (p as { v: string }).v === 'updated')).toBe(true);
    expect(children.map((c) => Number((c as { n: number }).n))).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('stores nothing when one statement fails, and reports that statement’s error', async () => {
    const h = handles[kind]!;
    const before = await rowsOf(h);
    const failed = h.db.transaction((tx) =>
      runInOrder(tx, [
        sql`insert into parent (id, v) values (100, 'kept?')`,
        // No parent 999: the foreign key refuses it.
        sql`insert into child (id, parent_id, n) values (100, 999, 0)`,
        sql`insert into parent (id, v) values (101, 'after the failure')`,
      ]),
    );
    const error = (await failed.then(() => null, (e: Error) => e)) as (Error & { cause?: Error }) | null;
    // drizzle on PGlite wraps the database's error ("Failed query: ...", cause: the error).
    expect(`${error?.message} ${error?.cause?.message ?? ''}`).toMatch(/foreign key/i);
    expect(await rowsOf(h)).toEqual(before);
  });
});

describe('a transaction whose PostgreSQL connection dies', () => {
  // postgres.js 3.4.9 crashed the whole process here (porsager/postgres#1208), and a connection
  // that died with a write buffered never sent anything again after reconnecting; patched in
  // patches/postgres+3.4.9.patch (npm's postinstall applies it).
  it('fails the transaction (so the processor retries the batch), and the pool keeps working', async () => {
    const h = handles.postgres!;
    const admin = postgres(testDb.url, { max: 1, onnotice: () => {} });
    try {
      for (let round = 0; round < 5; round++) {
        const doomed = h.db.transaction(async (tx) => {
          const [[me]] = await runInOrder(tx, [sql`select pg_backend_pid() as pid`]);
          await admin`select pg_terminate_backend(${Number((me as { pid: number }).pid)})`;
          await new Promise((r) => setTimeout(r, 20));
          await runInOrder(tx, [sql`select 1 as a`, sql`select 2 as b`, sql`select 3 as c`]);
        });
        const error = (await doomed.then(() => null, (e: Error) => e)) as (Error & { code?: string }) | null;
        expect(error, 'the transaction must fail').not.toBeNull();
        expect(isTransientDatabaseError(error), `${error?.message} (${error?.code}) counts as "database away", so the batch is retried`).toBe(true);
        const [answer] = await runInOrder(h.db, [sql`select 42 as answer`]);
        expect(answer.map((r) => Number((r as { answer: number }).answer))).toEqual([42]);
      }
    } finally {
      await admin.end();
    }
  });
});

