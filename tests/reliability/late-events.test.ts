// A connected wall must end up showing what a wall opened now shows ("the wall never needs a
// reload"). Events routinely arrive late: a channel forwards a complaint minutes after the
// citizen submitted it, an upload record carries the upload time, a backlog drains after a
// Postgres outage. The per-minute arrival buckets are keyed by those source times, so a late
// event changes an older bucket; deltas must carry it.
//
// Found by this drill and fixed: deltas used to carry only the last two minute buckets, so a
// connected wall's older buckets stayed short until it reloaded. Processors now announce the
// exact bucket they change (`min:<epoch minute>`) and deltas carry those too
// (server/live-state/live-state-store.ts changedMinutes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAccess, socketAuth } from '../../bench/access.ts';
import { Deployment, ServerProcess } from '../../bench/system-under-test.ts';
import { liveClient, type LiveClient } from '../support/live-client.ts';
import { PrivateRedis } from './support/private-redis.ts';
import { stateDifferences, until } from './support/drill-kit.ts';

let redisServer: PrivateRedis;
let deployment: Deployment;
let server: ServerProcess;
const clients: LiveClient[] = [];

beforeAll(async () => {
  redisServer = await PrivateRedis.start();
  deployment = await Deployment.create({ access: newAccess(), redisUrl: redisServer.url, tag: 'drilllate' });
  server = new ServerProcess(deployment);
  await server.start();
});

afterAll(async () => {
  for (const c of clients) c.close();
  await server?.kill();
  await deployment?.cleanup().catch(() => {});
  await redisServer?.stop();
});

describe('late events', () => {
  it('reach connected walls: their minute buckets match a fresh snapshot', async () => {
    const client = liveClient(server.url, socketAuth(deployment.access));
    clients.push(client);
    await until('snapshot', () => client.snapshots === 1, 10_000);

    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    const res = await fetch(`${server.url}/api/v1/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${deployment.access.apiKey}` },
      body: JSON.stringify({
        events: [5, 10, 20].map((m) => ({
          source: deployment.access.source,
          externalId: `late-${m}-${Date.now()}`,
          occurredAt: minutesAgo(m),
          submittedAt: minutesAgo(m),
          channel: 'MRK',
          category: 'sampah',
          text: 'Sampah menumpuk, dilaporkan lewat kanal yang meneruskan terlambat.',
          location: { lat: 3.5952, lon: 98.6722 },
        })),
      }),
    });
    expect(res.status).toBe(202);
    await until('the three complaints reach the client', () => client.state!.kpi.complaintsToday === 3, 15_000);
    await new Promise((r) => setTimeout(r, 1000));

    const fresh = liveClient(server.url, socketAuth(deployment.access));
    clients.push(fresh);
    await until('fresh snapshot', () => fresh.snapshots === 1, 10_000);
    const sum = (c: LiveClient) => c.state!.minutes.reduce((a, m) => a + m.complaints, 0);
    console.log(`[late events] complaints in the minute buckets: connected wall ${sum(client)}, freshly opened wall ${sum(fresh)}`);
    expect(stateDifferences(client.state!, fresh.state!)).toEqual([]);
  });
});
