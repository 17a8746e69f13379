// What the tests need around them, found or started: Redis and PostgreSQL on the configured
// addresses (PANTAU_TEST_REDIS_URL / PANTAU_TEST_PG_URL, defaults in tests/support/test-env.ts),
// or a private redis-server and an embedded PostgreSQL when nothing answers there; Chromium,
// promtool and redis-server, installed from Debian's packages where the user may. Used by
// `npm test` and `npm run test:reliability` (tests/setup/run-tests.ts).
import net from 'node:net';
import postgres from 'postgres';
import { Redis } from 'ioredis';
import { PrivatePostgres } from '../reliability/support/private-postgres.ts';
import { PrivateRedis } from '../reliability/support/private-redis.ts';
import { testPgUrl, testRedisUrl } from './test-addresses.ts';
import { CHROMIUM, findTool, installCommand, installMethod, installTools, lookedFor, PROMTOOL, REDIS_SERVER, type SystemTool } from './system-tools.ts';

export interface ServiceNeeds {
  /** Redis and PostgreSQL on an address (integration, browser tests, drills). */
  services: boolean;
  chromium: boolean;
  promtool: boolean;
  /** redis-server itself, even when a Redis answers (the drills start their own). */
  redisServer: boolean;
}

export interface TestServices {
  /** Variables to pass to the test runs: the addresses and the tools' paths. */
  env: Record<string, string>;
  /** One line saying what the tests use and what was started for them. */
  summary: string;
  /** What was started for the tests (and is stopped by stop()), e.g. "Redis pribadi / private :41234". */
  started: string[];
  /** Stops what was started (idempotent). */
  stop(): Promise<void>;
}

/** A failure a person can act on: printed as is, without a stack. */
export class SetupError extends Error {}

type Probe = { answers: true } | { answers: false } | { answers: 'wrongly'; error: string };

/** Whether something listens on host:port at all (refused or timed out: nothing). */
function listening(host: string, port: number, timeoutMs = 1_500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function probeRedis(url: string): Promise<Probe> {
  const u = new URL(url);
  if (!(await listening(u.hostname, Number(u.port || 6379)))) return { answers: false };
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3_000 });
  r.on('error', () => {});
  try {
    await r.connect();
    return (await r.ping()) === 'PONG' ? { answers: true } : { answers: 'wrongly', error: 'PING was not answered with PONG' };
  } catch (err) {
    return { answers: 'wrongly', error: (err as Error).message };
  } finally {
    r.disconnect();
  }
}

async function probePostgres(url: string): Promise<Probe> {
  const u = new URL(url);
  if (!(await listening(u.hostname, Number(u.port || 5432)))) return { answers: false };
  const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await sql`select 1`;
    return { answers: true };
  } catch (err) {
    return { answers: 'wrongly', error: (err as Error).message };
  } finally {
    await sql.end({ timeout: 1 });
  }
}

const hostPort = (url: string) => new URL(url).host;

export interface PrepareOptions {
  env?: NodeJS.ProcessEnv;
  /** Progress lines (installing, starting); the summary is returned, not logged. */
  log?: (line: string) => void;
}

/**
 * Finds or starts what `needs` asks for. Throws SetupError with one message naming everything
 * missing that it may not install. On any failure, stops what it had started.
 */
