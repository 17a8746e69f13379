// What a phone on mobile data receives: the built client pre-compressed (brotli, else gzip) and
// kept for a year under its hashed name; the HTML and the API compressed and asked again every
// time. Raw HTTP, so the test sees the bytes on the wire, not what fetch decoded.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../server/config.ts';
import { buildClientIfNeeded } from '../../server/infra/client-build.ts';
import { isHashedAsset } from '../../server/http/client-assets.ts';
import { loginAs, startTestServer, type LoggedIn, type TestServer } from '../support/test-env.ts';

const clientDir = path.join(repoRoot, 'dist/client');
let server: TestServer;
let teknisi: LoggedIn;

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}
function raw(pathname: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${server.url}${pathname}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
}
const decode = (r: Raw) =>
  r.headers['content-encoding'] === 'br' ? zlib.brotliDecompressSync(r.body) : r.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(r.body) : r.body;

/** The largest built file with this extension, as the browser asks for it. */
function largest(ext: string): { url: string; bytes: Buffer } {
  const dir = path.join(clientDir, 'assets');
  const name = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort((a, b) => fs.statSync(path.join(dir, b)).size - fs.statSync(path.join(dir, a)).size)[0];
  return { url: `/assets/${name}`, bytes: fs.readFileSync(path.join(dir, name)) };
}

beforeAll(async () => {
  await buildClientIfNeeded(clientDir);
  server = await startTestServer();
  teknisi = await loginAs(server, ['teknisi']);
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe('client assets and API responses on the wire', () => {
  it('sends a hashed script as brotli to a browser that takes it, else gzip, else as it is; the same bytes, kept a year', async () => {
    const js = largest('.js');
    expect(js.bytes.length).toBeGreaterThan(100_000);
    const br = await raw(js.url, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(br.body.length).toBeLessThan(js.bytes.length / 3);
    expect(decode(br).equals(js.bytes)).toBe(true);

    const gz = await raw(js.url, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.body.length).toBeLessThan(js.bytes.length / 2);
    expect(decode(gz).equals(js.bytes)).toBe(true);

    const plain = await raw(js.url);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(js.bytes)).toBe(true);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('compresses the stylesheet too, and sends fonts (compressed already) as they are, kept a year', async () => {
    const css = largest('.css');
    const res = await raw(css.url, { 'accept-encoding': 'br' });
    expect(res.headers['content-encoding']).toBe('br');
    expect(decode(res).equals(css.bytes)).toBe(true);
    const font = largest('.woff2');
    const f = await raw(font.url, { 'accept-encoding': 'gzip, br' });
    expect(f.status).toBe(200);
    expect(f.headers['content-encoding']).toBeUndefined();
    expect(f.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('asks the browser to check the page again every time, and compresses it', async () => {
    const res = await raw('/login', { 'accept-encoding': 'gzip, br' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(decode(res).toString()).toContain('<div id="app"');
  });

  it('API answers are compressed and never kept without asking again', async () => {
    const reference = await raw('/api/v1/reference', { 'accept-encoding': 'gzip, br', cookie: teknisi.cookie });
    expect(reference.status).toBe(200);
    expect(reference.headers['content-encoding']).toMatch(/^(br|gzip)$/);
    expect(reference.headers['cache-control']).toBe('private, no-cache');
    expect(JSON.parse(decode(reference).toString()).opd.length).toBeGreaterThan(10);

    const geo = await raw('/api/v1/geo/kecamatan.geojson', { 'accept-encoding': 'gzip', cookie: teknisi.cookie });
    expect(geo.headers['content-encoding']).toBe('gzip');
    expect(geo.headers['cache-control']).toBe('private, no-cache');
    expect(geo.body.length).toBeLessThan(decode(geo).length / 2);

    // A route with nothing to say about caching gets the API's default; one that keeps
    // personal data says no-store itself.
    expect((await raw('/api/v1/openapi.json')).headers['cache-control']).toBe('no-cache');
    expect((await raw('/api/v1/nothing-here')).headers['cache-control']).toBe('no-cache');
    expect((await raw('/api/v1/monitors', { cookie: teknisi.cookie })).headers['cache-control']).toBe('no-store');
  });

  it('knows a hashed name from any other', () => {
    expect(isHashedAsset('/srv/dist/client/assets/index-5w7TgUKI.js')).toBe(true);
    expect(isHashedAsset('/srv/dist/client/assets/maplibre-gl-worker-CZtFQQIV.mjs')).toBe(true);
    expect(isHashedAsset('/srv/dist/client/assets/maplibre-gl-BUwiJpK_.js.br')).toBe(true);
    expect(isHashedAsset('/srv/dist/client/index.html')).toBe(false);
    expect(isHashedAsset('/srv/dist/client/favicon.svg')).toBe(false);
  });
});
