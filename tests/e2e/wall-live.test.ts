// The first proof of the path, in a real browser: the wall shows live counts and a complaint
// posted through the ingest API moves the count, without a reload. (How fast is the bench's
// delivery bar, measured under load from a separate process; here a generous limit only guards
// against a change that never arrives.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { buildClientIfNeeded } from '../../server/infra/client-build.ts';
import { complaint, DEMO_WALL_TOKEN, postEvents, startTestServer, type TestServer } from '../support/test-env.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, kpiValue, waitForConnection, waitForKpi } from './support/wall-page.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  await buildClientIfNeeded(new URL('../../dist/client', import.meta.url).pathname);
  server = await startTestServer();
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('/wall live counts', () => {
  it('moves the complaint count after a post, without reloading', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    // The CSP allows the wall's own WebSocket ('self'), nothing needs more.
    const refused: string[] = [];
    page.on('console', (m) => void (/Content Security Policy/i.test(m.text()) && refused.push(m.text())));
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto(`${server.url}/wall?token=${DEMO_WALL_TOKEN}`);
    await waitForConnection(page, 'live');
    const before = await waitForKpi(page, 'kpi-complaints-today', () => true);
    const open = (await kpiValue(page, 'kpi-complaints-open')) ?? 0;
    let navigations = 0;
    page.on('framenavigated', () => (navigations += 1));

    expect((await postEvents(server.url, 'complaints', { events: [complaint()] })).status).toBe(202);
    await waitForKpi(page, 'kpi-complaints-today', (v) => v === before + 1, 15_000);
    expect(await kpiValue(page, 'kpi-complaints-open')).toBe(open + 1);
    expect(navigations).toBe(0);
    expect(sockets.some((u) => u.includes('/socket.io/') && u.includes('transport=websocket'))).toBe(true);
    expect(refused).toEqual([]);
    await page.close();
  });
});
