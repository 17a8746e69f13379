// Time-driven parts of the live state: a complaint becomes overdue when its deadline passes,
// with no event to announce it, and the per-OPD on-time rates are over a sliding window. Every
// few seconds one node (a Redis lock) recomputes them from Postgres, writes the values that
// changed, and announces them on the delta bus.
//
// The window is the report's rule with a range that ends now: the on-time rates are those of
// `GET /api/v1/opd/timeliness` over [now - windowDays, now] (to = now + 1 ms), i.e. the upload
// periods and OPD clocks whose deadline fell in the last windowDays, judged with what is known
// now; the overdue counts are the backlog now, however old. The complaint numbers here are SQL
// over the clocks the processor stored (complaint rows and complaint_assignments, computed by
// server/domain/complaints), using the same definitions as computeComplaintMetrics;
// tests/integration/timeliness.test.ts checks the two agree.
import type { Redis } from 'ioredis';
import { sql } from 'drizzle-orm';
import { OPEN_COMPLAINT_STATUSES } from '../../shared/domain-constants.ts';
import type { RateWithCounts } from '../../shared/protocol.ts';
import { queryRows, timestamptz, type Database } from '../infra/database.ts';
import type { Logger } from '../infra/logger.ts';
import { rateWithCounts } from '../domain/rate-with-counts.ts';
import { DAY_MS } from '../domain/time/local-time.ts';
import { opdUploadMetrics } from '../domain/uploads/index.ts';
import type { ReferenceCache, ReferenceSnapshot } from '../repositories/reference-repository.ts';
import { datasetUploadsForPeriod } from '../repositories/timeliness-repository.ts';
import type { LiveKeys } from './live-keys.ts';
import type { ChangeAnnouncement } from './live-state-store.ts';


export interface OpdTimeliness {
  overdue: number;
  servicesDown: number;
  servicesTotal: number;
  complaintsOnTime: RateWithCounts & { closedOnTime: number; closed: number; openOverdue: number };
  uploadsOnTime: RateWithCounts;
}

export interface LiveTimeliness {
  window: { from: Date; to: Date };
  complaintsOverdue: number;
  kecamatanOverdue: Record<string, number>;
  opd: Record<string, OpdTimeliness>;
}

const openList = () =>
  sql.join(
    OPEN_COMPLAINT_STATUSES.map((s) => sql`${s}`),
    sql`, `,
  );

export async function computeLiveTimeliness(
  db: Database,
  ref: ReferenceSnapshot,
  now: Date,
  windowDays: number,
  minCount: number,
): Promise<LiveTimeliness> {
  const from = new Date(now.getTime() - windowDays * DAY_MS);
  const to = new Date(now.getTime() + 1);
  const [kecRows, opdRows, serviceRows, uploadRows] = await Promise.all([
    queryRows<{ code: string | null; n: string }>(
      db,
      sql`select kecamatan_code as code, count(*)::text as n from complaints
           where status in (${openList()}) and resolution_due_at < ${timestamptz(now)} group by 1`,
    ),
    // Per OPD: the clocks due in the window (closed = done by now, on time or late; open and
    // overdue = undone, still held, deadline passed; re-routed away or ended undone = not the
    // OPD's), and the overdue backlog now. A reopen does not undo an OPD's resolution.
    queryRows<{ code: string; closed: string; closed_on_time: string; open_overdue: string; overdue: string }>(
      db,
      sql`select opd_code as code,
                 count(*) filter (where due_in_window and resolved_at <= ${timestamptz(now)})::text as closed,
                 count(*) filter (where due_in_window and resolved_at <= resolution_due_at)::text as closed_on_time,
                 count(*) filter (where due_in_window and overdue)::text as open_overdue,
                 count(*) filter (where overdue)::text as overdue
            from (select opd_code, resolved_at, resolution_due_at,
                         resolution_due_at >= ${timestamptz(from)} and resolution_due_at < ${timestamptz(to)} as due_in_window,
                         live and resolved_at is null and resolution_due_at < ${timestamptz(now)} as overdue
                    from complaint_assignments
                   where live or (resolution_due_at >= ${timestamptz(from)} and resolution_due_at < ${timestamptz(to)})) a
           group by 1`,
    ),
    queryRows<{ code: string; total: string; down: string }>(
      db,
      sql`select opd_code as code, count(*)::text as total, count(*) filter (where state = 'down')::text as down
            from monitors where active group by 1`,
    ),
    datasetUploadsForPeriod(db, ref, from, now),
  ]);

  const kecamatanOverdue: Record<string, number> = Object.fromEntries([...ref.kecamatan.keys()].map((k) => [k, 0]));
  let complaintsOverdue = 0;
  for (const r of kecRows) {
    complaintsOverdue += Number(r.n);
    if (r.code) kecamatanOverdue[r.code] = Number(r.n);
  }

  const uploads = opdUploadMetrics(uploadRows, from, to, now, { minCount });
  const opd: Record<string, OpdTimeliness> = {};
  const complaintsByOpd = new Map(opdRows.map((r) => [r.code, r]));
  const servicesByOpd = new Map(serviceRows.map((r) => [r.code, r]));
  for (const o of ref.opd.values()) {
    if (o.external) continue;
    const c = complaintsByOpd.get(o.code);
    const closed = Number(c?.closed ?? 0);
    const closedOnTime = Number(c?.closed_on_time ?? 0);
    const openOverdue = Number(c?.open_overdue ?? 0);
    opd[o.code] = {
      overdue: Number(c?.overdue ?? 0),
      servicesDown: Number(servicesByOpd.get(o.code)?.down ?? 0),
      servicesTotal: Number(servicesByOpd.get(o.code)?.total ?? 0),
      complaintsOnTime: { ...rateWithCounts(closedOnTime, closed + openOverdue, minCount), closedOnTime, closed, openOverdue },
      uploadsOnTime: uploads[o.code]?.onTimeRate ?? rateWithCounts(0, 0, minCount),
    };
  }
  return { window: { from, to }, complaintsOverdue, kecamatanOverdue, opd };
}

