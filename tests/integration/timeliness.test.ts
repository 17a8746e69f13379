// Timeliness end to end: complaint lifecycles and uploads posted through the API become the
// per-OPD figures leadership sees, and the live wall figures agree with the report endpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { and, eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { ReferenceCache } from '../../server/repositories/reference-repository.ts';
import { computeLiveTimeliness } from '../../server/live-state/timeliness-refresher.ts';
import { loginAs, postEvents, startTestServer, TEST_REDIS_URL, waitFor, type LoggedIn, type TestServer } from '../support/test-env.ts';

let server: TestServer;
let redis: Redis;
/** Leadership reads the report endpoints. */
let pimpinan: LoggedIn;
const get = (path: string) => fetch(`${server.url}${path}`, { headers: pimpinan.headers });
const DAY = 24 * 3600 * 1000;

/** `days` ago at hh:mm WIB, as an ISO string with offset. */
function wib(days: number, hhmm = '09:00'): string {
  const d = new Date(Date.now() - days * DAY + 7 * 3600 * 1000).toISOString().slice(0, 10);
  return `${d}T${hhmm}:00+07:00`;
}

const complaintBase = (id: string, category: string, submitted: string) => ({
  source: 'demo',
  externalId: id,
  channel: 'LAPOR',
  category,
  text: 'uji ketepatan waktu',
  location: { lat: 3.5952, lon: 98.6722 },
  submittedAt: submitted,
});

beforeAll(async () => {
  server = await startTestServer({ minCount: 1, timelinessRefreshMs: 300 });
  redis = new Redis(TEST_REDIS_URL);
  pimpinan = await loginAs(server, ['pimpinan']);
});
afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

