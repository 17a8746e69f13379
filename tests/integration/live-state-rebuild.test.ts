// The live state is only a cache of Postgres: when Redis loses it, it is rebuilt, and connected
// clients start over from a snapshot by themselves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { liveClient, type LiveClient } from '../support/live-client.ts';
import { complaint, DEMO_WALL_TOKEN, postEvents, startTestServer, TEST_REDIS_URL, waitFor, type TestServer } from '../support/test-env.ts';

let server: TestServer;
let redis: Redis;
let client: LiveClient;

beforeAll(async () => {
  server = await startTestServer();
  redis = new Redis(TEST_REDIS_URL);
});
afterAll(async () => {
  client?.close();
  redis?.disconnect();
  await server?.stop();
});

describe('live state rebuild', () => {
  it('rebuilds the counters from Postgres and resyncs connected clients', async () => {
    const events = Array.from({ length: 12 }, (_, i) => complaint({ status: i < 3 ? 'closed' : 'received' }));
    expect((await postEvents(server.url, 'complaints', { events })).status).toBe(202);
    const kpiKey = `${server.prefix}live:kpi`;
    await waitFor(async () => Number(await redis.hget(kpiKey, 'complaintsOpen')) === 9);

    client = liveClient(server.url, { token: DEMO_WALL_TOKEN });
    await waitFor(async () => client.snapshots === 1);
    const before = structuredClone(client.state!);
    const firstEpoch = client.epoch;

    // Redis loses the live state (as after a restart without persistence).
    const keys = await redis.keys(`${server.prefix}live:*`);
    await redis.del(...keys);
    const wipedAt = Date.now();
    await waitFor(async () => (await redis.exists(`${server.prefix}live:ready`)) === 1, 10_000);
    const rebuildMs = Date.now() - wipedAt;
    expect(rebuildMs).toBeLessThan(10_000);
    expect(Number(await redis.hget(kpiKey, 'complaintsOpen'))).toBe(9);

    // New events keep flowing into the rebuilt state; the client resyncs on its own.
    expect((await postEvents(server.url, 'complaints', { events: [complaint()] })).status).toBe(202);
    await waitFor(async () => client.snapshots >= 2 && client.state!.kpi.complaintsOpen === 10, 10_000);
    expect(client.state!.kpi.complaintsToday).toBe(before.kpi.complaintsToday + 1);
    expect(client.state!.complaints.length).toBe(13);
    expect(client.epoch).not.toBe(firstEpoch);
  });
});
