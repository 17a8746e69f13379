// The admin API: users and roles, display tokens and pairing, sources and API keys (shown once,
// stored hashed, rotated, revoked, rate limited), each change audited with its before and after.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { openSocket } from '../support/auth-client.ts';
import { call, complaint, cookiePair, loginAs, postEvents, startTestServer, waitFor, type LoggedIn, type TestServer } from '../support/test-env.ts';

let server: TestServer;
let sql: postgres.Sql;
let admin: LoggedIn;
let clientDir: string;

beforeAll(async () => {
  clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-client-'));
  fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Pantau</title>');
  server = await startTestServer({ clientDir });
  sql = postgres(server.db.url, { max: 2, onnotice: () => {} });
  admin = await loginAs(server, ['admin']);
});

afterAll(async () => {
  await sql?.end();
  await server?.stop();
  fs.rmSync(clientDir, { recursive: true, force: true });
});

const api = (p: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) =>
  call(`${server.url}/api/v1/admin${p}`, { ...init, headers: { ...admin.headers, ...init.headers } });
const lastAudit = async (action: string) => (await sql`select * from audit_log where action = ${action} order by id desc limit 1`)[0];

describe('users', () => {
  it('creates, changes and deactivates users; changes end their sessions; all audited', async () => {
    const created = await api('/users', { method: 'POST', body: { username: 'Budi.Santoso', displayName: 'Budi Santoso', password: 'kata-sandi-budi-2026', roles: ['operator', 'operator'] } });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ username: 'budi.santoso', roles: ['operator'], active: true, opd: null });
    expect(created.text).not.toContain('kata-sandi');
    expect(await lastAudit('user.create')).toMatchObject({ actor: admin.username, target: `user:${created.body.user.id}`, after: { username: 'budi.santoso', roles: ['operator'] } });
    expect((await api('/users', { method: 'POST', body: { username: 'budi.santoso', password: 'kata-sandi-lain-2026', roles: ['pimpinan'] } })).status).toBe(409);
    expect((await api('/users', { method: 'POST', body: { username: 'lemah', password: 'pendek', roles: ['pimpinan'] } })).body.error).toBe('weak_password');
    expect((await api('/users', { method: 'POST', body: { username: 'x-opd', password: 'kata-sandi-panjang-1', roles: ['pimpinan'], opd: 'PLN' } })).status).toBe(400);
    expect((await api('/users', { method: 'POST', body: { username: 'peran', password: 'kata-sandi-panjang-1', roles: ['superuser'] } })).status).toBe(400);
    // Every wrong field at once, in the words ingest uses, in the reader's language.
    const bad = await api('/users', { method: 'POST', body: { username: 'tanpa-sandi', roles: ['superuser'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { field: 'password', message: 'wajib diisi' },
      { field: 'roles[0]', message: expect.stringMatching(/^harus salah satu dari: .*admin/) },
    ]);
    const badEn = await api('/users', { method: 'POST', body: { username: 'no-password', roles: ['operator'] }, headers: { 'accept-language': 'en' } });
    expect(badEn.body.errors).toEqual([{ field: 'password', message: 'required' }]);

    // Budi logs in and connects; a role change ends that session and its socket.
    const budi = await call(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { origin: server.url }, body: { username: 'budi.santoso', password: 'kata-sandi-budi-2026' } });
    const cookie = cookiePair(budi as unknown as Response, 'pantau_session');
    const { socket, connected } = await openSocket(server.url, { cookie });
    expect(connected).toBe(true);
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const changed = await api(`/users/${created.body.user.id}`, { method: 'PATCH', body: { roles: ['operator', 'pimpinan'], opd: 'DLH' } });
    expect(changed.status).toBe(200);
    expect(changed.body.user).toMatchObject({ roles: ['operator', 'pimpinan'], opd: 'DLH' });
    expect(await gone).toBe('io server disconnect');
    expect((await call(`${server.url}/api/v1/auth/me`, { headers: { cookie } })).status).toBe(401);
    expect(await lastAudit('user.update')).toMatchObject({
      before: { roles: ['operator'], opd: null },
      after: { roles: ['operator', 'pimpinan'], opd: 'DLH', sessionsEnded: 1 },
    });
    socket.disconnect();

    expect((await api(`/users/${created.body.user.id}`, { method: 'PATCH', body: { active: false } })).status).toBe(200);
    const refused = await call(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { origin: server.url }, body: { username: 'budi.santoso', password: 'kata-sandi-budi-2026' } });
    expect(refused.status).toBe(401);
    expect((await api('/users/00000000-0000-0000-0000-000000000000', { method: 'PATCH', body: { active: true } })).status).toBe(404);
    expect((await api('/users/not-a-uuid', { method: 'PATCH', body: { active: true } })).status).toBe(404);
  });

  it('never leaves Pantau without an active admin', async () => {
    const sole = await sql`select id from users where active and roles ? 'admin'`;
    if (sole.length > 1) await sql`update users set active = false where roles ? 'admin' and id <> ${admin.userId}`;
    const me = await api(`/users/${admin.userId}`, { method: 'PATCH', body: { roles: ['pimpinan'] } });
    expect(me.status).toBe(409);
    expect(me.body.error).toBe('last_admin');
    expect((await api(`/users/${admin.userId}`, { method: 'PATCH', body: { active: false } })).status).toBe(409);
  });
});

