// Pub/sub as Pantau and the Socket.IO Redis adapter use it: channels, patterns, binary
// payloads, PUBSUB NUMSUB for the adapter's server count.
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { describe, expect, it } from 'vitest';
import { sleep, uniquePrefix, useStandIn } from './stand-in-fixture.ts';

const fixture = useStandIn();

describe('pub/sub', () => {
  it('delivers to channel and pattern subscribers and counts receivers', async () => {
    const k = uniquePrefix('pubsub');
    const pub = fixture.client();
    const sub = fixture.client();
    const psub = fixture.client();
    const got: unknown[] = [];
    sub.on('message', (ch: string, msg: string) => got.push(['message', ch, msg]));
    psub.on('pmessage', (p: string, ch: string, msg: string) => got.push(['pmessage', p, ch, msg]));
    expect(await sub.subscribe(`${k}a`, `${k}b`)).toBe(2);
    expect(await psub.psubscribe(`${k}*`)).toBe(1);
    expect(await pub.publish(`${k}a`, 'halo ✓')).toBe(2);
    expect(await pub.publish(`${k}c`, 'only the pattern')).toBe(1);
    expect(await pub.publish('elsewhere', 'nobody')).toBe(0);
    await sleep(50);
    expect(got).toEqual([
      ['message', `${k}a`, 'halo ✓'],
      ['pmessage', `${k}*`, `${k}a`, 'halo ✓'],
      ['pmessage', `${k}*`, `${k}c`, 'only the pattern'],
    ]);
    expect(await pub.pubsub('NUMSUB', `${k}a`, `${k}c`)).toEqual([`${k}a`, 1, `${k}c`, 0]);
    expect(((await pub.pubsub('CHANNELS', `${k}*`)) as string[]).sort()).toEqual([`${k}a`, `${k}b`]);
    expect(await pub.pubsub('NUMPAT')).toBeGreaterThanOrEqual(1);
    await sub.unsubscribe(`${k}a`);
    expect(await pub.publish(`${k}a`, 'x')).toBe(1);
    await sub.unsubscribe();
    await psub.punsubscribe();
    expect(await pub.publish(`${k}b`, 'x')).toBe(0);
    // Back out of subscriber mode: ordinary commands work again.
    expect(await sub.set(`${k}k`, 'v')).toBe('OK');
  });

  it('passes binary payloads through unchanged', async () => {
    const k = uniquePrefix('binary');
    const pub = fixture.client();
    const sub = fixture.client();
    const payload = Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80, 13, 10, 0x2a]);
    const received = new Promise<Buffer>((resolve) => sub.on('messageBuffer', (_ch: Buffer, msg: Buffer) => resolve(msg)));
    await sub.subscribe(`${k}bin`);
    await pub.publish(`${k}bin`, payload);
    expect(Buffer.compare(await received, payload)).toBe(0);
    await pub.set(`${k}bin`, payload);
    expect(Buffer.compare((await pub.getBuffer(`${k}bin`))!, payload)).toBe(0);
  });

  it('carries the Socket.IO Redis adapter between two servers', async () => {
    const servers = [0, 1].map(() => {
      const io = new Server();
      io.adapter(createAdapter(fixture.client(), fixture.client()));
      return io;
    });
    try {
      await sleep(100);
      // serverCount is PUBSUB NUMSUB on the request channel.
      expect(await servers[0].of('/').adapter.serverCount()).toBe(2);
      const received = new Promise<unknown[]>((resolve) => servers[1].on('hello-other-node', (...args: unknown[]) => resolve(args)));
      servers[0].serverSideEmit('hello-other-node', { n: 1, text: 'Medan ✓' });
      expect(await received).toEqual([{ n: 1, text: 'Medan ✓' }]);
      // A request answered by the other node over the response channel.
      expect(await servers[0].fetchSockets()).toEqual([]);
    } finally {
      for (const io of servers) io.of('/').adapter.close();
      // close() does not wait for its UNSUBSCRIBEs; let them finish before the clients go.
      await sleep(50);
    }
  });
});
