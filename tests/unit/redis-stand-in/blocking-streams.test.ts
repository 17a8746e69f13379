// XREADGROUP ... BLOCK waits without holding up the event loop or other clients, wakes up on
// XADD, and keeps the later commands of its own connection waiting behind it, as Redis does.
import { describe, expect, it } from 'vitest';
import { errorOf, sleep, uniquePrefix, useStandIn } from './stand-in-fixture.ts';

const fixture = useStandIn();

type ReadReply = [string, [string, string[]][]][] | null;

describe('blocking XREADGROUP', () => {
  it('is woken by XADD from another client and delivers the entry', async () => {
    const k = uniquePrefix('block');
    const writer = fixture.client();
    const reader = fixture.client();
    await writer.xgroup('CREATE', `${k}s`, 'g', '0', 'MKSTREAM');
    const started = Date.now();
    const read = reader.xreadgroup('GROUP', 'g', 'c', 'COUNT', 10, 'BLOCK', 5000, 'STREAMS', `${k}s`, '>') as Promise<ReadReply>;
    // The event loop and other clients keep going while the reader waits.
    await sleep(100);
    expect(await writer.ping()).toBe('PONG');
    const id = await writer.xadd(`${k}s`, '*', 'batch', 'b1');
    const reply = await read;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(reply).toEqual([[`${k}s`, [[id, ['batch', 'b1']]]]]);
    expect(await writer.xpending(`${k}s`, 'g')).toEqual([1, id, id, [['c', '1']]]);
  });

  it('times out with a null reply', async () => {
    const k = uniquePrefix('timeout');
    const r = fixture.client();
    await r.xgroup('CREATE', `${k}s`, 'g', '0', 'MKSTREAM');
    const started = Date.now();
    const reply = await r.xreadgroup('GROUP', 'g', 'c', 'BLOCK', 150, 'STREAMS', `${k}s`, '>');
    expect(reply).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    // Only a consumer that was served exists (Redis 7.0).
    expect(((await r.xinfo('GROUPS', `${k}s`)) as unknown[][])[0][3]).toBe(0);
  });

  it('holds back the next pipelined commands of the same connection until answered', async () => {
    const k = uniquePrefix('pipeline');
    const writer = fixture.client();
    const reader = fixture.client();
    await writer.xgroup('CREATE', `${k}s`, 'g', '0', 'MKSTREAM');
    const order: string[] = [];
    const read = reader.xreadgroup('GROUP', 'g', 'c', 'BLOCK', 2000, 'STREAMS', `${k}s`, '>').then(() => order.push('read'));
    const after = reader.set(`${k}after`, '1').then(() => order.push('set'));
    await sleep(100);
    expect(order).toEqual([]);
    expect(await writer.exists(`${k}after`)).toBe(0);
    await writer.xadd(`${k}s`, '*', 'f', 'v');
    await Promise.all([read, after]);
    expect(order).toEqual(['read', 'set']);
  });

  it('serves blocked consumers in arrival order, one entry each with COUNT 1', async () => {
    const k = uniquePrefix('fifo');
    const writer = fixture.client();
    const a = fixture.client();
    const b = fixture.client();
    await writer.xgroup('CREATE', `${k}s`, 'g', '0', 'MKSTREAM');
    const ra = a.xreadgroup('GROUP', 'g', 'a', 'COUNT', 1, 'BLOCK', 3000, 'STREAMS', `${k}s`, '>') as Promise<ReadReply>;
    await sleep(30);
    const rb = b.xreadgroup('GROUP', 'g', 'b', 'COUNT', 1, 'BLOCK', 3000, 'STREAMS', `${k}s`, '>') as Promise<ReadReply>;
    await sleep(30);
    await writer.multi().xadd(`${k}s`, '1-0', 'n', '1').xadd(`${k}s`, '2-0', 'n', '2').exec();
    expect((await ra)![0][1]).toEqual([['1-0', ['n', '1']]]);
    expect((await rb)![0][1]).toEqual([['2-0', ['n', '2']]]);
  });

  it('does not block inside MULTI', async () => {
    const k = uniquePrefix('multi-block');
    const r = fixture.client();
    await r.xgroup('CREATE', `${k}s`, 'g', '0', 'MKSTREAM');
    const started = Date.now();
    const replies = await r.multi().xreadgroup('GROUP', 'g', 'c', 'BLOCK', 0, 'STREAMS', `${k}s`, '>').ping().exec();
    expect(replies).toEqual([
      [null, null],
      [null, 'PONG'],
    ]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('answers blocked readers with an error when their group or stream goes away', async () => {
    const k = uniquePrefix('gone');
    const admin = fixture.client();
    const reader = fixture.client();
    await admin.xgroup('CREATE', `${k}s`, 'g', '0', 'MKSTREAM');
    const groupGone = errorOf(() => reader.xreadgroup('GROUP', 'g', 'c', 'BLOCK', 0, 'STREAMS', `${k}s`, '>'));
    await sleep(30);
    await admin.xgroup('DESTROY', `${k}s`, 'g');
    expect(await groupGone).toMatch(/^NOGROUP/);

    await admin.xgroup('CREATE', `${k}s`, 'g', '0');
    const keyGone = errorOf(() => reader.xreadgroup('GROUP', 'g', 'c', 'BLOCK', 0, 'STREAMS', `${k}s`, '>'));
    await sleep(30);
    await admin.del(`${k}s`);
    expect(await keyGone).toMatch(/^UNBLOCKED/);
    // And a read on the missing group fails the way Pantau's processor recognises.
    expect(await errorOf(() => reader.xreadgroup('GROUP', 'g', 'c', 'BLOCK', 10, 'STREAMS', `${k}s`, '>'))).toMatch(/^NOGROUP/);
  });

  it('a client that disconnects while blocked does not swallow the next entry', async () => {
    const k = uniquePrefix('disconnect');
    const writer = fixture.client();
    const quitter = fixture.client();
    await writer.xgroup('CREATE', `${k}s`, 'g', '0', 'MKSTREAM');
    void quitter.xreadgroup('GROUP', 'g', 'gone', 'BLOCK', 0, 'STREAMS', `${k}s`, '>').catch(() => {});
    await sleep(30);
    quitter.disconnect();
    await sleep(30);
    const reader = fixture.client();
    const read = reader.xreadgroup('GROUP', 'g', 'stays', 'BLOCK', 2000, 'STREAMS', `${k}s`, '>') as Promise<ReadReply>;
    await sleep(30);
    await writer.xadd(`${k}s`, '1-0', 'n', '1');
    expect((await read)![0][1]).toEqual([['1-0', ['n', '1']]]);
    expect(await writer.xpending(`${k}s`, 'g')).toEqual([1, '1-0', '1-0', [['stays', '1']]]);
  });
});

describe('the processor protocol end to end', () => {
  it('pending entries of a dead consumer are reclaimed after the idle time, with delivery counts', async () => {
    const k = uniquePrefix('reclaim');
    const r = fixture.client();
    const stream = `${k}stream:complaints`;
    await r.xgroup('CREATE', stream, 'processors', '0', 'MKSTREAM');
    await r.xadd(stream, '*', 'batch', 'b1');
    await r.xreadgroup('GROUP', 'processors', 'dead', 'COUNT', 10, 'STREAMS', stream, '>');
    // Too early: nothing to take over.
    expect((await r.xautoclaim(stream, 'processors', 'alive', 200, '0-0', 'COUNT', 10))[1]).toEqual([]);
    await sleep(220);
    const [cursor, claimed, deleted] = (await r.xautoclaim(stream, 'processors', 'alive', 200, '0-0', 'COUNT', 10)) as [
      string,
      [string, string[]][],
      string[],
    ];
    expect(cursor).toBe('0-0');
    expect(claimed.map(([, f]) => f)).toEqual([['batch', 'b1']]);
    expect(deleted).toEqual([]);
    const [[, consumer, idle, deliveries]] = (await r.xpending(stream, 'processors', '-', '+', 10)) as [string, string, number, number][];
    expect(consumer).toBe('alive');
    expect(idle).toBeLessThan(200);
    expect(deliveries).toBe(2);
    await r.xack(stream, 'processors', claimed[0][0]);
    expect(await r.xpending(stream, 'processors')).toEqual([0, null, null, null]);
  });
});
