// /pimpinan for the people who run the city, in real Chromium on a tablet (1280x800) and a
// projector (1920x1080): every headline figure equals the API's answer for the period chosen in
// the picker or in the address; back and forward walk the periods; the ranking sorts by the
// address; the CSV and XLSX downloads hold exactly the API's ranking; the printable report
// prints to an A4-landscape PDF; and while the period includes today a complaint posted through
// the ingest API moves the headline without a reload.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { readSheet } from 'read-excel-file/node';
import type { OverviewResponse, RankingResponse, RankingRow } from '../../shared/pimpinan-api.ts';
import { BOM } from '../../shared/csv.ts';
import { addDays } from '../../shared/calendar-date.ts';
import { wibDate } from '../../shared/wib-time.ts';
import { repoRoot } from '../../server/config.ts';
import { buildClientIfNeeded } from '../../server/infra/client-build.ts';
import { complaint, loginAs, postEvents, startTestServer, waitFor, type LoggedIn, type TestServer } from '../support/test-env.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './support/wall-page.ts';

const SHOTS = process.env.PANTAU_SHOTS_DIR ?? path.join(repoRoot, 'test-results/screenshots');

let server: TestServer;
let browser: Browser;
let pimpinan: LoggedIn;
let outDir: string;

async function api<T>(pathAndQuery: string): Promise<T> {
  const res = await fetch(`${server.url}${pathAndQuery}`, { headers: { cookie: pimpinan.cookie, accept: 'application/json' } });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

async function context(width: number, height: number): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  const [name, value] = pimpinan.cookie.split('=');
  await ctx.addCookies([{ name, value, url: server.url }]);
  return ctx;
}

/** The page shows the answer for this query (and is not loading another). */
async function loaded(page: Page, query: string): Promise<void> {
  await page.waitForSelector(`[data-testid="pimpinan"][data-loaded="${query}"][data-loading="false"]`, { timeout: 20_000 });
}

/** Every headline figure's exact value, as the API gave it. */
function expectedFigures(o: OverviewResponse): Record<string, string> {
  const c = o.complaints;
  const rate = (r: { numerator: number; denominator: number }) => `${r.numerator}/${r.denominator}`;
  const n = (v: number | null) => (v === null ? '' : String(v));
  return {
    received: n(c.received.value),
    onTime: rate(c.onTime.value),
    overdueCitizen: n(c.overdueCitizen.value),
    overdueOpd: n(c.overdueOpd.value),
    closed: n(c.closed.value),
    open: n(c.open.value),
    opdOnTime: rate(c.opdOnTime.value),
    medianFirstResponse: n(c.medianWorkingDaysToFirstResponse.value),
    medianResolution: n(c.medianWorkingDaysToResolution.value),
    uploadsOnTimeRate: rate(o.uploads.onTimeRate.value),
    uploadsDue: n(o.uploads.due.value),
    uploadsOnTime: n(o.uploads.onTime.value),
    uploadsLate: n(o.uploads.late.value),
    uploadsMissing: n(o.uploads.missing.value),
    availability: n(o.services.availability.value.percent),
    incidents: n(o.services.incidentsOpened.value),
    downtime: n(o.services.downtimeMs.value),
  };
}

