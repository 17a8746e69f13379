// Malformed, oversized, wrongly typed, deeply nested and hostile bodies sent to the ingest API
// are refused with a 4xx and a JSON error (no stack trace), leave no trace (no rows, no stream
// entries, no batch), and the server stays up. Injection strings where free text is allowed are
// the opposite case: accepted, and stored byte for byte as text, never interpreted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type postgres from 'postgres';
import { EVENT_KINDS } from '../../shared/events.ts';
import { INGEST_LIMITS } from '../../shared/domain-constants.ts';
import { newAccess } from '../../bench/access.ts';
import { Deployment, ServerProcess } from '../../bench/system-under-test.ts';
import { streamKeys } from '../../server/streams/stream-keys.ts';
import { PrivateRedis } from './support/private-redis.ts';
import { sleep } from './support/drill-kit.ts';

let redisServer: PrivateRedis;
let deployment: Deployment;
let server: ServerProcess;
let redis: Redis;
let sql: postgres.Sql;
const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-drill-hostile-'));
const logFile = path.join(logDir, 'server.log');

beforeAll(async () => {
  redisServer = await PrivateRedis.start();
  deployment = await Deployment.create({ access: newAccess(), redisUrl: redisServer.url, tag: 'drillhostile' });
  server = new ServerProcess(deployment, { logFile });
  await server.start();
  redis = deployment.redis();
  sql = deployment.sql();
});

afterAll(async () => {
  await server?.kill();
  redis?.disconnect();
  await sql?.end();
  await deployment?.cleanup().catch(() => {});
  await redisServer?.stop();
  fs.rmSync(logDir, { recursive: true, force: true });
});

type Kind = (typeof EVENT_KINDS)[number];
interface Case {
  name: string;
  kind: Kind;
  body: string | Buffer;
  headers?: Record<string, string>;
  status: number;
}

const now = () => new Date().toISOString();
let n = 0;
const complaint = (o: Record<string, unknown> = {}) => ({
  source: 'demo',
  externalId: `hostile-${++n}`,
  occurredAt: now(),
  channel: 'MRK',
  category: 'sampah',
  text: 'Sampah menumpuk.',
  location: { lat: 3.5952, lon: 98.6722 },
  ...o,
});
const heartbeat = (o: Record<string, unknown> = {}) => ({ source: 'demo', externalId: `hostile-hb-${++n}`, occurredAt: now(), monitor: 'mrk-web', status: 'up', ...o });
const upload = (o: Record<string, unknown> = {}) => ({
  source: 'demo',
  externalId: `hostile-up-${++n}`,
  occurredAt: now(),
  opd: 'DISDUKCAPIL',
  dataset: 'rekap-layanan-harian',
  ...o,
});
const batch = (...events: unknown[]) => JSON.stringify({ events });
/** A complaint batch whose text field holds these raw bytes (not valid UTF-8 on purpose). */
const withBytes = (bytes: number[]) => {
  const [a, b] = batch(complaint({ text: '@@BYTES@@' })).split('@@BYTES@@');
  return Buffer.concat([Buffer.from(a), Buffer.from(bytes), Buffer.from(b)]);
};

