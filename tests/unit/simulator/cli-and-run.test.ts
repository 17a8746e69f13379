import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { batchSchemas, type EventKind } from '../../../shared/events.ts';
import { parseSimulatorArgs, type SimulatorOptions } from '../../../server/simulator/cli-options.ts';
import { formatNotice, formatSummary } from '../../../server/simulator/progress-report.ts';
import { startSimulator } from '../../../server/simulator/run-simulator.ts';
import { loadCityReference } from '../../../server/simulator/reference-data.ts';

describe('command line', () => {
  it('falls back to the environment and has sensible defaults', () => {
    const r = parseSimulatorArgs([], { PORT: '9000', PANTAU_DEMO_API_KEY: 'demo-key' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.options).toMatchObject({
      url: 'http://127.0.0.1:9000',
      apiKey: 'demo-key',
      source: 'simulator',
      rate: null,
      backfillDays: 0,
      durationS: null,
      seed: 1,
      heartbeats: 'all',
      concurrency: 4,
      batchSize: 500,
    });
    const env = { PANTAU_URL: 'http://pantau.example:8080', PANTAU_API_KEY: 'k1', PANTAU_DEMO_API_KEY: 'k2' };
    const r2 = parseSimulatorArgs(['--rate', '10000', '--backfill-days', '14', '--duration', '60', '--seed', '7', '--quiet', '--source', 'mrk'], env);
    expect(r2.ok && r2.options).toMatchObject({ url: 'http://pantau.example:8080', apiKey: 'k1', rate: 10000, backfillDays: 14, durationS: 60, seed: 7, quiet: true, source: 'mrk', concurrency: 8, flushMs: 50 });
  });

  it('refuses bad input with a readable message', () => {
    const bad = (args: string[], env: Record<string, string> = { PANTAU_API_KEY: 'k' }) => {
      const r = parseSimulatorArgs(args, env);
      expect(r.ok).toBe(false);
      return r.ok ? '' : r.message;
    };
    expect(bad(['--rate', 'fast'])).toMatch(/--rate/);
    expect(bad(['--source', 'bad source'])).toMatch(/--source/);
    expect(bad(['--heartbeats', 'some'])).toMatch(/--heartbeats/);
    expect(bad(['--bogus'])).toMatch(/bogus/);
    expect(bad([], {})).toMatch(/Kunci API.*API key/);
    expect(parseSimulatorArgs(['--dry-run'], {}).ok).toBe(true);
    const help = parseSimulatorArgs(['--help'], {});
    expect(!help.ok && help.help).toBe(true);
  });

  it('explains problems in Indonesian and English', () => {
    const unreachable = formatNotice({ kind: 'unreachable', detail: 'ECONNREFUSED', retryInMs: 4000 }, 'http://127.0.0.1:8080');
    expect(unreachable).toMatch(/tidak dapat dihubungi.*unreachable/);
    const refused = formatNotice({ kind: 'unauthorized', status: 401, message: '', retryInMs: 2000 }, 'u');
    expect(refused).toMatch(/Kunci API ditolak.*API key refused/);
    const wrongSource = formatNotice(
      { kind: 'validation', message: 'x', errors: [{ index: 0, field: 'events[0].source', message: 'not your source' }], dropped: 3, resent: 0 },
      'u',
    );
    expect(wrongSource).toMatch(/--source must equal/);
  });
});

describe('the simulator against a stand-in server', () => {
  it('achieves the requested rate with valid batches and stops cleanly with a summary', async () => {
    const counts: Record<string, number> = { complaints: 0, uploads: 0, heartbeats: 0, invalid: 0 };
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const kind = (req.url ?? '').split('/').pop() as EventKind;
        if (req.headers.authorization !== 'Bearer uji') {
          res.writeHead(401).end('{}');
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (!batchSchemas[kind].safeParse(body).success) counts.invalid += body.events.length;
        counts[kind] += body.events.length;
        res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: body.events.length, batchId: 'x' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const options: SimulatorOptions = {
      url,
      apiKey: 'uji',
      source: 'simulator',
      rate: 400,
      backfillDays: 0,
      backfillHeartbeatHours: null,
      durationS: 3,
      seed: 1,
      quiet: true,
      complaintsPerDay: 400,
      heartbeats: 'all',
      localTargets: [],
      targetsPort: 0,
      concurrency: 4,
      batchSize: 200,
      flushMs: 50,
      dryRun: false,
    };
    const lines: string[] = [];
    const warnings: string[] = [];
    const handle = startSimulator(options, { log: (l) => lines.push(l), warn: (l) => warnings.push(l) });
    const summary = await handle.done;
    server.close();
    const accepted = summary.accepted.complaints + summary.accepted.uploads + summary.accepted.heartbeats;
    expect(counts.invalid).toBe(0);
    expect(warnings).toEqual([]);
    expect(accepted).toBe(counts.complaints + counts.uploads + counts.heartbeats);
    expect(summary.liveMs).toBeGreaterThanOrEqual(3000);
    // ~400 events/s for ~3 s of live time.
    expect(accepted / (summary.liveMs / 1000)).toBeGreaterThan(300);
    expect(accepted / (summary.liveMs / 1000)).toBeLessThan(500);
    expect(summary.unsent).toBe(0);
    expect(lines.at(-1)).toBe(formatSummary(summary));
  }, 30_000);
});

describe('push agents during a backfill', () => {
  it('report in real time from the first seconds, not after the history (Pantau calls a silent push monitor DOWN)', async () => {
    const pushCodes = new Set(loadCityReference().services.filter((s) => s.kind === 'push').map((s) => s.code));
    const startedAt = Date.now();
    let firstLiveAgentBeat: number | null = null;
    // Any other service's check of the last minute comes only once the history is through.
    let firstLiveOtherBeat: number | null = null;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const kind = (req.url ?? '').split('/').pop() as EventKind;
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { events: { monitor?: string; occurredAt: string }[] };
        for (const e of body.events) {
          if (kind !== 'heartbeats' || Date.parse(e.occurredAt) < startedAt - 60_000) continue;
          if (pushCodes.has(e.monitor!)) firstLiveAgentBeat ??= Date.now();
          else firstLiveOtherBeat ??= Date.now();
        }
        // A slow server: the backfill takes a while.
        setTimeout(() => res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: body.events.length, batchId: 'x' })), 300);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const options: SimulatorOptions = {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      apiKey: 'uji',
      source: 'simulator',
      rate: null,
      backfillDays: 7,
      backfillHeartbeatHours: null,
      durationS: null,
      seed: 1,
      quiet: true,
      complaintsPerDay: 400,
      heartbeats: 'all',
      localTargets: [],
      targetsPort: 0,
      concurrency: 1,
      batchSize: 100,
      flushMs: 50,
      dryRun: false,
    };
    const handle = startSimulator(options, { log: () => {}, warn: () => {} });
    try {
      for (let i = 0; i < 250 && firstLiveAgentBeat === null; i++) await new Promise((r) => setTimeout(r, 100));
      expect(firstLiveAgentBeat).not.toBeNull();
      // ... while the history is still being posted (was: at its end, with everything else).
      expect(firstLiveOtherBeat).toBeNull();
    } finally {
      await handle.stop(1000);
      server.close();
    }
  }, 60_000);
});
