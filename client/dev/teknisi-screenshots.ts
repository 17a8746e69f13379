// Screenshots of /teknisi against the fake server, phone (390x844) and desktop (1920x1080), in
// the states worth looking at: the incident list, the service list with a filter, the
// acknowledge sheet, a refusal, a service's page, the maintenance form, and English.
//
//   npx vite build && npx tsx client/dev/teknisi-screenshots.ts [--only phone|desktop]
//
// PNGs go to test-results/screenshots/teknisi-*.png (full page). Also prints console errors,
// requests to other hosts and any horizontal overflow (the page must never scroll sideways).
import { chromium, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_ARGS } from './screenshot.ts';
import { startFakeLiveServer } from './fake-live-server.ts';

const outDir = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
mkdirSync(outDir, { recursive: true });

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const server = await startFakeLiveServer({ port: 0, seed: 7, rate: 0.4 });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? process.env.PANTAU_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
const problems: string[] = [];

async function shoot(page: Page, name: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  if (overflow > 0) problems.push(`${name}: horizontal overflow by ${overflow}px`);
  await page.screenshot({ path: `${outDir}teknisi-${name}.png`, fullPage: true });
  // Screen-sized slices too: a tall full-page image is shrunk too far to judge when viewed.
  const { total, vw, vh } = await page.evaluate(() => ({ total: document.documentElement.scrollHeight, vw: innerWidth, vh: innerHeight }));
  const parts = Math.min(4, Math.ceil(total / vh));
  for (let i = 1; parts > 1 && i <= parts; i++) {
    await page.screenshot({ path: `${outDir}teknisi-${name}-part${i}.png`, fullPage: true, clip: { x: 0, y: (i - 1) * vh, width: vw, height: Math.min(vh, total - (i - 1) * vh) } });
  }
  console.log(`saved teknisi-${name}.png${parts > 1 ? ` (+${parts} slices)` : ''}`);
}