export async function prepareTestServices(needs: ServiceNeeds, options: PrepareOptions = {}): Promise<TestServices> {
  const env = { ...(options.env ?? process.env) };
  const log = options.log ?? (() => {});
  const redisUrl = testRedisUrl(env);
  const pgUrl = testPgUrl(env);

  const [redisProbe, pgProbe] = needs.services ? await Promise.all([probeRedis(redisUrl), probePostgres(pgUrl)]) : [null, null];
  const wrong = [
    redisProbe?.answers === 'wrongly' ? `Redis di / at ${redisUrl} menjawab tetapi / answers but: ${redisProbe.error}` : null,
    pgProbe?.answers === 'wrongly' ? `PostgreSQL di / at ${pgUrl} menjawab tetapi / answers but: ${pgProbe.error}` : null,
  ].filter((l): l is string => l !== null);
  if (wrong.length) {
    throw new SetupError(
      [...wrong, 'Perbaiki alamatnya (PANTAU_TEST_REDIS_URL / PANTAU_TEST_PG_URL) atau hentikan layanan itu / fix the address or stop that service.'].join('\n'),
    );
  }

  // Programs: what is needed and missing, installed in one go or named in one message.
  const wanted: SystemTool[] = [
    ...(needs.chromium ? [CHROMIUM] : []),
    ...(needs.promtool ? [PROMTOOL] : []),
    ...(needs.redisServer || redisProbe?.answers === false ? [REDIS_SERVER] : []),
  ];
  let missing = wanted.filter((t) => !findTool(t, env));
  const installed = new Set<SystemTool>();
  if (missing.length) {
    const method = installMethod(env);
    if (method) {
      installTools(missing, method, log);
      for (const t of missing) installed.add(t);
      // A variable that named a path the package does not use is left behind: use the package's.
      for (const t of missing) if (!findTool(t, env) && findTool(t, { ...env, [t.envVar]: t.installedPath })) env[t.envVar] = t.installedPath;
      missing = missing.filter((t) => !findTool(t, env));
    }
    if (missing.length) {
      throw new SetupError(
        [
          `Tes butuh program yang belum ada / the tests need programs that are missing: ${missing.map((t) => `${t.label} (dicari / looked for: ${lookedFor(t, env)})`).join('; ')}.`,
          `Pasang / install: ${installCommand(missing)}` +
            (env.PANTAU_TEST_INSTALL === '0'
              ? '   (PANTAU_TEST_INSTALL=0: tidak memasang sendiri / not installing by itself)'
              : method
                ? ''
                : '   (npm test memasangnya sendiri bila dijalankan sebagai root atau dengan sudo tanpa kata sandi / installs them itself as root or with passwordless sudo)'),
          ...missing.map((t) => `  atau tunjuk yang sudah ada / or point to yours: ${t.envVar}=/path/to/${t.label.toLowerCase()}`),
        ].join('\n'),
      );
    }
  }

  const started: { label: string; stop(): Promise<void> }[] = [];
  const stop = async () => {
    while (started.length) await started.pop()!.stop();
  };
  const parts: string[] = [];
  const passEnv: Record<string, string> = {};
  try {
    if (needs.services) {
      if (redisProbe?.answers === true) {
        parts.push(`Redis ${hostPort(redisUrl)} (sudah berjalan / already running)`);
        passEnv.PANTAU_TEST_REDIS_URL = redisUrl;
      } else {
        const redis = await PrivateRedis.start({ tempPrefix: 'pantau-test-redis-' });
        started.push({ label: `Redis pribadi / private :${redis.port}`, stop: () => redis.stop() });
        parts.push(started.at(-1)!.label);
        passEnv.PANTAU_TEST_REDIS_URL = redis.url;
      }
      if (pgProbe?.answers === true) {
        parts.push(`PostgreSQL ${hostPort(pgUrl)} (sudah berjalan / already running)`);
        passEnv.PANTAU_TEST_PG_URL = pgUrl;
      } else {
        // Pools of 20 per test server, several servers per file, the drills' processes.
        const pg = await PrivatePostgres.start({ maxConnections: 300, tempPrefix: 'pantau-test-pg-' });
        started.push({ label: `PostgreSQL tertanam / embedded :${pg.port}`, stop: () => pg.destroy() });
        parts.push(started.at(-1)!.label);
        passEnv.PANTAU_TEST_PG_URL = pg.adminUrl;
      }
    }
    for (const tool of wanted) {
      const found = findTool(tool, env)!;
      passEnv[tool.envVar] = found;
      if (tool !== REDIS_SERVER || installed.has(tool)) parts.push(`${tool.label} ${found}${installed.has(tool) ? ' (baru dipasang / just installed)' : ''}`);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    env: passEnv,
    summary: `Tes memakai / tests use: ${parts.join(', ')}`,
    started: started.map((s) => s.label),
    stop,
  };
}
