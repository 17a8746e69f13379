// Starts one Pantau process: web (HTTP + Socket.IO) and/or processors, per config.roles.
// `npm start` (server/start.ts) wraps this with the client build and the simulator; production
// runs `tsx server/main.ts` with DATABASE_URL and REDIS_URL set.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { Redis, type RedisOptions } from 'ioredis';
import { count } from 'drizzle-orm';
import * as t from '../db/schema.ts';
import { seedDatabase } from '../db/seed.ts';
import { EVENT_KINDS } from '../shared/events.ts';
import { configFromEnv, type PantauConfig } from './config.ts';
import { openDatabase, type DatabaseHandle } from './infra/database.ts';
import { createLogger, type Logger } from './infra/logger.ts';
import { stopOnSignals } from './infra/graceful-stop.ts';
import { withTimeout } from './infra/promise-timeout.ts';
import { createMetrics } from './infra/metrics.ts';
import { redisServerOnPath, startPrivateRedis } from './infra/redis-server-process.ts';
import { startRedisStandIn, warnAboutStandIn } from './infra/redis-stand-in/index.ts';
import { createApp } from './http/create-app.ts';
import { liveKeys } from './live-state/live-keys.ts';
import { LiveStateStore } from './live-state/live-state-store.ts';
import { LiveStateGuardian } from './live-state/rebuild-live-state.ts';
import { TimelinessRefresher } from './live-state/timeliness-refresher.ts';
import { Prober } from './prober/prober.ts';
import { AlertDispatcher } from './alerting/alert-dispatcher.ts';
import { StatusWebhookDispatcher } from './operators/status-webhook-dispatcher.ts';
import { LivePush } from './push/live-push.ts';
import { ReferenceCache } from './repositories/reference-repository.ts';
import { ensureSourceWithKey } from './repositories/api-key-repository.ts';
import { streamKeys } from './streams/stream-keys.ts';
import { StreamProcessor, type ProcessorDeps } from './processors/stream-processor.ts';
import { claimConsumerName, type ConsumerNameClaim } from './processors/consumer-name.ts';
import { complaintHandler } from './processors/complaint-processor.ts';
import { uploadHandler } from './processors/upload-processor.ts';
import { heartbeatHandler } from './processors/heartbeat-processor.ts';
import { ensureDisplayToken } from './repositories/display-token-repository.ts';
import { Authenticator } from './auth/authenticator.ts';
import { RevocationBus } from './auth/revocation-bus.ts';
import { RuleChangeBus } from './rules/rule-change-bus.ts';
import { LoginThrottle } from './auth/rate-limit.ts';
import { authorizeRoom, installSocketAuth, socketPrincipal } from './auth/socket-auth.ts';
import { OperatorLive } from './operators/operator-live.ts';
import { sha256 } from './auth/secrets.ts';
import { ReportPool } from './reports/report-pool.ts';

export interface PantauHandle {
  url: string;
  port: number;
  config: PantauConfig;
  database: DatabaseHandle;
  redis: Redis;
  log: Logger;
  reference: ReferenceCache;
  /** Announces a changed timeliness rule to every node. */
  rules: RuleChangeBus;
  /** The Express app (web role only): its router is what the API documentation is checked against. */
  app: Express | null;
  /** Source keys to register at start (e.g. the simulator's). */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Extra ingest sources to register with their keys (code, name, key). */
  sources?: { code: string; name: string; key: string }[];
  log?: Logger;
  /** Aborted (Ctrl-C during start-up): start-up stops between steps and closes what it opened. */
  signal?: AbortSignal;
}

/** What a started process holds, in the order close() gives it up. */
interface Parts {
  log: Logger;
  server: http.Server | null;
  push: LivePush | null;
  prober: Prober | null;
  processors: StreamProcessor<any>[];
  consumerName: ConsumerNameClaim | null;
  connections: Redis[];
  /** Background loops, the database, then the private Redis (run last first). */
  closers: (() => Promise<void> | void)[];
}

export async function startPantau(config: PantauConfig, options: StartOptions = {}): Promise<PantauHandle> {
  const log = options.log ?? createLogger(config.logLevel);
  const parts: Parts = { log, server: null, push: null, prober: null, processors: [], consumerName: null, connections: [], closers: [] };
  try {
    return await startParts(config, options, parts);
  } catch (error) {
    // A failed or interrupted start leaves nothing behind (no private redis-server, no open database).
    await closeInOrder(parts);
    throw error;
  }
}