function cases(): Case[] {
  const c = (name: string, body: string | Buffer, status = 400, kind: Kind = 'complaints', headers?: Record<string, string>): Case => ({ name, kind, body, status, headers });
  return [
    // malformed
    c('truncated JSON', '{"events": [{"source": "demo"'),
    c('not JSON at all', 'hello, is this Pantau?'),
    c('trailing comma', '{"events": [{"a": 1},]}'),
    c('empty body', ''),
    c('JSON null', 'null'),
    c('bare array', JSON.stringify([complaint()])),
    c('bare string', '"events"'),
    c('single quotes', "{'events': []}"),
    // oversized
    c('2 MB body', batch(complaint({ text: 'x'.repeat(2_100_000) })), 413),
    c('10 MB body', Buffer.alloc(10 * 1024 * 1024, 0x20), 413),
    c(`${INGEST_LIMITS.maxEventsPerBatch + 1} events`, batch(...Array.from({ length: INGEST_LIMITS.maxEventsPerBatch + 1 }, () => complaint()))),
    c('text of 5,001 characters', batch(complaint({ text: 'x'.repeat(5001) }))),
    c('externalId of 129 characters', batch(complaint({ externalId: 'x'.repeat(129) }))),
    // wrongly typed
    c('events is an object', JSON.stringify({ events: complaint() })),
    c('event is a string', batch('a complaint')),
    c('occurredAt is a number', batch(complaint({ occurredAt: Date.now() }))),
    c('occurredAt in words', batch(complaint({ occurredAt: 'yesterday afternoon' }))),
    c('occurredAt without offset', batch(complaint({ occurredAt: '2026-11-22T08:15:00' }))),
    c('lat is text', batch(complaint({ location: { lat: 'north', lon: 98.6 } }))),
    c('unknown status', batch(complaint({ status: 'exploded' }))),
    c('unknown privacy', batch(complaint({ privacy: 'everyone' }))),
    c('externalId is a number', batch(complaint({ externalId: 12345 }))),
    c('negative rows', batch(upload({ rows: -1 })), 400, 'uploads'),
    c('latency as text', batch(heartbeat({ latencyMs: 'fast' })), 400, 'heartbeats'),
    c('fractional status code', batch(heartbeat({ statusCode: 200.5 })), 400, 'heartbeats'),
    c('one bad event among good ones', batch(complaint(), complaint({ category: 'no-such-category' }), complaint())),
    // missing fields
    c('no events', JSON.stringify({})),
    c('zero events', batch()),
    c('empty event', batch({})),
    c('no source', batch(complaint({ source: undefined }))),
    c('no externalId', batch(complaint({ externalId: undefined }))),
    c('no occurredAt', batch(complaint({ occurredAt: undefined }))),
    c('no channel', batch(complaint({ channel: undefined }))),
    c('heartbeat without status', batch(heartbeat({ status: undefined })), 400, 'heartbeats'),
    // deeply nested
    c('array nested 100,000 deep', `{"events":${'['.repeat(100_000)}${']'.repeat(100_000)}}`),
    c('object nested 50,000 deep in text', batch(complaint({ text: '@@' })).replace('"@@"', `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`)),
    c('raw nesting 400,000 deep', '['.repeat(400_000)),
    // huge numbers
    c('lat 1e309', batch(complaint()).replace('"lat":3.5952', '"lat":1e309')),
    c('rows 1e400', batch(upload({ rows: 1 })).replace('"rows":1', '"rows":1e400'), 400, 'uploads'),
    c('status code of 30 digits', batch(heartbeat({ statusCode: 1 })).replace('"statusCode":1', '"statusCode":123456789012345678901234567890'), 400, 'heartbeats'),
    c('latency 1e308', batch(heartbeat({ latencyMs: 1e308 })), 400, 'heartbeats'),
    // hostile strings where only codes are allowed
    c('SQL in channel', batch(complaint({ channel: "MRK'; DROP TABLE complaints; --" }))),
    c('SQL in category', batch(complaint({ category: "' OR '1'='1" }))),
    c('SQL in source', batch(complaint({ source: "demo' --" }))),
    c('another source than the key', batch(complaint({ source: 'mrk' }))),
    c('HTML in category', batch(complaint({ category: '<img src=x onerror=alert(1)>' }))),
    c('HTML in kecamatan', batch(complaint({ kecamatan: '<script>alert(1)</script>' }))),
    c('path in monitor', batch(heartbeat({ monitor: '../../etc/passwd' })), 400, 'heartbeats'),
    c('SQL in dataset', batch(upload({ dataset: 'x; DELETE FROM upload_records' })), 400, 'uploads'),
    c('prototype pollution keys', '{"__proto__":{"polluted":true},"events":[{"__proto__":{"x":1},"constructor":{"prototype":{"y":1}}}]}'),
    c('NUL character in text', batch(complaint({ text: 'a\u0000b' }))),
    // invalid Unicode
    c('invalid UTF-8 bytes (ff fe)', withBytes([0xff, 0xfe, 0x41])),
    c('overlong UTF-8 (c0 af)', withBytes([0xc0, 0xaf])),
    c('truncated UTF-8 sequence', withBytes([0xe2, 0x82])),
    c('UTF-8 encoded surrogate (ed a0 80)', withBytes([0xed, 0xa0, 0x80])),
    c('lone surrogate escape in text', batch(complaint({ text: '@@' })).replace('@@', '\\ud800')),
    c('lone surrogate escape in title', batch(complaint({ title: '@@' })).replace('@@', 'a\\udfffb')),
    c('UTF-16 body', Buffer.from(batch(complaint()), 'utf16le')),
    // authentication
    c('no API key', batch(complaint()), 401, 'complaints', { authorization: '' }),
    c('wrong API key', batch(complaint()), 401, 'complaints', { authorization: 'Bearer not-a-real-key-123456' }),
    c('SQL as API key', batch(complaint()), 401, 'complaints', { authorization: "Bearer ' OR '1'='1" }),
    c('basic auth instead of a key', batch(complaint()), 401, 'complaints', { authorization: 'Basic ZGVtbzpkZW1v' }),
  ];
}

