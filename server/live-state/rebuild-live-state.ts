// Rebuilds the whole live state from Postgres (the source of truth), e.g. after Redis restarted
// empty. One node does it (a Redis lock); processors wait for the `ready` marker meanwhile.
// Batches the rebuild has already counted are listed so their late effects are not applied twice.
import type { Redis } from 'ioredis';
import { sql } from 'drizzle-orm';
import { RECENT_COMPLAINTS_LIMIT } from '../../shared/protocol.ts';
import { OPEN_COMPLAINT_STATUSES } from '../../shared/domain-constants.ts';
import { queryRows, type Database } from '../infra/database.ts';
import type { Logger } from '../infra/logger.ts';
import { DAY_BUCKET_TTL_SECONDS, MINUTE_BUCKET_TTL_SECONDS, type LiveKeys } from './live-keys.ts';
import { complaintSnapshotOf, publicComplaint } from './complaint-effects.ts';
import { monitorLive } from '../processors/heartbeat-processor.ts';
import * as t from '../../db/schema.ts';
import type { ChangeAnnouncement } from './live-state-store.ts';

const REBUILT_BATCH_WINDOW = '2 hours';

export async function rebuildLiveState(db: Database, redis: Redis, keys: LiveKeys, log: Logger): Promise<{ ms: number } | null> {
  const lockToken = `${process.pid}-${Date.now()}`;
  const locked = await redis.set(keys.rebuildLock, lockToken, 'PX', 120_000, 'NX');
  if (!locked) return null;
  const started = performance.now();
  try {
    const data = await db.transaction(
      async (tx) => {
        const open = sql.join(
          OPEN_COMPLAINT_STATUSES.map((s) => sql`${s}`),
          sql`, `,
        );
        const [totals] = await queryRows<{ open: string }>(tx, sql`select count(*)::text as open from complaints where status in (${open})`);
        const kec = await queryRows<{ code: string; open: string }>(
          tx,
          sql`select kecamatan_code as code, count(*)::text as open from complaints where status in (${open}) and kecamatan_code is not null group by 1`,
        );
        const opdOpen = await queryRows<{ code: string; open: string }>(
          tx,
          sql`select opd_code as code, count(*)::text as open from complaints where status in (${open}) and opd_code is not null group by 1`,
        );
        const days = await queryRows<{ day: string; kind: string; n: string }>(
          tx,
          sql`select (submitted_at at time zone 'Asia/Jakarta')::date::text as day, 'complaints' as kind, count(*)::text as n
                from complaints where submitted_at > now() - interval '4 days' and status <> 'duplicate' group by 1
              union all
              select (received_at at time zone 'Asia/Jakarta')::date::text, 'uploads', count(*)::text
                from upload_records where received_at > now() - interval '4 days' group by 1
              union all
              select (received_at at time zone 'Asia/Jakarta')::date::text, 'uploadsOnTime', count(*)::text
                from upload_records where received_at > now() - interval '4 days' and on_time group by 1`,
        );
        const minutes = await queryRows<{ minute: string; kind: string; n: string }>(
          tx,
          sql`select floor(extract(epoch from submitted_at) / 60)::bigint::text as minute, 'complaints' as kind, count(*)::text as n
                from complaints where submitted_at > now() - interval '2 hours' and status <> 'duplicate' group by 1
              union all
              select floor(extract(epoch from received_at) / 60)::bigint::text, 'uploads', count(*)::text
                from upload_records where received_at > now() - interval '2 hours' group by 1
              union all
              select floor(extract(epoch from at) / 60)::bigint::text, 'heartbeats', count(*)::text
                from check_results where at > now() - interval '2 hours' group by 1`,
        );
        const recent = await tx.select().from(t.complaints).orderBy(sql`submitted_at desc, id desc`).limit(RECENT_COMPLAINTS_LIMIT);
        const monitors = await tx.select().from(t.monitors).where(sql`active`);
        const incidents = await tx.select().from(t.incidents).where(sql`resolved_at is null`);
        const batches = await queryRows<{ batch_id: string }>(
          tx,
          sql`select batch_id from ingest_batches where processed_at > now() - interval '2 hours'`,
        );
        return { totals, kec, opdOpen, days, minutes, recent, monitors, incidents, batches };
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );

    const old = await scanKeys(redis, `${keys.base}*`);
    const m = redis.multi();
    const keep = new Set([keys.rebuildLock]);
    const toDelete = old.filter((k) => !keep.has(k));
    if (toDelete.length) m.unlink(...toDelete);
    const up = data.monitors.filter((x) => x.state === 'up').length;
    const down = data.monitors.filter((x) => x.state === 'down').length;
    m.hset(keys.kpi, {
      complaintsOpen: Number(data.totals?.open ?? 0),
      servicesUp: up,
      servicesDown: down,
      servicesTotal: data.monitors.length,
    });
    // Overdue counts and OPD rates are filled in by the timeliness refresher within seconds.
    for (const k of data.kec) m.hset(keys.kecamatan(k.code), { open: Number(k.open) });
    for (const o of data.opdOpen) m.hset(keys.opd(o.code), { open: Number(o.open) });
    for (const d of data.days) {
      m.hset(keys.day(d.day), d.kind, Number(d.n));
      m.expire(keys.day(d.day), DAY_BUCKET_TTL_SECONDS);
    }
    for (const x of data.minutes) {
      m.hset(keys.minute(Number(x.minute)), x.kind, Number(x.n));
      m.expire(keys.minute(Number(x.minute)), MINUTE_BUCKET_TTL_SECONDS);
    }
    for (const c of data.recent) {
      const pub = publicComplaint(complaintSnapshotOf(c));
      m.zadd(keys.recent, c.submittedAt.getTime(), c.id);
      m.hset(keys.recentData, c.id, JSON.stringify(pub));
      m.hset(`${keys.recent}:v`, c.id, c.version);
    }
    const incidentByMonitor = new Map(data.incidents.map((i) => [i.monitorId, i]));
    for (const mon of data.monitors) {
      m.hset(keys.monitors, mon.code, JSON.stringify(monitorLive(mon, incidentByMonitor.get(mon.id) ?? null)));
      m.hset(`${keys.monitors}:v`, mon.code, mon.version);
    }
    if (data.batches.length) {
      for (let i = 0; i < data.batches.length; i += 1000) m.sadd(keys.rebuiltBatches, ...data.batches.slice(i, i + 1000).map((b) => b.batch_id));
      m.expire(keys.rebuiltBatches, 3 * 3600);
    }
    m.set(keys.ready, new Date().toISOString());
    m.publish(keys.changedChannel, JSON.stringify({ changed: [], complaints: [], rebuilt: true } satisfies ChangeAnnouncement));
    await m.exec();
    const ms = Math.round(performance.now() - started);
    log.info({ ms, complaints: data.recent.length, monitors: data.monitors.length, batches: data.batches.length }, 'live state rebuilt from Postgres');
    return { ms };
  } finally {
    if ((await redis.get(keys.rebuildLock)) === lockToken) await redis.del(keys.rebuildLock);
  }
}

async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    out.push(...batch);
  } while (cursor !== '0');
  return out;
}

/**
 * Watches for a missing live state (fresh Redis, or one that restarted empty) and rebuilds it.
 * Cheap: one EXISTS every interval.
 */
export class LiveStateGuardian {
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  lastRebuildMs: number | null = null;

  constructor(
    private readonly db: Database,
    private readonly redis: Redis,
    private readonly keys: LiveKeys,
    private readonly log: Logger,
    private readonly intervalMs = 1000,
  ) {}

  async ensure(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      if ((await this.redis.exists(this.keys.ready)) === 1) return;
      const result = await rebuildLiveState(this.db, this.redis, this.keys, this.log);
      if (result) this.lastRebuildMs = result.ms;
    } finally {
      this.busy = false;
    }
  }

  start(): void {
    this.timer = setInterval(() => {
      this.ensure().catch((err) => this.log.warn({ err: (err as Error).message }, 'live state check failed'));
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
