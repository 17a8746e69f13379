// The configuration sections of /admin (issue 15) in real Chromium at 1366x768: OPD, routing
// rules with "try a complaint", datasets with the next deadlines as a preview. Per section a thing
// created, changed, a bad field refused at that field, and the change found in the audit trail.
// Screenshots of each section for a person to look at. (Helpers as in admin-console.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { auditEntry, confirmDialog, shoot, startAdminConsole, type AdminConsole } from './support/admin-console.ts';


let ui: AdminConsole;






beforeAll(async () => {
  ui = await startAdminConsole();
}, 240_000);

afterAll(async () => {
  await ui?.stop();
});

describe('/admin configuration', () => {
  it('OPD: a bad field refused at the field; created; renamed; deactivated after a confirmation saying what follows; audited', async () => {
    const db = ui.server.handle.database.db;
    const page = await ui.page();
    await ui.open(page, 'opd');
    await page.waitForSelector('[data-testid="opd-new"]');
    await page.click('[data-testid="opd-create"]');
    for (const f of ['opd-code', 'opd-name']) await page.waitForSelector(`[data-testid="field-error"][data-field="${f}"]`);

    await page.fill('[data-testid="opd-code"]', 'UPT-UJI');
    await page.fill('[data-testid="opd-name"]', 'UPT Pengujian Kendaraan');
    await page.fill('[data-testid="opd-shortName"]', 'UPT Uji');
    await page.selectOption('[data-testid="opd-kind"]', 'lain');
    await page.selectOption('[data-testid="opd-parent"]', 'DISHUB');
    await page.click('[data-testid="opd-create"]');
    await page.waitForSelector('[data-testid="opd"][data-code="UPT-UJI"]');
    expect((await db.select().from(t.opd).where(eq(t.opd.code, 'UPT-UJI')))[0].parentCode).toBe('DISHUB');

    await page.click('[data-testid="opd"][data-code="UPT-UJI"] [data-testid="opd-edit"]');
    await page.fill('[data-testid="opdedit-shortName"]', 'Uji KIR');
    await page.click('[data-testid="opd-save"]');
    await page.waitForSelector('[data-testid="outcome"][data-kind="ok"]');
    await shoot(page, 'admin-opd-1366x768');
    await page.click('[data-testid="opd-deactivate"]');
    await confirmDialog(page, 'dataset');
    await page.waitForSelector('[data-testid="opd"][data-code="UPT-UJI"][data-active="false"]');

    const entry = await auditEntry(page, 'config.update', 'opd:UPT-UJI');
    expect(entry.changes.active).toEqual({ before: 'true', after: 'false' });
    expect(entry.actor).toBe(ui.admin.username);
  }, 120_000);

  it('routing rules: a bad field refused at the field; a rule added; "try a complaint" names the rule that fires; edited; audited', async () => {
    const page = await ui.page();
    await ui.open(page, 'rute');
    await page.waitForSelector('[data-testid="rule"]');
    await page.selectOption('[data-testid="rule-category"]', 'sampah');
    await page.waitForSelector('[data-testid="rule"][data-id="default:sampah"]');

    // The same conditions as the default rule, another target: refused at the priority field.
    await page.selectOption('[data-testid="rule-targetCode"]', 'DISHUB');
    await page.click('[data-testid="rule-save"]');
    await page.waitForSelector('[data-testid="field-error"][data-field="rule-priority"]');

    await page.selectOption('[data-testid="rule-kecamatan"]', { label: 'Medan Kota' });
    await page.fill('[data-testid="rule-keywords"]', 'pasar, pajak');
    await page.click('[data-testid="rule-save"]');
    await page.waitForSelector('[data-testid="outcome"][data-kind="ok"]');
    const id = (await page.locator('[data-testid="rule"]').first().getAttribute('data-id'))!;
    expect(id).not.toBe('default:sampah');

    // Try a complaint: the new rule fires, the default one is passed over, saying why.
    await page.uncheck('[data-testid="try-draft"]');
    await page.selectOption('[data-testid="try-kecamatan"]', { label: 'Medan Kota' });
    await page.fill('[data-testid="try-text"]', 'Sampah menumpuk di depan Pasar Petisah');
    await page.click('[data-testid="try-run"]');
    await page.waitForSelector(`[data-testid="try-result"][data-rule="${id}"]`);
    expect(await page.getAttribute('[data-testid="try-rule"][data-id="default:sampah"]', 'data-verdict')).toBe('passed_over');
    expect(await page.textContent('[data-testid="try-rule"][data-id="default:sampah"]')).toContain('lebih khusus');
    await page.locator('[data-testid="try-result"]').scrollIntoViewIfNeeded();
    await shoot(page, 'admin-rute-1366x768');

    // Edited: the target changes; the audit trail has before and after.
    await page.click(`[data-testid="rule"][data-id="${id}"] [data-testid="rule-edit"]`);
    await page.selectOption('[data-testid="rule-targetCode"]', 'PERKIMCIKATARU');
    await page.click('[data-testid="rule-save"]');
    await page.waitForSelector('[data-testid="outcome"][data-kind="ok"]');
    const entry = await auditEntry(page, 'config.update', `routing-rule:${id}`);
    expect(entry.changes.target.before).toContain('DISHUB');
    expect(entry.changes.target.after).toContain('PERKIMCIKATARU');
  }, 120_000);

  it('datasets: a bad time refused at the field; created with the next deadlines previewed; the schedule changed; audited', async () => {
    const db = ui.server.handle.database.db;
    const page = await ui.page();
    await ui.open(page, 'dataset');
    await page.waitForSelector('[data-testid="dataset"]');
    await page.selectOption('[data-testid="dataset-opd"]', 'DLH');
    await page.fill('[data-testid="dataset-code"]', 'tonase-harian');
    await page.fill('[data-testid="dataset-name"]', 'Tonase sampah harian');
    await page.fill('[data-testid="dataset-dueTime"]', '25:00');
    await page.click('[data-testid="dataset-save"]');
    await page.waitForSelector('[data-testid="field-error"][data-field="dataset-dueTime"]');
    expect(await page.textContent('[data-testid="field-error"][data-field="dataset-dueTime"]')).toContain('JJ:MM');

    await page.fill('[data-testid="dataset-dueTime"]', '20:00');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="preview-deadline"]').length === 5);
    await page.click('[data-testid="dataset-save"]');
    await page.waitForSelector('[data-testid="dataset"][data-code="tonase-harian"]');

    // Weekly on Friday: the preview shows ISO weeks, each due on a Friday.
    await page.click('[data-testid="dataset"][data-code="tonase-harian"] [data-testid="dataset-edit"]');
    await page.selectOption('[data-testid="dataset-kind"]', 'weekly');
    await page.selectOption('[data-testid="dataset-weekday"]', '5');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="preview-deadline"]')].length === 5 && [...document.querySelectorAll('[data-testid="preview-deadline"]')].every((e) => /W\d\d$/.test(e.getAttribute('data-period') ?? '')));
    const texts = await page.locator('[data-testid="preview-deadline"]').allTextContents();
    for (const tx of texts) expect(tx).toContain('Jumat');
    await page.waitForSelector('[data-testid="preview-effect"]');
    await shoot(page, 'admin-dataset-1366x768');
    await page.click('[data-testid="dataset-save"]');
    await page.waitForSelector('[data-testid="outcome"][data-kind="ok"]');
    const [row] = await db.select().from(t.datasets).where(eq(t.datasets.code, 'tonase-harian'));
    expect(row.schedule).toMatchObject({ kind: 'weekly', weekday: 5, dueTime: '20:00' });
    expect(await page.textContent('[data-testid="dataset"][data-code="tonase-harian"] [data-testid="dataset-schedule"]')).toContain('Mingguan');

    const entry = await auditEntry(page, 'config.update', 'dataset:DLH/tonase-harian');
    expect(entry.changes.schedule.before).toContain('daily');
    expect(entry.changes.schedule.after).toContain('weekly');
  }, 120_000);
});