async function newPage(width: number, height: number, label: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1, hasTouch: width < 800, isMobile: width < 800 });
  page.on('console', (m) => {
    // The refusal scenario provokes a 409 on purpose.
    if (m.text().includes('status of 409')) return;
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`[${label} console.${m.type()}] ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`[${label} pageerror] ${e.message} ${e.stack?.split('\n').slice(1, 4).join(' | ') ?? ''}`));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(server.url) && !u.startsWith('data:') && !u.startsWith('blob:')) problems.push(`[${label}] request to another host: ${u}`);
  });
  return page;
}

try {
  const only = arg('only');
  for (const [w, h, label] of [
    [390, 844, 'phone'],
    [1920, 1080, 'desktop'],
  ] as const) {
    if (only && only !== label) continue;
    const page = await newPage(w, h, label);
    // Fresh, not-yet-handled outages for this round (the previous round handled some).
    for (const code of ['e-planning', 'lpse']) await fetch(`${server.url}/__fake/down?code=${code}`, { method: 'POST' });
    await page.goto(`${server.url}/teknisi`, { waitUntil: 'load' });
    await page.waitForSelector('[data-testid="tk-incident"]');
    await page.waitForTimeout(1500);
    await shoot(page, `${label}-home`);

    if (label === 'phone') {
      await page.click('[data-testid="tk-tab-monitors"]');
      await page.fill('[data-testid="tk-filter"]', 'dinas');
      await page.waitForTimeout(300);
      await shoot(page, `${label}-monitors-filtered`);
      await page.fill('[data-testid="tk-filter"]', '');
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${outDir}teknisi-${label}-monitors.png` });
      console.log(`saved teknisi-${label}-monitors.png (viewport)`);
      await page.click('[data-testid="tk-tab-incidents"]');
    }

    // The acknowledge sheet on the first not-yet-handled incident.
    const unacked = page.locator('[data-testid="tk-incident"][data-acknowledged="false"]').first();
    const incidentId = await unacked.getAttribute('data-incident');
    await unacked.locator('[data-testid="tk-ack"]').click();
    await page.waitForSelector('[data-testid="tk-action-sheet"][open]');
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${outDir}teknisi-${label}-ack-sheet.png` });
    console.log(`saved teknisi-${label}-ack-sheet.png (viewport)`);

    // Someone else is faster: acknowledge it behind the page's back, then confirm -> 409.
    await page.evaluate(async (id) => {
      await fetch(`/api/v1/incidents/${encodeURIComponent(id ?? '')}/acknowledge`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ note: 'Saya yang cek' }) });
    }, incidentId);
    await page.click('[data-testid="tk-confirm"]');
    await page.waitForSelector('[data-testid="tk-refusal"]');
    await page.screenshot({ path: `${outDir}teknisi-${label}-refusal.png` });
    console.log(`saved teknisi-${label}-refusal.png (viewport)`);
    await page.keyboard.press('Escape');
    await page.waitForTimeout(800);

    // Resolve another one with a note.
    const first = page.locator('[data-testid="tk-incident"]').first();
    await first.locator('[data-testid="tk-resolve"]').click();
    await page.fill('[data-testid="tk-note"]', 'Layanan web di-restart, sudah normal');
    await page.screenshot({ path: `${outDir}teknisi-${label}-resolve-sheet.png` });
    await page.click('[data-testid="tk-confirm"]');
    await page.waitForSelector('[data-testid="tk-toast"]');
    await page.waitForTimeout(1200);
    await shoot(page, `${label}-after-resolve`);

    // A service's page (one that is down), then the maintenance form.
    await page.goto(`${server.url}/teknisi/monitor/e-sts`, { waitUntil: 'load' });
    await page.waitForSelector('[data-testid="tk-checks"]');
    await page.waitForTimeout(1500);
    await shoot(page, `${label}-detail`);
    await page.click('[data-testid="tk-maint-add"]');
    await page.waitForSelector('[data-testid="tk-maintenance-sheet"][open]');
    await page.waitForTimeout(200);
    await page.screenshot({ path: `${outDir}teknisi-${label}-maintenance-form-once.png` });
    await page.click('[data-testid="tk-maint-kind-weekly"]', { force: true });
    await page.selectOption('[data-testid="tk-maint-weekday"]', '7');
    await page.selectOption('[data-testid="tk-maint-start-time-h"]', '23');
    await page.selectOption('[data-testid="tk-maint-start-time-m"]', '00');
    await page.selectOption('[data-testid="tk-maint-end-time-h"]', '01');
    await page.selectOption('[data-testid="tk-maint-end-time-m"]', '30');
    await page.waitForTimeout(200);
    await page.screenshot({ path: `${outDir}teknisi-${label}-maintenance-form.png` });
    console.log(`saved teknisi-${label}-maintenance-form.png (viewport)`);
    await page.click('[data-testid="tk-maint-save"]');
    await page.waitForSelector('[data-testid="tk-toast"]');
    await page.waitForTimeout(800);
    // Edit it back (the form opens filled in), then ask to delete it.
    await page.locator('[data-testid="tk-maint-edit"]').first().click();
    await page.waitForSelector('[data-testid="tk-maintenance-sheet"][open]');
    await page.waitForTimeout(200);
    await page.screenshot({ path: `${outDir}teknisi-${label}-maintenance-edit.png` });
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="tk-maint-delete"]').first().click();
    await page.locator('[data-testid="tk-maint-confirm-delete"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${outDir}teknisi-${label}-maintenance-delete-confirm.png` });
    await page.click('[data-testid="tk-maint-confirm-delete"]');
    await page.waitForSelector('[data-testid="tk-toast"]');

    // A service in maintenance, in English.
    await page.goto(`${server.url}/teknisi/monitor/e-rapor?lang=en`, { waitUntil: 'load' });
    await page.waitForSelector('[data-testid="tk-checks"]');
    await page.waitForTimeout(1500);
    await shoot(page, `${label}-detail-en`);
    await page.goto(`${server.url}/teknisi?lang=en`, { waitUntil: 'load' });
    await page.waitForSelector('[data-testid="tk-active"]');
    await page.waitForTimeout(1000);
    await shoot(page, `${label}-home-en`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
if (problems.length) {
  console.log(`PROBLEMS (${problems.length}):`);
  for (const p of problems) console.log(`  ${p}`);
  process.exitCode = 1;
} else console.log('no console errors, no other hosts, no horizontal overflow');
