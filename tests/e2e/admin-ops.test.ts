// The console's operations in real Chromium at 1366x768: dead letters listed, opened without
// reporter identity, thrown away (a missing reason refused at the field) and processed again,
// each found in the audit screen; "check now" and "send a test message" showing their result.
// Screenshots for a person to look at.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { validateBatch } from '../../server/ingest/validate-batch.ts';
import { deadLetter } from '../../server/streams/event-stream.ts';
import { streamKeys } from '../../server/streams/stream-keys.ts';
import { call, complaint, waitFor } from '../support/test-env.ts';
import { auditEntry, confirmDialog, shoot, startAdminConsole, type AdminConsole } from './support/admin-console.ts';

const REPORTER = { name: 'Siti Rahmawati', phone: '+62 811 2222 3333', email: 'siti.r@example.id', nik: '1271014404800002' };

let ui: AdminConsole;
const closers: (() => void)[] = [];






/** A batch moved aside the way a processor does after its last failure. */
async function makeDeadLetter(events: Record<string, unknown>[]): Promise<string> {
  const keys = streamKeys(ui.server.prefix);
  const valid = validateBatch('complaints', { events }, 'demo', ui.server.handle.reference.current(), 'id');
  if (!valid.ok) throw new Error(JSON.stringify(valid.errors));
  const batch = { batchId: ulid(), kind: 'complaints' as const, source: 'demo', receivedAt: new Date().toISOString(), events: valid.events };
  await deadLetter(ui.server.handle.redis, keys, 'complaints', { entryId: '0-1', batch }, 'error: insert or update on table "complaints" violates foreign key constraint\n    at recordBatch (batch-ledger-repository.ts:30)');
  const [latest] = await ui.server.handle.redis.xrevrange(keys.deadLetters, '+', '-', 'COUNT', 1);
  return latest[0];
}

beforeAll(async () => {
  ui = await startAdminConsole();
}, 240_000);

afterAll(async () => {
  for (const c of closers) c();
  await ui?.stop();
});

