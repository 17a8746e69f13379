// The /admin e2e files share one way in: a test server, an admin signed in, Chromium at the
// admins' 1366x768, and the moves every section's test makes (open a section, confirm a dialog,
// read the newest audit entry of an action, take a screenshot for a person to look at).
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from '../../../server/config.ts';
import { buildClientIfNeeded } from '../../../server/infra/client-build.ts';
import { loginAs, startTestServer, type LoggedIn, type TestServer } from '../../support/test-env.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './wall-page.ts';

export const SHOTS = process.env.PANTAU_SHOTS_DIR ?? path.join(repoRoot, 'test-results/screenshots');

export interface AdminConsole {
  server: TestServer;
  browser: Browser;
  admin: LoggedIn;
  /** A new 1366x768 page signed in as the admin. */
  page(): Promise<Page>;
  open(page: Page, section: string, query?: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startAdminConsole(): Promise<AdminConsole> {
  await buildClientIfNeeded(path.join(repoRoot, 'dist/client'));
  const server = await startTestServer();
  const admin = await loginAs(server, ['admin']);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  return {
    server,
    browser,
    admin,
    async page() {
      const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      const [name, value] = admin.cookie.split('=');
      await ctx.addCookies([{ name, value, url: server.url }]);
      return ctx.newPage();
    },
    async open(page, section, query = '') {
      await page.goto(`${server.url}/admin/${section}${query}`);
      await page.waitForSelector(`[data-testid="admin"][data-section="${section}"]`, { timeout: 20_000 });
    },
    async stop() {
      await browser.close();
      await server.stop();
    },
  };
}

export async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}

/** The audit section filtered to one action: the newest entry of it, with its changed fields. */
export async function auditEntry(page: Page, action: string, target?: string) {
  await page.click('[data-testid="nav-audit"]');
  await page.waitForSelector('[data-testid="audit-filters"]');
  await page.fill('[data-testid="audit-action"]', action);
  await page.click('[data-testid="audit-apply"]');
  expect(new URL(page.url()).searchParams.get('action')).toBe(action);
  const selector = `[data-testid="audit-entry"][data-action="${action}"]${target ? `[data-target="${target}"]` : ''}`;
  await page.waitForSelector(selector, { timeout: 10_000 });
  const entry = page.locator(selector).first();
  const changes = await entry.locator('[data-testid="audit-change"]').evaluateAll((rows) =>
    Object.fromEntries(rows.map((r) => [r.getAttribute('data-field'), { before: r.querySelector('.before')?.textContent ?? '', after: r.querySelector('.after')?.textContent ?? '' }])),
  );
  return { actor: await entry.getAttribute('data-actor'), changes, text: (await entry.textContent()) ?? '' };
}

/** The confirmation says what will happen (`expected`), then is accepted; its words are returned. */
export async function confirmDialog(page: Page, expected: string | RegExp): Promise<string> {
  await page.waitForSelector('[data-testid="confirm"][open]', { timeout: 10_000 });
  const text = (await page.textContent('[data-testid="confirm-text"]')) ?? '';
  if (typeof expected === 'string') expect(text).toContain(expected);
  else expect(text).toMatch(expected);
  await page.click('[data-testid="confirm-ok"]');
  return text;
}
