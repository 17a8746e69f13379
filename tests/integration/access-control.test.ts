// Each role can do exactly what it should and is refused the rest, over HTTP and over Socket.IO.
// A wall screen (display token or paired device) reads the live wall and never reporter identity.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import type { Role } from '../../server/auth/roles.ts';
import { emitWithAck, openSocket, subscribe } from '../support/auth-client.ts';
import {
  call,
  complaint,
  cookiePair,
  DEMO_WALL_TOKEN,
  loginAs,
  postEvents,
  startTestServer,
  waitFor,
  type LoggedIn,
  type TestServer,
} from '../support/test-env.ts';
import type { ClientSocket } from '../support/live-client.ts';

let server: TestServer;
let sql: postgres.Sql;
let clientDir: string;
const sockets: ClientSocket[] = [];

type Who = 'anonymous' | 'wallToken' | 'wallDevice' | 'pimpinan' | 'teknisi' | 'operator' | 'admin' | 'opdOperator';
const headersOf: Record<Who, Record<string, string>> = {} as never;
let complaintId: string;
let secretComplaintId: string;
const REPORTER = { name: 'Rahmat Hidayat', phone: '+62 812 0000 1111', email: 'rahmat@example.id', nik: '1271010101010099' };

beforeAll(async () => {
  clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-client-'));
  fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Pantau</title><div id="app"></div>');
  server = await startTestServer({ clientDir });
  sql = postgres(server.db.url, { max: 2, onnotice: () => {} });

  const logins: Record<string, LoggedIn> = {};
  for (const role of ['pimpinan', 'teknisi', 'operator', 'admin'] as Role[]) logins[role] = await loginAs(server, [role]);
  logins.opdOperator = await loginAs(server, ['operator'], { opd: 'DLH' });
  for (const [who, l] of Object.entries(logins)) headersOf[who as Who] = l.headers;
  headersOf.anonymous = {};
  headersOf.wallToken = { authorization: `Bearer ${DEMO_WALL_TOKEN}` };
  // Pair a screen the way a TV does: open /wall?token=... once, keep the cookie.
  const paired = await call(`${server.url}/wall?token=${DEMO_WALL_TOKEN}`);
  expect(paired.status).toBe(200);
  headersOf.wallDevice = { cookie: cookiePair(paired as unknown as Response, 'pantau_device') };

  const events = [
    complaint({ category: 'sampah', reporter: REPORTER, status: 'dispatched', opd: 'DLH' }),
    complaint({ category: 'jalan-rusak', privacy: 'secret', text: 'Rahasia: pungli di kantor', reporter: { name: 'Anonim' } }),
  ];
  expect((await postEvents(server.url, 'complaints', { events })).status).toBe(202);
  const rows = await waitFor(async () => {
    const r = await sql`select id, external_id from complaints where external_id in ${sql(events.map((e) => e.externalId))}`;
    return r.length === 2 ? r : null;
  });
  complaintId = rows.find((r) => r.external_id === events[0].externalId)!.id;
  secretComplaintId = rows.find((r) => r.external_id === events[1].externalId)!.id;
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await sql?.end();
  await server?.stop();
  fs.rmSync(clientDir, { recursive: true, force: true });
});

const WHO: Who[] = ['anonymous', 'wallToken', 'wallDevice', 'pimpinan', 'teknisi', 'operator', 'admin'];

/** Expected status per principal; `ok` is the success status. */
function expectation(allowed: Who[], ok = 200): Record<Who, number> {
  return Object.fromEntries([...WHO, 'opdOperator'].map((w) => [w, allowed.includes(w as Who) ? ok : w === 'anonymous' ? 401 : 403])) as Record<Who, number>;
}

