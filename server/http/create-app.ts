// The Express app: health, metrics, reference data for clients, the ingest API, login and
// administration, and the built client. Handlers stay thin; everything they need comes in
// through `AppDeps`. Who may call what: server/auth/roles.ts (and the table in the README).
import fs from 'node:fs';
import path from 'node:path';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import type { Redis } from 'ioredis';
import * as t from '../../db/schema.ts';
import type { DatabaseHandle } from '../infra/database.ts';
import type { Logger } from '../infra/logger.ts';
import type { Metrics } from '../infra/metrics.ts';
import { ingestRoutes } from '../ingest/ingest-routes.ts';
import { timelinessRoutes } from './timeliness-routes.ts';
import { pimpinanRoutes } from './pimpinan-routes.ts';
import { pushRoutes } from '../ingest/push-routes.ts';
import { buildOpenApi } from '../api-docs/openapi-document.ts';
import { publicReference, type ReferenceCache } from '../repositories/reference-repository.ts';
import type { StreamKeys } from '../streams/stream-keys.ts';
import type { LiveStateStore } from '../live-state/live-state-store.ts';
import type { AuthConfig } from '../config.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import type { RevocationBus } from '../auth/revocation-bus.ts';
import type { LoginThrottle } from '../auth/rate-limit.ts';
import { attachPrincipal, isLoopback, refuse, requirePermission, sameOriginGuard, untrustedProxyNotice } from '../auth/http-auth.ts';
import { can } from '../auth/roles.ts';
import { authRoutes } from '../auth/auth-routes.ts';
import { pageAccess } from '../auth/page-access.ts';
import { adminRoutes } from '../admin/admin-routes.ts';
import { complaintRoutes } from './complaint-routes.ts';
import { complaintActionRoutes } from './complaint-action-routes.ts';
import { teknisiRoutes } from './teknisi-routes.ts';
import { operatorRoutes } from '../operators/operator-routes.ts';
import type { OperatorLive } from '../operators/operator-live.ts';
import { apiRevalidates, clientAssets, compressResponses } from './client-assets.ts';
import type { RuleChangeBus } from '../rules/rule-change-bus.ts';
import type { ReportPool } from '../reports/report-pool.ts';

export interface AppDeps {
  database: DatabaseHandle;
  redis: Redis;
  streamKeys: StreamKeys;
  live: LiveStateStore;
  reference: ReferenceCache;
  metrics: Metrics;
  log: Logger;
  clientDir: string;
  minCount: number;
  /** Where report computations run (worker threads, a few at a time). */
  reports: ReportPool;
  /** Leadership reports count complaints from the stored facts (config.reports.facts). */
  reportFacts?: boolean;
  /** The window of the live per-OPD on-time figures, told to clients with the reference data. */
  liveWindowDays: number;
  publicUrl: () => string;
  redisPrefix: string;
  auth: AuthConfig;
  authn: Authenticator;
  revocations: RevocationBus;
  /** Tells every node that a timeliness rule changed. */
  rules: RuleChangeBus;
  loginThrottle: LoginThrottle;
  /** "Taken" marks and the operators' live events (server/operators). */
  operators: OperatorLive;
  /** Duplicate search defaults of the operators' screen. */
  duplicateDefaults: { km: number; days: number };
}

/** Writes that never use cookies (keys in a header or the URL), so CSRF checks do not apply. */
const isKeyAuthenticatedWrite = (req: Request) => /^\/api\/v1\/(complaints|uploads|heartbeats)\/?$/.test(req.path) || req.path.startsWith('/api/push/');