/** Writes the time-driven live values every `intervalMs`, from one node at a time. */
export class TimelinessRefresher {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private last = new Map<string, string>();
  private lastReady: string | null = null;
  private readonly token = `${process.pid}-${Math.random().toString(36).slice(2)}`;

  constructor(
    private readonly db: Database,
    private readonly redis: Redis,
    private readonly keys: LiveKeys,
    private readonly reference: ReferenceCache,
    private readonly log: Logger,
    private readonly options: { intervalMs: number; windowDays: number; minCount: number },
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.refresh(), this.options.intervalMs);
    this.timer.unref();
    void this.refresh();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async refresh(now = new Date()): Promise<boolean> {
    if (this.running) return false;
    this.running = true;
    try {
      const lockKey = `${this.keys.base}refresher-lock`;
      const ttl = Math.max(this.options.intervalMs * 3, 10_000);
      const held = (await this.redis.get(lockKey)) === this.token;
      if (held) await this.redis.pexpire(lockKey, ttl);
      else if (!(await this.redis.set(lockKey, this.token, 'PX', ttl, 'NX'))) return false;

      const ready = await this.redis.get(this.keys.ready);
      if (!ready) return false;
      if (ready !== this.lastReady) {
        // The live state was rebuilt: everything must be written again.
        this.last.clear();
        this.lastReady = ready;
      }
      const t = await computeLiveTimeliness(this.db, this.reference.current(), now, this.options.windowDays, this.options.minCount);
      const m = this.redis.multi();
      const changed: string[] = [];
      const put = (key: string, field: string, value: string | number, path: string) => {
        const id = `${key}\u0000${field}`;
        const v = String(value);
        if (this.last.get(id) === v) return;
        this.last.set(id, v);
        m.hset(key, field, v);
        if (!changed.includes(path)) changed.push(path);
      };
      put(this.keys.kpi, 'complaintsOverdue', t.complaintsOverdue, 'kpi');
      for (const [code, n] of Object.entries(t.kecamatanOverdue)) put(this.keys.kecamatan(code), 'overdue', n, `kec:${code}`);
      for (const [code, o] of Object.entries(t.opd)) {
        const path = `opd:${code}`;
        put(this.keys.opd(code), 'overdue', o.overdue, path);
        put(this.keys.opd(code), 'servicesDown', o.servicesDown, path);
        put(this.keys.opd(code), 'servicesTotal', o.servicesTotal, path);
        const { closedOnTime: _a, closed: _b, openOverdue: _c, ...complaintsOnTime } = o.complaintsOnTime;
        put(this.keys.opd(code), 'rates', JSON.stringify({ complaintsOnTime, uploadsOnTime: o.uploadsOnTime }), path);
      }
      if (changed.length) {
        m.publish(this.keys.changedChannel, JSON.stringify({ changed, complaints: [] } satisfies ChangeAnnouncement));
        await m.exec();
      }
      return true;
    } catch (error) {
      this.last.clear();
      this.log.warn({ err: (error as Error).message }, 'timeliness refresh failed; will retry');
      return false;
    } finally {
      this.running = false;
    }
  }
}
