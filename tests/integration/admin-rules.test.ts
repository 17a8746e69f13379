// The deadline rules through the admin API, end to end (issue 15, "rule changes and time"): a
// holiday added or an SLA target changed moves the deadlines of open complaints and the overdue
// count the wall shows, within seconds; closed complaints keep their deadline, verdict and rules
// version. Real Redis and PostgreSQL; complaints arrive through the public ingest API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import postgres from 'postgres';
import { Redis } from 'ioredis';
import type { WorkingCalendar } from '../../server/domain/calendar/working-calendar.ts';
import { liveClient, type LiveClient } from '../support/live-client.ts';
import { call, DEMO_WALL_TOKEN, loginAs, postEvents, startTestServer, TEST_REDIS_URL, waitFor, type LoggedIn, type TestServer } from '../support/test-env.ts';

let server: TestServer;
let admin: LoggedIn;
let sql: postgres.Sql;
let wall: LiveClient;
let redis: Redis;
const A = '/api/v1/admin';
const run = Date.now().toString(36);
/** The bus must move the wall long before the refresher's own tick would. */
const REFRESH_MS = 60_000;
const WITHIN_MS = 5_000;

const send = (method: string, path: string, body?: unknown, lang?: 'en') =>
  call(`${server.url}${A}${path}`, { method, headers: { ...admin.headers, ...(lang ? { 'accept-language': 'en' } : {}) }, body });

/** 09:00 WIB on a date, ISO. */
const nineAm = (date: string) => `${date}T09:00:00+07:00`;

/**
 * The start (09:00 WIB on a working day) whose deadline of `n` working days is the latest office
 * close before now: overdue now, and on time again if one more day off falls between.
 */
function startOverdueByOneDay(calendar: WorkingCalendar, n: number): { start: string; deadline: Date; dayInside: string } {
  const now = Date.now();
  for (let k = 1; k < 120; k++) {
    const date = calendar.localDateOf(new Date(now - k * 86_400_000));
    if (!calendar.isWorkingDay(date)) continue;
    const deadline = calendar.addWorkingDays(new Date(nineAm(date)), n);
    if (deadline.getTime() < now) return { start: nineAm(date), deadline, dayInside: calendar.nextWorkingDay(date) };
  }
  throw new Error('no start found');
}

const event = (id: string, category: string, submitted: string, status: string, at: string, extra: Record<string, unknown> = {}) => ({
  source: 'demo',
  externalId: `${run}-${id}`,
  channel: 'LAPOR',
  category,
  text: 'uji aturan tenggat',
  location: { lat: 3.5952, lon: 98.6722 },
  submittedAt: submitted,
  status,
  occurredAt: at,
  ...extra,
});

async function complaintRow(id: string) {
  const [row] = await sql`select id, status, resolution_due_at, resolved_at, rules_version from complaints where external_id = ${`${run}-${id}`}`;
  return row as { id: string; status: string; resolution_due_at: Date; resolved_at: Date | null; rules_version: number | null } | undefined;
}

async function liveAssignmentDue(complaintId: string): Promise<Date> {
  const [row] = await sql`select resolution_due_at from complaint_assignments where complaint_id = ${complaintId} and live`;
  return row.resolution_due_at as Date;
}

const kpiOverdue = () => wall.state?.kpi.complaintsOverdue;

beforeAll(async () => {
  server = await startTestServer({ timelinessRefreshMs: REFRESH_MS, minCount: 1 });
  admin = await loginAs(server, ['admin']);
  sql = postgres(server.db.url, { max: 2 });
  redis = new Redis(TEST_REDIS_URL);
  wall = liveClient(server.url, { token: DEMO_WALL_TOKEN });
  await waitFor(async () => wall.state !== null, 10_000);
});

afterAll(async () => {
  wall?.close();
  redis?.disconnect();
  await sql?.end();
  await server?.stop();
});