describe('display tokens and pairing', () => {
  it('shows a token once, pairs screens, lists them and revokes them', async () => {
    const created = await api('/display-tokens', { method: 'POST', body: { label: 'Videotron lobi' } });
    expect(created.status).toBe(201);
    const token: string = created.body.token;
    expect(token).toMatch(/^pdt_[A-Za-z0-9_-]{43}$/);
    expect(created.body.wallUrl).toBe(`${server.url.replace('127.0.0.1', 'localhost')}/wall?token=${token}`);
    const [stored] = await sql`select token_hash from display_tokens where id = ${created.body.displayToken.id}`;
    expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.token_hash).not.toContain(token);

    const paired = await call(`${server.url}/wall?token=${token}&lang=en`);
    expect(paired.status).toBe(200);
    const device = cookiePair(paired as unknown as Response, 'pantau_device');
    // The same screen again with its cookie: no second device.
    const again = await call(`${server.url}/wall?token=${token}`, { headers: { cookie: device } });
    expect(again.status).toBe(200);
    const list = await api('/display-tokens');
    expect(list.text).not.toContain(token);
    const entry = list.body.displayTokens.find((d: { id: string }) => d.id === created.body.displayToken.id);
    expect(entry.devices).toHaveLength(1);
    expect(entry.devices[0]).toMatchObject({ revokedAt: null });
    expect(await lastAudit('display_device.pair')).toMatchObject({ target: `display_device:${entry.devices[0].id}` });

    // The paired screen keeps working without the token in the URL.
    expect((await call(`${server.url}/api/v1/reference`, { headers: { cookie: device } })).status).toBe(200);
    const renewed = await call(`${server.url}/wall`, { headers: { cookie: device } });
    expect(renewed.status).toBe(200);
    expect(renewed.headers.getSetCookie().some((c) => c.startsWith('pantau_device='))).toBe(true);

    // Unpair this one screen.
    const unpaired = await api(`/display-devices/${entry.devices[0].id}/revoke`, { method: 'POST' });
    expect(unpaired.status).toBe(200);
    await waitFor(async () => (await call(`${server.url}/api/v1/reference`, { headers: { cookie: device } })).status === 401, 2000);
    expect((await lastAudit('display_device.revoke')).after.revokedAt).not.toBeNull();

    const revoked = await api(`/display-tokens/${created.body.displayToken.id}/revoke`, { method: 'POST', body: {} });
    expect(revoked.status).toBe(200);
    expect((await call(`${server.url}/wall?token=${token}`)).headers.get('location')).toContain('pairing=invalid');
    expect((await api(`/display-tokens/${created.body.displayToken.id}/revoke`, { method: 'POST' })).status).toBe(404);
    expect(await lastAudit('display_token.revoke')).toMatchObject({ actor: admin.username, target: `display_token:${created.body.displayToken.id}` });
  });

  it('a token bound to a screen name pairs that one screen only and is never used directly', async () => {
    const created = await api('/display-tokens', { method: 'POST', body: { label: 'TV ruang rapat', screenName: 'ruang-rapat-walikota' } });
    const token: string = created.body.token;
    const direct = await openSocket(server.url, { token });
    expect(direct.connected).toBe(false);
    direct.socket.disconnect();
    const first = await call(`${server.url}/wall?token=${token}`);
    expect(first.status).toBe(200);
    const device = cookiePair(first as unknown as Response, 'pantau_device');
    const second = await call(`${server.url}/wall?token=${token}`);
    expect(second.status).toBe(303);
    expect(second.headers.get('location')).toBe('/login?next=%2Fwall&pairing=taken');
    const socket = await openSocket(server.url, { cookie: device });
    expect(socket.connected).toBe(true);
    socket.socket.disconnect();
    const me = await call(`${server.url}/api/v1/auth/me`, { headers: { cookie: device } });
    expect(me.body).toEqual({ kind: 'display', roles: ['wall'], label: 'TV ruang rapat', screenName: 'ruang-rapat-walikota', paired: true });
  });
});

