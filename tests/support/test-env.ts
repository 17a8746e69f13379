// Shared helpers for integration and end-to-end tests. They use the machine's real PostgreSQL
// and Redis (never mocks): a fresh database per test file and a unique Redis key prefix.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import postgres from 'postgres';
import { Redis } from 'ioredis';
import { configFromEnv, repoRoot, type PantauConfig } from '../../server/config.ts';
import { startPantau, type PantauHandle } from '../../server/main.ts';
import { hashPassword } from '../../server/auth/secrets.ts';
import type { Role } from '../../server/auth/roles.ts';
import { insertUser } from '../../server/repositories/user-repository.ts';
import { testPgUrl, testRedisUrl } from '../setup/test-addresses.ts';

export const TEST_PG_ADMIN_URL = testPgUrl();
export const TEST_REDIS_URL = testRedisUrl();
export const DEMO_KEY = 'test-demo-key-0123456789';
/** Registered at start like PANTAU_DEMO_WALL_TOKEN: a read-only display token for wall clients. */
export const DEMO_WALL_TOKEN = 'test-wall-token-0123456789';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `pantau_t_${randomBytes(5).toString('hex')}`;
  const admin = postgres(TEST_PG_ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const a = postgres(TEST_PG_ADMIN_URL, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export function testPrefix(): string {
  return `pantau-test:${randomBytes(4).toString('hex')}:`;
}

export async function deleteRedisPrefix(prefix: string): Promise<void> {
  const r = new Redis(TEST_REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await r.unlink(...keys);
  } while (cursor !== '0');
  r.disconnect();
}

export function testConfig(databaseUrl: string, redisPrefix: string, overrides: Partial<PantauConfig> = {}): PantauConfig {
  const base = configFromEnv({});
  return {
    ...base,
    port: 0,
    host: '127.0.0.1',
    databaseUrl,
    redisUrl: TEST_REDIS_URL,
    redisPrefix,
    dataDir: path.join(repoRoot, '.pantau/test'),
    demoApiKey: DEMO_KEY,
    demoWallToken: DEMO_WALL_TOKEN,
    tickMs: 100,
    logLevel: process.env.PANTAU_TEST_LOG_LEVEL ?? 'silent',
    ...overrides,
    processor: { ...base.processor, reclaimIdleMs: 1000, reclaimEveryMs: 500, ...overrides.processor },
  };
}

export interface TestServer {
  handle: PantauHandle;
  db: TestDatabase;
  prefix: string;
  url: string;
  stop(): Promise<void>;
}

export async function startTestServer(overrides: Partial<PantauConfig> = {}): Promise<TestServer> {
  const db = await createTestDatabase();
  const prefix = testPrefix();
  const handle = await startPantau(testConfig(db.url, prefix, overrides));
  return {
    handle,
    db,
    prefix,
    url: handle.url,
    async stop() {
      await handle.close();
      await deleteRedisPrefix(prefix);
      await db.drop();
    },
  };
}

export async function postEvents(url: string, kind: 'complaints' | 'uploads' | 'heartbeats', body: unknown, key = DEMO_KEY) {
  const res = await fetch(`${url}/api/v1/${kind}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 10_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`waitFor timed out after ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}

let counter = 0;
/** A valid complaint event for the demo source, with overrides. */
export function complaint(overrides: Record<string, unknown> = {}) {
  counter += 1;
  return {
    source: 'demo',
    externalId: `T-${Date.now()}-${counter}-${randomBytes(3).toString('hex')}`,
    occurredAt: new Date().toISOString(),
    channel: 'MRK',
    category: 'sampah',
    text: 'Sampah menumpuk di pinggir jalan sejak tiga hari.',
    location: { lat: 3.5952, lon: 98.6722 },
    ...overrides,
  };
}

export interface LoggedIn {
  userId: string;
  username: string;
  password: string;
  /** `name=value` of the session cookie. */
  cookie: string;
  /** What a browser on our own page sends: the cookie and our Origin (needed for writes). */
  headers: Record<string, string>;
}

let userCounter = 0;

/** Creates a user directly in the database (as `npm run admin:create` would). */
export async function createTestUser(handle: PantauHandle, roles: Role[], options: { opd?: string | null; username?: string; password?: string } = {}) {
  userCounter += 1;
  const username = options.username ?? `${roles.join('-') || 'none'}-${userCounter}-${randomBytes(3).toString('hex')}`;
  const password = options.password ?? `pw-${randomBytes(12).toString('hex')}`;
  const row = await insertUser(handle.database.db, { username, passwordHash: await hashPassword(password), roles, opdCode: options.opd ?? null });
  if (!row) throw new Error(`user ${username} exists`);
  return { userId: row.id, username, password };
}

/** A user with these roles, logged in through the real login endpoint. */
export async function loginAs(server: { url: string; handle: PantauHandle }, roles: Role[], options: { opd?: string | null } = {}): Promise<LoggedIn> {
  const user = await createTestUser(server.handle, roles, options);
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ username: user.username, password: user.password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = sessionCookieOf(res);
  return { ...user, cookie, headers: { cookie, origin: server.url } };
}

/** The `pantau_session=...` pair from a response's Set-Cookie headers. */
export function sessionCookieOf(res: Response): string {
  return cookiePair(res, 'pantau_session');
}

export function cookiePair(res: Response, name: string): string {
  const found = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  if (!found) throw new Error(`no ${name} cookie set`);
  return found.split(';')[0];
}

/** fetch with a JSON body and the given headers; returns status and parsed body. */
export async function call(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    redirect: 'manual',
    headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body, text, headers: res.headers };
}
