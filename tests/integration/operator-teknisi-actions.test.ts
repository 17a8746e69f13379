// The people who act: operators verify, dispatch and re-route complaints; technicians
// acknowledge and resolve incidents and keep maintenance windows. Each may do exactly that,
// every action is audited (who, when, from where, before, after), and the wall sees it live.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { call, complaint, DEMO_WALL_TOKEN, loginAs, postEvents, startTestServer, TEST_REDIS_URL, waitFor, type LoggedIn, type TestServer } from '../support/test-env.ts';

let server: TestServer;
let redis: Redis;
let operator: LoggedIn;
let teknisi: LoggedIn;
let pimpinan: LoggedIn;
let admin: LoggedIn;

beforeAll(async () => {
  server = await startTestServer();
  redis = new Redis(TEST_REDIS_URL);
  [operator, teknisi, pimpinan, admin] = await Promise.all([
    loginAs(server, ['operator']),
    loginAs(server, ['teknisi']),
    loginAs(server, ['pimpinan']),
    loginAs(server, ['admin']),
  ]);
});
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

const audit = async (action: string) =>
  (await call(`${server.url}/api/v1/admin/audit?action=${action}`, { headers: admin.headers })).body.entries as {
    actor: string;
    action: string;
    target: string;
    before: unknown;
    after: unknown;
    ip: string | null;
  }[];

async function postedComplaint(overrides: Record<string, unknown> = {}) {
  const c = complaint({ category: 'drainase', ...overrides });
  expect((await postEvents(server.url, 'complaints', { events: [c] })).status).toBe(202);
  const row = await waitFor(async () => (await server.handle.database.db.select().from(t.complaints).where(eq(t.complaints.externalId, c.externalId)))[0]);
  return row;
}

describe('operator actions on complaints', () => {
  it('verify, dispatch and re-route are allowed to operators only, audited, and visible live', async () => {
    const c = await postedComplaint();
    const url = `${server.url}/api/v1/complaints/${c.id}/transitions`;
    for (const who of [pimpinan, teknisi, admin]) {
      expect((await call(url, { method: 'POST', headers: who.headers, body: { to: 'verified' } })).status).toBe(403);
    }
    expect((await call(url, { method: 'POST', headers: { authorization: `Bearer ${DEMO_WALL_TOKEN}`, origin: server.url }, body: { to: 'verified' } })).status).toBe(403);

    const verified = await call(url, { method: 'POST', headers: operator.headers, body: { to: 'verified', note: 'lokasi sesuai foto' } });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ complaint: { status: 'verified' }, action: 'complaint.verify' });

    // Misrouted first (to DLH), then re-routed to the right OPD with a reason.
    const wrong = await call(url, { method: 'POST', headers: operator.headers, body: { to: 'dispatched', opd: 'DLH' } });
    expect(wrong.body.action).toBe('complaint.dispatch');
    const noReason = await call(url, { method: 'POST', headers: operator.headers, body: { to: 'dispatched', opd: 'SDABMBK' } });
    expect(noReason.status).toBe(409);
    expect(noReason.body.error).toBe('missing_reason');
    expect(noReason.body.message.id).toBeTruthy();
    const rerouted = await call(url, { method: 'POST', headers: operator.headers, body: { to: 'dispatched', opd: 'SDABMBK', reason: 'saluran milik SDABMBK' } });
    expect(rerouted.status).toBe(200);
    expect(rerouted.body).toMatchObject({ action: 'complaint.reroute', complaint: { opd: 'SDABMBK' } });

    const illegal = await call(url, { method: 'POST', headers: operator.headers, body: { to: 'closed' } });
    expect(illegal.status).toBe(409);
    expect(illegal.body.error).toBe('illegal_transition');
    const unknownOpd = await call(url, { method: 'POST', headers: operator.headers, body: { to: 'dispatched', opd: 'NOPE', reason: 'x' } });
    expect(unknownOpd.status).toBe(400);
    expect(unknownOpd.body.errors[0].field).toBe('opd');

    const reroutes = await audit('complaint.reroute');
    expect(reroutes.find((e) => e.target === `complaint:${c.id}`)).toMatchObject({
      actor: operator.username,
      before: { status: 'dispatched', opd: 'DLH' },
      after: { status: 'dispatched', opd: 'SDABMBK', reason: 'saluran milik SDABMBK' },
    });
    expect((await audit('complaint.dispatch')).some((e) => e.target === `complaint:${c.id}`)).toBe(true);
    expect((await audit('complaint.verify')).some((e) => e.target === `complaint:${c.id}`)).toBe(true);

    // The history keeps who and when; the OPD's open count moved with the complaint.
    const history = await server.handle.database.db.select().from(t.complaintStatusHistory).where(eq(t.complaintStatusHistory.complaintId, c.id));
    expect(history.map((h) => [h.status, h.opdCode, h.actor, h.origin])).toEqual([
      ['received', null, null, 'channel'],
      ['verified', null, operator.username, 'manual'],
      ['dispatched', 'DLH', operator.username, 'manual'],
      ['dispatched', 'SDABMBK', operator.username, 'manual'],
    ]);
    await waitFor(async () => Number(await redis.hget(`${server.prefix}live:opd:SDABMBK`, 'open')) >= 1);
    const recent = JSON.parse((await redis.hget(`${server.prefix}live:recent:data`, c.id)) as string);
    expect(recent).toMatchObject({ status: 'dispatched', opd: 'SDABMBK' });
  });
});

