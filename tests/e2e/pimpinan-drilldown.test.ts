// Drilling down in /pimpinan, in real Chromium on a tablet (1280x800), with screenshots on a
// projector (1920x1080) too: one OPD's figures, the complaints behind them (overdue first) and
// its due-period grid equal the API's answer; the complaints table downloaded as CSV holds
// exactly the API's complaints; a kecamatan opened from the city map (or its address) shows its
// kelurahan coloured and numbered as the API counts them; and a kepala dinas (a pimpinan user
// scoped to DLH) asking for another OPD gets a plain refusal, with none of that OPD's data in
// the page, and the API says 403.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { KecamatanReportResponse, OpdReportResponse, TrendsResponse } from '../../shared/pimpinan-api.ts';
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

let server: TestServer;
let browser: Browser;
let pimpinan: LoggedIn;
let dlhHead: LoggedIn;
let outDir: string;

// Four past weeks, so every clock due in them has been judged, ending yesterday (WIB).
const today = wibDate(new Date());
const range = { from: addDays(today, -28), to: addDays(today, -1) };
const q = `from=${range.from}&to=${range.to}`;
const at = (day: number, hhmm: string) => `${addDays(range.from, day)}T${hhmm}:00+07:00`;

async function api<T>(pathAndQuery: string, who: LoggedIn = pimpinan): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${pathAndQuery}`, { headers: { cookie: who.cookie, accept: 'application/json' } });
  return { status: res.status, body: (await res.json()) as T };
}

async function contextFor(who: LoggedIn, width = 1280, height = 800): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  const [name, value] = who.cookie.split('=');
  await ctx.addCookies([{ name, value, url: server.url }]);
  return ctx;
}

async function shoot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** RFC 4180 with the given separator (quotes doubled inside quoted fields). */
function parseCsv(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}

beforeAll(async () => {
  await buildClientIfNeeded(path.join(repoRoot, 'dist/client'));
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-drill-'));
  server = await startTestServer({ minCount: 2 });
  pimpinan = await loginAs(server, ['pimpinan']);
  dlhHead = await loginAs(server, ['pimpinan'], { opd: 'DLH' });
  const kelurahan = [...server.handle.reference.current().kelurahan.values()]
    .filter((k) => k.kecamatanCode === KEC)
    .map((k) => k.code)
    .sort();

  // Garbage and drainage complaints over the four weeks, in the kelurahan of one kecamatan:
  // DLH resolves some fast, some late, and leaves some open (overdue by now); DAMKAR gets fires.
  const run = Date.now().toString(36);
  const events: Record<string, unknown>[] = [];
  const add = (id: string, category: string, opd: string, day: number, k: number, outcome: 'fast' | 'slow' | 'open' | 'received') => {
    const kel = kelurahan[k % kelurahan.length];
    const submitted = at(day, '08:00');
    const base = { source: 'demo', externalId: `${run}-${id}`, channel: 'LAPOR', category, text: 'uji drill-down', location: { lat: 3.5952, lon: 98.6722 }, kecamatan: KEC, kelurahan: kel, submittedAt: submitted };
    events.push({ ...base, status: 'received', occurredAt: submitted });
    if (outcome === 'received') return;
    events.push({ ...base, status: 'dispatched', occurredAt: at(day, '08:30'), opd, actor: 'op-pusat' });
    if (outcome === 'fast') events.push({ ...base, status: 'resolved', occurredAt: at(day, '15:00'), opd });
    if (outcome === 'slow') events.push({ ...base, status: 'resolved', occurredAt: at(Math.min(day + 9, 27), '10:00'), opd });
  };
  const outcomes = ['fast', 'slow', 'open', 'fast', 'fast', 'open', 'slow', 'fast'] as const;
  for (let i = 0; i < 24; i++) add(`s${i}`, i % 3 === 0 ? 'drainase' : 'sampah', 'DLH', (i * 5) % 24, i, outcomes[i % outcomes.length]);
  for (let i = 0; i < 6; i++) add(`f${i}`, 'kebakaran', 'DAMKAR', (i * 4) % 26, i + 2, i % 3 === 0 ? 'open' : 'fast');
  for (let i = 0; i < 3; i++) add(`r${i}`, 'sampah', 'DLH', 25, i + 4, 'received');
  expect((await postEvents(server.url, 'complaints', { events })).status).toBe(202);

  // DLH's daily tonnage: most days on time, some late, some never uploaded.
  const uploads = [];
  for (let d = 0; d < 28; d++) {
    if (d % 6 === 5) continue; // missing
    const late = d % 7 === 3;
    const receivedAt = late ? at(Math.min(d + 1, 27), '09:00') : at(d, '20:00');
    uploads.push({ source: 'demo', externalId: `${run}-up-${d}`, occurredAt: receivedAt, opd: 'DLH', dataset: 'tonase-sampah-harian', period: { start: addDays(range.from, d), end: addDays(range.from, d) } });
  }
  expect((await postEvents(server.url, 'uploads', { events: uploads })).status).toBe(202);

  const expected = events.filter((e) => e.status === 'received').length;
  await waitFor(async () => {
    const { body } = await api<KecamatanReportResponse>(`/api/v1/reports/kecamatan/${KEC}?${q}`);
    return body.received?.value === expected;
  }, 30_000);
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
});

async function openOpd(page: Page, code: string): Promise<void> {
  await page.goto(`${server.url}/pimpinan/opd/${code}?${q}`);
  await page.waitForSelector(`[data-testid="opd-view"][data-opd="${code}"][data-state="ready"]`, { timeout: 20_000 });
}

describe('/pimpinan drill-down', () => {
  it('one OPD: figures, the complaints behind them (overdue first) and the due grid equal the API', async () => {
    const { status, body } = await api<OpdReportResponse>(`/api/v1/reports/opd/DLH?${q}`);
    expect(status).toBe(200);
    const ctx = await contextFor(pimpinan);
    const page = await ctx.newPage();
    await openOpd(page, 'DLH');

    const s = body.summary;
    const shown = async (figure: string) => page.getAttribute(`[data-testid="opd-figures"] [data-figure="${figure}"] [data-value]`, 'data-value');
    expect(await shown('received')).toBe(String(s.received.value));
    expect(await shown('openOverdue')).toBe(String(s.openOverdue.value));
    expect(await shown('closedLate')).toBe(String(s.closedLate.value));
    expect(await shown('running')).toBe(String(s.running.value));
    expect(await shown('responseOverdue')).toBe(String(s.responseOverdue.value));
    const rate = async (figure: string) => {
      const el = page.locator(`[data-testid="opd-figures"] [data-figure="${figure}"] [data-numerator]`);
      return `${await el.getAttribute('data-numerator')}/${await el.getAttribute('data-denominator')}`;
    };
    expect(await rate('onTime')).toBe(`${s.onTime.value.numerator}/${s.onTime.value.denominator}`);
    expect(await rate('uploadsOnTime')).toBe(`${s.uploadsOnTime.value.numerator}/${s.uploadsOnTime.value.denominator}`);
    expect(s.openOverdue.value).toBeGreaterThan(0);

    // Every complaint the API lists, overdue first and the longest overdue on top.
    const keys = await page.$$eval('[data-testid="opd-complaints"] tbody tr[data-key]', (rows) => rows.map((r) => r.getAttribute('data-key')));
    expect(keys).toEqual(orderComplaints(body.complaints).map((c) => c.id));
    const overdue = body.complaints.filter((c) => c.verdict === 'overdue');
    expect(keys.slice(0, overdue.length).sort()).toEqual(overdue.map((c) => c.id).sort());
    const firstRow = page.locator('[data-testid="opd-complaints"] tbody tr').first();
    expect(await firstRow.locator('[data-column="verdict"]').textContent()).toBe('Lewat batas');
    expect(await firstRow.locator('[data-column="clock"]').textContent()).toContain('jam');
    expect(await firstRow.locator('[data-column="late"]').textContent()).toMatch(/hari kerja/);

    // The due grid: one box per due period, its verdict in colour, symbol and words.
    for (const dataset of body.datasets) {
      const boxes = page.locator(`[data-testid="due-dataset"][data-dataset="${dataset.code}"] [role="gridcell"][data-status]`);
      expect(await boxes.count()).toBe(dataset.periods.length);
      for (const verdict of ['on_time', 'late', 'missing', 'pending'] as const) {
        expect(await page.locator(`[data-testid="due-dataset"][data-dataset="${dataset.code}"] [data-status="${verdict}"]`).count()).toBe(dataset.periods.filter((p) => p.verdict === verdict).length);
      }
    }
    const tonnage = body.datasets.find((d) => d.code === 'tonase-sampah-harian')!;
    expect(tonnage.periods.some((p) => p.verdict === 'missing')).toBe(true);
    const missing = page.locator('[data-dataset="tonase-sampah-harian"] [data-status="missing"]').first();
    expect(await missing.getAttribute('aria-label')).toMatch(/tidak ada$/);
    expect(await missing.textContent()).toContain('✗');
    // One tab stop per grid; the arrows move inside it.
    const grid = page.locator('[data-dataset="tonase-sampah-harian"] [role="grid"]');
    await grid.locator('[tabindex="0"]').focus();
    const before = await page.evaluate(() => document.activeElement?.getAttribute('data-period'));
    await page.keyboard.press('ArrowRight');
    const after = await page.evaluate(() => document.activeElement?.getAttribute('data-period'));
    expect(after && before && after > before).toBe(true);

    await page.waitForSelector('[data-testid="opd-trend"][data-chart-state="ready"]', { timeout: 20_000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, 'pimpinan-opd-1280x800');
    await page.screenshot({ path: path.join(SHOTS, 'pimpinan-opd-1280x800-full.png'), fullPage: true });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.waitForTimeout(300);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, 'pimpinan-opd-1920x1080');
    await page.screenshot({ path: path.join(SHOTS, 'pimpinan-opd-1920x1080-full.png'), fullPage: true });
    await ctx.close();
  });

  it('the complaints table downloaded as CSV holds exactly the API\'s complaints', async () => {
    const { body } = await api<OpdReportResponse>(`/api/v1/reports/opd/DLH?${q}`);
    const ctx = await contextFor(pimpinan);
    const page = await ctx.newPage();
    await openOpd(page, 'DLH');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="opd-complaints"] [data-testid="export-csv"]')]);
    const file = path.join(outDir, download.suggestedFilename());
    await download.saveAs(file);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.startsWith(BOM)).toBe(true);
    const [header, ...rows] = parseCsv(text.slice(BOM.length), ';');
    const col = (name: string) => header.indexOf(name);
    expect(col('No. aduan')).toBe(0);
    const byId = new Map(body.complaints.map((c) => [c.id, c]));
    expect(rows.map((r) => r[0]).sort()).toEqual([...byId.keys()].sort());
    const num = (cell: string) => (cell === '' ? null : Number(cell.replace(',', '.')));
    for (const r of rows) {
      const c = byId.get(r[0])!;
      expect(num(r[col('Terlambat (jam)')])).toBe(c.lateHours);
      expect(num(r[col('Terlambat (hari kerja)')])).toBe(c.lateWorkingDays);
      expect(r[col('Kategori')]).toBe(c.category.name.id);
      expect(r[col('Kecamatan')]).toBe(c.kecamatan?.name ?? '');
    }
    // Reporter identity is never in an export.
    expect(text).not.toMatch(/phone|telepon|NIK|email/i);
    await ctx.close();
  });

  it('a kecamatan opened from the city map shows its kelurahan numbered as the API counts them', async () => {
    const { body } = await api<KecamatanReportResponse>(`/api/v1/reports/kecamatan/${KEC}?${q}`);
    const ctx = await contextFor(pimpinan);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/pimpinan?${q}`);
    await page.waitForSelector(`[data-testid="city-map"][data-map-state="ready"] .area-label[data-code="${KEC}"]`, { timeout: 30_000 });
    // The numbers on the map are what the API counts per kecamatan, and the list beside it says the same.
    const mapLabels = await page.$$eval('[data-testid="city-map"] .area-label', (els) => els.map((e) => [e.getAttribute('data-code'), e.getAttribute('data-value')]));
    const listed = await page.$$eval('[data-testid="city-map-list"] button', (els) => els.map((e) => [e.getAttribute('data-code'), e.getAttribute('data-value')]));
    expect(Object.fromEntries(listed)).toEqual(Object.fromEntries(mapLabels));
    expect(Object.fromEntries(mapLabels)[KEC]).toBe(String(body.received.value));
    await page.locator('[data-testid="city-map"]').scrollIntoViewIfNeeded();
    await shoot(page, 'pimpinan-city-map-1280x800');
    await page.click(`[data-testid="city-map-list"] button[data-code="${KEC}"]`);
    await page.waitForURL((url) => url.pathname === `/pimpinan/kecamatan/${KEC}`);
    expect(new URL(page.url()).searchParams.get('from')).toBe(range.from);
    await page.waitForSelector(`[data-testid="kecamatan-view"][data-kecamatan="${KEC}"][data-state="ready"]`, { timeout: 20_000 });

    const figure = (name: string) => page.getAttribute(`[data-testid="kecamatan-figures"] [data-figure="${name}"] [data-value]`, 'data-value');
    expect(await figure('received')).toBe(String(body.received.value));
    expect(await figure('open')).toBe(String(body.open.value));
    expect(await figure('overdue')).toBe(String(body.overdue.value));

    await page.waitForSelector('[data-testid="kecamatan-map"][data-map-state="ready"] .area-label', { timeout: 30_000 });
    const labels = async () => Object.fromEntries(await page.$$eval('[data-testid="kecamatan-map"] .area-label', (els) => els.map((e) => [e.getAttribute('data-code'), Number(e.getAttribute('data-value'))])));
    expect(await labels()).toEqual(Object.fromEntries(body.kelurahan.map((k) => [k.code, k.received])));
    await page.click('[data-testid="kecamatan-measure"] input[value="overdue"]');
    await waitFor(async () => JSON.stringify(await labels()) === JSON.stringify(Object.fromEntries(body.kelurahan.map((k) => [k.code, k.overdue]))), 5_000);
    // The same numbers in the table; the serving OPD and the top category as the API says.
    const rows = await page.$$eval('[data-testid="kecamatan-kelurahan"] tbody tr[data-key]', (trs) => trs.map((tr) => [tr.getAttribute('data-key'), tr.querySelector('[data-column="received"]')?.textContent]));
    expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(body.kelurahan.map((k) => [k.code, String(k.received)])));
    expect(await page.getAttribute('[data-testid="kecamatan-serving"]', 'data-opd')).toBe(body.servingOpd?.code);
    expect(await page.textContent('[data-testid="kecamatan-categories"] tbody tr:first-child th')).toBe(body.topCategories[0].name.id);

    await page.click('[data-testid="kecamatan-measure"] input[value="received"]');
    await page.waitForTimeout(300);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, 'pimpinan-kecamatan-1280x800');
    await page.screenshot({ path: path.join(SHOTS, 'pimpinan-kecamatan-1280x800-full.png'), fullPage: true });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.waitForTimeout(500);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shoot(page, 'pimpinan-kecamatan-1920x1080');
    await page.screenshot({ path: path.join(SHOTS, 'pimpinan-kecamatan-1920x1080-full.png'), fullPage: true });

    // The address alone opens the same view (a link pasted into a chat group).
    const direct = await ctx.newPage();
    await direct.goto(`${server.url}/pimpinan/kecamatan/${KEC}?${q}&lang=en`);
    await direct.waitForSelector(`[data-testid="kecamatan-view"][data-state="ready"]`, { timeout: 20_000 });
    expect(await direct.getAttribute('[data-testid="kecamatan-figures"] [data-figure="received"] [data-value]', 'data-value')).toBe(String(body.received.value));
    expect(await direct.textContent('#kec-map-title')).toBe('Kelurahan map');
    await ctx.close();
  });

  it('the trend charts draw on the city view and, finished and without animation, in the printed report', async () => {
    const { body } = await api<TrendsResponse>(`/api/v1/reports/trends?${q}`);
    const ctx = await contextFor(pimpinan);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/pimpinan?${q}`);
    for (const chart of ['trend-daily', 'trend-weekly', 'trend-participation']) {
      await page.waitForSelector(`[data-testid="${chart}"][data-chart-state="ready"] canvas`, { timeout: 20_000 });
    }
    const totals = body.daily.reduce((a, d) => ({ r: a.r + d.received, c: a.c + d.closed }), { r: 0, c: 0 });
    expect(await page.textContent('[data-testid="trend-daily-totals"]')).toBe(`Diterima: ${totals.r} · Selesai: ${totals.c}`);
    // Every week's rate with its counts, as the API counts them.
    const weeks = await page.$$eval('[data-testid="trend-weekly-table"] td', (tds) => tds.map((td) => td.textContent));
    expect(weeks.length).toBe(body.weekly.length);
    body.weekly.forEach((w, i) => {
      if (w.onTime.denominator > 0) expect(weeks[i]).toContain(`(${w.onTime.numerator} dari ${w.onTime.denominator})`);
    });
    await page.locator('[data-testid="trend-charts"]').scrollIntoViewIfNeeded();
    await shoot(page, 'pimpinan-trends-1280x800');

    const report = await ctx.newPage();
    await report.goto(`${server.url}/pimpinan/laporan?${q}`);
    for (const chart of ['trend-daily', 'trend-weekly', 'trend-participation']) {
      await report.waitForSelector(`[data-testid="${chart}"][data-chart-state="ready"] svg path`, { timeout: 20_000, state: "attached" });
    }
    await report.emulateMedia({ media: 'print' });
    const pdf = path.join(SHOTS, 'pimpinan-report-trends.pdf');
    await report.pdf({ path: pdf, format: 'A4', landscape: true, printBackground: true });
    expect(fs.statSync(pdf).size).toBeGreaterThan(20_000);
    await ctx.close();
  });

  it('a kepala dinas is refused another OPD: a plain refusal, none of its data in the page, 403 from the API', async () => {
    expect((await api(`/api/v1/reports/opd/DAMKAR?${q}`, dlhHead)).status).toBe(403);
    expect((await api(`/api/v1/reports/opd/DLH?${q}`, dlhHead)).status).toBe(200);
    const { body: damkar } = await api<OpdReportResponse>(`/api/v1/reports/opd/DAMKAR?${q}`);
    expect(damkar.complaints.length).toBeGreaterThan(0);

    const ctx = await contextFor(dlhHead);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/pimpinan/opd/DAMKAR?${q}`);
    const refusal = await page.waitForSelector('[data-testid="opd-view"] [data-testid="view-refused"]', { timeout: 20_000 });
    expect(await refusal.getAttribute('data-status')).toBe('403');
    expect(await refusal.textContent()).toContain('hanya dapat membuka rincian OPD Anda sendiri');
    const text = (await page.textContent('body')) ?? '';
    for (const c of damkar.complaints) expect(text).not.toContain(c.id.slice(0, 8));
    expect(text).not.toContain(damkar.opd.name);
    expect(await page.locator('[data-testid="opd-complaints"], [data-testid="opd-figures"], [data-testid="due-grids"]').count()).toBe(0);
    await shoot(page, 'pimpinan-opd-refused-1280x800');

    // Their own OPD opens.
    await openOpd(page, 'DLH');
    await ctx.close();
  });
});
