// Generic key commands, strings, hashes and sets.
import type { CommandContext, CommandTable } from './command-types.ts';
import { globMatch } from './glob-pattern.ts';
import type { TypeName } from './keyspace.ts';
import { errors, OK, parseInteger, ReplyError, StatusReply, type Reply } from './reply.ts';

const upper = (s: string) => s.toUpperCase();

function expireCommand(unitMs: number, absolute: boolean) {
  return (ctx: CommandContext, [key, amount, ...flags]: string[]): Reply => {
    const n = parseInteger(amount);
    const at = absolute ? n * unitMs : ctx.now + n * unitMs;
    let nx = false;
    let xx = false;
    let gt = false;
    let lt = false;
    for (const f of flags.map(upper)) {
      if (f === 'NX') nx = true;
      else if (f === 'XX') xx = true;
      else if (f === 'GT') gt = true;
      else if (f === 'LT') lt = true;
      else throw new ReplyError(`ERR Unsupported option ${f}`);
    }
    if ((nx && (xx || gt || lt)) || (gt && lt)) {
      throw new ReplyError('ERR NX and XX, GT or LT options at the same time are not compatible');
    }
    const entry = ctx.db.lookup(key);
    if (!entry) return 0;
    const current = entry.expiresAt;
    if (nx && current !== null) return 0;
    if (xx && current === null) return 0;
    if (gt && (current === null || at <= current)) return 0;
    if (lt && current !== null && at >= current) return 0;
    if (at <= ctx.now) ctx.db.delete(key);
    else ctx.db.setExpiry(key, at);
    return 1;
  };
}

function ttlCommand(inMs: boolean) {
  return (ctx: CommandContext, [key]: string[]): Reply => {
    const entry = ctx.db.lookup(key);
    if (!entry) return -2;
    if (entry.expiresAt === null) return -1;
    const ms = Math.max(0, entry.expiresAt - ctx.now);
    return inMs ? ms : Math.floor((ms + 500) / 1000);
  };
}

function incrBy(ctx: CommandContext, key: string, by: number): number {
  const current = ctx.db.read(key, 'string');
  let n = 0;
  if (current !== undefined) {
    try {
      n = parseInteger(current);
    } catch {
      throw errors.notInteger();
    }
  }
  const result = n + by;
  if (!Number.isSafeInteger(result)) throw new ReplyError('ERR increment or decrement would overflow');
  const entry = ctx.db.lookup(key);
  if (entry) entry.value = String(result);
  else ctx.db.put(key, 'string', String(result), null);
  return result;
}

function hash(ctx: CommandContext, key: string) {
  return ctx.db.read(key, 'hash');
}

function hashSet(ctx: CommandContext, key: string, pairs: string[], name: string): number {
  if (pairs.length === 0 || pairs.length % 2 !== 0) throw errors.arity(name);
  const h = ctx.db.write(key, 'hash', () => new Map());
  let added = 0;
  for (let i = 0; i < pairs.length; i += 2) {
    if (!h.has(pairs[i])) added++;
    h.set(pairs[i], pairs[i + 1]);
  }
  return added;
}

const TYPE_NAMES = new Set<TypeName>(['string', 'hash', 'set', 'zset', 'stream']);

