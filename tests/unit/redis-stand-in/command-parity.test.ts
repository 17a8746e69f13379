// The same command sequences against the real Redis and the stand-in, through ioredis clients
// configured as Pantau configures them; the replies must be identical. Stream ids are explicit
// here so both sides produce the same ones; idle times are masked.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletePrefix, REAL_REDIS_URL, sleep, uniquePrefix, useStandIn } from './stand-in-fixture.ts';

type Step = (r: Redis, k: (name: string) => string) => Promise<unknown>;

const fixture = useStandIn();
let real: Redis;
let standIn: Redis;

beforeAll(async () => {
  real = new Redis(REAL_REDIS_URL, { maxRetriesPerRequest: 1 });
  await real.ping();
  standIn = fixture.client();
});
afterAll(() => real?.disconnect());

async function runSteps(r: Redis, prefix: string, steps: Step[]): Promise<unknown[]> {
  const k = (name: string) => prefix + name;
  const out: unknown[] = [];
  for (const step of steps) {
    try {
      out.push(await step(r, k));
    } catch (error) {
      out.push(`ERROR ${(error as Error).message}`);
    }
  }
  return out;
}

/** Runs the steps on both sides under the same fresh prefix and expects the same replies. */
async function expectParity(label: string, steps: Step[]): Promise<unknown[]> {
  const prefix = uniquePrefix(label);
  try {
    const expected = await runSteps(real, prefix, steps);
    const actual = await runSteps(standIn, prefix, steps);
    expect(actual).toEqual(expected);
    return actual;
  } finally {
    await deletePrefix(real, prefix);
    await deletePrefix(standIn, prefix);
  }
}

const maskIdle = (rows: unknown) => (rows as unknown[][]).map((r) => [r[0], r[1], typeof r[2], r[3]]);

describe('keys and strings behave as on Redis', () => {
  it('SET/GET with NX, XX, GET, INCR, TYPE, EXISTS, DEL', async () => {
    await expectParity('strings', [
      (r, k) => r.set(k('a'), '1'),
      (r, k) => r.set(k('a'), '2', 'NX'),
      (r, k) => r.set(k('b'), '2', 'XX'),
      (r, k) => r.set(k('a'), '3', 'XX', 'GET'),
      (r, k) => r.get(k('a')),
      (r, k) => r.get(k('missing')),
      (r, k) => r.incr(k('n')),
      (r, k) => r.incr(k('n')),
      (r, k) => r.incrby(k('n'), -5),
      (r, k) => r.set(k('s'), 'abc'),
      (r, k) => r.incr(k('s')),
      (r, k) => r.type(k('s')),
      (r, k) => r.type(k('missing')),
      (r, k) => r.exists(k('a'), k('a'), k('missing'), k('n')),
      (r, k) => r.del(k('a'), k('missing')),
      (r, k) => r.unlink(k('n')),
      (r, k) => r.exists(k('a'), k('n')),
      (r, k) => r.hset(k('s'), 'f', 'v'),
      (r) => r.call('ECHO', 'héllo'),
      (r) => r.call('GET'),
      (r, k) => r.call('SET', k('x'), 'v', 'NX', 'XX'),
      (r, k) => r.set(k('x'), 'v', 'EX', 0),
    ]);
  });

  it('EXPIRE, TTL, PERSIST, SET with EX/PX', async () => {
    await expectParity('expiry', [
      (r, k) => r.set(k('a'), '1'),
      (r, k) => r.ttl(k('a')),
      (r, k) => r.ttl(k('missing')),
      (r, k) => r.expire(k('a'), 100),
      (r, k) => r.ttl(k('a')),
      (r, k) => r.expire(k('a'), 50, 'GT'),
      (r, k) => r.expire(k('a'), 50, 'LT'),
      (r, k) => r.ttl(k('a')),
      (r, k) => r.expire(k('a'), 10, 'NX'),
      (r, k) => r.persist(k('a')),
      (r, k) => r.ttl(k('a')),
      (r, k) => r.expire(k('missing'), 10),
      (r, k) => r.set(k('b'), '1', 'EX', 30),
      (r, k) => r.ttl(k('b')),
      (r, k) => r.set(k('c'), '1', 'PX', 30_000),
      (r, k) => r.ttl(k('c')),
      (r, k) => r.set(k('c'), '2'),
      (r, k) => r.ttl(k('c')),
      (r, k) => r.expire(k('b'), 0),
      (r, k) => r.exists(k('b')),
      (r, k) => r.expire(k('c'), 'x' as unknown as number),
    ]);
  });

  it('KEYS and SCAN with MATCH (glob)', async () => {
    const [keys, scanned] = (
      await expectParity('scan', [
        async (r, k) => {
          for (const name of ['live:kpi', 'live:kec:1', 'live:kec:22', 'live:min:5', 'other', 'live:k?y', 'live:x[1]']) {
            await r.set(k(name), '1');
          }
          return (await r.keys(k('live:kec:*'))).sort();
        },
        async (r, k) => {
          const found: string[] = [];
          let cursor = '0';
          do {
            const [next, batch] = await r.scan(cursor, 'MATCH', k('live:*'), 'COUNT', 2);
            cursor = next;
            found.push(...batch);
          } while (cursor !== '0');
          return found.sort();
        },
        async (r, k) => (await r.keys(k('live:kec:?'))).sort(),
        async (r, k) => (await r.keys(k('live:k\\?y'))).sort(),
        async (r, k) => (await r.keys(k('live:[kx]*'))).sort(),
        async (r, k) => (await r.keys(k('live:[^k]*'))).sort(),
        async (r, k) => (await r.keys(k('live:kec:[0-9][0-9]'))).sort(),
      ])
    ).slice(0, 2) as string[][];
    expect(keys).toHaveLength(2);
    expect(scanned).toHaveLength(6);
  });
});

