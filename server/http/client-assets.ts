// How the built client and the API travel to a phone on mobile data: the smallest bytes, and no
// second trip for what cannot have changed.
//
// - Hashed assets (/assets/*: Vite puts a content hash in every name) are the same bytes forever
//   under that name: cached for a year, `immutable`, so a revisit does not even ask.
// - They are served pre-compressed (brotli, else gzip; made at build time by vite.config.ts,
//   at the highest levels, which would be too slow per request).
// - Anything else the build holds, the HTML and the API are `no-cache` (asked again each time;
//   a 304 when unchanged): a new deployment is seen at the next load. Routes that must not be
//   kept at all (sessions, keys, personal data) say `no-store` themselves.
// - Dynamic responses (JSON, GeoJSON, HTML, metrics) are compressed per request.
import compression from 'compression';
import expressStaticGzip from 'express-static-gzip';
import type { ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/**
 * Vite's output: `assets/<name>-<hash>.<ext>` (and its `.br`/`.gz` beside it), the only names
 * whose bytes never change.
 */
export const isHashedAsset = (file: string) => /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+(\.(br|gz))?$/.test(file);

export function clientAssets(clientDir: string): RequestHandler {
  return expressStaticGzip(clientDir, {
    enableBrotli: true,
    orderPreference: ['br', 'gzip'],
    index: false,
    serveStatic: {
      index: false,
      cacheControl: false,
      setHeaders: (res: ServerResponse, file: string) => {
        res.setHeader('Cache-Control', isHashedAsset(file) ? IMMUTABLE : REVALIDATE);
      },
    },
  }) as RequestHandler;
}

/** Per-request compression of what is not pre-compressed (it leaves an encoded response alone). */
export function compressResponses(): RequestHandler {
  return compression({ threshold: 1024 });
}

/** The API's default: ask again every time. A route may say something stricter (`no-store`). */
export const apiRevalidates: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', REVALIDATE);
  next();
};
