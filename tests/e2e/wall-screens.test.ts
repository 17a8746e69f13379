// The wall on a videotron: both screen sizes without overflow or scrollbars, no other host
// contacted, a DOWN service in the alert banner (how fast: the bench) and gone after recovery, untrusted
// complaint text shown as text, and a server restart ridden out without a reload.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from '../../server/config.ts';
import { startPantau, type PantauHandle } from '../../server/main.ts';
import { buildClientIfNeeded } from '../../server/infra/client-build.ts';
import { complaint, createTestDatabase, deleteRedisPrefix, DEMO_WALL_TOKEN, postEvents, testConfig, testPrefix, type TestDatabase } from '../support/test-env.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, connectionText, kpiValue, recordForeignRequests, waitForConnection, waitForKpi } from './support/wall-page.ts';

const shots = path.join(repoRoot, 'test-results/screenshots');
let db: TestDatabase;
let prefix: string;
let handle: PantauHandle;
let browser: Browser;

const config = (port = 0) => testConfig(db.url, prefix, { port });

beforeAll(async () => {
  fs.mkdirSync(shots, { recursive: true });
  await buildClientIfNeeded(path.join(repoRoot, 'dist/client'));
  db = await createTestDatabase();
  prefix = testPrefix();
  handle = await startPantau(config());
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  // Some life on the wall: complaints across the city (the longest category and channel names
  // among them), services up, two services with long names (and long OPD names) down.
  const events = Array.from({ length: 30 }, (_, i) =>
    complaint({ location: { lat: 3.55 + (i % 10) * 0.02, lon: 98.62 + (i % 7) * 0.015 }, category: LONG_CATEGORIES[i % LONG_CATEGORIES.length], channel: CHANNELS[i % CHANNELS.length] }),
  );
  expect((await postEvents(handle.url, 'complaints', { events })).status).toBe(202);
  const at = Date.now();
  const beats = ['sipandu', 'mrk-web', 'dataku'].flatMap((m) => [0, 1].map((i) => ({ source: 'demo', externalId: `${m}-${at}-${i}`, occurredAt: new Date(at - 5000 + i * 1000).toISOString(), monitor: m, status: 'up', latencyMs: 90 })));
  const down = ['sim-riset', 'simbg'].flatMap((m) => [0, 1, 2].map((i) => ({ source: 'demo', externalId: `${m}-down-${at}-${i}`, occurredAt: new Date(at - 5000 + i * 1000).toISOString(), monitor: m, status: 'down' })));
  expect((await postEvents(handle.url, 'heartbeats', { events: [...beats, ...down] })).status).toBe(202);
});

const LONG_CATEGORIES = ['drainase', 'ketertiban', 'layanan-aplikasi', 'kesehatan', 'sampah', 'bangunan-tata-ruang'];
const CHANNELS = ['MRK', 'SOSMED', 'MERCY', 'LAPOR', 'CALL'];

afterAll(async () => {
  await browser?.close();
  await handle?.close();
  await deleteRedisPrefix(prefix);
  await db?.drop();
});

async function openWall(width: number, height: number, query = ''): Promise<{ page: Page; foreign: string[] }> {
  const page = await browser.newPage({ viewport: { width, height } });
  const foreign = recordForeignRequests(page, handle.url);
  await page.goto(`${handle.url}/wall?token=${DEMO_WALL_TOKEN}${query}`);
  await waitForConnection(page, 'live');
  await waitForKpi(page, 'kpi-complaints-today', (v) => v >= 30);
  return { page, foreign };
}