async function post(k: Case) {
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${deployment.access.apiKey}`, ...k.headers };
  if (headers.authorization === '') delete headers.authorization;
  const res = await fetch(`${server.url}/api/v1/${k.kind}`, { method: 'POST', headers, body: typeof k.body === 'string' ? k.body : new Uint8Array(k.body) });
  const text = await res.text();
  return { status: res.status, text };
}

async function traces() {
  const [rows] = await sql<{ complaints: number; uploads: number; checks: number; batches: number }[]>`
    select (select count(*)::int from complaints) as complaints,
           (select count(*)::int from upload_records where source = 'demo') as uploads,
           (select count(*)::int from check_results where source = 'demo') as checks,
           (select count(*)::int from ingest_batches where source = 'demo') as batches`;
  const keys = streamKeys(deployment.prefix);
  const streams = await Promise.all(EVENT_KINDS.map((k) => redis.xlen(keys.stream(k))));
  return { ...rows, streamEntries: streams.reduce((a, b) => a + b, 0), deadLetters: await redis.xlen(keys.deadLetters) };
}

describe('hostile payloads', () => {
  it('are refused with 4xx, leave no trace, and the server stays up', async () => {
    const all = cases();
    const wrong: string[] = [];
    for (const k of all) {
      const { status, text } = await post(k);
      let json: { error?: unknown } | null = null;
      try {
        json = JSON.parse(text);
      } catch {
        // checked below
      }
      const leaks = /at \S+ \(|node_modules|\/work\/|stack/i.test(text);
      if (status !== k.status || !json || typeof json.error !== 'string' || leaks) {
        wrong.push(`${k.name}: ${status} (expected ${k.status})${json ? '' : ', not JSON'}${leaks ? ', leaks internals' : ''}: ${text.slice(0, 120)}`);
      }
    }
    await sleep(1500);
    const health = await fetch(`${server.url}/healthz`);
    const left = await traces();
    const errorsLogged = fs
      .readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"level":50') || l.includes('"level":60'));
    console.log(`[hostile] ${all.length} payloads; ${wrong.length} answered wrongly; traces ${JSON.stringify(left)}; /healthz ${health.status}; error lines in the server log ${errorsLogged.length}`);
    expect.soft(wrong).toEqual([]);
    expect.soft(left).toEqual({ complaints: 0, uploads: 0, checks: 0, batches: 0, streamEntries: 0, deadLetters: 0 });
    expect.soft(health.status).toBe(200);
    expect.soft(server.running).toBe(true);
    expect.soft(errorsLogged.map((l) => l.slice(0, 300))).toEqual([]);
  });

  it('takes injection strings in free text as plain text, stored byte for byte', async () => {
    const hostile = {
      title: '<script>alert("pantau")</script><img src=x onerror=alert(1)>',
      text: "Robert'); DROP TABLE complaints; -- \" OR 1=1; /* ${jndi:ldap://x} {{7*7}} \u202e\u200b عربى 中文 😀",
      externalId: `x'); DELETE FROM complaints; -- ${Date.now()}`,
    };
    const { status } = await post({ name: 'free text', kind: 'complaints', status: 202, body: batch(complaint(hostile)) });
    expect(status).toBe(202);
    let row: { title: string; text: string; external_id: string } | undefined;
    for (let i = 0; i < 50 && !row; i++) {
      await sleep(100);
      [row] = await sql<{ title: string; text: string; external_id: string }[]>`select title, text, external_id from complaints where external_id = ${hostile.externalId}`;
    }
    expect(row).toEqual({ title: hostile.title, text: hostile.text, external_id: hostile.externalId });
    const [{ n: tables }] = await sql<{ n: number }[]>`select count(*)::int as n from information_schema.tables where table_name in ('complaints', 'upload_records', 'check_results')`;
    expect(tables).toBe(3);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
