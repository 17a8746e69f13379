// Sorted set commands.
import type { CommandContext, CommandTable } from './command-types.ts';
import { errors, formatDouble, parseFloatArg, parseInteger, ReplyError, type Reply } from './reply.ts';
import { SortedSet, type ScoredMember } from './sorted-set.ts';

interface ScoreBound {
  value: number;
  exclusive: boolean;
}

function parseScoreBound(text: string): ScoreBound {
  const exclusive = text.startsWith('(');
  const value = parseFloatArg(exclusive ? text.slice(1) : text, () => new ReplyError('ERR min or max is not a float'));
  return { value, exclusive };
}

/** Resolves Redis rank arguments (negative = from the end) to an inclusive [start, stop] or null. */
function rankRange(size: number, startText: string, stopText: string): [number, number] | null {
  let start = parseInteger(startText);
  let stop = parseInteger(stopText);
  if (start < 0) start += size;
  if (stop < 0) stop += size;
  if (start < 0) start = 0;
  if (start > stop || start >= size) return null;
  if (stop >= size) stop = size - 1;
  return [start, stop];
}

function withScores(items: ScoredMember[], scores: boolean): string[] {
  return scores ? items.flatMap((i) => [i.member, formatDouble(i.score)]) : items.map((i) => i.member);
}

interface RangeOptions {
  byScore: boolean;
  rev: boolean;
  withScores: boolean;
  limit: { offset: number; count: number } | null;
}

function parseRangeOptions(opts: string[], allowed: { byScore: boolean; rev: boolean; limit: boolean }): RangeOptions {
  const o: RangeOptions = { byScore: false, rev: false, withScores: false, limit: null };
  for (let i = 0; i < opts.length; i++) {
    const w = opts[i].toUpperCase();
    if (w === 'WITHSCORES') o.withScores = true;
    else if (w === 'BYSCORE' && allowed.byScore) o.byScore = true;
    else if (w === 'REV' && allowed.rev) o.rev = true;
    else if (w === 'BYLEX' && allowed.byScore) throw errors.unsupported('ZRANGE ... BYLEX');
    else if (w === 'LIMIT' && allowed.limit && opts[i + 2] !== undefined) {
      o.limit = { offset: parseInteger(opts[i + 1]), count: parseInteger(opts[i + 2]) };
      i += 2;
    } else throw errors.syntax();
  }
  return o;
}

function rangeByScore(z: SortedSet, lowText: string, highText: string, o: RangeOptions): ScoredMember[] {
  const low = parseScoreBound(lowText);
  const high = parseScoreBound(highText);
  const from = z.lowerRank(low.value, low.exclusive);
  const to = z.upperRank(high.value, high.exclusive);
  let items = from < to ? z.slice(from, to - 1) : [];
  if (o.rev) items = items.reverse();
  if (o.limit) {
    if (o.limit.offset < 0) return [];
    items = items.slice(o.limit.offset, o.limit.count < 0 ? undefined : o.limit.offset + o.limit.count);
  }
  return items;
}

function zrange(ctx: CommandContext, key: string, a: string, b: string, o: RangeOptions): Reply {
  const z = ctx.db.read(key, 'zset');
  if (o.limit && !o.byScore) {
    throw new ReplyError('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX');
  }
  if (o.byScore) {
    if (!z) {
      parseScoreBound(a);
      parseScoreBound(b);
      return [];
    }
    // With REV the bounds come max first, as in ZREVRANGEBYSCORE.
    return withScores(o.rev ? rangeByScore(z, b, a, o) : rangeByScore(z, a, b, o), o.withScores);
  }
  if (!z) {
    parseInteger(a);
    parseInteger(b);
    return [];
  }
  const r = rankRange(z.size, a, b);
  if (!r) return [];
  if (!o.rev) return withScores(z.slice(r[0], r[1]), o.withScores);
  const n = z.size;
  return withScores(z.slice(n - 1 - r[1], n - 1 - r[0]).reverse(), o.withScores);
}

