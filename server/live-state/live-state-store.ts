// Redis access for the live state: applying a batch's effects (atomically with the stream ack),
// and reading the whole state or the parts that changed.
import type { Redis } from 'ioredis';
import {
  MINUTE_BUCKETS,
  RECENT_COMPLAINTS_LIMIT,
  newestFirst,
  type KecamatanLive,
  type Kpi,
  type LiveState,
  type MinuteBucket,
  type MonitorLive,
  type OpdLive,
  type PublicComplaint,
} from '../../shared/protocol.ts';
import { DAY_BUCKET_TTL_SECONDS, MINUTE_BUCKET_TTL_SECONDS, type LiveKeys } from './live-keys.ts';
import type { LiveEffects } from './live-effects.ts';

/** The message announced on the delta bus after effects were applied. */
export interface ChangeAnnouncement {
  changed: string[];
  complaints: string[];
  /** Set when the whole live state was replaced (rebuild): every client needs a new snapshot. */
  rebuilt?: boolean;
}

// Applies effects only if the stream entry was still pending (XACK returns 1), so a batch that
// two consumers raced on, or that a rebuild already counted, is never counted twice.
// Returns -1 when the live state is not built yet (caller retries), 0 when the entry was already
// acknowledged, 2 when the rebuild already counted this batch, 1 when applied.
export const APPLY_EFFECTS_LUA = `
local base = ARGV[5]
if redis.call('EXISTS', ARGV[11]) == 0 then return -1 end
if ARGV[1] ~= '' then
  if redis.call('XACK', ARGV[1], ARGV[2], ARGV[3]) == 0 then return 0 end
end
if redis.call('SISMEMBER', ARGV[12], ARGV[4]) == 1 then return 2 end
local e = cjson.decode(ARGV[6])
for part, fields in pairs(e.incr) do
  local key = base .. part
  for f, d in pairs(fields) do redis.call('HINCRBY', key, f, d) end
  local kind = string.sub(part, 1, 4)
  if kind == 'day:' then redis.call('EXPIRE', key, ARGV[8])
  elseif kind == 'min:' then redis.call('EXPIRE', key, ARGV[9]) end
end
for _, m in ipairs(e.monitors) do
  local cur = tonumber(redis.call('HGET', base .. 'monitors:v', m.code) or '-1')
  if m.v > cur then
    redis.call('HSET', base .. 'monitors', m.code, m.json)
    redis.call('HSET', base .. 'monitors:v', m.code, m.v)
  end
end
local recent = base .. 'recent'
for _, c in ipairs(e.complaints) do
  if c.isNew or redis.call('ZSCORE', recent, c.id) then
    local cur = tonumber(redis.call('HGET', recent .. ':v', c.id) or '-1')
    if c.v > cur then
      redis.call('ZADD', recent, c.score, c.id)
      redis.call('HSET', recent .. ':data', c.id, c.json)
      redis.call('HSET', recent .. ':v', c.id, c.v)
    end
  end
end
local n = redis.call('ZCARD', recent)
local limit = tonumber(ARGV[7])
if n > limit then
  local old = redis.call('ZRANGE', recent, 0, n - limit - 1)
  redis.call('ZREMRANGEBYRANK', recent, 0, n - limit - 1)
  for _, id in ipairs(old) do
    redis.call('HDEL', recent .. ':data', id)
    redis.call('HDEL', recent .. ':v', id)
  end
end
redis.call('PUBLISH', ARGV[10], ARGV[13])
return 1
`;

export type ApplyResult = 'applied' | 'already-acked' | 'counted-by-rebuild' | 'not-ready';

export interface StreamEntryRef {
  stream: string;
  group: string;
  entryId: string;
}

export class LiveStateStore {
  constructor(
    private readonly redis: Redis,
    readonly keys: LiveKeys,
  ) {}

  async applyEffects(effects: LiveEffects, batchId: string, entry: StreamEntryRef | null): Promise<ApplyResult> {
    const payload = {
      incr: effects.incr,
      monitors: effects.monitors.map((m) => ({ code: m.value.code, v: m.version, json: JSON.stringify(m.value) })),
      complaints: effects.complaints.map((c) => ({
        id: c.value.id,
        v: c.version,
        isNew: c.isNew,
        score: Date.parse(c.value.submittedAt),
        json: JSON.stringify(c.value),
      })),
    };
    const announcement: ChangeAnnouncement = { changed: effects.changed, complaints: effects.complaints.map((c) => c.value.id) };
    const result = (await this.redis.eval(
      APPLY_EFFECTS_LUA,
      0,
      entry?.stream ?? '',
      entry?.group ?? '',
      entry?.entryId ?? '',
      batchId,
      this.keys.base,
      // cjson turns an empty JS object into an empty table either way; keep `incr` an object.
      JSON.stringify(payload),
      RECENT_COMPLAINTS_LIMIT,
      DAY_BUCKET_TTL_SECONDS,
      MINUTE_BUCKET_TTL_SECONDS,
      this.keys.changedChannel,
      this.keys.ready,
      this.keys.rebuiltBatches,
      JSON.stringify(announcement),
    )) as number;
    switch (result) {
      case 1:
        return 'applied';
      case 0:
        return 'already-acked';
      case 2:
        return 'counted-by-rebuild';
      default:
        return 'not-ready';
    }
  }

