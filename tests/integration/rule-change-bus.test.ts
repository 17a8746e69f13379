// A rule saved through one node is judged with on every node within seconds: node A announces
// the change, node B (web only) reloads its rules. Without the bus B would wait for its
// reference cache's 30 s refresh.
import { afterAll, beforeAll, expect, it } from 'vitest';
import postgres from 'postgres';
import { startPantau, type PantauHandle } from '../../server/main.ts';
import { createTestDatabase, deleteRedisPrefix, testConfig, testPrefix, type TestDatabase } from '../support/test-env.ts';

let db: TestDatabase;
let prefix: string;
let nodeA: PantauHandle;
let nodeB: PantauHandle;
const WITHIN_MS = 2000;

beforeAll(async () => {
  db = await createTestDatabase();
  prefix = testPrefix();
  nodeA = await startPantau(testConfig(db.url, prefix));
  const base = testConfig(db.url, prefix);
  const webOnly = Object.fromEntries(Object.keys(base.roles).map((r) => [r, r === 'web'])) as typeof base.roles;
  nodeB = await startPantau({ ...base, roles: webOnly });
});

afterAll(async () => {
  await nodeB?.close();
  await nodeA?.close();
  await deleteRedisPrefix(prefix);
  await db?.drop();
});

it('a calendar day saved and announced on node A is a holiday on node B within seconds', async () => {
  const day = '2026-12-15'; // a Tuesday, a working day in the official 2026 list
  expect(nodeB.reference.current().calendar.isWorkingDay(day)).toBe(true);
  const sql = postgres(db.url, { max: 1 });
  try {
    await sql`insert into calendar_days (date, kind, name, year) values (${day}, 'closure', 'Uji libur lokal', 2026)`;
  } finally {
    await sql.end();
  }
  const announced = performance.now();
  await nodeA.rules.publish({ kind: 'calendar', version: null });
  // The announcing node has reloaded before publish returns.
  expect(nodeA.reference.current().calendar.isWorkingDay(day)).toBe(false);
  while (nodeB.reference.current().calendar.isWorkingDay(day) && performance.now() - announced < WITHIN_MS) {
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(nodeB.reference.current().calendar.isWorkingDay(day)).toBe(false);
});
