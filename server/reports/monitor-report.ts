// What a technician sees of services: the incident list, the monitor list and one monitor's
// detail (checks, response times, availability 24 h / 7 d / 30 d, incidents, maintenance).
// Figures come from server/domain/uptime over records read here.
import { and, asc, desc, eq, gte, inArray, isNull, isNotNull, or } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import type { MonitorState } from '../../shared/domain-constants.ts';
import type {
  AvailabilityView,
  IncidentView,
  MaintenanceWindowView,
  MonitorDetailResponse,
  MonitorSummary,
} from '../../shared/teknisi-api.ts';
import type { Database } from '../infra/database.ts';
import { availability, latencyPercentiles, timelineFromChanges } from '../domain/uptime/availability.ts';
import { isInMaintenance, maintenanceWindowSchema, type MaintenanceWindow } from '../domain/uptime/maintenance-window.ts';
import { monitorTimelines } from '../repositories/timeliness-repository.ts';
import { DAY_MS, MINUTE_MS } from '../domain/time/local-time.ts';
import type { ReferenceSnapshot } from '../repositories/reference-repository.ts';

const DAY = DAY_MS;
const BUCKET = 5 * MINUTE_MS;

type IncidentRow = typeof t.incidents.$inferSelect;
type MonitorRow = typeof t.monitors.$inferSelect;

