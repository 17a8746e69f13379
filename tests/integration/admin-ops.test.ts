// The admin console's operations, end to end through the real API, Redis and PostgreSQL: a dead
// letter is listed and opened without reporter identity, replayed so that it lands once (a second
// replay is refused; events already stored are not stored twice), discarded only with a reason;
// "check now" against a live local server and a closed port; a test message reaching a local
// HTTP server playing the webhook receiver. Each action is in the audit trail.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { ulid } from 'ulid';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetter } from '../../server/streams/event-stream.ts';
import { validateBatch } from '../../server/ingest/validate-batch.ts';
import { streamKeys } from '../../server/streams/stream-keys.ts';
import { call, complaint, loginAs, postEvents, startTestServer, waitFor, type LoggedIn, type TestServer } from '../support/test-env.ts';

let server: TestServer;
let sql: postgres.Sql;
let admin: LoggedIn;
const closers: (() => void)[] = [];

const REPORTER = { name: 'Siti Rahmawati', phone: '+62 811 2222 3333', email: 'siti.r@example.id', nik: '1271014404800002' };

beforeAll(async () => {
  server = await startTestServer();
  sql = postgres(server.db.url, { max: 2, onnotice: () => {} });
  admin = await loginAs(server, ['admin']);
});
afterAll(async () => {
  for (const c of closers) c();
  await sql?.end();
  await server?.stop();
});

/**
 * A batch moved aside exactly as a processor does after its last failure (deadLetter(), the same
 * fields and the same acknowledgement), with an error that quotes the reporter's NIK the way a
 * database error can.
 */
async function makeDeadLetter(events: Record<string, unknown>[], batchId = ulid()): Promise<{ id: string; batchId: string }> {
  const keys = streamKeys(server.prefix);
  const redis = server.handle.redis;
  const before = await redis.xrevrange(keys.deadLetters, '+', '-', 'COUNT', 1);
  // The events as they are in the stream: validated by ingest's own code.
  const valid = validateBatch('complaints', { events }, 'demo', server.handle.reference.current(), 'id');
  if (!valid.ok) throw new Error(JSON.stringify(valid.errors));
  const entry = { entryId: '0-1', batch: { batchId, kind: 'complaints' as const, source: 'demo', receivedAt: new Date().toISOString(), events: valid.events } };
  await deadLetter(redis, keys, 'complaints', entry, `error: duplicate key value violates unique constraint (nik)=(${REPORTER.nik})\n    at recordBatch (batch-ledger-repository.ts:30)`);
  const [latest] = await redis.xrevrange(keys.deadLetters, '+', '-', 'COUNT', 1);
  expect(latest[0]).not.toBe(before[0]?.[0]);
  return { id: latest[0], batchId };
}

const A = () => `${server.url}/api/v1/admin`;
const kpi = async (field: string) => Number((await server.handle.redis.hget(`${server.prefix}live:kpi`, field)) ?? 0);
const rowsOf = async (externalIds: string[]) => (await sql`select external_id from complaints where source = 'demo' and external_id in ${sql(externalIds)}`).map((r) => r.external_id as string);
const auditOf = async (action: string) => (await call(`${A()}/audit?action=${action}`, { headers: admin.headers })).body.entries as { actor: string; target: string; before: any; after: any }[];

