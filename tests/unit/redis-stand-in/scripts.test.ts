// EVAL / EVALSHA / SCRIPT run registered JS twins; anything else is refused with an error that
// names the problem.
import { describe, expect, it } from 'vitest';
import { registerScriptImplementation } from '../../../server/infra/redis-stand-in/index.ts';
import { scriptSha } from '../../../server/infra/redis-stand-in/script-registry.ts';
import { errorOf, uniquePrefix, useStandIn } from './stand-in-fixture.ts';

const fixture = useStandIn();

const COUNT_AND_ECHO_LUA = `
-- test script: increments KEYS[1] by ARGV[1] and echoes ARGV[2]
local n = redis.call('INCRBY', KEYS[1], ARGV[1])
return {n, ARGV[2], redis.call('GET', 'no-such-key-' .. KEYS[1]), 'tail'}
`;
registerScriptImplementation(COUNT_AND_ECHO_LUA, (redis, keys, args) => {
  const n = redis.call('INCRBY', keys[0], args[0]);
  return [n, args[1], redis.call('GET', `no-such-key-${keys[0]}`), 'tail'];
});

const SHAPES_LUA = `-- test script: reply conversions`;
registerScriptImplementation(SHAPES_LUA, (redis, _keys, args) => {
  switch (args[0]) {
    case 'float':
      return 3.99;
    case 'true':
      return true;
    case 'false':
      return false;
    case 'status':
      return redis.call('SET', `${args[1]}s`, 'v');
    case 'error':
      return { err: 'MYERR custom failure' };
    case 'nil-in-array':
      return [1, undefined, 3];
    case 'wrongtype':
      redis.call('SET', `${args[1]}w`, 'v');
      return redis.call('HGET', `${args[1]}w`, 'f');
    case 'pcall': {
      redis.call('SET', `${args[1]}w`, 'v');
      const caught = redis.pcall('HGET', `${args[1]}w`, 'f') as { err: string };
      return ['caught', caught.err];
    }
    case 'blocked-command':
      return redis.call('SUBSCRIBE', 'x');
    default:
      throw new Error('boom');
  }
});

describe('scripts', () => {
  it('EVAL runs the registered twin with KEYS and ARGV (UTF-8 intact)', async () => {
    const k = uniquePrefix('eval');
    const r = fixture.client();
    expect(await r.eval(COUNT_AND_ECHO_LUA, 1, `${k}n`, 5, 'Medan ✓')).toEqual([5, 'Medan ✓', null, 'tail']);
    expect(await r.eval(COUNT_AND_ECHO_LUA, 1, `${k}n`, 2, 'x')).toEqual([7, 'x', null, 'tail']);
  });

  it('EVALSHA needs the script loaded first (NOSCRIPT, as ioredis expects), then works', async () => {
    const k = uniquePrefix('evalsha');
    const r = fixture.client();
    const sha = scriptSha(SHAPES_LUA);
    expect(await errorOf(() => r.evalsha(sha, 0, 'float'))).toMatch(/^NOSCRIPT/);
    expect(await r.script('EXISTS', sha)).toEqual([0]);
    expect(await r.script('LOAD', SHAPES_LUA)).toBe(sha);
    expect(await r.script('EXISTS', sha, 'f'.repeat(40))).toEqual([1, 0]);
    expect(await r.evalsha(sha, 0, 'float')).toBe(3);
    expect(await r.evalsha(sha, 0, 'status', k)).toBe('OK');
  });

  it('works through ioredis defineCommand (EVALSHA with fallback to EVAL)', async () => {
    const k = uniquePrefix('define');
    const r = fixture.client();
    await r.script('FLUSH');
    r.defineCommand('countAndEcho', { numberOfKeys: 1, lua: COUNT_AND_ECHO_LUA });
    const run = (r as unknown as { countAndEcho(key: string, by: number, echo: string): Promise<unknown> }).countAndEcho.bind(r);
    expect(await run(`${k}n`, 1, 'a')).toEqual([1, 'a', null, 'tail']);
    expect(await run(`${k}n`, 1, 'b')).toEqual([2, 'b', null, 'tail']);
  });

  it('converts replies the way Redis converts Lua values', async () => {
    const k = uniquePrefix('shapes');
    const r = fixture.client();
    const shapes = (...args: string[]) => r.eval(SHAPES_LUA, 0, ...args);
    expect(await shapes('true')).toBe(1);
    expect(await shapes('false')).toBeNull();
    expect(await shapes('nil-in-array')).toEqual([1]);
    expect(await errorOf(() => shapes('error'))).toBe('MYERR custom failure');
    expect(await errorOf(() => shapes('wrongtype', k))).toMatch(/^WRONGTYPE/);
    expect(await shapes('pcall', k)).toEqual(['caught', 'WRONGTYPE Operation against a key holding the wrong kind of value']);
  });

  it('refuses scripts without a twin, commands scripts may not run, and reports twin crashes', async () => {
    const r = fixture.client();
    const unknown = 'return redis.call("PING")';
    expect(await errorOf(() => r.eval(unknown, 0))).toContain(`cannot run this Lua script (sha1 ${scriptSha(unknown)})`);
    expect(await errorOf(() => r.script('LOAD', unknown))).toContain('register a JS twin');
    expect(await errorOf(() => r.eval(SHAPES_LUA, 0, 'blocked-command'))).toContain('not allowed from script');
    expect(await errorOf(() => r.eval(SHAPES_LUA, 0, 'crash'))).toContain('Error running script');
    expect(await errorOf(() => r.eval(SHAPES_LUA, 2, 'only-one'))).toContain("can't be greater");
  });
});
