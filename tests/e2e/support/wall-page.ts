// Helpers for browser tests of /wall. They read the wall's test hooks:
// - KPIs: the element with data-testid="kpi-*" has data-value="<bare number>" (absent until the
//   first snapshot); its text is the number in the page's locale, except kpi-services-up whose
//   text is exactly "<up>/<total>" (e.g. "64/67").
// - data-testid="connection" has data-state="live|stale|reconnecting|connecting"; its text is
//   exactly "LIVE", "RECONNECTING - data as of HH:MM:SS WIB" (?lang=en) /
//   "MENYAMBUNG ULANG - data per HH.MM.SS WIB" (default Indonesian), or while connected to a
//   server whose pipeline does not deliver "DELAYED - data as of ..." / "TERTUNDA - data per ...".
// - Panels (map, opd-gauges, alerts, ticker) carry data-stale="true|false" (dimmed when not live).
import type { Page } from 'playwright-core';
import { CHROMIUM, toolPath } from '../../setup/system-tools.ts';

export const KPI_TESTIDS = [
  'kpi-complaints-today',
  'kpi-complaints-open',
  'kpi-complaints-overdue',
  'kpi-uploads-today',
  'kpi-uploads-ontime',
  'kpi-services-up',
] as const;
export type KpiTestId = (typeof KPI_TESTIDS)[number];

export const PANEL_TESTIDS = ['map', 'opd-gauges', 'alerts', 'ticker'] as const;

/** The Chromium every browser test launches: PANTAU_CHROMIUM (set by `npm test`), else /usr/bin/chromium or one on the PATH. */
export const CHROMIUM_PATH = toolPath(CHROMIUM);

/** Launch flags that work headless in CI (software WebGL for the map). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--enable-unsafe-swiftshader'];

export async function kpiValue(page: Page, id: KpiTestId): Promise<number | null> {
  const value = await page.getAttribute(`[data-testid="${id}"]`, 'data-value');
  return value === null || value === '' ? null : Number(value);
}

export async function servicesUpText(page: Page): Promise<string> {
  return ((await page.textContent('[data-testid="kpi-services-up"]')) ?? '').trim();
}

export type WallConnectionState = 'live' | 'stale' | 'reconnecting' | 'connecting';

export async function connectionState(page: Page): Promise<WallConnectionState> {
  return (await page.getAttribute('[data-testid="connection"]', 'data-state')) as WallConnectionState;
}

export async function connectionText(page: Page): Promise<string> {
  return ((await page.textContent('[data-testid="connection"]')) ?? '').trim();
}

export async function waitForConnection(page: Page, state: WallConnectionState, timeoutMs = 30_000): Promise<void> {
  await page.waitForSelector(`[data-testid="connection"][data-state="${state}"]`, { timeout: timeoutMs });
}

/** Waits until a KPI's data-value satisfies `predicate` (e.g. catches up after an ingest). */
export async function waitForKpi(page: Page, id: KpiTestId, predicate: (value: number) => boolean, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await kpiValue(page, id);
    if (value !== null && predicate(value)) return value;
    if (Date.now() > deadline) throw new Error(`${id} is ${value}; condition not met within ${timeoutMs} ms`);
    await page.waitForTimeout(100);
  }
}

export async function panelIsStale(page: Page, id: (typeof PANEL_TESTIDS)[number]): Promise<boolean> {
  return (await page.getAttribute(`[data-testid="${id}"]`, 'data-stale')) === 'true';
}

/** Collects requests that leave the page's origin (the wall must need no other host). */
export function recordForeignRequests(page: Page, origin: string): string[] {
  const foreign: string[] = [];
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
  });
  return foreign;
}