describe('sources and API keys', () => {
  it('creates a source and a key shown once; the key works and its last use shows', async () => {
    expect((await api('/sources', { method: 'POST', body: { code: 'lapor', name: 'SP4N-LAPOR!' } })).status).toBe(201);
    expect((await api('/sources', { method: 'POST', body: { code: 'lapor', name: 'lagi' } })).status).toBe(409);
    expect(await lastAudit('source.create')).toMatchObject({ target: 'source:lapor', after: { code: 'lapor', name: 'SP4N-LAPOR!' } });
    const created = await api('/sources/lapor/keys', { method: 'POST', body: { label: 'produksi' } });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect(key).toMatch(/^pnt_/);
    expect((await api('/sources/nope/keys', { method: 'POST', body: {} })).status).toBe(404);
    const res = await postEvents(server.url, 'complaints', { events: [complaint({ source: 'lapor' })] }, key);
    expect(res.status).toBe(202);
    const listed = await api('/sources');
    expect(listed.text).not.toContain(key);
    const k = listed.body.sources.find((s: { code: string }) => s.code === 'lapor').keys[0];
    expect(k).toMatchObject({ id: created.body.apiKey.id, prefix: key.slice(0, 8), label: 'produksi', revokedAt: null });
    expect(k.lastUsedAt).not.toBeNull();
    expect(await lastAudit('api_key.create')).toMatchObject({ target: `api_key:${k.id}`, after: { source: 'lapor', prefix: key.slice(0, 8) } });
    expect(JSON.stringify(await sql`select * from audit_log`)).not.toContain(key);
  });

  it('limits requests per key: 429 with Retry-After and the ingest error body', async () => {
    const created = await api('/sources/lapor/keys', { method: 'POST', body: { label: 'terbatas', rateLimitPerMinute: 3 } });
    const key: string = created.body.key;
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof postEvents>> | null = null;
    for (let i = 0; i < 5; i++) {
      const r = await postEvents(server.url, 'complaints', { events: [complaint({ source: 'lapor' })] }, key);
      statuses.push(r.status);
      if (r.status === 429) limited = r;
    }
    // Three per minute (a minute boundary in between may allow a few more).
    expect(statuses.filter((s) => s === 202).length).toBeLessThanOrEqual(6);
    expect(statuses).toContain(429);
    expect(limited!.body).toMatchObject({ error: 'rate_limited' });
    expect(typeof limited!.body.message).toBe('string');
    const raw = await fetch(`${server.url}/api/v1/complaints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [complaint({ source: 'lapor' })] }),
    });
    expect(raw.status).toBe(429);
    expect(Number(raw.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(raw.headers.get('retry-after'))).toBeLessThanOrEqual(60);

    // Raising the limit applies at once.
    const patched = await api(`/api-keys/${created.body.apiKey.id}`, { method: 'PATCH', body: { rateLimitPerMinute: 1000 } });
    expect(patched.status).toBe(200);
    expect((await postEvents(server.url, 'complaints', { events: [complaint({ source: 'lapor' })] }, key)).status).toBe(202);
    expect(await lastAudit('api_key.update')).toMatchObject({ before: { rateLimitPerMinute: 3 }, after: { rateLimitPerMinute: 1000 } });
  });

  it('rotates a key with a grace period, and revokes at once', async () => {
    const created = await api('/sources/lapor/keys', { method: 'POST', body: { label: 'rotasi' } });
    const oldKey: string = created.body.key;
    const rotated = await api(`/api-keys/${created.body.apiKey.id}/rotate`, { method: 'POST', body: { graceSeconds: 2 } });
    expect(rotated.status).toBe(201);
    const newKey: string = rotated.body.key;
    expect(newKey).not.toBe(oldKey);
    expect(rotated.body.previous.revokedAt).not.toBeNull();
    // Both work during the grace period; the old one stops after it.
    expect((await postEvents(server.url, 'complaints', { events: [complaint({ source: 'lapor' })] }, oldKey)).status).toBe(202);
    expect((await postEvents(server.url, 'complaints', { events: [complaint({ source: 'lapor' })] }, newKey)).status).toBe(202);
    await waitFor(async () => (await postEvents(server.url, 'complaints', { events: [complaint({ source: 'lapor' })] }, oldKey)).status === 401, 8000, 250);
    expect(await lastAudit('api_key.rotate')).toMatchObject({ target: `api_key:${created.body.apiKey.id}`, after: { new: { id: rotated.body.apiKey.id } } });

    const revoked = await api(`/api-keys/${rotated.body.apiKey.id}/revoke`, { method: 'POST' });
    expect(revoked.status).toBe(200);
    // At once: the revocation empties every node's key cache.
    expect((await postEvents(server.url, 'complaints', { events: [complaint({ source: 'lapor' })] }, newKey)).status).toBe(401);
    expect((await api(`/api-keys/${rotated.body.apiKey.id}/revoke`, { method: 'POST' })).status).toBe(404);
    expect(await lastAudit('api_key.revoke')).toMatchObject({ before: { revokedAt: null } });
  });
});
