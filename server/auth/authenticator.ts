// Turns credentials into a Principal: a session cookie (a person), a device cookie (a paired wall
// screen) or a raw display token. Lookups are cached for a few seconds per node, so HTTP and
// socket reconnect storms do not hit Postgres; any revocation empties the caches on every node
// (revocation-bus.ts), so revoking takes effect at once, and at worst after `cacheMs`.
import type { Database } from '../infra/database.ts';
import type { Logger } from '../infra/logger.ts';
import { findSessionByHash, insertSession, touchSession, type SessionWithUser, type UserRow } from '../repositories/user-repository.ts';
import {
  findDeviceBySecretHash,
  findDisplayTokenByHash,
  touchDevice,
  touchDisplayToken,
  type DisplayDeviceRow,
  type DisplayTokenRow,
} from '../repositories/display-token-repository.ts';
import type { SessionEndReason } from '../../shared/auth-api.ts';
import { isRole, type Principal } from './roles.ts';
import { generateSessionToken, sha256 } from './secrets.ts';
import type { RevocationBus } from './revocation-bus.ts';

export interface AuthSettings {
  sessionTtlMs: number;
  sessionIdleMs: number;
  /** How long a credential lookup is trusted before asking Postgres again. */
  cacheMs: number;
}

/** How a principal proved itself; kept on sockets so they can be re-checked. */
export type Credential = { type: 'session'; hash: string } | { type: 'device'; hash: string } | { type: 'display_token'; hash: string };

/** Last-use times are written at most this often (and often enough for the idle timeout). */
const TOUCH_EVERY_MAX_MS = 60_000;
const MAX_CACHE = 10_000;

interface Cached<T> {
  value: T;
  at: number;
}

export class Authenticator {
  private readonly sessions = new Map<string, Cached<SessionWithUser | null>>();
  private readonly tokens = new Map<string, Cached<DisplayTokenRow | null>>();
  private readonly devices = new Map<string, Cached<{ device: DisplayDeviceRow; token: DisplayTokenRow } | null>>();
  private readonly touched = new Map<string, number>();
  private readonly touchEveryMs: number;

  constructor(
    private readonly db: Database,
    readonly settings: AuthSettings,
    private readonly log: Logger,
  ) {
    this.touchEveryMs = Math.min(TOUCH_EVERY_MAX_MS, Math.max(250, settings.sessionIdleMs / 4));
  }

  /** Any revocation: forget everything (revocations are rare, caches are small and refill fast). */
  listenTo(bus: RevocationBus): void {
    bus.on(() => this.invalidate());
  }

  invalidate(): void {
    this.sessions.clear();
    this.tokens.clear();
    this.devices.clear();
  }

  async createSession(user: UserRow, origin: { ip: string | null; userAgent: string | null }, now = new Date()) {
    const token = generateSessionToken();
    const expiresAt = new Date(now.getTime() + this.settings.sessionTtlMs);
    const { id } = await insertSession(this.db, { tokenHash: sha256(token), userId: user.id, expiresAt, ip: origin.ip, userAgent: origin.userAgent });
    return { token, sessionId: id, expiresAt };
  }

  async resolve(credential: Credential, now = new Date()): Promise<Principal | null> {
    switch (credential.type) {
      case 'session':
        return this.sessionPrincipal(credential.hash, now);
      case 'device':
        return this.devicePrincipal(credential.hash, now);
      case 'display_token':
        return this.tokenPrincipal(credential.hash, now);
    }
  }

  /** The session behind a cookie value, if it is still good. */
  async fromSessionToken(raw: string, now = new Date()): Promise<Principal | null> {
    return plausible(raw) ? this.sessionPrincipal(sha256(raw), now) : null;
  }

  async fromDeviceSecret(raw: string, now = new Date()): Promise<Principal | null> {
    return plausible(raw) ? this.devicePrincipal(sha256(raw), now) : null;
  }

  /** A raw display token used directly (socket `auth.token`, `Authorization: Bearer`). */
  async fromDisplayToken(raw: string, now = new Date()): Promise<Principal | null> {
    return plausible(raw) ? this.tokenPrincipal(sha256(raw), now) : null;
  }

  /** The token row for pairing a screen (no principal yet); null when unknown or revoked. */
  async displayTokenForPairing(raw: string): Promise<DisplayTokenRow | null> {
    if (!plausible(raw)) return null;
    const row = await this.cached(this.tokens, sha256(raw), (h) => findDisplayTokenByHash(this.db, h));
    return row && !row.revokedAt ? row : null;
  }

