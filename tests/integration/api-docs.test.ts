// The API documentation stays true. GET /api/v1/openapi.json is a valid OpenAPI 3.1 document (a
// validator from the registry says so, every reference resolves, every schema compiles); it names
// exactly the routes the Express app registers; every example in it and every curl body in
// docs/api.md is accepted as-is; and a tour of real calls, one or more per operation, gets only
// answers whose status and shape the document describes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { repoRoot } from '../../server/config.ts';
import { validateBatch } from '../../server/ingest/validate-batch.ts';
import { deadLetter } from '../../server/streams/event-stream.ts';
import { streamKeys } from '../../server/streams/stream-keys.ts';
import { call, complaint, DEMO_KEY, DEMO_WALL_TOKEN, loginAs, postEvents, startTestServer, waitFor, type LoggedIn, type TestServer } from '../support/test-env.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

let server: TestServer;
let doc: any;
let clientDir: string;

beforeAll(async () => {
  clientDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-client-'));
  fs.writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>Pantau</title><div id="app"></div>');
  server = await startTestServer({ clientDir });
  const res = await fetch(`${server.url}/api/v1/openapi.json`);
  expect(res.status).toBe(200);
  doc = await res.json();
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(clientDir, { recursive: true, force: true });
});

/** Every `$ref` in a JSON value. */
function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

function resolvePointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: any = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/** The document's schemas in a strict JSON Schema 2020-12 validator (refs rewritten to absolute ids). */
function schemaValidator(document: any) {
  const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  // OpenAPI's own annotations on Schema Objects.
  ajv.addVocabulary(['discriminator', 'xml', 'externalDocs', 'example']);
  const base = 'https://pantau.invalid/components/schemas/';
  const absolute = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(absolute);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/') ? base + v.slice('#/components/schemas/'.length) : absolute(v)]),
      );
    }
    return value;
  };
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    ajv.addSchema({ ...(absolute(schema) as object), $id: base + name });
  }
  const cache = new Map<unknown, ValidateFunction>();
  return {
    compileAll() {
      for (const name of Object.keys(document.components?.schemas ?? {})) ajv.getSchema(base + name);
    },
    validate(schema: unknown, value: unknown): string | null {
      let fn = cache.get(schema);
      if (!fn) {
        fn = ajv.compile(absolute(schema) as object);
        cache.set(schema, fn);
      }
      return fn(value) ? null : ajv.errorsText(fn.errors, { separator: '\n' });
    },
  };
}

interface RegisteredRoute {
  method: string;
  path: string;
}

/** What the Express 5 app registers: routes of the app and of every router mounted in it. */
function registeredRoutes(app: Express): RegisteredRoute[] {
  const out: RegisteredRoute[] = [];
  const walk = (stack: any[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const methods = Object.keys(layer.route.methods).filter((m) => layer.route.methods[m]);
        for (const p of [layer.route.path].flat()) {
          if (typeof p !== 'string') throw new Error(`route path ${String(p)} is not a string: teach this test to read it`);
          for (const m of methods) out.push({ method: m === '_all' ? 'all' : m, path: prefix + p });
        }
      } else if (Array.isArray(layer.handle?.stack)) {
        if (typeof layer.rawPath !== 'string') throw new Error(`router mounted at ${String(layer.rawPath)}: teach this test to read it`);
        walk(layer.handle.stack, layer.slash ? prefix : prefix + layer.rawPath);
      }
    }
  };
  walk((app as unknown as { router: { stack: unknown[] } }).router.stack as any[], '');
  return out;
}

/** Express `/a/:id/b` -> OpenAPI `/a/{id}/b`. */
const openApiPath = (expressPath: string) => expressPath.replace(/:(\w+)/g, '{$1}');

function documentedOperations(document: any): RegisteredRoute[] {
  const out: RegisteredRoute[] = [];
  for (const [p, item] of Object.entries<any>(document.paths)) for (const m of METHODS) if (item[m]) out.push({ method: m, path: p });
  return out;
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 and every reference in it resolves', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)?.slice(0, 3000)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    const broken = [...new Set(refsIn(doc))].filter((ref) => resolvePointer(doc, ref) === undefined);
    expect(broken).toEqual([]);
  });

  it('has schemas that a strict JSON Schema 2020-12 validator compiles', () => {
    const schemas = schemaValidator(doc);
    expect(() => schemas.compileAll()).not.toThrow();
    for (const { method, path: p } of documentedOperations(doc)) {
      const op = doc.paths[p][method];
      for (const media of Object.values<any>(op.requestBody?.content ?? {})) if (media.schema) expect(() => schemas.validate(media.schema, {}), `${method} ${p}`).not.toThrow();
    }
  });

  it('names every route the app registers, and none it does not', () => {
    const app = server.handle.app!;
    const registered = registeredRoutes(app).map((r) => ({ ...r, path: openApiPath(r.path) }));
    expect(registered.length).toBeGreaterThan(40);
    const documented = documentedOperations(doc);
    const has = (method: string, p: string) => documented.some((d) => d.method === method && d.path === p);
    // A route for every method (Uptime Kuma's push URL) must be documented for GET and POST at least.
    const missing = registered.filter((r) => (r.method === 'all' ? !has('get', r.path) || !has('post', r.path) : !has(r.method, r.path)));
    expect(missing, 'registered but not in /api/v1/openapi.json').toEqual([]);
    const phantom = documented.filter(
      (d) => !registered.some((r) => r.path === d.path && (r.method === d.method || r.method === 'all' || (d.method === 'head' && r.method === 'get'))),
    );
    expect(phantom, 'documented but not registered').toEqual([]);
  });

  it('gives every operation an id, a summary, its security and its answers', () => {
    const ids = new Set<string>();
    for (const { method, path: p } of documentedOperations(doc)) {
      const op = doc.paths[p][method];
      expect(op.operationId, `${method} ${p}`).toBeTruthy();
      expect(ids.has(op.operationId), `duplicate operationId ${op.operationId}`).toBe(false);
      ids.add(op.operationId);
      expect(op.summary, `${method} ${p}`).toBeTruthy();
      expect(Array.isArray(op.security), `${method} ${p} says who may call it`).toBe(true);
      for (const s of op.security) for (const name of Object.keys(s)) expect(doc.components.securitySchemes[name], name).toBeDefined();
      expect(Object.keys(op.responses).length, `${method} ${p}`).toBeGreaterThan(0);
      for (const param of p.match(/\{(\w+)\}/g) ?? []) {
        const name = param.slice(1, -1);
        expect(op.parameters?.some((x: any) => (x.$ref ? resolvePointer(doc, x.$ref) : x)?.name === name && (x.$ref ? resolvePointer(doc, x.$ref) : x)?.in === 'path'), `${method} ${p}: ${name}`).toBe(true);
      }
    }
  });

  it('serves request examples that are accepted', async () => {
    for (const kind of ['complaints', 'uploads', 'heartbeats'] as const) {
      const content = doc.paths[`/api/v1/${kind}`].post.requestBody.content['application/json'];
      expect(content.schema.$ref ? resolvePointer(doc, content.schema.$ref) : content.schema).toHaveProperty('properties.events');
      const res = await postEvents(server.url, kind, content.example);
      expect(res.status, `${kind}: ${JSON.stringify(res.body)}`).toBe(202);
    }
  });

  it('every curl example in docs/api.md is accepted', async () => {
    const md = fs.readFileSync(path.join(repoRoot, 'docs/api.md'), 'utf8');
    const examples = [...md.matchAll(/curl[^`]*?\/api\/v1\/(complaints|uploads|heartbeats)"[^`]*?-d '([^']+)'/g)];
    expect(examples.length).toBeGreaterThanOrEqual(4);
    for (const [, kind, body] of examples) {
      const res = await postEvents(server.url, kind as 'complaints', JSON.parse(body));
      expect(res.status, `${kind}: ${JSON.stringify(res.body)}`).toBe(202);
    }
  });
});

