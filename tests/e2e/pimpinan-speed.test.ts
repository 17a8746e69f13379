// /pimpinan's two speed fixes as a person sees them, in real Chromium at 1280x800:
// - one OPD with more complaints than a page: the first page comes with the report, "Muat lagi"
//   appends the next one (continuing the first, nothing twice, nothing skipped, the totals
//   unchanged), and the CSV downloaded while only the first page is shown holds every complaint;
// - the city view draws its headline and ranking before the trends arrive: the trends are asked
//   for only after the headline and ranking have come (the browser holds the trends' answer back
//   here, page.route: the server is not mocked).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Route } from 'playwright-core';
import { OPD_COMPLAINTS_PAGE, type OpdComplaintsPage, type OpdReportResponse } from '../../shared/pimpinan-api.ts';
import { BOM } from '../../shared/csv.ts';
import { addDays } from '../../shared/calendar-date.ts';
import { wibDate } from '../../shared/wib-time.ts';
import { repoRoot } from '../../server/config.ts';
import { buildClientIfNeeded } from '../../server/infra/client-build.ts';
import { orderComplaints } from '../../client/src/pimpinan/opd-view-model.ts';
import { loginAs, postEvents, startTestServer, waitFor, type LoggedIn, type TestServer } from '../support/test-env.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './support/wall-page.ts';

const SHOTS = process.env.PANTAU_SHOTS_DIR ?? path.join(repoRoot, 'test-results/screenshots');
const KEC = '12.71.05';
/** More than a page, less than two: one "Muat lagi" shows them all. */
const COUNT = OPD_COMPLAINTS_PAGE + 12;

let server: TestServer;
let browser: Browser;
let pimpinan: LoggedIn;
let outDir: string;

const today = wibDate(new Date());
const range = { from: addDays(today, -28), to: addDays(today, -1) };
const q = `from=${range.from}&to=${range.to}`;
const at = (day: number, hhmm: string) => `${addDays(range.from, day)}T${hhmm}:00+07:00`;

async function api<T>(pathAndQuery: string): Promise<T> {
  const res = await fetch(`${server.url}${pathAndQuery}`, { headers: { cookie: pimpinan.cookie, accept: 'application/json' } });
  expect(res.status, pathAndQuery).toBe(200);
  return (await res.json()) as T;
}

async function contextFor(width = 1280, height = 800): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  const [name, value] = pimpinan.cookie.split('=');
  await ctx.addCookies([{ name, value, url: server.url }]);
  return ctx;
}

beforeAll(async () => {
  await buildClientIfNeeded(path.join(repoRoot, 'dist/client'));
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-speed-'));
  server = await startTestServer({ minCount: 2 });
  pimpinan = await loginAs(server, ['pimpinan']);
  const kelurahan = [...server.handle.reference.current().kelurahan.values()].filter((k) => k.kecamatanCode === KEC).map((k) => k.code).sort();

  // DLH gets COUNT garbage complaints over the four weeks: some resolved fast, some late, some
  // left open (overdue by now), so the list has every verdict and more than one page.
  const run = Date.now().toString(36);
  const events: Record<string, unknown>[] = [];
  const outcomes = ['fast', 'slow', 'open', 'fast', 'open'] as const;
  for (let i = 0; i < COUNT; i++) {
    const day = i % 24;
    const hh = String(6 + (i % 12)).padStart(2, '0');
    const submitted = at(day, `${hh}:00`);
    const base = {
      source: 'demo',
      externalId: `${run}-p${i}`,
      channel: 'LAPOR',
      category: 'sampah',
      text: 'uji halaman aduan',
      location: { lat: 3.5952, lon: 98.6722 },
      kecamatan: KEC,
      kelurahan: kelurahan[i % kelurahan.length],
      submittedAt: submitted,
    };
    events.push({ ...base, status: 'received', occurredAt: submitted });
    events.push({ ...base, status: 'dispatched', occurredAt: at(day, `${hh}:30`), opd: 'DLH', actor: 'op-pusat' });
    const outcome = outcomes[i % outcomes.length];
    if (outcome === 'fast') events.push({ ...base, status: 'resolved', occurredAt: at(day, '20:00'), opd: 'DLH' });
    if (outcome === 'slow') events.push({ ...base, status: 'resolved', occurredAt: at(Math.min(day + 9, 27), '10:00'), opd: 'DLH' });
  }
  expect((await postEvents(server.url, 'complaints', { events })).status).toBe(202);
  await waitFor(async () => (await api<OpdReportResponse>(`/api/v1/reports/opd/DLH?${q}`)).complaintsTotal === COUNT, 60_000);
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
});

const rowKeys = (page: import('playwright-core').Page) =>
  page.$$eval('[data-testid="opd-complaints"] tbody tr[data-key]', (rows) => rows.map((r) => r.getAttribute('data-key')!));