describe('HTTP: each role gets exactly its endpoints', () => {
  const everyone: Who[] = ['wallToken', 'wallDevice', 'pimpinan', 'teknisi', 'operator', 'admin', 'opdOperator'];
  const people: Who[] = ['pimpinan', 'teknisi', 'operator', 'admin', 'opdOperator'];
  const cases: { path: () => string; allowed: Who[] }[] = [
    { path: () => '/api/v1/reference', allowed: everyone },
    { path: () => '/api/v1/geo/kecamatan.geojson', allowed: everyone },
    { path: () => '/api/v1/geo/kelurahan.geojson', allowed: everyone },
    { path: () => '/api/v1/auth/me', allowed: everyone },
    { path: () => '/api/v1/opd/timeliness', allowed: people },
    { path: () => '/api/v1/opd/DLH/timeliness', allowed: people },
    { path: () => '/api/v1/reports/opd/DLH/complaints', allowed: ['pimpinan', 'admin'] },
    { path: () => `/api/v1/complaints/${complaintId}`, allowed: ['pimpinan', 'operator', 'admin', 'opdOperator'] },
    { path: () => `/api/v1/complaints/${complaintId}/reporter`, allowed: ['operator', 'admin', 'opdOperator'] },
    { path: () => '/api/v1/admin/users', allowed: ['admin'] },
    { path: () => '/api/v1/admin/display-tokens', allowed: ['admin'] },
    { path: () => '/api/v1/admin/sources', allowed: ['admin'] },
    { path: () => '/api/v1/admin/audit', allowed: ['admin'] },
    { path: () => '/api/v1/admin/dead-letters', allowed: ['admin'] },
    { path: () => '/api/v1/admin/categories', allowed: ['admin'] },
    { path: () => '/api/v1/admin/calendar?year=2026', allowed: ['admin'] },
    { path: () => '/api/v1/admin/opd', allowed: ['admin'] },
    { path: () => '/api/v1/admin/routing-rules', allowed: ['admin'] },
    { path: () => '/api/v1/admin/datasets', allowed: ['admin'] },
  ];

  for (const c of cases) {
    it(`GET ${c.path().replace(/[0-9a-f-]{36}/, ':id')}`, async () => {
      const expected = expectation(c.allowed);
      const got: Record<string, number> = {};
      for (const who of Object.keys(expected) as Who[]) got[who] = (await call(`${server.url}${c.path()}`, { headers: headersOf[who] })).status;
      expect(got).toEqual(expected);
    });
  }

  it('public: health, readiness and the API document', async () => {
    for (const p of ['/healthz', '/readyz', '/api/v1/openapi.json']) expect((await call(`${server.url}${p}`)).status, p).toBe(200);
  });

  it('admin writes: only an admin creates a display token', async () => {
    const expected = expectation(['admin'], 201);
    const got: Record<string, number> = {};
    for (const who of Object.keys(expected) as Who[]) {
      got[who] = (await call(`${server.url}/api/v1/admin/display-tokens`, { method: 'POST', headers: { origin: server.url, ...headersOf[who] }, body: { label: `t-${who}` } })).status;
    }
    expect(got).toEqual(expected);
  });

  // The operations endpoints (dead letters, check now, test message): everyone but an admin is
  // refused before anything is looked up; an admin gets through to the lookup (404 for a name
  // that does not exist, 400 for a discard without its reason).
  const adminOps: { method: 'GET' | 'POST'; path: string; body?: unknown; adminStatus: number }[] = [
    { method: 'GET', path: '/api/v1/admin/dead-letters/1-0', adminStatus: 404 },
    { method: 'POST', path: '/api/v1/admin/dead-letters/1-0/replay', body: {}, adminStatus: 404 },
    { method: 'POST', path: '/api/v1/admin/dead-letters/1-0/discard', body: {}, adminStatus: 400 },
    { method: 'POST', path: '/api/v1/admin/monitors/tidak-ada/check', body: {}, adminStatus: 404 },
    { method: 'POST', path: '/api/v1/admin/notification-channels/00000000-0000-4000-8000-000000000000/test', body: {}, adminStatus: 404 },
  ];
  for (const c of adminOps) {
    it(`admin only: ${c.method} ${c.path.replace(/00000000-[0-9a-f-]+/, ':id')}`, async () => {
      const expected = expectation(['admin'], c.adminStatus);
      const got: Record<string, number> = {};
      for (const who of Object.keys(expected) as Who[]) {
        got[who] = (await call(`${server.url}${c.path}`, { method: c.method, headers: { origin: server.url, ...headersOf[who] }, ...(c.body ? { body: c.body } : {}) })).status;
      }
      expect(got).toEqual(expected);
    });
  }

  // The configuration (issue 15): every write refused to everyone but an admin, whose empty body
  // is then refused field by field (400) rather than for who they are.
  for (const [method, p] of [
    ['POST', '/api/v1/admin/opd'],
    ['PATCH', '/api/v1/admin/opd/DLH'],
    ['POST', '/api/v1/admin/routing-rules'],
    ['PUT', '/api/v1/admin/routing-rules/default:sampah'],
    ['DELETE', '/api/v1/admin/routing-rules/no-such-rule'],
    ['POST', '/api/v1/admin/routing-rules/reorder'],
    ['POST', '/api/v1/admin/routing-rules/try'],
    ['POST', '/api/v1/admin/datasets'],
    ['PATCH', '/api/v1/admin/datasets/00000000-0000-4000-8000-000000000000'],
    ['POST', '/api/v1/admin/datasets/preview'],
  ] as const) {
    it(`admin configuration: ${method} ${p}`, async () => {
      const expected = expectation(['admin'], p.endsWith('no-such-rule') || p.endsWith('000000000000') ? 404 : 400);
      const got: Record<string, number> = {};
      for (const who of Object.keys(expected) as Who[]) {
        got[who] = (await call(`${server.url}${p}`, { method, headers: { origin: server.url, ...headersOf[who] }, body: method === 'DELETE' ? undefined : {} })).status;
      }
      expect(got).toEqual(expected);
    });
  }

  it('admin writes: only an admin changes a deadline rule (each refused to every other identity)', async () => {
    // Dry runs: the admin's call is checked and counted like a save, and nothing is stored.
    const writes: { method: string; path: string; body?: unknown }[] = [
      { method: 'POST', path: '/api/v1/admin/categories?dryRun=1', body: { code: 'uji-akses', name: 'Uji', group: 'layanan', emergency: false, dispatchWorkingDays: 1, firstResponseWorkingDays: 2, resolutionWorkingDays: 3 } },
      { method: 'PATCH', path: '/api/v1/admin/categories/sampah?dryRun=1', body: { resolutionWorkingDays: 9 } },
      { method: 'PUT', path: '/api/v1/admin/calendar/days/2026-12-15?dryRun=1', body: { kind: 'closure', name: 'Uji' } },
      { method: 'DELETE', path: '/api/v1/admin/calendar/days/2026-12-25?dryRun=1' },
      { method: 'POST', path: '/api/v1/admin/calendar/import?dryRun=1', body: { format: 'csv', content: 'date,kind,name\n2027-01-01,national,Tahun Baru\n' } },
    ];
    for (const w of writes) {
      const expected = expectation(['admin'], 200);
      const got: Record<string, number> = {};
      for (const who of Object.keys(expected) as Who[]) {
        got[who] = (await call(`${server.url}${w.path}`, { method: w.method, headers: { origin: server.url, ...headersOf[who] }, body: w.body })).status;
      }
      expect(got, `${w.method} ${w.path}`).toEqual(expected);
    }
  });

  it('an OPD-scoped user sees its own OPD only', async () => {
    const h = headersOf.opdOperator;
    expect((await call(`${server.url}/api/v1/opd/DLH/timeliness`, { headers: h })).status).toBe(200);
    expect((await call(`${server.url}/api/v1/opd/DISDUKCAPIL/timeliness`, { headers: h })).status).toBe(403);
    const all = await call(`${server.url}/api/v1/opd/timeliness`, { headers: h });
    expect(all.body.opd.map((r: { opd: { code: string } }) => r.opd.code)).toEqual(['DLH']);
    // Not with DLH: the secret complaint is unassigned.
    expect((await call(`${server.url}/api/v1/complaints/${secretComplaintId}`, { headers: h })).status).toBe(403);
  });

  it('/metrics: open on the loopback interface, admin-only through a proxy', async () => {
    expect((await call(`${server.url}/metrics`)).status).toBe(200);
    const proxied = { 'x-forwarded-for': '203.0.113.7' };
    expect((await call(`${server.url}/metrics`, { headers: proxied })).status).toBe(401);
    expect((await call(`${server.url}/metrics`, { headers: { ...proxied, ...headersOf.pimpinan } })).status).toBe(403);
    expect((await call(`${server.url}/metrics`, { headers: { ...proxied, ...headersOf.admin } })).status).toBe(200);
  });

  it('screens: /login for nobody, the page for the right roles', async () => {
    const wallAnon = await call(`${server.url}/wall?lang=en`);
    expect(wallAnon.status).toBe(303);
    // The login page speaks the language the screen was asked for.
    expect(wallAnon.headers.get('location')).toBe('/login?next=%2Fwall%3Flang%3Den&lang=en');
    expect((await call(`${server.url}/wall`, { headers: headersOf.wallDevice })).status).toBe(200);
    expect((await call(`${server.url}/wall`, { headers: headersOf.pimpinan })).status).toBe(200);
    const denied = await call(`${server.url}/admin`, { headers: headersOf.pimpinan });
    expect(denied.status).toBe(303);
    expect(denied.headers.get('location')).toBe('/login?next=%2Fadmin&denied=1');
    expect((await call(`${server.url}/admin`, { headers: headersOf.admin })).status).toBe(200);
    expect((await call(`${server.url}/pimpinan`, { headers: headersOf.pimpinan })).status).toBe(200);
    expect((await call(`${server.url}/teknisi`, { headers: headersOf.teknisi })).status).toBe(200);
    expect((await call(`${server.url}/teknisi`, { headers: headersOf.wallDevice })).status).toBe(303);
    expect((await call(`${server.url}/login`)).status).toBe(200);
    const bad = await call(`${server.url}/wall?token=not-a-real-token-123`);
    expect(bad.status).toBe(303);
    expect(bad.headers.get('location')).toBe('/login?next=%2Fwall&pairing=invalid');
  });
});