  /**
   * Why the session behind a cookie is no longer good, for its holder (the login page says it);
   * null when it is good, unknown, or ended by its own holder (logout, a new login).
   */
  async sessionEndReason(credential: Credential, now = new Date()): Promise<SessionEndReason | null> {
    if (credential.type !== 'session') return null;
    const s = await this.cached(this.sessions, credential.hash, (h) => findSessionByHash(this.db, h));
    if (!s) return null;
    if (s.revokedAt) return s.revokedReason === 'account_changed' || s.revokedReason === 'password_changed' ? s.revokedReason : null;
    if (!s.user.active || !s.user.roles.some(isRole)) return 'account_changed';
    if (s.expiresAt <= now) return 'expired';
    const lastSeen = Math.max(s.lastSeenAt.getTime(), this.touched.get(s.sessionId) ?? 0);
    if (now.getTime() - lastSeen > this.settings.sessionIdleMs) return 'idle';
    return null;
  }

  private async sessionPrincipal(hash: string, now: Date): Promise<Principal | null> {
    const s = await this.cached(this.sessions, hash, (h) => findSessionByHash(this.db, h));
    if (!s || s.revokedAt || s.expiresAt <= now || !s.user.active) return null;
    const lastSeen = Math.max(s.lastSeenAt.getTime(), this.touched.get(s.sessionId) ?? 0);
    if (now.getTime() - lastSeen > this.settings.sessionIdleMs) return null;
    const roles = s.user.roles.filter(isRole);
    if (!roles.length) return null;
    this.touch(s.sessionId, now, () => touchSession(this.db, s.sessionId, now));
    return {
      kind: 'user',
      userId: s.user.id,
      username: s.user.username,
      roles,
      opdCode: s.user.opdCode,
      sessionId: s.sessionId,
      sessionExpiresAt: s.expiresAt,
    };
  }

  private async devicePrincipal(hash: string, now: Date): Promise<Principal | null> {
    const d = await this.cached(this.devices, hash, (h) => findDeviceBySecretHash(this.db, h));
    if (!d || d.device.revokedAt || d.token.revokedAt) return null;
    this.touch(d.device.id, now, () => touchDevice(this.db, d.device.id, now));
    this.touch(d.token.id, now, () => touchDisplayToken(this.db, d.token.id, now));
    return displayPrincipal(d.token, d.device.id);
  }

  private async tokenPrincipal(hash: string, now: Date): Promise<Principal | null> {
    const row = await this.cached(this.tokens, hash, (h) => findDisplayTokenByHash(this.db, h));
    // A token bound to a screen name only pairs that screen: it is never used directly.
    if (!row || row.revokedAt || row.screenName) return null;
    this.touch(row.id, now, () => touchDisplayToken(this.db, row.id, now));
    return displayPrincipal(row, null);
  }

  private async cached<T>(cache: Map<string, Cached<T>>, key: string, load: (key: string) => Promise<T>): Promise<T> {
    const hit = cache.get(key);
    const now = Date.now();
    if (hit && now - hit.at < this.settings.cacheMs) return hit.value;
    try {
      const value = await load(key);
      if (cache.size >= MAX_CACHE) cache.delete(cache.keys().next().value as string);
      cache.set(key, { value, at: now });
      return value;
    } catch (error) {
      // Postgres away: a wall that was fine a moment ago stays fine; a new credential waits.
      if (hit) return hit.value;
      throw error;
    }
  }

  private touch(id: string, now: Date, write: () => Promise<void>): void {
    const last = this.touched.get(id) ?? 0;
    if (now.getTime() - last < this.touchEveryMs) return;
    this.touched.set(id, now.getTime());
    if (this.touched.size > MAX_CACHE) this.touched.delete(this.touched.keys().next().value as string);
    write().catch((error) => this.log.debug({ err: (error as Error).message }, 'could not record last use'));
  }
}

function displayPrincipal(token: DisplayTokenRow, deviceId: string | null): Principal {
  return {
    kind: 'display',
    tokenId: token.id,
    tokenPrefix: token.tokenPrefix,
    deviceId,
    label: token.label,
    screenName: token.screenName,
    roles: ['wall'],
  };
}

/** Cheap shape check before hashing: credentials are short printable strings. */
function plausible(raw: unknown): raw is string {
  return typeof raw === 'string' && raw.length >= 8 && raw.length <= 200;
}

export function credentialHash(raw: string): string {
  return sha256(raw);
}