  async isReady(): Promise<boolean> {
    return (await this.redis.exists(this.keys.ready)) === 1;
  }

  async announce(message: ChangeAnnouncement): Promise<void> {
    await this.redis.publish(this.keys.changedChannel, JSON.stringify(message));
  }

  /** Reads the whole live state in one MULTI, so every part comes from the same instant. */
  async readState(context: ReadContext): Promise<LiveRead<LiveState>> {
    const read = await this.readParts(context, { all: true, kecamatan: [], opd: [], monitors: [], complaints: [] });
    return { state: read.state as LiveState, builtAt: read.builtAt };
  }

  /**
   * Reads the named parts (or all) in one MULTI, with the `ready` marker of the same instant: a
   * reader can tell a state that is not built yet (Redis lost its data) and notice a rebuild
   * even when it missed the announcement.
   */
  async readParts(context: ReadContext, want: PartRequest): Promise<LiveRead<Partial<LiveState>>> {
    const k = this.keys;
    const m = this.redis.multi();
    let builtAt: string | null = null;
    const kecCodes = want.all ? context.kecamatanCodes : want.kecamatan;
    const opdCodes = want.all ? context.opdCodes : want.opd;
    const window = minuteRange(context.now, MINUTE_BUCKETS);
    // A delta needs only the buckets it carries (see changedMinutes), not the whole hour.
    const announced = new Set(want.minuteBuckets ?? []);
    const minutes = want.all ? window : window.filter((m, i) => carriesMinute(i, window.length, m, announced));
    const plan: ((reply: unknown, out: Partial<LiveState>) => void)[] = [];

    m.get(k.ready);
    plan.push((r) => {
      builtAt = r as string | null;
    });

    if (want.all || want.kpi) {
      m.hgetall(k.kpi);
      plan.push((r, out) => {
        out.kpi = { ...(out.kpi as Kpi), ...kpiFromHash(r as Record<string, string>, context.day) };
      });
      m.hgetall(k.day(context.day));
      plan.push((r, out) => {
        const h = r as Record<string, string>;
        out.kpi = {
          ...(out.kpi as Kpi),
          complaintsToday: int(h.complaints),
          uploadsToday: int(h.uploads),
          uploadsOnTimeToday: int(h.uploadsOnTime),
        };
      });
    }
    if (want.all) {
      m.hgetall(k.recentData);
      plan.push((r, out) => {
        const data = r as Record<string, string>;
        out.complaints = Object.values(data)
          .map((json) => JSON.parse(json) as PublicComplaint)
          .sort(newestFirst)
          .slice(0, RECENT_COMPLAINTS_LIMIT);
      });
      m.hgetall(k.monitors);
      plan.push((r, out) => {
        out.monitors = Object.fromEntries(Object.entries(r as Record<string, string>).map(([code, json]) => [code, JSON.parse(json) as MonitorLive]));
      });
    } else {
      if (want.complaints.length) {
        m.hmget(k.recentData, ...want.complaints);
        plan.push((r, out) => {
          out.complaints = (r as (string | null)[])
            .filter((j): j is string => j !== null)
            .map((j) => JSON.parse(j) as PublicComplaint)
            .sort(newestFirst);
        });
      }
      if (want.monitors.length) {
        m.hmget(k.monitors, ...want.monitors);
        plan.push((r, out) => {
          const values = r as (string | null)[];
          out.monitors = Object.fromEntries(
            want.monitors.flatMap((code, i) => (values[i] ? [[code, JSON.parse(values[i] as string) as MonitorLive]] : [])),
          );
        });
      }
    }
    for (const code of kecCodes) {
      m.hgetall(k.kecamatan(code));
      plan.push((r, out) => {
        const h = r as Record<string, string>;
        (out.kecamatan ??= {})[code] = { code, open: int(h.open), overdue: int(h.overdue) } satisfies KecamatanLive;
      });
    }
    for (const code of opdCodes) {
      m.hgetall(k.opd(code));
      plan.push((r, out) => {
        (out.opd ??= {})[code] = opdFromHash(code, r as Record<string, string>);
      });
    }
    if (want.all || want.minutes) {
      for (const minute of minutes) {
        m.hgetall(k.minute(minute));
        plan.push((r, out) => {
          const h = r as Record<string, string>;
          (out.minutes ??= []).push({
            t: new Date(minute * 60_000).toISOString(),
            complaints: int(h.complaints),
            uploads: int(h.uploads),
            heartbeats: int(h.heartbeats),
          } satisfies MinuteBucket);
        });
      }
    }
    const replies = (await m.exec()) ?? [];
    const out: Partial<LiveState> = {};
    replies.forEach(([err, reply], i) => {
      if (err) throw err;
      plan[i](reply, out);
    });
    if (want.all) {
      out.kecamatan ??= {};
      out.opd ??= {};
      out.minutes ??= [];
      out.complaints ??= [];
      out.monitors ??= {};
    }
    return { state: out, builtAt };
  }
}

