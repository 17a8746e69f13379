// POST /api/v1/auth/login, POST /api/v1/auth/logout, GET /api/v1/auth/me,
// POST /api/v1/auth/password. Passwords are read from the body, checked, and never stored,
// logged, audited or returned.
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Database } from '../infra/database.ts';
import type { Logger } from '../infra/logger.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { findUserById, findUserByUsername, markLoggedIn, revokeSession, revokeUserSessions, updateUser, userView } from '../repositories/user-repository.ts';
import { bodyErrorHandler, jsonBody, parseOr400 } from '../http/json-body.ts';
import { cleanString, passwordProblems, passwordSchema, PASSWORD_MAX } from './account-rules.ts';
import type { Authenticator } from './authenticator.ts';
import { clearedCookieOptions, parseCookies, SESSION_COOKIE, sessionCookieOptions, type SecureCookies } from './cookies.ts';
import { attachPrincipal, auditOrigin, refuse } from './http-auth.ts';
import type { LoginThrottle } from './rate-limit.ts';
import type { RevocationBus } from './revocation-bus.ts';
import { verifyPassword, hashPassword } from './secrets.ts';
import { preferredLang } from '../ingest/validate-batch.ts';

export interface AuthRouteDeps {
  db: Database;
  authn: Authenticator;
  throttle: LoginThrottle;
  bus: RevocationBus;
  secureCookies: SecureCookies;
  log: Logger;
}

export const loginBody = z.object({
  // Not validated against the username pattern: a wrong name is just a failed login.
  username: cleanString(200),
  password: cleanString(PASSWORD_MAX),
});

export const noFields = z.object({}).strict();

export const passwordBody = z.object({
  currentPassword: passwordSchema,
  newPassword: passwordSchema,
});