describe('/pimpinan speed', () => {
  it('one OPD: the first page with the report, "Muat lagi" continues it, and the CSV holds every complaint', async () => {
    const first = await api<OpdReportResponse>(`/api/v1/reports/opd/DLH?${q}`);
    expect(first.complaints).toHaveLength(OPD_COMPLAINTS_PAGE);
    expect(first.complaintsNextOffset).toBe(OPD_COMPLAINTS_PAGE);
    const all = await api<OpdComplaintsPage>(`/api/v1/reports/opd/DLH/complaints?${q}&offset=0&limit=100000`);
    expect(all.complaints).toHaveLength(COUNT);

    const ctx = await contextFor();
    const page = await ctx.newPage();
    await page.goto(`${server.url}/pimpinan/opd/DLH?${q}`);
    await page.waitForSelector('[data-testid="opd-view"][data-opd="DLH"][data-state="ready"]', { timeout: 30_000 });
    // The first page, in the API's order; the note says how many there are in all.
    expect(await rowKeys(page)).toEqual(orderComplaints(first.complaints).map((c) => c.id));
    expect(await page.textContent('[data-testid="opd-complaints-cut"]')).toContain(`${OPD_COMPLAINTS_PAGE} aduan paling mendesak dari ${COUNT}`);
    const overdue = all.complaints.filter((c) => c.verdict === 'overdue').length;
    expect(overdue).toBeGreaterThan(0);
    expect((await page.locator('[data-testid="opd-complaints"] tbody tr').first().locator('[data-column="verdict"]').textContent())?.trim()).toBe('Lewat batas');

    // The CSV while only the first page is on screen: every complaint, each once.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="opd-complaints"] [data-testid="export-csv"]')]);
    const file = path.join(outDir, download.suggestedFilename());
    await download.saveAs(file);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.startsWith(BOM)).toBe(true);
    const ids = text
      .slice(BOM.length)
      .split('\r\n')
      .slice(1)
      .filter(Boolean)
      .map((line) => line.split(';')[0]);
    expect(ids).toEqual(orderComplaints(all.complaints).map((c) => c.id));
    expect(new Set(ids).size).toBe(COUNT);

    // "Muat lagi": the second page after the first, nothing twice, nothing skipped.
    const more = page.locator('[data-testid="opd-complaints-more"]');
    expect(await more.textContent()).toContain(`Muat lagi (${COUNT - OPD_COMPLAINTS_PAGE} berikutnya)`);
    await more.scrollIntoViewIfNeeded();
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'pimpinan-opd-more-1280x800.png') });
    await more.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="opd-complaints"] tbody tr[data-key]').length === n, COUNT, { timeout: 20_000 });
    const keys = await rowKeys(page);
    expect(keys).toEqual(orderComplaints(all.complaints).map((c) => c.id));
    expect(keys.slice(0, OPD_COMPLAINTS_PAGE)).toEqual(orderComplaints(first.complaints).map((c) => c.id));
    expect(await more.count()).toBe(0);
    expect(await page.locator('[data-testid="opd-complaints-cut"]').count()).toBe(0);
    // The figures above did not move: they always counted every complaint.
    expect(await page.getAttribute('[data-testid="opd-figures"] [data-figure="received"] [data-value]', 'data-value')).toBe(String(first.summary.received.value));

    await ctx.close();
  });

  it('the city view draws its headline and ranking before the trends arrive, and asks for the trends after them', async () => {
    const ctx = await contextFor();
    const page = await ctx.newPage();
    const sent: { what: string; at: number }[] = [];
    const answered: { what: string; at: number }[] = [];
    const kind = (url: string) => /\/api\/v1\/reports\/(overview|ranking|trends)\?/.exec(url)?.[1] ?? null;
    page.on('request', (r) => {
      const k = kind(r.url());
      if (k) sent.push({ what: k, at: Date.now() });
    });
    page.on('requestfinished', (r) => {
      const k = kind(r.url());
      if (k) answered.push({ what: k, at: Date.now() });
    });
    // Hold the trends' answer back until the test lets it go.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/v1/reports/trends?**', async (route: Route) => {
      await released;
      await route.continue();
    });

    await page.goto(`${server.url}/pimpinan?${q}`);
    await page.waitForSelector(`[data-testid="pimpinan"][data-loaded="${q}"][data-loading="false"]`, { timeout: 30_000 });
    await page.waitForSelector('[data-testid="ranking-table"] tbody tr[data-key]', { timeout: 10_000 });
    expect((await page.textContent('[data-testid="headline"]'))?.trim().length).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="overview"] [data-testid^="fig-"]:not([data-value])').count()).toBe(0);
    // Headline and ranking drawn, the trends still on their way.
    expect(await page.getAttribute('[data-testid="trend-charts"]', 'data-state')).toBe('loading');
    expect(await page.textContent('[data-testid="trend-charts"]')).toContain('Memuat tren');
    await page.waitForTimeout(500);
    expect(await page.getAttribute('[data-testid="trend-charts"]', 'data-state')).toBe('loading');
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'pimpinan-city-before-trends-1280x800.png') });

    // The trends were asked for once, after the overview and the ranking had come.
    const trends = sent.filter((s) => s.what === 'trends');
    expect(trends).toHaveLength(1);
    for (const what of ['overview', 'ranking']) {
      const done = answered.find((a) => a.what === what);
      expect(done, what).toBeTruthy();
      expect(trends[0].at).toBeGreaterThanOrEqual(done!.at);
    }

    release();
    await page.waitForSelector('[data-testid="trend-charts"][data-state="ready"]', { timeout: 30_000 });
    await page.waitForSelector('[data-testid="trend-daily"][data-chart-state="ready"]', { timeout: 30_000 });
    await ctx.close();
  });
});