describe('technician actions on incidents and maintenance', () => {
  it('acknowledge and resolve are for technicians, refused twice, audited, and shown on the wall', async () => {
    const at = Date.now();
    const beats = [0, 1, 2].map((i) => ({
      source: 'demo',
      externalId: `down-${at}-${i}`,
      occurredAt: new Date(at + i * 1000).toISOString(),
      monitor: 'e-planning',
      status: 'down',
    }));
    expect((await postEvents(server.url, 'heartbeats', { events: beats })).status).toBe(202);
    const active = await waitFor(async () => {
      const r = await call(`${server.url}/api/v1/incidents?state=active`, { headers: pimpinan.headers });
      return r.body.incidents?.find((i: { monitor: { code: string } }) => i.monitor.code === 'e-planning');
    });
    expect(active).toMatchObject({ status: 'open', monitor: { opd: { code: 'BAPPEDA' } } });

    const ackUrl = `${server.url}/api/v1/incidents/${active.id}/acknowledge`;
    expect((await call(ackUrl, { method: 'POST', headers: pimpinan.headers, body: {} })).status).toBe(403);
    expect((await call(ackUrl, { method: 'POST', headers: operator.headers, body: {} })).status).toBe(403);
    const ack = await call(ackUrl, { method: 'POST', headers: teknisi.headers, body: { note: 'server direstart' } });
    expect(ack.status).toBe(200);
    expect(ack.body.incident).toMatchObject({ status: 'acknowledged', acknowledgedBy: teknisi.username, ackNote: 'server direstart' });
    const again = await call(ackUrl, { method: 'POST', headers: teknisi.headers, body: {} });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('already_acknowledged');

    const live = JSON.parse((await redis.hget(`${server.prefix}live:monitors`, 'e-planning')) as string);
    expect(live.incident).toMatchObject({ acknowledgedBy: teknisi.username, note: 'server direstart' });

    const resolved = await call(`${server.url}/api/v1/incidents/${active.id}/resolve`, { method: 'POST', headers: teknisi.headers, body: { note: 'menunggu PLN' } });
    expect(resolved.status).toBe(200);
    expect((await audit('incident.acknowledge')).find((e) => e.target.startsWith(`incident:${active.id}`))).toMatchObject({ actor: teknisi.username });
    expect((await audit('incident.resolve')).find((e) => e.target.startsWith(`incident:${active.id}`))).toMatchObject({ after: { status: 'resolved' } });
  });

  it('maintenance windows: created, edited and removed by technicians, audited, listed on the monitor', async () => {
    const url = `${server.url}/api/v1/monitors/sipandu/maintenance`;
    const body = { window: { kind: 'weekly', weekday: 7, startTime: '01:00', durationMinutes: 120 }, note: 'patch mingguan' };
    expect((await call(url, { method: 'POST', headers: pimpinan.headers, body })).status).toBe(403);
    const bad = await call(url, { method: 'POST', headers: teknisi.headers, body: { window: { kind: 'weekly', weekday: 9, startTime: '25:00', durationMinutes: 0 } } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['window.weekday']));
    const created = await call(url, { method: 'POST', headers: teknisi.headers, body });
    expect(created.status).toBe(201);
    const id = created.body.maintenance.id;
    const edited = await call(`${server.url}/api/v1/maintenance/${id}`, {
      method: 'PUT',
      headers: teknisi.headers,
      body: { window: { kind: 'daily', startTime: '02:00', durationMinutes: 30 }, note: 'harian' },
    });
    expect(edited.status).toBe(200);
    const detail = await call(`${server.url}/api/v1/monitors/sipandu`, { headers: teknisi.headers });
    expect(detail.status).toBe(200);
    expect(detail.body.maintenance).toEqual([expect.objectContaining({ id, note: 'harian', window: expect.objectContaining({ kind: 'daily' }) })]);
    expect(detail.body.availability).toHaveProperty('d30');
    expect((await call(`${server.url}/api/v1/maintenance/${id}`, { method: 'DELETE', headers: teknisi.headers })).status).toBe(204);
    for (const action of ['maintenance.create', 'maintenance.update', 'maintenance.delete']) {
      expect((await audit(action)).some((e) => e.actor === teknisi.username && e.target === 'monitor:sipandu')).toBe(true);
    }
    const list = await call(`${server.url}/api/v1/monitors`, { headers: pimpinan.headers });
    expect(list.body.monitors.length).toBe(67);
    expect((await call(`${server.url}/api/v1/monitors`, { headers: { authorization: `Bearer ${DEMO_WALL_TOKEN}` } })).status).toBe(403);
  });
});
