// Agents written for Uptime Kuma's push URL must work unchanged: every form Kuma accepts is
// accepted here and read the same way (server/routers/api-router.js of louislam/uptime-kuma:
// any method, only the query string, `status` exactly "up" is up and anything else down, no
// `msg` means "OK", `ping` read as a leading number up to 100,000,000,000 ms). Each form is sent
// to a real server and judged by the check result it leaves in PostgreSQL.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import * as t from '../../db/schema.ts';
import { startPantau, type PantauHandle } from '../../server/main.ts';
import { createLogger } from '../../server/infra/logger.ts';
import { createTestDatabase, deleteRedisPrefix, testConfig, testPrefix, waitFor, type TestDatabase } from '../support/test-env.ts';

const TOKEN = 'kuma-agent-token-0123456789';
let db: TestDatabase;
let prefix: string;
let handle: PantauHandle;
let sql: postgres.Sql;
let url: string;
const logged: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  prefix = testPrefix();
  const sink = new Writable({
    write(chunk, _enc, done) {
      logged.push(String(chunk));
      done();
    },
  });
  handle = await startPantau(testConfig(db.url, prefix, { roles: { web: true, processors: true, prober: false }, logLevel: 'info' }), {
    log: createLogger('info', sink),
  });
  url = handle.url;
  sql = postgres(db.url, { max: 2, onnotice: () => {} });
  await handle.database.db
    .insert(t.monitors)
    .values({ code: 'kuma-agent', name: 'Agen cadangan (Kuma)', opdCode: 'BKAD', kind: 'push', pushToken: TOKEN, intervalSeconds: 60 });
  await handle.reference.refresh();
});

afterAll(async () => {
  await sql?.end();
  await handle?.close();
  await deleteRedisPrefix(prefix);
  await db?.drop();
});

interface Stored {
  status: string;
  latency_ms: number | null;
  message: string | null;
}

const stored = async (): Promise<Stored[]> =>
  sql`select status, latency_ms, message from check_results where source = 'pantau-push' order by id` as unknown as Promise<Stored[]>;

/** Sends one push and returns the answer and the check result it stored (null when none). */
async function push(query: string, init: RequestInit = {}): Promise<{ status: number; body: unknown; stored: Stored | null }> {
  const before = (await stored()).length;
  const res = await fetch(`${url}/api/push/${TOKEN}${query}`, init);
  const text = await res.text();
  const body = text ? JSON.parse(text) : null;
  if (res.status !== 200) {
    // Give a wrongly accepted beat the time to show up before saying none was stored.
    await new Promise((r) => setTimeout(r, 300));
    const after = await stored();
    return { status: res.status, body, stored: after.length > before ? after[after.length - 1] : null };
  }
  const rows = await waitFor(async () => {
    const r = await stored();
    return r.length > before ? r : null;
  });
  return { status: res.status, body, stored: rows[rows.length - 1] };
}

describe('Uptime Kuma push compatibility', () => {
  it("takes Kuma's own push URL as Kuma does: up, message OK, no ping", async () => {
    const r = await push('?status=up&msg=OK&ping=');
    expect(r).toMatchObject({ status: 200, body: { ok: true } });
    expect(r.stored).toEqual({ status: 'up', latency_ms: null, message: 'OK' });
  });

  it('accepts every HTTP method, and reads only the query string', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
      const r = await push('?status=down&msg=' + method, { method });
      expect(r, method).toMatchObject({ status: 200, body: { ok: true }, stored: { status: 'down', message: method } });
    }
    const head = await push('?status=down&msg=HEAD', { method: 'HEAD' });
    expect(head).toMatchObject({ status: 200, stored: { status: 'down', message: 'HEAD' } });
    // A body is not read: its `status` does not turn an up beat into a down one, and a body
    // that is not even valid JSON does not lose the beat.
    const json = await push('', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"status":"down","msg":"dari body","ping":5}' });
    expect(json).toMatchObject({ status: 200, stored: { status: 'up', latency_ms: null, message: 'OK' } });
    const form = await push('?ping=7', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'status=down' });
    expect(form).toMatchObject({ status: 200, stored: { status: 'up', latency_ms: 7 } });
    const broken = await push('?status=up', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"status":' });
    expect(broken).toMatchObject({ status: 200, stored: { status: 'up' } });
  });

  it('is up only for exactly "up" (or no status); any other status is down', async () => {
    const cases: [string, string][] = [
      ['', 'up'],
      ['?status=', 'up'],
      ['?status=up', 'up'],
      ['?status=down', 'down'],
      ['?status=pending', 'down'],
      ['?status=UP', 'down'],
      ['?status=Up', 'down'],
      ['?status=maintenance', 'down'],
      ['?status=ok', 'down'],
      ['?status=up&status=up', 'down'],
    ];
    for (const [query, expected] of cases) {
      const r = await push(query);
      expect(r.status, query).toBe(200);
      expect(r.stored?.status, query).toBe(expected);
    }
  });

  it('no msg, or an empty one, means "OK"', async () => {
    expect((await push('?status=up')).stored?.message).toBe('OK');
    expect((await push('?status=down&msg=')).stored?.message).toBe('OK');
    expect((await push('?status=down&msg=Disk%20penuh')).stored?.message).toBe('Disk penuh');
  });

  it('reads ping as Kuma does, up to 100,000,000,000 ms', async () => {
    const cases: [string, number | null][] = [
      ['12', 12],
      ['12.5', 12.5],
      ['700000', 700_000],
      ['86400000', 86_400_000],
      ['100000000000', 100_000_000_000],
      ['12ms', 12],
      ['abc', null],
      ['', null],
    ];
    for (const [ping, expected] of cases) {
      const r = await push(`?status=up&ping=${ping}`);
      expect(r.status, ping).toBe(200);
      expect(r.stored?.latency_ms, ping).toBe(expected);
    }
    for (const ping of ['-1', '100000000001', 'Infinity']) {
      const r = await push(`?status=up&ping=${ping}`);
      expect(r.status, ping).toBe(400);
      expect(r.body, ping).toMatchObject({ ok: false, msg: expect.stringMatching(/ping/) });
      expect(r.stored, ping).toBeNull();
    }
  });

  it('answers an unknown token in the {ok:false,msg} shape, whatever the method', async () => {
    for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
      const res = await fetch(`${url}/api/push/no-such-token?status=up`, { method });
      expect(res.status, method).toBe(404);
      expect(await res.json(), method).toEqual({ ok: false, msg: expect.stringContaining('Monitor not found or not active') });
    }
  });

  it('refuses a too-large body with {ok:false,msg}, stores nothing and logs no error with a stack', async () => {
    logged.length = 0;
    for (const contentType of ['application/json', 'application/x-www-form-urlencoded', 'text/plain']) {
      const r = await push('?status=up', { method: 'POST', headers: { 'content-type': contentType }, body: 'x'.repeat(200_000) });
      expect(r.status, contentType).toBe(413);
      expect(r.body, contentType).toEqual({ ok: false, msg: expect.stringMatching(/100 KB/) });
      expect(r.stored, contentType).toBeNull();
    }
    const entries = logged.flatMap((l) => l.split('\n').filter(Boolean)).map((l) => JSON.parse(l) as { level: number; err?: { stack?: string } });
    expect(entries.filter((e) => e.level >= 50)).toEqual([]);
    expect(entries.filter((e) => e.err?.stack)).toEqual([]);
  });
});