export const keyspaceCommands: CommandTable = {
  // --- keys ---
  del: { arity: -2, run: (ctx, keys) => keys.filter((k) => ctx.db.lookup(k) !== undefined && ctx.db.delete(k)).length },
  unlink: { arity: -2, run: (ctx, keys) => keys.filter((k) => ctx.db.lookup(k) !== undefined && ctx.db.delete(k)).length },
  exists: { arity: -2, run: (ctx, keys) => keys.filter((k) => ctx.db.lookup(k) !== undefined).length },
  expire: { arity: -3, run: expireCommand(1000, false) },
  pexpire: { arity: -3, run: expireCommand(1, false) },
  expireat: { arity: -3, run: expireCommand(1000, true) },
  pexpireat: { arity: -3, run: expireCommand(1, true) },
  ttl: { arity: 2, run: ttlCommand(false) },
  pttl: { arity: 2, run: ttlCommand(true) },
  persist: {
    arity: 2,
    run: (ctx, [key]) => {
      const entry = ctx.db.lookup(key);
      if (!entry || entry.expiresAt === null) return 0;
      ctx.db.setExpiry(key, null);
      return 1;
    },
  },
  type: { arity: 2, run: (ctx, [key]) => new StatusReply(ctx.db.lookup(key)?.type ?? 'none') },
  keys: {
    arity: 2,
    run: (ctx, [pattern]) => {
      const out: string[] = [];
      for (const [key] of ctx.db.keys()) if (pattern === '*' || globMatch(pattern, key)) out.push(key);
      return out;
    },
  },
  scan: {
    arity: -2,
    run: (ctx, [cursorText, ...opts]) => {
      if (!/^[0-9]+$/.test(cursorText)) throw new ReplyError('ERR invalid cursor');
      const cursor = Number(cursorText);
      let pattern: string | null = null;
      let count = 10;
      let type: string | null = null;
      for (let i = 0; i < opts.length; i++) {
        const o = upper(opts[i]);
        const v = opts[i + 1];
        if (v === undefined) throw errors.syntax();
        if (o === 'MATCH') pattern = v;
        else if (o === 'COUNT') {
          count = parseInteger(v);
          if (count < 1) throw errors.syntax();
        } else if (o === 'TYPE') type = v.toLowerCase();
        else throw errors.syntax();
        i++;
      }
      if (type !== null && !TYPE_NAMES.has(type as TypeName)) type = '\u0000none';
      const { next, keys } = ctx.db.scan(
        cursor,
        count,
        (key, entry) => (pattern === null || pattern === '*' || globMatch(pattern, key)) && (type === null || entry.type === type),
      );
      return [String(next), keys];
    },
  },
  dbsize: { arity: 1, run: (ctx) => [...ctx.db.keys()].length },
  flushdb: {
    arity: -1,
    run: (ctx) => {
      ctx.db.flush();
      return OK;
    },
  },
  flushall: {
    arity: -1,
    run: (ctx) => {
      for (const db of ctx.engine.databases) db.flush();
      return OK;
    },
  },

  // --- strings ---
  get: { arity: 2, run: (ctx, [key]) => ctx.db.read(key, 'string') ?? null },
  mget: {
    arity: -2,
    run: (ctx, keys) =>
      keys.map((k) => {
        const e = ctx.db.lookup(k);
        return e && e.type === 'string' ? (e.value as string) : null;
      }),
  },
  set: {
    arity: -3,
    run: (ctx, [key, value, ...opts]) => {
      let nx = false;
      let xx = false;
      let get = false;
      let keepTtl = false;
      let expiresAt: number | null = null;
      let expirySet = false;
      for (let i = 0; i < opts.length; i++) {
        const o = upper(opts[i]);
        if (o === 'NX' && !xx) nx = true;
        else if (o === 'XX' && !nx) xx = true;
        else if (o === 'GET') get = true;
        else if (o === 'KEEPTTL' && !expirySet) keepTtl = true;
        else if ((o === 'EX' || o === 'PX' || o === 'EXAT' || o === 'PXAT') && !keepTtl && !expirySet && opts[i + 1] !== undefined) {
          const n = parseInteger(opts[++i]);
          if (n <= 0) throw new ReplyError("ERR invalid expire time in 'set' command");
          expiresAt = o === 'EX' ? ctx.now + n * 1000 : o === 'PX' ? ctx.now + n : o === 'EXAT' ? n * 1000 : n;
          expirySet = true;
        } else throw errors.syntax();
      }
      const existing = ctx.db.lookup(key);
      let old: string | null = null;
      if (get && existing) {
        if (existing.type !== 'string') throw errors.wrongType();
        old = existing.value as string;
      }
      if ((nx && existing) || (xx && !existing)) return get ? old : null;
      const keep = keepTtl && existing ? existing.expiresAt : null;
      ctx.db.put(key, 'string', value, expirySet ? expiresAt : keep);
      return get ? old : OK;
    },
  },
  incr: { arity: 2, run: (ctx, [key]) => incrBy(ctx, key, 1) },
  decr: { arity: 2, run: (ctx, [key]) => incrBy(ctx, key, -1) },
  incrby: { arity: 3, run: (ctx, [key, by]) => incrBy(ctx, key, parseInteger(by)) },
  decrby: { arity: 3, run: (ctx, [key, by]) => incrBy(ctx, key, -parseInteger(by)) },

  // --- hashes ---
  hset: { arity: -4, run: (ctx, [key, ...pairs]) => hashSet(ctx, key, pairs, 'hset') },
  hmset: {
    arity: -4,
    run: (ctx, [key, ...pairs]) => {
      hashSet(ctx, key, pairs, 'hmset');
      return OK;
    },
  },
  hsetnx: {
    arity: 4,
    run: (ctx, [key, field, value]) => {
      const h = ctx.db.write(key, 'hash', () => new Map());
      if (h.has(field)) return 0;
      h.set(field, value);
      return 1;
    },
  },
  hget: { arity: 3, run: (ctx, [key, field]) => hash(ctx, key)?.get(field) ?? null },
  hmget: {
    arity: -3,
    run: (ctx, [key, ...fields]) => {
      const h = hash(ctx, key);
      return fields.map((f) => h?.get(f) ?? null);
    },
  },
  hgetall: { arity: 2, run: (ctx, [key]) => [...(hash(ctx, key) ?? new Map<string, string>())].flat() },
  hkeys: { arity: 2, run: (ctx, [key]) => [...(hash(ctx, key)?.keys() ?? [])] },
  hvals: { arity: 2, run: (ctx, [key]) => [...(hash(ctx, key)?.values() ?? [])] },
  hlen: { arity: 2, run: (ctx, [key]) => hash(ctx, key)?.size ?? 0 },
  hexists: { arity: 3, run: (ctx, [key, field]) => (hash(ctx, key)?.has(field) ? 1 : 0) },
  hincrby: {
    arity: 4,
    run: (ctx, [key, field, by]) => {
      const delta = parseInteger(by);
      const h = ctx.db.write(key, 'hash', () => new Map());
      const current = h.get(field);
      let n = 0;
      if (current !== undefined) {
        try {
          n = parseInteger(current);
        } catch {
          throw new ReplyError('ERR hash value is not an integer');
        }
      }
      const result = n + delta;
      if (!Number.isSafeInteger(result)) throw new ReplyError('ERR increment or decrement would overflow');
      h.set(field, String(result));
      return result;
    },
  },
  hdel: {
    arity: -3,
    run: (ctx, [key, ...fields]) => {
      const h = hash(ctx, key);
      if (!h) return 0;
      const removed = fields.filter((f) => h.delete(f)).length;
      ctx.db.dropIfEmpty(key);
      return removed;
    },
  },

  // --- sets ---
  sadd: {
    arity: -3,
    run: (ctx, [key, ...members]) => {
      const s = ctx.db.write(key, 'set', () => new Set());
      let added = 0;
      for (const m of members) {
        if (!s.has(m)) {
          s.add(m);
          added++;
        }
      }
      return added;
    },
  },
  srem: {
    arity: -3,
    run: (ctx, [key, ...members]) => {
      const s = ctx.db.read(key, 'set');
      if (!s) return 0;
      const removed = members.filter((m) => s.delete(m)).length;
      ctx.db.dropIfEmpty(key);
      return removed;
    },
  },
  sismember: { arity: 3, run: (ctx, [key, member]) => (ctx.db.read(key, 'set')?.has(member) ? 1 : 0) },
  smembers: { arity: 2, run: (ctx, [key]) => [...(ctx.db.read(key, 'set') ?? [])] },
  scard: { arity: 2, run: (ctx, [key]) => ctx.db.read(key, 'set')?.size ?? 0 },
};