describe('dead letters', () => {
  it('are listed and opened without reporter identity', async () => {
    const c = complaint({ reporter: REPORTER });
    const { id, batchId } = await makeDeadLetter([c]);
    const list = await call(`${A()}/dead-letters`, { headers: admin.headers });
    expect(list.status).toBe(200);
    const row = list.body.deadLetters.find((d: { id: string }) => d.id === id);
    expect(row).toMatchObject({ kind: 'complaints', batchId, source: 'demo', eventCount: 1 });
    expect(row.reason).toMatch(/^error: duplicate key value/);
    expect(row.reason).not.toContain('\n');
    const one = await call(`${A()}/dead-letters/${id}`, { headers: admin.headers });
    expect(one.status).toBe(200);
    expect(one.body.deadLetter.events[0]).toMatchObject({ externalId: c.externalId, text: c.text });
    expect(one.body.deadLetter.events[0].reporter).toEqual({ name: expect.stringMatching(/hidden/), phone: expect.stringMatching(/hidden/), email: expect.stringMatching(/hidden/), nik: expect.stringMatching(/hidden/) });
    expect(one.body.deadLetter.reasonFull).toContain('at recordBatch');
    for (const v of Object.values(REPORTER)) {
      expect(JSON.stringify(list.body)).not.toContain(v);
      expect(JSON.stringify(one.body)).not.toContain(v);
    }
    expect((await call(`${A()}/dead-letters/1-0`, { headers: admin.headers })).status).toBe(404);
    expect((await call(`${A()}/dead-letters/nonsense`, { headers: admin.headers })).status).toBe(404);
  });

  it('replayed, lands in PostgreSQL once and is counted once, even when replayed twice at the same moment', async () => {
    const c = complaint({ reporter: REPORTER });
    const { id } = await makeDeadLetter([c]);
    const openBefore = await kpi('complaintsOpen');
    const replay = () => call(`${A()}/dead-letters/${id}/replay`, { method: 'POST', headers: admin.headers, body: {} });
    const answers = await Promise.all([replay(), replay()]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const ok = answers.find((a) => a.status === 200)!;
    expect(ok.body).toMatchObject({ alreadyStored: false, replayed: { id } });
    await waitFor(async () => (await rowsOf([c.externalId])).length === 1, 15_000);
    // A third try, later: refused, saying it was already done; nothing more stored or counted.
    const third = await replay();
    expect(third.status).toBe(409);
    expect(third.body.message).toMatch(/sudah diproses ulang/);
    await waitFor(async () => (await kpi('complaintsOpen')) === openBefore + 1, 10_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await rowsOf([c.externalId])).toHaveLength(1);
    expect(await kpi('complaintsOpen')).toBe(openBefore + 1);
    const [reporter] = await sql`select r.name from complaint_reporters r join complaints c on c.id = r.complaint_id where c.external_id = ${c.externalId}`;
    expect(reporter?.name).toBe(REPORTER.name);
    // Gone from the list; the replay is in the audit trail, by whom, without reporter identity.
    const list = await call(`${A()}/dead-letters`, { headers: admin.headers });
    expect(list.body.deadLetters.map((d: { id: string }) => d.id)).not.toContain(id);
    const [entry] = (await auditOf('dead_letter.replay')).filter((e) => e.target === `dead-letter:${id}`);
    expect(entry).toMatchObject({ actor: admin.username, after: { requeued: true } });
    expect(JSON.stringify(entry)).not.toContain(REPORTER.nik);
  });

  it('partly processed before (one event already stored): the replay stores only what is missing', async () => {
    const stored = complaint();
    expect((await postEvents(server.url, 'complaints', { events: [stored] })).status).toBe(202);
    await waitFor(async () => (await rowsOf([stored.externalId])).length === 1);
    const openBefore = await kpi('complaintsOpen');
    const fresh = complaint();
    const { id } = await makeDeadLetter([stored, fresh]);
    expect((await call(`${A()}/dead-letters/${id}/replay`, { method: 'POST', headers: admin.headers, body: {} })).status).toBe(200);
    await waitFor(async () => (await rowsOf([fresh.externalId])).length === 1, 15_000);
    await waitFor(async () => (await kpi('complaintsOpen')) === openBefore + 1, 10_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect((await rowsOf([stored.externalId, fresh.externalId])).sort()).toEqual([stored.externalId, fresh.externalId].sort());
    expect(await kpi('complaintsOpen')).toBe(openBefore + 1);
  });

  // A processed batch cannot become a dead letter (deadLetter() runs only after its transaction
  // failed); a dead letter found in the ledger is one whose commit landed although the processor
  // saw an error, so its live-state effects were never applied and the pipeline applies them once.
  // Here the letter is made from a processed batch just to reach that path: PostgreSQL is checked.
  it('a batch already in the ledger is said so, and not stored again', async () => {
    const c = complaint();
    const posted = await postEvents(server.url, 'complaints', { events: [c] });
    await waitFor(async () => (await rowsOf([c.externalId])).length === 1);
    const { id } = await makeDeadLetter([c], posted.body.batchId);
    const replay = await call(`${A()}/dead-letters/${id}/replay`, { method: 'POST', headers: admin.headers, body: {} });
    expect(replay.status).toBe(200);
    expect(replay.body.alreadyStored).toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await rowsOf([c.externalId])).toHaveLength(1);
    const [{ n }] = await sql`select count(*)::int as n from ingest_batches where batch_id = ${posted.body.batchId}`;
    expect(n).toBe(1);
  });

  it('discarded only with a reason; the reason and what was thrown away (without identity) are audited', async () => {
    const c = complaint({ reporter: REPORTER });
    const { id } = await makeDeadLetter([c]);
    const url = `${A()}/dead-letters/${id}/discard`;
    for (const body of [{}, { reason: '   ' }, { reason: 'ok' }]) {
      const refused = await call(url, { method: 'POST', headers: admin.headers, body });
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
    }
    expect((await call(`${A()}/dead-letters/${id}`, { headers: admin.headers })).status).toBe(200);
    const reason = 'Data uji dari sumber lama; sudah dikirim ulang dengan benar.';
    const done = await call(url, { method: 'POST', headers: admin.headers, body: { reason } });
    expect(done.status).toBe(200);
    expect((await call(`${A()}/dead-letters/${id}`, { headers: admin.headers })).status).toBe(404);
    expect((await call(url, { method: 'POST', headers: admin.headers, body: { reason } })).status).toBe(409);
    expect((await call(`${A()}/dead-letters/${id}/replay`, { method: 'POST', headers: admin.headers, body: {} })).status).toBe(409);
    const [entry] = (await auditOf('dead_letter.discard')).filter((e) => e.target === `dead-letter:${id}`);
    expect(entry).toMatchObject({ actor: admin.username, after: { reason }, before: { eventCount: 1, events: [{ externalId: c.externalId }] } });
    for (const v of Object.values(REPORTER)) expect(JSON.stringify(entry)).not.toContain(v);
    expect(await rowsOf([c.externalId])).toHaveLength(0);
  });
});

describe('check now', () => {
  it('an HTTP monitor against a live local server is up; a closed port is down, in plain words; push says its last push', async () => {
    const up = http.createServer((_req, res) => res.writeHead(200).end('ok'));
    await new Promise<void>((r) => up.listen(0, '127.0.0.1', r));
    closers.push(() => up.close());
    // A port that was just free: nothing listens there.
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));

    const create = (body: Record<string, unknown>) => call(`${A()}/monitors`, { method: 'POST', headers: admin.headers, body });
    expect((await create({ code: 'cek-up', kind: 'http', name: 'Layanan hidup', opd: 'DISKOMINFO', target: `http://127.0.0.1:${(up.address() as AddressInfo).port}/`, intervalSeconds: 3600 })).status).toBe(201);
    expect((await create({ code: 'cek-down', kind: 'tcp', name: 'Port tertutup', opd: 'DISKOMINFO', target: `127.0.0.1:${closedPort}`, intervalSeconds: 3600 })).status).toBe(201);
    const push = await create({ code: 'cek-push', kind: 'push', name: 'Agen', opd: 'DISKOMINFO' });
    expect(push.status).toBe(201);

    const check = (code: string) => call(`${A()}/monitors/${code}/check`, { method: 'POST', headers: admin.headers, body: {} });
    const a = await check('cek-up');
    expect(a.status).toBe(200);
    expect(a.body.result).toMatchObject({ kind: 'check', status: 'up', statusCode: 200 });
    expect(a.body.result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(a.body.result.message.id).toMatch(/^Hidup: menjawab dalam \d+ ms/);
    const b = await check('cek-down');
    expect(b.body.result).toMatchObject({ kind: 'check', status: 'down', latencyMs: null, message: { id: 'Mati: koneksi ditolak.', en: 'Down: connection refused.' } });

    const p0 = await check('cek-push');
    expect(p0.body.result).toMatchObject({ kind: 'lastReport', lastPushAt: null });
    expect((await fetch(push.body.pushUrl)).status).toBe(200);
    const p1 = await waitFor(async () => {
      const r = await check('cek-push');
      return r.body.result.lastPushAt ? r : null;
    });
    expect(p1.body.result.secondsAgo).toBeLessThan(30);
    expect(p1.body.result.message.en).toMatch(/last push came \d+ seconds ago/);
    expect((await check('tidak-ada')).status).toBe(404);

    const audit = await auditOf('monitor.check');
    expect(audit.find((e) => e.target === 'monitor:cek-down')).toMatchObject({ actor: admin.username, after: { status: 'down' } });
    // A manual look does not change the monitor's state.
    const [m] = await sql`select state, consecutive_failures from monitors where code = 'cek-down'`;
    expect(m).toMatchObject({ consecutive_failures: 0 });
  });
});