describe('a changed rule applies from the change on, to open complaints only', () => {
  it('a holiday added moves an open complaint\'s deadlines and the wall\'s overdue count; a closed one keeps its deadline, verdict and version', async () => {
    const calendar = server.handle.reference.current().calendar;
    const sla = server.handle.reference.current().categories.get('sampah')!.sla;
    const { start, deadline, dayInside } = startOverdueByOneDay(calendar, sla.resolutionWorkingDays);
    const dispatched = start.replace('T09:00', 'T10:00');
    const resolvedLate = new Date(Date.now() - 3_600_000).toISOString();
    const res = await postEvents(server.url, 'complaints', {
      events: [
        event('open', 'sampah', start, 'received', start),
        event('open', 'sampah', start, 'dispatched', dispatched, { opd: 'DLH', actor: 'operator-a' }),
        event('closed', 'sampah', start, 'received', start),
        event('closed', 'sampah', start, 'dispatched', dispatched, { opd: 'DLH', actor: 'operator-a' }),
        event('closed', 'sampah', start, 'resolved', resolvedLate, { opd: 'DLH' }),
      ],
    });
    expect(res.status).toBe(202);
    const open = await waitFor(async () => {
      const r = await complaintRow('open');
      return r?.status === 'dispatched' ? r : null;
    });
    const closed = await waitFor(async () => {
      const r = await complaintRow('closed');
      return r?.status === 'resolved' ? r : null;
    });
    expect(open.resolution_due_at.getTime()).toBe(deadline.getTime());
    expect(await liveAssignmentDue(open.id)).toEqual(deadline);
    expect(closed.resolution_due_at.getTime()).toBe(deadline.getTime());
    expect(closed.resolved_at!.getTime()).toBeGreaterThan(deadline.getTime()); // late
    expect(closed.rules_version).toBeNull();
    // Bring the wall up to date with the stored clocks (the same bus an admin's save uses).
    await server.handle.rules.publish({ kind: 'calendar', version: null });
    await waitFor(async () => kpiOverdue() === 1, WITHIN_MS);

    // The preview says how many open complaints move, and stores nothing.
    const preview = await send('PUT', `/calendar/days/${dayInside}?dryRun=1`, { kind: 'closure', name: 'Kantor tutup (uji)' });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ dryRun: true, moved: 1, openComplaints: 1, rulesVersion: null });
    expect((await complaintRow('open'))!.resolution_due_at.getTime()).toBe(deadline.getTime());
    expect((await sql`select count(*)::int as n from rule_versions`)[0].n).toBe(0);
    expect((await sql`select count(*)::int as n from audit_log where action like 'calendar.%'`)[0].n).toBe(0);

    const saved = performance.now();
    const put = await send('PUT', `/calendar/days/${dayInside}`, { kind: 'closure', name: 'Kantor tutup (uji)' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ dryRun: false, moved: 1, openComplaints: 1, day: { date: dayInside, kind: 'closure', name: 'Kantor tutup (uji)' } });
    const version = put.body.rulesVersion as number;
    expect(version).toBeGreaterThan(0);

    // The open complaint: one working day later, for the citizen and for the OPD.
    const nextClose = calendar.officeEnd(calendar.nextWorkingDay(calendar.localDateOf(deadline)));
    const openAfter = (await complaintRow('open'))!;
    expect(openAfter.resolution_due_at.getTime()).toBeGreaterThan(deadline.getTime());
    expect(openAfter.resolution_due_at.getTime()).toBe(nextClose.getTime());
    expect(await liveAssignmentDue(open.id)).toEqual(openAfter.resolution_due_at);
    expect(openAfter.rules_version).toBe(version);
    // The closed one: the deadline it was judged with, late, the version it was judged with.
    const closedAfter = (await complaintRow('closed'))!;
    expect(closedAfter.resolution_due_at.getTime()).toBe(deadline.getTime());
    expect(closedAfter.resolved_at!.getTime()).toBeGreaterThan(closedAfter.resolution_due_at.getTime());
    expect(closedAfter.rules_version).toBeNull();

    // The wall: the live state and the socket's state move within seconds, not at the next tick.
    await waitFor(async () => kpiOverdue() === 0, WITHIN_MS);
    expect(performance.now() - saved).toBeLessThan(WITHIN_MS + 2000);
    expect(Number(await redis.hget(`${server.prefix}live:kpi`, 'complaintsOverdue'))).toBe(0);
    // A screen that connects now gets the new count in its snapshot.
    const fresh = liveClient(server.url, { token: DEMO_WALL_TOKEN });
    try {
      await waitFor(async () => fresh.state !== null, 10_000);
      expect(fresh.state!.kpi.complaintsOverdue).toBe(0);
    } finally {
      fresh.close();
    }

    // The year view shows it; the audit entry has the before and after; a rule version names it.
    const year = await send('GET', `/calendar?year=${dayInside.slice(0, 4)}`);
    expect(year.body.days).toContainEqual({ date: dayInside, kind: 'closure', name: 'Kantor tutup (uji)', source: 'official' });
    const [audit] = await sql`select actor, before, after from audit_log where action = 'calendar.day_set' and target = ${`calendar:${dayInside}`}`;
    expect(audit.actor).toBe(admin.username);
    expect(audit.before).toBeNull();
    expect(audit.after).toMatchObject({ date: dayInside, kind: 'closure', rulesVersion: version, openComplaintsMoved: 1 });
    const [rv] = await sql`select kind, target, actor from rule_versions where id = ${version}`;
    expect(rv).toEqual({ kind: 'calendar', target: dayInside, actor: admin.username });

    // Removing it again: the open complaint's deadline comes back (it is still open), the closed one stays.
    const removed = await send('DELETE', `/calendar/days/${dayInside}`);
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ moved: 1, day: null });
    expect((await complaintRow('open'))!.resolution_due_at.getTime()).toBe(deadline.getTime());
    expect((await complaintRow('closed'))!.rules_version).toBeNull();
    await waitFor(async () => kpiOverdue() === 1, WITHIN_MS);
    expect((await send('GET', `/calendar?year=${dayInside.slice(0, 4)}`)).body.removed).toContainEqual({ date: dayInside, name: 'Kantor tutup (uji)' });
  });

  it('an SLA target changed moves the open complaints of that category only; new complaints carry the version that judged them', async () => {
    const ref = server.handle.reference.current();
    const n = ref.categories.get('drainase')!.sla.resolutionWorkingDays;
    const { start, deadline } = startOverdueByOneDay(ref.calendar, n);
    const resolvedLate = new Date(Date.now() - 3_600_000).toISOString();
    expect(
      (
        await postEvents(server.url, 'complaints', {
          events: [
            event('d-open', 'drainase', start, 'received', start),
            event('d-closed', 'drainase', start, 'received', start),
            event('d-closed', 'drainase', start, 'resolved', resolvedLate, { opd: 'SDABMBK' }),
          ],
        })
      ).status,
    ).toBe(202);
    const open = await waitFor(async () => (await complaintRow('d-open')) ?? null);
    const closed = await waitFor(async () => {
      const r = await complaintRow('d-closed');
      return r?.status === 'resolved' ? r : null;
    });
    // The processor stamps the version it judged with: the newest one (the calendar change above).
    const [{ v: newest }] = await sql`select max(id)::int as v from rule_versions`;
    expect(open.rules_version).toBe(newest);
    expect(closed.rules_version).toBe(newest);
    const sampahBefore = (await complaintRow('open'))!;
    await server.handle.rules.publish({ kind: 'sla', version: null });
    await waitFor(async () => kpiOverdue() === 2, WITHIN_MS);

    const preview = await send('PATCH', '/categories/drainase?dryRun=1', { resolutionWorkingDays: n + 1 });
    expect(preview.body).toMatchObject({ dryRun: true, moved: 1, openComplaints: 1 });
    const patched = await send('PATCH', '/categories/drainase', { resolutionWorkingDays: n + 1 });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ moved: 1, openComplaints: 1, category: { code: 'drainase', resolutionWorkingDays: n + 1 } });
    const version = patched.body.rulesVersion as number;

    const openAfter = (await complaintRow('d-open'))!;
    expect(openAfter.resolution_due_at.getTime()).toBeGreaterThan(deadline.getTime());
    expect(openAfter.rules_version).toBe(version);
    const closedAfter = (await complaintRow('d-closed'))!;
    expect(closedAfter.resolution_due_at.getTime()).toBe(closed.resolution_due_at.getTime());
    expect(closedAfter.rules_version).toBe(closed.rules_version);
    // Another category's open complaint is not re-judged by this change.
    const sampahAfter = (await complaintRow('open'))!;
    expect(sampahAfter.resolution_due_at).toEqual(sampahBefore.resolution_due_at);
    expect(sampahAfter.rules_version).toBe(sampahBefore.rules_version);
    await waitFor(async () => kpiOverdue() === 1, WITHIN_MS);

    const [audit] = await sql`select before, after from audit_log where action = 'category.update' and target = 'category:drainase'`;
    expect(audit.before.sla.resolutionWorkingDays).toBe(n);
    expect(audit.after.sla.resolutionWorkingDays).toBe(n + 1);
    const list = await send('GET', '/categories');
    expect(list.body.categories.find((c: { code: string }) => c.code === 'drainase')).toMatchObject({ resolutionWorkingDays: n + 1, openComplaints: 1 });

    // A complaint that arrives now is judged with the new target and says so.
    const now = new Date().toISOString();
    await postEvents(server.url, 'complaints', { events: [event('d-new', 'drainase', now, 'received', now)] });
    const fresh = await waitFor(async () => (await complaintRow('d-new')) ?? null);
    expect(fresh.rules_version).toBe(version);
  });

  it('a new category is created with its targets, audited, and complaints of it are judged with them', async () => {
    const body = { code: `uji-${run}`, name: 'Pohon tumbang', nameEn: 'Fallen tree', group: 'lingkungan', opd: 'DLH', emergency: true, dispatchWorkingDays: 1, firstResponseWorkingDays: 1, resolutionWorkingDays: 2, firstResponseHours: 2, resolutionHours: 12 };
    const created = await send('POST', '/categories', body);
    expect(created.status).toBe(201);
    expect(created.body.category).toMatchObject({ code: body.code, emergency: true, firstResponseHours: 2, resolutionHours: 12, openComplaints: 0 });
    const [row] = await sql`select sla, emergency from categories where code = ${body.code}`;
    expect(row).toEqual({ emergency: true, sla: { dispatchWorkingDays: 1, firstResponseWorkingDays: 1, resolutionWorkingDays: 2, emergency: { firstResponseHours: 2, resolutionHours: 12 } } });
    expect((await sql`select count(*)::int as n from audit_log where action = 'category.create' and target = ${`category:${body.code}`}`)[0].n).toBe(1);
    expect((await send('POST', '/categories', body)).status).toBe(409);
    // Known to the processor at once (the bus reloaded this node): a complaint of it gets 12 h around the clock.
    const at = new Date(Date.now() - 60_000);
    await postEvents(server.url, 'complaints', { events: [event('tree', body.code, at.toISOString(), 'received', at.toISOString())] });
    const c = await waitFor(async () => (await complaintRow('tree')) ?? null);
    expect(c.resolution_due_at.getTime()).toBe(at.getTime() + 12 * 3_600_000);
  });
});

