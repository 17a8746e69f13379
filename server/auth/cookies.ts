// The two cookies Pantau sets, and a strict parser for the Cookie header. Both are HTTP-only
// (no script can read them). The session cookie is SameSite=Strict: no other site can make a
// browser send it. The device cookie is SameSite=Lax so that a signage portal may link to the
// wall; it only ever grants reading.
import type { CookieOptions, Request } from 'express';

export const SESSION_COOKIE = 'pantau_session';
export const DEVICE_COOKIE = 'pantau_device';
/** Browsers cap cookie lifetimes at 400 days; the wall refreshes it on every load. */
export const DEVICE_COOKIE_MAX_AGE_MS = 400 * 24 * 3600 * 1000;

export type SecureCookies = 'auto' | 'always' | 'never';

export function parseCookies(header: string | undefined | null): Map<string, string> {
  const out = new Map<string, string>();
  if (!header || header.length > 8192) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (!name || out.has(name)) continue;
    try {
      out.set(name, decodeURIComponent(value));
    } catch {
      // A malformed escape: ignore this cookie rather than fail the request.
    }
  }
  return out;
}

function secure(req: Request, mode: SecureCookies): boolean {
  return mode === 'always' || (mode === 'auto' && req.secure);
}

export function sessionCookieOptions(req: Request, mode: SecureCookies, maxAgeMs: number): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', secure: secure(req, mode), path: '/', maxAge: maxAgeMs };
}

export function deviceCookieOptions(req: Request, mode: SecureCookies): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: secure(req, mode), path: '/', maxAge: DEVICE_COOKIE_MAX_AGE_MS };
}

export function clearedCookieOptions(req: Request, mode: SecureCookies, sameSite: 'strict' | 'lax'): CookieOptions {
  return { httpOnly: true, sameSite, secure: secure(req, mode), path: '/' };
}