describe('timeliness', () => {
  it('turns lifecycles and uploads into per-OPD figures, the same live and in the report', async () => {
    const run = Date.now().toString(36);
    const ev = (id: string, category: string, submitted: string, status: string, at: string, extra: Record<string, unknown> = {}) => ({
      ...complaintBase(`${run}-${id}`, category, submitted),
      status,
      occurredAt: at,
      ...extra,
    });
    // The wall's figures are over the OPD clocks due in the last 30 days (10 working days after
    // the dispatch: 14 calendar days, more over holidays), and the backlog now, however old.
    const events = [
      // DLH closes one on time: dispatched 26 days ago, resolved an hour later.
      ev('on-time', 'sampah', wib(26, '08:00'), 'received', wib(26, '08:00')),
      ev('on-time', 'sampah', wib(26, '08:00'), 'dispatched', wib(26, '09:00'), { opd: 'DLH', actor: 'operator-a' }),
      ev('on-time', 'sampah', wib(26, '08:00'), 'resolved', wib(26, '10:00'), { opd: 'DLH' }),
      // DLH closes one late: dispatched 29 days ago, resolved 2 days ago.
      ev('late', 'sampah', wib(29, '08:00'), 'received', wib(29, '08:00')),
      ev('late', 'sampah', wib(29, '08:00'), 'dispatched', wib(29, '09:00'), { opd: 'DLH', actor: 'operator-a' }),
      ev('late', 'sampah', wib(29, '08:00'), 'resolved', wib(2, '10:00'), { opd: 'DLH' }),
      // DLH holds one open for 40 days: open and overdue, for the OPD and for the citizen.
      ev('overdue', 'sampah', wib(41, '08:00'), 'received', wib(41, '08:00')),
      ev('overdue', 'sampah', wib(41, '08:00'), 'dispatched', wib(40, '09:00'), { opd: 'DLH', actor: 'operator-a' }),
      ev('overdue', 'sampah', wib(41, '08:00'), 'in_progress', wib(39, '09:00'), { opd: 'DLH' }),
      // ... and one for 70 days: due before the window, so in the overdue backlog but not in the rate.
      ev('ancient', 'sampah', wib(70, '08:00'), 'received', wib(70, '08:00')),
      ev('ancient', 'sampah', wib(70, '08:00'), 'dispatched', wib(70, '09:00'), { opd: 'DLH', actor: 'operator-a' }),
      // A drainage complaint misrouted to DLH by operator-a, re-routed to SDABMBK, resolved on time.
      ev('reroute', 'drainase', wib(27, '08:00'), 'received', wib(27, '08:00')),
      ev('reroute', 'drainase', wib(27, '08:00'), 'dispatched', wib(27, '09:00'), { opd: 'DLH', actor: 'operator-a' }),
      ev('reroute', 'drainase', wib(27, '08:00'), 'dispatched', wib(26, '09:00'), { opd: 'SDABMBK', actor: 'operator-b', note: 'saluran drainase milik SDABMBK' }),
      ev('reroute', 'drainase', wib(27, '08:00'), 'resolved', wib(25, '15:00'), { opd: 'SDABMBK' }),
    ];
    // Sent in reverse: arrival order must not matter.
    expect((await postEvents(server.url, 'complaints', { events: [...events].reverse() })).status).toBe(202);

    // DLH's daily tonnage report (due 23:59 WIB the same day): on time three days, late one day.
    const upload = (id: string, day: number, at: string) => ({
      source: 'demo',
      externalId: `${run}-upload-${id}`,
      occurredAt: at,
      opd: 'DLH',
      dataset: 'tonase-sampah-harian',
      period: { start: wib(day).slice(0, 10), end: wib(day).slice(0, 10) },
    });
    const uploads = [
      upload('a', 5, wib(5, '23:47')),
      upload('b', 4, wib(4, '21:10')),
      upload('c', 3, wib(3, '10:00')),
      upload('d', 6, wib(5, '09:30')),
    ];
    expect((await postEvents(server.url, 'uploads', { events: uploads })).status).toBe(202);

    const opdKey = `${server.prefix}live:opd:DLH`;
    await waitFor(async () => {
      const rates = await redis.hget(opdKey, 'rates');
      // Both kinds of event must be in: a refresh can land between the complaints and the uploads.
      return rates && JSON.parse(rates).complaintsOnTime.denominator === 3 && JSON.parse(rates).uploadsOnTime.numerator === 3;
    }, 15_000);

    const live = await redis.hgetall(opdKey);
    const liveRates = JSON.parse(live.rates);
    // 1 closed on time / (2 closed + 1 open and overdue); never 1/2 (closed on time / closed).
    expect(liveRates.complaintsOnTime).toEqual({ numerator: 1, denominator: 3, rate: 1 / 3 });
    expect(Number(live.overdue)).toBe(2);
    expect(Number(await redis.hget(`${server.prefix}live:kpi`, 'complaintsOverdue'))).toBe(2);
    const sdab = JSON.parse((await redis.hget(`${server.prefix}live:opd:SDABMBK`, 'rates')) as string);
    expect(sdab.complaintsOnTime).toEqual({ numerator: 1, denominator: 1, rate: 1 });
    expect(liveRates.uploadsOnTime.numerator).toBe(3);

    // The report for one OPD, over the same window, gives the same numbers and says which ones.
    const now = new Date();
    const from = new Date(now.getTime() - 30 * DAY);
    const q = `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(new Date(now.getTime() + 1).toISOString())}`;
    const report = await (await get(`/api/v1/opd/DLH/timeliness?${q}`)).json();
    expect(report.opd).toEqual({ code: 'DLH', name: 'Dinas Lingkungan Hidup' });
    expect(report.complaints.onTime).toMatchObject({ closedOnTime: 1, closedLate: 1, openOverdue: 1 });
    expect(report.complaints.onTime.rate).toEqual({ numerator: 1, denominator: 3, rate: 1 / 3 });
    expect(report.complaints.onTime.text.en).toBe('1 / (2 + 1) = 33.3%');
    expect(report.complaints.misroutedTo).toBe(1);
    expect(report.complaints.explain.openBacklog).toHaveLength(2);
    expect(report.complaints.overdueBacklog).toBe(2);
    expect(report.uploads).toMatchObject({ onTime: 3, late: 1 });

    // Live figures and the report agree, computed at one instant over the same window.
    const reference = new ReferenceCache(server.handle.database.db);
    const ref = await reference.refresh();
    const at = new Date();
    const t = await computeLiveTimeliness(server.handle.database.db, ref, at, 30, 1);
    const all = await (
      await get(`/api/v1/opd/timeliness?from=${encodeURIComponent(new Date(at.getTime() - 30 * DAY).toISOString())}&to=${encodeURIComponent(new Date(at.getTime() + 1).toISOString())}`)
    ).json();
    for (const row of all.opd) {
      const liveRow = t.opd[row.opd.code];
      expect({ opd: row.opd.code, c: pick(liveRow.complaintsOnTime), u: pick(liveRow.uploadsOnTime) }).toEqual({
        opd: row.opd.code,
        c: pick(row.complaints.onTime.rate),
        u: pick(row.uploads.onTimeRate),
      });
      expect(liveRow.overdue).toBe(row.complaints.overdueBacklog);
    }
    const misrouting = all.opd.find((r: { opd: { code: string } }) => r.opd.code === 'DLH').complaints.misroutedTo;
    expect(misrouting).toBe(1);
    // Misrouting per category and per dispatcher (who made the wrong dispatch), and the citizen's clock per kecamatan.
    expect(all.misrouting.byCategory.find((r: { key: string }) => r.key === 'drainase')).toMatchObject({ dispatches: 2, misrouted: 1 });
    expect(all.misrouting.byDispatcher.find((r: { key: string }) => r.key === 'operator-a')).toMatchObject({ misrouted: 1 });
    expect(all.kecamatan.find((k: { kecamatan: string }) => k.kecamatan === '12.71.05').overdueBacklog).toBe(2);
    expect(all.city.overdueBacklog).toBe(2);
    expect(all.ranking.complaints.map((r: { opd: string }) => r.opd)).toEqual(['DLH', 'SDABMBK']);
  });

  it('refuses a bad period naming the field, and an unknown OPD', async () => {
    const bad = await get('/api/v1/opd/DLH/timeliness?from=kemarin');
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].field).toBe('from');
    const reversed = await get('/api/v1/opd/timeliness?from=2026-11-20&to=2026-11-01');
    expect(reversed.status).toBe(400);
    expect((await get('/api/v1/opd/NOPE/timeliness')).status).toBe(404);
  });
});

