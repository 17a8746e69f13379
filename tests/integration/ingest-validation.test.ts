// What a sender sees when its data is wrong, against a real server: every problem of a batch in
// one answer, in plain words, in the sender's language; event times ahead of Pantau's clock
// refused; and nothing of a refused request stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { complaint, DEMO_KEY, postEvents, startTestServer, TEST_REDIS_URL, waitFor, type TestServer } from '../support/test-env.ts';

let server: TestServer;
let redis: Redis;
let sql: postgres.Sql;

beforeAll(async () => {
  server = await startTestServer({ roles: { web: true, processors: true, prober: false } });
  redis = new Redis(TEST_REDIS_URL);
  sql = postgres(server.db.url, { max: 2, onnotice: () => {} });
});

afterAll(async () => {
  redis?.disconnect();
  await sql?.end();
  await server?.stop();
});

const streamLength = async () => {
  let n = 0;
  for (const kind of ['complaints', 'uploads', 'heartbeats']) n += await redis.xlen(`${server.prefix}stream:${kind}`);
  return n;
};

async function post(kind: 'complaints' | 'uploads' | 'heartbeats', body: unknown, lang?: string) {
  const res = await fetch(`${server.url}/api/v1/${kind}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_KEY}`, ...(lang ? { 'accept-language': lang } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { error?: string; message?: string; errors?: { index: number | null; field: string; message: string }[] } };
}

const at = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString();

describe('refused ingest requests', () => {
  it('list every problem of the batch in one answer, in plain words (issue 12, items 5 and 6)', async () => {
    // A bad date, a string lat, an unknown status, an unknown channel and an unknown category.
    const body = {
      events: [
        {
          source: 'demo',
          externalId: 'MRK-2026-000999',
          occurredAt: '2026-12-07 14:32',
          channel: 'FAX',
          category: 'jalan-berlubang',
          text: 'Jalan berlubang di depan pasar.',
          location: { lat: '3.5952', lon: 98.6722 },
          status: 'selesai',
        },
      ],
    };
    const before = await streamLength();
    const id = await post('complaints', body);
    expect(id.status).toBe(400);
    expect(id.body.error).toBe('validation_failed');
    expect(id.body.message).toBe('Ada 5 kesalahan pada data yang dikirim; tidak ada data dari permintaan ini yang disimpan.');
    expect(id.body.errors).toEqual([
      { index: 0, field: 'events[0].occurredAt', message: 'harus berupa tanggal dan jam ISO 8601 dengan zona waktu, mis. 2026-12-07T14:32:05+07:00' },
      { index: 0, field: 'events[0].channel', message: 'kanal "FAX" tidak dikenal' },
      { index: 0, field: 'events[0].category', message: 'kategori "jalan-berlubang" tidak dikenal' },
      { index: 0, field: 'events[0].location.lat', message: 'harus berupa angka, tanpa tanda kutip' },
      {
        index: 0,
        field: 'events[0].status',
        message: 'harus salah satu dari: received, verified, dispatched, in_progress, resolved, closed, rejected, duplicate, reopened',
      },
    ]);
    const en = await post('complaints', body, 'en-US,en;q=0.9');
    expect(en.status).toBe(400);
    expect(en.body.message).toBe('5 problem(s) in the data sent; nothing from this request was stored.');
    expect(en.body.errors!.map((e) => `${e.field}: ${e.message}`)).toEqual([
      'events[0].occurredAt: must be an ISO 8601 date and time with its time zone, e.g. 2026-12-07T14:32:05+07:00',
      'events[0].channel: unknown channel "FAX"',
      'events[0].category: unknown category "jalan-berlubang"',
      'events[0].location.lat: must be a number, without quotes',
      'events[0].status: must be one of: received, verified, dispatched, in_progress, resolved, closed, rejected, duplicate, reopened',
    ]);
    // A missing field is "required", not "expected string, received undefined".
    const { channel: _dropped, ...noChannel } = complaint();
    const missing = await post('complaints', { events: [noChannel] }, 'en');
    expect(missing.body.errors).toEqual([{ index: 0, field: 'events[0].channel', message: 'required' }]);
    expect((await post('complaints', { events: [noChannel] })).body.errors).toEqual([{ index: 0, field: 'events[0].channel', message: 'wajib diisi' }]);
    expect(await streamLength()).toBe(before);
  });

  it('refuse event times more than 5 minutes ahead of the clock, for every kind and time field (item 4)', async () => {
    const before = await streamLength();
    const c = await post('complaints', { events: [complaint({ occurredAt: '2030-01-01T08:00:00+07:00' }), complaint({ submittedAt: at(10 * 60_000) })] }, 'en');
    expect(c.status).toBe(400);
    expect(c.body.errors!.map((e) => [e.index, e.field])).toEqual([
      [0, 'events[0].occurredAt'],
      [1, 'events[1].submittedAt'],
    ]);
    expect(c.body.errors![0].message).toMatch(/^must not be more than 5 minutes ahead of Pantau's clock \(now 20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00\); check the sender's clock and time zone$/);

    const tomorrow = new Date(Date.now() + 7 * 3600_000 + 86_400_000 + 5 * 60_000).toISOString().slice(0, 10);
    const upload = { source: 'demo', externalId: `U-${Date.now()}`, opd: 'DLH', dataset: 'tonase-sampah-harian', rows: 10 };
    const u = await post('uploads', { events: [{ ...upload, occurredAt: at(60 * 60_000) }, { ...upload, externalId: `U2-${Date.now()}`, occurredAt: at(0), period: { start: tomorrow, end: tomorrow } }] });
    expect(u.status).toBe(400);
    expect(u.body.errors!.map((e) => e.field)).toEqual(['events[0].occurredAt', 'events[1].period.start']);
    expect(u.body.errors![1].message).toMatch(/^periode ini belum dimulai; paling lambat hari ini \(\d{4}-\d\d-\d\d WIB\)$/);

    const beat = { source: 'demo', externalId: `H-${Date.now()}`, monitor: 'sipandu', status: 'up' };
    const h = await post('heartbeats', { events: [{ ...beat, occurredAt: '2030-01-01T00:00:00Z' }] });
    expect(h.status).toBe(400);
    expect(h.body.errors!.map((e) => e.field)).toEqual(['events[0].occurredAt']);
    expect(await streamLength()).toBe(before);

    // A sender whose clock runs a few minutes fast is still heard.
    const fast = complaint({ occurredAt: at(4 * 60_000) });
    expect((await postEvents(server.url, 'complaints', { events: [fast] })).status).toBe(202);
    expect((await post('heartbeats', { events: [{ ...beat, occurredAt: at(4 * 60_000) }] })).status).toBe(202);
    await waitFor(async () => (await sql`select 1 from complaints where external_id = ${fast.externalId}`).length === 1);
  });

  it('refuse a location far outside the city; take one just across the border as outside the city (item 7)', async () => {
    const before = await streamLength();
    const jakarta = await post('complaints', { events: [complaint(), complaint({ location: { lat: -6.1754, lon: 106.8272 } })] }, 'en');
    expect(jakarta.status).toBe(400);
    expect(jakarta.body.errors).toEqual([
      {
        index: 1,
        field: 'events[1].location',
        message:
          'lies about 1,400 km outside Kota Medan; points more than 25 km beyond the city boundary are refused (check the coordinates: lat then lon, negative south of the equator)',
      },
    ]);
    const tebingTinggi = await post('complaints', { events: [complaint({ location: { lat: 3.3285, lon: 99.1626 } })] });
    expect(tebingTinggi.body.errors!.map((e) => e.message)).toEqual([
      'berada sekitar 51 km di luar Kota Medan; titik lebih dari 25 km di luar batas kota ditolak (periksa koordinatnya: lat lalu lon, dengan tanda minus di selatan khatulistiwa)',
    ]);
    expect(await streamLength()).toBe(before);

    // Binjai, ~13 km beyond Medan's western edge: accepted, in no kecamatan, location kept.
    const binjai = complaint({ location: { lat: 3.6001, lon: 98.4854 } });
    const inside = complaint({ location: { lat: 3.5905, lon: 98.6776 } });
    expect((await postEvents(server.url, 'complaints', { events: [binjai, inside] })).status).toBe(202);
    const rows = await waitFor(async () => {
      const r = await sql`select external_id, kecamatan_code, lat, lon from complaints where external_id in ${sql([binjai.externalId, inside.externalId])}`;
      return r.length === 2 ? r : null;
    });
    const byId = Object.fromEntries(rows.map((r) => [r.external_id, r]));
    expect(byId[binjai.externalId]).toMatchObject({ kecamatan_code: null, lat: 3.6001, lon: 98.4854 });
    expect(byId[inside.externalId].kecamatan_code).toMatch(/^12\.71\./);
    // What the wall receives: located, in no kecamatan (the ticker says "di luar wilayah kota").
    const live = await waitFor(async () =>
      Object.values(await redis.hgetall(`${server.prefix}live:recent:data`))
        .map((j) => JSON.parse(j))
        .find((c) => c.location?.lon === 98.4854),
    );
    expect(live).toMatchObject({ kecamatan: null, location: { lat: 3.6001, lon: 98.4854 } });
  });
});
