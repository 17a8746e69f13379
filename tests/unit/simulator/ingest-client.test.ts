import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { INGEST_LIMITS } from '../../../shared/domain-constants.ts';
import { IngestClient, parseRetryAfter, type ClientNotice } from '../../../server/simulator/ingest-client.ts';

interface Received {
  path: string;
  auth: string | undefined;
  contentType: string | undefined;
  bytes: number;
  events: { externalId: string }[];
}

type Handler = (r: Received, n: number) => { status: number; headers?: Record<string, string>; body?: unknown } | undefined;

/** A tiny stand-in for the ingest API that records what it gets. */
async function receiver(handler: Handler = () => undefined, port = 0) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const r: Received = {
        path: req.url ?? '',
        auth: req.headers.authorization,
        contentType: req.headers['content-type'],
        bytes: raw.length,
        events: JSON.parse(raw.toString('utf8')).events,
      };
      received.push(r);
      const answer = handler(r, received.length) ?? { status: 202, body: { accepted: r.events.length, batchId: `b${received.length}` } };
      res.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
      res.end(JSON.stringify(answer.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, server, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function client(url: string, extra: Partial<ConstructorParameters<typeof IngestClient>[0]> = {}) {
  const notices: ClientNotice[] = [];
  const c = new IngestClient({ url, apiKey: 'kunci-uji', batchSize: 500, flushMs: 20, concurrency: 4, maxBackoffMs: 400, onNotice: (n) => notices.push(n), ...extra });
  cleanups.push(() => c.close());
  return { c, notices };
}

const beat = (i: number, text = '') => ({ source: 'simulator', externalId: `hb-${i}`, occurredAt: '2026-11-22T08:00:00+07:00', monitor: 'mrk-web', status: 'up', message: text || undefined });

describe('ingest client', () => {
  it('batches per kind, sends the bearer key and JSON, and counts what was accepted', async () => {
    const r = await receiver();
    cleanups.push(r.close);
    const { c } = client(r.url);
    for (let i = 0; i < 1234; i++) c.enqueue('heartbeats', beat(i));
    for (let i = 0; i < 3; i++) c.enqueue('uploads', { externalId: `u-${i}` });
    expect(await c.flush(5000)).toBe(true);
    const hb = r.received.filter((x) => x.path === '/api/v1/heartbeats');
    expect(hb.map((x) => x.events.length).sort((a, b) => b - a)).toEqual([500, 500, 234]);
    expect(r.received.filter((x) => x.path === '/api/v1/uploads')).toHaveLength(1);
    for (const x of r.received) {
      expect(x.auth).toBe('Bearer kunci-uji');
      expect(x.contentType).toBe('application/json');
    }
    expect(c.total.accepted).toEqual({ complaints: 0, uploads: 3, heartbeats: 1234 });
    expect(c.backlog()).toBe(0);
  });

  it('sends a partial batch after flushMs without being asked', async () => {
    const r = await receiver();
    cleanups.push(r.close);
    const { c } = client(r.url);
    c.enqueue('complaints', { externalId: 'c-1' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(r.received).toHaveLength(1);
    expect(c.total.accepted.complaints).toBe(1);
  });

  it('honours Retry-After on 503 and then delivers everything exactly once', async () => {
    const r = await receiver((_, n) => (n === 1 ? { status: 503, headers: { 'retry-after': '1' }, body: { error: 'unavailable', message: 'sibuk' } } : undefined));
    cleanups.push(r.close);
    const { c, notices } = client(r.url);
    const started = Date.now();
    for (let i = 0; i < 50; i++) c.enqueue('heartbeats', beat(i));
    expect(await c.flush(5000)).toBe(true);
    const accepted = r.received.slice(1).flatMap((x) => x.events.map((e) => e.externalId));
    expect(accepted.sort()).toEqual(Array.from({ length: 50 }, (_, i) => `hb-${i}`).sort());
    expect(r.received[1]).toBeDefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(notices.some((n) => n.kind === 'busy' && n.retryInMs === 1000)).toBe(true);
    expect(notices.some((n) => n.kind === 'recovered')).toBe(true);
    expect(c.total.errors['http-503']).toBe(1);
  });

  it('keeps retrying when the key is refused, and says so', async () => {
    let allow = false;
    const r = await receiver(() => (allow ? undefined : { status: 401, body: { error: 'unauthorized', message: 'kunci tidak dikenal' } }));
    cleanups.push(r.close);
    const { c, notices } = client(r.url);
    c.enqueue('complaints', { externalId: 'c-1' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(notices[0]).toMatchObject({ kind: 'unauthorized', status: 401, message: 'kunci tidak dikenal' });
    expect(c.total.accepted.complaints).toBe(0);
    allow = true;
    expect(await c.flush(6000)).toBe(true);
    expect(c.total.accepted.complaints).toBe(1);
  });

  it('splits a batch on 413 and keeps bodies under the 1 MB limit', async () => {
    const r = await receiver((x) => (x.events.length > 100 ? { status: 413, body: { error: 'payload_too_large', message: 'terlalu besar' } } : undefined));
    cleanups.push(r.close);
    const { c } = client(r.url);
    const big = 'x'.repeat(4000);
    for (let i = 0; i < 400; i++) c.enqueue('heartbeats', beat(i, big));
    expect(await c.flush(5000)).toBe(true);
    expect(c.total.accepted.heartbeats).toBe(400);
    for (const x of r.received) expect(x.bytes).toBeLessThanOrEqual(INGEST_LIMITS.maxBodyBytes);
    expect(r.received.some((x) => x.bytes > 300_000 && x.events.length > 100)).toBe(true); // the first, refused one
  });

  it('drops only the events a 400 names and resends the rest', async () => {
    const r = await receiver((_, n) =>
      n === 1
        ? {
            status: 400,
            body: {
              error: 'validation_failed',
              message: 'ada event yang salah',
              errors: [
                { index: 1, field: 'events[1].source', message: 'source does not match the API key' },
                { index: 3, field: 'events[3].occurredAt', message: 'bad date' },
              ],
            },
          }
        : undefined,
    );
    cleanups.push(r.close);
    const { c, notices } = client(r.url);
    for (let i = 0; i < 6; i++) c.enqueue('heartbeats', beat(i));
    expect(await c.flush(3000)).toBe(true);
    expect(r.received[1].events.map((e) => e.externalId)).toEqual(['hb-0', 'hb-2', 'hb-4', 'hb-5']);
    expect(c.total.dropped).toBe(2);
    expect(notices[0]).toMatchObject({ kind: 'validation', dropped: 2, resent: 4 });
  });

  it('waits for an unreachable server and delivers once it is up', async () => {
    const probe = await receiver();
    const port = Number(new URL(probe.url).port);
    await probe.close();
    const { c, notices } = client(`http://127.0.0.1:${port}`);
    for (let i = 0; i < 10; i++) c.enqueue('heartbeats', beat(i));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(notices.some((n) => n.kind === 'unreachable' && /ECONNREFUSED/.test(n.detail))).toBe(true);
    expect(c.backlog()).toBe(10);
    const r = await receiver(undefined, port);
    cleanups.push(r.close);
    expect(await c.flush(5000)).toBe(true);
    expect(c.total.accepted.heartbeats).toBe(10);
    expect(notices.some((n) => n.kind === 'recovered')).toBe(true);
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(undefined)).toBeNull();
    const now = Date.parse('2026-11-22T01:00:00Z');
    expect(parseRetryAfter('Sun, 22 Nov 2026 01:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon')).toBeNull();
  });
});
