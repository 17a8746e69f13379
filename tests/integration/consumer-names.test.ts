// Processor names: stable per process slot on a host (a restarted process gets the name of the
// one that died, and with it that one's pending entries), unique among live processes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createLogger } from '../../server/infra/logger.ts';
import { claimConsumerName } from '../../server/processors/consumer-name.ts';
import { streamKeys } from '../../server/streams/stream-keys.ts';
import { deleteRedisPrefix, TEST_REDIS_URL, testPrefix } from '../support/test-env.ts';

const log = createLogger('silent');
let redis: Redis;
let prefix: string;

beforeAll(() => {
  redis = new Redis(TEST_REDIS_URL);
  prefix = testPrefix();
});

afterAll(async () => {
  redis.disconnect();
  await deleteRedisPrefix(prefix);
});

describe('processor names', () => {
  it('gives live processes of one host their own slot and a restarted process the slot of the dead one', async () => {
    const keys = streamKeys(prefix);
    const alive = new Set([101, 102, 103]);
    const claim = (pid: number, hostname = 'host-a') => claimConsumerName(redis, keys, log, { explicitName: null, hostname, pid, isAlive: (p) => alive.has(p) });

    const [a, b] = [await claim(101), await claim(102)];
    expect([a.name, b.name]).toEqual(['host-a-p1', 'host-a-p2']);
    // Another host has slots of its own.
    expect((await claim(101, 'host-b')).name).toBe('host-b-p1');

    // 101 is killed (-9: no release); its restart (a new pid) takes its slot back at once.
    alive.delete(101);
    alive.add(104);
    expect((await claim(104)).name).toBe('host-a-p1');
    // While 104 lives, a new process gets the next free slot.
    expect((await claim(103)).name).toBe('host-a-p3');

    // Killed again at once: the next restart takes it back too (the first takeover does not block it).
    alive.delete(104);
    alive.add(106);
    expect((await claim(106)).name).toBe('host-a-p1');
    alive.delete(106);
    alive.add(104);
    expect((await claim(104)).name).toBe('host-a-p1');

    // A clean stop gives the name up: the next process takes the lowest free slot.
    await b.release();
    alive.add(105);
    expect((await claim(105)).name).toBe('host-a-p2');
    // Releasing a name another process has since taken leaves it alone.
    await a.release();
    expect(await redis.hget(keys.consumerNames, 'host-a-p1')).toBe('host-a 104');
  });

  it('uses PANTAU_PROCESSOR_NAME as given', async () => {
    const keys = streamKeys(prefix);
    const c = await claimConsumerName(redis, keys, log, { explicitName: 'pantau-processors-0', hostname: 'pod', pid: 7 });
    expect(c.name).toBe('pantau-processors-0');
    expect(await redis.hget(keys.consumerNames, 'pantau-processors-0')).toBe('pod 7');
  });
});
