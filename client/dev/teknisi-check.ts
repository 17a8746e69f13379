// A quick behavioural check of /teknisi against the fake server in a real Chromium: navigation
// and the back button, the live list reacting to another technician, and a browser notification
// (with the service worker) on a new DOWN after "Aktifkan notifikasi".
//
//   npx vite build && npx tsx client/dev/teknisi-check.ts
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from './screenshot.ts';
import { startFakeLiveServer } from './fake-live-server.ts';

const server = await startFakeLiveServer({ port: 0, seed: 7, rate: 0.4 });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? process.env.PANTAU_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

try {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await context.grantPermissions(['notifications'], { origin: server.url });
  const page = await context.newPage();
  page.on('pageerror', (e) => failures.push(`pageerror: ${e.message}`));
  await page.goto(`${server.url}/teknisi`);
  await page.waitForSelector('[data-testid="tk-incident"]');

  // Navigation: a service's page and back, keeping the chosen tab.
  await page.click('[data-testid="tk-tab-monitors"]');
  await page.click('[data-testid="tk-monitor-row"][data-monitor="mrk-web"]');
  await page.waitForSelector('[data-testid="tk-monitor-detail"][data-monitor="mrk-web"]');
  check(new URL(page.url()).pathname === '/teknisi/monitor/mrk-web', 'a service row opens /teknisi/monitor/<code>');
  await page.goBack();
  await page.waitForSelector('[data-testid="tk-monitors"]');
  check(await page.isVisible('[data-testid="tk-monitors"]'), 'back returns to the service list tab');
  await page.reload();
  await page.goto(`${server.url}/teknisi/monitor/mrk-web?lang=en`);
  await page.waitForSelector('[data-testid="tk-monitor-detail"]');
  check((await page.textContent('[data-testid="tk-back"]'))?.includes('Back') === true, 'a deep link with ?lang=en opens in English');
  await page.click('[data-testid="tk-back"]');
  await page.waitForSelector('[data-testid="tk-active"]');
  check(page.url().endsWith('/teknisi?lang=en'), 'Back from a deep link goes to the home view and keeps the language');

  // Another technician acknowledges: the card changes without a reload.
  await page.click('[data-testid="tk-tab-incidents"]');
  const target = page.locator('[data-testid="tk-incident"][data-acknowledged="false"]').first();
  const incidentId = await target.getAttribute('data-incident');
  await fetch(`${server.url}/api/v1/incidents/${encodeURIComponent(incidentId ?? '')}/acknowledge`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ note: 'dari HP lain' }),
  });
  await page.waitForSelector(`[data-testid="tk-incident"][data-incident="${incidentId}"][data-acknowledged="true"]`, { timeout: 5000 });
  check(true, 'an acknowledgement by someone else appears live');
  const crossSite = await fetch(`${server.url}/api/v1/incidents/${encodeURIComponent(incidentId ?? '')}/resolve`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: '{}' });
  check(crossSite.status === 403, 'the fake refuses a cross-site write (as the real CSRF guard does)');

  // Notifications: enable, then a new DOWN.
  await page.click('[data-testid="tk-notify"]');
  await page.waitForSelector('[data-testid="tk-notify"][data-state="on"]');
  check(true, 'Aktifkan notifikasi turns on when permission is granted');
  await page.waitForFunction(async () => !!(await navigator.serviceWorker.getRegistration('/assets/')), null, { timeout: 5000 });
  const down = (await (await fetch(`${server.url}/__fake/down?code=dataku`, { method: 'POST' })).json()) as { code: string };
  await page.waitForSelector(`[data-testid="tk-incident"][data-monitor="${down.code}"]`, { timeout: 5000 });
  const titles = await page.waitForFunction(
    async () => {
      const reg = await navigator.serviceWorker.getRegistration('/assets/');
      const shown = (await reg?.getNotifications()) ?? [];
      return shown.length ? shown.map((n) => `${n.title} | ${n.body} | ${(n.data as { url?: string })?.url}`) : null;
    },
    null,
    { timeout: 5000 },
  );
  const list = (await titles.jsonValue()) as string[];
  console.log('     notifications:', list);
  check(list.some((t) => t.startsWith('DOWN: Medan Dataku') && t.includes('/teknisi/monitor/dataku')), 'a new DOWN shows a notification (in the page language) that opens the service');
  check((await page.title()).startsWith('('), 'the tab title counts incidents not yet handled');

  // Persisted choice: after a reload it is still on.
  await page.reload();
  await page.waitForSelector('[data-testid="tk-notify"][data-state="on"]');
  check(true, 'the choice survives a reload');
} finally {
  await browser.close();
  await server.close();
}
if (failures.length) {
  console.log(`FAILURES:\n  ${failures.join('\n  ')}`);
  process.exitCode = 1;
}