const pick = (r: { numerator: number; denominator: number; rate: number | null }) => ({ n: r.numerator, d: r.denominator, rate: r.rate });

// Report edges (issue 12, item 8): a due period belongs to the one range that contains its
// deadline and is judged with what is known when the report is made. Two consecutive weeks that
// ended at least a week ago, the first ending on a Friday.
describe('report ranges: every deadline judged in exactly one range, with what is known now', () => {
  const dateOf = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 10);
  const plusDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
  let friday = dateOf(Date.now() - 14 * DAY);
  while (new Date(`${friday}T00:00:00Z`).getUTCDay() !== 5) friday = plusDays(friday, -1);
  const at = (date: string, hhmm: string, days = 0) => `${plusDays(date, days)}T${hhmm}:00+07:00`;
  const week1 = { from: plusDays(friday, -6), to: friday };
  const week2 = { from: plusDays(friday, 1), to: plusDays(friday, 7) };
  const both = { from: week1.from, to: week2.to };
  const report = async (code: string, range: { from: string; to: string }) => {
    const res = await get(`/api/v1/opd/${code}/timeliness?from=${range.from}&to=${range.to}`);
    expect(res.status).toBe(200);
    return res.json();
  };

  it('a deadline in the last minute of a range and an upload after the range ends: judged in that range, missing and late', async () => {
    const run = `edge-${Date.now().toString(36)}`;
    // BAPENDA's daily revenue report is due 23:59 WIB the same day. Saturday to Wednesday on
    // time, Thursday's comes on Saturday morning (after the week ended), Friday's never comes.
    const upload = (day: string, receivedAt: string) => ({
      source: 'demo',
      externalId: `${run}-pad-${day}`,
      occurredAt: receivedAt,
      opd: 'BAPENDA',
      dataset: 'realisasi-pad-harian',
      period: { start: day, end: day },
    });
    const uploads = [-6, -5, -4, -3, -2].map((d) => upload(plusDays(friday, d), at(friday, '21:00', d)));
    uploads.push(upload(plusDays(friday, -1), at(friday, '08:00', 1)));
    expect((await postEvents(server.url, 'uploads', { events: uploads })).status).toBe(202);
    // DAMKAR's weekly recap (due Friday 23:59) never comes. A fire complaint (24 hours around
    // the clock) dispatched Thursday 23:30 is due Friday 23:30 and resolved Saturday 01:00; one
    // dispatched Friday 00:00 is due Saturday 00:00 (the next week) and resolved Friday 05:00.
    const fire = (id: string, submitted: string, status: string, occurredAt: string, extra: Record<string, unknown> = {}) => ({
      ...complaintBase(`${run}-${id}`, 'kebakaran', submitted),
      status,
      occurredAt,
      ...extra,
    });
    const thu = at(friday, '23:00', -1);
    const fri = at(friday, '00:00');
    const complaints = [
      fire('late', thu, 'received', thu),
      fire('late', thu, 'dispatched', at(friday, '23:30', -1), { opd: 'DAMKAR', actor: 'operator-a' }),
      fire('late', thu, 'in_progress', at(friday, '23:40', -1), { opd: 'DAMKAR' }),
      fire('late', thu, 'resolved', at(friday, '01:00', 1), { opd: 'DAMKAR' }),
      fire('midnight', fri, 'received', fri),
      fire('midnight', fri, 'dispatched', fri, { opd: 'DAMKAR', actor: 'operator-a' }),
      fire('midnight', fri, 'resolved', at(friday, '05:00'), { opd: 'DAMKAR' }),
    ];
    expect((await postEvents(server.url, 'complaints', { events: complaints })).status).toBe(202);
    await waitFor(async () => {
      const [b, d] = await Promise.all([report('BAPENDA', both), report('DAMKAR', both)]);
      return b.uploads.onTime === 5 && b.uploads.late === 1 && d.complaints.onTime.closedOnTime + d.complaints.onTime.closedLate === 2;
    }, 20_000);

    const [b1, b2, bAll] = await Promise.all([report('BAPENDA', week1), report('BAPENDA', week2), report('BAPENDA', both)]);
    // Week 1: Friday's deadline (23:59:59.999, the range's last millisecond) has passed: missing,
    // not pending. Thursday's upload came after the week ended: late by 32 hours, not missing.
    expect(b1.uploads).toMatchObject({ due: 7, onTime: 5, late: 1, missing: 1, pending: 0, judged: 7, maxLateByMs: 32 * 3600_000 + 1 });
    const periods = b1.uploads.explain.periods.map((p: { period: string; status: string; lateByMs: number | null }) => [p.period, p.status, p.lateByMs]);
    expect(periods.slice(-2)).toEqual([
      [plusDays(friday, -1), 'late', 32 * 3600_000 + 1],
      [friday, 'missing', null],
    ]);
    // Week 2 starts at Saturday 00:00: none of week 1's periods is judged again.
    expect(b2.uploads).toMatchObject({ due: 7, onTime: 0, late: 0, missing: 7, pending: 0 });
    expect(b2.uploads.explain.periods.map((p: { period: string }) => p.period)).not.toContain(friday);
    // The two weeks add up to the fortnight.
    for (const k of ['due', 'onTime', 'late', 'missing', 'pending', 'judged'] as const) expect(b1.uploads[k] + b2.uploads[k]).toBe(bAll.uploads[k]);

    const [d1, d2, dAll] = await Promise.all([report('DAMKAR', week1), report('DAMKAR', week2), report('DAMKAR', both)]);
    const weekly = (r: { uploads: { explain: { periods: { dataset: string; period: string; status: string }[] } } }) =>
      r.uploads.explain.periods.filter((p) => p.dataset === 'rekap-mingguan').map((p) => [p.period, p.status]);
    expect(weekly(d1)).toEqual([[expect.stringMatching(/-W\d\d$/), 'missing']]);
    expect(weekly(d2)).toHaveLength(1);
    expect(d1.uploads.pending + d2.uploads.pending).toBe(0);
    expect(d1.uploads.due + d2.uploads.due).toBe(dAll.uploads.due);
    // The complaint due Friday 23:30 and resolved after the week: late in week 1 (by 1.5 hours),
    // never "open and overdue" there and then "closed late" again in week 2. The one due at
    // Saturday 00:00 belongs to week 2.
    expect(d1.complaints.onTime).toMatchObject({ closedOnTime: 0, closedLate: 1, openOverdue: 0 });
    expect(d1.complaints.onTime.explain.closedLate[0]).toMatchObject({ deadline: new Date(at(friday, '23:30')).toISOString(), doneAt: new Date(at(friday, '01:00', 1)).toISOString() });
    expect(d2.complaints.onTime).toMatchObject({ closedOnTime: 1, closedLate: 0, openOverdue: 0 });
    expect(dAll.complaints.onTime).toMatchObject({ closedOnTime: 1, closedLate: 1, openOverdue: 0 });
  });

  it('reads uploads from far enough back: a monthly report due three months later, uploaded early in its month, is on time', async () => {
    // An admin made DISDUKCAPIL's monthly population recap due on the last day of the third month after.
    await server.handle.database.db
      .update(t.datasets)
      .set({ schedule: { kind: 'monthly', dayOfMonth: 31, dueTime: '23:59', dueOffsetMonths: 3 } })
      .where(and(eq(t.datasets.opdCode, 'DISDUKCAPIL'), eq(t.datasets.code, 'rekap-penduduk-bulanan')));
    await server.handle.reference.refresh();
    // The month five months ago, uploaded on its second day; due at the end of the month two months ago.
    const [y, m] = dateOf(Date.now()).split('-').map(Number);
    const monthStart = (back: number) => {
      const d = new Date(Date.UTC(y, m - 1 - back, 1));
      return d.toISOString().slice(0, 10);
    };
    const month = monthStart(5);
    const dueMonth = { from: monthStart(2), to: plusDays(monthStart(1), -1) };
    const upload = {
      source: 'demo',
      externalId: `early-${Date.now().toString(36)}`,
      occurredAt: at(month, '10:00', 1),
      opd: 'DISDUKCAPIL',
      dataset: 'rekap-penduduk-bulanan',
      period: { start: month, end: plusDays(monthStart(4), -1) },
    };
    expect((await postEvents(server.url, 'uploads', { events: [upload] })).status).toBe(202);
    await waitFor(async () => (await server.handle.database.db.select().from(t.uploadRecords).where(eq(t.uploadRecords.externalId, upload.externalId))).length, 20_000);
    const r = await report('DISDUKCAPIL', dueMonth);
    const recap = r.uploads.explain.periods.filter((p: { dataset: string }) => p.dataset === 'rekap-penduduk-bulanan');
    expect(recap.map((p: { period: string; status: string }) => [p.period, p.status])).toEqual([[month.slice(0, 7), 'on_time']]);
  });
});
