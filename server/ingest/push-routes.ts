// Uptime Kuma-compatible push URL: a service (or a cron job on its server) calls
// GET|POST /api/push/<token>?status=up|down&msg=...&ping=<ms> on its interval. The token
// identifies the monitor; silence past the interval (plus grace) is turned into failures by the
// prober. The heartbeat goes into the same stream as every other check result.
import express, { type Request, type Response, type Router } from 'express';
import type { Redis } from 'ioredis';
import { ulid } from 'ulid';
import type { ReferenceCache } from '../repositories/reference-repository.ts';
import { appendBatch } from '../streams/event-stream.ts';
import type { StreamKeys } from '../streams/stream-keys.ts';
import type { Logger } from '../infra/logger.ts';

export const PUSH_SOURCE = 'pantau-push';

export function pushRoutes(deps: { redis: Redis; streamKeys: StreamKeys; reference: ReferenceCache; log: Logger }): Router {
  const router = express.Router();
  const handle = async (req: Request, res: Response) => {
    const monitor = deps.reference.current().pushTokens.get(String(req.params.token));
    if (!monitor) {
      res.status(404).json({ ok: false, msg: 'Monitor tidak ditemukan atau tidak aktif. (Monitor not found or not active.)' });
      return;
    }
    const q = { ...(req.body && typeof req.body === 'object' ? req.body : {}), ...req.query } as Record<string, unknown>;
    const status = String(q.status ?? 'up').toLowerCase();
    if (status !== 'up' && status !== 'down') {
      res.status(400).json({ ok: false, msg: 'status harus "up" atau "down". (status must be up or down.)' });
      return;
    }
    const ping = q.ping === undefined || q.ping === '' ? undefined : Number(q.ping);
    if (ping !== undefined && !(Number.isFinite(ping) && ping >= 0 && ping <= 600_000)) {
      res.status(400).json({ ok: false, msg: 'ping harus angka milidetik. (ping must be a number of milliseconds.)' });
      return;
    }
    const message = typeof q.msg === 'string' ? q.msg.replaceAll('\u0000', '').slice(0, 500) : undefined;
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
            status,
            ...(ping !== undefined ? { latencyMs: ping } : {}),
            ...(message ? { message } : {}),
          },
        ],
      });
    } catch (error) {
      deps.log.warn({ err: (error as Error).message }, 'push heartbeat could not be stored');
      res.status(503).set('Retry-After', '5').json({ ok: false, msg: 'Coba lagi sebentar. (Try again shortly.)' });
      return;
    }
    res.json({ ok: true });
  };
  router.get('/api/push/:token', handle);
  router.post('/api/push/:token', express.urlencoded({ extended: false, limit: '16kb' }), express.json({ limit: '16kb' }), handle);
  return router;
}