export function authRoutes(deps: AuthRouteDeps): Router {
  const router = express.Router();
  const body = jsonBody();
  const principal = attachPrincipal(deps.authn);

  router.post('/api/v1/auth/login', body, async (req: Request, res: Response) => {
    const input = parseOr400(loginBody, req.body, req, res);
    if (!input) return;
    const en = preferredLang(req.get('accept-language')) === 'en';
    const username = input.username.trim().toLowerCase();
    const origin = auditOrigin(req);
    const ip = origin.ip ?? 'unknown';

    const lockedFor = await deps.throttle.lockedFor(username, ip);
    if (lockedFor > 0) {
      res.status(429).set('Retry-After', String(lockedFor)).json({
        error: 'rate_limited',
        message: en
          ? `Too many failed logins. Try again in ${Math.ceil(lockedFor / 60)} minute(s).`
          : `Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam ${Math.ceil(lockedFor / 60)} menit.`,
      });
      return;
    }

    const user = await findUserByUsername(deps.db, username);
    const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);
    if (!user || !passwordOk || !user.active) {
      const locks = await deps.throttle.fail(username, ip);
      const reason = !user ? 'unknown_user' : !passwordOk ? 'wrong_password' : 'inactive';
      await recordAudit(deps.db, { actor: username, action: 'auth.login_failed', target: user ? `user:${user.id}` : null, after: { reason }, origin });
      if (locks.length) {
        await recordAudit(deps.db, { actor: username, action: 'auth.login_locked', target: user ? `user:${user.id}` : null, after: { scopes: locks }, origin });
      }
      res.status(401).json({
        error: 'invalid_credentials',
        message: en ? 'Wrong username or password.' : 'Nama pengguna atau kata sandi salah.',
      });
      return;
    }

    await deps.throttle.succeed(username, ip);
    // A new session id at every login (no session fixation); an older session of this browser ends.
    const previousToken = currentSessionCookie(req);
    const previous = previousToken ? await deps.authn.fromSessionToken(previousToken) : null;
    if (previous?.kind === 'user') {
      await revokeSession(deps.db, previous.sessionId, new Date(), 'replaced');
      await deps.bus.publish({ kind: 'session', id: previous.sessionId });
    }
    const session = await deps.authn.createSession(user, origin);
    await markLoggedIn(deps.db, user.id, new Date());
    await recordAudit(deps.db, { actor: user.username, action: 'auth.login', target: `user:${user.id}`, after: { session: session.sessionId.slice(0, 8) }, origin });
    res
      .cookie(SESSION_COOKIE, session.token, sessionCookieOptions(req, deps.secureCookies, deps.authn.settings.sessionTtlMs))
      .set('Cache-Control', 'no-store')
      .json({ user: userView(user), expiresAt: session.expiresAt.toISOString() });
  });

  router.post('/api/v1/auth/logout', body, principal, async (req: Request, res: Response) => {
    // No input: anything but an empty body or `{}` is a malformed request.
    if (!parseOr400(noFields, req.body, req, res)) return;
    const p = req.principal;
    if (p?.kind === 'user' && req.credential?.type === 'session') {
      await revokeSession(deps.db, p.sessionId, new Date(), 'logout');
      await recordAudit(deps.db, { actor: p, action: 'auth.logout', target: `user:${p.userId}`, origin: auditOrigin(req) });
      await deps.bus.publish({ kind: 'session', id: p.sessionId });
    }
    res.clearCookie(SESSION_COOKIE, clearedCookieOptions(req, deps.secureCookies, 'strict')).status(204).end();
  });

  router.get('/api/v1/auth/me', principal, (req: Request, res: Response) => {
    const p = req.principal;
    res.set('Cache-Control', 'no-store');
    if (!p) return refuse.unauthorized(res);
    if (p.kind === 'user') {
      return res.json({ kind: 'user', username: p.username, roles: p.roles, opd: p.opdCode, expiresAt: p.sessionExpiresAt.toISOString() });
    }
    res.json({ kind: 'display', roles: p.roles, label: p.label, screenName: p.screenName, paired: p.deviceId !== null });
  });

  /** A person changes their own password; their other sessions end. */
  router.post('/api/v1/auth/password', principal, body, async (req: Request, res: Response) => {
    const p = req.principal;
    if (!p) return refuse.unauthorized(res);
    if (p.kind !== 'user') return refuse.forbidden(res);
    const input = parseOr400(passwordBody, req.body, req, res);
    if (!input) return;
    const en = preferredLang(req.get('accept-language')) === 'en';
    // Guessing the current password with a stolen session is throttled like a login.
    const ip = req.ip ?? 'unknown';
    const lockedFor = await deps.throttle.lockedFor(p.username, ip);
    if (lockedFor > 0) {
      res.status(429).set('Retry-After', String(lockedFor)).json({ error: 'rate_limited', message: en ? 'Too many wrong passwords; try again later.' : 'Terlalu banyak kata sandi salah; coba lagi nanti.' });
      return;
    }
    const user = await findUserById(deps.db, p.userId);
    if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
      await deps.throttle.fail(p.username, ip);
      res.status(403).json({ error: 'invalid_credentials', message: en ? 'The current password is wrong.' : 'Kata sandi saat ini salah.' });
      return;
    }
    const problems = passwordProblems(input.newPassword, user.username);
    if (problems.length) {
      res.status(400).json({
        error: 'weak_password',
        message: en ? 'The new password is too weak.' : 'Kata sandi baru terlalu lemah.',
        errors: problems.map((x) => ({ field: 'newPassword', message: en ? x.en : x.id })),
      });
      return;
    }
    const passwordHash = await hashPassword(input.newPassword);
    const ended = await deps.db.transaction(async (tx) => {
      await updateUser(tx, user.id, { passwordHash });
      const ids = await revokeUserSessions(tx, user.id, new Date(), 'password_changed', p.sessionId);
      await recordAudit(tx, { actor: p, action: 'user.password_change', target: `user:${user.id}`, after: { otherSessionsEnded: ids.length }, origin: auditOrigin(req) });
      return ids;
    });
    for (const id of ended) await deps.bus.publish({ kind: 'session', id });
    res.status(204).end();
  });

  router.use('/api/v1/auth', bodyErrorHandler);
  return router;
}

function currentSessionCookie(req: Request): string | null {
  return parseCookies(req.get('cookie')).get(SESSION_COOKIE) ?? null;
}
