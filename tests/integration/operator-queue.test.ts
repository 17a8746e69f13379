// The operators' queue and actions (issue 14), through the real HTTP API, Postgres and Redis:
// the queue and its suggestion, two operators at once (taken live, the second conflicting action
// refused with who and when), re-route and routing-correction reasons, reject to an external body,
// duplicates merged and counted once, and OPD staff who see only their OPD and hand back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { eq, inArray } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { wibDate } from '../../shared/wib-time.ts';
import type { OperatorQueueEvent, OperatorQueueResponse, QueueItem } from '../../shared/operator-api.ts';
import { openSocket, type SocketOutcome } from '../support/auth-client.ts';
import { call, complaint, loginAs, postEvents, startTestServer, TEST_REDIS_URL, waitFor, type LoggedIn, type TestServer } from '../support/test-env.ts';

let server: TestServer;
let redis: Redis;
let opA: LoggedIn;
let opB: LoggedIn;
let dlh: LoggedIn;
let admin: LoggedIn;
let pimpinan: LoggedIn;
const sockets: SocketOutcome[] = [];

beforeAll(async () => {
  server = await startTestServer();
  redis = new Redis(TEST_REDIS_URL);
  [opA, opB, dlh, admin, pimpinan] = await Promise.all([
    loginAs(server, ['operator']),
    loginAs(server, ['operator']),
    loginAs(server, ['operator'], { opd: 'DLH' }),
    loginAs(server, ['admin']),
    loginAs(server, ['pimpinan']),
  ]);
});
afterAll(async () => {
  for (const s of sockets) s.socket.disconnect();
  redis?.disconnect();
  await server?.stop();
});

const api = (path: string) => `${server.url}/api/v1/operator${path}`;

async function posted(overrides: Record<string, unknown> = {}) {
  const c = complaint({ occurredAt: new Date(Date.now() - 1000).toISOString(), ...overrides });
  expect((await postEvents(server.url, 'complaints', { events: [c] })).status).toBe(202);
  return waitFor(async () => (await server.handle.database.db.select().from(t.complaints).where(eq(t.complaints.externalId, c.externalId)))[0]);
}

async function queue(who: LoggedIn, query = ''): Promise<OperatorQueueResponse> {
  const r = await call(api(`/queue${query}`), { headers: who.headers });
  expect(r.status).toBe(200);
  return r.body;
}
const itemOf = (q: OperatorQueueResponse, id: string): QueueItem | undefined => q.items.find((i) => i.id === id);
const post = (who: LoggedIn, path: string, body: unknown) => call(api(path), { method: 'POST', headers: who.headers, body });

async function operatorSocket(who: LoggedIn): Promise<{ events: OperatorQueueEvent[] }> {
  const s = await openSocket(server.url, { cookie: who.cookie });
  expect(s.connected).toBe(true);
  sockets.push(s);
  const events: OperatorQueueEvent[] = [];
  s.socket.on('operator', (e) => events.push(e));
  return { events };
}