const SPA_ROUTES = ['/wall', '/teknisi', '/teknisi/monitor/:code', '/pimpinan', '/pimpinan/laporan', '/pimpinan/opd/:code', '/pimpinan/kecamatan/:code', '/operator', '/admin', '/admin/:section', '/login'];

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Forwarded headers (client address, host, protocol) only from the proxies the setting names.
  app.set('trust proxy', deps.auth.trustProxy);
  app.use(untrustedProxyNotice(deps.log));
  app.use(securityHeaders(deps.auth.allowedOrigins));
  app.use(sameOriginGuard(deps.auth.allowedOrigins, isKeyAuthenticatedWrite));
  app.use(compressResponses());
  app.use('/api', apiRevalidates);
  const authn = deps.authn;

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const [database, redis, live] = await Promise.all([
      deps.database.ping(),
      deps.redis.ping().then((r) => r === 'PONG').catch(() => false),
      deps.live.isReady().catch(() => false),
    ]);
    // Ingest and the wall need Redis and the live state; without Postgres events wait in the
    // streams (DESIGN.md: "Postgres down 60 s: ingest keeps accepting"), so a load balancer must
    // not pull the node for it: 200 "degraded", with the database check false.
    const ready = redis && live;
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? (database ? 'ready' : 'degraded') : 'not_ready', checks: { database, redis, liveState: live } });
  });
  // Prometheus scrapes from the same machine; from anywhere else (including anything relayed by a
  // reverse proxy, trusted or not) only an admin session may read metrics.
  app.get('/metrics', attachPrincipal(authn), async (req, res) => {
    if (!isLoopback(req) && !can(req.principal, 'metrics:read')) return req.principal ? refuse.forbidden(res) : refuse.unauthorized(res);
    res.set('Content-Type', deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });

  app.get('/api/v1/openapi.json', (_req, res) => {
    res.json(buildOpenApi());
  });
  app.get('/api/v1/reference', ...requirePermission(authn, 'reference:read'), (_req, res) => {
    res.set('Cache-Control', 'private, no-cache').json(publicReference(deps.reference.current(), { timelinessWindowDays: deps.liveWindowDays }));
  });
  let kecamatanGeo: string | null = null;
  app.use('/api/v1/geo', ...requirePermission(authn, 'reference:read'));
  app.get('/api/v1/geo/kecamatan.geojson', async (_req, res) => {
    kecamatanGeo ??= JSON.stringify({
      type: 'FeatureCollection',
      features: (await deps.database.db.select().from(t.kecamatan).orderBy(t.kecamatan.code)).map((k) => ({
        type: 'Feature',
        properties: { code: k.code, name: k.name },
        geometry: k.geometry,
      })),
    });
    res.set('Content-Type', 'application/geo+json').set('Cache-Control', 'private, no-cache').send(kecamatanGeo);
  });
  // Kelurahan inside their kecamatan, for the drill-down map of one kecamatan (/pimpinan).
  let kelurahanGeo: string | null = null;
  app.get('/api/v1/geo/kelurahan.geojson', async (_req, res) => {
    kelurahanGeo ??= JSON.stringify({
      type: 'FeatureCollection',
      features: (await deps.database.db.select().from(t.kelurahan).orderBy(t.kelurahan.code)).map((k) => ({
        type: 'Feature',
        properties: { code: k.code, name: k.name, kecamatan: k.kecamatanCode },
        geometry: k.geometry,
      })),
    });
    res.set('Content-Type', 'application/geo+json').set('Cache-Control', 'private, no-cache').send(kelurahanGeo);
  });

  app.use(timelinessRoutes({ db: deps.database.db, reference: deps.reference, minCount: deps.minCount, authn, reports: deps.reports }));
  app.use(pimpinanRoutes({ db: deps.database.db, reference: deps.reference, minCount: deps.minCount, authn, reports: deps.reports, facts: deps.reportFacts !== false }));
  app.use(authRoutes({ db: deps.database.db, authn, throttle: deps.loginThrottle, bus: deps.revocations, secureCookies: deps.auth.secureCookies, log: deps.log }));
  app.use(adminRoutes({ db: deps.database.db, authn, bus: deps.revocations, reference: deps.reference, rules: deps.rules, publicUrl: deps.publicUrl, log: deps.log, redis: deps.redis, streamKeys: deps.streamKeys }));
  app.use(complaintRoutes({ db: deps.database.db, authn }));
  app.use(complaintActionRoutes({ db: deps.database.db, authn, reference: deps.reference, live: deps.live, operators: deps.operators }));
  app.use(operatorRoutes({ db: deps.database.db, authn, reference: deps.reference, live: deps.live, operators: deps.operators, duplicateDefaults: deps.duplicateDefaults }));
  app.use(teknisiRoutes({ db: deps.database.db, authn, reference: deps.reference, live: deps.live }));
  app.use(pushRoutes({ redis: deps.redis, streamKeys: deps.streamKeys, reference: deps.reference, log: deps.log }));
  app.use(
    ingestRoutes({
      db: deps.database.db,
      redis: deps.redis,
      streamKeys: deps.streamKeys,
      reference: deps.reference,
      metrics: deps.metrics,
      log: deps.log,
      keyRateLimit: { redis: deps.redis, prefix: deps.redisPrefix, defaultPerMinute: deps.auth.ingestRequestsPerMinute },
      revocations: deps.revocations,
    }),
  );

  const indexHtml = path.join(deps.clientDir, 'index.html');
  if (fs.existsSync(deps.clientDir)) {
    app.use(clientAssets(deps.clientDir));
  }
  app.get(['/', ...SPA_ROUTES], pageAccess({ db: deps.database.db, authn, secureCookies: deps.auth.secureCookies, log: deps.log }), (_req, res) => {
    if (!fs.existsSync(indexHtml)) {
      res.status(503).type('text/plain').send('Tampilan belum dibangun: jalankan "npm run build" (or "npm start", which builds it).');
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(indexHtml);
  });

  app.use('/api', (_req, res) => {
    res.status(404).json({ error: 'not_found', message: 'Alamat API tidak ada. (No such API endpoint.)' });
  });
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    // Not the whole error: body-parser errors carry the raw body, which may hold a password.
    const e = error as { name?: string; message?: string; stack?: string; type?: string; status?: number };
    deps.log.error({ err: { name: e?.name, message: e?.message, stack: e?.stack, type: e?.type, status: e?.status } }, 'unhandled request error');
    if (res.headersSent) return;
    const raw = Number((error as { status?: number }).status) || 500;
    const status = raw >= 400 && raw < 600 ? raw : 500;
    // Never leak a stack trace or internal message.
    res.status(status).json({
      error: status === 413 ? 'payload_too_large' : status < 500 ? 'bad_request' : 'internal_error',
      message: status < 500 ? 'Permintaan tidak dapat diproses. (Bad request.)' : 'Terjadi kesalahan di server. (Internal error.)',
    });
  });
  return app;
}

/**
 * helmet's headers with a strict Content-Security-Policy: scripts only from this origin (no
 * inline scripts, no eval); the map needs blob: workers and data:/blob: images, the charts draw
 * on canvas; inline style attributes stay allowed (Svelte and MapLibre set element styles).
 * Connections go to this origin ('self' covers its ws:/wss: in CSP Level 3 browsers: Chromium 71+,
 * Safari 16+, Firefox) and to the configured origins, with their WebSocket form for older ones.
 * Nothing in the policy comes from the request: a Host header is whatever the sender wrote.
 * HSTS only over HTTPS (directly, or as a trusted proxy says): over plain HTTP it means nothing
 * to a browser, and a proxy that terminates TLS is where it belongs.
 */
function securityHeaders(allowedOrigins: readonly string[]): RequestHandler[] {
  const connectSrc = ["'self'", ...allowedOrigins.flatMap((o) => [o, o.replace(/^http/, 'ws')])];
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc,
        workerSrc: ["'self'", 'blob:'],
        childSrc: ['blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    // Cross-origin isolation is not needed and would complicate the map's workers.
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    strictTransportSecurity: false,
  });
  const hsts: RequestHandler = (req, res, next) => {
    if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  };
  return [headers, hsts];
}
