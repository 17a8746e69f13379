// The built-in prober against real local targets, and technician alerting: one alert per
// outage, one recovery, no storm from a flapping target, push monitors kept up by heartbeats
// and turned down by silence.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { actOnIncident } from '../../server/incidents/incident-service.ts';
import { LiveStateStore } from '../../server/live-state/live-state-store.ts';
import { liveKeys } from '../../server/live-state/live-keys.ts';
import { startTestServer, TEST_REDIS_URL, waitFor, type TestServer } from '../support/test-env.ts';

/** A local HTTP service the test can switch off and on, or make flap. */
function target() {
  let mode: 'up' | 'down' | 'flap' = 'up';
  let n = 0;
  const server = http.createServer((_req, res) => {
    n += 1;
    const ok = mode === 'up' || (mode === 'flap' && n % 2 === 0);
    res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' }).end(ok ? 'Layanan normal' : 'gangguan');
  });
  return {
    server,
    set: (m: typeof mode) => {
      mode = m;
    },
    listen: () => new Promise<string>((r) => server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}/health`))),
  };
}

/** Collects what a webhook channel receives. */
function receiver() {
  const messages: { event: string; incidents: { monitor: { code: string } }[]; text: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      messages.push(JSON.parse(body));
      res.writeHead(200).end('ok');
    });
  });
  return {
    messages,
    server,
    listen: () => new Promise<string>((r) => server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`))),
  };
}

let server: TestServer;
let redis: Redis;
const svc = target();
const flappy = target();
const hook = receiver();

beforeAll(async () => {
  const [svcUrl, flapUrl, hookUrl] = await Promise.all([svc.listen(), flappy.listen(), hook.listen()]);
  server = await startTestServer({
    roles: { web: true, processors: true, prober: true },
    prober: { maxConcurrent: 16, shard: 0, shards: 1, reloadMs: 300, silenceCheckMs: 300 },
    alerts: { groupWindowMs: 500, escalateAfterMinutes: 60, tickMs: 200 },
  });
  const db = server.handle.database.db;
  await db.insert(t.monitors).values([
    { code: 'test-web', name: 'Layanan Uji', opdCode: 'DISKOMINFO', kind: 'http', target: svcUrl, intervalSeconds: 1, timeoutMs: 800 },
    { code: 'test-flap', name: 'Layanan Naik Turun', opdCode: 'DISKOMINFO', kind: 'http', target: flapUrl, intervalSeconds: 1, timeoutMs: 800 },
  ]);
  await db.insert(t.notificationChannels).values({ name: 'Webhook uji', kind: 'webhook', config: { url: hookUrl }, opdCode: 'DISKOMINFO' });
  await server.handle.reference.refresh();
  redis = new Redis(TEST_REDIS_URL);
});

afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
  for (const s of [svc.server, flappy.server, hook.server]) s.close();
});

const liveMonitor = async (code: string) => {
  const json = await redis.hget(`${server.prefix}live:monitors`, code);
  return json ? JSON.parse(json) : null;
};

describe('prober and alerts', () => {
  it('takes a real target down and up with exactly one alert and one recovery, and no storm from a flapping one', async () => {
    await waitFor(async () => (await liveMonitor('test-web'))?.state === 'up', 15_000);

    svc.set('down');
    const down = await waitFor(async () => {
      const m = await liveMonitor('test-web');
      return m?.state === 'down' ? m : null;
    }, 15_000);
    expect(down.incident).toMatchObject({ acknowledgedBy: null });
    await waitFor(async () => hook.messages.some((m) => m.event === 'down'), 10_000);

    // A technician acknowledges: the wall's live view carries who handles it.
    const result = await actOnIncident(server.handle.database.db, new LiveStateStore(redis, liveKeys(server.prefix)), {
      incidentId: down.incident.id,
      action: 'acknowledge',
      actor: 'Budi Teknisi',
      note: 'sedang dicek di ruang server',
    });
    expect(result.ok).toBe(true);
    await waitFor(async () => (await liveMonitor('test-web'))?.incident?.acknowledgedBy === 'Budi Teknisi', 5_000);

    svc.set('up');
    await waitFor(async () => (await liveMonitor('test-web'))?.state === 'up', 15_000);
    await waitFor(async () => hook.messages.some((m) => m.event === 'recovery'), 10_000);
    // The flapping target had the whole time to misbehave.
    flappy.set('flap');
    await new Promise((r) => setTimeout(r, 6000));

    const byEvent = (e: string) => hook.messages.filter((m) => m.event === e);
    expect(byEvent('down')).toHaveLength(1);
    expect(byEvent('down')[0].incidents.map((i) => i.monitor.code)).toEqual(['test-web']);
    expect(byEvent('recovery')).toHaveLength(1);
    expect(hook.messages.some((m) => m.incidents.some((i) => i.monitor.code === 'test-flap'))).toBe(false);
    expect(byEvent('down')[0].text).toContain('LAYANAN MATI');

    const db = server.handle.database.db;
    const [monitor] = await db.select().from(t.monitors).where(eq(t.monitors.code, 'test-web'));
    const incidents = await db.select().from(t.incidents).where(eq(t.incidents.monitorId, monitor.id));
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ status: 'resolved', acknowledgedBy: 'Budi Teknisi', resolvedBy: 'system' });
    const deliveries = await db.select().from(t.alertDeliveries);
    expect(deliveries.filter((d) => d.status === 'delivered')).toHaveLength(2);
  });

  it('keeps a push monitor up while it sends heartbeats, and takes it down when it falls silent', async () => {
    // Created now: a push monitor nobody has heard from since its creation is silent, hence down.
    await server.handle.database.db
      .insert(t.monitors)
      .values({ code: 'test-push', name: 'Agen Cadangan', opdCode: 'BKAD', kind: 'push', pushToken: 'push-token-test-0123', intervalSeconds: 1, config: { graceSeconds: 1 } });
    await server.handle.reference.refresh();
    const beat = () => fetch(`${server.url}/api/push/push-token-test-0123?status=up&msg=OK&ping=12`).then((r) => r.json());
    expect(await beat()).toEqual({ ok: true });
    const ticker = setInterval(() => void beat(), 500);
    try {
      await waitFor(async () => (await liveMonitor('test-push'))?.state === 'up', 10_000);
      await new Promise((r) => setTimeout(r, 3000));
      expect((await liveMonitor('test-push')).state).toBe('up');
    } finally {
      clearInterval(ticker);
    }
    await waitFor(async () => (await liveMonitor('test-push'))?.state === 'down', 15_000);
    expect((await fetch(`${server.url}/api/push/unknown-token`)).status).toBe(404);
  });
});