describe('the queue', () => {
  it('lists waiting complaints with the suggestion and why, media, clocks and counts; filters; refuses bad filters', async () => {
    const drain = await posted({
      category: 'drainase',
      channel: 'LAPOR',
      text: 'Saluran tersumbat, air menggenang',
      media: [{ url: 'https://mrk.example/foto/1.jpg', kind: 'image' }, { url: 'https://mrk.example/v/2.mp4' }],
    });
    const secret = await posted({ category: 'sampah', privacy: 'secret', text: 'rahasia' });
    const q = await queue(opA);
    expect(q.view).toBe('command_center');
    const item = itemOf(q, drain.id)!;
    expect(item).toMatchObject({
      status: 'received',
      state: 'received',
      channel: { code: 'LAPOR' },
      category: { code: 'drainase' },
      media: [
        { url: 'https://mrk.example/foto/1.jpg', kind: 'image' },
        { url: 'https://mrk.example/v/2.mp4', kind: null },
      ],
      suggestion: { target: { code: 'SDABMBK' }, external: false, basis: ['category'] },
      takenBy: null,
    });
    expect(item.kecamatan?.name).toBeTruthy();
    expect(item.suggestion!.explanation.id).toContain('SDABMBK');
    expect(item.clock.dueAt).not.toBeNull();
    expect(item.clock.msLeft).toBeGreaterThan(0);
    // operators see secret complaints' text
    expect(itemOf(q, secret.id)!.text).toBe('rahasia');
    expect(q.counts.received).toBeGreaterThanOrEqual(2);
    // nearest verification deadline first
    const dues = q.items.map((i) => Date.parse(i.clock.dueAt!));
    expect([...dues].sort((a, b) => a - b)).toEqual(dues);

    const filtered = await queue(opA, '?channel=LAPOR&category=drainase');
    expect(filtered.items.every((i) => i.channel.code === 'LAPOR' && i.category.code === 'drainase')).toBe(true);
    expect(itemOf(filtered, drain.id)).toBeTruthy();
    const bad = await call(api('/queue?channel=NOPE&state=lost&limit=0'), { headers: opA.headers });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['channel', 'limit', 'state']);
    for (const who of [pimpinan, admin]) expect((await call(api('/queue'), { headers: who.headers })).status).toBe(403);
  });
});

describe('two operators at once', () => {
  it('a complaint taken by one shows as taken to the other, live; the second conflicting action gets 409 with who and when, applied once', async () => {
    const bLive = await operatorSocket(opB);
    const wallEvents: OperatorQueueEvent[] = [];
    const wallSocket = await openSocket(server.url, { cookie: pimpinan.cookie });
    sockets.push(wallSocket);
    wallSocket.socket.on('operator', (e) => wallEvents.push(e));
    const c = await posted({ category: 'sampah' });
    // a new arrival through a channel tells the screens to re-read the queue
    await waitFor(async () => bLive.events.find((e) => e.kind === 'stale' && e.complaints >= 1));
    const taken = await post(opA, `/complaints/${c.id}/take`, {});
    expect(taken.status).toBe(200);
    expect(taken.body.takenBy.username).toBe(opA.username);
    await waitFor(async () => bLive.events.find((e) => e.kind === 'taken' && e.complaintId === c.id));
    expect(itemOf(await queue(opB), c.id)!.takenBy?.username).toBe(opA.username);
    const stolen = await post(opB, `/complaints/${c.id}/take`, {});
    expect(stolen.status).toBe(409);
    expect(stolen.body).toMatchObject({ error: 'taken', takenBy: { username: opA.username } });

    // Both saw version 1 and press "dispatch to suggestion" at the same moment.
    const [a, b] = await Promise.all([post(opA, `/complaints/${c.id}/dispatch`, { version: c.version }), post(opB, `/complaints/${c.id}/dispatch`, { version: c.version })]);
    const ok = [a, b].filter((r) => r.status === 200);
    const refused = [a, b].filter((r) => r.status === 409);
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    const winner = ok[0] === a ? opA : opB;
    expect(ok[0].body).toMatchObject({ complaint: { status: 'dispatched', opd: 'DLH', version: c.version + 1 }, action: 'complaint.dispatch', routingCorrection: false });
    expect(refused[0].body).toMatchObject({ error: 'stale_version', current: { status: 'dispatched', opd: 'DLH' }, lastChange: { actor: winner.username, status: 'dispatched' } });
    expect(refused[0].body.message.id).toContain(winner.username);
    expect(refused[0].body.message.en).toContain(winner.username);
    const history = await server.handle.database.db.select().from(t.complaintStatusHistory).where(eq(t.complaintStatusHistory.complaintId, c.id));
    expect(history.filter((h) => h.status === 'dispatched')).toHaveLength(1);
    // It left the command center's queue, and the others were told.
    await waitFor(async () => bLive.events.find((e) => e.kind === 'changed' && e.complaintId === c.id && e.status === 'dispatched'));
    expect(itemOf(await queue(opB), c.id)).toBeUndefined();
    expect(wallEvents).toEqual([]);
  });
});

