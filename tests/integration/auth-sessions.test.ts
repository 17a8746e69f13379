// Login, sessions, lock-out, passwords and the audit trail, against the real services.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { startPantau, type PantauHandle } from '../../server/main.ts';
import { createLogger } from '../../server/infra/logger.ts';
import { configFromEnv } from '../../server/config.ts';
import {
  call,
  createTestDatabase,
  createTestUser,
  deleteRedisPrefix,
  loginAs,
  sessionCookieOf,
  testConfig,
  testPrefix,
  waitFor,
  type TestDatabase,
} from '../support/test-env.ts';

let db: TestDatabase;
let prefix: string;
let handle: PantauHandle;
let sql: postgres.Sql;
let url: string;
const logged: string[] = [];
const IDLE_MS = 2000;

beforeAll(async () => {
  db = await createTestDatabase();
  prefix = testPrefix();
  // Everything the server logs, at the most talkative level, to look for passwords in it.
  const sink = new Writable({
    write(chunk, _enc, done) {
      logged.push(String(chunk));
      done();
    },
  });
  // The tests speak as a reverse proxy on this machine (X-Forwarded-For names the client).
  const auth = { ...configFromEnv({ PANTAU_TRUST_PROXY: 'loopback' }).auth, credentialCacheMs: 200, sessionIdleMs: IDLE_MS };
  handle = await startPantau(testConfig(db.url, prefix, { auth, logLevel: 'trace' }), { log: createLogger('trace', sink) });
  url = handle.url;
  sql = postgres(db.url, { max: 2, onnotice: () => {} });
});

afterAll(async () => {
  await sql?.end();
  await handle?.close();
  await deleteRedisPrefix(prefix);
  await db?.drop();
});

const server = () => ({ url, handle });
const origin = () => ({ origin: url });
const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  call(`${url}/api/v1/auth/login`, { method: 'POST', headers: { ...origin(), ...headers }, body: { username, password } });

describe('sessions', () => {
  it('logs in, knows who is there, logs out', async () => {
    const u = await createTestUser(handle, ['pimpinan', 'teknisi'], { opd: 'DLH' });
    const res = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...origin() },
      body: JSON.stringify({ username: u.username.toUpperCase(), password: u.password }),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.user).toMatchObject({ username: u.username, roles: ['pimpinan', 'teknisi'], opd: 'DLH' });
    expect(JSON.stringify(body)).not.toContain('argon2');
    const cookie = sessionCookieOf(res);
    const me = await call(`${url}/api/v1/auth/me`, { headers: { cookie } });
    expect(me.body).toMatchObject({ kind: 'user', username: u.username, roles: ['pimpinan', 'teknisi'], opd: 'DLH' });
    const out = await call(`${url}/api/v1/auth/logout`, { method: 'POST', headers: { cookie, ...origin() } });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/pantau_session=;/);
    expect((await call(`${url}/api/v1/auth/me`, { headers: { cookie } })).status).toBe(401);
  });

  it('ends a session at its expiry time and after idling', async () => {
    const a = await loginAs(server(), ['pimpinan']);
    expect((await call(`${url}/api/v1/auth/me`, { headers: a.headers })).status).toBe(200);
    await sql`update sessions set expires_at = now() - interval '1 second' where user_id = ${a.userId}`;
    await waitFor(async () => (await call(`${url}/api/v1/auth/me`, { headers: a.headers })).status === 401, 3000);
    // A browser that still sends the cookie is told why (the login page shows it).
    expect((await call(`${url}/api/v1/auth/me`, { headers: a.headers })).body.reason).toBe('expired');

    // Busy: stays logged in past the idle time. Quiet for longer than it: logged out.
    const b = await loginAs(server(), ['pimpinan']);
    const started = Date.now();
    while (Date.now() - started < IDLE_MS * 1.5) {
      expect((await call(`${url}/api/v1/auth/me`, { headers: b.headers })).status).toBe(200);
      await new Promise((r) => setTimeout(r, IDLE_MS / 5));
    }
    await new Promise((r) => setTimeout(r, IDLE_MS + 500));
    const idle = await call(`${url}/api/v1/auth/me`, { headers: b.headers });
    expect(idle.status).toBe(401);
    expect(idle.body.reason).toBe('idle');
  });

  it('tells the holder of a session an admin ended (by changing the account) why, and nobody else anything', async () => {
    const admin = await loginAs(server(), ['admin']);
    const tech = await loginAs(server(), ['teknisi']);
    expect((await call(`${url}/api/v1/incidents`, { headers: tech.headers })).status).toBe(200);
    const changed = await call(`${url}/api/v1/admin/users/${tech.userId}`, { method: 'PATCH', headers: admin.headers, body: { roles: ['pimpinan'] } });
    expect(changed.status).toBe(200);
    // Every 401 the ended session gets says why: the page it was on, and the login page asking /me.
    for (const path of ['/api/v1/incidents', '/api/v1/auth/me']) {
      const res = await call(`${url}${path}`, { headers: tech.headers });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: 'unauthorized', reason: 'account_changed' });
    }
    // Without that session's cookie there is nothing to tell.
    expect((await call(`${url}/api/v1/auth/me`)).body.reason).toBeUndefined();
    expect((await call(`${url}/api/v1/auth/me`, { headers: { cookie: 'pantau_session=not-a-session-0123456789' } })).body.reason).toBeUndefined();
    // Deactivating says the same; logging out oneself needs no explanation.
    const other = await loginAs(server(), ['teknisi']);
    expect((await call(`${url}/api/v1/admin/users/${other.userId}`, { method: 'PATCH', headers: admin.headers, body: { active: false } })).status).toBe(200);
    expect((await call(`${url}/api/v1/auth/me`, { headers: other.headers })).body.reason).toBe('account_changed');
    const leaving = await loginAs(server(), ['teknisi']);
    expect((await call(`${url}/api/v1/auth/logout`, { method: 'POST', headers: leaving.headers })).status).toBe(204);
    const after = await call(`${url}/api/v1/auth/me`, { headers: leaving.headers });
    expect(after.status).toBe(401);
    expect(after.body.reason).toBeUndefined();
  });

  it('gives a new session at every login and ends the old one of that browser', async () => {
    const a = await loginAs(server(), ['operator']);
    const again = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...a.headers },
      body: JSON.stringify({ username: a.username, password: a.password }),
    });
    const fresh = sessionCookieOf(again);
    expect(fresh).not.toBe(a.cookie);
    expect((await call(`${url}/api/v1/auth/me`, { headers: { cookie: a.cookie } })).status).toBe(401);
    expect((await call(`${url}/api/v1/auth/me`, { headers: { cookie: fresh } })).status).toBe(200);
  });

  it('lets a person change their own password, ending their other sessions', async () => {
    const a = await loginAs(server(), ['teknisi']);
    const other = await login(a.username, a.password);
    const otherCookie = (other.headers.getSetCookie().find((c) => c.startsWith('pantau_session=')) ?? '').split(';')[0];
    const weak = await call(`${url}/api/v1/auth/password`, { method: 'POST', headers: a.headers, body: { currentPassword: a.password, newPassword: 'short' } });
    expect(weak.status).toBe(400);
    const wrong = await call(`${url}/api/v1/auth/password`, { method: 'POST', headers: a.headers, body: { currentPassword: 'not-my-password', newPassword: 'a-much-better-passphrase' } });
    expect(wrong.status).toBe(403);
    const ok = await call(`${url}/api/v1/auth/password`, { method: 'POST', headers: a.headers, body: { currentPassword: a.password, newPassword: 'a-much-better-passphrase' } });
    expect(ok.status).toBe(204);
    await waitFor(async () => (await call(`${url}/api/v1/auth/me`, { headers: { cookie: otherCookie } })).status === 401, 3000);
    expect((await call(`${url}/api/v1/auth/me`, { headers: { cookie: otherCookie } })).body.reason).toBe('password_changed');
    expect((await call(`${url}/api/v1/auth/me`, { headers: a.headers })).status).toBe(200);
    expect((await login(a.username, a.password)).status).toBe(401);
    expect((await login(a.username, 'a-much-better-passphrase')).status).toBe(200);
  });
});

