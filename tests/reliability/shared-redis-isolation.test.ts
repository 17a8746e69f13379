// PANTAU_REDIS_PREFIX promises that several deployments (or test runs) can share one Redis
// ("Prefix of every Redis key and channel", server/config.ts). Their walls must not feel each
// other: stopping deployment B must not touch deployment A's connected walls.
//
// Found by this drill and fixed: the Socket.IO Redis adapter had no key, so every deployment
// on a Redis shared the channel `socket.io#/#...`, and LivePush.stop() broadcast
// disconnectSockets to all of them. The adapter is now keyed by PANTAU_REDIS_PREFIX and a stop
// disconnects only the node's own sockets (server/push/live-push.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newAccess, socketAuth } from '../../bench/access.ts';
import { Deployment, ServerProcess } from '../../bench/system-under-test.ts';
import { liveClient, type LiveClient } from '../support/live-client.ts';
import { PrivateRedis } from './support/private-redis.ts';
import { sleep, until } from './support/drill-kit.ts';

let redisServer: PrivateRedis;
const deployments: Deployment[] = [];
const servers: ServerProcess[] = [];
const clients: LiveClient[] = [];

beforeAll(async () => {
  redisServer = await PrivateRedis.start();
  for (const tag of ['drillsharea', 'drillshareb']) {
    const d = await Deployment.create({ access: newAccess(), redisUrl: redisServer.url, tag });
    const s = new ServerProcess(d);
    await s.start();
    deployments.push(d);
    servers.push(s);
  }
});

afterAll(async () => {
  for (const c of clients) c.close();
  for (const s of servers) await s.kill();
  for (const d of deployments) await d.cleanup().catch(() => {});
  await redisServer?.stop();
});

describe('deployments sharing one Redis', () => {
  it("stopping one does not disconnect the other's walls", async () => {
    const [a, b] = servers;
    const wallOfA = liveClient(a.url, socketAuth(deployments[0].access));
    clients.push(wallOfA);
    await until('wall of A has its snapshot', () => wallOfA.snapshots === 1, 10_000);
    const reasons: string[] = [];
    wallOfA.socket.on('disconnect', (reason) => reasons.push(reason));

    await b.stop();
    await sleep(3000);
    console.log(`[shared Redis] wall of A after B stopped: ${reasons.length ? `disconnected (${reasons.join(', ')})` : 'still connected'}`);
    expect(reasons).toEqual([]);
    expect(wallOfA.socket.connected).toBe(true);
  });
});
