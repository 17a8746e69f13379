// The admin console (/admin) in real Chromium at 1366x768 (the office desktop): per section a
// thing created, changed, a bad field refused at that field, and the change found in the audit
// trail section with its before and after. Keys, tokens and passwords appear once. Screenshots of
// each section for a person to look at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { auditEntry, confirmDialog, shoot, startAdminConsole, type AdminConsole } from './support/admin-console.ts';


let ui: AdminConsole;





/** Reads the secret shown once, then closes it; it is not on the page afterwards. */
async function takeSecret(page: Page): Promise<string> {
  await page.waitForSelector('[data-testid="shown-once"][open] [data-testid="secret-value"]');
  const value = (await page.textContent('[data-testid="shown-once"] [data-testid="secret-value"]'))!.trim();
  await page.click('[data-testid="secret-done"]');
  await page.waitForSelector('[data-testid="shown-once"]:not([open])', { state: 'attached' });
  expect(await page.content()).not.toContain(value);
  return value;
}


beforeAll(async () => {
  ui = await startAdminConsole();
}, 180_000);

afterAll(async () => {
  await ui?.stop();
});

describe('/admin', () => {
  it('an admin signing in lands on the console; /admin names its first section in the address', async () => {
    const ctx = await ui.browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await ctx.newPage();
    await page.goto(`${ui.server.url}/login`);
    await page.fill('input[name="username"], #username', ui.admin.username);
    await page.fill('input[type="password"]', ui.admin.password);
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="admin"][data-section="pengguna"]', { timeout: 20_000 });
    expect(new URL(page.url()).pathname).toBe('/admin/pengguna');
    await ctx.close();
  });

  it('users: a bad field refused at the field; created with a password shown once; roles changed; deactivated after a confirmation; audited', async () => {
    const page = await ui.page();
    await ui.open(page, 'pengguna');
    await page.waitForSelector(`[data-testid="user-row"][data-username="${ui.admin.username}"]`);

    // Nothing chosen and a bad name: both fields named at once, nothing stored.
    await page.fill('[data-testid="new-username"]', 'Bukan Nama!');
    await page.click('[data-testid="user-create"]');
    await page.waitForSelector('[data-testid="field-error"][data-field="user-username"]');
    await page.waitForSelector('[data-testid="field-error"][data-field="user-roles"]');
    expect(await page.getAttribute('#user-username', 'aria-invalid')).toBe('true');
    await shoot(page, 'admin-users-invalid-1366x768');

    // Created: the first password appears once, and it works for the new person.
    const username = `budi-${Date.now().toString(36)}`;
    await page.fill('[data-testid="new-username"]', username);
    await page.fill('[data-testid="new-displayName"]', 'Budi Santoso');
    await page.check('[data-testid="new-role-operator"]');
    await page.selectOption('[data-testid="new-opd"]', 'DLH');
    await page.click('[data-testid="user-create"]');
    const password = await takeSecret(page);
    await page.waitForSelector(`[data-testid="user-row"][data-username="${username}"]`);
    const login = await fetch(`${ui.server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: ui.server.url }, body: JSON.stringify({ username, password }) });
    expect(login.status).toBe(200);
    const [row] = await ui.server.handle.database.db.select().from(t.users).where(eq(t.users.username, username));
    expect(row).toMatchObject({ roles: ['operator'], opdCode: 'DLH', active: true });

    // Roles changed: the screen says the sessions end before it saves.
    await page.click(`[data-testid="user-row"][data-username="${username}"] [data-testid="user-edit"]`);
    await page.check('[data-testid="edit-role-pimpinan"]');
    await page.selectOption('[data-testid="edit-opd"]', '');
    await page.click('[data-testid="user-save"]');
    await confirmDialog(page, username);
    await page.waitForSelector('[data-testid="outcome"][data-kind="ok"]');
    const [changed] = await ui.server.handle.database.db.select().from(t.users).where(eq(t.users.username, username));
    expect(changed.roles.sort()).toEqual(['operator', 'pimpinan']);
    expect(changed.opdCode).toBeNull();
    await shoot(page, 'admin-users-1366x768');

    // Deactivated, after saying what will happen; Cancel first changes nothing.
    await page.click('[data-testid="user-deactivate"]');
    await page.waitForSelector('[data-testid="confirm"][open]');
    await page.keyboard.press('Escape');
    expect((await ui.server.handle.database.db.select().from(t.users).where(eq(t.users.username, username)))[0].active).toBe(true);
    await page.click('[data-testid="user-deactivate"]');
    await confirmDialog(page, 'nonaktif');
    await page.waitForSelector(`[data-testid="user-row"][data-username="${username}"] [data-testid="user-status"]:text("Nonaktif")`);

    // The audit section shows who did it and the fields before and after.
    const entry = await auditEntry(page, 'user.update', `user:${row.id}`);
    expect(entry.actor).toBe(ui.admin.username);
    expect(entry.changes.active).toEqual({ before: 'true', after: 'false' });
    await shoot(page, 'admin-audit-1366x768');
  });

  it('users: the last active admin cannot be removed, said in plain words', async () => {
    // Every other admin inactive: this admin is the last one.
    const db = ui.server.handle.database.db;
    const others = (await db.select().from(t.users)).filter((u) => u.active && u.roles.includes('admin') && u.id !== ui.admin.userId);
    for (const u of others) await db.update(t.users).set({ active: false }).where(eq(t.users.id, u.id));
    try {
      const page = await ui.page();
      await ui.open(page, 'pengguna');
      await page.click(`[data-testid="user-row"][data-username="${ui.admin.username}"] [data-testid="user-edit"]`);
      await page.click('[data-testid="user-deactivate"]');
      await confirmDialog(page, ui.admin.username);
      await page.waitForSelector('[data-testid="outcome"][data-kind="bad"]');
      expect(await page.textContent('[data-testid="outcome"]')).toContain('paling sedikit satu admin aktif');
      expect((await db.select().from(t.users).where(eq(t.users.id, ui.admin.userId)))[0].active).toBe(true);
    } finally {
      for (const u of others) await db.update(t.users).set({ active: true }).where(eq(t.users.id, u.id));
    }
  });

  it('audit: a bad filter is named at its field; the filters live in the address', async () => {
    const page = await ui.page();
    await ui.open(page, 'audit');
    await page.fill('[data-testid="audit-action"]', 'Bukan Tindakan!');
    await page.click('[data-testid="audit-apply"]');
    await page.waitForSelector('[data-testid="field-error"][data-field="audit-action"]');
    await ui.open(page, 'audit', `?actor=${ui.admin.username}`);
    await page.waitForSelector('[data-testid="audit-entry"]');
    const actors = await page.$$eval('[data-testid="audit-entry"]', (rows) => [...new Set(rows.map((r) => r.getAttribute('data-actor')))]);
    expect(actors).toEqual([ui.admin.username]);
    // English, complete: the same section in the other language.
    await ui.open(page, 'audit', `?actor=${ui.admin.username}&lang=en`);
    await page.waitForSelector('[data-testid="audit-entry"]');
    expect(await page.textContent('h1')).toBe('Audit trail');
    expect(await page.textContent('[data-testid="nav-pengguna"]')).toBe('Users and roles');
    await shoot(page, 'admin-audit-en-1366x768');
  });

  it('display tokens: a bad field refused at the field; the pairing link and its QR code shown once; a screen pairs; one screen then the token revoked after a confirmation; audited', async () => {
    const page = await ui.page();
    await ui.open(page, 'layar');
    await page.waitForSelector('[data-testid="token-new"]');
    await page.click('[data-testid="token-create"]');
    await page.waitForSelector('[data-testid="field-error"][data-field="token-label"]');

    await page.fill('[data-testid="token-label"]', 'Ruang command center');
    await page.fill('[data-testid="token-screenName"]', 'TV kiri');
    await page.click('[data-testid="token-create"]');
    await page.waitForSelector('[data-testid="shown-once"][open] [data-testid="pairing-qr"] svg');
    await shoot(page, 'admin-token-link-1366x768');
    const link = await takeSecret(page);
    expect(link).toMatch(/\/wall\?token=/);
    const token = page.locator('[data-testid="token"][data-label="Ruang command center"]');
    await token.waitFor();
    const tokenId = (await token.getAttribute('data-id'))!;

    // A TV opens the link once: it is paired and listed under the token.
    const tv = await ui.browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const wall = await tv.newPage();
    await wall.goto(link);
    await wall.waitForFunction(() => !location.search.includes('token='), undefined, { timeout: 20_000 });
    await page.reload();
    await token.locator('[data-testid="device"][data-revoked="false"]').waitFor();
    await shoot(page, 'admin-tokens-1366x768');

    // One screen unpaired, after saying so; the token stays.
    await token.locator('[data-testid="device-revoke"]').click();
    await confirmDialog(page, 'Ruang command center');
    await token.locator('[data-testid="device"][data-revoked="true"]').waitFor();
    expect(await token.getAttribute('data-revoked')).toBe('false');

    // The token revoked, after saying what will happen.
    await token.locator('[data-testid="token-revoke"]').click();
    await confirmDialog(page, 'tidak bisa dibatalkan');
    await page.waitForSelector(`[data-testid="token"][data-id="${tokenId}"][data-revoked="true"]`);
    const [row] = await ui.server.handle.database.db.select().from(t.displayTokens).where(eq(t.displayTokens.id, tokenId));
    expect(row.revokedAt).not.toBeNull();
    await tv.close();

    const entry = await auditEntry(page, 'display_device.revoke');
    expect(entry.actor).toBe(ui.admin.username);
    expect(entry.changes.revokedAt?.before).toBe('—');
    const created = await auditEntry(page, 'display_token.create', `display_token:${tokenId}`);
    expect(created.changes.label?.after).toBe('Ruang command center');
  });

  it('sources and keys: bad fields refused at the field; a key shown once; its limit changed; rotated with a grace period; revoked after a confirmation; the status webhook and its secret; audited', async () => {
    const db = ui.server.handle.database.db;
    const page = await ui.page();
    await ui.open(page, 'sumber');
    await page.waitForSelector('[data-testid="source-new"]');
    await page.fill('[data-testid="source-code"]', 'Bukan Kode');
    await page.click('[data-testid="source-create"]');
    await page.waitForSelector('[data-testid="field-error"][data-field="source-code"]');
    await page.waitForSelector('[data-testid="field-error"][data-field="source-name"]');

    const code = `uji-${Date.now().toString(36)}`;
    await page.fill('[data-testid="source-code"]', code);
    await page.fill('[data-testid="source-name"]', 'Sistem Uji');
    await page.click('[data-testid="source-create"]');
    await page.waitForSelector(`[data-testid="source-detail"][data-code="${code}"]`);

    // A limit of 0 is refused at its field; a good key is shown once.
    await page.fill('[data-testid="key-label"]', 'server utama');
    await page.fill('[data-testid="key-rate-new"]', '0');
    await page.click('[data-testid="key-create"]');
    await page.waitForSelector('[data-testid="field-error"][data-field="key-rate"]');
    await page.fill('[data-testid="key-rate-new"]', '120');
    await page.click('[data-testid="key-create"]');
    const key = await takeSecret(page);
    expect(key).toMatch(/^pnt_/);
    const row = page.locator('[data-testid="key"][data-working="true"]').first();
    await row.waitFor();
    const keyId = (await row.getAttribute('data-id'))!;

    // The limit changed.
    await row.locator('[data-testid="key-manage"]').click();
    await page.fill('[data-testid="key-edit-rate"]', '300');
    await page.click('[data-testid="key-save"]');
    await page.waitForSelector(`[data-testid="key"][data-id="${keyId}"] [data-testid="key-rate"]:text("300")`);
    expect((await db.select().from(t.apiKeys).where(eq(t.apiKeys.id, keyId)))[0].rateLimitPerMinute).toBe(300);

    // Rotated: too long a grace period is named at its field; 30 minutes works after a confirmation.
    await page.fill('[data-testid="key-grace"]', '99999');
    await page.click('[data-testid="key-rotate"]');
    await page.waitForSelector('[data-testid="field-error"][data-field="key-grace"]');
    await page.fill('[data-testid="key-grace"]', '30');
    await page.click('[data-testid="key-rotate"]');
    await confirmDialog(page, '30 menit');
    const rotated = await takeSecret(page);
    expect(rotated).not.toBe(key);
    const old = (await db.select().from(t.apiKeys).where(eq(t.apiKeys.id, keyId)))[0];
    expect(old.revokedAt!.getTime()).toBeGreaterThan(Date.now() + 25 * 60_000);
    await page.waitForSelector(`[data-testid="key"][data-id="${keyId}"][data-working="true"]`);
    await shoot(page, 'admin-sources-1366x768');

    // The new key revoked after a confirmation.
    await page.click('[data-testid="key-revoke"]');
    await confirmDialog(page, 'tidak bisa dibatalkan');
    await page.waitForSelector('[data-testid="outcome"][data-kind="ok"]');
    const keys = await db.select().from(t.apiKeys).where(eq(t.apiKeys.sourceCode, code));
    expect(keys.filter((k) => k.revokedAt === null)).toHaveLength(0);

    // The status webhook: a bad address named at its field; the secret shown once.
    await page.fill('[data-testid="webhook-url"]', 'bukan alamat');
    await page.click('[data-testid="webhook-save"]');
    await page.waitForSelector('[data-testid="field-error"][data-field="webhook-url"]');
    await page.fill('[data-testid="webhook-url"]', 'http://127.0.0.1:9/status');
    await page.click('[data-testid="webhook-save"]');
    expect((await takeSecret(page)).length).toBeGreaterThanOrEqual(32);
    await page.waitForSelector('[data-testid="webhook-delete"]');

    const entry = await auditEntry(page, 'api_key.update', `api_key:${keyId}`);
    expect(entry.changes.rateLimitPerMinute).toEqual({ before: '120', after: '300' });
    await auditEntry(page, 'source.webhook_set', `source:${code}`);
  });

  it('monitors and channels: bad fields refused at the field; a push URL shown once; a monitor changed and stopped after a confirmation; a channel added and turned off; audited', async () => {
    const db = ui.server.handle.database.db;
    const page = await ui.page();
    await ui.open(page, 'monitor');
    await page.waitForSelector('[data-testid="monitor-new"]');

    await page.click('[data-testid="monitor-create"]');
    for (const f of ['monitor-code', 'monitor-name', 'monitor-opd']) await page.waitForSelector(`[data-testid="field-error"][data-field="${f}"]`);

    // Push: its URL is shown once.
    const stamp = Date.now().toString(36);
    await page.fill('[data-testid="monitor-code"]', `push-${stamp}`);
    await page.fill('[data-testid="monitor-name"]', 'Layanan Uji Push');
    await page.selectOption('[data-testid="monitor-kind"]', 'push');
    await page.selectOption('[data-testid="monitor-opd"]', 'DISKOMINFO');
    await page.click('[data-testid="monitor-create"]');
    expect(await takeSecret(page)).toMatch(/\/api\/push\//);

    // HTTP: a bad address named at its field, then a good one.
    const code = `http-${stamp}`;
    await page.fill('[data-testid="monitor-code"]', code);
    await page.fill('[data-testid="monitor-name"]', 'Situs Uji');
    await page.selectOption('[data-testid="monitor-kind"]', 'http');
    await page.fill('[data-testid="monitor-target"]', 'bukan alamat');
    await page.selectOption('[data-testid="monitor-opd"]', 'DISKOMINFO');
    await page.click('[data-testid="monitor-create"]');
    await page.waitForSelector('[data-testid="field-error"][data-field="monitor-target"]');
    await page.fill('[data-testid="monitor-target"]', 'http://127.0.0.1:9/sehat');
    await page.click('[data-testid="monitor-create"]');
    await page.waitForSelector(`[data-testid="monitor"][data-code="${code}"]`);

    // Changed, then stopped after a confirmation.
    await page.click(`[data-testid="monitor"][data-code="${code}"] [data-testid="monitor-edit"]`);
    await page.fill('[data-testid="medit-interval"]', '120');
    await page.click('[data-testid="monitor-save"]');
    await page.waitForSelector('[data-testid="outcome"][data-kind="ok"]');
    expect((await db.select().from(t.monitors).where(eq(t.monitors.code, code)))[0].intervalSeconds).toBe(120);
    await page.click('[data-testid="monitor-deactivate"]');
    await confirmDialog(page, 'Situs Uji');
    await page.waitForSelector(`[data-testid="monitor"][data-code="${code}"][data-active="false"]`);

    // A channel: a bad address at its field, then added, then turned off after a confirmation.
    await page.fill('[data-testid="channel-name"]', 'Grup piket');
    await page.fill('[data-testid="channel-url"]', 'bukan');
    await page.click('[data-testid="channel-create"]');
    await page.waitForSelector('[data-testid="field-error"][data-field="channel-url"]');
    await page.fill('[data-testid="channel-url"]', 'http://127.0.0.1:9/piket');
    await page.click('[data-testid="channel-create"]');
    const channel = page.locator('[data-testid="channel"][data-name="Grup piket"]');
    await channel.waitFor();
    await shoot(page, 'admin-monitors-1366x768');
    await channel.locator('[data-testid="channel-deactivate"]').click();
    await confirmDialog(page, 'Grup piket');
    await page.waitForSelector('[data-testid="channel"][data-name="Grup piket"][data-active="false"]');

    const entry = await auditEntry(page, 'config.update', `monitor:${code}`);
    expect(entry.changes.active).toEqual({ before: 'true', after: 'false' });
  });
});
