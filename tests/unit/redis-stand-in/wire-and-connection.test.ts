// The wire protocol seen from a raw socket (what ioredis hides), the connection commands ioredis
// sends on connect, and the refusal of commands the stand-in does not implement.
import net from 'node:net';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { errorOf, sleep, uniquePrefix, useStandIn } from './stand-in-fixture.ts';

const fixture = useStandIn();

/** Sends raw bytes and returns what came back within `waitMs`, and whether the server closed. */
async function raw(data: string | Buffer | (string | Buffer)[], waitMs = 100): Promise<{ text: string; closed: boolean }> {
  const socket = net.connect(fixture.standIn().port, '127.0.0.1');
  const chunks: Buffer[] = [];
  let closed = false;
  socket.on('data', (c) => chunks.push(c));
  socket.on('end', () => (closed = true));
  await new Promise((r) => socket.once('connect', r));
  for (const part of Array.isArray(data) ? data : [data]) {
    socket.write(part);
    await sleep(10);
  }
  await sleep(waitMs);
  socket.destroy();
  return { text: Buffer.concat(chunks).toString('latin1'), closed };
}

describe('the wire', () => {
  it('answers pipelined multi-bulk commands split at any byte, and inline commands', async () => {
    const cmd = '*3\r\n$3\r\nSET\r\n$5\r\nwire1\r\n$4\r\na\r\nb\r\n*2\r\n$3\r\nGET\r\n$5\r\nwire1\r\n';
    const pieces = cmd.split('').map((c) => c);
    expect((await raw(pieces, 50)).text).toBe('+OK\r\n$4\r\na\r\nb\r\n');
    expect((await raw('PING\r\nECHO hi\r\n')).text).toBe('+PONG\r\n$2\r\nhi\r\n');
  });

  it('answers HELLO 3 with NOPROTO so ioredis falls back to RESP2', async () => {
    expect((await raw('*2\r\n$5\r\nHELLO\r\n$1\r\n3\r\n')).text).toMatch(/^-NOPROTO /);
    expect((await raw('*2\r\n$5\r\nHELLO\r\n$1\r\n2\r\n')).text).toContain('$5\r\nproto\r\n:2\r\n');
  });

  it('restricts a subscribed connection to pub/sub commands, and PING answers in push form', async () => {
    const { text } = await raw('SUBSCRIBE wire-ch\r\nGET x\r\nPING\r\n');
    expect(text).toBe(
      '*3\r\n$9\r\nsubscribe\r\n$7\r\nwire-ch\r\n:1\r\n' +
        "-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n" +
        '*2\r\n$4\r\npong\r\n$0\r\n\r\n',
    );
  });

  it('closes on QUIT and on a protocol error', async () => {
    expect(await raw('QUIT\r\nPING\r\n')).toEqual({ text: '+OK\r\n', closed: true });
    const broken = await raw('*1\r\n+PING\r\n');
    expect(broken.text).toMatch(/^-ERR Protocol error/);
    expect(broken.closed).toBe(true);
  });

  it('refuses unknown commands, naming the stand-in', async () => {
    const r = fixture.client();
    expect(await errorOf(() => r.call('OBJECT', 'ENCODING', 'x'))).toBe(
      "ERR unknown command 'OBJECT' (Pantau's in-process Redis stand-in supports only what Pantau uses)",
    );
    expect(await errorOf(() => r.call('constructor'))).toMatch(/unknown command 'constructor'/);
    expect(await errorOf(() => r.call('XGROUP', 'FOO', 'k', 'g'))).toMatch(/not supported/);
  });
});

describe('connection commands', () => {
  it('connects like Pantau does (name, ready check) and answers INFO, CLIENT, ECHO, SELECT', async () => {
    const r = fixture.client({ connectionName: 'pantau-main' });
    expect(await r.ping()).toBe('PONG');
    expect(await r.client('GETNAME')).toBe('pantau-main');
    expect(await r.call('CLIENT', 'SETINFO', 'LIB-NAME', 'x')).toBe('OK');
    expect(await r.info()).toContain('loading:0');
    expect(await r.echo('halo')).toBe('halo');
    expect(typeof (await r.client('ID'))).toBe('number');
  });

  it('keeps databases apart (SELECT / db option) and FLUSHDB empties one', async () => {
    const k = uniquePrefix('db');
    const db0 = fixture.client();
    const db3 = fixture.client({ db: 3 });
    await db3.set(`${k}a`, '3');
    expect(await db0.get(`${k}a`)).toBeNull();
    expect(await db3.get(`${k}a`)).toBe('3');
    expect(await db3.dbsize()).toBe(1);
    await db3.flushdb();
    expect(await db3.dbsize()).toBe(0);
    expect(await errorOf(() => db0.select(99))).toBe('ERR DB index is out of range');
  });

  it('runs a connection with the default ioredis options too (the first client a user might try)', async () => {
    const r = new Redis(fixture.standIn().url);
    try {
      expect(await r.set('plain', '1')).toBe('OK');
    } finally {
      r.disconnect();
    }
  });
});

describe('expiry', () => {
  it('expires keys for real: on access, and by the periodic sweep', async () => {
    const k = uniquePrefix('expiry');
    const r = fixture.client();
    await r.set(`${k}a`, '1', 'PX', 80);
    await r.hset(`${k}h`, 'f', '1');
    await r.pexpire(`${k}h`, 80);
    expect(await r.pttl(`${k}a`)).toBeGreaterThan(0);
    await sleep(120);
    expect(await r.get(`${k}a`)).toBeNull();
    expect(await r.exists(`${k}h`)).toBe(0);
    expect(await r.ttl(`${k}a`)).toBe(-2);

    await r.set(`${k}lock`, 'token', 'PX', 60, 'NX');
    expect(await r.set(`${k}lock`, 'other', 'PX', 60, 'NX')).toBeNull();
    await sleep(100);
    expect(await r.set(`${k}lock`, 'other', 'PX', 60_000, 'NX')).toBe('OK');
  });
});