export const sortedSetCommands: CommandTable = {
  zadd: {
    arity: -4,
    run: (ctx, [key, ...rest]) => {
      let nx = false;
      let xx = false;
      let gt = false;
      let lt = false;
      let ch = false;
      let incr = false;
      let i = 0;
      for (; i < rest.length; i++) {
        const w = rest[i].toUpperCase();
        if (w === 'NX') nx = true;
        else if (w === 'XX') xx = true;
        else if (w === 'GT') gt = true;
        else if (w === 'LT') lt = true;
        else if (w === 'CH') ch = true;
        else if (w === 'INCR') incr = true;
        else break;
      }
      const pairs = rest.slice(i);
      if (pairs.length === 0 || pairs.length % 2 !== 0) throw errors.syntax();
      if (nx && xx) throw new ReplyError('ERR XX and NX options at the same time are not compatible');
      if ((gt && nx) || (lt && nx) || (gt && lt)) {
        throw new ReplyError('ERR GT, LT, and/or NX options at the same time are not compatible');
      }
      if (incr && pairs.length > 2) throw new ReplyError('ERR INCR option supports a single increment-element pair');
      const scores = pairs.filter((_, j) => j % 2 === 0).map((s) => parseFloatArg(s));
      let z = ctx.db.read(key, 'zset');
      if (!z) {
        if (xx) return incr ? null : 0;
        z = ctx.db.write(key, 'zset', () => new SortedSet());
      }
      let added = 0;
      let changed = 0;
      let incrResult: number | null = null;
      for (let j = 0; j < scores.length; j++) {
        const member = pairs[2 * j + 1];
        const old = z.score(member);
        let score = scores[j];
        if (old === undefined) {
          if (xx) continue;
        } else {
          if (nx) continue;
          if (incr) {
            score = old + score;
            if (Number.isNaN(score)) throw new ReplyError('ERR resulting score is not a number (NaN)');
          }
          if ((gt && score <= old) || (lt && score >= old)) continue;
        }
        incrResult = score;
        if (z.set(member, score)) added++;
        else if (old !== score) changed++;
      }
      ctx.db.dropIfEmpty(key);
      if (incr) return incrResult === null ? null : formatDouble(incrResult);
      return ch ? added + changed : added;
    },
  },
  zcard: { arity: 2, run: (ctx, [key]) => ctx.db.read(key, 'zset')?.size ?? 0 },
  zscore: {
    arity: 3,
    run: (ctx, [key, member]) => {
      const s = ctx.db.read(key, 'zset')?.score(member);
      return s === undefined ? null : formatDouble(s);
    },
  },
  zrem: {
    arity: -3,
    run: (ctx, [key, ...members]) => {
      const z = ctx.db.read(key, 'zset');
      if (!z) return 0;
      const removed = members.filter((m) => z.delete(m)).length;
      ctx.db.dropIfEmpty(key);
      return removed;
    },
  },
  zrange: {
    arity: -4,
    run: (ctx, [key, a, b, ...opts]) => zrange(ctx, key, a, b, parseRangeOptions(opts, { byScore: true, rev: true, limit: true })),
  },
  zrevrange: {
    arity: -4,
    run: (ctx, [key, a, b, ...opts]) => zrange(ctx, key, a, b, { ...parseRangeOptions(opts, { byScore: false, rev: false, limit: false }), rev: true }),
  },
  zrangebyscore: {
    arity: -4,
    run: (ctx, [key, min, max, ...opts]) =>
      zrange(ctx, key, min, max, { ...parseRangeOptions(opts, { byScore: false, rev: false, limit: true }), byScore: true }),
  },
  zrevrangebyscore: {
    arity: -4,
    run: (ctx, [key, max, min, ...opts]) =>
      zrange(ctx, key, max, min, { ...parseRangeOptions(opts, { byScore: false, rev: false, limit: true }), byScore: true, rev: true }),
  },
  zremrangebyrank: {
    arity: 4,
    run: (ctx, [key, a, b]) => {
      const z = ctx.db.read(key, 'zset');
      if (!z) {
        parseInteger(a);
        parseInteger(b);
        return 0;
      }
      const r = rankRange(z.size, a, b);
      if (!r) return 0;
      const removed = z.removeRanks(r[0], r[1]);
      ctx.db.dropIfEmpty(key);
      return removed;
    },
  },
  zrank: {
    arity: 3,
    run: (ctx, [key, member]) => ctx.db.read(key, 'zset')?.rank(member) ?? null,
  },
};
