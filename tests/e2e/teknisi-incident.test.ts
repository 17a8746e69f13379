// An outage from start to end, as the people involved see it: a real local HTTP service goes
// down, the prober notices after the configured failures, the wall shows the alert, /teknisi
// lists it, the webhook gets exactly one message; a technician acknowledges in /teknisi and the
// wall shows "ditangani oleh <name>"; the service comes back, the incident resolves, and the
// webhook gets exactly one recovery message.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import * as t from '../../db/schema.ts';
import { repoRoot } from '../../server/config.ts';
import { buildClientIfNeeded } from '../../server/infra/client-build.ts';
import { DEMO_WALL_TOKEN, loginAs, startTestServer, waitFor, type LoggedIn, type TestServer } from '../support/test-env.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, waitForConnection } from './support/wall-page.ts';

let server: TestServer;
let browser: Browser;
let teknisi: LoggedIn;
let serviceUp = true;
const target = http.createServer((_req, res) => res.writeHead(serviceUp ? 200 : 503).end(serviceUp ? 'ok' : 'gangguan'));
const hooks: { event: string }[] = [];
const receiver = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    hooks.push(JSON.parse(body));
    res.writeHead(200).end();
  });
});
const listen = (s: http.Server) => new Promise<number>((r) => s.listen(0, '127.0.0.1', () => r((s.address() as AddressInfo).port)));

beforeAll(async () => {
  await buildClientIfNeeded(path.join(repoRoot, 'dist/client'));
  const [targetPort, hookPort] = await Promise.all([listen(target), listen(receiver)]);
  server = await startTestServer({
    roles: { web: true, processors: true, prober: true },
    prober: { maxConcurrent: 8, shard: 0, shards: 1, reloadMs: 300, silenceCheckMs: 1000 },
    alerts: { groupWindowMs: 500, escalateAfterMinutes: 60, tickMs: 200 },
  });
  const db = server.handle.database.db;
  await db.insert(t.monitors).values({
    code: 'layanan-uji',
    name: 'Layanan Uji Coba',
    opdCode: 'DISKOMINFO',
    kind: 'http',
    target: `http://127.0.0.1:${targetPort}/`,
    intervalSeconds: 1,
    timeoutMs: 800,
  });
  await db.insert(t.notificationChannels).values({ name: 'Webhook teknisi', kind: 'webhook', config: { url: `http://127.0.0.1:${hookPort}/` }, opdCode: 'DISKOMINFO' });
  await server.handle.reference.refresh();
  teknisi = await loginAs(server, ['teknisi']);
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  target.close();
  receiver.close();
});

describe('an outage, end to end', () => {
  it('alerts once, is acknowledged in /teknisi, shows who handles it on the wall, and recovers once', async () => {
    const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await wall.goto(`${server.url}/wall?token=${DEMO_WALL_TOKEN}`);
    await waitForConnection(wall, 'live');

    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const [name, value] = teknisi.cookie.split('=');
    await context.addCookies([{ name, value, url: server.url }]);
    const phone = await context.newPage();
    await phone.goto(`${server.url}/teknisi`);
    await phone.waitForSelector('[data-testid="tk-active"]');

    await waitFor(async () => {
      const r = await fetch(`${server.url}/api/v1/monitors/layanan-uji`, { headers: { cookie: teknisi.cookie } });
      return (await r.json()).monitor?.state === 'up';
    }, 20_000);

    serviceUp = false;
    const banner = '[data-testid="alerts"] [data-monitor="layanan-uji"][data-kind="down"]';
    await wall.waitForSelector(banner, { timeout: 20_000 });
    expect(await wall.getAttribute(banner, 'data-acknowledged')).toBe('false');
    const card = '[data-testid="tk-incident"][data-monitor="layanan-uji"]';
    await phone.waitForSelector(card, { timeout: 20_000 });
    await waitFor(async () => hooks.filter((h) => h.event === 'down').length === 1, 10_000);

    // One tap, a note, confirm.
    await phone.click(`${card} [data-testid="tk-ack"]`);
    await phone.fill('[data-testid="tk-note"]', 'sedang dicek di ruang server');
    await phone.click('[data-testid="tk-confirm"]');
    await wall.waitForSelector(`${banner}[data-acknowledged="true"]`, { timeout: 5_000 });
    const text = (await wall.textContent(banner)) ?? '';
    expect(text).toContain(`ditangani oleh ${teknisi.username}`);
    await wall.screenshot({ path: path.join(repoRoot, 'test-results/screenshots/e2e-wall-acknowledged-1920x1080.png') });
    await phone.screenshot({ path: path.join(repoRoot, 'test-results/screenshots/e2e-teknisi-acknowledged-390x844.png') });

    serviceUp = true;
    await wall.waitForSelector(banner, { state: 'detached', timeout: 20_000 });
    await waitFor(async () => hooks.some((h) => h.event === 'recovery'), 10_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(hooks.filter((h) => h.event === 'down')).toHaveLength(1);
    expect(hooks.filter((h) => h.event === 'recovery')).toHaveLength(1);
    await context.close();
    await wall.close();
  });
});