describe('validation names every bad field, in plain words', () => {
  it('a category with several bad fields', async () => {
    const bad = { code: 'Jalan Rusak!', name: '', group: 'lain', emergency: 'ya', dispatchWorkingDays: 0, firstResponseWorkingDays: 5, resolutionWorkingDays: 'sepuluh' };
    const res = await send('POST', '/categories', bad);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('Ada isian yang kosong atau salah.');
    const fields = (res.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['code', 'dispatchWorkingDays', 'emergency', 'group', 'name', 'resolutionWorkingDays'].sort());
    const en = await send('POST', '/categories', bad, 'en');
    expect(en.body.message).toBe('Some fields are missing or wrong.');
    expect(en.body.errors.find((e: { field: string }) => e.field === 'name').message).toMatch(/required/);
    expect((await sql`select count(*)::int as n from categories where name = ''`)[0].n).toBe(0);
  });

  it('targets out of order, an emergency category without hours, an unknown OPD: all at once', async () => {
    const res = await send('PATCH', '/categories/sampah', { firstResponseWorkingDays: 12, resolutionWorkingDays: 5, emergency: true, opd: 'TIDAK-ADA' });
    expect(res.status).toBe(400);
    const byField = Object.fromEntries((res.body.errors as { field: string; message: string }[]).map((e) => [e.field, e.message]));
    expect(Object.keys(byField).sort()).toEqual(['firstResponseHours', 'opd', 'resolutionHours', 'resolutionWorkingDays']);
    expect(byField.resolutionWorkingDays).toBe('tidak boleh lebih pendek dari batas tanggapan pertama');
    expect(byField.firstResponseHours).toBe('wajib diisi untuk kategori darurat');
    // Nothing stored.
    const [row] = await sql`select emergency, sla from categories where code = 'sampah'`;
    expect(row.emergency).toBe(false);
    expect(row.sla.resolutionWorkingDays).not.toBe(5);
  });

  it('a calendar day and an import', async () => {
    const day = await send('PUT', '/calendar/days/2026-12-16', { kind: 'libur', name: '' });
    expect(day.status).toBe(400);
    expect((day.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['kind', 'name']);
    expect((await send('PUT', '/calendar/days/16-12-2026', { kind: 'closure', name: 'x' })).body.errors[0].field).toBe('date');
    const all = await send('PUT', '/calendar/days/kosong', { kind: 'libur' });
    expect((all.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['date', 'kind', 'name']);
    const csv = 'date,kind,name\n2027-01-01,national,Tahun Baru\n2027-13-01,national,Salah\n2027-02-02,libur,Salah jenis\n2028-01-01,national,Tahun lain\n';
    const imp = await send('POST', '/calendar/import', { format: 'csv', content: csv }, 'en');
    expect(imp.status).toBe(400);
    expect(imp.body.errors).toHaveLength(1);
    expect(imp.body.errors[0].field).toBe('content');
    expect(imp.body.errors[0].message).toContain('line 3: date "2027-13-01" must be YYYY-MM-DD');
    expect(imp.body.errors[0].message).toContain('line 4: kind must be national, cuti_bersama or closure');
    expect(imp.body.errors[0].message).toContain('2028-01-01 (Tahun lain) is not in 2027');
    const missing = await send('POST', '/calendar/import', { format: 'xml' });
    expect((missing.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['content', 'format']);
  });
});

describe('import a year\'s official list', () => {
  it('the shipped 2026 file (shared/reference) is what the city was set up with: no difference', async () => {
    const content = fs.readFileSync(new URL('../../db/seed-data/holidays-id-2026.json', import.meta.url), 'utf8');
    const res = await send('POST', '/calendar/import?dryRun=1', { format: 'json', content });
    expect(res.status).toBe(200);
    expect(res.body.diff).toEqual({ year: 2026, added: [], changed: [], removed: [] });
  });

  it('shows the difference first, then applies exactly it', async () => {
    const file = {
      year: 2027,
      national_holidays: [
        { date: '2027-01-01', name: 'Tahun Baru 2027 Masehi' },
        { date: '2027-08-17', name: 'Proklamasi Kemerdekaan RI' },
      ],
      cuti_bersama: [{ date: '2027-12-24', name: 'Cuti bersama Natal' }],
    };
    const before = await send('GET', '/calendar?year=2027');
    expect(before.body.source).toBe('library');
    const preview = await send('POST', '/calendar/import?dryRun=1', { format: 'json', content: JSON.stringify(file) });
    expect(preview.status).toBe(200);
    expect(preview.body.diff.added.map((d: { date: string }) => d.date)).toContain('2027-12-24');
    // The library's stand-in days not in the official list go.
    expect(preview.body.diff.removed.length).toBeGreaterThan(0);
    expect((await send('GET', '/calendar?year=2027')).body.source).toBe('library');

    const applied = await send('POST', '/calendar/import', { format: 'json', content: JSON.stringify(file) });
    expect(applied.status).toBe(200);
    expect(applied.body.diff).toEqual(preview.body.diff);
    const after = await send('GET', '/calendar?year=2027');
    expect(after.body.source).toBe('official');
    expect(after.body.days.map((d: { date: string; kind: string }) => `${d.date} ${d.kind}`)).toEqual(['2027-01-01 national', '2027-08-17 national', '2027-12-24 cuti_bersama']);

    // The same list again changes nothing; a CSV with one name changed shows that one change.
    const again = await send('POST', '/calendar/import?dryRun=1', { format: 'json', content: JSON.stringify(file) });
    expect(again.body.diff).toMatchObject({ added: [], changed: [], removed: [] });
    const csv = 'date;kind;name\n2027-01-01;national;Tahun Baru Masehi 2027\n2027-08-17;national;Proklamasi Kemerdekaan RI\n2027-12-24;cuti_bersama;Cuti bersama Natal\n';
    const changed = await send('POST', '/calendar/import?dryRun=1', { format: 'csv', content: csv });
    expect(changed.body.diff.changed).toEqual([
      {
        date: '2027-01-01',
        before: { date: '2027-01-01', kind: 'national', name: 'Tahun Baru 2027 Masehi', source: 'official' },
        after: { date: '2027-01-01', kind: 'national', name: 'Tahun Baru Masehi 2027', source: 'official' },
      },
    ]);
    const [audit] = await sql`select after from audit_log where action = 'calendar.import'`;
    expect(audit.after.added).toEqual(applied.body.diff.added);
  });
});