async function shownFigures(page: Page): Promise<Record<string, string>> {
  return page.$$eval('[data-testid^="fig-"]', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-testid')!.slice(4), e.getAttribute('data-value') ?? ''])));
}

async function expectFiguresEqualApi(page: Page, query: string): Promise<OverviewResponse> {
  await loaded(page, query);
  const overview = await api<OverviewResponse>(`/api/v1/reports/overview?${query}`);
  const { downtime: shownDowntime, ...shown } = await shownFigures(page);
  const { downtime: apiDowntime, ...expected } = expectedFigures(overview);
  expect(shown).toEqual(expected);
  // An incident still open makes the downtime of a period that includes now grow while the test
  // reads: the page fetched its figures moments before this request, so it may be lower, by at
  // most that moment per incident (two minutes is generous on a busy machine), never higher.
  const lag = Number(apiDowntime) - Number(shownDowntime);
  expect(lag).toBeGreaterThanOrEqual(0);
  expect(lag).toBeLessThanOrEqual(Math.max(1, overview.services.incidentsOpened.value) * 120_000);
  // The words say it too: the count of received complaints in the page's number format.
  const received = await page.textContent('[data-testid="fig-received"]');
  expect(received).toContain(new Intl.NumberFormat('id-ID').format(overview.complaints.received.value));
  expect(await page.getAttribute('[data-testid="period-picker"]', 'data-from')).toBe(overview.period.from);
  expect(await page.getAttribute('[data-testid="period-picker"]', 'data-to')).toBe(overview.period.to);
  return overview;
}

async function shownOpdOrder(page: Page): Promise<string[]> {
  return page.$$eval('[data-testid="ranking-table"] tbody tr[data-key]', (rows) => rows.map((r) => r.getAttribute('data-key')!));
}

/** The export's rows as the API states them (the screen's order given). */
function apiRowsInOrder(ranking: RankingResponse, order: string[]): (string | number | null)[][] {
  const byCode = new Map(ranking.rows.map((r) => [r.opd.code, r]));
  const pct = (r: { rate: number | null }) => (r.rate === null ? null : Math.round(r.rate * 10000) / 100);
  return order.map((code) => {
    const r = byCode.get(code) as RankingRow;
    return [
      r.ranks.complaints,
      r.opd.code,
      r.opd.name,
      pct(r.complaintsOnTime),
      r.complaintsOnTime.numerator,
      r.complaintsOnTime.denominator,
      pct(r.uploadsOnTime),
      r.uploadsOnTime.numerator,
      r.uploadsOnTime.denominator,
      r.availability.percent === null ? null : Math.round(r.availability.percent * 100) / 100,
      r.availability.services,
      r.misroutesReceived,
      r.misroutesCaused,
      r.overdueNow,
    ];
  });
}

/** RFC 4180 with the given separator (the writer's own test has the property-based round trip). */
function parseCsv(text: string, separator: string): string[][] {
  expect(text.startsWith(BOM)).toBe(true);
  const s = text.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === separator) row.push(field), (field = '');
    else if (ch === '\r' && s[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += ch;
  }
  return rows;
}

/** A CSV cell back to what the API said: Indonesian decimal comma, empty = null. */
const csvValue = (cell: string): string | number | null => (cell === '' ? null : /^-?\d+(,\d+)?$/.test(cell) ? Number(cell.replace(',', '.')) : cell);

beforeAll(async () => {
  await buildClientIfNeeded(path.join(repoRoot, 'dist/client'));
  // A small minimum, so a few complaints already rank an OPD (the rule is the same at 5).
  server = await startTestServer({ minCount: 2 });
  pimpinan = await loginAs(server, ['pimpinan']);
  fs.mkdirSync(SHOTS, { recursive: true });
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-pimpinan-'));
  // Some history: complaints today, three days ago and twenty days ago (so 7 and 30 days differ).
  const today = wibDate(Date.now());
  const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
  const events: Record<string, unknown>[] = [0, 0, 0, 1, 3, 3, 5, 12, 20, 20, 25].map((d, i) => complaint({ occurredAt: at(d), category: i % 2 ? 'sampah' : 'jalan-rusak' }));
  // Complaints dispatched to three OPDs 15-25 days ago: some resolved the same day, some weeks
  // late, some still open (overdue by now), so the ranking has rates, ranks and overdue counts.
  const run = Date.now().toString(36);
  const plan: [string, ('fast' | 'slow' | 'open')[]][] = [
    ['DLH', ['fast', 'fast', 'fast', 'slow']],
    ['SDABMBK', ['fast', 'slow', 'open', 'open']],
    ['DISHUB', ['slow', 'open', 'fast']],
  ];
  for (const [opd, outcomes] of plan) {
    outcomes.forEach((outcome, i) => {
      const day = 15 + i * 3;
      const base = { source: 'demo', externalId: `${run}-${opd}-${i}`, channel: 'LAPOR', category: 'sampah', text: 'uji peringkat', location: { lat: 3.5952, lon: 98.6722 }, submittedAt: at(day) };
      events.push({ ...base, status: 'received', occurredAt: at(day) });
      events.push({ ...base, status: 'dispatched', occurredAt: new Date(Date.parse(at(day)) + 1_800_000).toISOString(), opd, actor: 'op-pusat' });
      if (outcome === 'fast') events.push({ ...base, status: 'resolved', occurredAt: new Date(Date.parse(at(day)) + 5 * 3_600_000).toISOString(), opd });
      if (outcome === 'slow') events.push({ ...base, status: 'resolved', occurredAt: at(day - 14), opd });
    });
  }
  const complaintsIn = events.filter((e) => !('status' in e) || e.status === 'received').length;
  expect((await postEvents(server.url, 'complaints', { events })).status).toBe(202);
  await waitFor(async () => (await api<OverviewResponse>(`/api/v1/reports/overview?from=${addDays(today, -29)}&to=${today}`)).complaints.received.value >= complaintsIn, 20_000);
  await waitFor(async () => (await api<RankingResponse>('/api/v1/reports/ranking?period=30d')).rows.filter((r) => r.ranks.complaints !== null).length >= 3, 20_000);
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('/pimpinan, the city', () => {
  it('shows the API figures for the period chosen in the picker or the address; back and forward work (1280x800)', async () => {
    const ctx = await context(1280, 800);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/pimpinan`);
    const thirty = await expectFiguresEqualApi(page, 'period=30d');
    expect(await page.textContent('[data-testid="headline"]')).toContain(String(thirty.complaints.received.value));
    await page.screenshot({ path: path.join(SHOTS, 'pimpinan-city-1280x800.png') });
    await page.waitForSelector('[data-testid="trend-charts"][data-state="ready"]', { timeout: 20_000 });
    await page.screenshot({ path: path.join(SHOTS, 'pimpinan-city-1280x800-full.png'), fullPage: true });

    // The picker: 7 days.
    await page.click('[data-testid="period-picker"] [data-preset="7d"]');
    await page.waitForURL(/\/pimpinan\?period=7d$/);
    const seven = await expectFiguresEqualApi(page, 'period=7d');
    expect(seven.complaints.received.value).toBeLessThan(thirty.complaints.received.value);
    expect(await page.getAttribute('[data-preset="7d"]', 'aria-pressed')).toBe('true');

    // The picker's own dates: refused with words when the end is after today, then taken.
    const today = wibDate(Date.now());
    await page.click('[data-testid="period-picker"] [data-preset="custom"]');
    await page.fill('[data-testid="period-from"]', addDays(today, -4));
    await page.fill('[data-testid="period-to"]', addDays(today, 2));
    await page.click('[data-testid="period-apply"]');
    expect(await page.textContent('[data-testid="field-error"]')).toContain('tidak boleh melewati hari ini');
    await page.fill('[data-testid="period-to"]', today);
    await page.click('[data-testid="period-apply"]');
    const custom = `from=${addDays(today, -4)}&to=${today}`;
    await page.waitForURL((u) => u.search === `?${custom}`);
    await expectFiguresEqualApi(page, custom);

    // The address alone (a link from a chat group).
    const byLink = `from=${addDays(today, -25)}&to=${addDays(today, -10)}`;
    await page.goto(`${server.url}/pimpinan?${byLink}`);
    const past = await expectFiguresEqualApi(page, byLink);
    expect(past.includesToday).toBe(false);
    expect(await page.textContent('[data-testid="as-of"]')).toContain('periode sudah lewat');

    // Back and forward through what was looked at.
    await page.goBack();
    await page.waitForURL((u) => u.search === `?${custom}`);
    await expectFiguresEqualApi(page, custom);
    await page.goBack();
    await page.waitForURL(/\?period=7d$/);
    await expectFiguresEqualApi(page, 'period=7d');
    await page.goForward();
    await page.waitForURL((u) => u.search === `?${custom}`);
    await expectFiguresEqualApi(page, custom);
    await ctx.close();
  }, 120_000);

  it('sorts the ranking through the address and downloads exactly the API ranking as CSV and XLSX', async () => {
    const ctx = await context(1280, 800);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/pimpinan?period=30d`);
    await loaded(page, 'period=30d');
    const ranking = await api<RankingResponse>('/api/v1/reports/ranking?period=30d');
    expect((await shownOpdOrder(page)).sort()).toEqual(ranking.rows.map((r) => r.opd.code).sort());
    // Default: worst complaint on-time first; not ranked ("data belum cukup") after the ranked.
    expect(await page.getAttribute('th[data-column="complaintsOnTime"]', 'aria-sort')).toBe('ascending');
    const byCode = new Map(ranking.rows.map((r) => [r.opd.code, r]));
    const first = (await shownOpdOrder(page)).map((c) => byCode.get(c)!);
    const ranked = first.filter((r) => r.ranks.complaints !== null);
    expect(ranked.length).toBeGreaterThanOrEqual(3);
    expect(first.slice(0, ranked.length)).toEqual(ranked);
    const rates = ranked.map((r) => r.complaintsOnTime.rate!);
    expect(rates).toEqual([...rates].sort((a, b) => a - b));
    expect(await page.textContent(`tr[data-key="${first.at(-1)!.opd.code}"] td[data-column="rank"]`)).toBe('–');
    // The element alone, without the sticky bar drawn over it while the screenshot scrolls.
    await page.addStyleTag({ content: 'header.bar { position: static !important; }' });
    await page.locator('[data-testid="ranking"]').screenshot({ path: path.join(SHOTS, 'pimpinan-ranking-1280x800.png') });

    await page.click('[data-testid="sort-overdueNow"]');
    await page.waitForURL(/sort=overdueNow%3Aasc|sort=overdueNow:asc/);
    expect(await page.getAttribute('th[data-column="overdueNow"]', 'aria-sort')).toBe('ascending');
    await page.click('[data-testid="sort-opd"]');
    await page.click('[data-testid="sort-opd"]');
    await page.waitForURL(/sort=opd(%3A|:)desc/);
    expect(await page.getAttribute('th[data-column="opd"]', 'aria-sort')).toBe('descending');
    const order = await shownOpdOrder(page);
    const names = new Map(ranking.rows.map((r) => [r.opd.code, r.opd.name]));
    const shownNames = order.map((c) => names.get(c)!);
    expect(shownNames).toEqual([...shownNames].sort((a, b) => new Intl.Collator('id', { sensitivity: 'base', numeric: true }).compare(b, a)));
    await page.goBack();
    await page.waitForURL(/sort=opd(%3A|:)asc/);
    expect(await page.getAttribute('th[data-column="opd"]', 'aria-sort')).toBe('ascending');
    await page.goForward();
    await page.waitForURL(/sort=opd(%3A|:)desc/);

    const expected = apiRowsInOrder(ranking, order);
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="ranking-table"] [data-testid="export-csv"]')]);
    expect(csvDownload.suggestedFilename()).toMatch(/^pantau-peringkat-opd-.*\.csv$/);
    const csvPath = path.join(outDir, csvDownload.suggestedFilename());
    await csvDownload.saveAs(csvPath);
    const csv = parseCsv(fs.readFileSync(csvPath, 'utf8'), ';');
    expect(csv[0]).toHaveLength(14);
    expect(csv[0][2]).toBe('OPD');
    expect(csv.slice(1).map((r) => r.map(csvValue))).toEqual(expected);

    const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="ranking-table"] [data-testid="export-xlsx"]')]);
    const xlsxPath = path.join(outDir, xlsxDownload.suggestedFilename());
    await xlsxDownload.saveAs(xlsxPath);
    expect(xlsxPath.endsWith('.xlsx')).toBe(true);
    const sheet = await readSheet(xlsxPath);
    expect(sheet[0].map(String)).toEqual(csv[0]);
    expect(sheet.slice(1).map((r) => r.map((v) => (v === undefined ? null : (v as unknown))))).toEqual(expected);

    // An OPD's name leads to its page.
    const code = order[0];
    await page.click(`[data-testid="ranking-table"] tr[data-key="${code}"] th a`);
    await page.waitForURL((u) => u.pathname === `/pimpinan/opd/${encodeURIComponent(code)}`);
    expect(new URL(page.url()).search).toContain('sort=opd');
    await ctx.close();
  }, 120_000);

  it('prints the report for the meeting on A4 landscape', async () => {
    const ctx = await context(1280, 800);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/pimpinan/laporan?period=30d`);
    await page.waitForSelector('[data-testid="report"][data-ready="true"]', { timeout: 20_000 });
    await page.waitForSelector('[data-testid="report-charts"] [data-testid="trend-charts"][data-state="ready"]', { timeout: 20_000 });
    // The charts draw without animation in print; give them a frame or two to settle.
    await page.waitForTimeout(500);
    expect(await page.textContent('[data-testid="report-made"]')).toMatch(/Dibuat .* pukul \d\d\.\d\d\.\d\d WIB/);
    await page.screenshot({ path: path.join(SHOTS, 'pimpinan-report-screen-1280x800.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    const pdf = path.join(SHOTS, 'pimpinan-laporan.pdf');
    await page.pdf({ path: pdf, format: 'A4', landscape: true, printBackground: true, preferCSSPageSize: true });
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(1);
    // A4 landscape: 842 x 595 points.
    expect(info).toMatch(/Page size:\s+841\.\d+ x 594\.\d+ pts \(A4\)/);
    for (const f of fs.readdirSync(SHOTS)) if (f.startsWith('pimpinan-laporan-page')) fs.rmSync(path.join(SHOTS, f));
    execFileSync('pdftoppm', ['-png', '-r', '60', pdf, path.join(SHOTS, 'pimpinan-laporan-page')]);
    // No buttons or navigation in print.
    expect(await page.isVisible('[data-testid="print"]')).toBe(false);
    expect(await page.isVisible('header.bar')).toBe(false);
    await ctx.close();
  }, 60_000);

  it('reads on a projector and a small tablet', async () => {
    for (const [w, h] of [
      [1920, 1080],
      [1024, 768],
    ]) {
      const ctx = await context(w, h);
      const page = await ctx.newPage();
      await page.goto(`${server.url}/pimpinan?period=30d`);
      await expectFiguresEqualApi(page, 'period=30d');
      // Nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(w);
      await page.screenshot({ path: path.join(SHOTS, `pimpinan-city-${w}x${h}.png`) });
      // Halfway down the ranking: its header row stays in view under the bar.
      await page.evaluate(() => {
        const table = document.querySelector('[data-testid="ranking-table"] table') as HTMLElement;
        window.scrollTo(0, table.getBoundingClientRect().top + window.scrollY + table.offsetHeight / 2);
      });
      if (w >= 1200) {
        const header = await page.evaluate(() => document.querySelector('[data-testid="ranking-table"] thead th')!.getBoundingClientRect().top);
        expect(header).toBeGreaterThan(0);
        expect(header).toBeLessThan(120);
      }
      await page.screenshot({ path: path.join(SHOTS, `pimpinan-city-${w}x${h}-ranking.png`) });
      await ctx.close();
    }
    // The same in English, through the language switch.
    const ctx = await context(1920, 1080);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/pimpinan?period=7d`);
    await loaded(page, 'period=7d');
    await Promise.all([page.waitForURL(/lang=en/), page.click('[data-testid="lang-en"]')]);
    await loaded(page, 'period=7d');
    expect(new URL(page.url()).searchParams.get('period')).toBe('7d');
    expect(await page.textContent('[data-testid="headline"]')).toMatch(/complaints in/);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.screenshot({ path: path.join(SHOTS, 'pimpinan-city-en-1920x1080.png') });
    await ctx.close();
  }, 90_000);

  it('moves the headline when a complaint arrives, without a reload or a re-render (period includes today)', async () => {
    const ctx = await context(1280, 800);
    const page = await ctx.newPage();
    await page.goto(`${server.url}/pimpinan?period=today`);
    const before = await expectFiguresEqualApi(page, 'period=today');
    // Marks that a reload or a re-render of the figures would lose.
    await page.evaluate(() => {
      (window as unknown as { __same: boolean }).__same = true;
      (document.querySelector('[data-testid="fig-received"]') as HTMLElement & { __mark?: number }).__mark = 1;
    });
    expect((await postEvents(server.url, 'complaints', { events: [complaint()] })).status).toBe(202);
    await page.waitForSelector(`[data-testid="fig-received"][data-value="${before.complaints.received.value + 1}"]`, { timeout: 20_000 });
    expect(await page.evaluate(() => (window as unknown as { __same?: boolean }).__same)).toBe(true);
    expect(await page.evaluate(() => (document.querySelector('[data-testid="fig-received"]') as HTMLElement & { __mark?: number }).__mark)).toBe(1);
    expect(await page.textContent('[data-testid="headline"]')).toContain(String(before.complaints.received.value + 1));
    const asOf = await page.getAttribute('[data-testid="as-of"]', 'data-as-of');
    expect(Date.parse(asOf!)).toBeGreaterThan(Date.parse(before.period.asOf));
    await ctx.close();
  }, 60_000);
});