export async function incidentViews(db: Database, ref: ReferenceSnapshot, rows: IncidentRow[]): Promise<IncidentView[]> {
  if (!rows.length) return [];
  const monitors = await db
    .select()
    .from(t.monitors)
    .where(
      inArray(
        t.monitors.id,
        rows.map((r) => r.monitorId),
      ),
    );
  const events = await db
    .select()
    .from(t.incidentEvents)
    .where(
      inArray(
        t.incidentEvents.incidentId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(t.incidentEvents.at), asc(t.incidentEvents.id));
  const monitorById = new Map(monitors.map((m) => [m.id, m]));
  return rows.map((r) => {
    const m = monitorById.get(r.monitorId)!;
    return {
      id: r.id,
      monitor: { code: m.code, name: m.name, opd: { code: m.opdCode, name: ref.opd.get(m.opdCode)?.name ?? m.opdCode }, target: m.target },
      status: r.status as IncidentView['status'],
      openedAt: r.openedAt.toISOString(),
      acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
      acknowledgedBy: r.acknowledgedBy,
      ackNote: r.ackNote,
      resolvedAt: r.resolvedAt?.toISOString() ?? null,
      resolvedBy: r.resolvedBy,
      escalatedAt: r.escalatedAt?.toISOString() ?? null,
      timeline: events
        .filter((e) => e.incidentId === r.id)
        .map((e) => ({ at: e.at.toISOString(), kind: e.kind as IncidentView['timeline'][number]['kind'], actor: e.actor, note: e.note })),
    };
  });
}

/** Active incidents (unacknowledged first, then oldest first) or recently resolved ones. */
export async function listIncidents(db: Database, ref: ReferenceSnapshot, state: 'active' | 'resolved', limit: number, opd?: string): Promise<IncidentView[]> {
  const scope = opd ? inArray(t.incidents.monitorId, db.select({ id: t.monitors.id }).from(t.monitors).where(eq(t.monitors.opdCode, opd))) : undefined;
  const rows =
    state === 'active'
      ? await db
          .select()
          .from(t.incidents)
          .where(and(isNull(t.incidents.resolvedAt), scope))
          .orderBy(asc(t.incidents.acknowledgedAt), asc(t.incidents.openedAt))
          .limit(limit)
      : await db
          .select()
          .from(t.incidents)
          .where(and(isNotNull(t.incidents.resolvedAt), scope))
          .orderBy(desc(t.incidents.resolvedAt))
          .limit(limit);
  // Postgres sorts NULLs last in ascending order: unacknowledged (NULL) must come first.
  if (state === 'active') rows.sort((a, b) => Number(a.acknowledgedAt !== null) - Number(b.acknowledgedAt !== null) || a.openedAt.getTime() - b.openedAt.getTime());
  return incidentViews(db, ref, rows);
}

function summaryOf(m: MonitorRow, ref: ReferenceSnapshot, availability24h: number | null): MonitorSummary {
  return {
    code: m.code,
    name: m.name,
    opd: { code: m.opdCode, name: ref.opd.get(m.opdCode)?.name ?? m.opdCode },
    kind: m.kind as MonitorSummary['kind'],
    target: m.target,
    state: m.state as MonitorState,
    since: m.stateSince?.toISOString() ?? null,
    lastCheckAt: m.lastCheckAt?.toISOString() ?? null,
    latencyMs: m.lastLatencyMs,
    availability24h,
  };
}

export async function listMonitors(db: Database, ref: ReferenceSnapshot, now: Date, opd?: string): Promise<MonitorSummary[]> {
  const rows = await db
    .select()
    .from(t.monitors)
    .where(and(eq(t.monitors.active, true), opd ? eq(t.monitors.opdCode, opd) : undefined))
    .orderBy(asc(t.monitors.name));
  const from = new Date(now.getTime() - DAY);
  const timelines = new Map((await monitorTimelines(db, from, opd)).map((tl) => [tl.id, tl]));
  const rank: Record<string, number> = { down: 0, pending: 1, maintenance: 2, unknown: 3, up: 4 };
  return rows
    .map((m) => {
      const a = availability(timelineFromChanges(timelines.get(m.id)?.changes ?? [], now), from, now, { maintenance: ref.maintenance.get(m.id) ?? [] });
      return summaryOf(m, ref, a.percent);
    })
    .sort((x, y) => (rank[x.state] ?? 9) - (rank[y.state] ?? 9) || x.name.localeCompare(y.name));
}

export async function maintenanceViews(db: Database, monitor: MonitorRow, now: Date): Promise<MaintenanceWindowView[]> {
  const rows = await db
    .select()
    .from(t.maintenanceWindows)
    .where(
      and(
        eq(t.maintenanceWindows.active, true),
        or(eq(t.maintenanceWindows.monitorId, monitor.id), and(isNull(t.maintenanceWindows.monitorId), eq(t.maintenanceWindows.opdCode, monitor.opdCode))),
      ),
    )
    .orderBy(asc(t.maintenanceWindows.createdAt));
  return rows.flatMap((w) => {
    const parsed = maintenanceWindowSchema.safeParse(w.window);
    if (!parsed.success) return [];
    return [
      {
        id: w.id,
        monitorCode: w.monitorId ? monitor.code : null,
        opdCode: w.monitorId ? null : w.opdCode,
        window: parsed.data as MaintenanceWindowView['window'],
        note: w.note,
        createdBy: w.createdBy,
        createdAt: w.createdAt.toISOString(),
        activeNow: isInMaintenance([parsed.data as MaintenanceWindow], now),
      },
    ];
  });
}

export async function monitorDetail(db: Database, ref: ReferenceSnapshot, code: string, now: Date): Promise<MonitorDetailResponse | null> {
  const [m] = await db.select().from(t.monitors).where(eq(t.monitors.code, code));
  if (!m) return null;
  const [timeline] = await monitorTimelines(db, new Date(now.getTime() - 30 * DAY), undefined, [m.id]);
  const spans = timelineFromChanges(timeline?.changes ?? [], now);
  const windows = ref.maintenance.get(m.id) ?? [];
  const view = (ms: number): AvailabilityView => {
    const a = availability(spans, new Date(now.getTime() - ms), now, { maintenance: windows });
    return { percent: a.percent, upMs: a.upMs, downMs: a.downMs, maintenanceMs: a.maintenanceMs };
  };
  const dayChecks = await db
    .select()
    .from(t.checkResults)
    .where(and(eq(t.checkResults.monitorId, m.id), gte(t.checkResults.at, new Date(now.getTime() - DAY))))
    .orderBy(desc(t.checkResults.at));
  const buckets = new Map<number, { sum: number; n: number; down: number }>();
  for (const c of dayChecks) {
    const key = Math.floor(c.at.getTime() / BUCKET) * BUCKET;
    const b = buckets.get(key) ?? { sum: 0, n: 0, down: 0 };
    if (c.status === 'up' && c.latencyMs !== null) {
      b.sum += c.latencyMs;
      b.n += 1;
    }
    if (c.status === 'down') b.down += 1;
    buckets.set(key, b);
  }
  const first = Math.floor((now.getTime() - DAY) / BUCKET) * BUCKET;
  const responseTimes: MonitorDetailResponse['responseTimes'] = [];
  for (let k = first + BUCKET; k <= now.getTime(); k += BUCKET) {
    const b = buckets.get(k);
    responseTimes.push({ t: new Date(k).toISOString(), latencyMs: b && b.n ? Math.round(b.sum / b.n) : null, down: b?.down ?? 0 });
  }
  const latency = latencyPercentiles(dayChecks.filter((c) => c.status === 'up').map((c) => c.latencyMs));
  const incidents = await db.select().from(t.incidents).where(eq(t.incidents.monitorId, m.id)).orderBy(desc(t.incidents.openedAt)).limit(20);
  const h24 = view(DAY);
  return {
    monitor: {
      ...summaryOf(m, ref, h24.percent),
      intervalSeconds: m.intervalSeconds,
      timeoutMs: m.timeoutMs,
      failuresToDown: m.failuresToDown,
      successesToUp: m.successesToUp,
      tags: m.tags,
    },
    availability: { h24, d7: view(7 * DAY), d30: view(30 * DAY) },
    latency: { count: latency.count, p50: latency.p50, p95: latency.p95, p99: latency.p99 },
    checks: dayChecks.slice(0, 100).map((c) => ({
      at: c.at.toISOString(),
      status: c.status as 'up' | 'down',
      latencyMs: c.latencyMs,
      statusCode: c.statusCode,
      message: c.message,
    })),
    responseTimes,
    incidents: await incidentViews(db, ref, incidents),
    maintenance: await maintenanceViews(db, m, now),
  };
}