/** Elements whose box leaves the viewport, and whether the document can scroll. */
async function layoutProblems(page: Page) {
  return page.evaluate(() => {
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const out: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      // What can be seen of the element: its box cut by every ancestor that clips its content.
      let { left, top, right, bottom } = el.getBoundingClientRect();
      for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
        const o = getComputedStyle(a);
        if (o.overflowX === 'visible' && o.overflowY === 'visible') continue;
        const c = a.getBoundingClientRect();
        left = Math.max(left, c.left);
        top = Math.max(top, c.top);
        right = Math.min(right, c.right);
        bottom = Math.min(bottom, c.bottom);
      }
      if (right - left <= 0 || bottom - top <= 0) continue;
      if (right > vw + 1 || bottom > vh + 1 || left < -1 || top < -1) {
        out.push(`${el.tagName.toLowerCase()}.${String(el.className).slice(0, 40)} ${Math.round(left)},${Math.round(top)} ${Math.round(right - left)}x${Math.round(bottom - top)}`);
      }
    }
    const scrolls = document.documentElement.scrollHeight > vh || document.documentElement.scrollWidth > vw;
    return { escaping: out.slice(0, 10), scrolls };
  });
}

/**
 * Text that is cut: an element with its own text whose content is larger than its box while the
 * box clips (ellipsis, line clamp, overflow hidden). Only what can be seen counts: an element out
 * of sight (a ticker row wrapped out of its list) is not "cut".
 */
async function cutTexts(page: Page) {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll<HTMLElement>('*'))) {
      const own = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
      if (!own) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      let { left, top, right, bottom } = el.getBoundingClientRect();
      for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
        const o = getComputedStyle(a);
        if (o.overflowX === 'visible' && o.overflowY === 'visible') continue;
        const c = a.getBoundingClientRect();
        left = Math.max(left, c.left);
        top = Math.max(top, c.top);
        right = Math.min(right, c.right);
        bottom = Math.min(bottom, c.bottom);
      }
      if (right - left <= 0 || bottom - top <= 0) continue;
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 2) {
        out.push(`"${(el.textContent ?? '').trim().slice(0, 60)}" (${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight})`);
      }
    }
    return out;
  });
}

