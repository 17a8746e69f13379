// `Authorization: Bearer <api key>` for the ingest endpoints. Lookups are cached for a few
// seconds: revoking a key takes effect within KEY_CACHE_MS (at once on every node when the
// revocation is published on the bus), and ingest does not hit Postgres for every request. A
// key seen before is answered from the cache while it is re-checked in the background, so ingest
// keeps accepting while Postgres is away (DESIGN.md: "Postgres down 60 s: ingest keeps
// accepting"). Each key has a request rate limit per minute, counted in Redis so that every node
// shares it.
import type { NextFunction, Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { findApiKey, hashApiKey, touchApiKey, type ApiKeyRecord } from '../repositories/api-key-repository.ts';
import type { Database } from '../infra/database.ts';
import { withTimeout } from '../infra/promise-timeout.ts';
import type { IngestErrorBody } from '../../shared/events.ts';
import { hitFixedWindow } from '../auth/rate-limit.ts';
import type { RevocationBus } from '../auth/revocation-bus.ts';
import { preferredLang } from './validate-batch.ts';

export interface KeyRateLimit {
  redis: Redis;
  prefix: string;
  /** Requests per minute for keys without their own limit. */
  defaultPerMinute: number;
}

const KEY_CACHE_MS = 3_000;
/** How long a key seen before keeps working while Postgres cannot be asked (an outage). */
const STALE_LIMIT_MS = 15 * 60_000;
/** An unknown key while Postgres does not answer: refuse with 503 after this, do not hang. */
const LOOKUP_TIMEOUT_MS = 2_000;
const TOUCH_EVERY_MS = 60_000;

export interface AuthenticatedSource {
  sourceCode: string;
  keyId: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    ingestSource?: AuthenticatedSource;
  }
}

export function apiKeyAuth(db: Database, options: { rateLimit?: KeyRateLimit; revocations?: RevocationBus } = {}) {
  const cache = new Map<string, { record: ApiKeyRecord | null; at: number }>();
  const touched = new Map<string, number>();
  options.revocations?.on((event) => {
    if (event.kind === 'api_key' || event.kind === 'resync') cache.clear();
  });

  const refreshing = new Map<string, Promise<ApiKeyRecord | null>>();

  function refresh(hash: string): Promise<ApiKeyRecord | null> {
    let pending = refreshing.get(hash);
    if (!pending) {
      pending = withTimeout(findApiKey(db, hash), LOOKUP_TIMEOUT_MS)
        .then((record) => {
          cache.set(hash, { record, at: Date.now() });
          if (cache.size > 10_000) cache.delete(cache.keys().next().value as string);
          return record;
        })
        .finally(() => refreshing.delete(hash));
      refreshing.set(hash, pending);
    }
    return pending;
  }

  async function lookup(hash: string): Promise<ApiKeyRecord | null> {
    const hit = cache.get(hash);
    const age = hit ? Date.now() - hit.at : Infinity;
    if (hit && age < KEY_CACHE_MS) return hit.record;
    if (hit && age < STALE_LIMIT_MS) {
      // Known a moment ago: answer now and check again in the background, so a Postgres that is
      // away (or slow) never holds up a channel's request. A revocation clears the cache at once.
      refresh(hash).catch(() => {});
      return hit.record;
    }
    return refresh(hash);
  }

  return async function authenticate(req: Request, res: Response, next: NextFunction) {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const refuse = (message: string) => {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'unauthorized', message } satisfies IngestErrorBody);
    };
    if (!match) return refuse('Kunci API tidak ada. Kirim header "Authorization: Bearer <kunci API>". (Missing API key.)');
    let record: ApiKeyRecord | null;
    try {
      record = await lookup(hashApiKey(match[1]));
    } catch {
      res.status(503).set('Retry-After', '5').json({ error: 'unavailable', message: 'Layanan sedang tidak tersedia, coba lagi sebentar. (Temporarily unavailable.)' } satisfies IngestErrorBody);
      return;
    }
    if (!record || (record.revokedAt && record.revokedAt.getTime() <= Date.now())) return refuse('Kunci API tidak dikenal atau sudah dicabut. (Unknown or revoked API key.)');
    if (options.rateLimit) {
      const limit = record.rateLimitPerMinute ?? options.rateLimit.defaultPerMinute;
      let verdict;
      try {
        verdict = await hitFixedWindow(options.rateLimit.redis, options.rateLimit.prefix, `key:${record.keyId}`, limit, 60_000);
      } catch {
        verdict = null; // Redis away: the stream append will answer 503 anyway; do not add a second refusal.
      }
      if (verdict && !verdict.allowed) {
        const en = preferredLang(req.get('accept-language')) === 'en';
        res
          .status(429)
          .set('Retry-After', String(verdict.retryAfterSeconds))
          .json({
            error: 'rate_limited',
            message: en
              ? `More than ${limit} requests per minute with this key; nothing from this request was stored. Retry after ${verdict.retryAfterSeconds} s.`
              : `Lebih dari ${limit} permintaan per menit dengan kunci ini; tidak ada yang disimpan dari permintaan ini. Kirim ulang setelah ${verdict.retryAfterSeconds} detik.`,
          } satisfies IngestErrorBody);
        return;
      }
    }
    req.ingestSource = { sourceCode: record.sourceCode, keyId: record.keyId };
    const now = Date.now();
    if ((touched.get(record.keyId) ?? 0) + TOUCH_EVERY_MS < now) {
      touched.set(record.keyId, now);
      touchApiKey(db, record.keyId, new Date(now)).catch(() => {});
    }
    next();
  };
}
