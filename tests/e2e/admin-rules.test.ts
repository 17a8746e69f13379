// The deadline-rule sections of /admin in real Chromium at 1366x768: categories with their SLA
// targets (/admin/kategori) and the holiday calendar (/admin/kalender). Per section: created,
// changed, a bad field refused at that field, the confirmation that says how many open
// complaints move, and the change found in the audit trail with its before and after.
// Screenshots of both sections for a person to look at.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Page } from 'playwright-core';
import { repoRoot } from '../../server/config.ts';
import { postEvents, waitFor } from '../support/test-env.ts';
import { auditEntry, confirmDialog, shoot, startAdminConsole, type AdminConsole } from './support/admin-console.ts';


let ui: AdminConsole;






const fieldError = (page: Page, id: string) => page.locator(`[data-testid="field-error"][data-field="${id}"]`);

beforeAll(async () => {
  ui = await startAdminConsole();
  // One open complaint of `sampah`, so the preview has something to count.
  const now = new Date().toISOString();
  const res = await postEvents(ui.server.url, 'complaints', {
    events: [{ source: 'demo', externalId: `e2e-rules-${Date.now()}`, channel: 'LAPOR', category: 'sampah', text: 'uji', location: { lat: 3.5952, lon: 98.6722 }, status: 'received', occurredAt: now, submittedAt: now }],
  });
  expect(res.status).toBe(202);
}, 240_000);

afterAll(async () => {
  await ui?.stop();
});

