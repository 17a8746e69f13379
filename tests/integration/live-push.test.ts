// Socket.IO push: snapshot on subscribe, coalesced sequence-numbered deltas, resync on request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { io } from 'socket.io-client';
import { liveKeys } from '../../server/live-state/live-keys.ts';
import { streamKeys } from '../../server/streams/stream-keys.ts';
import { KEEPALIVE_MS, LIVE_WITHIN_MS, PROTOCOL_VERSION, type LiveState } from '../../shared/protocol.ts';
import { liveClient, type ClientSocket, type LiveClient } from '../support/live-client.ts';
import { complaint, DEMO_WALL_TOKEN, postEvents, startTestServer, TEST_REDIS_URL, waitFor, type TestServer } from '../support/test-env.ts';

let server: TestServer;
const clients: LiveClient[] = [];

beforeAll(async () => {
  server = await startTestServer({ tickMs: 250 });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await server?.stop();
});

function track(c: LiveClient): LiveClient {
  clients.push(c);
  return c;
}

const comparable = (s: LiveState) => ({
  kpi: s.kpi,
  complaints: s.complaints.map((c) => `${c.id}:${c.status}`).sort(),
  kecamatan: Object.fromEntries(Object.entries(s.kecamatan).filter(([, k]) => k.open > 0)),
  monitors: s.monitors,
});

