// Starts one stand-in per test file and hands out real ioredis clients connected to it (the
// point of these tests: the stand-in must satisfy the client Pantau actually uses). The real
// Redis is used for parity tests, under a unique key prefix that is deleted afterwards.
import { randomBytes } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { startRedisStandIn, type RedisStandIn } from '../../../server/infra/redis-stand-in/index.ts';

export const REAL_REDIS_URL = process.env.PANTAU_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface StandInFixture {
  standIn(): RedisStandIn;
  /** A new ioredis client on the stand-in (disconnected after the file). */
  client(options?: RedisOptions): Redis;
}

export function useStandIn(): StandInFixture {
  let standIn: RedisStandIn | null = null;
  const clients: Redis[] = [];
  beforeAll(async () => {
    standIn = await startRedisStandIn();
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await standIn?.stop();
  });
  return {
    standIn: () => standIn!,
    client(options = {}) {
      const c = new Redis(standIn!.url, { maxRetriesPerRequest: 1, ...options });
      c.on('error', () => {});
      clients.push(c);
      return c;
    },
  };
}

export function uniquePrefix(label: string): string {
  return `pantau-standin-test:${label}:${randomBytes(4).toString('hex')}:`;
}

export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
}

/** Every key under `prefix` with its type, TTL presence and value, in a comparable form. */
export async function dumpPrefix(redis: Redis, prefix: string): Promise<Record<string, unknown>> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  const out: Record<string, unknown> = {};
  for (const key of keys.sort()) {
    const type = await redis.type(key);
    const ttl = await redis.ttl(key);
    const name = key.slice(prefix.length);
    let value: unknown;
    if (type === 'string') value = await redis.get(key);
    else if (type === 'hash') value = sortObject(await redis.hgetall(key));
    else if (type === 'set') value = (await redis.smembers(key)).sort();
    else if (type === 'zset') value = await redis.zrange(key, '0', '-1', 'WITHSCORES');
    else if (type === 'stream') value = (await redis.xrange(key, '-', '+')).map(([, fields]) => fields);
    out[name] = { type, ttl: ttl === -1 ? 'none' : ttl > 0 ? 'set' : ttl, value };
  }
  return out;
}

function sortObject(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `fn` and returns its error message (or throws if it did not fail). */
export async function errorOf(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the command to fail');
}
