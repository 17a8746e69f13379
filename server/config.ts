// Everything configurable comes from the environment, with defaults that run the demo on a
// fresh machine. Tests build a config object directly.
import { isIP } from 'node:net';
import path from 'node:path';
import { DEFAULT_WEBHOOK_OPTIONS, type WebhookCrashHook, type WebhookDispatchOptions } from './operators/webhook-options.ts';

export interface PantauConfig {
  port: number;
  host: string;
  /** Postgres connection string; null means the embedded PGlite database under dataDir. */
  databaseUrl: string | null;
  /** Redis connection string; null means start a private redis-server (or an in-process stand-in). */
  redisUrl: string | null;
  /** Prefix of every Redis key and channel, so several deployments or test runs can share a Redis. */
  redisPrefix: string;
  dataDir: string;
  clientDir: string;
  /** Which parts this process runs; several processes can share the work. */
  roles: { web: boolean; processors: boolean; prober: boolean };
  prober: { maxConcurrent: number; shard: number; shards: number; reloadMs: number; silenceCheckMs: number };
  alerts: { groupWindowMs: number; escalateAfterMinutes: number; tickMs: number };
  /** Status webhooks back to the channels (server/operators/status-webhook-dispatcher.ts). */
  webhooks: WebhookDispatchOptions;
  /** The operators' screen: duplicate search defaults (PANTAU_DUPLICATE_KM, PANTAU_DUPLICATE_DAYS). */
  operators: { duplicateKm: number; duplicateDays: number };
  /**
   * Where people and senders reach Pantau (PANTAU_PUBLIC_URL, e.g. https://pantau.medan.go.id):
   * the links in alert messages, a wall's pairing link, a push monitor's URL. Unset: the address
   * this process listens on, which is right only when nothing stands in front of it.
   */
  publicUrl: string | null;
  demoApiKey: string | null;
  /** Registers this display token (read-only, for wall screens) at start: scripts and tests. */
  demoWallToken: string | null;
  /** Access control (server/auth). */
  auth: AuthConfig;
  /** Minimum time between two pushes to the same room. */
  tickMs: number;
  /** Events waiting unprocessed longer than this: screens are told their data stopped moving (PANTAU_PROCESSING_STALE_MS). */
  processingStaleMs: number;
  processor: {
    readCount: number;
    /** Consumers per stream in this process: one waits on Postgres while another works. */
    concurrency: number;
    /** PANTAU_PROCESSOR_NAME: this process's consumer name; null means `<hostname>-p<slot>` (server/processors/consumer-name.ts). */
    name: string | null;
    blockMs: number;
    reclaimIdleMs: number;
    reclaimEveryMs: number;
    maxFailures: number;
  };
  /** Below this many cases a rate is shown as "not enough data". */
  minCount: number;
  /**
   * Report computations (server/reports/report-pool.ts): how many at a time, each on a worker
   * thread (PANTAU_REPORT_WORKERS, default 1), and how many may wait (PANTAU_REPORT_QUEUE,
   * default 16) before a request gets 503. Unset: the defaults. `facts` (PANTAU_REPORT_FACTS,
   * default on; 0 turns it off): the leadership reports count complaints from the stored facts
   * in PostgreSQL (server/reports/leadership/complaint-facts.ts); off, from every complaint's
   * records in JavaScript (the reference computation, slow at city scale).
   */
  reports?: { workers: number; queue: number; facts?: boolean };
  /** The sliding window of the live per-OPD on-time figures, and how often they are refreshed. */
  liveWindowDays: number;
  timelinessRefreshMs: number;
  logLevel: string;
  /** Failure injection for reliability tests only. */
  testHooks: { crashAfterDbWrite: boolean; crashWebhook?: WebhookCrashHook };
}

