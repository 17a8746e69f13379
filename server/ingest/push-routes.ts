// Uptime Kuma-compatible push URL: a service (or a cron job on its server) calls
// /api/push/<token>?status=up&msg=OK&ping=<ms> on its interval. The token identifies the
// monitor; silence past the interval (plus grace) is turned into failures by the prober. The
// heartbeat goes into the same stream as every other check result.
//
// Agents written for Uptime Kuma must work unchanged, so the URL reads a request exactly as
// Kuma's push route does (server/routers/api-router.js, Kuma 2.x): any HTTP method; only the
// query string (a body is never read for its fields); `status` exactly "up", or none, is up and
// anything else ("down", "pending", "UP", ...) is down; no `msg` means "OK"; `ping` is read as
// a leading number (`12ms` is 12, `abc` is no ping) and must lie in 0..100,000,000,000 ms. Where
// Kuma answers anything but `{ok:true}`, this answers `{ok:false,msg}` too.
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Redis } from 'ioredis';
import { ulid } from 'ulid';
import type { ReferenceCache } from '../repositories/reference-repository.ts';
import { appendBatch } from '../streams/event-stream.ts';
import type { StreamKeys } from '../streams/stream-keys.ts';
import type { Logger } from '../infra/logger.ts';

export const PUSH_SOURCE = 'pantau-push';

/** Kuma's own bound (it stores ping as BIGINT / FLOAT(20,2)); backup jobs report hours in it. */
export const MAX_PUSH_PING_MS = 100_000_000_000;
/** A body is never used; it is read (and dropped) up to Kuma's limit for JSON bodies. */
const MAX_PUSH_BODY_BYTES = 100 * 1024;
/** Stored message length (Kuma stores any length; the wall and /teknisi show a line). */
const MAX_MESSAGE_CHARS = 500;

type PushAnswer = { ok: true } | { ok: false; msg: string };

/** What a push request says, read as Kuma reads it. */
export function readPush(query: Record<string, unknown>): { status: 'up' | 'down'; ping: number | null; message: string } | { error: string } {
  // An empty `status=` counts as none, hence up; `status=up&status=up` is a list, not "up".
  const status = query.status === undefined || query.status === '' || query.status === 'up' ? 'up' : 'down';
  const rawPing = query.ping === undefined ? NaN : Number.parseFloat(String(query.ping));
  // NaN (no number at all) means no ping, as in Kuma; a zero is kept as a measured 0 ms.
  const ping = Number.isNaN(rawPing) ? null : Object.is(rawPing, -0) ? 0 : rawPing;
  if (ping !== null && !(ping >= 0 && ping <= MAX_PUSH_PING_MS)) {
    return {
      error: `ping harus angka milidetik antara 0 dan ${MAX_PUSH_PING_MS}. (ping must be a number of milliseconds between 0 and ${MAX_PUSH_PING_MS}.)`,
    };
  }
  const msg = query.msg === undefined || query.msg === '' ? 'OK' : String(query.msg);
  const message = msg.replaceAll('\u0000', '').slice(0, MAX_MESSAGE_CHARS);
  return { status, ping, message: message || 'OK' };
}

export function pushRoutes(deps: { redis: Redis; streamKeys: StreamKeys; reference: ReferenceCache; log: Logger }): Router {
  const router = express.Router();
  const answer = (res: Response, status: number, body: PushAnswer) => res.status(status).json(body);

  // Read whatever body comes (any type, gzip included) only to bound it; its content is ignored.
  const drainBody = express.raw({ type: () => true, limit: MAX_PUSH_BODY_BYTES });

  router.all('/api/push/:token', drainBody, async (req: Request, res: Response) => {
    const monitor = deps.reference.current().pushTokens.get(String(req.params.token));
    if (!monitor) {
      answer(res, 404, { ok: false, msg: 'Monitor tidak ditemukan atau tidak aktif. (Monitor not found or not active.)' });
      return;
    }
    const beat = readPush(req.query as Record<string, unknown>);
    if ('error' in beat) {
      answer(res, 400, { ok: false, msg: beat.error });
      return;
    }
    const now = new Date();
    try {
      await appendBatch(deps.redis, deps.streamKeys, {
        batchId: ulid(),
        kind: 'heartbeats',
        source: PUSH_SOURCE,
        receivedAt: now.toISOString(),
        events: [
          {
            source: PUSH_SOURCE,
            externalId: `${monitor.code}:${ulid()}`,
            // Pantau's clock, not the sender's: a service with a wrong clock must not look silent.
            occurredAt: now.toISOString(),
            monitor: monitor.code,
            status: beat.status,
            ...(beat.ping !== null ? { latencyMs: beat.ping } : {}),
            message: beat.message,
          },
        ],
      });
    } catch (error) {
      deps.log.warn({ err: (error as Error).message }, 'push heartbeat could not be stored');
      res.set('Retry-After', '5');
      answer(res, 503, { ok: false, msg: 'Coba lagi sebentar. (Try again shortly.)' });
      return;
    }
    answer(res, 200, { ok: true });
  });

  // A body too large or unreadable is the sender's problem, not ours: a short answer in Kuma's
  // shape and an info line, never an error with a stack.
  router.use('/api/push', (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const e = error as { type?: string; status?: number };
    const status = Number(e.status) >= 400 && Number(e.status) < 500 ? Number(e.status) : 400;
    deps.log.info({ type: e.type, status, method: req.method }, 'push request refused: body');
    answer(res, status, {
      ok: false,
      msg:
        e.type === 'entity.too.large'
          ? `Isi permintaan lebih dari ${MAX_PUSH_BODY_BYTES / 1024} KB; push tidak memerlukan isi. (Body larger than ${MAX_PUSH_BODY_BYTES / 1024} KB; a push needs no body.)`
          : 'Isi permintaan tidak dapat dibaca; push tidak memerlukan isi. (Body could not be read; a push needs no body.)',
    });
  });
  return router;
}
