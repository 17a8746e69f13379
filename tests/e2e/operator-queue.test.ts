// The operators' screen (/operator) in real Chromium at 1366x768 (the office laptop) and on a
// tablet: two operators on one queue (one opens a complaint, the other sees it taken, live; one
// dispatches with the D key and it leaves the other's queue without a reload); another OPD
// without a reason refused with the field named; a duplicate found and merged, then counted
// once on the wall; OPD staff who see only their OPD and hand a complaint back, which returns to
// the command center's queue. Screenshots of each screen for a person to look at.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { repoRoot } from '../../server/config.ts';
import { buildClientIfNeeded } from '../../server/infra/client-build.ts';
import { call, complaint, loginAs, postEvents, startTestServer, waitFor, type LoggedIn, type TestServer } from '../support/test-env.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, kpiValue } from './support/wall-page.ts';

const SHOTS = process.env.PANTAU_SHOTS_DIR ?? path.join(repoRoot, 'test-results/screenshots');

let server: TestServer;
let browser: Browser;
let opA: LoggedIn;
let opB: LoggedIn;
let dlh: LoggedIn;

async function contextFor(who: LoggedIn, width = 1366, height = 768): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width, height } });
  const [name, value] = who.cookie.split('=');
  await ctx.addCookies([{ name, value, url: server.url }]);
  return ctx;
}

async function shoot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

async function posted(overrides: Record<string, unknown> = {}) {
  const c = complaint({ occurredAt: new Date(Date.now() - 60_000).toISOString(), ...overrides });
  expect((await postEvents(server.url, 'complaints', { events: [c] })).status).toBe(202);
  return waitFor(async () => (await server.handle.database.db.select().from(t.complaints).where(eq(t.complaints.externalId, c.externalId)))[0], 15_000);
}

const statusOf = async (id: string) => (await server.handle.database.db.select().from(t.complaints).where(eq(t.complaints.id, id)))[0];

async function openQueue(page: Page, query = ''): Promise<void> {
  await page.goto(`${server.url}/operator${query}`);
  await page.waitForSelector('[data-testid="operator"][data-loading="false"] [data-testid="queue-count"]', { timeout: 20_000 });
}

const ids = (page: Page) => page.$$eval('[data-testid="queue-item"]', (rows) => rows.map((r) => r.getAttribute('data-id')));

