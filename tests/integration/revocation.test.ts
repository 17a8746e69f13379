// Revoking takes effect within seconds everywhere, open sockets included: two web nodes share
// Redis and Postgres; a revocation made through node A disconnects sockets held by node B and
// stops B from accepting the revoked credential.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPantau, type PantauHandle } from '../../server/main.ts';
import { openSocket, subscribe, waitForDisconnect } from '../support/auth-client.ts';
import {
  call,
  complaint,
  cookiePair,
  createTestDatabase,
  deleteRedisPrefix,
  loginAs,
  postEvents,
  testConfig,
  testPrefix,
  type LoggedIn,
  type TestDatabase,
} from '../support/test-env.ts';
import type { ClientSocket } from '../support/live-client.ts';

let db: TestDatabase;
let prefix: string;
let nodeA: PantauHandle;
let nodeB: PantauHandle;
let admin: LoggedIn;
const sockets: ClientSocket[] = [];
/** Within seconds: the bus makes it well under one second; the bar is two. */
const WITHIN_MS = 2000;

beforeAll(async () => {
  db = await createTestDatabase();
  prefix = testPrefix();
  nodeA = await startPantau(testConfig(db.url, prefix));
  // Node B serves HTTP and sockets only (whatever other roles a process may have).
  const base = testConfig(db.url, prefix);
  const webOnly = Object.fromEntries(Object.keys(base.roles).map((r) => [r, r === 'web'])) as typeof base.roles;
  nodeB = await startPantau({ ...base, roles: webOnly });
  admin = await loginAs({ url: nodeA.url, handle: nodeA }, ['admin']);
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await nodeB?.close();
  await nodeA?.close();
  await deleteRedisPrefix(prefix);
  await db?.drop();
});

const adminApi = (p: string, body: unknown = {}) => call(`${nodeA.url}/api/v1/admin${p}`, { method: 'POST', headers: admin.headers, body });

async function connectedOnB(credentials: { cookie?: string; token?: string }) {
  const o = await openSocket(nodeB.url, credentials);
  sockets.push(o.socket);
  expect(o.connected).toBe(true);
  expect(await subscribe(o.socket, 'wall')).toEqual({ ok: true });
  await new Promise<void>((resolve) => (o.socket.once('snapshot', () => resolve()), setTimeout(resolve, 2000)));
  return o.socket;
}

describe('revocation across nodes', () => {
  it('a revoked display token disconnects its raw-token and paired sockets on every node', async () => {
    const created = await adminApi('/display-tokens', { label: 'Lobi' });
    const token: string = created.body.token;
    const paired = await call(`${nodeB.url}/wall?token=${token}`);
    const device = cookiePair(paired as unknown as Response, 'pantau_device');
    const raw = await connectedOnB({ token });
    const viaCookie = await connectedOnB({ cookie: device });
    const rawGone = waitForDisconnect(raw, WITHIN_MS);
    const cookieGone = waitForDisconnect(viaCookie, WITHIN_MS);

    const started = Date.now();
    expect((await adminApi(`/display-tokens/${created.body.displayToken.id}/revoke`)).status).toBe(200);
    expect(await rawGone).toBe('io server disconnect');
    expect(await cookieGone).toBe('io server disconnect');
    expect(Date.now() - started).toBeLessThan(WITHIN_MS);

    // And they cannot come back, over sockets or HTTP, on either node.
    for (const url of [nodeA.url, nodeB.url]) {
      const again = await openSocket(url, { token });
      expect(again.connected).toBe(false);
      again.socket.disconnect();
      expect((await call(`${url}/api/v1/reference`, { headers: { cookie: device } })).status).toBe(401);
    }
  });

  it('a revoked screen (one device) is disconnected, other screens of the token stay', async () => {
    const created = await adminApi('/display-tokens', { label: 'Dua layar' });
    const token: string = created.body.token;
    const cookieOf = async () => cookiePair((await call(`${nodeA.url}/wall?token=${token}`)) as unknown as Response, 'pantau_device');
    const first = await connectedOnB({ cookie: await cookieOf() });
    const second = await connectedOnB({ cookie: await cookieOf() });
    const list = await call(`${nodeA.url}/api/v1/admin/display-tokens`, { headers: admin.headers });
    const devices = list.body.displayTokens.find((d: { id: string }) => d.id === created.body.displayToken.id).devices;
    expect(devices).toHaveLength(2);
    const firstGone = waitForDisconnect(first, WITHIN_MS);
    expect((await adminApi(`/display-devices/${devices[0].id}/revoke`)).status).toBe(200);
    expect(await firstGone).toBe('io server disconnect');
    await new Promise((r) => setTimeout(r, 300));
    expect(second.connected).toBe(true);
  });

  it('logging out or deactivating a user disconnects their sockets on every node', async () => {
    const op = await loginAs({ url: nodeA.url, handle: nodeA }, ['operator']);
    const s1 = await connectedOnB({ cookie: op.cookie });
    const gone = waitForDisconnect(s1, WITHIN_MS);
    expect((await call(`${nodeA.url}/api/v1/auth/logout`, { method: 'POST', headers: op.headers })).status).toBe(204);
    expect(await gone).toBe('io server disconnect');

    const tek = await loginAs({ url: nodeA.url, handle: nodeA }, ['teknisi']);
    const s2 = await connectedOnB({ cookie: tek.cookie });
    const gone2 = waitForDisconnect(s2, WITHIN_MS);
    const off = await call(`${nodeA.url}/api/v1/admin/users/${tek.userId}`, { method: 'PATCH', headers: admin.headers, body: { active: false } });
    expect(off.status).toBe(200);
    expect(await gone2).toBe('io server disconnect');
    expect((await call(`${nodeB.url}/api/v1/auth/me`, { headers: tek.headers })).status).toBe(401);
  });

  it('a revoked API key is refused at once on another node, despite its key cache', async () => {
    await adminApi('/sources', { code: 'mrk', name: 'Medan Rumah Kita' });
    const created = await adminApi('/sources/mrk/keys', { label: 'node test' });
    const key: string = created.body.key;
    // Warm node B's key cache.
    expect((await postEvents(nodeB.url, 'complaints', { events: [complaint({ source: 'mrk' })] }, key)).status).toBe(202);
    expect((await adminApi(`/api-keys/${created.body.apiKey.id}/revoke`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect((await postEvents(nodeB.url, 'complaints', { events: [complaint({ source: 'mrk' })] }, key)).status).toBe(401);
  });
});
