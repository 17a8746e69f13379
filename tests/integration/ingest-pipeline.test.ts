// Ingest -> Redis stream -> processor -> Postgres + live state, against the real services.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { complaint, postEvents, startTestServer, TEST_REDIS_URL, waitFor, type TestServer } from '../support/test-env.ts';

let server: TestServer;
let sql: postgres.Sql;
let redis: Redis;

beforeAll(async () => {
  server = await startTestServer();
  sql = postgres(server.db.url, { max: 2, onnotice: () => {} });
  redis = new Redis(TEST_REDIS_URL);
});

afterAll(async () => {
  redis?.disconnect();
  await sql?.end();
  await server?.stop();
});

const liveKpi = async () => redis.hgetall(`${server.prefix}live:kpi`);
const countRows = async (table: string, where = sql`true`) => Number((await sql`select count(*)::int as n from ${sql(table)} where ${where}`)[0].n);

describe('ingest pipeline', () => {
  it('stores posted complaints, uploads and heartbeats in Postgres and the live aggregates', async () => {
    const before = Number((await liveKpi()).complaintsOpen ?? 0);
    const events = [complaint(), complaint({ category: 'jalan-rusak', privacy: 'secret', reporter: { name: 'Siti', nik: '1271010101010001' } })];
    const res = await postEvents(server.url, 'complaints', { events });
    expect(res.status).toBe(202);
    expect(res.body.accepted).toBe(2);

    const ids = events.map((e) => e.externalId);
    await waitFor(async () => (await countRows('complaints', sql`external_id in ${sql(ids)}`)) === 2);
    await waitFor(async () => Number((await liveKpi()).complaintsOpen) === before + 2);

    const [row] = await sql`select kecamatan_code, kelurahan_code, status from complaints where external_id = ${ids[0]}`;
    expect(row.status).toBe('received');
    expect(row.kecamatan_code).toBe('12.71.05'); // the location is in Medan Barat
    const reporters = await sql`select r.name, r.nik from complaint_reporters r join complaints c on c.id = r.complaint_id where c.external_id = ${ids[1]}`;
    expect(reporters).toEqual([{ name: 'Siti', nik: '1271010101010001' }]);

    // The live view of a secret complaint carries neither text nor location, and no reporter.
    const recent = Object.values(await redis.hgetall(`${server.prefix}live:recent:data`)).map((j) => JSON.parse(j));
    const secret = recent.find((c) => c.category === 'jalan-rusak');
    expect(secret).toMatchObject({ privacy: 'secret', text: null, location: null, title: null });
    expect(JSON.stringify(recent)).not.toContain('Siti');
    expect(JSON.stringify(recent)).not.toContain('1271010101010001');

    const upload = await postEvents(server.url, 'uploads', {
      events: [{ source: 'demo', externalId: `U-${Date.now()}`, occurredAt: new Date().toISOString(), opd: 'DLH', dataset: 'tonase-sampah-harian', rows: 10 }],
    });
    expect(upload.status).toBe(202);
    const at = Date.now();
    const beats = [0, 1, 2].map((i) => ({
      source: 'demo',
      externalId: `H-${at}-${i}`,
      occurredAt: new Date(at + i * 1000).toISOString(),
      monitor: 'sipandu',
      status: 'up',
      latencyMs: 120,
    }));
    expect((await postEvents(server.url, 'heartbeats', { events: beats })).status).toBe(202);
    await waitFor(async () => (await countRows('upload_records', sql`opd_code = 'DLH'`)) === 1);
    await waitFor(async () => Number((await liveKpi()).servicesUp) === 1);
    const monitor = JSON.parse((await redis.hget(`${server.prefix}live:monitors`, 'sipandu')) as string);
    expect(monitor).toMatchObject({ code: 'sipandu', state: 'up', opd: 'DPMPTSP', latencyMs: 120 });

    // Monitoring sees the streams drained, not the backlog of the last ingest request.
    const backlogGauge = async () => {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      return Object.fromEntries([...text.matchAll(/^pantau_stream_backlog_entries\{kind="(\w+)"\} (\d+)/gm)].map((m) => [m[1], Number(m[2])]));
    };
    await waitFor(async () => {
      const gauge = await backlogGauge();
      return ['complaints', 'uploads', 'heartbeats'].every((kind) => gauge[kind] === 0);
    }, 10_000);
  });

  it('never creates a second record when the same batch is sent twice', async () => {
    const events = [complaint(), complaint()];
    const kpiBefore = Number((await liveKpi()).complaintsOpen);
    expect((await postEvents(server.url, 'complaints', { events })).status).toBe(202);
    expect((await postEvents(server.url, 'complaints', { events })).status).toBe(202);
    const ids = events.map((e) => e.externalId);
    // Both batches are processed once the stream is drained.
    await waitFor(async () => (await countRows('ingest_batches', sql`stream = 'complaints'`)) >= 3);
    await waitFor(async () => Number((await redis.xpending(`${server.prefix}stream:complaints`, 'processors'))[0]) === 0);
    expect(await countRows('complaints', sql`external_id in ${sql(ids)}`)).toBe(2);
    const history = await sql`select count(*)::int as n from complaint_status_history h join complaints c on c.id = h.complaint_id where c.external_id in ${sql(ids)}`;
    expect(history[0].n).toBe(2);
    expect(Number((await liveKpi()).complaintsOpen)).toBe(kpiBefore + 2);
  });

  it('refuses a batch with one bad event, names it, and stores nothing from it', async () => {
    const good = complaint();
    const bad = complaint({ occurredAt: 'kemarin sore', category: 'tidak-ada' });
    const res = await postEvents(server.url, 'complaints', { events: [good, bad] });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('validation_failed');
    expect(res.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ index: 1, field: 'events[1].occurredAt' })]),
    );
    const refs = await postEvents(server.url, 'complaints', { events: [good, complaint({ category: 'tidak-ada' })] });
    expect(refs.status).toBe(400);
    expect(refs.body.errors).toEqual([expect.objectContaining({ index: 1, field: 'events[1].category' })]);
    await new Promise((r) => setTimeout(r, 500));
    expect(await countRows('complaints', sql`external_id = ${good.externalId}`)).toBe(0);
  });

  it('answers 401 without a valid key, 413 when too large, 400 for broken JSON and too many events', async () => {
    expect((await postEvents(server.url, 'complaints', { events: [complaint()] }, 'wrong-key')).status).toBe(401);
    const noAuth = await fetch(`${server.url}/api/v1/complaints`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(noAuth.status).toBe(401);
    const huge = { events: [complaint({ text: 'x'.repeat(5000) })], padding: 'y'.repeat(1_100_000) };
    expect((await postEvents(server.url, 'complaints', huge)).status).toBe(413);
    const broken = await postEvents(server.url, 'complaints', '{"events": [');
    expect(broken.status).toBe(400);
    expect(broken.body.error).toBe('invalid_json');
    const many = await postEvents(server.url, 'complaints', { events: Array.from({ length: 1001 }, () => complaint({ text: '' })) });
    expect(many.status).toBe(400);
    expect(many.body.errors[0].field).toBe('events');
    const wrongSource = await postEvents(server.url, 'complaints', { events: [complaint({ source: 'mrk' })] });
    expect(wrongSource.status).toBe(400);
    expect(wrongSource.body.errors[0].field).toBe('events[0].source');
  });

  it('applies a newer status update and ignores an older one that arrives late', async () => {
    const c = complaint({ occurredAt: '2026-11-20T09:00:00+07:00' });
    expect((await postEvents(server.url, 'complaints', { events: [c] })).status).toBe(202);
    const resolved = { ...c, occurredAt: '2026-11-21T15:00:00+07:00', status: 'resolved', opd: 'DLH', text: '' };
    const staleDispatch = { ...c, occurredAt: '2026-11-20T11:00:00+07:00', status: 'dispatched', opd: 'DLH', text: '' };
    expect((await postEvents(server.url, 'complaints', { events: [resolved] })).status).toBe(202);
    await waitFor(async () => (await sql`select status from complaints where external_id = ${c.externalId}`)[0]?.status === 'resolved');
    expect((await postEvents(server.url, 'complaints', { events: [staleDispatch] })).status).toBe(202);
    await waitFor(async () => Number((await redis.xpending(`${server.prefix}stream:complaints`, 'processors'))[0]) === 0);
    await new Promise((r) => setTimeout(r, 300));
    const [row] = await sql`select status, text from complaints where external_id = ${c.externalId}`;
    expect(row).toEqual({ status: 'resolved', text: c.text });
  });

  it('keeps what it knows of a reporter when a later update names only part of it', async () => {
    const c = complaint({ reporter: { name: 'Budi', phone: '0812-0000-1111' } });
    expect((await postEvents(server.url, 'complaints', { events: [c] })).status).toBe(202);
    const reporterOf = async () =>
      (await sql`select r.name, r.phone, r.email from complaint_reporters r join complaints c on c.id = r.complaint_id where c.external_id = ${c.externalId}`)[0];
    await waitFor(async () => (await reporterOf())?.phone === '0812-0000-1111');
    const later = { ...c, occurredAt: new Date(Date.now() + 1000).toISOString(), status: 'verified', reporter: { name: 'Budi S.', email: 'budi@example.id' } };
    expect((await postEvents(server.url, 'complaints', { events: [later] })).status).toBe(202);
    await waitFor(async () => (await reporterOf())?.email === 'budi@example.id');
    expect(await reporterOf()).toEqual({ name: 'Budi S.', phone: '0812-0000-1111', email: 'budi@example.id' });
  });
});
