// Timeliness end to end: complaint lifecycles and uploads posted through the API become the
// per-OPD figures leadership sees, and the live wall figures agree with the report endpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
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
    const events = [
      // DLH closes one on time: dispatched 10 days ago, resolved an hour later.
      ev('on-time', 'sampah', wib(10, '08:00'), 'received', wib(10, '08:00')),
      ev('on-time', 'sampah', wib(10, '08:00'), 'dispatched', wib(10, '09:00'), { opd: 'DLH', actor: 'operator-a' }),
      ev('on-time', 'sampah', wib(10, '08:00'), 'resolved', wib(10, '10:00'), { opd: 'DLH' }),
      // DLH closes one late: dispatched 45 days ago, resolved 2 days ago.
      ev('late', 'sampah', wib(45, '08:00'), 'received', wib(45, '08:00')),
      ev('late', 'sampah', wib(45, '08:00'), 'dispatched', wib(45, '09:00'), { opd: 'DLH', actor: 'operator-a' }),
      ev('late', 'sampah', wib(45, '08:00'), 'resolved', wib(2, '10:00'), { opd: 'DLH' }),
      // DLH holds one open for 40 days: open and overdue, for the OPD and for the citizen.
      ev('overdue', 'sampah', wib(41, '08:00'), 'received', wib(41, '08:00')),
      ev('overdue', 'sampah', wib(41, '08:00'), 'dispatched', wib(40, '09:00'), { opd: 'DLH', actor: 'operator-a' }),
      ev('overdue', 'sampah', wib(41, '08:00'), 'in_progress', wib(39, '09:00'), { opd: 'DLH' }),
      // A drainage complaint misrouted to DLH by operator-a, re-routed to SDABMBK, resolved on time.
      ev('reroute', 'drainase', wib(12, '08:00'), 'received', wib(12, '08:00')),
      ev('reroute', 'drainase', wib(12, '08:00'), 'dispatched', wib(12, '09:00'), { opd: 'DLH', actor: 'operator-a' }),
      ev('reroute', 'drainase', wib(12, '08:00'), 'dispatched', wib(11, '09:00'), { opd: 'SDABMBK', actor: 'operator-b', note: 'saluran drainase milik SDABMBK' }),
      ev('reroute', 'drainase', wib(12, '08:00'), 'resolved', wib(10, '15:00'), { opd: 'SDABMBK' }),
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
      return rates && JSON.parse(rates).complaintsOnTime.denominator === 3;
    }, 15_000);

    const live = await redis.hgetall(opdKey);
    const liveRates = JSON.parse(live.rates);
    // 1 closed on time / (2 closed + 1 open and overdue); never 1/2 (closed on time / closed).
    expect(liveRates.complaintsOnTime).toEqual({ numerator: 1, denominator: 3, rate: 1 / 3 });
    expect(Number(live.overdue)).toBe(1);
    expect(Number(await redis.hget(`${server.prefix}live:kpi`, 'complaintsOverdue'))).toBe(1);
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
    expect(report.complaints.explain.openBacklog).toHaveLength(1);
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
    expect(all.kecamatan.find((k: { kecamatan: string }) => k.kecamatan === '12.71.05').overdueBacklog).toBe(1);
    expect(all.city.overdueBacklog).toBe(1);
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