export interface LiveRead<T> {
  state: T;
  /** When the live state was last built from Postgres; null while it is not built. */
  builtAt: string | null;
}

export interface ReadContext {
  now: Date;
  /** The WIB date "today" refers to. */
  day: string;
  kecamatanCodes: string[];
  opdCodes: string[];
}

export interface PartRequest {
  all?: boolean;
  kpi?: boolean;
  minutes?: boolean;
  /** Epoch minutes announced as changed (besides the current minute and the one before). */
  minuteBuckets?: number[];
  kecamatan: string[];
  opd: string[];
  monitors: string[];
  complaints: string[];
}

function int(v: string | undefined | null): number {
  return v ? Number.parseInt(v, 10) || 0 : 0;
}

function kpiFromHash(h: Record<string, string>, day: string): Kpi {
  return {
    day,
    complaintsToday: 0,
    complaintsOpen: Math.max(0, int(h.complaintsOpen)),
    complaintsOverdue: Math.max(0, int(h.complaintsOverdue)),
    uploadsToday: 0,
    uploadsOnTimeToday: 0,
    servicesUp: Math.max(0, int(h.servicesUp)),
    servicesDown: Math.max(0, int(h.servicesDown)),
    servicesTotal: Math.max(0, int(h.servicesTotal)),
  };
}

/**
 * An OPD's hash: `open` moves with every complaint event; `overdue`, `servicesDown`,
 * `servicesTotal` and the `rates` JSON are written by the timeliness refresher.
 */
function opdFromHash(code: string, h: Record<string, string>): OpdLive {
  const rates = h.rates ? (JSON.parse(h.rates) as Pick<OpdLive, 'complaintsOnTime' | 'uploadsOnTime'>) : null;
  const empty = emptyOpdLive(code);
  return {
    code,
    complaintsOpen: Math.max(0, int(h.open)),
    complaintsOverdue: int(h.overdue),
    complaintsOnTime: rates?.complaintsOnTime ?? empty.complaintsOnTime,
    uploadsOnTime: rates?.uploadsOnTime ?? empty.uploadsOnTime,
    servicesDown: int(h.servicesDown),
    servicesTotal: int(h.servicesTotal),
  };
}

export function emptyOpdLive(code: string): OpdLive {
  return {
    code,
    complaintsOpen: 0,
    complaintsOverdue: 0,
    complaintsOnTime: { numerator: 0, denominator: 0, rate: null },
    uploadsOnTime: { numerator: 0, denominator: 0, rate: null },
    servicesDown: 0,
    servicesTotal: 0,
  };
}

/**
 * The buckets a delta carries: the current minute and the one before (a new minute starts, the
 * last one closes) plus any announced as changed, e.g. by an event that arrived late.
 */
export function changedMinutes(window: MinuteBucket[], changed: ReadonlySet<number>): MinuteBucket[] {
  return window.filter((m, i) => carriesMinute(i, window.length, Date.parse(m.t) / 60_000, changed));
}

const carriesMinute = (index: number, windowLength: number, epochMinute: number, changed: ReadonlySet<number>) =>
  index >= windowLength - 2 || changed.has(epochMinute);

/** Epoch minutes of the last `count` minutes up to and including `now`'s minute, oldest first. */
export function minuteRange(now: Date, count: number): number[] {
  const current = Math.floor(now.getTime() / 60_000);
  return Array.from({ length: count }, (_, i) => current - count + 1 + i);
}
