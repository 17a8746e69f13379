// The stand-in's pure parts: RESP parsing and encoding, glob patterns, the keyspace's expiry and
// SCAN cursors, stream ids.
import { describe, expect, it } from 'vitest';
import { globMatch } from '../../../server/infra/redis-stand-in/glob-pattern.ts';
import { Keyspace } from '../../../server/infra/redis-stand-in/keyspace.ts';
import { encodeReply, ProtocolError, RespParser } from '../../../server/infra/redis-stand-in/resp-codec.ts';
import { NULL_ARRAY, ReplyError, StatusReply } from '../../../server/infra/redis-stand-in/reply.ts';
import { parseId, parseRangeBound, StreamValue } from '../../../server/infra/redis-stand-in/stream-value.ts';

describe('RESP parser', () => {
  const wire = Buffer.concat([
    Buffer.from('*3\r\n$4\r\nHSET\r\n$1\r\nk\r\n$4\r\n'),
    Buffer.from([0xff, 0x00, 0x0d, 0x0a]),
    Buffer.from('\r\nPING\r\n*1\r\n$4\r\nPING\r\n'),
  ]);

  it('splits commands however the bytes arrive', () => {
    for (let cut = 0; cut <= wire.length; cut++) {
      const p = new RespParser();
      const got = [...p.feed(wire.subarray(0, cut)), ...p.feed(wire.subarray(cut))];
      expect(got).toEqual([['HSET', 'k', '\u00ff\u0000\r\n'], ['PING'], ['PING']]);
    }
  });

  it('rejects malformed input', () => {
    expect(() => new RespParser().feed(Buffer.from('*1\r\n+PING\r\n'))).toThrow(ProtocolError);
    expect(() => new RespParser().feed(Buffer.from('*x\r\n'))).toThrow(ProtocolError);
  });

  it('encodes every reply type (bulk strings as bytes)', () => {
    const out: string[] = [];
    encodeReply([new StatusReply('OK'), 7, '\u00ff\u00fe', null, NULL_ARRAY, new ReplyError('ERR bad\r\nline'), []], out);
    expect(out.join('')).toBe('*7\r\n+OK\r\n:7\r\n$2\r\n\u00ff\u00fe\r\n$-1\r\n*-1\r\n-ERR bad  line\r\n*0\r\n');
  });
});

describe('glob patterns', () => {
  it.each([
    ['*', 'anything', true],
    ['live:*', 'live:kpi', true],
    ['live:*', 'other:kpi', false],
    ['h?llo', 'hello', true],
    ['h?llo', 'hllo', false],
    ['h[ae]llo', 'hallo', true],
    ['h[^e]llo', 'hello', false],
    ['h[a-c]llo', 'hbllo', true],
    ['h\\*llo', 'h*llo', true],
    ['h\\*llo', 'hello', false],
    ['a*b*c', 'a-x-b-y-c', true],
    ['a*b*c', 'a-x-c', false],
    ['socket.io#/#*', 'socket.io#/#room#', true],
  ])('%s matches %s: %s', (pattern, text, expected) => {
    expect(globMatch(pattern, text)).toBe(expected);
  });
});

describe('keyspace', () => {
  it('expires on access and in the sweep, and reports removed streams to blocked readers', () => {
    let now = 1000;
    const ks = new Keyspace(() => now);
    ks.put('a', 'string', '1', 1500);
    ks.put('s', 'stream', new StreamValue(), 1500);
    ks.put('forever', 'string', '1', null);
    ks.readyKeys.clear();
    expect(ks.lookup('a')?.value).toBe('1');
    now = 1500;
    expect(ks.lookup('a')).toBeUndefined();
    expect(ks.sweep()).toBe(1);
    expect(ks.size).toBe(1);
    expect([...ks.readyKeys]).toEqual(['s']);
  });

  it('SCAN cursors return every key that exists throughout exactly once, despite changes', () => {
    const ks = new Keyspace(() => 0);
    for (let i = 0; i < 50; i++) ks.put(`k${i}`, 'string', 'v', null);
    const seen: string[] = [];
    let cursor = 0;
    let round = 0;
    do {
      const step = ks.scan(cursor, 7, () => true);
      seen.push(...step.keys);
      cursor = step.next;
      // Churn during the scan: delete one not yet seen, add new ones.
      ks.delete(`k${49 - round}`);
      ks.put(`new${round++}`, 'string', 'v', null);
    } while (cursor !== 0);
    const survivors = Array.from({ length: 50 }, (_, i) => `k${i}`).filter((k) => ks.lookup(k));
    for (const k of survivors) expect(seen.filter((s) => s === k)).toHaveLength(1);
  });

  it('WRONGTYPE when a key holds another type', () => {
    const ks = new Keyspace(() => 0);
    ks.put('a', 'string', '1', null);
    expect(() => ks.read('a', 'hash')).toThrow(/^WRONGTYPE/);
  });
});

describe('stream ids', () => {
  it('parses ids and interval bounds as Redis does', () => {
    expect(parseId('5')).toEqual({ ms: 5n, seq: 0n });
    expect(parseId('5-3')).toEqual({ ms: 5n, seq: 3n });
    expect(() => parseId('5-')).toThrow(/Invalid stream ID/);
    expect(parseRangeBound('(5-3', true)).toEqual({ ms: 5n, seq: 4n });
    expect(parseRangeBound('5', false)).toEqual({ ms: 5n, seq: 2n ** 64n - 1n });
    expect(parseRangeBound('(0-0', false)).toBeNull();
  });

  it('generates increasing ids for *, also when the clock goes back', () => {
    const s = new StreamValue();
    const a = s.add('*', ['f', 'v'], 2000);
    const b = s.add('*', ['f', 'v'], 1000);
    expect(a).toEqual({ ms: 2000n, seq: 0n });
    expect(b).toEqual({ ms: 2000n, seq: 1n });
  });
});
