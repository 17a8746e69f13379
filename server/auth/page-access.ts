// The screens (/wall, /pimpinan, /teknisi, /admin) are served only to those who may use them;
// everyone else is sent to /login. Opening /wall?token=<display token> pairs the screen: the
// server sets a long-lived HTTP-only device cookie, so the wall keeps working after the token
// has left the address bar (the client strips it) and across reboots.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { and, eq, isNull } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import type { Database } from '../infra/database.ts';
import type { Logger } from '../infra/logger.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { insertDevice } from '../repositories/display-token-repository.ts';
import type { Authenticator } from './authenticator.ts';
import { DEVICE_COOKIE, deviceCookieOptions, parseCookies, type SecureCookies } from './cookies.ts';
import { auditOrigin, principalOf, requestCredentials } from './http-auth.ts';
import { hasAnyRole, PAGE_ROLES, type Principal } from './roles.ts';
import { generateDeviceSecret, sha256 } from './secrets.ts';

export interface PageAccessDeps {
  db: Database;
  authn: Authenticator;
  secureCookies: SecureCookies;
  log: Logger;
}

export type PairingOutcome = 'paired' | 'kept' | 'invalid' | 'taken';

/**
 * Where to send someone who may not open `path` (the query is kept, minus any token). The login
 * page speaks the language the page was asked in (`?lang=en`; Indonesian needs no parameter).
 */
export function loginRedirect(path: string, query: Record<string, unknown>, reason: { denied?: boolean; pairing?: PairingOutcome }): string {
  const kept = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (k !== 'token' && typeof v === 'string' && v.length <= 100) kept.set(k, v);
  const next = kept.size ? `${path}?${kept}` : path;
  const params = new URLSearchParams({ next });
  if (query.lang === 'en') params.set('lang', 'en');
  if (reason.denied) params.set('denied', '1');
  if (reason.pairing && reason.pairing !== 'paired' && reason.pairing !== 'kept') params.set('pairing', reason.pairing);
  return `/login?${params}`;
}

export function pageAccess(deps: PageAccessDeps): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const path = req.path.replace(/\/+$/, '') || '/';
    // Sub-pages (e.g. /teknisi/monitor/sipandu) take the rules of their screen.
    const allowed = PAGE_ROLES[`/${path.split('/')[1] ?? ''}`];
    if (!allowed) return next();
    res.set('Cache-Control', 'no-store');
    try {
      let principal: Principal | null = (await principalOf(deps.authn, requestCredentials(req, false)))?.principal ?? null;
      const token = typeof req.query.token === 'string' ? req.query.token : null;
      if (path === '/wall' && token !== null) {
        const outcome = await pairScreen(deps, req, res, token, principal);
        if (outcome.principal) principal = outcome.principal;
        else if (!principal) return res.redirect(303, loginRedirect(path, req.query, { pairing: outcome.outcome }));
      } else if (principal?.kind === 'display' && principal.deviceId) {
        // Keep a paired screen paired: every load renews the device cookie's lifetime.
        const secret = parseCookies(req.get('cookie')).get(DEVICE_COOKIE);
        if (secret) res.cookie(DEVICE_COOKIE, secret, deviceCookieOptions(req, deps.secureCookies));
      }
      if (!principal) return res.redirect(303, loginRedirect(path, req.query, {}));
      if (!hasAnyRole(principal, allowed)) return res.redirect(303, loginRedirect(path, req.query, { denied: true }));
      next();
    } catch (error) {
      next(error);
    }
  };
}

async function pairScreen(
  deps: PageAccessDeps,
  req: Request,
  res: Response,
  raw: string,
  current: Principal | null,
): Promise<{ outcome: PairingOutcome; principal: Principal | null }> {
  const token = await deps.authn.displayTokenForPairing(raw);
  if (!token) return { outcome: 'invalid', principal: null };
  const secretNow = parseCookies(req.get('cookie')).get(DEVICE_COOKIE);
  if (current?.kind === 'display' && current.deviceId && current.tokenId === token.id && secretNow) {
    res.cookie(DEVICE_COOKIE, secretNow, deviceCookieOptions(req, deps.secureCookies));
    return { outcome: 'kept', principal: current };
  }
  const secret = generateDeviceSecret();
  const origin = auditOrigin(req);
  const device = await deps.db.transaction(async (tx) => {
    // Lock the token row: two screens racing for a bound token cannot both win.
    const [locked] = await tx.select().from(t.displayTokens).where(and(eq(t.displayTokens.id, token.id), isNull(t.displayTokens.revokedAt))).for('update');
    if (!locked) return null;
    if (locked.screenName) {
      const active = await tx
        .select({ id: t.displayDevices.id })
        .from(t.displayDevices)
        .where(and(eq(t.displayDevices.tokenId, token.id), isNull(t.displayDevices.revokedAt)))
        .limit(1);
      if (active.length) return 'taken' as const;
    }
    const row = await insertDevice(tx, { tokenId: token.id, secretHash: sha256(secret), ip: origin.ip, userAgent: origin.userAgent });
    await recordAudit(tx, {
      actor: `display:${token.tokenPrefix}`,
      action: 'display_device.pair',
      target: `display_device:${row.id}`,
      after: { token: token.id, label: token.label, screenName: token.screenName },
      origin,
    });
    return row;
  });
  if (device === null) return { outcome: 'invalid', principal: null };
  if (device === 'taken') return { outcome: 'taken', principal: null };
  res.cookie(DEVICE_COOKIE, secret, deviceCookieOptions(req, deps.secureCookies));
  deps.log.info({ token: token.tokenPrefix, device: device.id }, 'wall screen paired');
  return {
    outcome: 'paired',
    principal: { kind: 'display', tokenId: token.id, tokenPrefix: token.tokenPrefix, deviceId: device.id, label: token.label, screenName: token.screenName, roles: ['wall'] },
  };
}
