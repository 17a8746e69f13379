// Express side of access control: who is asking (`attachPrincipal`), may they (`requireRole`,
// `requirePermission`), and did the request come from our own pages (`sameOriginGuard`, CSRF).
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { credentialHash, type Authenticator, type Credential } from './authenticator.ts';
import { DEVICE_COOKIE, parseCookies, SESSION_COOKIE } from './cookies.ts';
import { ACCESS, hasAnyRole, type Permission, type Principal, type Role } from './roles.ts';
import type { AuditOrigin } from '../audit/audit-log.ts';
import type { Logger } from '../infra/logger.ts';
import type { SessionEndReason, UnauthorizedBody } from '../../shared/auth-api.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** Undefined until attachPrincipal ran; null when nobody is logged in. */
    principal?: Principal | null;
    credential?: Credential | null;
    /** Nobody is logged in because the session the request carried has ended, and why. */
    sessionEnded?: SessionEndReason | null;
  }
}

export interface ErrorBody {
  error: string;
  message: string;
  errors?: { field: string; message: string }[];
}

export const refuse = {
  // A browser whose session ended is told why (only that browser holds the session's cookie).
  unauthorized: (res: Response) =>
    res.status(401).json({
      error: 'unauthorized',
      message: 'Silakan masuk terlebih dahulu. (Please log in.)',
      ...(res.req?.sessionEnded ? { reason: res.req.sessionEnded } : {}),
    } satisfies UnauthorizedBody),
  forbidden: (res: Response) =>
    res.status(403).json({ error: 'forbidden', message: 'Anda tidak berhak melakukan ini. (Not allowed for your role.)' } satisfies ErrorBody),
  unavailable: (res: Response) =>
    res.status(503).set('Retry-After', '5').json({ error: 'unavailable', message: 'Layanan sedang tidak tersedia, coba lagi sebentar. (Temporarily unavailable.)' } satisfies ErrorBody),
};

/** The credentials a request carries, strongest first. */
export function requestCredentials(req: Request, allowBearerDisplayToken: boolean): Credential[] {
  const cookies = parseCookies(req.get('cookie'));
  const out: Credential[] = [];
  const session = cookies.get(SESSION_COOKIE);
  if (session) out.push({ type: 'session', hash: credentialHash(session) });
  const device = cookies.get(DEVICE_COOKIE);
  if (device) out.push({ type: 'device', hash: credentialHash(device) });
  if (allowBearerDisplayToken) {
    const match = /^Bearer\s+(\S{8,200})$/i.exec(req.get('authorization') ?? '');
    if (match) out.push({ type: 'display_token', hash: credentialHash(match[1]) });
  }
  return out;
}

/** Resolves the first credential that is still good. */
export async function principalOf(authn: Authenticator, credentials: Credential[]): Promise<{ principal: Principal; credential: Credential } | null> {
  for (const credential of credentials) {
    const principal = await authn.resolve(credential);
    if (principal) return { principal, credential };
  }
  return null;
}

/** Sets req.principal (null for nobody, with req.sessionEnded when a session ended). Never refuses by itself. */
export function attachPrincipal(authn: Authenticator): RequestHandler {
  return async (req, res, next) => {
    if (req.principal !== undefined) return next();
    try {
      const credentials = requestCredentials(req, true);
      const found = await principalOf(authn, credentials);
      req.principal = found?.principal ?? null;
      req.credential = found?.credential ?? null;
      const session = credentials.find((c) => c.type === 'session');
      req.sessionEnded = !found && session ? await authn.sessionEndReason(session) : null;
    } catch {
      return refuse.unavailable(res);
    }
    next();
  };
}

/** 401 for nobody, 403 for a principal without any of `roles`. */
export function requireRole(authn: Authenticator, ...roles: Role[]): RequestHandler[] {
  return [
    attachPrincipal(authn),
    (req: Request, res: Response, next: NextFunction) => {
      if (!req.principal) return refuse.unauthorized(res);
      if (!hasAnyRole(req.principal, roles)) return refuse.forbidden(res);
      next();
    },
  ];
}

export function requirePermission(authn: Authenticator, permission: Permission): RequestHandler[] {
  return requireRole(authn, ...ACCESS[permission]);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF protection for everything a browser can send with cookies. On top of SameSite=Strict
 * session cookies, an unsafe request must say where it comes from (Origin, else Referer) and that
 * must be this server (or a configured origin). Ingest and push URLs are exempt: they use keys in
 * a header or the URL, never cookies.
 */
export function sameOriginGuard(allowedOrigins: readonly string[], exempt: (req: Request) => boolean): RequestHandler {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method) || exempt(req)) return next();
    // req.host: the Host header, or X-Forwarded-Host from a proxy PANTAU_TRUST_PROXY names; with the port.
    if (isSameOrigin(req.get('origin') ?? null, req.get('referer') ?? null, req.host ?? '', allowedOrigins)) {
      return next();
    }
    res.status(403).json({
      error: 'csrf',
      message: 'Permintaan ditolak: tidak berasal dari halaman Pantau. (Cross-site request refused: missing or foreign Origin.)',
    } satisfies ErrorBody);
  };
}

/** Pure: does Origin (or, without it, Referer) name this host or an allowed origin? */
export function isSameOrigin(origin: string | null, referer: string | null, host: string, allowedOrigins: readonly string[]): boolean {
  const claimed = origin && origin !== 'null' ? origin : referer;
  if (!claimed) return false;
  let url: URL;
  try {
    url = new URL(claimed);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (host && url.host.toLowerCase() === host.toLowerCase()) return true;
  return allowedOrigins.some((o) => o.replace(/\/+$/, '').toLowerCase() === url.origin.toLowerCase());
}

export function auditOrigin(req: Request): AuditOrigin {
  return { ip: req.ip ?? null, userAgent: req.get('user-agent')?.slice(0, 300) ?? null };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Express's compiled `trust proxy` setting: may the peer at this address speak for the client? */
export type TrustProxyFn = (address: string, hop: number) => boolean;

export const trustProxyOf = (req: Request): TrustProxyFn => req.app.get('trust proxy fn') as TrustProxyFn;

/**
 * Requests from this machine itself. A relayed request is not, whatever the relay's own address:
 * through a trusted proxy req.ip is the client it names; through one the setting does not name
 * (or with Forwarded / X-Real-IP, which Express does not read) the client is unknown.
 */
export function isLoopback(req: Request): boolean {
  if (!LOOPBACK.has(req.ip ?? '')) return false;
  if (req.get('forwarded') !== undefined || req.get('x-real-ip') !== undefined) return false;
  if (req.get('x-forwarded-for') === undefined) return true;
  return trustProxyOf(req)(req.socket.remoteAddress ?? '', 0);
}

/**
 * Says once that requests come through a proxy the trust setting does not name: the audit trail
 * and the login limits then see the proxy's address for everyone, and the CSRF guard its Host.
 */
export function untrustedProxyNotice(log: Logger): RequestHandler {
  let said = false;
  return (req, _res, next) => {
    if (!said && req.get('x-forwarded-for') !== undefined && !trustProxyOf(req)(req.socket.remoteAddress ?? '', 0)) {
      said = true;
      log.warn(
        { peer: req.socket.remoteAddress },
        'requests carry X-Forwarded-For from a peer PANTAU_TRUST_PROXY does not name; client addresses (audit, login limits) are the peer\'s. Behind a reverse proxy, set PANTAU_TRUST_PROXY (e.g. loopback).',
      );
    }
    next();
  };
}