describe('hashes and sets behave as on Redis', () => {
  it('HSET, HGET, HMGET, HGETALL, HINCRBY, HDEL', async () => {
    await expectParity('hashes', [
      (r, k) => r.hset(k('h'), 'a', '1', 'b', '2'),
      (r, k) => r.hset(k('h'), { b: 3, c: 'ü' }),
      (r, k) => r.hget(k('h'), 'b'),
      (r, k) => r.hget(k('h'), 'zz'),
      (r, k) => r.hget(k('missing'), 'zz'),
      (r, k) => r.hmget(k('h'), 'a', 'zz', 'c'),
      (r, k) => r.hgetall(k('h')),
      (r, k) => r.hgetall(k('missing')),
      (r, k) => r.hincrby(k('h'), 'a', 5),
      (r, k) => r.hincrby(k('h'), 'new', -2),
      (r, k) => r.hincrby(k('h'), 'c', 1),
      (r, k) => r.hlen(k('h')),
      (r, k) => r.hdel(k('h'), 'a', 'zz'),
      (r, k) => r.hdel(k('h'), 'b', 'c', 'new'),
      (r, k) => r.exists(k('h')),
      (r, k) => r.call('HSET', k('h'), 'a'),
      (r, k) => r.hincrby(k('h2'), 'a', 'x' as unknown as number),
    ]);
  });

  it('SADD, SISMEMBER, SMEMBERS, SREM', async () => {
    await expectParity('sets', [
      (r, k) => r.sadd(k('s'), 'a', 'b', 'a'),
      (r, k) => r.sadd(k('s'), 'c'),
      (r, k) => r.sismember(k('s'), 'a'),
      (r, k) => r.sismember(k('s'), 'z'),
      async (r, k) => (await r.smembers(k('s'))).sort(),
      (r, k) => r.smembers(k('missing')),
      (r, k) => r.scard(k('s')),
      (r, k) => r.srem(k('s'), 'a', 'b', 'c'),
      (r, k) => r.exists(k('s')),
    ]);
  });
});