describe('dispatch, re-route, reject', () => {
  it('another OPD than the suggestion needs a reason (a routing correction); a re-route needs a reason (400) and counts as a misroute', async () => {
    const c = await posted({ category: 'drainase' });
    const noReason = await post(opA, `/complaints/${c.id}/dispatch`, { version: c.version, opd: 'DLH' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
    const everyField = await post(opA, `/complaints/${c.id}/dispatch`, { opd: 'PLN', note: 5 });
    expect(everyField.status).toBe(400);
    expect(everyField.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['note', 'opd', 'reason', 'version']);
    const corrected = await post(opA, `/complaints/${c.id}/dispatch`, { version: c.version, opd: 'DLH', reason: 'sampah menyumbat saluran' });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ routingCorrection: true, complaint: { opd: 'DLH' } });
    const v = corrected.body.complaint.version;

    const reroute = await post(opB, `/complaints/${c.id}/dispatch`, { version: v, opd: 'SDABMBK' });
    expect(reroute.status).toBe(400);
    expect(reroute.body.errors).toEqual([{ field: 'reason', message: expect.stringContaining('alasan') }]);
    const english = await call(api(`/complaints/${c.id}/dispatch`), { method: 'POST', headers: { ...opB.headers, 'accept-language': 'en' }, body: { version: v } });
    expect(english.body.errors.map((e: { field: string; message: string }) => [e.field, e.message.startsWith('required')])).toEqual([
      ['opd', true],
      ['reason', true],
    ]);
    const rerouted = await post(opB, `/complaints/${c.id}/dispatch`, { version: v, opd: 'SDABMBK', reason: 'saluran primer milik SDABMBK' });
    expect(rerouted.status).toBe(200);
    expect(rerouted.body).toMatchObject({ action: 'complaint.reroute', misroute: { fromOpd: 'DLH', misroutedBy: opA.username } });
    const [asg] = await server.handle.database.db.select().from(t.complaintAssignments).where(eq(t.complaintAssignments.complaintId, c.id)).orderBy(t.complaintAssignments.idx);
    expect(asg).toMatchObject({ opdCode: 'DLH', endedBy: 'reroute', dispatchedBy: opA.username });
    const audit = await call(`${server.url}/api/v1/admin/audit?action=complaint.dispatch`, { headers: admin.headers });
    expect(audit.body.entries.find((e: { target: string }) => e.target === `complaint:${c.id}`).after).toMatchObject({ routingCorrection: true, suggested: 'SDABMBK' });
  });

  it('rejects to an external body from the reference list, with a reason', async () => {
    const c = await posted({ category: 'listrik', text: 'Listrik padam sejak pagi' });
    const item = itemOf(await queue(opA), c.id)!;
    expect(item.suggestion).toMatchObject({ target: { code: 'PLN' }, external: true });
    const ref = await call(api('/reference'), { headers: opA.headers });
    expect(ref.body.externalBodies.map((b: { code: string }) => b.code)).toEqual(expect.arrayContaining(['PLN', 'PDAM-TIRTANADI', 'BBPJN']));
    expect(ref.body.opd.some((o: { code: string }) => o.code === 'PLN')).toBe(false);
    // One tap to the suggestion is for OPDs; an external suggestion is a rejection.
    expect((await post(opA, `/complaints/${c.id}/dispatch`, { version: c.version })).status).toBe(400);
    const bad = await post(opA, `/complaints/${c.id}/reject`, { version: c.version, externalBody: 'DLH' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['externalBody', 'reason']);
    const ok = await post(opA, `/complaints/${c.id}/reject`, { version: c.version, externalBody: 'PLN', reason: 'Gangguan listrik kewenangan PLN' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ action: 'complaint.reject', complaint: { status: 'rejected', opd: 'PLN' } });
  });
});

describe('duplicates', () => {
  it('proposes open complaints of the same category nearby, merges with one action, and counts the duplicate once', async () => {
    const original = await posted({ category: 'sampah', location: { lat: 3.5801, lon: 98.6601 } });
    const dup = await posted({ category: 'sampah', location: { lat: 3.5805, lon: 98.6604 } });
    const far = await posted({ category: 'sampah', location: { lat: 3.65, lon: 98.7 } });
    const other = await posted({ category: 'drainase', location: { lat: 3.5802, lon: 98.6602 } });
    const found = await call(api(`/complaints/${dup.id}/duplicates`), { headers: opA.headers });
    expect(found.status).toBe(200);
    const ids = found.body.candidates.map((c: { id: string }) => c.id);
    expect(ids).toContain(original.id);
    expect(ids).not.toContain(far.id);
    expect(ids).not.toContain(other.id);
    expect(found.body.candidates[0].distanceKm).toBeLessThan(0.1);
    expect((await call(api(`/complaints/${dup.id}/duplicates?km=0&days=x`), { headers: opA.headers })).body.errors).toHaveLength(2);
    expect((await call(api(`/complaints/${dup.id}/duplicates?km=20`), { headers: opA.headers })).body.candidates.map((c: { id: string }) => c.id)).toContain(far.id);

    const day = wibDate(dup.submittedAt);
    const todayKey = `${server.prefix}live:day:${day}`;
    const overview = async () => (await call(`${server.url}/api/v1/reports/overview?period=today`, { headers: pimpinan.headers })).body.complaints.received.value as number;
    const liveBefore = Number(await redis.hget(todayKey, 'complaints'));
    const openBefore = Number(await redis.hget(`${server.prefix}live:kpi`, 'complaintsOpen'));
    const reportBefore = await overview();

    expect((await post(opA, `/complaints/${dup.id}/merge`, { version: dup.version, into: dup.id })).body.errors[0].field).toBe('into');
    const merged = await post(opA, `/complaints/${dup.id}/merge`, { version: dup.version, into: original.id, note: 'Laporan yang sama' });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ action: 'complaint.merge', complaint: { status: 'duplicate' } });

    await waitFor(async () => Number(await redis.hget(todayKey, 'complaints')) === liveBefore - 1);
    expect(Number(await redis.hget(`${server.prefix}live:kpi`, 'complaintsOpen'))).toBe(openBefore - 1);
    expect(await overview()).toBe(reportBefore - 1);
    expect(itemOf(await queue(opA), dup.id)).toBeUndefined();
    // a merged complaint is no candidate, and nothing merges into a closed one
    expect((await call(api(`/complaints/${original.id}/duplicates`), { headers: opA.headers })).body.candidates.map((c: { id: string }) => c.id)).not.toContain(dup.id);
    const into = await post(opA, `/complaints/${far.id}/merge`, { version: far.version, into: dup.id });
    expect(into.status).toBe(409);
    expect(into.body.error).toBe('merge_target_closed');

    // Two operators merging two complaints into each other at the same moment: one wins, and
    // one of the two stays counted.
    const x = await posted({ category: 'sampah', location: { lat: 3.6, lon: 98.61 } });
    const y = await posted({ category: 'sampah', location: { lat: 3.6001, lon: 98.6101 } });
    const crossed = await Promise.all([post(opA, `/complaints/${x.id}/merge`, { version: x.version, into: y.id }), post(opB, `/complaints/${y.id}/merge`, { version: y.version, into: x.id })]);
    expect(crossed.map((r) => r.status).sort()).toEqual([200, 409]);
    const statuses = await server.handle.database.db.select({ status: t.complaints.status }).from(t.complaints).where(inArray(t.complaints.id, [x.id, y.id]));
    expect(statuses.map((r) => r.status).sort()).toEqual(['duplicate', 'received']);
  });
});

