// Web and processor processes started at the same moment on one empty database (a deployment's
// first start, or every process of it restarted together) all come up: one migrates and seeds,
// the others wait for it, none dies in migrate() on "duplicate key ... pg_type_typname_nsp_index"
// or seeds twice. Real child processes (`server/main.ts`), as in production.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type postgres from 'postgres';
import { newAccess } from '../../bench/access.ts';
import { Deployment, ServerProcess } from '../../bench/system-under-test.ts';

let deployment: Deployment;
let sql: postgres.Sql;
const processes: ServerProcess[] = [];
const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-concurrent-start-'));

beforeAll(async () => {
  deployment = await Deployment.create({ access: newAccess(), tag: 'concstart' });
  sql = deployment.sql();
});

afterAll(async () => {
  await Promise.all(processes.map((p) => p.kill()));
  await sql?.end();
  await deployment?.cleanup().catch(() => {});
  fs.rmSync(logDir, { recursive: true, force: true });
});

describe('several processes starting together on an empty database', () => {
  it('all come up, with the schema migrated once and the reference data seeded once', async () => {
    const roles = ['web,processors,prober', 'web', 'processors'];
    for (const [i, r] of roles.entries()) processes.push(new ServerProcess(deployment, { roles: r, logFile: path.join(logDir, `process-${i + 1}.log`) }));
    const started = await Promise.allSettled(processes.map((p) => p.start(100_000)));
    const failures = started.flatMap((s, i) => (s.status === 'rejected' ? [`process ${i + 1} (${roles[i]}): ${String(s.reason).slice(0, 1500)}`] : []));
    expect(failures).toEqual([]);

    const [migrations] = await sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
    const migrationFiles = fs.readdirSync(path.join(import.meta.dirname, '../../db/migrations')).filter((f) => f.endsWith('.sql'));
    expect(migrations.n).toBe(migrationFiles.length);
    const [opd] = await sql<{ n: number; distinct: number }[]>`select count(*)::int as n, count(distinct code)::int as distinct from opd`;
    expect(opd.n).toBeGreaterThan(0);
    expect(opd.n).toBe(opd.distinct);
    const [monitors] = await sql<{ n: number; distinct: number }[]>`select count(*)::int as n, count(distinct code)::int as distinct from monitors`;
    expect(monitors.n).toBe(monitors.distinct);

    // And each stops on SIGTERM, cleanly (exit code 0).
    await Promise.all(processes.map((p) => p.stop(10_000)));
    expect(processes.map((p) => p.exit)).toEqual(processes.map(() => ({ code: 0, signal: null })));
  }, 150_000);
});