describe('sorted sets behave as on Redis', () => {
  it('ZADD and the ranges Pantau reads', async () => {
    await expectParity('zsets', [
      (r, k) => r.zadd(k('z'), 3, 'c', 1, 'a', 2, 'b', 2, 'a2', 1700000000000, 'big'),
      (r, k) => r.zadd(k('z'), 5, 'a'),
      (r, k) => r.zcard(k('z')),
      (r, k) => r.zrange(k('z'), '0', '-1'),
      (r, k) => r.zrange(k('z'), '0', '-1', 'WITHSCORES'),
      (r, k) => r.zrange(k('z'), '-2', '-1'),
      (r, k) => r.zrange(k('z'), '3', '1'),
      (r, k) => r.zrange(k('z'), '1', '100'),
      (r, k) => r.zrevrange(k('z'), 0, 1, 'WITHSCORES'),
      (r, k) => r.zrangebyscore(k('z'), 2, 5),
      (r, k) => r.zrangebyscore(k('z'), '(2', '+inf', 'WITHSCORES', 'LIMIT', 1, 2),
      (r, k) => r.zrangebyscore(k('z'), '-inf', '(3'),
      (r, k) => r.zrange(k('z'), '+inf', '(2', 'BYSCORE', 'REV', 'LIMIT', 0, 2),
      (r, k) => r.zscore(k('z'), 'a'),
      (r, k) => r.zscore(k('z'), 'nope'),
      (r, k) => r.zadd(k('z'), 1.5, 'half'),
      (r, k) => r.zscore(k('z'), 'half'),
      (r, k) => r.zadd(k('z'), 'NX', 9, 'a', 9, 'new'),
      (r, k) => r.zadd(k('z'), 'XX', 'CH', 9, 'a', 9, 'other'),
      (r, k) => r.zadd(k('z'), 'GT', 'CH', 1, 'a', 10, 'b'),
      (r, k) => r.zadd(k('z'), 'INCR', 2, 'b'),
      (r, k) => r.zrank(k('z'), 'b'),
      (r, k) => r.zrem(k('z'), 'a', 'nope'),
      (r, k) => r.zremrangebyrank(k('z'), 0, 1),
      (r, k) => r.zrange(k('z'), '0', '-1', 'WITHSCORES'),
      (r, k) => r.zremrangebyrank(k('z'), 0, -1),
      (r, k) => r.exists(k('z')),
      (r, k) => r.zadd(k('z'), 'x', 'a'),
      (r, k) => r.zrangebyscore(k('z'), 'x', 2),
    ]);
  });
});

