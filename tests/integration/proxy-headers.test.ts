// What a request may claim about itself. Host, X-Forwarded-Host, -Proto and -For are written by
// whoever sends the request: Pantau believes the forwarded ones only from a proxy that
// PANTAU_TRUST_PROXY names, and builds no header of its own from them. Raw requests (node:http),
// so that Host can be anything.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { io } from 'socket.io-client';
import { configFromEnv } from '../../server/config.ts';
import { createTestUser, loginAs, startTestServer, type LoggedIn, type TestServer } from '../support/test-env.ts';

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/** One request with exactly these headers (Host included), from this machine. */
function raw(base: string, path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<RawResponse> {
  const url = new URL(path, base);
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: init.method ?? 'GET',
        headers: { ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}), ...init.headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
      },
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

const cspOf = (r: RawResponse) => String(r.headers['content-security-policy'] ?? '');
const connectSrc = (r: RawResponse) => /connect-src ([^;]*)/.exec(cspOf(r))?.[1] ?? '';
const cookieNamed = (r: RawResponse, name: string) => (r.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${name}=`)) ?? '';

async function login(base: string, user: { username: string; password: string }, headers: Record<string, string> = {}) {
  return raw(base, '/api/v1/auth/login', { method: 'POST', headers: { origin: base, ...headers }, body: { username: user.username, password: user.password } });
}

/** Does a socket with this session cookie, Origin and extra headers get in? */
function socketAccepted(base: string, headers: Record<string, string>): Promise<boolean> {
  const socket = io(base, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: headers });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.disconnect();
      resolve(true);
    });
    socket.once('connect_error', () => {
      socket.disconnect();
      resolve(false);
    });
  });
}

const LOOPBACK = ['127.0.0.1', '::1', '::ffff:127.0.0.1'];

describe('without PANTAU_TRUST_PROXY (the default)', () => {
  let server: TestServer;
  let sql: postgres.Sql;
  let admin: LoggedIn;
  beforeAll(async () => {
    server = await startTestServer();
    sql = postgres(server.db.url, { max: 1, onnotice: () => {} });
    admin = await loginAs(server, ['admin']);
  });
  afterAll(async () => {
    await sql?.end();
    await server?.stop();
  });

  it('builds the CSP from configuration, never from the Host header', async () => {
    const res = await raw(server.url, '/healthz', { headers: { host: 'evil.example' } });
    expect(res.status).toBe(200);
    expect(cspOf(res)).not.toContain('evil.example');
    expect(connectSrc(res)).toBe("'self'");
    const page = await raw(server.url, '/login', { headers: { host: 'evil.example:8080' } });
    expect(cspOf(page)).not.toContain('evil.example');
  });

  it('sends no HSTS over plain HTTP, even when the request claims HTTPS', async () => {
    expect((await raw(server.url, '/healthz')).headers['strict-transport-security']).toBeUndefined();
    const claimed = await raw(server.url, '/healthz', { headers: { 'x-forwarded-proto': 'https' } });
    expect(claimed.headers['strict-transport-security']).toBeUndefined();
    const user = await createTestUser(server.handle, ['pimpinan']);
    const res = await login(server.url, user, { 'x-forwarded-proto': 'https' });
    expect(res.status).toBe(200);
    expect(cookieNamed(res, 'pantau_session')).not.toMatch(/;\s*Secure/i);
  });

  it('does not take X-Forwarded-Host as our own host (CSRF guard, HTTP and socket)', async () => {
    const forged = { cookie: admin.cookie, origin: 'https://evil.example', 'x-forwarded-host': 'evil.example' };
    const res = await raw(server.url, '/api/v1/admin/display-tokens', { method: 'POST', headers: forged, body: { label: 'forged host' } });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('csrf');
    expect(await socketAccepted(server.url, forged)).toBe(false);
    // The same cookie from our own page is fine.
    expect(await socketAccepted(server.url, { cookie: admin.cookie, origin: server.url })).toBe(true);
  });

  it('audits and throttles logins by the real peer address, not by X-Forwarded-For', async () => {
    const user = await createTestUser(server.handle, ['pimpinan']);
    for (let i = 0; i < 5; i++) {
      expect((await login(server.url, { ...user, password: `wrong-password-${i}` }, { 'x-forwarded-for': `198.51.100.${60 + i}` })).status).toBe(401);
    }
    // Another claimed address does not escape the lock: the peer is the same.
    expect((await login(server.url, user, { 'x-forwarded-for': '198.51.100.99' })).status).toBe(429);
    const rows = await sql`select ip from audit_log where actor = ${user.username} and action = 'auth.login_failed'`;
    expect(rows).toHaveLength(5);
    for (const r of rows) expect(LOOPBACK).toContain(r.ip);
  });

  it('/metrics: open to this machine, not to a request relayed by an unnamed proxy', async () => {
    expect((await raw(server.url, '/metrics')).status).toBe(200);
    expect((await raw(server.url, '/metrics', { headers: { 'x-forwarded-for': '203.0.113.7' } })).status).toBe(401);
    expect((await raw(server.url, '/metrics', { headers: { forwarded: 'for=203.0.113.7' } })).status).toBe(401);
    expect((await raw(server.url, '/metrics', { headers: { 'x-forwarded-for': '203.0.113.7', cookie: admin.cookie } })).status).toBe(200);
  });
});

describe('with PANTAU_TRUST_PROXY=loopback (a reverse proxy on this machine)', () => {
  let server: TestServer;
  let sql: postgres.Sql;
  let admin: LoggedIn;
  beforeAll(async () => {
    const auth = configFromEnv({ PANTAU_TRUST_PROXY: 'loopback', PANTAU_ALLOWED_ORIGINS: 'https://signage.example' }).auth;
    server = await startTestServer({ auth });
    sql = postgres(server.db.url, { max: 1, onnotice: () => {} });
    admin = await loginAs(server, ['admin']);
  });
  afterAll(async () => {
    await sql?.end();
    await server?.stop();
  });

  it('sends HSTS and Secure cookies when the proxy says the request came over HTTPS', async () => {
    expect((await raw(server.url, '/healthz')).headers['strict-transport-security']).toBeUndefined();
    const https = await raw(server.url, '/healthz', { headers: { 'x-forwarded-proto': 'https' } });
    expect(https.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
    const user = await createTestUser(server.handle, ['pimpinan']);
    const res = await login(server.url, user, { 'x-forwarded-proto': 'https' });
    expect(res.status).toBe(200);
    expect(cookieNamed(res, 'pantau_session')).toMatch(/;\s*Secure/i);
  });

  it('takes the public host from X-Forwarded-Host (CSRF guard, HTTP and socket), still not into the CSP', async () => {
    const viaProxy = { cookie: admin.cookie, origin: 'https://pantau.example', 'x-forwarded-host': 'pantau.example', 'x-forwarded-proto': 'https' };
    const res = await raw(server.url, '/api/v1/admin/display-tokens', { method: 'POST', headers: viaProxy, body: { label: 'via proxy' } });
    expect(res.status).toBe(201);
    expect(cspOf(res)).not.toContain('pantau.example');
    // Configured origins are in it, with their WebSocket form for browsers before CSP Level 3.
    expect(connectSrc(res)).toBe("'self' https://signage.example wss://signage.example");
    expect(await socketAccepted(server.url, viaProxy)).toBe(true);
    expect(await socketAccepted(server.url, { ...viaProxy, origin: 'https://evil.example' })).toBe(false);
  });

  it('audits and throttles by the client address the proxy names', async () => {
    const user = await createTestUser(server.handle, ['pimpinan']);
    for (let i = 0; i < 5; i++) expect((await login(server.url, { ...user, password: `wrong-password-${i}` }, { 'x-forwarded-for': '198.51.100.70' })).status).toBe(401);
    expect((await login(server.url, user, { 'x-forwarded-for': '198.51.100.70' })).status).toBe(429);
    expect((await login(server.url, user, { 'x-forwarded-for': '198.51.100.71' })).status).toBe(200);
    const rows = await sql`select ip, action from audit_log where actor = ${user.username} order by id`;
    expect(rows.filter((r) => r.action === 'auth.login_failed').map((r) => r.ip)).toEqual(Array(5).fill('198.51.100.70'));
    expect(rows.at(-1)).toMatchObject({ action: 'auth.login', ip: '198.51.100.71' });
  });

  it('/metrics: a client the proxy names is not this machine', async () => {
    expect((await raw(server.url, '/metrics')).status).toBe(200);
    expect((await raw(server.url, '/metrics', { headers: { 'x-forwarded-for': '203.0.113.7' } })).status).toBe(401);
  });
});