describe('privacy: reporter identity', () => {
  it('goes to operators and admins only, and each view is audited', async () => {
    const res = await call(`${server.url}/api/v1/complaints/${complaintId}/reporter`, { headers: headersOf.operator });
    expect(res.body.reporter).toEqual(REPORTER);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const audit = await sql`select actor, action, target, after from audit_log where action = 'complaint.reporter_view' and target = ${`complaint:${complaintId}`}`;
    expect(audit.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(audit)).not.toContain(REPORTER.nik);
    expect(audit[0].after).toEqual({ fields: ['name', 'phone', 'email', 'nik'] });
  });

  it('the complaint record carries no reporter, and a secret one hides text and place from pimpinan', async () => {
    const detail = await call(`${server.url}/api/v1/complaints/${complaintId}`, { headers: headersOf.pimpinan });
    expect(detail.status).toBe(200);
    expect(detail.body.complaint.text).toBe('Sampah menumpuk di pinggir jalan sejak tiga hari.');
    for (const value of Object.values(REPORTER)) expect(detail.text).not.toContain(value);
    expect(detail.text).not.toContain('reporter');
    const secretForPimpinan = await call(`${server.url}/api/v1/complaints/${secretComplaintId}`, { headers: headersOf.pimpinan });
    expect(secretForPimpinan.body.complaint).toMatchObject({ privacy: 'secret', text: null, title: null, location: null });
    const secretForOperator = await call(`${server.url}/api/v1/complaints/${secretComplaintId}`, { headers: headersOf.operator });
    expect(secretForOperator.body.complaint.text).toBe('Rahasia: pungli di kantor');
  });

  it('a wall token cannot reach it through any endpoint or event', async () => {
    const paths = [
      `/api/v1/complaints/${complaintId}/reporter`,
      `/api/v1/complaints/${complaintId}`,
      `/api/v1/complaints/${secretComplaintId}/reporter`,
      '/api/v1/admin/audit',
      '/api/v1/admin/users',
      '/api/v1/opd/timeliness',
    ];
    for (const who of ['wallToken', 'wallDevice'] as const) {
      for (const p of paths) {
        const res = await call(`${server.url}${p}`, { headers: headersOf[who] });
        expect(res.status, `${who} ${p}`).toBe(403);
        for (const value of Object.values(REPORTER)) expect(res.text).not.toContain(value);
      }
    }
    // Everything the wall socket receives: snapshot and deltas.
    const { socket } = await openSocket(server.url, { token: DEMO_WALL_TOKEN });
    sockets.push(socket);
    const received: string[] = [];
    socket.onAny((_event, payload) => received.push(JSON.stringify(payload)));
    expect(await subscribe(socket, 'wall')).toEqual({ ok: true });
    expect((await postEvents(server.url, 'complaints', { events: [complaint({ reporter: REPORTER })] })).status).toBe(202);
    await waitFor(async () => received.some((r) => r.includes('"complaints":[{')), 10_000);
    const all = received.join('\n');
    expect(all).toContain('"kpi"');
    for (const value of Object.values(REPORTER)) expect(all).not.toContain(value);
    expect(all).not.toContain('Rahasia: pungli');
  });
});