describe('streams and consumer groups behave as on Redis', () => {
  it('XADD, XLEN, XRANGE, XTRIM', async () => {
    await expectParity('xadd', [
      (r, k) => r.xadd(k('s'), '1-1', 'a', '1'),
      (r, k) => r.xadd(k('s'), '1-*', 'a', '2'),
      (r, k) => r.xadd(k('s'), '5', 'a', '3'),
      (r, k) => r.xadd(k('s'), '5-0', 'a', 'dup'),
      (r, k) => r.xadd(k('s'), '0-0', 'a', 'zero'),
      (r, k) => r.xadd(k('s2'), '0-0', 'a', 'zero'),
      (r, k) => r.xadd(k('s'), 'bad', 'a', '1'),
      (r, k) => r.call('XADD', k('s'), '9-9', 'a'),
      (r, k) => r.xadd(k('s'), 'MAXLEN', '=', 10, '6-0', 'b', 'x', 'c', 'y'),
      (r, k) => r.xlen(k('s')),
      (r, k) => r.xlen(k('missing')),
      (r, k) => r.xrange(k('s'), '-', '+'),
      (r, k) => r.xrange(k('s'), '1-2', '5'),
      (r, k) => r.xrange(k('s'), '(1-1', '+', 'COUNT', 2),
      (r, k) => r.xrevrange(k('s'), '+', '-', 'COUNT', 2),
      (r, k) => r.xrange(k('missing'), '-', '+'),
      (r, k) => r.xtrim(k('s'), 'MINID', '5'),
      (r, k) => r.xrange(k('s'), '-', '+'),
      (r, k) => r.xtrim(k('s'), 'MAXLEN', 1),
      (r, k) => r.xrange(k('s'), '-', '+'),
      (r, k) => r.xadd(k('s'), 'NOMKSTREAM', '7-0', 'a', '1'),
      (r, k) => r.xadd(k('nostream'), 'NOMKSTREAM', '*', 'a', '1'),
      (r, k) => r.exists(k('nostream')),
      async (r, k) => {
        const flat = (await r.xinfo('STREAM', k('s'))) as unknown[];
        const info: Record<string, unknown> = {};
        for (let i = 0; i + 1 < flat.length; i += 2) info[String(flat[i])] = flat[i + 1];
        // radix-tree-keys/nodes describe Redis' memory layout; the stand-in has none.
        delete info['radix-tree-keys'];
        delete info['radix-tree-nodes'];
        return info;
      },
    ]);
  });

  it('groups: create, read new and own history, pending, ack, info', async () => {
    await expectParity('groups', [
      (r, k) => r.xgroup('CREATE', k('s'), 'g', '0'),
      (r, k) => r.xgroup('CREATE', k('s'), 'g', '0', 'MKSTREAM'),
      (r, k) => r.xgroup('CREATE', k('s'), 'g', '0', 'MKSTREAM'),
      (r, k) => r.xreadgroup('GROUP', 'nope', 'c1', 'COUNT', 10, 'STREAMS', k('s'), '>'),
      (r, k) => r.xreadgroup('GROUP', 'g', 'c1', 'COUNT', 10, 'STREAMS', k('missing'), '>'),
      (r, k) => r.xreadgroup('GROUP', 'g', 'c1', 'COUNT', 10, 'STREAMS', k('s'), '>'),
      (r, k) => r.xinfo('GROUPS', k('s')),
      (r, k) => r.xadd(k('s'), '1-0', 'batch', 'b1'),
      (r, k) => r.xadd(k('s'), '2-0', 'batch', 'b2'),
      (r, k) => r.xadd(k('s'), '3-0', 'batch', 'b3'),
      (r, k) => r.xinfo('GROUPS', k('s')),
      (r, k) => r.xreadgroup('GROUP', 'g', 'c1', 'COUNT', 2, 'STREAMS', k('s'), '>'),
      (r, k) => r.xinfo('GROUPS', k('s')),
      (r, k) => r.xreadgroup('GROUP', 'g', 'c2', 'COUNT', 10, 'STREAMS', k('s'), '>'),
      (r, k) => r.xreadgroup('GROUP', 'g', 'c2', 'COUNT', 10, 'STREAMS', k('s'), '>'),
      (r, k) => r.xpending(k('s'), 'g'),
      async (r, k) => maskIdle(await r.xpending(k('s'), 'g', '-', '+', 10)),
      (r, k) => r.xreadgroup('GROUP', 'g', 'c1', 'COUNT', 10, 'STREAMS', k('s'), '0'),
      (r, k) => r.xreadgroup('GROUP', 'g', 'c1', 'COUNT', 1, 'STREAMS', k('s'), '1-0'),
      async (r, k) => maskIdle(await r.xpending(k('s'), 'g', '-', '+', 10, 'c1')),
      async (r, k) => maskIdle(await r.xpending(k('s'), 'g', '(1-0', '+', 1)),
      (r, k) => r.xack(k('s'), 'g', '1-0', '1-0', '9-0'),
      (r, k) => r.xack(k('s'), 'nope', '2-0'),
      (r, k) => r.xack(k('missing'), 'g', '2-0'),
      (r, k) => r.xack(k('s'), 'g', 'bad'),
      (r, k) => r.xpending(k('s'), 'g'),
      (r, k) => r.xpending(k('s'), 'nope'),
      (r, k) => r.xpending(k('missing'), 'g'),
      (r, k) => r.xinfo('GROUPS', k('s')),
      async (r, k) => ((await r.xinfo('CONSUMERS', k('s'), 'g')) as unknown[][]).map((c) => c.slice(0, 4)),
      (r, k) => r.xinfo('GROUPS', k('missing')),
      (r, k) => r.xack(k('s'), 'g', '2-0', '3-0'),
      (r, k) => r.xpending(k('s'), 'g'),
      (r, k) => r.xgroup('CREATE', k('s'), 'late', '$'),
      (r, k) => r.xgroup('CREATECONSUMER', k('s'), 'late', 'x'),
      (r, k) => r.xgroup('CREATECONSUMER', k('s'), 'late', 'x'),
      (r, k) => r.xgroup('DELCONSUMER', k('s'), 'g', 'c1'),
      (r, k) => r.xinfo('GROUPS', k('s')),
      (r, k) => r.xgroup('DESTROY', k('s'), 'late'),
      (r, k) => r.xgroup('DESTROY', k('s'), 'late'),
      (r, k) => r.xreadgroup('GROUP', 'g', 'c1', 'STREAMS', k('s'), '$'),
      (r, k) => r.xreadgroup('GROUP', 'g', 'c1', 'STREAMS', k('s')),
    ]);
  });

  it('trimming under pending entries, lag, and XAUTOCLAIM of deleted entries', async () => {
    await expectParity('trim-pending', [
      (r, k) => r.xgroup('CREATE', k('s'), 'g', '0', 'MKSTREAM'),
      async (r, k) => {
        for (let i = 1; i <= 6; i++) await r.xadd(k('s'), `${i}-0`, 'n', String(i));
        return r.xinfo('GROUPS', k('s'));
      },
      (r, k) => r.xreadgroup('GROUP', 'g', 'a', 'COUNT', 3, 'STREAMS', k('s'), '>'),
      (r, k) => r.xack(k('s'), 'g', '2-0'),
      (r, k) => r.xtrim(k('s'), 'MINID', '3-0'),
      (r, k) => r.xinfo('GROUPS', k('s')),
      (r, k) => r.xreadgroup('GROUP', 'g', 'a', 'STREAMS', k('s'), '0'),
      async (r, k) => maskIdle(await r.xpending(k('s'), 'g', '-', '+', 10)),
      (r, k) => r.xautoclaim(k('s'), 'g', 'b', 0, '0-0', 'COUNT', 1),
      (r, k) => r.xautoclaim(k('s'), 'g', 'b', 0, '0-0', 'COUNT', 10),
      (r, k) => r.xautoclaim(k('s'), 'g', 'b', 0, '0-0', 'COUNT', 10, 'JUSTID'),
      (r, k) => r.xautoclaim(k('s'), 'g', 'b', 60_000, '0-0', 'COUNT', 10),
      async (r, k) => maskIdle(await r.xpending(k('s'), 'g', '-', '+', 10)),
      (r, k) => r.xpending(k('s'), 'g'),
      (r, k) => r.xreadgroup('GROUP', 'g', 'a', 'COUNT', 10, 'STREAMS', k('s'), '>'),
      (r, k) => r.xinfo('GROUPS', k('s')),
      (r, k) => r.xautoclaim(k('s'), 'nope', 'b', 0, '0-0'),
      (r, k) => r.xautoclaim(k('s'), 'g', 'b', 0, '0-0', 'COUNT', 0),
    ]);
  });

  it('XAUTOCLAIM honours the idle time and counts deliveries', async () => {
    const prefix = uniquePrefix('autoclaim-idle');
    const steps: Step[] = [
      (r, k) => r.xgroup('CREATE', k('s'), 'g', '0', 'MKSTREAM'),
      (r, k) => r.xadd(k('s'), '1-0', 'n', '1'),
      (r, k) => r.xadd(k('s'), '2-0', 'n', '2'),
      (r, k) => r.xreadgroup('GROUP', 'g', 'dead', 'COUNT', 1, 'STREAMS', k('s'), '>'),
      () => sleep(120),
      (r, k) => r.xreadgroup('GROUP', 'g', 'dead', 'COUNT', 1, 'STREAMS', k('s'), '>'),
      (r, k) => r.xautoclaim(k('s'), 'g', 'alive', 100, '0-0', 'COUNT', 10),
      async (r, k) => maskIdle(await r.xpending(k('s'), 'g', '-', '+', 10)),
      (r, k) => r.xpending(k('s'), 'g', 'IDLE', 1000, '-', '+', 10),
    ];
    try {
      const expected = await runSteps(real, prefix, steps);
      const actual = await runSteps(standIn, prefix, steps);
      expect(actual).toEqual(expected);
      expect(actual[6]).toEqual(['0-0', [['1-0', ['n', '1']]], []]);
    } finally {
      await deletePrefix(real, prefix);
      await deletePrefix(standIn, prefix);
    }
  });
});

describe('transactions and pipelines behave as on Redis', () => {
  it('MULTI/EXEC returns every reply, errors included; queue-time errors abort', async () => {
    await expectParity('multi', [
      (r, k) => r.multi().set(k('a'), 'x').incr(k('a')).hset(k('h'), 'f', '1').hgetall(k('h')).exec(),
      (r, k) => r.multi().set(k('b'), '1').call('GET').exec(),
      (r, k) => r.exists(k('b')),
      (r, k) =>
        r
          .pipeline()
          .set(k('c'), '1')
          .incr(k('c'))
          .hget(k('c'), 'x')
          .get(k('c'))
          .exec(),
      (r) => r.call('EXEC'),
      (r) => r.call('DISCARD'),
    ]);
  });
});
