// Reference data (OPD, areas, categories, channels, datasets, monitors) changes rarely and is
// needed on every ingest request, so it is read once and refreshed on a short interval.
import { eq } from 'drizzle-orm';
import type { MultiPolygon, Polygon } from 'geojson';
import * as t from '../../db/schema.ts';
import type { ReferenceData } from '../../shared/protocol.ts';
import type { UploadSchedule } from '../../shared/upload-schedule.ts';
import { areaPolygon, type AreaPolygon } from '../domain/geo/locate-area.ts';
import { createWorkingCalendar, type NonWorkingDay, type WorkingCalendar } from '../domain/calendar/working-calendar.ts';
import type { RoutingRule } from '../domain/complaints/complaint-routing.ts';
import { scheduleSegments, type ScheduleSegment } from '../domain/uploads/schedule-history.ts';
import { maintenanceWindowSchema, type MaintenanceWindow } from '../domain/uptime/maintenance-window.ts';
import type { Database } from '../infra/database.ts';
import { currentRuleVersion } from '../rules/rule-versions.ts';

export interface CategoryRef {
  code: string;
  name: string;
  nameEn: string | null;
  opdCode: string | null;
  externalCode: string | null;
  emergency: boolean;
  group: string;
  sla: t.CategorySla;
}

export interface DatasetRef {
  id: string;
  opdCode: string;
  code: string;
  name: string;
  schedule: UploadSchedule;
  /** Its schedules over time, oldest first (the last is `schedule`): periods are judged by these. */
  segments?: ScheduleSegment[];
}

export interface MonitorRef {
  id: string;
  code: string;
  name: string;
  opdCode: string;
  kind: string;
  intervalSeconds: number;
  failuresToDown: number;
  successesToUp: number;
  pushToken: string | null;
}

export interface ReferenceSnapshot {
  loadedAt: Date;
  city: ReferenceData['city'];
  opd: Map<string, { code: string; name: string; shortName: string | null; kind: string; external: boolean }>;
  /** Channel names by code (Indonesian; `channelNamesEn` holds the English ones that differ). */
  channels: Map<string, string>;
  channelNamesEn: Map<string, string>;
  categories: Map<string, CategoryRef>;
  kecamatan: Map<string, { code: string; name: string; population: number | null; areaKm2: number | null }>;
  kelurahan: Map<string, { code: string; name: string; kecamatanCode: string }>;
  areas: AreaPolygon[];
  datasets: Map<string, DatasetRef>;
  monitors: Map<string, MonitorRef>;
  /** Push monitors by their push token (the secret in /api/push/:token). */
  pushTokens: Map<string, MonitorRef>;
  /** Working days in Asia/Jakarta with the editable holiday calendar (calendar_days). */
  calendar: WorkingCalendar;
  routingRules: RoutingRule[];
  /** Maintenance windows that apply to each monitor (its own and its OPD's), by monitor id. */
  maintenance: Map<string, MaintenanceWindow[]>;
  /** rule_versions.id in force when this snapshot was read (null: the rules the city was set up with). */
  rulesVersion?: number | null;
}

export const datasetKey = (opdCode: string, code: string) => `${opdCode}/${code}`;

export const MEDAN_CITY: ReferenceData['city'] = {
  name: 'Kota Medan',
  code: '12.71',
  timezone: 'Asia/Jakarta',
  bbox: [98.58, 3.47, 98.75, 3.81],
};