describe('Socket.IO: authenticated like HTTP, rooms and events by role', () => {
  it('refuses a connection without credentials, or with a bad or foreign-origin one', async () => {
    const none = await openSocket(server.url);
    expect(none.connected).toBe(false);
    expect(none.error?.data?.code).toBe('unauthorized');
    const bad = await openSocket(server.url, { token: 'pdt_not-a-token-at-all' });
    expect(bad.connected).toBe(false);
    // A session cookie sent from another site's page (cross-site WebSocket hijacking) is ignored.
    const foreign = await openSocket(server.url, { cookie: headersOf.admin.cookie, origin: 'https://evil.example' });
    expect(foreign.connected).toBe(false);
    for (const o of [none, bad, foreign]) o.socket.disconnect();
  });

  it('every principal may join the wall room; unknown rooms are refused', async () => {
    const creds: Record<string, { cookie?: string; token?: string }> = {
      wallToken: { token: DEMO_WALL_TOKEN },
      wallDevice: { cookie: headersOf.wallDevice.cookie },
      pimpinan: { cookie: headersOf.pimpinan.cookie },
      teknisi: { cookie: headersOf.teknisi.cookie },
      operator: { cookie: headersOf.operator.cookie },
      admin: { cookie: headersOf.admin.cookie },
    };
    for (const [who, c] of Object.entries(creds)) {
      const o = await openSocket(server.url, c);
      sockets.push(o.socket);
      expect(o.connected, who).toBe(true);
      expect(await subscribe(o.socket, 'wall'), who).toEqual({ ok: true });
      expect(await subscribe(o.socket, 'admin'), who).toMatchObject({ ok: false, error: 'unknown_room' });
    }
  });

  it('a wall token cannot emit any write event', async () => {
    for (const c of [{ token: DEMO_WALL_TOKEN }, { cookie: headersOf.wallDevice.cookie }]) {
      const { socket } = await openSocket(server.url, c);
      sockets.push(socket);
      for (const event of ['incident:acknowledge', 'acknowledge', 'complaint:dispatch', 'dispatch', 'maintenance:create', 'admin:users', 'x'.repeat(300)]) {
        expect(await emitWithAck(socket, event, { id: complaintId, note: 'hack' }), event).toMatchObject({ ok: false, error: 'forbidden' });
      }
      // It still reads.
      expect(await subscribe(socket, 'wall')).toEqual({ ok: true });
    }
  });
});

