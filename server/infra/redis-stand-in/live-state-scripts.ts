// JS twins of the live state's Lua scripts, for the in-process Redis stand-in. Each twin must do
// exactly what its Lua does, call for call (tests/unit/redis-stand-in/apply-effects-parity.test.ts
// runs both against real Redis and the stand-in and compares the resulting keys).
import { APPLY_EFFECTS_LUA } from '../../live-state/live-state-store.ts';
import { registerScriptImplementation, type ScriptValue } from './script-registry.ts';

/** The JSON in ARGV[6], as built by LiveStateStore.applyEffects. */
interface EffectsPayload {
  incr: Record<string, Record<string, number>>;
  monitors: { code: string; v: number; json: string }[];
  complaints: { id: string; v: number; isNew: boolean; score: number; json: string }[];
}

/** Lua's `tonumber(s)` followed by a numeric comparison: a non-number is an error there too. */
function luaNumber(value: ScriptValue): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (Number.isNaN(n)) throw new Error('attempt to compare number with nil');
  return n;
}

registerScriptImplementation(APPLY_EFFECTS_LUA, (redis, _keys, argv) => {
  const [stream, group, entryId, batchId, base, payload, limitText, dayTtl, minuteTtl, channel, readyKey, rebuiltKey, announcement] =
    argv;
  if (redis.call('EXISTS', readyKey) === 0) return -1;
  if (stream !== '') {
    if (redis.call('XACK', stream, group, entryId) === 0) return 0;
  }
  if (redis.call('SISMEMBER', rebuiltKey, batchId) === 1) return 2;
  const e = JSON.parse(payload) as EffectsPayload;
  for (const [part, fields] of Object.entries(e.incr)) {
    const key = base + part;
    for (const [f, d] of Object.entries(fields)) redis.call('HINCRBY', key, f, d);
    const kind = part.slice(0, 4);
    if (kind === 'day:') redis.call('EXPIRE', key, dayTtl);
    else if (kind === 'min:') redis.call('EXPIRE', key, minuteTtl);
  }
  for (const m of e.monitors) {
    const cur = luaNumber(redis.call('HGET', `${base}monitors:v`, m.code) ?? '-1');
    if (m.v > cur) {
      redis.call('HSET', `${base}monitors`, m.code, m.json);
      redis.call('HSET', `${base}monitors:v`, m.code, m.v);
    }
  }
  const recent = `${base}recent`;
  for (const c of e.complaints) {
    if (c.isNew || redis.call('ZSCORE', recent, c.id) !== null) {
      const cur = luaNumber(redis.call('HGET', `${recent}:v`, c.id) ?? '-1');
      if (c.v > cur) {
        redis.call('ZADD', recent, c.score, c.id);
        redis.call('HSET', `${recent}:data`, c.id, c.json);
        redis.call('HSET', `${recent}:v`, c.id, c.v);
      }
    }
  }
  const n = redis.call('ZCARD', recent) as number;
  const limit = Number(limitText);
  if (n > limit) {
    const old = redis.call('ZRANGE', recent, 0, n - limit - 1) as string[];
    redis.call('ZREMRANGEBYRANK', recent, 0, n - limit - 1);
    for (const id of old) {
      redis.call('HDEL', `${recent}:data`, id);
      redis.call('HDEL', `${recent}:v`, id);
    }
  }
  redis.call('PUBLISH', channel, announcement);
  return 1;
});