describe('live push', () => {
  it('sends a snapshot, then consecutive coalesced deltas that add up to the same state', async () => {
    const a = track(liveClient(server.url, { token: DEMO_WALL_TOKEN }));
    await waitFor(async () => a.state !== null);
    const startSeq = a.seq;
    const openBefore = a.state!.kpi.complaintsOpen;

    // 40 small batches as fast as possible: far more events than ticks.
    const started = Date.now();
    for (let i = 0; i < 40; i++) {
      expect((await postEvents(server.url, 'complaints', { events: [complaint(), complaint()] })).status).toBe(202);
    }
    await waitFor(async () => a.state!.kpi.complaintsOpen === openBefore + 80, 15_000);
    const elapsedSeconds = (Date.now() - started) / 1000;

    // Consecutive sequence numbers, never a gap, and no more deltas than ticks (tickMs 250 here).
    expect(a.gaps).toBe(0);
    a.deltas.forEach((d, i) => expect(d.seq).toBe(startSeq + i + 1));
    expect(a.deltas.length).toBeLessThanOrEqual(Math.ceil(elapsedSeconds * 4) + 2);
    expect(a.deltas.length).toBeLessThan(40);

    // A client that joins now gets a snapshot equal to what the first built from deltas.
    await new Promise((r) => setTimeout(r, 600));
    const b = track(liveClient(server.url, { token: DEMO_WALL_TOKEN }));
    await waitFor(async () => b.state !== null);
    expect(comparable(a.state!)).toEqual(comparable(b.state!));
    expect(b.seq).toBeGreaterThanOrEqual(a.seq);
  });

  it('sends routine changes too: a healthy service\'s new check reaches the wall without any other change', async () => {
    const a = track(liveClient(server.url, { token: DEMO_WALL_TOKEN }));
    await waitFor(async () => a.state !== null);
    const at = Date.now();
    const beat = (i: number, latencyMs: number) => ({
      source: 'demo',
      externalId: `H-routine-${at}-${i}`,
      occurredAt: new Date(at + i * 1000).toISOString(),
      monitor: 'sibisa',
      status: 'up',
      latencyMs,
    });
    expect((await postEvents(server.url, 'heartbeats', { events: [beat(0, 80), beat(1, 80)] })).status).toBe(202);
    await waitFor(async () => a.state!.monitors.sibisa?.state === 'up', 10_000);
    // Only the last check changes now (time, latency): announced as routine, sent all the same.
    expect((await postEvents(server.url, 'heartbeats', { events: [beat(2, 95)] })).status).toBe(202);
    await waitFor(async () => a.state!.monitors.sibisa?.latencyMs === 95, 10_000);
    expect(a.state!.monitors.sibisa).toMatchObject({ state: 'up', lastCheckAt: new Date(at + 2000).toISOString(), latencyMs: 95 });
    expect(a.gaps).toBe(0);
  });

  it('answers a resync with a fresh snapshot', async () => {
    const c = track(liveClient(server.url, { token: DEMO_WALL_TOKEN }));
    await waitFor(async () => c.snapshots === 1);
    c.socket.emit('resync', { room: 'wall' });
    await waitFor(async () => c.snapshots === 2, 3000);
  });

  it('starts every screen over after a rebuild it was not told about', async () => {
    // Redis emptied and rebuilt while this node's subscriber was reconnecting: the announcement
    // of the rebuild is lost. The push notices the new `ready` marker on its own next read.
    const c = track(liveClient(server.url, { token: DEMO_WALL_TOKEN }));
    await waitFor(async () => c.snapshots === 1);
    const epoch = c.epoch;
    const redis = new Redis(TEST_REDIS_URL);
    try {
      await redis.set(liveKeys(server.prefix).ready, new Date(Date.now() + 1).toISOString());
    } finally {
      redis.disconnect();
    }
    await waitFor(async () => c.snapshots === 2, 5000);
    expect(c.epoch).not.toBe(epoch);
    expect(c.gaps).toBe(0);
  });

  it('says at once on connect, and in every quiet moment, that its pipeline works (keepalive)', async () => {
    const c = track(liveClient(server.url, { token: DEMO_WALL_TOKEN }));
    const words: { at: number; event: string; ok?: boolean }[] = [];
    c.socket.on('keepalive', (k) => words.push({ at: Date.now(), event: 'keepalive', ok: k.ok }));
    c.socket.on('delta', () => words.push({ at: Date.now(), event: 'delta' }));
    c.socket.on('snapshot', () => words.push({ at: Date.now(), event: 'snapshot' }));
    await waitFor(async () => words.some((w) => w.event === 'snapshot'));
    // The first word came before the snapshot: a screen knows where it stands at once.
    expect(words[0]).toMatchObject({ event: 'keepalive', ok: true });
    await new Promise((r) => setTimeout(r, 3 * KEEPALIVE_MS + 500));
    const gaps = words.slice(1).map((w, i) => w.at - words[i].at);
    expect(words.filter((w) => w.event === 'keepalive').every((w) => w.ok)).toBe(true);
    // Never silent for as long as a screen waits before it calls its data stale.
    expect(Math.max(...gaps)).toBeLessThan(LIVE_WITHIN_MS - 2_000);
  });

  it('says the data stopped moving when events wait unprocessed, and that it moves again once they are processed', async () => {
    // Web alone: Redis and the live state answer, but nothing processes what is posted.
    const web = await startTestServer({ tickMs: 250, roles: { web: true, processors: false, prober: false }, processingStaleMs: 1_500 });
    try {
      const c = track(liveClient(web.url, { token: DEMO_WALL_TOKEN }));
      const said: { ok: boolean; problem: string | null; dataAt: string | null }[] = [];
      c.socket.on('keepalive', (k) => said.push(k));
      await waitFor(async () => said.length > 0);
      expect(said.at(-1)).toMatchObject({ ok: true, problem: null });
      const postedAt = Date.now();
      expect((await postEvents(web.url, 'complaints', { events: [complaint()] })).status).toBe(202);
      await waitFor(async () => said.at(-1)?.ok === false, 10_000);
      expect(said.at(-1)?.problem).toBe('processing');
      // The screens' data is as old as the event that waits.
      expect(Math.abs(Date.parse(said.at(-1)!.dataAt!) - postedAt)).toBeLessThan(1_500);

      // A processor takes and finishes what waits: live again, without a reconnect.
      const redis = new Redis(TEST_REDIS_URL);
      try {
        const keys = streamKeys(web.prefix);
        const stream = keys.stream('complaints');
        await redis.xgroup('CREATE', stream, keys.group, '0', 'MKSTREAM').catch(() => {});
        const read = (await redis.xreadgroup('GROUP', keys.group, 'test-consumer', 'COUNT', 100, 'STREAMS', stream, '>')) as [string, [string, string[]][]][];
        const ids = read[0][1].map(([id]) => id);
        expect(ids.length).toBe(1);
        await redis.xack(stream, keys.group, ...ids);
      } finally {
        redis.disconnect();
      }
      await waitFor(async () => said.at(-1)?.ok === true, 10_000);
    } finally {
      await web.stop();
    }
  });

  it('refuses a client speaking another protocol version', async () => {
    const socket: ClientSocket = io(server.url, { transports: ['websocket'], forceNew: true, auth: { token: DEMO_WALL_TOKEN } });
    clients.push({ close: () => socket.disconnect() } as unknown as LiveClient);
    const result = await new Promise<{ ok: boolean; error?: string }>((resolve) =>
      socket.on('connect', () => socket.emit('subscribe', { room: 'wall', protocol: PROTOCOL_VERSION + 1 }, resolve)),
    );
    expect(result).toMatchObject({ ok: false, error: 'protocol_mismatch' });
  });
});