describe('hardening', () => {
  it('sends strict security headers and a CSP without inline scripts', async () => {
    const res = await fetch(`${server.url}/healthz`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self';");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('refuses cookie-authenticated writes from another origin or without one (CSRF)', async () => {
    const body = { label: 'csrf' };
    const url = `${server.url}/api/v1/admin/display-tokens`;
    expect((await call(url, { method: 'POST', headers: { cookie: headersOf.admin.cookie }, body })).status).toBe(403);
    const foreign = await call(url, { method: 'POST', headers: { cookie: headersOf.admin.cookie, origin: 'https://evil.example' }, body });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toBe('csrf');
    const viaReferer = await call(url, { method: 'POST', headers: { cookie: headersOf.admin.cookie, referer: `${server.url}/admin` }, body });
    expect(viaReferer.status).toBe(201);
    // Ingest with a Bearer key needs no Origin.
    expect((await postEvents(server.url, 'complaints', { events: [complaint()] })).status).toBe(202);
  });

  it('sets the session cookie HTTP-only and SameSite=Strict, the device cookie HTTP-only', async () => {
    const l = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ username: 'nobody', password: 'wrong-password-123' }),
    });
    expect(l.status).toBe(401);
    const paired = await fetch(`${server.url}/wall?token=${DEMO_WALL_TOKEN}`, { redirect: 'manual' });
    const device = paired.headers.getSetCookie().find((c) => c.startsWith('pantau_device='))!;
    expect(device).toMatch(/HttpOnly/i);
    expect(device).toMatch(/SameSite=Lax/i);
    expect(device).toMatch(/Max-Age=34560000/);
    const session = await loginAs(server, ['pimpinan']);
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ username: session.username, password: session.password }),
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('pantau_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
  });
});