async function startParts(config: PantauConfig, options: StartOptions, parts: Parts): Promise<PantauHandle> {
  const { log, closers, connections } = parts;
  const metrics = createMetrics();
  const checkpoint = () => options.signal?.throwIfAborted();

  let redisUrl = config.redisUrl;
  if (!redisUrl) {
    // PANTAU_REDIS=stand-in picks the in-process stand-in even when redis-server is installed.
    if (process.env.PANTAU_REDIS !== 'stand-in' && redisServerOnPath()) {
      const priv = await startPrivateRedis(config.dataDir, log);
      redisUrl = priv.url;
      closers.push(() => priv.stop());
    } else {
      const standIn = await startRedisStandIn();
      redisUrl = standIn.url;
      closers.push(() => standIn.stop());
      warnAboutStandIn(log, standIn.url);
    }
  }
  checkpoint();
  const connect = (name: string, extra: RedisOptions = {}) => {
    const r = new Redis(redisUrl as string, { connectionName: `pantau-${name}`, lazyConnect: false, ...extra });
    r.on('error', (err) => log.debug({ err: err.message, name }, 'redis connection error'));
    connections.push(r);
    return r;
  };
  const redis = connect('main', { maxRetriesPerRequest: 2 });
  await redis.ping();

  const database = await openDatabase(config.databaseUrl, config.dataDir, log);
  closers.push(() => database.close());
  checkpoint();
  await database.exclusive(async () => {
    const [{ n }] = await database.db.select({ n: count() }).from(t.opd);
    if (n === 0) {
      const seeded = await seedDatabase(database.db);
      log.info(seeded, 'seeded reference data for Kota Medan');
    }
  });
  for (const s of [
    ...(config.demoApiKey ? [{ code: 'demo', name: 'Demo / uji coba', key: config.demoApiKey }] : []),
    ...(options.sources ?? []),
  ]) {
    await ensureSourceWithKey(database.db, s.code, s.name, s.key, 'registered at start-up');
  }
  if (config.demoWallToken) {
    await ensureDisplayToken(database.db, sha256(config.demoWallToken), config.demoWallToken.slice(0, 8), 'Demo / uji coba (PANTAU_DEMO_WALL_TOKEN)');
  }

  checkpoint();
  const reference = new ReferenceCache(database.db);
  await reference.start();
  closers.push(() => reference.stop());
  // Every node reloads its rules when an admin changes one; the processors' node also
  // recomputes the live timeliness at once (the refresher registers below).
  const rules = new RuleChangeBus(redis, connect('rules', { maxRetriesPerRequest: null }), config.redisPrefix, log);
  rules.on(async () => {
    await reference.refresh();
  });
  await rules.start();
  closers.push(() => rules.stop());

  const sKeys = streamKeys(config.redisPrefix);
  const lKeys = liveKeys(config.redisPrefix);
  const live = new LiveStateStore(redis, lKeys);
  const guardian = new LiveStateGuardian(database.db, redis, lKeys, log);
  await guardian.ensure();
  guardian.start();
  closers.push(() => guardian.stop());

  const processors = parts.processors;
  if (config.roles.processors) {
    const nameClaim = await claimConsumerName(redis, sKeys, log, { explicitName: config.processor.name });
    parts.consumerName = nameClaim;
    const reassert = setInterval(() => void nameClaim.reassert().catch(() => {}), 30_000);
    reassert.unref();
    closers.push(() => clearInterval(reassert));
    const deps: ProcessorDeps = { db: database.db, redis, streamKeys: sKeys, live, metrics, log, config, consumerName: nameClaim.name };
    const handlers = { complaints: complaintHandler(reference), uploads: uploadHandler(reference), heartbeats: heartbeatHandler(reference) };
    for (const kind of EVENT_KINDS) {
      for (let i = 1; i <= config.processor.concurrency; i++) {
        const p = new StreamProcessor(kind, handlers[kind] as never, deps, connect(`reader-${kind}-${i}`, { maxRetriesPerRequest: null }), i);
        p.start();
        processors.push(p);
      }
    }
    const refresher = new TimelinessRefresher(database.db, redis, lKeys, reference, log, {
      intervalMs: config.timelinessRefreshMs,
      windowDays: config.liveWindowDays,
      minCount: config.minCount,
    });
    refresher.start();
    closers.push(() => refresher.stop());
    rules.on(async () => {
      await refresher.refresh();
    });
    const alerts = new AlertDispatcher(database.db, redis, `${config.redisPrefix}alerts:lock`, log, () => config.publicUrl ?? (url || `http://localhost:${config.port}`), config.alerts);
    alerts.start();
    closers.push(() => alerts.stop());
    const webhooks = new StatusWebhookDispatcher(database.db, log, config.webhooks, config.testHooks.crashWebhook ?? null);
    webhooks.start();
    closers.push(() => webhooks.stop());
  }

  if (config.roles.prober) {
    parts.prober = new Prober(database.db, redis, sKeys, metrics, log, config.prober, lKeys.ready);
    await parts.prober.start();
  }

  let server: http.Server | null = null;
  let app: Express | null = null;
  let push: LivePush | null = null;
  let port = 0;
  let url = '';
  if (config.roles.web) {
    const authn = new Authenticator(
      database.db,
      { sessionTtlMs: config.auth.sessionTtlMs, sessionIdleMs: config.auth.sessionIdleMs, cacheMs: config.auth.credentialCacheMs },
      log,
    );
    const revocations = new RevocationBus(redis, connect('revocations', { maxRetriesPerRequest: null }), config.redisPrefix, log);
    authn.listenTo(revocations);
    await revocations.start();
    const operators = new OperatorLive(redis, config.redisPrefix);
    const reports = new ReportPool(config.reports);
    closers.push(() => reports.close());
    app = createApp({
      database,
      reports,
      redis,
      streamKeys: sKeys,
      live,
      reference,
      metrics,
      log,
      clientDir: config.clientDir,
      minCount: config.minCount,
      reportFacts: config.reports?.facts !== false,
      liveWindowDays: config.liveWindowDays,
      publicUrl: () => config.publicUrl ?? url,
      redisPrefix: config.redisPrefix,
      auth: config.auth,
      authn,
      revocations,
      rules,
      loginThrottle: new LoginThrottle(redis, config.redisPrefix, config.auth.login),
      operators,
      duplicateDefaults: { km: config.operators.duplicateKm, days: config.operators.duplicateDays },
    });
    checkpoint();
    server = http.createServer(app);
    // Longer than the clients' and proxies' own idle timeouts (Node's fetch 4 s, nginx 60 s), so
    // the client closes an idle connection first: otherwise, after a moment the event loop was
    // busy, both timers fire together and a request goes out on a socket the server is closing
    // (ECONNRESET). Stopping still closes idle connections at once (closeInOrder).
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    parts.server = server;
    push = new LivePush(server, {
      live,
      reference,
      redis,
      subscriber: connect('subscriber', { maxRetriesPerRequest: null }),
      adapterPub: connect('adapter-pub', { maxRetriesPerRequest: null }),
      adapterSub: connect('adapter-sub', { maxRetriesPerRequest: null }),
      adapterKey: `${config.redisPrefix}socket.io`,
      metrics,
      log,
      tickMs: config.tickMs,
      city: reference.current().city.name,
      authorizeRoom,
      streamKeys: sKeys,
      processingStaleMs: config.processingStaleMs,
    });
    const stopSocketAuth = installSocketAuth(push.io, {
      authn,
      bus: revocations,
      allowedOrigins: config.auth.allowedOrigins,
      trustProxy: app.get('trust proxy fn'),
      log,
      sweepMs: config.auth.socketSweepMs,
    });
    closers.push(stopSocketAuth);
    operators.attach(push.io as never, socketPrincipal);
    await operators.listen(connect('operator-subscriber', { maxRetriesPerRequest: null }), lKeys.changedChannel);
    closers.push(() => operators.stop());
    parts.push = push;
    await push.start();
    checkpoint();
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(config.port, config.host, () => resolve());
    });
    port = (server.address() as AddressInfo).port;
    url = `http://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${port}`;
    log.info({ url }, 'Pantau is listening');
  }

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    config,
    database,
    redis,
    log,
    reference,
    rules,
    app,
    close() {
      closing ??= closeInOrder(parts);
      return closing;
    },
  };
}

