// `npm test` on a machine where nothing runs: its set-up (tests/setup/test-services.ts) starts a
// private Redis and an embedded PostgreSQL when nothing answers on the configured addresses,
// uses them when something does, names what to install when a program is missing and it may
// not install it, and stops what it started; the runner (tests/setup/run-tests.ts) does so on
// Ctrl-C too. "Nothing answers" is simulated with addresses where nothing listens: the machine's
// own Redis and PostgreSQL are shared and never stopped.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { Redis } from 'ioredis';
import { repoRoot } from '../../server/config.ts';
import { freePort } from '../../bench/system-under-test.ts';
import { prepareTestServices, SetupError, type ServiceNeeds } from '../setup/test-services.ts';
import { TEST_PG_ADMIN_URL, TEST_REDIS_URL, waitFor } from '../support/test-env.ts';

const SERVICES_ONLY: ServiceNeeds = { services: true, chromium: false, promtool: false, redisServer: false };

/** Addresses where nothing listens (what a fresh machine has). */
async function silentAddresses() {
  const [redisPort, pgPort] = [await freePort(), await freePort()];
  return { PANTAU_TEST_REDIS_URL: `redis://127.0.0.1:${redisPort}`, PANTAU_TEST_PG_URL: `postgres://postgres@127.0.0.1:${pgPort}/postgres` };
}

function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(true));
  });
}

async function redisAnswers(url: string): Promise<boolean> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on('error', () => {});
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } finally {
    r.disconnect();
  }
}

// The private servers' data goes to a temp dir of this test, so "nothing left behind" is checkable.
let tmp: string;
const savedTmpdir = process.env.TMPDIR;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-setup-test-'));
  fs.chmodSync(tmp, 0o755); // PostgreSQL runs as `postgres` under root and must reach its dir
  process.env.TMPDIR = tmp;
});
afterEach(() => {
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
  fs.rmSync(tmp, { recursive: true, force: true });
});
const leftovers = () => fs.readdirSync(tmp).filter((n) => n.startsWith('pantau-'));

describe('npm test set-up', () => {
  it('starts a private Redis and an embedded PostgreSQL when nothing answers, which work, and stops them', async () => {
    const silent = await silentAddresses();
    const services = await prepareTestServices(SERVICES_ONLY, { env: { ...process.env, ...silent } });
    try {
      const redisUrl = services.env.PANTAU_TEST_REDIS_URL;
      const pgUrl = services.env.PANTAU_TEST_PG_URL;
      expect(redisUrl).not.toBe(silent.PANTAU_TEST_REDIS_URL);
      expect(pgUrl).not.toBe(silent.PANTAU_TEST_PG_URL);
      const redisPort = Number(new URL(redisUrl).port);
      const pgPort = Number(new URL(pgUrl).port);
      expect(services.summary).toBe(`Tes memakai / tests use: Redis pribadi / private :${redisPort}, PostgreSQL tertanam / embedded :${pgPort}`);
      expect(services.started).toHaveLength(2);

      expect(await redisAnswers(redisUrl)).toBe(true);
      // What the tests do with it: create a database of their own, connect to it, drop it.
      const admin = postgres(pgUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe('create database pantau_setup_probe');
      const db = postgres(pgUrl.replace(/\/postgres$/, '/pantau_setup_probe'), { max: 1, onnotice: () => {} });
      expect((await db`select current_database() as name`)[0].name).toBe('pantau_setup_probe');
      await db.end();
      await admin.unsafe('drop database pantau_setup_probe');
      const [{ max_connections }] = await admin`show max_connections`;
      expect(Number(max_connections)).toBeGreaterThanOrEqual(200);
      await admin.end();
      expect(leftovers().length).toBeGreaterThan(0);

      await services.stop();
      expect(await refuses(redisPort)).toBe(true);
      expect(await refuses(pgPort)).toBe(true);
      expect(leftovers()).toEqual([]);
    } finally {
      await services.stop();
    }
  }, 120_000);

  it('uses Redis and PostgreSQL that answer on the configured addresses and starts nothing', async () => {
    const env = { ...process.env, PANTAU_TEST_REDIS_URL: TEST_REDIS_URL, PANTAU_TEST_PG_URL: TEST_PG_ADMIN_URL };
    const services = await prepareTestServices(SERVICES_ONLY, { env });
    expect(services.started).toEqual([]);
    expect(services.env).toMatchObject({ PANTAU_TEST_REDIS_URL: TEST_REDIS_URL, PANTAU_TEST_PG_URL: TEST_PG_ADMIN_URL });
    expect(services.summary).toContain('(sudah berjalan / already running)');
    await services.stop();
    expect(await redisAnswers(TEST_REDIS_URL)).toBe(true);
  });

  it('names what to install, in one message, when a program is missing and it may not install', async () => {
    const env = { ...process.env, ...(await silentAddresses()), PANTAU_CHROMIUM: '/nonexistent/chromium', PANTAU_PROMTOOL: '/nonexistent/promtool', PANTAU_TEST_INSTALL: '0' };
    const failure = await prepareTestServices({ services: true, chromium: true, promtool: true, redisServer: true }, { env }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(SetupError);
    const message = (failure as Error).message;
    expect(message).toContain('apt-get install chromium prometheus');
    expect(message).toContain('PANTAU_CHROMIUM=/nonexistent/chromium');
    expect(message).toContain('PANTAU_PROMTOOL=/path/to/promtool');
    // Nothing was started before the programs were known to be there.
    expect(leftovers()).toEqual([]);
  });

  it('refuses, naming the address, when something answers there that is not what it should be', async () => {
    const redisPort = Number(new URL(TEST_REDIS_URL).port || 6379);
    const env = { ...process.env, PANTAU_TEST_REDIS_URL: TEST_REDIS_URL, PANTAU_TEST_PG_URL: `postgres://postgres@127.0.0.1:${redisPort}/postgres` };
    const failure = await prepareTestServices(SERVICES_ONLY, { env }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure).toBeInstanceOf(SetupError);
    expect((failure as Error).message).toContain(`PostgreSQL di / at postgres://postgres@127.0.0.1:${redisPort}/postgres menjawab tetapi / answers but`);
  });

  it('the runner stops what it started when Ctrl-C interrupts a step', async () => {
    const env = { ...process.env, ...(await silentAddresses()), TMPDIR: tmp };
    // Its own process group, like a terminal's foreground job: Ctrl-C reaches every process in it.
    const runner = spawn(process.execPath, ['--import', 'tsx', 'tests/setup/run-tests.ts', 'integration', 'tests/integration/metrics-promtool.test.ts'], {
      cwd: repoRoot,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    runner.stdout.on('data', (d) => (out += d));
    runner.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => runner.once('exit', (code) => resolve(code)));
    await waitFor(async () => out.includes('integration: vitest run'), 90_000, 100);
    const ports = [...out.matchAll(/(?:private|embedded) :(\d+)/g)].map((m) => Number(m[1]));
    expect(ports).toHaveLength(2);
    expect(await redisAnswers(`redis://127.0.0.1:${ports[0]}`)).toBe(true);

    process.kill(-runner.pid!, 'SIGINT');
    const code = await Promise.race([exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 30_000))]);
    if (code === 'hung') process.kill(-runner.pid!, 'SIGKILL');
    expect(code, out).toBe(130);
    expect(out).toContain('dihentikan / stopped: Redis pribadi / private');
    for (const port of ports) expect(await refuses(port)).toBe(true);
    expect(leftovers()).toEqual([]);
  }, 150_000);
});
