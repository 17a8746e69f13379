// The leadership reports (/api/v1/reports/*) end to end: complaints, uploads and a service outage
// posted through the real ingest path (PostgreSQL, Redis, processors) become the numbers the
// /pimpinan screen shows, for a past week and the week before it, with who may see what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { addDays, isoWeekday } from '../../shared/calendar-date.ts';
import { previousRange } from '../../shared/report-period.ts';
import { wibDate } from '../../shared/wib-time.ts';
import type { KecamatanReportResponse, OpdComplaintsPage, OpdReportResponse, OverviewResponse, RankingResponse, TrendsResponse } from '../../shared/pimpinan-api.ts';
import { opdComplaintsJob } from '../../server/reports/leadership/leadership-reads.ts';
import { parseReportQuery, type ReportWindow } from '../../server/reports/leadership/report-window.ts';
import { computeReportJson } from '../../server/reports/report-jobs.ts';
import { createTestUser, loginAs, postEvents, startTestServer, waitFor, type LoggedIn, type TestServer } from '../support/test-env.ts';

let server: TestServer;
let pimpinan: LoggedIn;
/** A kepala dinas of DLH: city figures, but only DLH's own drill-down. */
let dlhHead: LoggedIn;
const bodies: string[] = [];
async function get<T>(path: string, who: LoggedIn = pimpinan): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.url}${path}`, { headers: who.headers });
  const text = await res.text();
  bodies.push(text);
  return { status: res.status, body: JSON.parse(text) as T };
}

// The week under report: Monday M to Sunday M+6, four to five weeks ago (every clock due in it has
// long passed); the previous period is the week before (M is never the 1st: that would make it
// "the same days of the month before").
const today = wibDate(new Date());
let M = addDays(today, -28);
M = addDays(M, 1 - isoWeekday(M));
if (M.endsWith('-01')) M = addDays(M, -7);
const week = { from: M, to: addDays(M, 6) };
const q = `from=${week.from}&to=${week.to}`;
const at = (days: number, hhmm: string) => `${addDays(M, days)}T${hhmm}:00+07:00`;
const iso = (days: number, hhmm: string) => new Date(at(days, hhmm)).toISOString();

const REPORTER = { name: 'Sulastri Pelapor Rahasia', phone: '+62 812 7777 4321', email: 'sulastri.rahasia@example.id', nik: '1271054405800009' };
const KEC = '12.71.05';
let kelA: string;
let kelB: string;

beforeAll(async () => {
  server = await startTestServer({ minCount: 2 });
  pimpinan = await loginAs(server, ['pimpinan']);
  dlhHead = await loginAs(server, ['pimpinan'], { opd: 'DLH' });
  // A DISHUB staff account that dispatches (and once misroutes); "op-pusat" is no account: the command center.
  await createTestUser(server.handle, ['operator'], { opd: 'DISHUB', username: 'staf-dishub' });
  const kel = [...server.handle.reference.current().kelurahan.values()].filter((k) => k.kecamatanCode === KEC).map((k) => k.code).sort();
  [kelA, kelB] = kel;

  const run = Date.now().toString(36);
  const ev = (id: string, category: string, kelurahan: string, submitted: string, status: string, occurredAt: string, extra: Record<string, unknown> = {}) => ({
    source: 'demo',
    externalId: `${run}-${id}`,
    channel: 'LAPOR',
    category,
    text: 'uji laporan pimpinan',
    location: { lat: 3.5952, lon: 98.6722 },
    kecamatan: KEC,
    kelurahan,
    submittedAt: submitted,
    reporter: REPORTER,
    status,
    occurredAt,
    ...extra,
  });
  const pusat = { actor: 'op-pusat' };
  const events = [
    // DAMKAR (fire: 24 hours around the clock): on time, late, open and overdue.
    ev('f1', 'kebakaran', kelA, at(0, '08:00'), 'received', at(0, '08:00')),
    ev('f1', 'kebakaran', kelA, at(0, '08:00'), 'dispatched', at(0, '08:10'), { opd: 'DAMKAR', ...pusat }),
    ev('f1', 'kebakaran', kelA, at(0, '08:00'), 'resolved', at(0, '12:00'), { opd: 'DAMKAR' }),
    ev('f2', 'kebakaran', kelA, at(1, '08:00'), 'received', at(1, '08:00')),
    ev('f2', 'kebakaran', kelA, at(1, '08:00'), 'dispatched', at(1, '08:10'), { opd: 'DAMKAR', ...pusat }),
    ev('f2', 'kebakaran', kelA, at(1, '08:00'), 'resolved', at(3, '09:00'), { opd: 'DAMKAR' }),
    ev('f3', 'kebakaran', kelA, at(2, '08:00'), 'received', at(2, '08:00')),
    ev('f3', 'kebakaran', kelA, at(2, '08:00'), 'dispatched', at(2, '08:10'), { opd: 'DAMKAR', ...pusat }),
    ev('f3', 'kebakaran', kelA, at(2, '08:00'), 'in_progress', at(2, '08:30'), { opd: 'DAMKAR' }),
    // The week before: one fire, on time.
    ev('f4', 'kebakaran', kelA, at(-6, '08:00'), 'received', at(-6, '08:00')),
    ev('f4', 'kebakaran', kelA, at(-6, '08:00'), 'dispatched', at(-6, '08:10'), { opd: 'DAMKAR', ...pusat }),
    ev('f4', 'kebakaran', kelA, at(-6, '08:00'), 'resolved', at(-6, '10:00'), { opd: 'DAMKAR' }),
    // BPBD (disaster, 24 hours): two on time.
    ev('b1', 'bencana', kelA, at(0, '10:00'), 'received', at(0, '10:00')),
    ev('b1', 'bencana', kelA, at(0, '10:00'), 'dispatched', at(0, '10:05'), { opd: 'BPBD', ...pusat }),
    ev('b1', 'bencana', kelA, at(0, '10:00'), 'resolved', at(0, '20:00'), { opd: 'BPBD' }),
    ev('b2', 'bencana', kelA, at(3, '10:00'), 'received', at(3, '10:00')),
    ev('b2', 'bencana', kelA, at(3, '10:00'), 'dispatched', at(3, '10:05'), { opd: 'BPBD', ...pusat }),
    ev('b2', 'bencana', kelA, at(3, '10:00'), 'resolved', at(3, '12:00'), { opd: 'BPBD' }),
    // Drainage misrouted to DLH by DISHUB's staff, corrected by the command center, resolved.
    ev('d1', 'drainase', kelB, at(0, '08:00'), 'received', at(0, '08:00')),
    ev('d1', 'drainase', kelB, at(0, '08:00'), 'dispatched', at(0, '09:00'), { opd: 'DLH', actor: 'staf-dishub' }),
    ev('d1', 'drainase', kelB, at(0, '08:00'), 'dispatched', at(1, '09:00'), { opd: 'SDABMBK', ...pusat, note: 'saluran milik SDABMBK' }),
    ev('d1', 'drainase', kelB, at(0, '08:00'), 'resolved', at(1, '15:00'), { opd: 'SDABMBK' }),
    // ... and one misrouted by the command center itself, left open at SDABMBK.
    ev('d2', 'drainase', kelB, at(2, '08:00'), 'received', at(2, '08:00')),
    ev('d2', 'drainase', kelB, at(2, '08:00'), 'dispatched', at(2, '09:00'), { opd: 'DLH', ...pusat }),
    ev('d2', 'drainase', kelB, at(2, '08:00'), 'dispatched', at(2, '11:00'), { opd: 'SDABMBK', ...pusat, note: 'saluran milik SDABMBK' }),
    // DLH has held a garbage complaint for two months: overdue at the end of both weeks.
    ev('s0', 'sampah', kelB, at(-60, '08:00'), 'received', at(-60, '08:00')),
    ev('s0', 'sampah', kelB, at(-60, '08:00'), 'dispatched', at(-60, '09:00'), { opd: 'DLH', ...pusat }),
  ];
  expect((await postEvents(server.url, 'complaints', { events: [...events].reverse() })).status).toBe(202);

  // DLH's daily tonnage (due 23:59 the same day): Monday and Tuesday on time, Wednesday two days late.
  const upload = (id: string, day: number, receivedAt: string) => ({
    source: 'demo',
    externalId: `${run}-up-${id}`,
    occurredAt: receivedAt,
    opd: 'DLH',
    dataset: 'tonase-sampah-harian',
    period: { start: addDays(M, day), end: addDays(M, day) },
  });
  expect((await postEvents(server.url, 'uploads', { events: [upload('a', 0, at(0, '20:00')), upload('b', 1, at(1, '21:00')), upload('c', 2, at(4, '09:00'))] })).status).toBe(202);

  // DLH's garbage system was down for one hour on Tuesday (an incident), up the rest of the week.
  const db = server.handle.database.db;
  const [monitor] = await db.select().from(t.monitors).where(eq(t.monitors.code, 'sim-sampah'));
  await db.insert(t.monitorStateChanges).values([
    { monitorId: monitor.id, at: new Date(at(-10, '00:00')), state: 'up' },
    { monitorId: monitor.id, at: new Date(at(1, '10:00')), state: 'down' },
    { monitorId: monitor.id, at: new Date(at(1, '11:00')), state: 'up' },
  ]);
  await db.insert(t.incidents).values({ monitorId: monitor.id, status: 'resolved', openedAt: new Date(at(1, '10:00')), resolvedAt: new Date(at(1, '11:00')), resolvedBy: 'system' });

  // Everything processed: every complaint in its final state, the uploads stored.
  await waitFor(async () => {
    const rows = await db.select({ status: t.complaints.status }).from(t.complaints);
    const uploads = await db.select().from(t.uploadRecords);
    return rows.length === 9 && rows.filter((r) => r.status === 'resolved').length === 6 && uploads.length === 3;
  }, 20_000);
});
afterAll(async () => {
  await server?.stop();
});

describe('leadership reports', () => {
  it('overview: the week beside the week before, every rate with its counts', async () => {
    const { status, body } = await get<OverviewResponse>(`/api/v1/reports/overview?${q}`);
    expect(status).toBe(200);
    expect(body.period).toMatchObject({ from: week.from, to: week.to });
    expect(body.previous).toMatchObject({ from: addDays(M, -7), to: addDays(M, -1) });
    expect(body.includesToday).toBe(false);
    const c = body.complaints;
    expect(c.received).toEqual({ value: 7, previous: 1 });
    expect(c.closed).toEqual({ value: 5, previous: 1 });
    // At the end of the week: f3, d2 and the two-month-old s0 open; f3 and s0 overdue by both clocks.
    expect(c.open).toEqual({ value: 3, previous: 1 });
    expect(c.overdueCitizen).toEqual({ value: 2, previous: 1 });
    expect(c.overdueOpd).toEqual({ value: 2, previous: 1 });
    // Citizen's clock due in the week: f1, b1, b2 on time, f2 late, f3 open and overdue: 3 / (4 + 1).
    expect(c.onTime).toEqual({ value: { numerator: 3, denominator: 5, rate: 0.6 }, previous: { numerator: 1, denominator: 1, rate: null } });
    expect(c.opdOnTime.value).toEqual({ numerator: 3, denominator: 5, rate: 0.6 });
    expect(c.resolutionCount).toEqual({ value: 5, previous: 1 });
    // DLH's tonnage: Monday and Tuesday on time, Wednesday late; the rest of the city missing.
    expect(body.uploads.onTime.value).toBe(2);
    expect(body.uploads.late.value).toBe(1);
    expect(body.uploads.due.value).toBe(body.uploads.onTime.value + body.uploads.late.value + body.uploads.missing.value + body.uploads.pending.value);
    expect(body.uploads.onTimeRate.value).toMatchObject({ numerator: 2, denominator: body.uploads.due.value });
    expect(body.services.incidentsOpened).toEqual({ value: 1, previous: 0 });
    expect(body.services.downtimeMs).toEqual({ value: 3600_000, previous: 0 });
    expect(body.services.availability.value).toMatchObject({ downMs: 3600_000, services: 1, upMs: 7 * 24 * 3600_000 - 3600_000 });
    expect(body.definitions.onTime.id).toContain('Tepat waktu');
    // The city map: every kecamatan, ours with the week's complaints.
    expect(body.kecamatan.length).toBe(server.handle.reference.current().kecamatan.size);
    expect(body.kecamatan.find((k) => k.code === KEC)).toMatchObject({ received: 7, open: 3, overdue: 2, onTime: { numerator: 3, denominator: 5 } });
    expect(body.kecamatan.filter((k) => k.code !== KEC).every((k) => k.received === 0)).toBe(true);
  });

  it('ranking: rank 1 = best, "data belum cukup" below the minimum, misroutes against the dispatcher', async () => {
    const { body } = await get<RankingResponse>(`/api/v1/reports/ranking?${q}`);
    const row = (code: string) => body.rows.find((r) => r.opd.code === code)!;
    expect(body.rows.every((r) => !['PLN', 'PDAM', 'BBPJN'].includes(r.opd.code))).toBe(true);
    expect(row('BPBD').complaintsOnTime).toEqual({ numerator: 2, denominator: 2, rate: 1 });
    expect(row('BPBD').ranks.complaints).toBe(1);
    expect(row('DAMKAR').complaintsOnTime).toEqual({ numerator: 1, denominator: 3, rate: 1 / 3 });
    expect(row('DAMKAR').ranks.complaints).toBe(2);
    // Below two judged complaints: not ranked.
    for (const code of ['DLH', 'SDABMBK', 'DISHUB']) expect(row(code).ranks.complaints).toBeNull();
    expect(body.rows.filter((r) => r.ranks.complaints !== null)).toHaveLength(2);
    // DLH received both misroutes; DISHUB's staff caused one, the command center the other.
    expect(row('DLH').misroutesReceived).toBe(2);
    expect(row('DISHUB').misroutesCaused).toBe(1);
    expect(row('DLH').misroutesCaused).toBe(0);
    expect(body.commandCenter).toMatchObject({ dispatches: 8, misroutesCaused: 1, label: { id: 'Pusat Komando', en: 'Command center' } });
    // Overdue now (the week has ended: taken now): f3 at DAMKAR, s0 at DLH, d2 at SDABMBK (due two weeks after its dispatch).
    expect(row('DAMKAR').overdueNow).toBe(1);
    expect(row('DLH').overdueNow).toBe(1);
    expect(row('SDABMBK').overdueNow).toBe(1);
    // Uploads: DLH is the only OPD that uploaded anything: best; the others with due periods share the next rank.
    expect(row('DLH').ranks.uploads).toBe(1);
    expect(row('BAPENDA').uploadsOnTime.rate).toBe(0);
    expect(row('BAPENDA').ranks.uploads).toBe(2);
    expect(row('DLH').availability).toMatchObject({ downMs: 3600_000, services: 1 });
    expect(row('DLH').ranks.availability).toBe(1);
    expect(row('DLH').services).toBe(3);
    expect(body.notRankedText.id).toBe('data belum cukup');
    expect(Object.keys(body.definitions)).toEqual(expect.arrayContaining(['complaintsOnTime', 'uploadsOnTime', 'availability', 'misroutesReceived', 'misroutesCaused', 'overdueNow', 'rank']));
  });

  it('one OPD: the complaints behind the numbers, overdue first; the upload grid; services and incidents; the weekly trend', async () => {
    const { status, body } = await get<OpdReportResponse>(`/api/v1/reports/opd/DAMKAR?${q}`);
    expect(status).toBe(200);
    expect(body.summary.onTime).toEqual({ value: { numerator: 1, denominator: 3, rate: 1 / 3 }, previous: { numerator: 1, denominator: 1, rate: null } });
    expect(body.summary.received).toEqual({ value: 3, previous: 1 });
    expect(body.complaints.map((c) => c.verdict)).toEqual(['overdue', 'late', 'on_time']);
    const [overdue, late] = body.complaints;
    expect(overdue).toMatchObject({ clock: 'opd', deadline: iso(3, '08:10'), category: { code: 'kebakaran' }, kecamatan: { code: KEC }, status: 'in_progress' });
    expect(overdue.lateHours).toBeGreaterThan(24 * 20);
    expect(overdue.detailPath).toBe(`/api/v1/complaints/${overdue.id}`);
    // Due Wednesday 08:10, resolved Thursday 09:00: 24 h 50 min late, one working day.
    const calendar = server.handle.reference.current().calendar;
    expect(late).toMatchObject({ deadline: iso(2, '08:10'), doneAt: iso(3, '09:00'), lateHours: 24.8 });
    // Thursday after Wednesday: one working day (none if Thursday was a holiday).
    expect(late.lateWorkingDays).toBe(calendar.isWorkingDay(addDays(M, 3)) ? 1 : 0);
    expect(body.trend).toEqual([{ weekStart: M, onTime: { numerator: 1, denominator: 3, rate: 1 / 3 } }]);
    expect(body.complaintsTotal).toBe(3);
    // A shorter list keeps the most urgent.
    const first = (await get<OpdReportResponse>(`/api/v1/reports/opd/DAMKAR?${q}&limit=1`)).body;
    expect(first.complaints.map((c) => c.id)).toEqual([overdue.id]);
    expect(first.complaintsTotal).toBe(3);

    const dlh = (await get<OpdReportResponse>(`/api/v1/reports/opd/DLH?${q}`)).body;
    const tonnage = dlh.datasets.find((d) => d.code === 'tonase-sampah-harian')!;
    expect(tonnage.periods.map((p) => [p.period, p.verdict])).toEqual([0, 1, 2, 3, 4, 5, 6].map((d) => [addDays(M, d), d < 2 ? 'on_time' : d === 2 ? 'late' : 'missing']));
    expect(tonnage.onTime).toEqual({ numerator: 2, denominator: 7, rate: 2 / 7 });
    expect(dlh.services.find((s) => s.code === 'sim-sampah')!.availability).toMatchObject({ downMs: 3600_000 });
    expect(dlh.incidents).toEqual([{ id: expect.any(String), service: 'sim-sampah', status: 'resolved', openedAt: iso(1, '10:00'), resolvedAt: iso(1, '11:00'), durationMs: 3600_000 }]);
    // s0 overdue at the end of the week (its deadline long before it), then the two misroutes received.
    expect(dlh.complaints[0]).toMatchObject({ verdict: 'overdue', clock: 'opd', in: expect.arrayContaining(['overdue', 'open']) });
    expect(dlh.complaints.filter((c) => c.in.includes('misroutedTo'))).toHaveLength(2);
    expect(dlh.summary.misroutesReceived).toEqual({ value: 2, previous: 0 });
  });

  it('one OPD\'s complaint list a page at a time: each page continues the last, the totals stay, every row for the export', async () => {
    const whole = (await get<OpdReportResponse>(`/api/v1/reports/opd/DLH?${q}`)).body;
    expect(whole.complaintsTotal).toBe(whole.complaints.length);
    expect(whole.complaintsNextOffset).toBeNull();
    expect(whole.complaints.length).toBeGreaterThanOrEqual(3);
    // A page of one with the report, then the rest one by one.
    const first = (await get<OpdReportResponse>(`/api/v1/reports/opd/DLH?${q}&limit=1`)).body;
    expect(first.complaints).toHaveLength(1);
    expect(first.complaintsNextOffset).toBe(1);
    expect(first.summary).toEqual(whole.summary);
    const ids = first.complaints.map((c) => c.id);
    let next = first.complaintsNextOffset;
    const seen: (number | null)[] = [];
    while (next !== null) {
      const { status, body } = await get<OpdComplaintsPage>(`/api/v1/reports/opd/DLH/complaints?${q}&offset=${next}&limit=1`);
      expect(status).toBe(200);
      expect(body.offset).toBe(next);
      expect(body.total).toBe(whole.complaintsTotal);
      expect(body.opd.code).toBe('DLH');
      expect(body.period).toMatchObject({ from: week.from, to: week.to });
      ids.push(...body.complaints.map((c) => c.id));
      seen.push((next = body.nextOffset));
    }
    // No gaps, nothing twice, the same order as the whole list.
    expect(ids).toEqual(whole.complaints.map((c) => c.id));
    expect(seen.at(-1)).toBeNull();
    // Offset 0 is the report's first page, item for item; all rows in one request for an export.
    const page0 = (await get<OpdComplaintsPage>(`/api/v1/reports/opd/DLH/complaints?${q}&offset=0&limit=2`)).body;
    expect(page0.complaints).toEqual(whole.complaints.slice(0, 2));
    expect(page0.nextOffset).toBe(2);
    const every = (await get<OpdComplaintsPage>(`/api/v1/reports/opd/DLH/complaints?${q}&offset=0&limit=100000`)).body;
    expect(every.complaints).toEqual(whole.complaints);
    expect(every.nextOffset).toBeNull();
    // Past the end: an empty page.
    const past = (await get<OpdComplaintsPage>(`/api/v1/reports/opd/DLH/complaints?${q}&offset=99`)).body;
    expect(past).toMatchObject({ complaints: [], total: whole.complaintsTotal, nextOffset: null });

    // Counted from the raw records (the facts switched off), the pages are the same.
    const ref = server.handle.reference.current();
    const window = parseReportQuery({ from: week.from, to: week.to }, new Date()) as { ok: true; window: ReportWindow };
    const pageBy = async (facts: boolean, offset: number, limit: number) =>
      JSON.parse(computeReportJson(await opdComplaintsJob(server.handle.database.db, ref, window.window, 'DLH', 2, null, offset, limit, facts))) as OpdComplaintsPage;
    for (const [offset, limit] of [[0, 2], [1, 2], [0, 100]]) {
      const [fromFacts, fromRaw] = [await pageBy(true, offset, limit), await pageBy(false, offset, limit)];
      expect({ ...fromRaw, period: null }).toEqual({ ...fromFacts, period: null });
      expect(fromFacts.complaints.map((c) => c.id)).toEqual(whole.complaints.slice(offset, offset + limit).map((c) => c.id));
    }

    // Bad paging: every bad field named; another OPD refused to a kepala dinas.
    const bad = await get<{ errors: { field: string }[] }>(`/api/v1/reports/opd/DLH/complaints?from=kemarin&offset=-1&limit=0`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toEqual(['from', 'to', 'offset', 'limit']);
    expect((await get(`/api/v1/reports/opd/DAMKAR/complaints?${q}`, dlhHead)).status).toBe(403);
    expect((await get(`/api/v1/reports/opd/NOPE/complaints?${q}`)).status).toBe(404);
  });

  it('an OPD-scoped user sees the city and the ranking, drills only into their own OPD, and cannot open what left it', async () => {
    expect((await get(`/api/v1/reports/overview?${q}`, dlhHead)).status).toBe(200);
    expect((await get(`/api/v1/reports/ranking?${q}`, dlhHead)).status).toBe(200);
    expect((await get(`/api/v1/reports/trends?${q}`, dlhHead)).status).toBe(200);
    expect((await get(`/api/v1/reports/kecamatan/${KEC}?${q}`, dlhHead)).status).toBe(200);
    const other = await get<{ error: string }>(`/api/v1/reports/opd/DAMKAR?${q}`, dlhHead);
    expect(other.status).toBe(403);
    expect(JSON.stringify(other.body)).not.toContain('kebakaran');
    const own = await get<OpdReportResponse>(`/api/v1/reports/opd/DLH?${q}`, dlhHead);
    expect(own.status).toBe(200);
    // The misrouted ones are now with SDABMBK: listed (they are DLH's numbers) but not openable by DLH.
    for (const c of own.body.complaints) expect(c.detailPath).toBe(c.opdNow === 'DLH' ? `/api/v1/complaints/${c.id}` : null);
    expect(own.body.complaints.some((c) => c.detailPath === null)).toBe(true);
    // The detail it links to is really open to them.
    const s0 = own.body.complaints.find((c) => c.opdNow === 'DLH')!;
    expect((await fetch(`${server.url}${s0.detailPath}`, { headers: dlhHead.headers })).status).toBe(200);
  });

  it('one kecamatan: per kelurahan, top categories, the OPD serving it', async () => {
    const { body } = await get<KecamatanReportResponse>(`/api/v1/reports/kecamatan/${KEC}?${q}`);
    expect(body.received).toEqual({ value: 7, previous: 1 });
    expect(body.open).toEqual({ value: 3, previous: 1 });
    expect(body.overdue).toEqual({ value: 2, previous: 1 });
    expect(body.onTime.value).toEqual({ numerator: 3, denominator: 5, rate: 0.6 });
    const kel = (code: string) => body.kelurahan.find((k) => k.code === code);
    expect(kel(kelA)).toMatchObject({ received: 5, open: 1, overdue: 1 });
    expect(kel(kelB)).toMatchObject({ received: 2, open: 2, overdue: 1 });
    expect(body.kelurahan.reduce((s, k) => s + k.received, 0)).toBe(7);
    expect(body.topCategories.map((c) => [c.code, c.count])).toEqual([
      ['kebakaran', 3],
      ['bencana', 2],
      ['drainase', 2],
    ]);
    expect(body.servingOpd).toMatchObject({ code: 'DAMKAR', complaints: 3, share: { numerator: 3, denominator: 7 } });
  });

  it('trends: received and closed per day, on time per week, participation per kecamatan per month', async () => {
    const { body } = await get<TrendsResponse>(`/api/v1/reports/trends?${q}`);
    expect(body.daily.map((d) => [d.received, d.closed])).toEqual([
      [3, 2],
      [1, 1],
      [2, 0],
      [1, 2],
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    expect(body.daily[0].date).toBe(M);
    expect(body.weekly).toEqual([{ weekStart: M, onTime: { numerator: 3, denominator: 5, rate: 0.6 } }]);
    const kec = body.participation.kecamatan.find((k) => k.code === KEC)!;
    expect(kec.counts.reduce((a, b) => a + b, 0)).toBe(7);
    expect(body.participation.months).toContain(M.slice(0, 7));
    if (kec.population) expect(kec.per10k).toHaveLength(body.participation.months.length);
  });

  it('a preset period that includes today says so', async () => {
    const { body } = await get<OverviewResponse>('/api/v1/reports/overview?period=7d');
    expect(body.includesToday).toBe(true);
    expect(body.period.to).toBe(today);
    expect(body.period.from).toBe(addDays(today, -6));
    // The 7 days before, or the same days of the month before when the 7 days start on the 1st.
    expect(body.previous).toMatchObject(previousRange({ from: addDays(today, -6), to: today }));
  });

  it('refuses a bad period naming every bad field, in both languages', async () => {
    const both = await get<{ error: string; errors: { field: string; message: { id: string; en: string } }[] }>('/api/v1/reports/overview?from=2026-13-01&to=kemarin');
    expect(both.status).toBe(400);
    expect(both.body.error).toBe('invalid_query');
    expect(both.body.errors.map((e) => e.field)).toEqual(['from', 'to']);
    expect(both.body.errors[0].message.en).toContain('YYYY-MM-DD');
    const preset = await get<{ errors: { field: string }[] }>('/api/v1/reports/ranking?period=minggu');
    expect(preset.status).toBe(400);
    expect(preset.body.errors.map((e) => e.field)).toEqual(['period']);
    const future = await get<{ errors: { field: string }[] }>(`/api/v1/reports/trends?from=${today}&to=${addDays(today, 3)}`);
    expect(future.body.errors.map((e) => e.field)).toEqual(['to']);
    const limit = await get<{ errors: { field: string }[] }>('/api/v1/reports/opd/DLH?from=kemarin&limit=0');
    expect(limit.status).toBe(400);
    expect(limit.body.errors.map((e) => e.field)).toEqual(['from', 'to', 'limit']);
    expect((await get(`/api/v1/reports/opd/NOPE?${q}`)).status).toBe(404);
    expect((await get(`/api/v1/reports/kecamatan/99.99?${q}`)).status).toBe(404);
  });

  it('never shows the reporter: no name, phone, email or NIK in any answer', () => {
    expect(bodies.length).toBeGreaterThan(10);
    const all = bodies.join('\n');
    for (const secret of [REPORTER.name, 'Sulastri', REPORTER.phone, '81277774321', REPORTER.email, 'sulastri', REPORTER.nik]) expect(all).not.toContain(secret);
  });
});
