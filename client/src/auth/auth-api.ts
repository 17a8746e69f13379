// Login, logout and "who am I" against /api/v1/auth. Cookies do the rest: the session cookie is
// HTTP-only, so no script (ours or an injected one) can read it.
import type { Lang } from '../i18n/messages.ts';
import { SESSION_END_REASONS, type SessionEndReason } from '../../../shared/auth-api.ts';

export type Role = 'wall' | 'pimpinan' | 'teknisi' | 'operator' | 'admin';

export type Me =
  | { kind: 'user'; username: string; roles: Role[]; opd: string | null; expiresAt: string }
  | { kind: 'display'; roles: ['wall']; label: string; screenName: string | null; paired: boolean };

export type LoginResult =
  | { ok: true; roles: Role[] }
  | { ok: false; reason: 'invalid' | 'locked' | 'unavailable' | 'bad_request'; retryAfterSeconds?: number };

const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' };

export async function login(username: string, password: string, fetchImpl: typeof fetch = fetch): Promise<LoginResult> {
  let res: Response;
  try {
    res = await fetchImpl('/api/v1/auth/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: JSON_HEADERS,
      body: JSON.stringify({ username, password }),
    });
  } catch {
    return { ok: false, reason: 'unavailable' };
  }
  if (res.ok) {
    const body = (await res.json()) as { user: { roles: Role[] } };
    return { ok: true, roles: body.user.roles };
  }
  if (res.status === 401) return { ok: false, reason: 'invalid' };
  if (res.status === 429) return { ok: false, reason: 'locked', retryAfterSeconds: Number(res.headers.get('retry-after')) || 60 };
  if (res.status === 400) return { ok: false, reason: 'bad_request' };
  return { ok: false, reason: 'unavailable' };
}

export async function logout(fetchImpl: typeof fetch = fetch): Promise<void> {
  await fetchImpl('/api/v1/auth/logout', { method: 'POST', credentials: 'same-origin', headers: JSON_HEADERS });
}

export async function me(fetchImpl: typeof fetch = fetch): Promise<Me | null> {
  const res = await fetchImpl('/api/v1/auth/me', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  return res.ok ? ((await res.json()) as Me) : null;
}

/**
 * Why this browser's last session ended, as the server tells the holder of its cookie (null when
 * nothing ended, or it ended by logging out). The login page says it, so nobody is logged out
 * without a word.
 */
export async function endedSessionReason(fetchImpl: typeof fetch = fetch): Promise<SessionEndReason | null> {
  try {
    const res = await fetchImpl('/api/v1/auth/me', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (res.status !== 401) return null;
    const body = (await res.json()) as { reason?: unknown };
    return (SESSION_END_REASONS as readonly unknown[]).includes(body.reason) ? (body.reason as SessionEndReason) : null;
  } catch {
    return null;
  }
}

/** Only a path on this site: never an open redirect to another host. */
export function safeNext(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || /[\u0000-\u001f]/.test(next)) return null;
  return next;
}

/** Where a person goes after logging in when no `next` was given. */
export function homeFor(roles: readonly Role[]): string {
  if (roles.includes('admin')) return '/admin';
  if (roles.includes('pimpinan')) return '/pimpinan';
  if (roles.includes('operator')) return '/operator';
  if (roles.includes('teknisi')) return '/teknisi';
  return '/wall';
}

/**
 * The login page's own address in another language. Said explicitly even for Indonesian: without
 * `lang` the login page speaks the language of the page it leads to (`next`).
 */
export function languageHref(search: string, lang: Lang): string {
  const params = new URLSearchParams(search);
  params.set('lang', lang);
  return `?${params}`;
}

/** A local path with the language chosen at login (`?lang=en`; Indonesian is the default), so the next page speaks it too. */
export function withLang(path: string, lang: Lang): string {
  const [pathname, query = ''] = path.split(/\?(.*)/s, 2);
  const params = new URLSearchParams(query);
  if (lang === 'en') params.set('lang', 'en');
  else params.delete('lang');
  return params.size ? `${pathname}?${params}` : pathname;
}