describe('send a test message', () => {
  it('reaches a local HTTP server playing the webhook receiver, marked as a test; a dead receiver is named in plain words', async () => {
    const received: { type: string; test: boolean; text: string; channel: string }[] = [];
    const hook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    closers.push(() => hook.close());
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    const made = await call(`${A()}/notification-channels`, { method: 'POST', headers: admin.headers, body: { name: 'Webhook uji', kind: 'webhook', config: { url } } });
    expect(made.status).toBe(201);
    const sent = await call(`${A()}/notification-channels/${made.body.channel.id}/test`, { method: 'POST', headers: admin.headers, body: {} });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ delivered: true, httpStatus: 200 });
    expect(sent.body.message.id).toMatch(/^Terkirim/);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ type: 'pantau.test', test: true, channel: 'Webhook uji' });
    expect(received[0].text).toMatch(/^🧪 PESAN UJI/);

    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const dead = await call(`${A()}/notification-channels`, { method: 'POST', headers: admin.headers, body: { name: 'Webhook mati', kind: 'webhook', config: { url: `http://127.0.0.1:${closedPort}/hook` } } });
    const failed = await call(`${A()}/notification-channels/${dead.body.channel.id}/test`, { method: 'POST', headers: admin.headers, body: {} });
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ delivered: false, message: { en: 'Not delivered: connection refused; nothing is listening at that address.' } });

    const audit = await auditOf('notification_channel.test');
    expect(audit.find((e) => e.target === `notification-channel:${made.body.channel.id}`)).toMatchObject({ actor: admin.username, after: { delivered: true } });
    expect(audit.find((e) => e.target === `notification-channel:${dead.body.channel.id}`)).toMatchObject({ after: { delivered: false } });
    expect((await call(`${A()}/notification-channels/00000000-0000-4000-8000-000000000000/test`, { method: 'POST', headers: admin.headers, body: {} })).status).toBe(404);
  });
});
