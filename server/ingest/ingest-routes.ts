// POST /api/v1/complaints | uploads | heartbeats. Thin: authenticate, parse, validate, hand the
// whole batch to its Redis stream, answer 202 only once it is there.
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Redis } from 'ioredis';
import { ulid } from 'ulid';
import { EVENT_KINDS, type EventKind, type IngestAcceptedBody, type IngestErrorBody } from '../../shared/events.ts';
import { INGEST_LIMITS } from '../../shared/domain-constants.ts';
import type { Database } from '../infra/database.ts';
import type { Metrics } from '../infra/metrics.ts';
import type { Logger } from '../infra/logger.ts';
import type { ReferenceCache } from '../repositories/reference-repository.ts';
import { appendBatch, backlog } from '../streams/event-stream.ts';
import type { StreamKeys } from '../streams/stream-keys.ts';
import { apiKeyAuth, type KeyRateLimit } from './api-key-auth.ts';
import type { RevocationBus } from '../auth/revocation-bus.ts';
import { preferredLang, validateBatch } from './validate-batch.ts';
import { strictUtf8 } from '../http/json-body.ts';

/** Above this many waiting batches in a stream, ingest asks senders to slow down (503). */
const MAX_BACKLOG_ENTRIES = 200_000;

export interface IngestDeps {
  db: Database;
  redis: Redis;
  streamKeys: StreamKeys;
  reference: ReferenceCache;
  metrics: Metrics;
  log: Logger;
  /** Per-key request limits (429 with Retry-After when exceeded). */
  keyRateLimit?: KeyRateLimit;
  /** Revoked keys stop working at once on every node. */
  revocations?: RevocationBus;
}

export function ingestRoutes(deps: IngestDeps): Router {
  const router = express.Router();
  const authenticate = apiKeyAuth(deps.db, { rateLimit: deps.keyRateLimit, revocations: deps.revocations });
  const parseJson = express.json({ limit: INGEST_LIMITS.maxBodyBytes, type: () => true, strict: true, verify: strictUtf8 });
  const backlogCheck = backlogGuard(deps);

  for (const kind of EVENT_KINDS) {
    router.post(`/api/v1/${kind}`, authenticate, backlogCheck(kind), parseJson, async (req: Request, res: Response) => {
      const started = performance.now();
      const lang = preferredLang(req.get('accept-language'));
      const source = req.ingestSource!.sourceCode;
      const finish = (status: number, body: IngestErrorBody | IngestAcceptedBody, events: number, outcome: string) => {
        res.status(status).json(body);
        deps.metrics.ingestEvents.inc({ kind, outcome }, events);
        deps.metrics.ingestRequests.observe({ kind, status: String(status) }, (performance.now() - started) / 1000);
      };
      const validation = validateBatch(kind, req.body, source, deps.reference.current(), lang);
      if (!validation.ok) {
        const n = validation.errors.length;
        return finish(
          400,
          {
            error: 'validation_failed',
            message:
              lang === 'en'
                ? `${n} problem(s) in the data sent; nothing from this request was stored.`
                : `Ada ${n} kesalahan pada data yang dikirim; tidak ada data dari permintaan ini yang disimpan.`,
            errors: validation.errors,
          },
          Array.isArray((req.body as { events?: unknown })?.events) ? (req.body as { events: unknown[] }).events.length : 0,
          'refused',
        );
      }
      const batchId = ulid();
      try {
        await appendBatch(deps.redis, deps.streamKeys, {
          batchId,
          kind,
          source,
          receivedAt: new Date().toISOString(),
          events: validation.events,
        });
      } catch (error) {
        deps.log.error({ err: error, kind }, 'could not append batch to its stream');
        res.set('Retry-After', '2');
        return finish(503, unavailable(lang), validation.events.length, 'unavailable');
      }
      finish(202, { accepted: validation.events.length, batchId }, validation.events.length, 'accepted');
    });
  }
  router.use('/api/v1', ingestErrorHandler);
  return router;
}

function unavailable(lang: 'id' | 'en'): IngestErrorBody {
  return {
    error: 'unavailable',
    message:
      lang === 'en'
        ? 'Pantau cannot accept data right now; nothing was stored. Please retry shortly.'
        : 'Pantau belum dapat menerima data saat ini; tidak ada yang disimpan. Silakan kirim ulang sebentar lagi.',
  };
}

function backlogGuard(deps: IngestDeps) {
  const last = new Map<EventKind, { at: number; value: number }>();
  return (kind: EventKind) => async (req: Request, res: Response, next: NextFunction) => {
    const now = Date.now();
    let b = last.get(kind);
    if (!b || now - b.at > 1000) {
      b = { at: now, value: await backlog(deps.redis, deps.streamKeys, kind) };
      last.set(kind, b);
      deps.metrics.streamBacklog.set({ kind }, b.value);
    }
    if (b.value > MAX_BACKLOG_ENTRIES) {
      res.status(503).set('Retry-After', '5').json(unavailable(preferredLang(req.get('accept-language'))));
      return;
    }
    next();
  };
}

function ingestErrorHandler(error: unknown, req: Request, res: Response, next: NextFunction) {
  if (res.headersSent) return next(error);
  const lang = preferredLang(req.get('accept-language'));
  const type = (error as { type?: string }).type;
  if (type === 'entity.too.large') {
    return res.status(413).json({
      error: 'payload_too_large',
      message:
        lang === 'en'
          ? `Request body larger than ${INGEST_LIMITS.maxBodyBytes} bytes; split it into batches of at most ${INGEST_LIMITS.maxEventsPerBatch} events.`
          : `Isi permintaan lebih dari ${INGEST_LIMITS.maxBodyBytes} byte; bagi menjadi beberapa kiriman berisi paling banyak ${INGEST_LIMITS.maxEventsPerBatch} kejadian.`,
    } satisfies IngestErrorBody);
  }
  if (type === 'entity.parse.failed' || type === 'entity.verify.failed' || type === 'encoding.unsupported' || type === 'charset.unsupported' || error instanceof SyntaxError) {
    return res.status(400).json({
      error: 'invalid_json',
      message: lang === 'en' ? 'The body is not valid JSON (UTF-8).' : 'Isi permintaan bukan JSON (UTF-8) yang sah.',
      errors: [{ index: null, field: '(body)', message: lang === 'en' ? 'not valid JSON' : 'bukan JSON yang sah' }],
    } satisfies IngestErrorBody);
  }
  next(error);
}