describe('/admin deadline rules', () => {
  it('categories: a bad field refused at the field; created; its SLA changed after a confirmation that counts the open complaints moved; audited', async () => {
    const page = await ui.page();
    await ui.open(page, 'kategori');
    await page.waitForSelector('[data-testid="category"][data-code="sampah"]');
    expect(await page.textContent('h1')).toBe('Kategori & SLA');
    await shoot(page, 'admin-kategori');

    // Refused at the field, in plain words, with nothing saved.
    await page.fill('[data-testid="cat-code"]', 'Pohon Tumbang!');
    await page.fill('[data-testid="cat-name"]', 'Pohon tumbang');
    await page.fill('[data-testid="cat-resolution"]', '0');
    await page.click('[data-testid="cat-save"]');
    await expect.poll(() => fieldError(page, 'cat-code').count()).toBe(1);
    expect(await fieldError(page, 'cat-resolution').textContent()).toContain('paling kecil 1');
    expect(await page.getAttribute('[data-testid="cat-resolution"]', 'aria-invalid')).toBe('true');
    await shoot(page, 'admin-kategori-error');

    // Created (emergency: hours around the clock).
    await page.fill('[data-testid="cat-code"]', 'pohon-tumbang');
    await page.fill('[data-testid="cat-nameEn"]', 'Fallen tree');
    await page.selectOption('[data-testid="cat-group"]', 'lingkungan');
    await page.selectOption('[data-testid="cat-opd"]', 'DLH');
    await page.fill('[data-testid="cat-resolution"]', '5');
    await page.check('[data-testid="cat-emergency"]');
    await page.fill('[data-testid="cat-responseHours"]', '2');
    await page.fill('[data-testid="cat-resolutionHours"]', '12');
    await page.click('[data-testid="cat-save"]');
    await confirmDialog(page, /tidak menggeser batas waktu aduan terbuka mana pun/);
    await page.waitForSelector('[data-testid="outcome"][data-kind="ok"]');
    const row = page.locator('[data-testid="category"][data-code="pohon-tumbang"]');
    await row.waitFor();
    expect(await row.locator('[data-testid="emergency-mark"]').count()).toBe(1);
    expect(await row.locator('[data-testid="category-targets"]').textContent()).toContain('darurat: 2 / 12 jam');

    // Changed: the confirmation counts the open complaint of `sampah` whose deadline moves.
    await page.click('[data-testid="category"][data-code="sampah"] [data-testid="category-edit"]');
    await page.waitForSelector('[data-testid="category-form"][data-mode="edit"]');
    const before = await page.inputValue('[data-testid="cat-resolution"]');
    const after = String(Number(before) + 2);
    await page.fill('[data-testid="cat-resolution"]', after);
    await page.click('[data-testid="cat-save"]');
    await confirmDialog(page, /menggeser batas waktu 1 dari 1 aduan terbuka/);
    await page.waitForSelector('[data-testid="outcome"][data-kind="ok"]');
    expect(await page.textContent('[data-testid="outcome"]')).toContain('1 aduan terbuka bergeser batas waktunya');
    expect(await page.textContent('[data-testid="category"][data-code="sampah"] [data-testid="category-targets"]')).toContain(`/ ${after} hari kerja`);

    // A change that breaks a rule of the whole form: named at its field.
    await page.fill('[data-testid="cat-response"]', '30');
    await page.click('[data-testid="cat-save"]');
    await expect.poll(() => fieldError(page, 'cat-resolution').count()).toBe(1);
    expect(await fieldError(page, 'cat-resolution').textContent()).toContain('tidak boleh lebih pendek dari batas tanggapan pertama');

    const created = await auditEntry(page, 'category.create', 'category:pohon-tumbang');
    expect(created.actor).toBe(ui.admin.username);
    expect(created.changes.name?.after).toBe('Pohon tumbang');
    const changed = await auditEntry(page, 'category.update', 'category:sampah');
    expect(changed.changes.sla?.before).toContain(`"resolutionWorkingDays":${before}`);
    expect(changed.changes.sla?.after).toContain(`"resolutionWorkingDays":${after}`);
    await page.context().close();
  }, 120_000);

  it('calendar: the year view marks days off with a letter; a bad field refused at the field; a day added, changed and removed after confirmations; an import shows its difference first; audited', async () => {
    const page = await ui.page();
    await ui.open(page, 'kalender');
    await page.waitForSelector('[data-testid="year-view"] [data-date]');
    expect(await page.textContent('h1')).toBe('Kalender hari libur');
    const year = Number((await page.textContent('[data-testid="year"]'))!.replace(/\D/g, ''));
    if (year !== 2026) {
      // The shipped list is 2026's: go there.
      while (Number((await page.textContent('[data-testid="year"]'))!.replace(/\D/g, '')) !== 2026) {
        await page.click(year > 2026 ? '[data-testid="year-prev"]' : '[data-testid="year-next"]');
      }
      await page.waitForSelector('[data-testid="day"][data-date="2026-01-01"]');
    }
    await page.waitForSelector('[data-testid="day"][data-date="2026-03-20"]');
    expect(await page.getAttribute('[data-testid="year-source"]', 'data-source')).toBe('official');
    // Not colour alone: a letter in the cell, the kind in words in the list.
    expect(await page.textContent('[data-testid="year-view"] [data-date="2026-03-20"] b')).toBe('C');
    expect(await page.textContent('[data-testid="year-view"] [data-date="2026-08-17"] b')).toBe('N');
    expect(await page.textContent('[data-testid="day"][data-date="2026-03-20"]')).toContain('Cuti bersama');
    await shoot(page, 'admin-kalender');

    // Refused at the field.
    await page.fill('[data-testid="day-date"]', '2026-12-15');
    await page.click('[data-testid="day-save"]');
    await expect.poll(() => fieldError(page, 'cal-name').count()).toBe(1);
    expect(await fieldError(page, 'cal-name').textContent()).toContain('wajib diisi');

    // Added (keyboard: the name field and Enter).
    await page.selectOption('[data-testid="day-kind"]', 'closure');
    await page.fill('[data-testid="day-name"]', 'Libur HUT Kota Medan (uji)');
    await page.press('[data-testid="day-name"]', 'Enter');
    await confirmDialog(page, /aduan terbuka/);
    await page.waitForSelector('[data-testid="day"][data-date="2026-12-15"][data-kind="closure"]');
    expect(await page.textContent('[data-testid="year-view"] [data-date="2026-12-15"] b')).toBe('T');

    // Changed: from the list into the form.
    await page.click('[data-testid="day"][data-date="2026-12-15"] [data-testid="day-edit"]');
    expect(await page.inputValue('[data-testid="day-date"]')).toBe('2026-12-15');
    await page.fill('[data-testid="day-name"]', 'Libur lokal Medan (uji)');
    await page.click('[data-testid="day-save"]');
    await confirmDialog(page, /aduan terbuka/);
    await waitFor(async () => (await page.textContent('[data-testid="day"][data-date="2026-12-15"]'))?.includes('Libur lokal Medan (uji)') ?? false);

    // Removed after a confirmation that says it becomes a working day.
    await page.click('[data-testid="day"][data-date="2026-12-15"] [data-testid="day-remove"]');
    await confirmDialog(page, /akan dihapus dari daftar dan menjadi hari kerja/);
    await page.waitForSelector('[data-testid="day"][data-date="2026-12-15"]', { state: 'detached' });
    expect(await page.textContent('[data-testid="removed-days"]')).toContain('Libur lokal Medan (uji)');

    // Import: a bad file is named at the content field; a good one shows its difference first.
    await page.selectOption('[data-testid="import-format"]', 'csv');
    await page.fill('[data-testid="import-content"]', 'date,kind,name\n2027-01-01,libur,Tahun Baru\n');
    await page.click('[data-testid="import-check"]');
    await expect.poll(() => fieldError(page, 'imp-content').count()).toBe(1);
    expect(await fieldError(page, 'imp-content').textContent()).toContain('baris 2: jenis harus national, cuti_bersama atau closure');
    const reference = fs.readFileSync(path.join(repoRoot, 'db/seed-data/holidays-id-2026.json'), 'utf8');
    const changedFile = reference.replace('"Hari Buruh Internasional"', '"Hari Buruh Internasional (uji)"').replace(/\s*\{ "date": "2026-12-24", "name": "Cuti bersama Natal" \}/, '').replace(/,(\s*\])/, '$1');
    await page.selectOption('[data-testid="import-format"]', 'json');
    await page.fill('[data-testid="import-content"]', changedFile);
    await page.click('[data-testid="import-check"]');
    await page.waitForSelector('[data-testid="import-diff"]');
    expect(await page.locator('[data-testid="diff-changed"]').count()).toBe(1);
    expect(await page.textContent('[data-testid="diff-changed"]')).toContain('Hari Buruh Internasional (uji)');
    expect(await page.textContent('[data-testid="diff-removed"]')).toContain('Cuti bersama Natal');
    // Not applied yet.
    expect(await page.textContent('[data-testid="day"][data-date="2026-05-01"]')).not.toContain('(uji)');
    await shoot(page, 'admin-kalender-import');
    await page.click('[data-testid="import-apply"]');
    await confirmDialog(page, /aduan terbuka/);
    await page.waitForSelector('[data-testid="outcome"][data-kind="ok"]');
    await waitFor(async () => (await page.textContent('[data-testid="day"][data-date="2026-05-01"]'))?.includes('(uji)') ?? false);
    expect(await page.locator('[data-testid="day"][data-date="2026-12-24"]').count()).toBe(0);

    const set = await auditEntry(page, 'calendar.day_set', 'calendar:2026-12-15');
    expect(set.actor).toBe(ui.admin.username);
    expect(set.changes.name?.before).toBe('Libur HUT Kota Medan (uji)');
    expect(set.changes.name?.after).toBe('Libur lokal Medan (uji)');
    const removed = await auditEntry(page, 'calendar.day_remove', 'calendar:2026-12-15');
    expect(removed.changes.kind?.after).toBe('removed');
    const imported = await auditEntry(page, 'calendar.import', 'calendar:2026');
    expect(imported.changes.removed?.before).toContain('Cuti bersama Natal');
    await page.context().close();
  }, 150_000);
});
