// The login page as people meet it: in the language of the screen they were sent from, with a
// language choice of its own that carries on to the next page, and with a word of why when an
// administrator's change to their account ended their session.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot } from '../../server/config.ts';
import { buildClientIfNeeded } from '../../server/infra/client-build.ts';
import { call, createTestUser, loginAs, startTestServer, type TestServer } from '../support/test-env.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './support/wall-page.ts';

const shots = path.join(repoRoot, 'test-results/screenshots');
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  await buildClientIfNeeded(path.join(repoRoot, 'dist/client'));
  server = await startTestServer();
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');
}

describe('the login page', () => {
  it('speaks the language of the page that sent people there, lets them switch, and carries the choice on', async () => {
    const user = await createTestUser(server.handle, ['pimpinan']);
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    // An unpaired wall in English: the login page is English too.
    await page.goto(`${server.url}/wall?lang=en`);
    await page.waitForSelector('[data-testid="login-page"]');
    expect(new URL(page.url()).searchParams.get('lang')).toBe('en');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('h1')).toBe('Log in to Pantau');
    await page.screenshot({ path: path.join(shots, 'e2e-login-en-1366x768.png') });

    // The language choice, each language named in itself.
    await page.click('[data-testid="login-language"] a[data-lang="id"]');
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Masuk ke Pantau');
    expect(await page.getAttribute('html', 'lang')).toBe('id');
    const url = new URL(page.url());
    expect(url.searchParams.get('lang')).toBe('id');
    expect(url.searchParams.get('next')).toBe('/wall?lang=en');
    expect(await page.textContent('[data-testid="login-language"] [aria-current="true"]')).toBe('Bahasa Indonesia');

    // Logged in in Indonesian: the wall comes up in Indonesian.
    await logIn(page, user.username, user.password);
    await page.waitForURL((u) => u.pathname === '/wall');
    expect(new URL(page.url()).searchParams.get('lang')).toBeNull();
    expect(await page.getAttribute('html', 'lang')).toBe('id');
    await page.close();
  });

  it('says the session ended because an admin changed the account', async () => {
    const admin = await loginAs(server, ['admin']);
    const tech = await createTestUser(server.handle, ['teknisi']);
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${server.url}/teknisi`);
    await page.waitForSelector('[data-testid="login-page"]');
    // Nothing ended yet: nothing to say.
    expect(await page.$('[data-testid="login-session-ended"]')).toBeNull();
    await logIn(page, tech.username, tech.password);
    await page.waitForURL((u) => u.pathname === '/teknisi');
    await page.waitForSelector('[data-testid="tk-connection"], main', { timeout: 10_000 });

    // The admin takes the technician role away: the open page goes to /login by itself and says why.
    const changed = await call(`${server.url}/api/v1/admin/users/${tech.userId}`, { method: 'PATCH', headers: admin.headers, body: { roles: ['pimpinan'] } });
    expect(changed.status).toBe(200);
    await page.waitForURL((u) => u.pathname === '/login', { timeout: 20_000 });
    const notice = await page.waitForSelector('[data-testid="login-session-ended"]', { timeout: 5_000 });
    expect(await notice.textContent()).toBe('Sesi Anda berakhir karena akun Anda diubah oleh admin. Silakan masuk lagi.');
    await page.screenshot({ path: path.join(shots, 'e2e-login-session-ended-390x844.png') });

    // In English for an English page; and gone once they are logged in again.
    await page.goto(`${server.url}/login?lang=en`);
    expect(await (await page.waitForSelector('[data-testid="login-session-ended"]')).textContent()).toBe(
      'Your session ended because an administrator changed your account. Please log in again.',
    );
    await logIn(page, tech.username, tech.password);
    await page.waitForURL((u) => u.pathname !== '/login');
    await page.goto(`${server.url}/login`);
    await page.waitForSelector('[data-testid="login-page"]');
    await page.waitForTimeout(500);
    expect(await page.$('[data-testid="login-session-ended"]')).toBeNull();
    await page.close();
  });
});
