// GET /metrics must be what Prometheus accepts without complaint: `promtool check metrics` (the
// Prometheus project's own linter) reads a real server's exposition, after traffic through every
// part that records metrics (ingest accepted and refused, processors, push to a live client,
// the prober checking a real local HTTP service), and must report nothing.
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../server/config.ts';
import { parsePrometheus } from '../../bench/stats/prometheus.ts';
import { liveClient, type LiveClient } from '../support/live-client.ts';
import { call, complaint, DEMO_WALL_TOKEN, loginAs, postEvents, startTestServer, waitFor, type TestServer } from '../support/test-env.ts';
import { findTool, installCommand, lookedFor, PROMTOOL } from '../setup/system-tools.ts';

let server: TestServer;
let target: http.Server;
let wall: LiveClient | null = null;

beforeAll(async () => {
  target = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  server = await startTestServer({ prober: { ...configFromEnv({}).prober, reloadMs: 200 } });
});

afterAll(async () => {
  wall?.close();
  await server?.stop();
  target?.close();
});

function promtoolCheck(exposition: string): Promise<{ code: number | null; output: string }> {
  const promtool = findTool(PROMTOOL);
  if (!promtool) {
    throw new Error(
      `promtool not found (${lookedFor(PROMTOOL)}): install it with \`${installCommand([PROMTOOL])}\` (Debian's package ships it), ` +
        `or set ${PROMTOOL.envVar}; \`npm test\` installs it where it may`,
    );
  }
  return new Promise((resolve, reject) => {
    const child = spawn(promtool, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(exposition);
  });
}

describe('GET /metrics', () => {
  it('passes `promtool check metrics` with no problem and no lint warning, after traffic', async () => {
    const admin = await loginAs(server, ['admin']);
    const port = (target.address() as AddressInfo).port;
    const monitor = await call(`${server.url}/api/v1/admin/monitors`, {
      method: 'POST',
      headers: admin.headers,
      body: { code: 'metrics-web', kind: 'http', name: 'Layanan uji metrik', opd: 'DISKOMINFO', target: `http://127.0.0.1:${port}/`, intervalSeconds: 10 },
    });
    expect(monitor.status).toBe(201);

    wall = liveClient(server.url, { token: DEMO_WALL_TOKEN });
    await waitFor(async () => wall!.state !== null);
    expect((await postEvents(server.url, 'complaints', { events: [complaint(), complaint()] })).status).toBe(202);
    expect((await postEvents(server.url, 'complaints', { events: [complaint({ category: 'tidak-ada' })] })).status).toBe(400);
    const now = new Date().toISOString();
    expect((await postEvents(server.url, 'uploads', { events: [{ source: 'demo', externalId: `U-${Date.now()}`, occurredAt: now, opd: 'DLH', dataset: 'tonase-sampah-harian', rows: 3 }] })).status).toBe(202);
    expect((await postEvents(server.url, 'heartbeats', { events: [{ source: 'demo', externalId: `H-${Date.now()}`, occurredAt: now, monitor: 'sipandu', status: 'up', latencyMs: 80 }] })).status).toBe(202);

    const scrape = async () => (await fetch(`${server.url}/metrics`)).text();
    const has = (text: string, name: string) => parsePrometheus(text).some((s) => s.name.startsWith(name));
    // Every stage has recorded something: processed events, a push to the wall, a real check.
    const exposition = await waitFor(async () => {
      const text = await scrape();
      return ['pantau_processed_events_total', 'pantau_push_ticks_total', 'pantau_probe_checks_total', 'pantau_ingest_events_total'].every((n) => has(text, n)) ? text : null;
    }, 30_000, 200);

    const { code, output } = await promtoolCheck(exposition);
    expect(output.trim()).toBe('');
    expect(code).toBe(0);
  });
});
