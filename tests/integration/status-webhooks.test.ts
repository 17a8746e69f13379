// Status back to the channel (issue 14): a local HTTP receiver of ours gets each status change
// made in Pantau exactly once in effect, signed with the source's secret (HMAC-SHA256), also when
// it failed the first two tries and when the process sending it was killed between the commit and
// the send (or between the send and marking it sent: then it gets it again with the same key).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { repoRoot } from '../../server/config.ts';
import { startPantau, type PantauHandle } from '../../server/main.ts';
import { DEFAULT_WEBHOOK_OPTIONS } from '../../server/operators/webhook-options.ts';
import { verifySignature } from '../../server/operators/status-webhooks.ts';
import type { StatusWebhookPayload, WebhookDeliveriesResponse } from '../../shared/operator-api.ts';
import {
  call,
  complaint,
  createTestDatabase,
  deleteRedisPrefix,
  loginAs,
  postEvents,
  startTestServer,
  TEST_REDIS_URL,
  testConfig,
  testPrefix,
  waitFor,
  type LoggedIn,
  type TestDatabase,
  type TestServer,
} from '../support/test-env.ts';

/** The channel's side: verifies the signature, applies each idempotency key once, can be told to fail. */
class Receiver {
  secret = '';
  /** Every request, in arrival order. */
  readonly requests: { key: string; signed: boolean; attempt: string | undefined; payload: StatusWebhookPayload }[] = [];
  /** The effects: one per idempotency key. */
  readonly applied = new Map<string, StatusWebhookPayload>();
  /** externalId -> how many more requests to answer 500. */
  readonly failures = new Map<string, number>();
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const payload = JSON.parse(raw) as StatusWebhookPayload;
      const key = String(req.headers['x-pantau-idempotency-key']);
      const signed = verifySignature(this.secret, raw, req.headers['x-pantau-signature'] as string | undefined);
      this.requests.push({ key, signed, attempt: req.headers['x-pantau-attempt'] as string | undefined, payload });
      const failing = this.failures.get(payload.externalId) ?? 0;
      if (!signed || failing > 0) {
        this.failures.set(payload.externalId, failing - 1);
        res.writeHead(signed ? 500 : 401).end();
        return;
      }
      if (!this.applied.has(key)) this.applied.set(key, payload);
      res.writeHead(200).end('ok');
    });
  });
  url = '';
  async start() {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/pantau-status`;
  }
  stop() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
  for(externalId: string) {
    return { requests: this.requests.filter((r) => r.payload.externalId === externalId), applied: [...this.applied.values()].filter((p) => p.externalId === externalId) };
  }
}

const FAST = { ...DEFAULT_WEBHOOK_OPTIONS, tickMs: 100, leaseMs: 2_000, backoffBaseMs: 200, backoffMaxMs: 1_000 };

async function configureWebhook(url: string, admin: LoggedIn, receiver: Receiver) {
  const set = await call(`${url}/api/v1/admin/sources/demo/webhook`, { method: 'PUT', headers: admin.headers, body: { url: receiver.url } });
  expect(set.status).toBe(200);
  expect(set.body.secret).toMatch(/^pwh_/);
  receiver.secret = set.body.secret;
  return set;
}

async function postedComplaint(url: string, db: PantauHandle['database']['db'], overrides: Record<string, unknown> = {}) {
  const c = complaint({ occurredAt: new Date(Date.now() - 1000).toISOString(), category: 'sampah', ...overrides });
  expect((await postEvents(url, 'complaints', { events: [c] })).status).toBe(202);
  return waitFor(async () => (await db.select().from(t.complaints).where(eq(t.complaints.externalId, c.externalId)))[0], 20_000);
}

describe('signed status webhooks', () => {
  let server: TestServer;
  let receiver: Receiver;
  let operator: LoggedIn;
  let admin: LoggedIn;

  beforeAll(async () => {
    receiver = new Receiver();
    await receiver.start();
    server = await startTestServer({ webhooks: FAST });
    [operator, admin] = await Promise.all([loginAs(server, ['operator']), loginAs(server, ['admin'])]);
  });
  afterAll(async () => {
    await server?.stop();
    await receiver?.stop();
  });

  it('is configured per source by admins, audited, the secret shown once and never logged', async () => {
    const bad = await call(`${server.url}/api/v1/admin/sources/demo/webhook`, { method: 'PUT', headers: admin.headers, body: { url: 'ftp://x', secret: 'short' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['secret', 'url']);
    expect((await call(`${server.url}/api/v1/admin/sources/demo/webhook`, { method: 'PUT', headers: operator.headers, body: { url: receiver.url } })).status).toBe(403);
    await configureWebhook(server.url, admin, receiver);
    const view = await call(`${server.url}/api/v1/admin/sources/demo/webhook`, { headers: admin.headers });
    expect(view.body.webhook).toMatchObject({ source: 'demo', url: receiver.url, active: true, secretPrefix: receiver.secret.slice(0, 8) });
    expect(JSON.stringify(view.body)).not.toContain(receiver.secret);
    // Changing the URL keeps the secret.
    const again = await call(`${server.url}/api/v1/admin/sources/demo/webhook`, { method: 'PUT', headers: admin.headers, body: { url: receiver.url } });
    expect(again.body.secret).toBeUndefined();
    const audit = await call(`${server.url}/api/v1/admin/audit?action=source.webhook_set`, { headers: admin.headers });
    expect(audit.body.entries).toHaveLength(2);
    expect(JSON.stringify(audit.body.entries)).not.toContain(receiver.secret);
  });

  it('sends every status change made in Pantau once, signed, in order, with the external id, status, OPD and public note', async () => {
    const c = await postedComplaint(server.url, server.handle.database.db);
    const act = (path: string, body: unknown) => call(`${server.url}/api/v1/operator/complaints/${c.id}/${path}`, { method: 'POST', headers: operator.headers, body });
    const d = await act('dispatch', { version: c.version, note: 'Diteruskan ke DLH' });
    expect(d.status).toBe(200);
    const r = await act('dispatch', { version: d.body.complaint.version, opd: 'PERKIMCIKATARU', reason: 'lahan milik Perkim' });
    expect(r.status).toBe(200);
    await waitFor(async () => receiver.for(c.externalId).applied.length === 2);
    const { requests, applied } = receiver.for(c.externalId);
    expect(requests).toHaveLength(2);
    expect(requests.every((q) => q.signed && q.attempt === '1')).toBe(true);
    expect(applied.map((p) => [p.status, p.opd?.code, p.version])).toEqual([
      ['dispatched', 'DLH', 2],
      ['dispatched', 'PERKIMCIKATARU', 3],
    ]);
    expect(applied[0]).toMatchObject({
      event: 'complaint.status',
      source: 'demo',
      externalId: c.externalId,
      complaintId: c.id,
      previousStatus: 'received',
      statusLabel: { id: 'Didisposisikan', en: 'Dispatched' },
      note: 'Diteruskan ke DLH',
      idempotencyKey: `${c.id}:v2`,
    });
    expect(applied[0].opd?.name).toBeTruthy();
    // A change the channel itself reported is not sent back to it.
    const update = { ...complaint({ externalId: c.externalId, category: 'sampah' }), status: 'in_progress', opd: 'PERKIMCIKATARU', occurredAt: new Date().toISOString() };
    expect((await postEvents(server.url, 'complaints', { events: [update] })).status).toBe(202);
    await waitFor(async () => (await server.handle.database.db.select().from(t.complaints).where(eq(t.complaints.id, c.id)))[0]?.status === 'in_progress');
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.for(c.externalId).requests).toHaveLength(2);
  });

  it('retries with backoff when the receiver fails, logging every attempt; one effect', async () => {
    const c = await postedComplaint(server.url, server.handle.database.db);
    receiver.failures.set(c.externalId, 2);
    const ok = await call(`${server.url}/api/v1/operator/complaints/${c.id}/reject`, {
      method: 'POST',
      headers: operator.headers,
      body: { version: c.version, externalBody: 'PDAM-TIRTANADI', reason: 'Air bersih kewenangan PDAM Tirtanadi' },
    });
    expect(ok.status).toBe(200);
    await waitFor(async () => receiver.for(c.externalId).applied.length === 1, 15_000);
    const { requests, applied } = receiver.for(c.externalId);
    expect(requests.map((q) => q.attempt)).toEqual(['1', '2', '3']);
    expect(new Set(requests.map((q) => q.key)).size).toBe(1);
    expect(applied[0]).toMatchObject({ status: 'rejected', opd: { code: 'PDAM-TIRTANADI' }, note: 'Air bersih kewenangan PDAM Tirtanadi' });
    const log = await waitFor(async () => {
      const r = await call(`${server.url}/api/v1/admin/sources/demo/webhook/deliveries`, { headers: admin.headers });
      const d = (r.body as WebhookDeliveriesResponse).deliveries.find((x) => x.complaintId === c.id);
      return d?.state === 'delivered' ? d : null;
    });
    expect(log.attempts.map((a) => a.httpStatus)).toEqual([500, 500, 200]);
    // backoff: each retry waited at least its delay after the attempt before (200 ms, then 400 ms);
    // a busy machine only adds to that, so the bounds are lower ones
    const gap = (i: number) => Date.parse(log.attempts[i].at) - Date.parse(log.attempts[i - 1].at);
    expect(gap(1)).toBeGreaterThanOrEqual(FAST.backoffBaseMs - 2);
    expect(gap(2)).toBeGreaterThanOrEqual(FAST.backoffBaseMs * 2 - 2);
  });
});

describe('a process killed between the commit and the send', () => {
  let db: TestDatabase;
  let prefix: string;
  let web: PantauHandle;
  let receiver: Receiver;
  let operator: LoggedIn;
  let admin: LoggedIn;
  const children: ChildProcess[] = [];

  function startSender(crash: 'before-send' | 'after-send' | null): ChildProcess {
    // node itself (not the tsx wrapper) so that the SIGKILL is the process doing the work.
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        REDIS_URL: TEST_REDIS_URL,
        PANTAU_REDIS_PREFIX: prefix,
        PANTAU_ROLES: 'processors',
        PANTAU_WEBHOOK_TICK_MS: '100',
        PANTAU_WEBHOOK_LEASE_MS: '1000',
        PANTAU_WEBHOOK_BACKOFF_MS: '200',
        PANTAU_TEST_CRASH_WEBHOOK: crash ?? '',
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    return child;
  }
  const exited = (child: ChildProcess) =>
    child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));

  beforeAll(async () => {
    receiver = new Receiver();
    await receiver.start();
    db = await createTestDatabase();
    prefix = testPrefix();
    // The web process sends nothing itself: only the processes started here do.
    web = await startPantau(testConfig(db.url, prefix, { roles: { web: true, processors: false, prober: false } }));
    const server = { url: web.url, handle: web };
    [operator, admin] = await Promise.all([loginAs(server, ['operator']), loginAs(server, ['admin'])]);
    await configureWebhook(web.url, admin, receiver);
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await web?.close();
    await deleteRedisPrefix(prefix);
    await db?.drop();
    await receiver?.stop();
  });

  async function dispatchedComplaint() {
    const c = await postedComplaint(web.url, web.database.db);
    const d = await call(`${web.url}/api/v1/operator/complaints/${c.id}/dispatch`, { method: 'POST', headers: operator.headers, body: { version: c.version } });
    expect(d.status).toBe(200);
    return c;
  }

  it('killed before sending: the next process sends it, once', async () => {
    const crashing = startSender('before-send');
    const c = await dispatchedComplaint();
    await exited(crashing);
    expect(crashing.signalCode).toBe('SIGKILL');
    expect(receiver.for(c.externalId).requests).toHaveLength(0);
    const [row] = await web.database.db.select().from(t.webhookOutbox).where(eq(t.webhookOutbox.complaintId, c.id));
    expect(row).toMatchObject({ state: 'pending', attempts: 1 });

    const healthy = startSender(null);
    await waitFor(async () => receiver.for(c.externalId).applied.length === 1, 30_000);
    await waitFor(async () => (await web.database.db.select().from(t.webhookOutbox).where(eq(t.webhookOutbox.complaintId, c.id)))[0]?.state === 'delivered');
    const { requests } = receiver.for(c.externalId);
    expect(requests).toHaveLength(1);
    expect(requests[0].signed).toBe(true);
    healthy.kill('SIGTERM');
    await exited(healthy);
  });

  it('killed after sending, before marking it sent: sent again with the same key, applied once', async () => {
    const crashing = startSender('after-send');
    const c = await dispatchedComplaint();
    await exited(crashing);
    expect(crashing.signalCode).toBe('SIGKILL');
    expect(receiver.for(c.externalId).requests).toHaveLength(1);

    const healthy = startSender(null);
    await waitFor(async () => (await web.database.db.select().from(t.webhookOutbox).where(eq(t.webhookOutbox.complaintId, c.id)))[0]?.state === 'delivered', 30_000);
    const { requests, applied } = receiver.for(c.externalId);
    expect(requests).toHaveLength(2);
    expect(requests[0].key).toBe(requests[1].key);
    expect(applied).toHaveLength(1);
    healthy.kill('SIGTERM');
    await exited(healthy);
  });
});