beforeAll(async () => {
  await buildClientIfNeeded(path.join(repoRoot, 'dist/client'));
  server = await startTestServer();
  [opA, opB, dlh] = await Promise.all([loginAs(server, ['operator']), loginAs(server, ['operator']), loginAs(server, ['operator'], { opd: 'DLH' })]);
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('/operator', () => {
  it('two operators: taken shows live, D dispatches to the suggestion and it leaves the other queue', async () => {
    const first = await posted({ category: 'sampah', text: 'Sampah menumpuk di depan pasar, bau sekali.', media: [{ url: 'https://mrk.example/foto/1.jpg', kind: 'image' }] });
    const second = await posted({ category: 'sampah', text: 'Tong sampah penuh sejak Senin.' });
    const a = await (await contextFor(opA)).newPage();
    const b = await (await contextFor(opB)).newPage();
    await openQueue(a);
    await openQueue(b);
    expect(await ids(a)).toEqual(expect.arrayContaining([first.id, second.id]));
    await a.waitForSelector('[data-testid="connection"][data-state="live"]', { timeout: 15_000 });
    await b.waitForSelector('[data-testid="connection"][data-state="live"]', { timeout: 15_000 });

    // A opens the first with the keyboard; the address says which; B sees it taken by A.
    const order = await ids(a);
    await a.keyboard.press('j');
    await a.waitForSelector(`[data-testid="complaint"][data-id="${order[0]}"]`);
    expect(new URL(a.url()).searchParams.get('c')).toBe(order[0]);
    await b.waitForSelector(`[data-testid="queue-item"][data-id="${order[0]}"][data-taken-by="${opA.username}"]`, { timeout: 10_000 });
    // The suggestion says where and why.
    expect(await a.getAttribute('[data-testid="suggested-opd"]', 'data-code')).toBe('DLH');
    expect(await a.textContent('[data-testid="suggestion-why"]')).toContain('kategori');
    await shoot(a, 'operator-queue-1366x768');
    // B opening the same one is told who has it.
    await b.click(`[data-testid="queue-item"][data-id="${order[0]}"]`);
    await b.waitForSelector('[data-testid="taken-warning"]');
    expect(await b.textContent('[data-testid="taken-warning"]')).toContain(opA.username);
    await shoot(b, 'operator-taken-1366x768');

    // D: verify + dispatch to the suggestion. It leaves B's queue, live.
    const seen = await statusOf(order[0]!);
    const reloadsBefore = Number(await b.getAttribute('[data-testid="operator"]', 'data-live-reloads'));
    await a.keyboard.press('d');
    await a.waitForSelector('[data-testid="outcome"][data-kind="ok"]');
    expect(await a.textContent('[data-testid="outcome"]')).toContain('Didisposisikan');
    expect((await statusOf(order[0]!))).toMatchObject({ status: 'dispatched', opdCode: 'DLH' });
    await b.waitForFunction((id) => !document.querySelector(`[data-testid="queue-item"][data-id="${id}"]`), order[0], { timeout: 10_000 });
    expect(Number(await b.getAttribute('[data-testid="operator"]', 'data-live-reloads'))).toBeGreaterThan(reloadsBefore);
    // A is on the next one without touching the mouse.
    await a.waitForSelector(`[data-testid="complaint"][data-id="${order[1]}"]`);
    // B tries to act on what A already did: refused with who and when (B's screen still had it open).
    const stale = await call(`${server.url}/api/v1/operator/complaints/${order[0]}/dispatch`, { method: 'POST', headers: opB.headers, body: { version: Number(seen.version), opd: 'SDABMBK', reason: 'salah kategori' } });
    expect(stale.status, JSON.stringify(stale.body)).toBe(409);
    expect(stale.body.lastChange.actor).toBe(opA.username);
  });

  it('another OPD or a re-route without a reason is refused, naming the field; with one it is a routing correction or a misroute', async () => {
    const c = await posted({ category: 'sampah', text: 'Sampah liar di tepi sungai.' });
    const a = await (await contextFor(opA)).newPage();
    await openQueue(a, `?c=${c.id}`);
    await a.waitForSelector(`[data-testid="complaint"][data-id="${c.id}"]`);
    await a.keyboard.press('o');
    await a.waitForSelector('[data-testid="action-form"][data-action="other"]');
    await a.selectOption('[data-testid="form-opd"]', 'SDABMBK');
    await a.click('[data-testid="form-submit"]');
    await a.waitForSelector('[data-testid="field-error"][data-field="op-reason"]');
    await shoot(a, 'operator-reason-required-1366x768');
    expect((await statusOf(c.id)).status).toBe('received');
    // The server refuses it the same way (400 naming the field), nothing stored.
    const bare = await call(`${server.url}/api/v1/operator/complaints/${c.id}/dispatch`, { method: 'POST', headers: opA.headers, body: { version: c.version, opd: 'SDABMBK' } });
    expect(bare.status).toBe(400);
    expect(bare.body.errors.map((e: { field: string }) => e.field)).toContain('reason');
    await a.fill('[data-testid="form-reason"]', 'Lokasi di saluran milik PU.');
    await a.click('[data-testid="form-submit"]');
    await a.waitForSelector('[data-testid="outcome"][data-kind="ok"]');
    expect(await a.textContent('[data-testid="outcome"]')).toContain('koreksi');
    expect(await statusOf(c.id)).toMatchObject({ status: 'dispatched', opdCode: 'SDABMBK' });

    // It was garbage after all: the command center re-routes it from the "with an OPD" list.
    await a.click('[data-testid="state-dispatched"]');
    await a.waitForSelector(`[data-testid="queue-item"][data-id="${c.id}"]`);
    expect(new URL(a.url()).searchParams.get('state')).toBe('dispatched');
    await a.click(`[data-testid="queue-item"][data-id="${c.id}"]`);
    await a.waitForSelector(`[data-testid="complaint"][data-id="${c.id}"][data-status="dispatched"]`);
    await a.keyboard.press('o');
    await a.selectOption('[data-testid="form-opd"]', 'DLH');
    await a.keyboard.press('Enter');
    await a.click('[data-testid="form-submit"]');
    await a.waitForSelector('[data-testid="field-error"][data-field="op-reason"]');
    expect((await statusOf(c.id)).opdCode).toBe('SDABMBK');
    await a.fill('[data-testid="form-reason"]', 'Ternyata sampah, bukan saluran.');
    await a.click('[data-testid="form-submit"]');
    await a.waitForSelector('[data-testid="outcome"][data-kind="ok"]');
    expect(await a.textContent('[data-testid="outcome"]')).toContain('salah kirim');
    expect(await statusOf(c.id)).toMatchObject({ status: 'dispatched', opdCode: 'DLH' });
  });

  it('a duplicate is found nearby, merged with one action, and the wall counts it once', async () => {
    const original = await posted({ category: 'jalan-rusak', text: 'Jalan berlubang besar di Jl. Gatot Subroto.', location: { lat: 3.5901, lon: 98.6601 } });
    const dup = await posted({ category: 'jalan-rusak', text: 'Lubang di Gatot Subroto, bahaya.', location: { lat: 3.5903, lon: 98.6603 } });
    const wall = await (await contextFor(opA, 1920, 1080)).newPage();
    await wall.goto(`${server.url}/wall`);
    await wall.waitForSelector('[data-testid="kpi-complaints-today"][data-value]', { timeout: 30_000 });
    const todayBefore = await waitFor(async () => kpiValue(wall, 'kpi-complaints-today'));

    const a = await (await contextFor(opA)).newPage();
    await openQueue(a, `?c=${dup.id}`);
    await a.waitForSelector(`[data-testid="complaint"][data-id="${dup.id}"]`);
    await a.keyboard.press('g');
    await a.waitForSelector(`[data-testid="dup-candidate"][data-id="${original.id}"]`);
    await shoot(a, 'operator-duplicates-1366x768');
    await a.click(`[data-testid="dup-candidate"][data-id="${original.id}"] [data-testid="dup-merge"]`);
    await a.waitForSelector('[data-testid="outcome"][data-kind="ok"]');
    expect((await statusOf(dup.id)).status).toBe('duplicate');
    await waitFor(async () => (await kpiValue(wall, 'kpi-complaints-today')) === todayBefore! - 1, 10_000);
  });

  it('OPD staff see only their OPD and hand a complaint back; it returns to the command center', async () => {
    const mine = await posted({ category: 'sampah', text: 'Sampah di taman kota.' });
    const other = await posted({ category: 'sampah', text: 'Sampah untuk OPD lain.' });
    const base = `${server.url}/api/v1/operator/complaints`;
    expect((await call(`${base}/${mine.id}/dispatch`, { method: 'POST', headers: opA.headers, body: { version: mine.version } })).status).toBe(200);
    const otherNow = await statusOf(other.id);
    expect((await call(`${base}/${other.id}/dispatch`, { method: 'POST', headers: opA.headers, body: { version: otherNow.version, opd: 'SDABMBK', reason: 'uji' } })).status).toBe(200);

    const staff = await (await contextFor(dlh, 1024, 768)).newPage();
    await openQueue(staff);
    expect(await staff.getAttribute('[data-testid="operator"]', 'data-view')).toBe('opd');
    const shown = await ids(staff);
    expect(shown).toContain(mine.id);
    expect(shown).not.toContain(other.id);
    await staff.click(`[data-testid="queue-item"][data-id="${mine.id}"]`);
    await staff.waitForSelector(`[data-testid="complaint"][data-id="${mine.id}"]`);
    await shoot(staff, 'operator-opd-tablet-1024x768');
    await staff.keyboard.press('b');
    await staff.waitForSelector('[data-testid="action-form"][data-action="hand_back"]');
    await staff.click('[data-testid="form-submit"]');
    await staff.waitForSelector('[data-testid="field-error"][data-field="op-reason"]');
    await staff.fill('[data-testid="form-reason"]', 'Bukan sampah rumah tangga; limbah pabrik, urusan dinas lain.');
    await staff.click('[data-testid="form-submit"]');
    await staff.waitForSelector('[data-testid="outcome"][data-kind="ok"]');
    await staff.waitForFunction((id) => !document.querySelector(`[data-testid="queue-item"][data-id="${id}"]`), mine.id, { timeout: 10_000 });

    const a = await (await contextFor(opA)).newPage();
    await openQueue(a, '?state=handed_back');
    await a.waitForSelector(`[data-testid="queue-item"][data-id="${mine.id}"]`);
    await a.click(`[data-testid="queue-item"][data-id="${mine.id}"]`);
    await a.waitForSelector(`[data-testid="complaint"][data-id="${mine.id}"]`);
    expect(await a.textContent('[data-testid="complaint"]')).toContain('limbah pabrik');
    // The tablet in portrait, in English: the queue above the complaint.
    const portrait = await (await contextFor(opA, 768, 1024)).newPage();
    await openQueue(portrait, `?c=${mine.id}&lang=en`);
    await portrait.waitForSelector(`[data-testid="complaint"][data-id="${mine.id}"]`);
    expect(await portrait.getAttribute('html', 'lang')).toBe('en');
    expect(await portrait.textContent('[data-testid="keys"]')).toContain('next complaint');
    // Category names from the reference data's English names.
    expect(await portrait.textContent('#op-complaint-title')).not.toContain('Sampah');
    expect(await portrait.textContent('[data-testid="state-handed_back"]')).toContain('Handed back by OPD');
    await shoot(portrait, 'operator-tablet-768x1024-en');
  });
});