describe('/admin operations', () => {
  it('dead letters: listed, opened without reporter identity, thrown away only with a reason, processed again; both in the audit screen', async () => {
    const thrown = complaint({ reporter: REPORTER, text: 'Lampu jalan mati di Jl. Gatot Subroto sejak seminggu.' });
    const kept = complaint({ reporter: REPORTER, text: 'Drainase tersumbat di depan pasar.' });
    const thrownId = await makeDeadLetter([thrown]);
    const keptId = await makeDeadLetter([kept, complaint()]);

    const page = await ui.page();
    await ui.open(page, 'gagal');
    expect(await page.textContent('h1')).toBe('Data gagal diproses');
    await page.waitForSelector(`[data-testid="dead-letter"][data-id="${thrownId}"]`);
    await page.waitForSelector(`[data-testid="dead-letter"][data-id="${keptId}"]`);
    expect(await page.textContent(`[data-testid="dead-letter"][data-id="${keptId}"]`)).toContain('violates foreign key constraint');

    // Opened: the events are there, the reporter is not.
    await page.click(`[data-testid="dead-letter"][data-id="${thrownId}"] [data-testid="dead-open"]`);
    await page.waitForSelector(`[data-testid="dead-detail"][data-id="${thrownId}"]`);
    expect(await page.textContent('[data-testid="dead-events"]')).toContain(thrown.externalId);
    const html = await page.content();
    for (const v of Object.values(REPORTER)) expect(html).not.toContain(v);

    // Thrown away without a reason: refused at the reason field, nothing asked, nothing done.
    await page.click('[data-testid="dead-discard"]');
    await page.waitForSelector('[data-testid="field-error"][data-field="dead-reason"]');
    expect(await page.getAttribute('#dead-reason', 'aria-invalid')).toBe('true');
    expect(await page.isVisible('[data-testid="confirm"][open]')).toBe(false);
    await shoot(page, 'admin-dead-letters-invalid-1366x768');
    // Too short for the server: its words appear at the same field.
    await page.fill('[data-testid="dead-reason"]', 'x');
    await page.click('[data-testid="dead-discard"]');
    await confirmDialog(page, 'dibuang');
    await page.waitForSelector('[data-testid="field-error"][data-field="dead-reason"]');
    expect(await page.textContent('[data-testid="field-error"][data-field="dead-reason"]')).toMatch(/5 karakter/);
    expect((await call(`${ui.server.url}/api/v1/admin/dead-letters/${thrownId}`, { headers: ui.admin.headers })).status).toBe(200);

    const reason = 'Uji coba sumber lama; sudah dikirim ulang dengan benar.';
    await page.fill('[data-testid="dead-reason"]', reason);
    await page.click('[data-testid="dead-discard"]');
    await confirmDialog(page, 'dibuang');
    await page.waitForSelector('[data-testid="outcome"][data-kind="ok"]');
    await page.waitForSelector(`[data-testid="dead-letter"][data-id="${thrownId}"]`, { state: 'detached' });

    // Processed again, after saying what will happen: the complaints land once.
    await page.click(`[data-testid="dead-letter"][data-id="${keptId}"] [data-testid="dead-open"]`);
    await page.waitForSelector(`[data-testid="dead-detail"][data-id="${keptId}"]`);
    await shoot(page, 'admin-dead-letters-1366x768');
    await page.click('[data-testid="dead-replay"]');
    await confirmDialog(page, 'tidak akan tersimpan dua kali');
    await page.waitForSelector('[data-testid="outcome"][data-kind="ok"]');
    await page.waitForSelector('[data-testid="dead-none"]');
    const db = ui.server.handle.database.db;
    await waitFor(async () => (await db.select().from(t.complaints).where(eq(t.complaints.externalId, kept.externalId))).length === 1, 15_000);
    expect(await db.select().from(t.complaints).where(eq(t.complaints.externalId, thrown.externalId))).toHaveLength(0);
    await shoot(page, 'admin-dead-letters-empty-1366x768');

    const discarded = await auditEntry(page, 'dead_letter.discard', `dead-letter:${thrownId}`);
    expect(discarded.actor).toBe(ui.admin.username);
    expect(discarded.changes.reason?.after).toBe(reason);
    for (const v of Object.values(REPORTER)) expect(discarded.text).not.toContain(v);
    await shoot(page, 'admin-dead-letters-audit-1366x768');
    const replayed = await auditEntry(page, 'dead_letter.replay', `dead-letter:${keptId}`);
    expect(replayed.actor).toBe(ui.admin.username);
    expect(replayed.changes.requeued?.after).toBe('true');
    await page.context().close();
  });

  it('check now and send a test message show their result in the row', async () => {
    const up = http.createServer((_req, res) => res.writeHead(200).end('ok'));
    await new Promise<void>((r) => up.listen(0, '127.0.0.1', r));
    closers.push(() => up.close());
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const received: { type: string; test: boolean }[] = [];
    const hook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    closers.push(() => hook.close());

    const A = `${ui.server.url}/api/v1/admin`;
    const mk = (body: Record<string, unknown>) => call(`${A}/monitors`, { method: 'POST', headers: ui.admin.headers, body });
    expect((await mk({ code: 'aa-portal-hidup', kind: 'http', name: 'Portal hidup', opd: 'DISKOMINFO', target: `http://127.0.0.1:${(up.address() as AddressInfo).port}/`, intervalSeconds: 3600 })).status).toBe(201);
    expect((await mk({ code: 'aa-port-tutup', kind: 'tcp', name: 'Port tertutup', opd: 'DISKOMINFO', target: `127.0.0.1:${closedPort}`, intervalSeconds: 3600 })).status).toBe(201);
    const channel = await call(`${A}/notification-channels`, { method: 'POST', headers: ui.admin.headers, body: { name: 'Webhook uji', kind: 'webhook', config: { url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook` } } });
    expect(channel.status).toBe(201);

    const page = await ui.page();
    await ui.open(page, 'monitor');
    await page.click('[data-testid="monitor"][data-code="aa-portal-hidup"] [data-testid="monitor-check"]');
    await page.waitForSelector('[data-testid="check-result"][data-code="aa-portal-hidup"][data-status="up"]');
    expect(await page.textContent('[data-testid="check-result"][data-code="aa-portal-hidup"]')).toMatch(/Hidup: menjawab dalam \d+ ms/);
    await page.click('[data-testid="monitor"][data-code="aa-port-tutup"] [data-testid="monitor-check"]');
    await page.waitForSelector('[data-testid="check-result"][data-code="aa-port-tutup"][data-status="down"]');
    expect(await page.textContent('[data-testid="check-result"][data-code="aa-port-tutup"]')).toContain('koneksi ditolak');
    await shoot(page, 'admin-monitor-check-now-1366x768');

    await page.click('[data-testid="channel"][data-name="Webhook uji"] [data-testid="channel-test"]');
    await page.waitForSelector('[data-testid="test-result"][data-channel="Webhook uji"][data-delivered="true"]');
    expect(await page.textContent('[data-testid="test-result"][data-channel="Webhook uji"]')).toContain('Terkirim');
    expect(received).toEqual([expect.objectContaining({ type: 'pantau.test', test: true })]);
    await page.locator('[data-testid="test-result"]').scrollIntoViewIfNeeded();
    await shoot(page, 'admin-channel-test-1366x768');

    const audit = await auditEntry(page, 'notification_channel.test', `notification-channel:${channel.body.channel.id}`);
    expect(audit.actor).toBe(ui.admin.username);
    expect(audit.changes.delivered?.after).toBe('true');
    await page.context().close();
  });
});
