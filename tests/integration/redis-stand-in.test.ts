// Pantau on the in-process Redis stand-in (what `npm start` uses on a machine without Redis):
// a posted complaint goes through stream, processor and live state to a wall client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startPantau, type PantauHandle } from '../../server/main.ts';
import { startRedisStandIn, type RedisStandIn } from '../../server/infra/redis-stand-in/index.ts';
import { complaint, createTestDatabase, DEMO_WALL_TOKEN, postEvents, testConfig, testPrefix, waitFor, type TestDatabase } from '../support/test-env.ts';
import { liveClient, type LiveClient } from '../support/live-client.ts';

let standIn: RedisStandIn;
let db: TestDatabase;
let pantau: PantauHandle;
let redis: Redis;
let client: LiveClient | null = null;
const prefix = testPrefix();

beforeAll(async () => {
  standIn = await startRedisStandIn();
  db = await createTestDatabase();
  pantau = await startPantau(testConfig(db.url, prefix, { redisUrl: standIn.url }));
  redis = new Redis(standIn.url);
});

afterAll(async () => {
  client?.close();
  redis?.disconnect();
  await pantau?.close();
  await standIn?.stop();
  await db?.drop();
});

describe('Pantau on the Redis stand-in', () => {
  it('processes a posted complaint into the live KPI and a wall snapshot', async () => {
    await waitFor(async () => (await redis.exists(`${prefix}live:ready`)) === 1);
    const ready = await fetch(`${pantau.url}/readyz`);
    expect(ready.status).toBe(200);

    client = liveClient(pantau.url, { token: DEMO_WALL_TOKEN });
    await waitFor(async () => client!.state !== null);
    const openBefore = client.state!.kpi.complaintsOpen;

    const title = 'Lampu jalan padam di Jl. Gatot Subroto';
    const event = complaint({ title });
    const res = await postEvents(pantau.url, 'complaints', { events: [event] });
    expect(res.status).toBe(202);

    await waitFor(async () => Number((await redis.hget(`${prefix}live:kpi`, 'complaintsOpen')) ?? 0) === openBefore + 1);
    expect(await redis.xpending(`${prefix}stream:complaints`, 'processors')).toEqual([0, null, null, null]);

    // The wall client gets it through a delta (or a fresh snapshot) on top of its snapshot.
    await waitFor(async () => client!.state!.kpi.complaintsOpen === openBefore + 1, 10_000);
    await waitFor(async () => client!.state!.complaints.some((c) => c.title === title), 10_000);
    expect(client.gaps).toBe(0);

    // A second client's snapshot carries it too.
    const second = liveClient(pantau.url, { token: DEMO_WALL_TOKEN });
    try {
      await waitFor(async () => second.state !== null);
      expect(second.state!.kpi.complaintsOpen).toBe(openBefore + 1);
      expect(second.state!.complaints.map((c) => c.title)).toContain(title);
    } finally {
      second.close();
    }
  });
});