describe('failed logins', () => {
  it('are rate limited: locked after 5 failures, even for the right password, and audited', async () => {
    const u = await createTestUser(handle, ['admin']);
    const from = { 'x-forwarded-for': '198.51.100.10' };
    for (let i = 0; i < 5; i++) {
      const res = await login(u.username, `wrong-password-${i}`, from);
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('invalid_credentials');
    }
    const locked = await login(u.username, u.password, from);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(60);
    expect(locked.body.error).toBe('rate_limited');
    // The lock is for this user from this address: the same user elsewhere is not locked out.
    expect((await login(u.username, u.password, { 'x-forwarded-for': '198.51.100.11' })).status).toBe(200);

    const audit = await sql`select actor, action, ip, after from audit_log where actor = ${u.username} order by id`;
    expect(audit.filter((a) => a.action === 'auth.login_failed')).toHaveLength(5);
    expect(audit.find((a) => a.action === 'auth.login_failed')).toMatchObject({ ip: '198.51.100.10', after: { reason: 'wrong_password' } });
    expect(audit.find((a) => a.action === 'auth.login_locked')).toMatchObject({ after: { scopes: ['user+address'] } });
    expect(audit.at(-1)).toMatchObject({ action: 'auth.login', ip: '198.51.100.11' });
  });

  it('locks an address that tries many usernames', async () => {
    const from = { 'x-forwarded-for': '198.51.100.20' };
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await login(`spray-${i}`, 'password-spray-1', from)).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it('answers the same for unknown users and wrong passwords', async () => {
    const u = await createTestUser(handle, ['pimpinan']);
    const unknown = await login('no-such-user-here', 'whatever-password', { 'x-forwarded-for': '198.51.100.30' });
    const wrong = await login(u.username, 'whatever-password', { 'x-forwarded-for': '198.51.100.31' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });
});

describe('passwords', () => {
  it('are stored as argon2id and never logged, returned or audited', async () => {
    const admin = await loginAs(server(), ['admin']);
    const secrets = ['Rahasia-Pertama-123!', 'Rahasia-Salah-456!', 'Rahasia-Baru-789!', 'Rahasia-Rusak-000!'];
    const bodies: string[] = [];
    const created = await call(`${url}/api/v1/admin/users`, {
      method: 'POST',
      headers: admin.headers,
      body: { username: 'siti.aminah', displayName: 'Siti Aminah', password: secrets[0], roles: ['operator'], opd: 'DLH' },
    });
    expect(created.status).toBe(201);
    bodies.push(created.text);
    bodies.push((await login('siti.aminah', secrets[1])).text);
    const ok = await login('siti.aminah', secrets[0]);
    bodies.push(ok.text);
    const cookie = (ok.headers.getSetCookie().find((c) => c.startsWith('pantau_session=')) ?? '').split(';')[0];
    bodies.push((await call(`${url}/api/v1/auth/password`, { method: 'POST', headers: { cookie, ...origin() }, body: { currentPassword: secrets[0], newPassword: secrets[2] } })).text);
    // A broken JSON body holding a password: refused, and not logged with the error.
    bodies.push((await call(`${url}/api/v1/auth/login`, { method: 'POST', headers: origin(), body: `{"username":"siti.aminah","password":"${secrets[3]}"` })).text);
    bodies.push((await call(`${url}/api/v1/admin/users`, { headers: admin.headers })).text);
    bodies.push((await call(`${url}/api/v1/admin/audit?pageSize=500`, { headers: admin.headers })).text);

    const [row] = await sql`select password_hash from users where username = 'siti.aminah'`;
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const audit = JSON.stringify(await sql`select * from audit_log`);
    const everything = [...bodies, audit, logged.join('\n')].join('\n');
    expect(logged.length).toBeGreaterThan(0);
    for (const s of secrets) expect(everything).not.toContain(s);
    expect(bodies.join('\n')).not.toContain('$argon2');
    expect(audit).not.toContain('$argon2');
  });
});

describe('audit trail', () => {
  it('records who, when, from where, what, before and after, and can be browsed and filtered', async () => {
    const admin = await loginAs(server(), ['admin']);
    const target = await createTestUser(handle, ['pimpinan']);
    const ua = { 'user-agent': 'PantauTest/1.0', 'x-forwarded-for': '192.0.2.44' };
    const changed = await call(`${url}/api/v1/admin/users/${target.userId}`, { method: 'PATCH', headers: { ...admin.headers, ...ua }, body: { roles: ['pimpinan', 'operator'] } });
    expect(changed.status).toBe(200);
    const res = await call(`${url}/api/v1/admin/audit?actor=${admin.username}&action=user.update`, { headers: admin.headers });
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(1);
    const entry = res.body.entries[0];
    expect(entry).toMatchObject({
      actor: admin.username,
      actorRoles: ['admin'],
      ip: '192.0.2.44',
      userAgent: 'PantauTest/1.0',
      action: 'user.update',
      target: `user:${target.userId}`,
      before: { username: target.username, roles: ['pimpinan'] },
      after: { username: target.username, roles: ['pimpinan', 'operator'] },
    });
    expect(Date.now() - Date.parse(entry.at)).toBeLessThan(60_000);

    const auth = await call(`${url}/api/v1/admin/audit?action=auth.*&pageSize=2&page=1`, { headers: admin.headers });
    expect(auth.body.entries).toHaveLength(2);
    expect(auth.body.entries.every((e: { action: string }) => e.action.startsWith('auth.'))).toBe(true);
    expect(auth.body.total).toBeGreaterThan(2);
    const page2 = await call(`${url}/api/v1/admin/audit?action=auth.*&pageSize=2&page=2`, { headers: admin.headers });
    expect(page2.body.entries[0].id).toBeLessThan(auth.body.entries[1].id);
    const future = await call(`${url}/api/v1/admin/audit?from=2999-01-01`, { headers: admin.headers });
    expect(future.body).toMatchObject({ total: 0, entries: [] });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());
    const byDay = await call(`${url}/api/v1/admin/audit?from=${today}&to=${today}&actor=${admin.username}`, { headers: admin.headers });
    expect(byDay.body.total).toBeGreaterThanOrEqual(2);
    expect((await call(`${url}/api/v1/admin/audit?page=0`, { headers: admin.headers })).status).toBe(400);
    expect((await call(`${url}/api/v1/admin/audit?action=' OR 1=1 --`, { headers: admin.headers })).status).toBe(400);
    expect((await call(`${url}/api/v1/admin/audit?from=kemarin`, { headers: admin.headers })).status).toBe(400);
  });

  it('is append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    const [{ n }] = await sql`select count(*)::int as n from audit_log`;
    expect(n).toBeGreaterThan(0);
    await expect(sql`update audit_log set actor = 'someone-else'`).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`).rejects.toThrow(/append-only/);
    const [{ n: after }] = await sql`select count(*)::int as n from audit_log`;
    expect(after).toBe(n);
    await sql`insert into audit_log (actor, action) values ('test', 'config.update')`;
  });
});