describe('OPD staff', () => {
  it('see only their OPD, mark in progress, resolve with a note and photo, and hand back to the queue', async () => {
    const mine = await posted({ category: 'sampah' });
    const theirs = await posted({ category: 'drainase' });
    const d1 = await post(opA, `/complaints/${mine.id}/dispatch`, { version: mine.version });
    const d2 = await post(opA, `/complaints/${theirs.id}/dispatch`, { version: theirs.version });
    expect([d1.body.complaint.opd, d2.body.complaint.opd]).toEqual(['DLH', 'SDABMBK']);
    const q = await queue(dlh);
    expect(q.view).toBe('opd');
    expect(q.opd?.code).toBe('DLH');
    expect(q.items.every((i) => i.opd?.code === 'DLH' && (i.status === 'dispatched' || i.status === 'in_progress'))).toBe(true);
    expect(itemOf(q, mine.id)).toBeTruthy();
    expect(itemOf(q, theirs.id)).toBeUndefined();
    expect((await post(dlh, `/complaints/${theirs.id}/progress`, { version: d2.body.complaint.version })).status).toBe(403);
    expect((await post(dlh, `/complaints/${mine.id}/dispatch`, { version: d1.body.complaint.version, opd: 'DISHUB', reason: 'x' })).status).toBe(403);
    expect((await call(api(`/complaints/${theirs.id}/duplicates`), { headers: dlh.headers })).status).toBe(403);

    const progress = await post(dlh, `/complaints/${mine.id}/progress`, { version: d1.body.complaint.version, note: 'Petugas menuju lokasi' });
    expect(progress.body).toMatchObject({ action: 'complaint.progress', complaint: { status: 'in_progress' } });
    expect(itemOf(await queue(dlh), mine.id)!.state).toBe('in_progress');
    const noNote = await post(dlh, `/complaints/${mine.id}/resolve`, { version: progress.body.complaint.version, photoUrl: 'ftp://x' });
    expect(noNote.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['note', 'photoUrl']);

    // Hand back: no reason is 400; with one it returns to the command center's queue, counted.
    const noReason = await post(dlh, `/complaints/${mine.id}/hand-back`, { version: progress.body.complaint.version });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason']);
    const back = await post(dlh, `/complaints/${mine.id}/hand-back`, { version: progress.body.complaint.version, reason: 'Lokasi di luar wilayah kerja kami' });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ action: 'complaint.hand_back', complaint: { status: 'verified', opd: null } });
    expect(itemOf(await queue(dlh), mine.id)).toBeUndefined();
    const cc = await queue(opA);
    expect(itemOf(cc, mine.id)).toMatchObject({
      state: 'handed_back',
      handedBack: { opd: { code: 'DLH' }, reason: 'Lokasi di luar wilayah kerja kami', by: dlh.username },
      suggestion: { target: { code: 'DLH' } },
    });
    expect(cc.counts.handed_back).toBeGreaterThanOrEqual(1);
    const [asg] = await server.handle.database.db.select().from(t.complaintAssignments).where(eq(t.complaintAssignments.complaintId, mine.id));
    expect(asg).toMatchObject({ opdCode: 'DLH', endedBy: 'handed_back', live: false });
    const audit = await call(`${server.url}/api/v1/admin/audit?action=complaint.hand_back`, { headers: admin.headers });
    expect(audit.body.entries.find((e: { target: string }) => e.target === `complaint:${mine.id}`)).toMatchObject({ actor: dlh.username, after: { reason: 'Lokasi di luar wilayah kerja kami' } });

    // Dispatched again, then resolved by the OPD with a note and a photo link.
    const again = await post(opA, `/complaints/${mine.id}/dispatch`, { version: back.body.complaint.version, opd: 'DLH', reason: 'tetap kewenangan DLH, lokasi sudah diperjelas' });
    expect(again.status).toBe(200);
    expect(again.body.misroute).toBeNull();
    const resolved = await post(dlh, `/complaints/${mine.id}/resolve`, { version: again.body.complaint.version, note: 'Sampah sudah diangkut', photoUrl: 'https://dlh.example/foto/9.jpg' });
    expect(resolved.status).toBe(200);
    const [last] = (await server.handle.database.db.select().from(t.complaintStatusHistory).where(eq(t.complaintStatusHistory.complaintId, mine.id))).filter((h) => h.status === 'resolved');
    expect(last.note).toBe('Sampah sudah diangkut\nFoto: https://dlh.example/foto/9.jpg');
  });
});