export interface AuthConfig {
  /** A session ends this long after login, whatever happens. */
  sessionTtlMs: number;
  /** ... or after this long without a request. */
  sessionIdleMs: number;
  /** Cookies with the Secure flag: 'auto' when the request came over HTTPS (directly or via a trusted proxy). */
  secureCookies: 'auto' | 'always' | 'never';
  /** Other origins allowed to send cookie-authenticated writes (e.g. https://pantau.medan.go.id behind a proxy). */
  allowedOrigins: string[];
  /**
   * Which peers may tell us the client's address, host and protocol (X-Forwarded-For/-Host/-Proto),
   * as Express's `trust proxy`: false (nobody), a number of hops, or addresses, CIDR ranges and
   * the names loopback, linklocal, uniquelocal. Anyone can write those headers, so nobody by default.
   */
  trustProxy: TrustProxy;
  /** How long a looked-up credential is trusted per node before asking Postgres again. */
  credentialCacheMs: number;
  /** How often every open socket's credential is re-checked. */
  socketSweepMs: number;
  /** Ingest requests per minute per API key, unless the key has its own limit. */
  ingestRequestsPerMinute: number;
  login: {
    maxFailuresPerUserAndIp: number;
    maxFailuresPerIp: number;
    maxFailuresPerUser: number;
    windowMs: number;
    lockMs: number;
  };
}

export type TrustProxy = boolean | number | string[];

export const repoRoot = path.resolve(import.meta.dirname, '..');

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** PANTAU_TRUST_PROXY: unset/false/0 = nobody; true; a hop count; or a comma-separated list. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = (value ?? '').trim();
  if (v === '' || /^(false|off|no|0)$/i.test(v)) return false;
  if (/^true$/i.test(v)) return true;
  if (/^\d+$/.test(v)) return Number(v);
  const entries = v.split(',').map((e) => e.trim()).filter(Boolean);
  for (const e of entries) {
    const [address, prefix, ...rest] = e.split('/');
    const ok =
      PROXY_NAMES.has(e) ||
      (rest.length === 0 &&
        isIP(address) !== 0 &&
        (prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (isIP(address) === 4 ? 32 : 128)) || isIP(prefix) === 4));
    if (!ok) throw new Error(`PANTAU_TRUST_PROXY: "${e}" is not an address, a CIDR range, loopback, linklocal, uniquelocal, a number of hops or true`);
  }
  return entries;
}

/** PANTAU_ALLOWED_ORIGINS: comma-separated origins such as https://pantau.medan.go.id. */
export function parseOrigins(value: string | undefined, variable = 'PANTAU_ALLOWED_ORIGINS'): string[] {
  return (value ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)
    .map((o) => {
      const url = URL.canParse(o) ? new URL(o) : null;
      const bare = url && url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
      if (!bare || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
        throw new Error(`${variable}: "${o}" is not an origin like https://pantau.medan.go.id`);
      }
      return url.origin;
    });
}