export async function loadReference(db: Database): Promise<ReferenceSnapshot> {
  const [opdRows, channelRows, categoryRows, kecRows, kelRows, datasetRows, monitorRows, dayRows, ruleRows, windowRows, rulesVersion, scheduleRows] = await Promise.all([
    db.select().from(t.opd).where(eq(t.opd.active, true)),
    db.select().from(t.channels),
    db.select().from(t.categories),
    db.select().from(t.kecamatan),
    db.select().from(t.kelurahan),
    db.select().from(t.datasets).where(eq(t.datasets.active, true)),
    db
      .select({
        id: t.monitors.id,
        code: t.monitors.code,
        name: t.monitors.name,
        opdCode: t.monitors.opdCode,
        kind: t.monitors.kind,
        intervalSeconds: t.monitors.intervalSeconds,
        failuresToDown: t.monitors.failuresToDown,
        successesToUp: t.monitors.successesToUp,
        pushToken: t.monitors.pushToken,
      })
      .from(t.monitors)
      .where(eq(t.monitors.active, true)),
    db.select().from(t.calendarDays),
    db.select().from(t.routingRules),
    db.select().from(t.maintenanceWindows).where(eq(t.maintenanceWindows.active, true)),
    currentRuleVersion(db),
    db.select({ datasetId: t.datasetScheduleHistory.datasetId, schedule: t.datasetScheduleHistory.schedule, until: t.datasetScheduleHistory.until }).from(t.datasetScheduleHistory),
  ]);
  const replaced = new Map<string, { schedule: UploadSchedule; until: Date }[]>();
  for (const r of scheduleRows) replaced.set(r.datasetId, [...(replaced.get(r.datasetId) ?? []), { schedule: r.schedule as UploadSchedule, until: r.until }]);
  const maintenance = new Map<string, MaintenanceWindow[]>();
  for (const w of windowRows) {
    const parsed = maintenanceWindowSchema.safeParse(w.window);
    if (!parsed.success) continue;
    const targets = monitorRows.filter((m) => m.id === w.monitorId || (w.monitorId === null && m.opdCode === w.opdCode));
    for (const m of targets) maintenance.set(m.id, [...(maintenance.get(m.id) ?? []), parsed.data as MaintenanceWindow]);
  }
  return {
    loadedAt: new Date(),
    city: MEDAN_CITY,
    opd: new Map(opdRows.map((o) => [o.code, { code: o.code, name: o.name, shortName: o.shortName, kind: o.kind, external: o.external }])),
    channels: new Map(channelRows.map((c) => [c.code, c.name])),
    channelNamesEn: new Map(channelRows.flatMap((c) => (c.nameEn ? [[c.code, c.nameEn] as const] : []))),
    categories: new Map(categoryRows.map((c) => [c.code, c])),
    kecamatan: new Map(kecRows.map((k) => [k.code, { code: k.code, name: k.name, population: k.population, areaKm2: k.areaKm2 }])),
    kelurahan: new Map(kelRows.map((k) => [k.code, { code: k.code, name: k.name, kecamatanCode: k.kecamatanCode }])),
    areas: kelRows.map((k) => areaPolygon(k.code, k.kecamatanCode, k.geometry as Polygon | MultiPolygon)),
    datasets: new Map(
      datasetRows.map((d) => [
        datasetKey(d.opdCode, d.code),
        {
          id: d.id,
          opdCode: d.opdCode,
          code: d.code,
          name: d.name,
          schedule: d.schedule as UploadSchedule,
          segments: scheduleSegments(d.schedule as UploadSchedule, replaced.get(d.id) ?? [], d.scheduleFrom),
        },
      ]),
    ),
    monitors: new Map(monitorRows.map((m) => [m.code, m])),
    pushTokens: new Map(monitorRows.filter((m) => m.pushToken).map((m) => [m.pushToken as string, m])),
    calendar: calendarOfRows(dayRows),
    rulesVersion,
    routingRules: ruleRows.map((r) => ({
      id: r.id,
      category: r.categoryCode,
      target: { kind: r.targetKind as 'opd' | 'external', code: r.targetCode },
      ...(r.kecamatanCode ? { kecamatan: [r.kecamatanCode] } : {}),
      ...(r.keywords?.length ? { keywords: r.keywords } : {}),
      priority: r.priority,
    })),
    maintenance,
  };
}

/**
 * The working calendar of the calendar_days rows. A 'removed' row takes its date off the list:
 * it hides the official rows of that date (a re-seed that puts a shipped holiday back changes
 * nothing) and the library's holiday on it.
 */
export function calendarOfRows(rows: readonly { date: string; kind: string; name: string }[]): WorkingCalendar {
  const removed = new Set(rows.filter((d) => d.kind === 'removed').map((d) => d.date));
  return createWorkingCalendar({
    officialDays: rows.filter((d) => d.kind !== 'removed' && !removed.has(d.date)).map((d) => ({ date: d.date, kind: d.kind as NonWorkingDay['kind'], name: d.name })),
    removedDates: [...removed],
  });
}

/** What clients may know of the reference data (no geometry: the map loads that separately). */
export function publicReference(ref: ReferenceSnapshot, settings: { timelinessWindowDays: number }): ReferenceData {
  return {
    city: ref.city,
    opd: [...ref.opd.values()].filter((o) => !o.external).map(({ code, name, shortName, kind }) => ({ code, name, shortName, kind })),
    externalBodies: [...ref.opd.values()].filter((o) => o.external).map(({ code, name }) => ({ code, name })),
    kecamatan: [...ref.kecamatan.values()]
      .map((k) => ({ code: k.code, name: k.name, population: k.population, areaKm2: k.areaKm2 }))
      .sort((a, b) => a.code.localeCompare(b.code)),
    categories: [...ref.categories.values()].map((c) => ({
      code: c.code,
      name: c.name,
      nameEn: c.nameEn,
      opd: c.opdCode,
      external: c.externalCode,
      emergency: c.emergency,
      group: c.group,
    })),
    channels: [...ref.channels.entries()].map(([code, name]) => ({ code, name, nameEn: ref.channelNamesEn.get(code) ?? null })),
    timelinessWindowDays: settings.timelinessWindowDays,
  };
}

/** Holds the current reference snapshot and refreshes it in the background. */
export class ReferenceCache {
  private snapshot: ReferenceSnapshot | null = null;
  private timer: NodeJS.Timeout | null = null;
  private inflight: Promise<ReferenceSnapshot> | null = null;

  constructor(
    private readonly db: Database,
    private readonly refreshMs = 30_000,
  ) {}

  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => {
      // A failed refresh keeps the last good snapshot: ingest keeps working while Postgres is away.
      this.refresh().catch(() => {});
    }, this.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  current(): ReferenceSnapshot {
    if (!this.snapshot) throw new Error('reference data not loaded yet');
    return this.snapshot;
  }

  refresh(): Promise<ReferenceSnapshot> {
    this.inflight ??= loadReference(this.db)
      .then((s) => {
        this.snapshot = s;
        return s;
      })
      .finally(() => {
        this.inflight = null;
      });
    return this.inflight;
  }
}
