// Counters in Redis, shared by every node: fixed-window request limits (ingest keys) and the
// failed-login lock-out. Only INCR/PEXPIRE/PTTL/SET/DEL, so the in-process stand-in runs them too.
import type { Redis } from 'ioredis';
import { sha256 } from './secrets.ts';

export interface WindowVerdict {
  allowed: boolean;
  count: number;
  limit: number;
  /** Seconds until the window ends (for Retry-After). */
  retryAfterSeconds: number;
}

/** Counts one request against `limit` per `windowMs` for `id`. */
export async function hitFixedWindow(redis: Redis, prefix: string, id: string, limit: number, windowMs: number, now = Date.now()): Promise<WindowVerdict> {
  const window = Math.floor(now / windowMs);
  const key = `${prefix}rl:${id}:${window}`;
  const results = await redis.multi().incr(key).pexpire(key, windowMs + 1000).exec();
  const count = Number(results?.[0]?.[1] ?? 0);
  const retryAfterSeconds = Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000));
  return { allowed: count <= limit, count, limit, retryAfterSeconds };
}

export interface LoginThrottleRules {
  /** Failures from one address for one username before that pair is locked. */
  maxFailuresPerUserAndIp: number;
  /** Failures from one address (any usernames) before the address is locked. */
  maxFailuresPerIp: number;
  /** Failures for one username (any addresses) before it is locked: a distributed guess. */
  maxFailuresPerUser: number;
  /** Failures are counted over this period (since the last failure). */
  windowMs: number;
  lockMs: number;
}

export const DEFAULT_LOGIN_RULES: LoginThrottleRules = {
  maxFailuresPerUserAndIp: 5,
  maxFailuresPerIp: 20,
  maxFailuresPerUser: 50,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
};

/**
 * Failed-login lock-out. Locks are per (username, address), per address and per username, so
 * one attacker cannot guess fast from anywhere, and cannot easily lock a user out from far away
 * (the per-username lock needs many more failures).
 */
export class LoginThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly rules: LoginThrottleRules = DEFAULT_LOGIN_RULES,
  ) {}

  private keys(username: string, ip: string) {
    const u = sha256(username).slice(0, 32);
    const a = sha256(ip).slice(0, 32);
    return {
      pair: { fail: `${this.prefix}login:fail:ui:${u}:${a}`, lock: `${this.prefix}login:lock:ui:${u}:${a}`, max: this.rules.maxFailuresPerUserAndIp },
      ip: { fail: `${this.prefix}login:fail:ip:${a}`, lock: `${this.prefix}login:lock:ip:${a}`, max: this.rules.maxFailuresPerIp },
      user: { fail: `${this.prefix}login:fail:u:${u}`, lock: `${this.prefix}login:lock:u:${u}`, max: this.rules.maxFailuresPerUser },
    };
  }

  /** Seconds until this login may be tried again, or 0 when it may be tried now. */
  async lockedFor(username: string, ip: string): Promise<number> {
    const k = this.keys(username, ip);
    const ttls = await Promise.all([k.pair.lock, k.ip.lock, k.user.lock].map((key) => this.redis.pttl(key)));
    const ms = Math.max(0, ...ttls);
    return ms > 0 ? Math.ceil(ms / 1000) : 0;
  }

  /** Counts a failure; returns which locks it just set (for the audit log). */
  async fail(username: string, ip: string): Promise<string[]> {
    const k = this.keys(username, ip);
    const scopes = [
      ['user+address', k.pair],
      ['address', k.ip],
      ['user', k.user],
    ] as const;
    const multi = this.redis.multi();
    for (const [, s] of scopes) multi.incr(s.fail).pexpire(s.fail, this.rules.windowMs);
    const results = (await multi.exec()) ?? [];
    const locked: string[] = [];
    for (const [i, [name, s]] of scopes.entries()) {
      const n = Number(results[i * 2]?.[1] ?? 0);
      if (n >= s.max) {
        await this.redis.set(s.lock, '1', 'PX', this.rules.lockMs);
        await this.redis.del(s.fail);
        locked.push(name);
      }
    }
    return locked;
  }

  /** A successful login forgets this pair's failures. */
  async succeed(username: string, ip: string): Promise<void> {
    const k = this.keys(username, ip);
    await this.redis.del(k.pair.fail);
  }
}