/** PANTAU_PUBLIC_URL: the one origin people and senders reach Pantau at (behind a proxy, not our bind address). */
export function parsePublicUrl(value: string | undefined): string | null {
  const origins = parseOrigins(value, 'PANTAU_PUBLIC_URL');
  if (origins.length > 1) throw new Error(`PANTAU_PUBLIC_URL: one origin, not a list ("${value}")`);
  return origins[0] ?? null;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): PantauConfig {
  const publicUrl = parsePublicUrl(env.PANTAU_PUBLIC_URL);
  const roles = (env.PANTAU_ROLES ?? 'web,processors,prober').split(',').map((r) => r.trim());
  const [shard, shards] = (env.PANTAU_PROBER_SHARD ?? '0/1').split('/').map(Number);
  return {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || null,
    redisUrl: env.REDIS_URL || null,
    redisPrefix: env.PANTAU_REDIS_PREFIX ?? 'pantau:',
    dataDir: path.resolve(env.PANTAU_DATA_DIR ?? path.join(repoRoot, '.pantau')),
    clientDir: path.resolve(env.PANTAU_CLIENT_DIR ?? path.join(repoRoot, 'dist/client')),
    roles: { web: roles.includes('web'), processors: roles.includes('processors'), prober: roles.includes('prober') },
    alerts: {
      groupWindowMs: Number(env.PANTAU_ALERT_GROUP_MS ?? 15_000),
      escalateAfterMinutes: Number(env.PANTAU_ESCALATE_MINUTES ?? 15),
      tickMs: Number(env.PANTAU_ALERT_TICK_MS ?? 1_000),
    },
    webhooks: {
      ...DEFAULT_WEBHOOK_OPTIONS,
      tickMs: Number(env.PANTAU_WEBHOOK_TICK_MS ?? DEFAULT_WEBHOOK_OPTIONS.tickMs),
      leaseMs: Number(env.PANTAU_WEBHOOK_LEASE_MS ?? DEFAULT_WEBHOOK_OPTIONS.leaseMs),
      maxAttempts: Number(env.PANTAU_WEBHOOK_MAX_ATTEMPTS ?? DEFAULT_WEBHOOK_OPTIONS.maxAttempts),
      backoffBaseMs: Number(env.PANTAU_WEBHOOK_BACKOFF_MS ?? DEFAULT_WEBHOOK_OPTIONS.backoffBaseMs),
    },
    operators: {
      duplicateKm: Number(env.PANTAU_DUPLICATE_KM ?? 0.5),
      duplicateDays: Number(env.PANTAU_DUPLICATE_DAYS ?? 7),
    },
    prober: {
      maxConcurrent: Number(env.PANTAU_PROBER_CONCURRENCY ?? 256),
      shard: shard || 0,
      shards: shards || 1,
      reloadMs: Number(env.PANTAU_PROBER_RELOAD_MS ?? 30_000),
      silenceCheckMs: Number(env.PANTAU_SILENCE_CHECK_MS ?? 5_000),
    },
    publicUrl,
    demoApiKey: env.PANTAU_DEMO_API_KEY || null,
    demoWallToken: env.PANTAU_DEMO_WALL_TOKEN || null,
    auth: {
      sessionTtlMs: Number(env.PANTAU_SESSION_HOURS ?? 12) * 3600_000,
      sessionIdleMs: Number(env.PANTAU_SESSION_IDLE_MINUTES ?? 120) * 60_000,
      secureCookies: env.PANTAU_SECURE_COOKIES === 'always' || env.PANTAU_SECURE_COOKIES === 'never' ? env.PANTAU_SECURE_COOKIES : 'auto',
      // The public address is where our pages come from: its writes and WebSockets are ours.
      allowedOrigins: [...new Set([...(publicUrl ? [publicUrl] : []), ...parseOrigins(env.PANTAU_ALLOWED_ORIGINS)])],
      trustProxy: parseTrustProxy(env.PANTAU_TRUST_PROXY),
      credentialCacheMs: 3_000,
      socketSweepMs: 30_000,
      ingestRequestsPerMinute: Number(env.PANTAU_INGEST_REQUESTS_PER_MINUTE ?? 60_000),
      login: {
        maxFailuresPerUserAndIp: 5,
        maxFailuresPerIp: 20,
        maxFailuresPerUser: 50,
        windowMs: 15 * 60_000,
        lockMs: 15 * 60_000,
      },
    },
    tickMs: Number(env.PANTAU_TICK_MS ?? 100),
    processingStaleMs: Number(env.PANTAU_PROCESSING_STALE_MS ?? 10_000),
    processor: {
      readCount: Number(env.PANTAU_PROCESSOR_READ_COUNT ?? 20),
      // Embedded PGlite runs one transaction at a time: a second consumer would only wait.
      concurrency: Math.max(1, Number(env.PANTAU_PROCESSOR_CONCURRENCY ?? (env.DATABASE_URL ? 4 : 1)) || 1),
      name: env.PANTAU_PROCESSOR_NAME?.trim() || null,
      blockMs: 1000,
      reclaimIdleMs: Number(env.PANTAU_RECLAIM_IDLE_MS ?? 30_000),
      reclaimEveryMs: 5_000,
      maxFailures: 5,
    },
    minCount: Number(env.PANTAU_MIN_COUNT ?? 5),
    reports: { workers: Number(env.PANTAU_REPORT_WORKERS ?? 1) || 1, queue: Number(env.PANTAU_REPORT_QUEUE ?? 16), facts: env.PANTAU_REPORT_FACTS !== '0' },
    liveWindowDays: Number(env.PANTAU_LIVE_WINDOW_DAYS ?? 30),
    timelinessRefreshMs: Number(env.PANTAU_TIMELINESS_REFRESH_MS ?? 5000),
    logLevel: env.LOG_LEVEL ?? 'info',
    testHooks: {
      crashAfterDbWrite: env.PANTAU_TEST_CRASH_AFTER_DB_WRITE === '1',
      crashWebhook: env.PANTAU_TEST_CRASH_WEBHOOK === 'before-send' || env.PANTAU_TEST_CRASH_WEBHOOK === 'after-send' ? env.PANTAU_TEST_CRASH_WEBHOOK : null,
    },
  };
}