/**
 * Stops in order, each step bounded so that a stuck one (say, a Redis that is gone) cannot hold
 * the process: no new requests, connections or checks; the requests in flight answered; the
 * batches being processed finished (their entries stay pending under this process's consumer
 * name otherwise, and its next start finishes them first); background loops; connections; the
 * database; the private Redis last (it holds the acknowledged events not yet processed).
 */
async function closeInOrder(parts: Parts): Promise<void> {
  const { log } = parts;
  const step = async (name: string, ms: number, work: () => Promise<unknown> | unknown) => {
    try {
      await withTimeout(Promise.resolve().then(work), ms);
    } catch (error) {
      log.warn({ step: name, err: (error as Error).message }, 'stopping: a step did not finish; going on');
    }
  };
  const server = parts.server;
  await Promise.all([
    step('http', 3_000, async () => {
      if (!server) return;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Screens are told to reconnect (to another node, or to this one when it is back).
      await parts.push?.stop();
      try {
        await withTimeout(closed, 2_500);
      } finally {
        server.closeAllConnections();
      }
    }),
    step('prober', 2_000, () => parts.prober?.stop()),
  ]);
  await step('processors', 3_000, () => Promise.all(parts.processors.map((p) => p.stop())));
  await step('processor name', 1_000, () => parts.consumerName?.release());
  for (const c of parts.connections) c.disconnect();
  for (const close of parts.closers.splice(0).reverse()) await step('close', 3_000, close);
}

const invokedDirectly = process.argv[1] && import.meta.filename === (await import('node:fs')).realpathSync(process.argv[1]);
if (invokedDirectly) {
  const config = configFromEnv();
  const log = createLogger(config.logLevel);
  const stopper = stopOnSignals(log);
  const handle = await startPantau(config, { log, signal: stopper.signal }).catch((error) => {
    if (stopper.signal.aborted) process.exit(0);
    throw error;
  });
  stopper.onStop(async () => {
    await handle.close();
    log.info('stopped');
  });
}