describe('the wall on a videotron', () => {
  for (const [width, height] of [
    [1920, 1080],
    [3840, 2160],
  ] as const) {
    it(`fits ${width}x${height} without scrollbars or cut names and asks no other host`, async () => {
      const { page, foreign } = await openWall(width, height);
      await page.waitForSelector('[data-testid="map"] canvas', { timeout: 20_000 });
      await page.waitForSelector('[data-testid="alerts"] [data-monitor="sim-riset"][data-kind="down"]', { timeout: 10_000 });
      await page.waitForTimeout(1500);
      await page.screenshot({ path: path.join(shots, `e2e-wall-${width}x${height}.png`) });
      const problems = await layoutProblems(page);
      expect(problems.scrolls).toBe(false);
      expect(problems.escaping).toEqual([]);
      expect(await cutTexts(page)).toEqual([]);
      expect(foreign).toEqual([]);
      // Every figure says what it counts: the ranking's unit, the gauges' period.
      expect(await page.textContent('[data-testid="map-top-kecamatan"]')).toContain('per 10.000 penduduk');
      expect(await page.textContent('[data-testid="opd-gauges"]')).toContain('30 hari');
      for (const id of ['alerts', 'map', 'opd-gauges', 'ticker', 'connection']) expect(await page.isVisible(`[data-testid="${id}"]`)).toBe(true);
      await page.close();
    });
  }

  it('speaks English with ?lang=en', async () => {
    const { page } = await openWall(1920, 1080, '&lang=en');
    expect(await connectionText(page)).toBe('LIVE');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    // Categories and channels from the reference data, in English (proper names stay).
    await page.waitForSelector('[data-testid="ticker"] [data-complaint-id]');
    const ticker = (await page.textContent('[data-testid="ticker"]')) ?? '';
    expect(ticker).toContain('Blocked drain / standing water / flooding');
    expect(ticker).toContain('Social media');
    expect(ticker).not.toMatch(/Drainase|Sampah|Media sosial|Pelayanan|KTP-el/);
    expect(await page.textContent('[data-testid="map-top-kecamatan"]')).toContain('per 10,000 people');
    expect(await page.textContent('[data-testid="opd-gauges"]')).toContain('30 days');
    expect(await cutTexts(page)).toEqual([]);
    await page.screenshot({ path: path.join(shots, 'e2e-wall-en-1920x1080.png') });
    await page.close();
  });

  it('shows a DOWN service in the alerts and clears it after recovery', async () => {
    const { page } = await openWall(1920, 1080);
    const at = Date.now();
    const down = [0, 1, 2].map((i) => ({ source: 'demo', externalId: `sipandu-down-${at}-${i}`, occurredAt: new Date(at + i).toISOString(), monitor: 'sipandu', status: 'down' }));
    expect((await postEvents(handle.url, 'heartbeats', { events: down })).status).toBe(202);
    await page.waitForSelector('[data-testid="alerts"] [data-monitor="sipandu"][data-kind="down"]', { timeout: 15_000 });
    const banner = (await page.textContent('[data-testid="alerts"] [data-monitor="sipandu"]')) ?? '';
    expect(banner).toContain('Sipandu');
    expect(banner).toMatch(/Penanaman Modal|DPMPTSP/);
    await page.screenshot({ path: path.join(shots, 'e2e-wall-alert-1920x1080.png') });

    const up = [3, 4].map((i) => ({ source: 'demo', externalId: `sipandu-up-${at}-${i}`, occurredAt: new Date(at + i).toISOString(), monitor: 'sipandu', status: 'up', latencyMs: 80 }));
    expect((await postEvents(handle.url, 'heartbeats', { events: up })).status).toBe(202);
    await page.waitForSelector('[data-testid="alerts"] [data-monitor="sipandu"][data-kind="down"]', { state: 'detached', timeout: 5000 });
    // The recovery shows briefly, then leaves.
    await page.waitForSelector('[data-testid="alerts"] [data-monitor="sipandu"]', { state: 'detached', timeout: 30_000 });
    await page.close();
  });

  it('shows complaint text as text, never as HTML', async () => {
    const { page } = await openWall(1920, 1080);
    let dialogs = 0;
    page.on('dialog', async (d) => {
      dialogs += 1;
      await d.dismiss();
    });
    const hostile = '<img src=x onerror=alert(1)>';
    expect((await postEvents(handle.url, 'complaints', { events: [complaint({ title: hostile, text: hostile })] })).status).toBe(202);
    await page.waitForFunction((h) => document.querySelector('[data-testid="ticker"]')?.textContent?.includes(h) ?? false, hostile, { timeout: 5000 }).catch(() => undefined);
    expect(await page.$('[data-testid="ticker"] img[src="x"]')).toBeNull();
    expect(await page.$('img[src="x"]')).toBeNull();
    expect(dialogs).toBe(0);
    await page.close();
  });

  it('rides out a server restart: RECONNECTING, then LIVE, with correct numbers and no reload', async () => {
    const { page } = await openWall(1920, 1080);
    let navigations = 0;
    page.on('framenavigated', () => (navigations += 1));
    const port = handle.port;
    const before = (await kpiValue(page, 'kpi-complaints-today')) ?? 0;
    await handle.close();
    await waitForConnection(page, 'reconnecting', 15_000);
    expect(await connectionText(page)).toMatch(/^MENYAMBUNG ULANG - data per \d\d\.\d\d\.\d\d WIB$/);
    expect(await page.getAttribute('[data-testid="map"]', 'data-stale')).toBe('true');
    await page.screenshot({ path: path.join(shots, 'e2e-wall-reconnecting-1920x1080.png') });

    handle = await startPantau(config(port));
    // Events that arrive while the wall is away are there when it is back.
    expect((await postEvents(handle.url, 'complaints', { events: [complaint(), complaint()] })).status).toBe(202);
    await waitForConnection(page, 'live', 30_000);
    await waitForKpi(page, 'kpi-complaints-today', (v) => v === before + 2, 10_000);
    expect(navigations).toBe(0);
    expect(await page.getAttribute('[data-testid="map"]', 'data-stale')).toBe('false');
    await page.close();
  });
});