describe('every operation answers as documented', () => {
  const called = new Set<string>();
  let schemas: ReturnType<typeof schemaValidator>;
  let admin: LoggedIn;
  let operator: LoggedIn;
  let teknisi: LoggedIn;
  let pimpinan: LoggedIn;
  const wall = () => ({ authorization: `Bearer ${DEMO_WALL_TOKEN}` });

  /** The documented path template a concrete path belongs to (literal segments before parameters). */
  function templateOf(concrete: string): string | undefined {
    const candidates = Object.keys(doc.paths).filter((p) => new RegExp(`^${p.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}/g, '[^/]+')}$`).test(concrete));
    return candidates.sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0))[0];
  }

  /** Calls the API and checks the answer against the document: its status is listed, its body fits. */
  async function api(method: string, url: string, init: { headers?: Record<string, string>; body?: unknown } = {}) {
    const res = await call(`${server.url}${url}`, { method: method.toUpperCase(), ...init });
    const template = templateOf(url.split('?')[0]);
    expect(template, `${method} ${url} is not documented`).toBeDefined();
    const op = doc.paths[template!][method];
    expect(op, `${method} ${template} is not documented`).toBeDefined();
    let response = op.responses[String(res.status)];
    expect(response, `${method} ${template} answered ${res.status}, which is not documented: ${res.text.slice(0, 300)}`).toBeDefined();
    if (response.$ref) response = resolvePointer(doc, response.$ref);
    const type = (res.headers.get('content-type') ?? '').split(';')[0].trim();
    if (!response.content) {
      expect(res.text, `${method} ${template} ${res.status} has no documented body`).toBe('');
    } else {
      const media = response.content[type];
      expect(media, `${method} ${template} ${res.status} answered ${type}; documented: ${Object.keys(response.content)}`).toBeDefined();
      if (media.schema) {
        const problem = schemas.validate(media.schema, res.body);
        expect(problem, `${method} ${template} ${res.status}: ${problem}\n${res.text.slice(0, 1500)}`).toBeNull();
      }
    }
    called.add(`${method} ${template}`);
    return res;
  }

  beforeAll(async () => {
    schemas = schemaValidator(doc);
    [admin, operator, teknisi, pimpinan] = await Promise.all([loginAs(server, ['admin']), loginAs(server, ['operator']), loginAs(server, ['teknisi']), loginAs(server, ['pimpinan'])]);
  });

  it('health, metrics, documentation and screens', async () => {
    expect((await api('get', '/healthz')).status).toBe(200);
    expect((await api('get', '/readyz')).status).toBe(200);
    expect((await api('get', '/metrics')).status).toBe(200);
    expect((await api('get', '/metrics', { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(401);
    expect((await api('get', '/metrics', { headers: { 'x-forwarded-for': '203.0.113.9', ...pimpinan.headers } })).status).toBe(403);
    expect((await api('get', '/api/v1/openapi.json')).status).toBe(200);
    expect((await api('get', '/')).status).toBe(200);
    expect((await api('get', '/login')).status).toBe(200);
    expect((await api('get', '/wall')).status).toBe(303);
    expect((await api('get', `/wall?token=${DEMO_WALL_TOKEN}`)).status).toBe(200);
    expect((await api('get', '/pimpinan', { headers: pimpinan.headers })).status).toBe(200);
    expect((await api('get', '/pimpinan/laporan?period=7d', { headers: pimpinan.headers })).status).toBe(200);
    expect((await api('get', '/pimpinan/opd/DISKOMINFO', { headers: admin.headers })).status).toBe(200);
    expect((await api('get', '/pimpinan/kecamatan/12.71.01', { headers: teknisi.headers })).status).toBe(303);
    expect((await api('get', '/teknisi', { headers: teknisi.headers })).status).toBe(200);
    expect((await api('get', '/operator', { headers: operator.headers })).status).toBe(200);
    expect((await api('get', '/operator?state=handed_back', { headers: pimpinan.headers })).status).toBe(303);
    expect((await api('get', '/teknisi/monitor/sipandu', { headers: pimpinan.headers })).status).toBe(303);
    expect((await api('get', '/admin', { headers: admin.headers })).status).toBe(200);
    expect((await api('get', '/admin/audit?action=user.update', { headers: admin.headers })).status).toBe(200);
    expect((await api('get', '/admin/pengguna', { headers: operator.headers })).status).toBe(303);
  });

  it('ingest and the push URL', async () => {
    expect((await api('post', '/api/v1/complaints', { headers: { authorization: `Bearer ${DEMO_KEY}` }, body: { events: [complaint()] } })).status).toBe(202);
    const bad = await api('post', '/api/v1/complaints', { headers: { authorization: `Bearer ${DEMO_KEY}` }, body: { events: [complaint({ occurredAt: 'kemarin', location: { lat: 'x' } })] } });
    expect(bad.status).toBe(400);
    expect((await api('post', '/api/v1/complaints', { headers: { authorization: `Bearer ${DEMO_KEY}` }, body: '{"events": [' })).status).toBe(400);
    expect((await api('post', '/api/v1/uploads', { body: { events: [] } })).status).toBe(401);
    expect((await api('post', '/api/v1/uploads', { headers: { authorization: `Bearer ${DEMO_KEY}` }, body: { events: [] } })).status).toBe(400);
    expect((await api('post', '/api/v1/heartbeats', { headers: { authorization: `Bearer ${DEMO_KEY}` }, body: 'x'.repeat(1_100_000) })).status).toBe(413);
    expect((await api('post', '/api/v1/heartbeats', { headers: { authorization: `Bearer ${DEMO_KEY}` }, body: { events: [{ source: 'demo' }] } })).status).toBe(400);
    expect((await api('get', '/api/push/no-such-token?status=up')).status).toBe(404);
    expect((await api('post', '/api/push/no-such-token', { body: { status: 'up' } })).status).toBe(404);
    expect((await api('post', '/api/push/no-such-token', { body: 'x'.repeat(200_000) })).status).toBe(413);
  });

  it('login, who am I, password, logout', async () => {
    const me = await loginAs(server, ['pimpinan']);
    expect((await api('get', '/api/v1/auth/me', { headers: me.headers })).status).toBe(200);
    expect((await api('get', '/api/v1/auth/me', { headers: wall() })).status).toBe(200);
    expect((await api('get', '/api/v1/auth/me')).status).toBe(401);
    expect((await api('post', '/api/v1/auth/login', { headers: { origin: server.url }, body: { username: me.username, password: me.password } })).status).toBe(200);
    expect((await api('post', '/api/v1/auth/login', { headers: { origin: server.url }, body: { username: me.username, password: 'not-the-password' } })).status).toBe(401);
    expect((await api('post', '/api/v1/auth/login', { headers: { origin: server.url }, body: { username: 1 } })).status).toBe(400);
    expect((await api('post', '/api/v1/auth/login', { body: { username: me.username, password: me.password } })).status).toBe(403);
    expect((await api('post', '/api/v1/auth/login', { headers: { origin: server.url, 'content-type': 'text/plain' }, body: 'username=x' })).status).toBe(415);
    expect((await api('post', '/api/v1/auth/password', { headers: me.headers, body: { currentPassword: me.password, newPassword: 'short' } })).status).toBe(400);
    expect((await api('post', '/api/v1/auth/password', { headers: me.headers, body: { currentPassword: 'wrong-password-123', newPassword: 'a-much-better-passphrase' } })).status).toBe(403);
    expect((await api('post', '/api/v1/auth/password', { headers: me.headers, body: { currentPassword: me.password, newPassword: 'a-much-better-passphrase' } })).status).toBe(204);
    expect((await api('post', '/api/v1/auth/password', { headers: { ...wall(), origin: server.url }, body: {} })).status).toBe(403);
    expect((await api('post', '/api/v1/auth/logout', { headers: me.headers })).status).toBe(204);
  });

  it('reference data, map, timeliness reports', async () => {
    expect((await api('get', '/api/v1/reference', { headers: wall() })).status).toBe(200);
    expect((await api('get', '/api/v1/reference')).status).toBe(401);
    expect((await api('get', '/api/v1/geo/kecamatan.geojson', { headers: wall() })).status).toBe(200);
    expect((await api('get', '/api/v1/geo/kelurahan.geojson', { headers: wall() })).status).toBe(200);
    expect((await api('get', '/api/v1/opd/timeliness?from=2026-01-01&to=2026-01-31', { headers: pimpinan.headers })).status).toBe(200);
    expect((await api('get', '/api/v1/opd/timeliness', { headers: operator.headers })).status).toBe(200);
    expect((await api('get', '/api/v1/opd/timeliness?from=kemarin', { headers: pimpinan.headers })).status).toBe(400);
    expect((await api('get', '/api/v1/opd/timeliness', { headers: wall() })).status).toBe(403);
    expect((await api('get', '/api/v1/opd/DLH/timeliness', { headers: pimpinan.headers })).status).toBe(200);
    expect((await api('get', '/api/v1/opd/NOPE/timeliness', { headers: pimpinan.headers })).status).toBe(404);
  });

  it('leadership reports', async () => {
    const scoped = await loginAs(server, ['pimpinan'], { opd: 'DLH' });
    for (const path of ['/api/v1/reports/overview', '/api/v1/reports/ranking?period=7d', '/api/v1/reports/trends?period=month', '/api/v1/reports/kecamatan/12.71.05']) {
      expect((await api('get', path, { headers: pimpinan.headers })).status).toBe(200);
    }
    expect((await api('get', '/api/v1/reports/opd/DLH?from=2026-01-01&to=2026-01-31', { headers: admin.headers })).status).toBe(200);
    expect((await api('get', '/api/v1/reports/opd/DLH', { headers: scoped.headers })).status).toBe(200);
    expect((await api('get', '/api/v1/reports/opd/DISHUB', { headers: scoped.headers })).status).toBe(403);
    expect((await api('get', '/api/v1/reports/opd/NOPE', { headers: pimpinan.headers })).status).toBe(404);
    expect((await api('get', '/api/v1/reports/opd/DLH/complaints?period=30d&offset=0&limit=5', { headers: scoped.headers })).status).toBe(200);
    expect((await api('get', '/api/v1/reports/opd/DISHUB/complaints', { headers: scoped.headers })).status).toBe(403);
    expect((await api('get', '/api/v1/reports/opd/DLH/complaints?offset=x', { headers: pimpinan.headers })).status).toBe(400);
    expect((await api('get', '/api/v1/reports/kecamatan/99.99', { headers: pimpinan.headers })).status).toBe(404);
    expect((await api('get', '/api/v1/reports/overview?period=kemarin', { headers: pimpinan.headers })).status).toBe(400);
    expect((await api('get', '/api/v1/reports/overview', { headers: operator.headers })).status).toBe(403);
    expect((await api('get', '/api/v1/reports/overview')).status).toBe(401);
  });

  it('complaints: detail, reporter, transitions', async () => {
    const c = complaint({ category: 'drainase', reporter: { name: 'Budi', phone: '+62 812 1111 2222' } });
    expect((await postEvents(server.url, 'complaints', { events: [c] })).status).toBe(202);
    const id = await waitFor(async () => (await server.handle.database.db.select().from(t.complaints).where(eq(t.complaints.externalId, c.externalId)))[0]?.id);
    expect((await api('get', `/api/v1/complaints/${id}`, { headers: pimpinan.headers })).status).toBe(200);
    expect((await api('get', `/api/v1/complaints/00000000-0000-4000-8000-000000000000`, { headers: pimpinan.headers })).status).toBe(404);
    expect((await api('get', `/api/v1/complaints/${id}`, { headers: teknisi.headers })).status).toBe(403);
    expect((await api('get', `/api/v1/complaints/${id}/reporter`, { headers: operator.headers })).status).toBe(200);
    expect((await api('get', `/api/v1/complaints/${id}/reporter`, { headers: pimpinan.headers })).status).toBe(403);
    const url = `/api/v1/complaints/${id}/transitions`;
    expect((await api('post', url, { headers: operator.headers, body: { to: 'verified' } })).status).toBe(200);
    expect((await api('post', url, { headers: operator.headers, body: { to: 'closed' } })).status).toBe(409);
    expect((await api('post', url, { headers: operator.headers, body: { to: 'nowhere' } })).status).toBe(400);
    expect((await api('post', url, { headers: admin.headers, body: { to: 'verified' } })).status).toBe(403);
    expect((await api('post', url, { headers: { cookie: operator.cookie }, body: { to: 'verified' } })).status).toBe(403);
  });

  it('the operators\' queue and actions; a source\'s status webhook', async () => {
    const dlhStaff = await loginAs(server, ['operator'], { opd: 'DLH' });
    const posted = async (overrides: Record<string, unknown> = {}) => {
      const c = complaint({ occurredAt: new Date(Date.now() - 1000).toISOString(), ...overrides });
      expect((await postEvents(server.url, 'complaints', { events: [c] })).status).toBe(202);
      return waitFor(async () => (await server.handle.database.db.select().from(t.complaints).where(eq(t.complaints.externalId, c.externalId)))[0]);
    };
    const a = await posted({ category: 'sampah', media: [{ url: 'https://mrk.example/1.jpg', kind: 'image' }] });
    const b = await posted({ category: 'sampah' });
    const x = await posted({ category: 'listrik' });
    const base = (c: { id: string }) => `/api/v1/operator/complaints/${c.id}`;
    expect((await api('get', '/api/v1/operator/queue?category=sampah', { headers: operator.headers })).status).toBe(200);
    expect((await api('get', '/api/v1/operator/queue', { headers: dlhStaff.headers })).status).toBe(200);
    expect((await api('get', '/api/v1/operator/queue?limit=9999', { headers: operator.headers })).status).toBe(400);
    expect((await api('get', '/api/v1/operator/queue', { headers: pimpinan.headers })).status).toBe(403);
    expect((await api('get', '/api/v1/operator/reference', { headers: operator.headers })).status).toBe(200);
    expect((await api('post', `${base(a)}/take`, { headers: operator.headers, body: {} })).status).toBe(200);
    expect((await api('post', `${base(a)}/take`, { headers: (await loginAs(server, ['operator'])).headers, body: {} })).status).toBe(409);
    expect((await api('delete', `${base(a)}/take`, { headers: operator.headers })).status).toBe(204);
    expect((await api('post', `/api/v1/operator/complaints/00000000-0000-4000-8000-000000000000/take`, { headers: operator.headers, body: {} })).status).toBe(404);
    expect((await api('get', `${base(b)}/duplicates`, { headers: operator.headers })).status).toBe(200);
    expect((await api('get', `${base(b)}/duplicates?km=-1`, { headers: operator.headers })).status).toBe(400);
    expect((await api('post', `${base(b)}/merge`, { headers: operator.headers, body: { version: b.version, into: a.id } })).status).toBe(200);
    expect((await api('post', `${base(x)}/reject`, { headers: operator.headers, body: { version: x.version, externalBody: 'PLN', reason: 'kewenangan PLN' } })).status).toBe(200);
    expect((await api('post', `${base(x)}/reject`, { headers: operator.headers, body: { version: x.version, externalBody: 'PLN', reason: 'lagi' } })).status).toBe(409);
    const d = await api('post', `${base(a)}/dispatch`, { headers: operator.headers, body: { version: a.version } });
    expect(d.status).toBe(200);
    expect((await api('post', `${base(a)}/dispatch`, { headers: operator.headers, body: { version: d.body.complaint.version, opd: 'DISHUB' } })).status).toBe(400);
    const p = await api('post', `${base(a)}/progress`, { headers: dlhStaff.headers, body: { version: d.body.complaint.version } });
    expect(p.status).toBe(200);
    const h = await api('post', `${base(a)}/hand-back`, { headers: dlhStaff.headers, body: { version: p.body.complaint.version, reason: 'bukan wilayah kami' } });
    expect(h.status).toBe(200);
    const d2 = await api('post', `${base(a)}/dispatch`, { headers: operator.headers, body: { version: h.body.complaint.version } });
    expect((await api('post', `${base(a)}/resolve`, { headers: dlhStaff.headers, body: { version: d2.body.complaint.version, note: 'Sudah diangkut' } })).status).toBe(200);

    expect((await api('get', '/api/v1/admin/sources/demo/webhook', { headers: admin.headers })).status).toBe(404);
    expect((await api('put', '/api/v1/admin/sources/demo/webhook', { headers: admin.headers, body: { url: 'http://127.0.0.1:9/none' } })).status).toBe(200);
    expect((await api('put', '/api/v1/admin/sources/demo/webhook', { headers: admin.headers, body: { url: 'nope' } })).status).toBe(400);
    expect((await api('put', '/api/v1/admin/sources/no-such-source/webhook', { headers: admin.headers, body: { url: 'http://127.0.0.1:9/none' } })).status).toBe(404);
    expect((await api('get', '/api/v1/admin/sources/demo/webhook', { headers: admin.headers })).status).toBe(200);
    expect((await api('get', '/api/v1/admin/sources/demo/webhook/deliveries?limit=5', { headers: admin.headers })).status).toBe(200);
    expect((await api('delete', '/api/v1/admin/sources/demo/webhook', { headers: admin.headers })).status).toBe(204);
    expect((await api('delete', '/api/v1/admin/sources/demo/webhook', { headers: admin.headers })).status).toBe(404);
  });

  it('monitors, incidents and maintenance windows; admin monitors and alert channels', async () => {
    expect((await api('get', '/api/v1/admin/monitors', { headers: admin.headers })).status).toBe(200);
    const created = await api('post', '/api/v1/admin/monitors', {
      headers: admin.headers,
      body: { code: 'doc-push', kind: 'push', name: 'Docs push monitor', opd: 'DISKOMINFO', intervalSeconds: 3600, failuresToDown: 1, successesToUp: 1 },
    });
    expect(created.status).toBe(201);
    expect((await api('post', '/api/v1/admin/monitors', { headers: admin.headers, body: { code: 'doc-push', kind: 'push', name: 'again', opd: 'DISKOMINFO' } })).status).toBe(409);
    expect((await api('post', '/api/v1/admin/monitors', { headers: admin.headers, body: { code: 'x', kind: 'ftp' } })).status).toBe(400);
    expect((await api('patch', '/api/v1/admin/monitors/doc-push', { headers: admin.headers, body: { tags: ['docs'] } })).status).toBe(200);
    expect((await api('patch', '/api/v1/admin/monitors/no-such-monitor', { headers: admin.headers, body: { tags: ['docs'] } })).status).toBe(404);
    const token = new URL(created.body.pushUrl).pathname.split('/').at(-1)!;

    expect((await api('get', `/api/push/${token}?status=down&msg=mati&ping=`)).status).toBe(200);
    // Kuma reads only the query, whatever the method; the body is dropped.
    expect((await api('post', `/api/push/${token}?status=down&msg=masih%20mati`, { body: { status: 'up' } })).status).toBe(200);
    for (const method of ['put', 'patch', 'delete'] as const) expect((await api(method, `/api/push/${token}?status=down`)).status).toBe(200);
    const incident = await waitFor(async () => {
      const list = await call(`${server.url}/api/v1/incidents`, { headers: teknisi.headers });
      return list.body.incidents.find((i: { monitor: { code: string } }) => i.monitor.code === 'doc-push');
    }, 15_000);
    expect((await api('get', '/api/v1/incidents?state=active', { headers: teknisi.headers })).status).toBe(200);
    expect((await api('get', '/api/v1/incidents?state=resolved&limit=5', { headers: pimpinan.headers })).status).toBe(200);
    expect((await api('get', '/api/v1/incidents?state=sideways', { headers: pimpinan.headers })).status).toBe(400);
    expect((await api('get', '/api/v1/incidents', { headers: wall() })).status).toBe(403);
    expect((await api('post', `/api/v1/incidents/${incident.id}/acknowledge`, { headers: teknisi.headers, body: { note: 'sedang dicek' } })).status).toBe(200);
    expect((await api('post', `/api/v1/incidents/${incident.id}/acknowledge`, { headers: teknisi.headers, body: {} })).status).toBe(409);
    expect((await api('post', `/api/v1/incidents/${incident.id}/acknowledge`, { headers: pimpinan.headers, body: {} })).status).toBe(403);
    expect((await api('post', `/api/v1/incidents/00000000-0000-4000-8000-000000000000/resolve`, { headers: teknisi.headers, body: {} })).status).toBe(404);
    expect((await api('post', `/api/v1/incidents/${incident.id}/resolve`, { headers: teknisi.headers, body: { note: 'x'.repeat(2000) } })).status).toBe(400);
    expect((await api('post', `/api/v1/incidents/${incident.id}/resolve`, { headers: teknisi.headers, body: { note: 'diganti' } })).status).toBe(200);

    expect((await api('get', '/api/v1/monitors', { headers: teknisi.headers })).status).toBe(200);
    expect((await api('get', '/api/v1/monitors/doc-push', { headers: teknisi.headers })).status).toBe(200);
    expect((await api('get', '/api/v1/monitors/no-such-monitor', { headers: teknisi.headers })).status).toBe(404);
    const window = { kind: 'weekly', weekday: 7, startTime: '02:00', durationMinutes: 60 };
    const mw = await api('post', '/api/v1/monitors/doc-push/maintenance', { headers: teknisi.headers, body: { window, note: 'patch Minggu' } });
    expect(mw.status).toBe(201);
    expect((await api('post', '/api/v1/monitors/doc-push/maintenance', { headers: teknisi.headers, body: { window: { kind: 'daily' } } })).status).toBe(400);
    expect((await api('post', '/api/v1/monitors/no-such-monitor/maintenance', { headers: teknisi.headers, body: { window } })).status).toBe(404);
    expect((await api('put', `/api/v1/maintenance/${mw.body.maintenance.id}`, { headers: teknisi.headers, body: { window: { ...window, durationMinutes: 90 } } })).status).toBe(200);
    expect((await api('put', `/api/v1/maintenance/00000000-0000-4000-8000-000000000000`, { headers: teknisi.headers, body: { window } })).status).toBe(404);
    expect((await api('delete', `/api/v1/maintenance/${mw.body.maintenance.id}`, { headers: teknisi.headers })).status).toBe(204);
    expect((await api('delete', `/api/v1/maintenance/${mw.body.maintenance.id}`, { headers: teknisi.headers })).status).toBe(404);

    expect((await api('get', '/api/v1/admin/notification-channels', { headers: admin.headers })).status).toBe(200);
    const channel = await api('post', '/api/v1/admin/notification-channels', {
      headers: admin.headers,
      body: { name: 'Grup teknisi', kind: 'telegram', config: { botToken: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ', chatId: '-100123' }, opd: 'DISKOMINFO' },
    });
    expect(channel.status).toBe(201);
    expect((await api('post', '/api/v1/admin/notification-channels', { headers: admin.headers, body: { name: 'x', kind: 'webhook', config: { url: 'nope' } } })).status).toBe(400);
    expect((await api('patch', `/api/v1/admin/notification-channels/${channel.body.channel.id}`, { headers: admin.headers, body: { active: false } })).status).toBe(200);
    expect((await api('patch', `/api/v1/admin/notification-channels/00000000-0000-4000-8000-000000000000`, { headers: admin.headers, body: { active: false } })).status).toBe(404);
  });

  it('admin: users, display tokens and screens, sources and keys, audit', async () => {
    expect((await api('get', '/api/v1/admin/users', { headers: admin.headers })).status).toBe(200);
    expect((await api('get', '/api/v1/admin/users', { headers: operator.headers })).status).toBe(403);
    const user = await api('post', '/api/v1/admin/users', { headers: admin.headers, body: { username: 'dokumen.api', password: 'sebuah-kata-sandi-panjang', roles: ['pimpinan'] } });
    expect(user.status).toBe(201);
    expect((await api('post', '/api/v1/admin/users', { headers: admin.headers, body: { username: 'dokumen.api', password: 'sebuah-kata-sandi-panjang', roles: ['pimpinan'] } })).status).toBe(409);
    expect((await api('post', '/api/v1/admin/users', { headers: admin.headers, body: { username: 'lemah', password: 'pendek', roles: ['pimpinan'] } })).status).toBe(400);
    expect((await api('patch', `/api/v1/admin/users/${user.body.user.id}`, { headers: admin.headers, body: { roles: ['pimpinan', 'operator'] } })).status).toBe(200);
    expect((await api('patch', `/api/v1/admin/users/${user.body.user.id}`, { headers: admin.headers, body: {} })).status).toBe(400);
    expect((await api('patch', `/api/v1/admin/users/00000000-0000-4000-8000-000000000000`, { headers: admin.headers, body: { active: false } })).status).toBe(404);

    expect((await api('get', '/api/v1/admin/display-tokens', { headers: admin.headers })).status).toBe(200);
    const display = await api('post', '/api/v1/admin/display-tokens', { headers: admin.headers, body: { label: 'Videotron lobi' } });
    expect(display.status).toBe(201);
    const paired = await call(`${server.url}/wall?token=${encodeURIComponent(display.body.token)}`);
    expect(paired.status).toBe(200);
    const tokens = await api('get', '/api/v1/admin/display-tokens', { headers: admin.headers });
    const deviceId = tokens.body.displayTokens.find((t: { id: string }) => t.id === display.body.displayToken.id).devices[0].id;
    expect((await api('post', `/api/v1/admin/display-devices/${deviceId}/revoke`, { headers: admin.headers })).status).toBe(200);
    expect((await api('post', `/api/v1/admin/display-devices/${deviceId}/revoke`, { headers: admin.headers })).status).toBe(404);
    expect((await api('post', `/api/v1/admin/display-tokens/${display.body.displayToken.id}/revoke`, { headers: admin.headers, body: {} })).status).toBe(200);
    expect((await api('post', `/api/v1/admin/display-tokens/${display.body.displayToken.id}/revoke`, { headers: admin.headers, body: {} })).status).toBe(404);

    expect((await api('get', '/api/v1/admin/sources', { headers: admin.headers })).status).toBe(200);
    expect((await api('post', '/api/v1/admin/sources', { headers: admin.headers, body: { code: 'lapor', name: 'SP4N-LAPOR!' } })).status).toBe(201);
    expect((await api('post', '/api/v1/admin/sources', { headers: admin.headers, body: { code: 'lapor', name: 'again' } })).status).toBe(409);
    const key = await api('post', '/api/v1/admin/sources/lapor/keys', { headers: admin.headers, body: { label: 'server LAPOR' } });
    expect(key.status).toBe(201);
    expect((await api('post', '/api/v1/admin/sources/no-such-source/keys', { headers: admin.headers, body: {} })).status).toBe(404);
    expect((await api('patch', `/api/v1/admin/api-keys/${key.body.apiKey.id}`, { headers: admin.headers, body: { rateLimitPerMinute: 600 } })).status).toBe(200);
    const rotated = await api('post', `/api/v1/admin/api-keys/${key.body.apiKey.id}/rotate`, { headers: admin.headers, body: { graceSeconds: 60 } });
    expect(rotated.status).toBe(201);
    expect((await api('post', `/api/v1/admin/api-keys/${rotated.body.apiKey.id}/revoke`, { headers: admin.headers })).status).toBe(200);
    expect((await api('post', `/api/v1/admin/api-keys/${rotated.body.apiKey.id}/rotate`, { headers: admin.headers, body: {} })).status).toBe(404);
    expect((await api('post', `/api/v1/admin/api-keys/${rotated.body.apiKey.id}/revoke`, { headers: admin.headers })).status).toBe(404);
    expect((await api('patch', `/api/v1/admin/api-keys/00000000-0000-4000-8000-000000000000`, { headers: admin.headers, body: { label: 'x' } })).status).toBe(404);

    expect((await api('get', '/api/v1/admin/audit?action=user.*&pageSize=10', { headers: admin.headers })).status).toBe(200);
    expect((await api('get', '/api/v1/admin/audit?from=kemarin', { headers: admin.headers })).status).toBe(400);
    expect((await api('get', '/api/v1/admin/audit')).status).toBe(401);
  });

  it('admin operations: dead letters, check now, test message', async () => {
    const keys = streamKeys(server.prefix);
    const valid = validateBatch('complaints', { events: [complaint(), complaint()] }, 'demo', server.handle.reference.current(), 'id');
    if (!valid.ok) throw new Error('invalid');
    for (const batchId of ['01JDOCS0000000000000000001', '01JDOCS0000000000000000002']) {
      await deadLetter(server.handle.redis, keys, 'complaints', { entryId: '0-1', batch: { batchId, kind: 'complaints', source: 'demo', receivedAt: new Date().toISOString(), events: valid.events } }, 'error: example\n  at x');
    }
    const list = await api('get', '/api/v1/admin/dead-letters', { headers: admin.headers });
    expect(list.status).toBe(200);
    const [first, second] = list.body.deadLetters.map((d: { id: string }) => d.id);
    expect((await api('get', `/api/v1/admin/dead-letters/${first}`, { headers: admin.headers })).status).toBe(200);
    expect((await api('get', '/api/v1/admin/dead-letters/1-0', { headers: admin.headers })).status).toBe(404);
    expect((await api('post', `/api/v1/admin/dead-letters/${first}/replay`, { headers: admin.headers, body: {} })).status).toBe(200);
    expect((await api('post', `/api/v1/admin/dead-letters/${first}/replay`, { headers: admin.headers, body: {} })).status).toBe(409);
    expect((await api('post', '/api/v1/admin/dead-letters/1-0/replay', { headers: admin.headers, body: {} })).status).toBe(404);
    expect((await api('post', `/api/v1/admin/dead-letters/${second}/discard`, { headers: admin.headers, body: {} })).status).toBe(400);
    expect((await api('post', `/api/v1/admin/dead-letters/${second}/discard`, { headers: admin.headers, body: { reason: 'contoh di dokumen API' } })).status).toBe(200);
    expect((await api('post', `/api/v1/admin/dead-letters/${second}/discard`, { headers: admin.headers, body: { reason: 'contoh di dokumen API' } })).status).toBe(409);
    expect((await api('post', '/api/v1/admin/dead-letters/1-0/discard', { headers: admin.headers, body: { reason: 'contoh di dokumen API' } })).status).toBe(404);

    const [monitor] = await server.handle.database.db.select().from(t.monitors).where(eq(t.monitors.kind, 'push')).limit(1);
    const pushCode = monitor?.code ?? (await api('post', '/api/v1/admin/monitors', { headers: admin.headers, body: { code: 'dokumen-push', kind: 'push', name: 'Push', opd: 'DISKOMINFO' } })).body.monitor.code;
    expect((await api('post', `/api/v1/admin/monitors/${pushCode}/check`, { headers: admin.headers, body: {} })).status).toBe(200);
    expect((await api('post', '/api/v1/admin/monitors', { headers: admin.headers, body: { code: 'dokumen-tcp', kind: 'tcp', name: 'TCP', opd: 'DISKOMINFO', target: '127.0.0.1:1' } })).status).toBe(201);
    expect((await api('post', '/api/v1/admin/monitors/dokumen-tcp/check', { headers: admin.headers, body: {} })).status).toBe(200);
    expect((await api('post', '/api/v1/admin/monitors/tidak-ada/check', { headers: admin.headers, body: {} })).status).toBe(404);
    const hook = await api('post', '/api/v1/admin/notification-channels', { headers: admin.headers, body: { name: 'Kait mati', kind: 'webhook', config: { url: 'http://127.0.0.1:1/hook' } } });
    const tested = await api('post', `/api/v1/admin/notification-channels/${hook.body.channel.id}/test`, { headers: admin.headers, body: {} });
    expect(tested.body).toMatchObject({ delivered: false });
    expect((await api('post', '/api/v1/admin/notification-channels/00000000-0000-4000-8000-000000000000/test', { headers: admin.headers, body: {} })).status).toBe(404);
  });

  it('admin: the deadline rules (categories with SLA targets, the holiday calendar)', async () => {
    const h = admin.headers;
    expect((await api('get', '/api/v1/admin/categories', { headers: h })).status).toBe(200);
    const cat = { code: 'pohon-tumbang', name: 'Pohon tumbang', group: 'lingkungan', opd: 'DLH', emergency: false, dispatchWorkingDays: 1, firstResponseWorkingDays: 2, resolutionWorkingDays: 5 };
    expect((await api('post', '/api/v1/admin/categories?dryRun=1', { headers: h, body: cat })).status).toBe(200);
    expect((await api('post', '/api/v1/admin/categories', { headers: h, body: cat })).status).toBe(201);
    expect((await api('post', '/api/v1/admin/categories', { headers: h, body: cat })).status).toBe(409);
    expect((await api('post', '/api/v1/admin/categories', { headers: h, body: { ...cat, code: 'X', resolutionWorkingDays: 0 } })).status).toBe(400);
    expect((await api('patch', '/api/v1/admin/categories/pohon-tumbang', { headers: h, body: { resolutionWorkingDays: 7 } })).status).toBe(200);
    expect((await api('patch', '/api/v1/admin/categories/no-such', { headers: h, body: { resolutionWorkingDays: 7 } })).status).toBe(404);
    expect((await api('get', '/api/v1/admin/calendar?year=2026', { headers: h })).status).toBe(200);
    expect((await api('get', '/api/v1/admin/calendar?year=lalu', { headers: h })).status).toBe(400);
    expect((await api('put', '/api/v1/admin/calendar/days/2026-12-15', { headers: h, body: { kind: 'closure', name: 'Uji' } })).status).toBe(200);
    expect((await api('put', '/api/v1/admin/calendar/days/2026-12-15', { headers: h, body: { kind: 'libur' } })).status).toBe(400);
    expect((await api('delete', '/api/v1/admin/calendar/days/2026-12-15?dryRun=1', { headers: h })).status).toBe(200);
    expect((await api('delete', '/api/v1/admin/calendar/days/2026-12-15', { headers: h })).status).toBe(200);
    expect((await api('delete', '/api/v1/admin/calendar/days/2026-12-15', { headers: h })).status).toBe(404);
    expect((await api('delete', '/api/v1/admin/calendar/days/besok', { headers: h })).status).toBe(400);
    const csv = 'date,kind,name\n2027-01-01,national,Tahun Baru 2027 Masehi\n';
    expect((await api('post', '/api/v1/admin/calendar/import?dryRun=1', { headers: h, body: { format: 'csv', content: csv } })).status).toBe(200);
    expect((await api('post', '/api/v1/admin/calendar/import', { headers: h, body: { format: 'csv', content: 'tanggal\n' } })).status).toBe(400);
  });

  it('admin configuration: OPD, routing rules and try, datasets and preview', async () => {
    const h = { headers: admin.headers };
    expect((await api('get', '/api/v1/admin/opd', h)).status).toBe(200);
    expect((await api('post', '/api/v1/admin/opd', { ...h, body: { code: 'DOC-UPT', name: 'UPT dokumentasi', kind: 'lain', parent: 'DISKOMINFO' } })).status).toBe(201);
    expect((await api('post', '/api/v1/admin/opd', { ...h, body: { code: 'bad code' } })).status).toBe(400);
    expect((await api('patch', '/api/v1/admin/opd/DOC-UPT', { ...h, body: { shortName: 'Dok' } })).status).toBe(200);
    expect((await api('patch', '/api/v1/admin/opd/NO-SUCH', { ...h, body: { shortName: 'x' } })).status).toBe(404);
    expect((await api('patch', '/api/v1/admin/opd/DLH', { ...h, body: { active: false } })).status).toBe(409);
    expect((await api('get', '/api/v1/admin/routing-rules', h)).status).toBe(200);
    const rule = await api('post', '/api/v1/admin/routing-rules', { ...h, body: { category: 'sampah', targetKind: 'opd', targetCode: 'DOC-UPT', keywords: ['dokumentasi'] } });
    expect(rule.status).toBe(201);
    expect((await api('post', '/api/v1/admin/routing-rules', { ...h, body: {} })).status).toBe(400);
    expect((await api('put', `/api/v1/admin/routing-rules/${rule.body.rule.id}`, { ...h, body: { category: 'sampah', targetKind: 'opd', targetCode: 'DOC-UPT', keywords: ['docs'] } })).status).toBe(200);
    expect((await api('put', '/api/v1/admin/routing-rules/no-such-rule', { ...h, body: { category: 'sampah', targetKind: 'opd', targetCode: 'DLH' } })).status).toBe(404);
    expect((await api('post', '/api/v1/admin/routing-rules/try', { ...h, body: { category: 'sampah', text: 'docs' } })).status).toBe(200);
    expect((await api('post', '/api/v1/admin/routing-rules/try', { ...h, body: {} })).status).toBe(400);
    const ids = (await call(`${server.url}/api/v1/admin/routing-rules`, h)).body.rules.filter((r: { category: string }) => r.category === 'sampah').map((r: { id: string }) => r.id);
    expect((await api('post', '/api/v1/admin/routing-rules/reorder', { ...h, body: { category: 'sampah', ids } })).status).toBe(200);
    expect((await api('post', '/api/v1/admin/routing-rules/reorder', { ...h, body: { category: 'sampah', ids: ['x'] } })).status).toBe(400);
    expect((await api('delete', `/api/v1/admin/routing-rules/${rule.body.rule.id}`, h)).status).toBe(200);
    expect((await api('delete', '/api/v1/admin/routing-rules/no-such-rule', h)).status).toBe(404);
    expect((await api('get', '/api/v1/admin/datasets', h)).status).toBe(200);
    const ds = await api('post', '/api/v1/admin/datasets', { ...h, body: { opd: 'DOC-UPT', code: 'dok-harian', name: 'Dokumentasi harian', schedule: { kind: 'daily', dueTime: '17:00' } } });
    expect(ds.status).toBe(201);
    expect((await api('post', '/api/v1/admin/datasets', { ...h, body: { opd: 'DOC-UPT' } })).status).toBe(400);
    expect((await api('patch', `/api/v1/admin/datasets/${ds.body.dataset.id}`, { ...h, body: { schedule: { kind: 'weekly', weekday: 1, dueTime: '09:00' } } })).status).toBe(200);
    expect((await api('patch', `/api/v1/admin/datasets/${ds.body.dataset.id}`, { ...h, body: { schedule: { kind: 'weekly' } } })).status).toBe(400);
    expect((await api('patch', '/api/v1/admin/datasets/00000000-0000-4000-8000-000000000000', { ...h, body: { active: false } })).status).toBe(404);
    expect((await api('post', '/api/v1/admin/datasets/preview', { ...h, body: { schedule: { kind: 'monthly', dayOfMonth: 31, dueTime: '16:00' } } })).status).toBe(200);
    expect((await api('post', '/api/v1/admin/datasets/preview', { ...h, body: { schedule: { kind: 'daily', dueTime: '24:00' } } })).status).toBe(400);
  });

  it('called every documented operation', () => {
    const all = documentedOperations(doc)
      .filter((o) => o.method !== 'head')
      .map((o) => `${o.method} ${o.path}`);
    expect(all.filter((o) => !called.has(o))).toEqual([]);
  });
});
