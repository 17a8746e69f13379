// Two years of Medan-scale history for the `reports` scenario: complaints with their status
// histories and OPD assignments, the datasets' uploads, the services' state changes, incidents
// and recent checks. Built once into a template database (`pantau_bench_reports_tpl_<hash>`,
// the hash covers the migrations, GENERATOR_VERSION and the options) and cloned per run.
//
// Every row comes from the product's own code: the simulator plans each complaint's life
// (server/simulator: arrivals by hour and weekday, kecamatan by population, category mix,
// misroutes, slow and fast OPD, stalls, reopens), the lifecycle model folds the steps that have
// happened by now (applyChannelUpdate, as the processor does), the SLA assessment and the
// repository's row builders (lifecycleColumns, assignmentRows, historyRowOf) give the stored
// columns, the upload processor's judgeUpload the upload verdicts. Steps after `now` are not
// applied, so the last weeks hold a real backlog (open, running, overdue). Rows go in by COPY,
// with secondary indexes dropped during the load and rebuilt after, foreign-key triggers off.
//
// Not generated: reporter identities (no report reads them), ingest batches, audit log.
// Checks are kept for the last `checkDays` only (a check every 30 s of 70 services for two
// years is 147 million rows that no report reads); state changes and incidents cover it all.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import * as schema from '../../db/schema.ts';
import { seedDatabase } from '../../db/seed.ts';
import { repoRoot } from '../../server/config.ts';
import type { Database } from '../../server/infra/database.ts';
import { applyChannelUpdate, type ComplaintHistoryEntry, type ComplaintState } from '../../server/domain/complaints/complaint-lifecycle.ts';
import { assessComplaint, DEFAULT_SLA } from '../../server/domain/complaints/complaint-sla.ts';
import { routeComplaint } from '../../server/domain/complaints/complaint-routing.ts';
import { assignmentRows, historyRowOf, lifecycleColumns } from '../../server/repositories/complaint-repository.ts';
import { datasetKey, loadReference, type ReferenceSnapshot } from '../../server/repositories/reference-repository.ts';
import { judgeUpload } from '../../server/processors/upload-processor.ts';
import { loadCityReference, type CityReference } from '../../server/simulator/reference-data.ts';
import { complaintDetails, complaintsInMinute, createComplaintModel } from '../../server/simulator/complaint-generator.ts';
import { createUploadModel, uploadsBetween } from '../../server/simulator/upload-plan.ts';
import { checkOutcome, checkTimesBetween, createHealthModel, outagesInHour } from '../../server/simulator/service-health.ts';
import { Rng } from '../../server/simulator/rng.ts';
import { CopyWriter } from './copy-writer.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

export interface HistoryOptions {
  complaints: number;
  days: number;
  /** Days of raw check results before now (state changes and incidents cover every day). */
  checkDays: number;
  seed: number;
}

export const DEFAULT_HISTORY: HistoryOptions = { complaints: 1_000_000, days: 730, checkDays: 7, seed: 1 };

export interface HistoryTemplate {
  name: string;
  /** The history ends here (the moment it was generated). */
  endsAt: Date;
  built: boolean;
  buildSeconds: number | null;
  counts: Record<string, number>;
}

/** Bump when the generated rows change (a new table filled, another distribution). */
const GENERATOR_VERSION = 5;

/** The migrations of this checkout, each with a hash of its text, in order. */
function migrationList(): string[] {
  const dir = path.join(repoRoot, 'db/migrations');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => `${f}:${createHash('sha256').update(fs.readFileSync(path.join(dir, f))).digest('hex').slice(0, 12)}`);
}

/**
 * Template name: changes when GENERATOR_VERSION or the options change. The schema is checked
 * apart: a template whose migrations are the first of this checkout's is still good (the server
 * applies the newer ones, e.g. an index, to its clone at start); any other difference rebuilds.
 */
export function templateName(options: HistoryOptions): string {
  const h = createHash('sha256');
  h.update(`generator ${GENERATOR_VERSION}`);
  h.update(JSON.stringify(options));
  return `pantau_bench_reports_tpl_${h.digest('hex').slice(0, 12)}`;
}

interface TemplateComment {
  endsAt: string;
  counts: Record<string, number>;
  options?: HistoryOptions;
  migrations?: string[];
}

function dbUrl(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** The template for these options: reused when it exists (unless `rebuild`), else generated. */
export async function ensureHistoryTemplate(adminUrl: string, options: HistoryOptions, log: (line: string) => void, rebuild = false): Promise<HistoryTemplate> {
  const name = templateName(options);
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [existing] = await admin<{ comment: string | null }[]>`
      select shobj_description(d.oid, 'pg_database') as comment from pg_database d where datname = ${name}`;
    const current = migrationList();
    if (existing && !rebuild && existing.comment) {
      const meta = JSON.parse(existing.comment) as TemplateComment;
      const prefix = meta.migrations && meta.migrations.every((m, i) => current[i] === m);
      if (prefix) {
        const newer = current.length - meta.migrations!.length;
        if (newer) log(`  the template predates ${newer} migration(s); the server applies them to each clone at start`);
        return { name, endsAt: new Date(meta.endsAt), built: false, buildSeconds: null, counts: meta.counts };
      }
      log(`  the template's schema is not this checkout's: generating it again`);
    }
    if (existing) {
      await admin.unsafe(`alter database "${name}" is_template false`);
      await admin.unsafe(`drop database "${name}" with (force)`);
    }
    // Templates of the same size built by an older schema or generator are dead weight on disk
    // (other sizes are left alone, and so is a build in progress elsewhere).
    const others = await admin<{ datname: string; comment: string | null }[]>`
      select datname, shobj_description(oid, 'pg_database') as comment from pg_database
       where datname like 'pantau_bench_reports_tpl_%' and datname not like '%_building' and datname <> ${name}`;
    for (const s of others) {
      let same = false;
      try {
        same = JSON.stringify((JSON.parse(s.comment ?? '{}') as { options?: unknown }).options) === JSON.stringify(options);
      } catch {
        // no readable comment: not ours to judge
      }
      if (!same) continue;
      await admin.unsafe(`alter database "${s.datname}" is_template false`).catch(() => {});
      await admin.unsafe(`drop database if exists "${s.datname}" with (force)`);
      log(`  dropped old template ${s.datname}`);
    }
    const building = `${name}_building`;
    await admin.unsafe(`drop database if exists "${building}" with (force)`);
    await admin.unsafe(`create database "${building}"`);
    const started = performance.now();
    const now = new Date();
    const counts = await generateHistory(dbUrl(adminUrl, building), options, now, log);
    const buildSeconds = (performance.now() - started) / 1000;
    await admin.unsafe(`alter database "${building}" rename to "${name}"`);
    const comment = JSON.stringify({ endsAt: now.toISOString(), counts, buildSeconds: Math.round(buildSeconds), options, migrations: current });
    await admin.unsafe(`comment on database "${name}" is '${comment.replace(/'/g, "''")}'`);
    await admin.unsafe(`alter database "${name}" is_template true`);
    return { name, endsAt: now, built: true, buildSeconds, counts };
  } finally {
    await admin.end();
  }
}

/** Columns of a drizzle table by property name (minus `omit`), and their database names. */
function columnsOf(table: PgTable, omit: string[] = []): { keys: string[]; names: string[] } {
  const cols = Object.entries(getTableColumns(table) as Record<string, PgColumn>).filter(([k]) => !omit.includes(k));
  return { keys: cols.map(([k]) => k), names: cols.map(([, c]) => c.name) };
}

class TableCopy {
  private constructor(
    private readonly writer: CopyWriter,
    private readonly keys: string[],
  ) {}
  static async open(sql: postgres.Sql, table: PgTable, omit: string[] = []): Promise<TableCopy> {
    const { keys, names } = columnsOf(table, omit);
    return new TableCopy(await CopyWriter.open(sql, getTableName(table), names), keys);
  }
  write(row: Record<string, unknown>): Promise<void> {
    return this.writer.write(this.keys.map((k) => row[k]));
  }
  end(): Promise<number> {
    return this.writer.end();
  }
}

const BULK_TABLES = [
  'complaints',
  'complaint_status_history',
  'complaint_assignments',
  'upload_records',
  'monitor_state_changes',
  'incidents',
  'incident_events',
  'check_results',
];

/** Generates into an empty database; returns row counts per table. */
export async function generateHistory(url: string, options: HistoryOptions, now: Date, log: (line: string) => void): Promise<Record<string, number>> {
  // Foreign-key triggers off for the bulk load (the rows are consistent by construction).
  const sql = postgres(url, { max: 4, onnotice: () => {}, connection: { session_replication_role: 'replica' } as Record<string, string> });
  try {
    const db = drizzle(sql, { schema }) as unknown as Database;
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    await migrate(drizzle(sql, { schema }), { migrationsFolder: path.join(repoRoot, 'db/migrations') });
    await seedDatabase(db);
    const ref = await loadReference(db);
    const city = loadCityReference();
    log(`  schema migrated and reference data seeded (${ref.opd.size} OPD, ${ref.datasets.size} datasets, ${ref.monitors.size} services)`);

    // Secondary indexes are rebuilt once at the end: far cheaper than maintaining them per row.
    const indexes = await sql<{ indexname: string; indexdef: string }[]>`
      select i.indexname, i.indexdef from pg_indexes i
       where i.schemaname = 'public' and i.tablename = any(${BULK_TABLES})
         and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`;
    for (const i of indexes) await sql.unsafe(`drop index "${i.indexname}"`);

    const counts: Record<string, number> = {};
    const end = now.getTime();
    const start = end - options.days * DAY;
    const generation: Generation = { sql, ref, city, options, start, end, counts, log };
    await generateComplaints(generation);
    await generateUploads(generation);
    await generateServices(generation);

    log(`  rebuilding ${indexes.length} indexes ...`);
    const t0 = performance.now();
    await sql.unsafe(`set maintenance_work_mem = '512MB'`);
    for (const i of indexes) await sql.unsafe(i.indexdef);
    await sql.unsafe('vacuum analyze');
    log(`  indexes rebuilt, vacuumed and analysed in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    return counts;
  } finally {
    await sql.end();
  }
}

function progress(log: (line: string) => void, label: string) {
  const started = performance.now();
  let last = started;
  return {
    tick(done: number, total: number, extra = '') {
      const t = performance.now();
      if (t - last < 5000) return;
      last = t;
      const s = (t - started) / 1000;
      const rate = done / s;
      const eta = rate > 0 ? (total - done) / rate : 0;
      log(`    ${label}: ${done.toLocaleString('en-US')} / ~${total.toLocaleString('en-US')} (${Math.round(rate).toLocaleString('en-US')}/s, ~${Math.ceil(eta)} s left)${extra}`);
    },
    seconds: () => (performance.now() - started) / 1000,
  };
}

/** What the three generators share: where they write, the city, the range and the tallies. */
interface Generation {
  sql: postgres.Sql;
  ref: ReferenceSnapshot;
  city: CityReference;
  options: HistoryOptions;
  start: number;
  end: number;
  counts: Record<string, number>;
  log: (line: string) => void;
}

async function generateComplaints(g: Generation): Promise<void> {
  const { sql, ref, city, options, start, end, counts, log } = g;
  const model = createComplaintModel({ ref: city, seed: options.seed, source: 'simulator', complaintsPerDay: options.complaints / options.days });
  const complaints = await TableCopy.open(sql, schema.complaints);
  const history = await TableCopy.open(sql, schema.complaintStatusHistory, ['id']);
  const assignments = await TableCopy.open(sql, schema.complaintAssignments);
  const p = progress(log, 'complaints');
  const states = new Map<string, number>();
  let n = 0;
  for (let minute = Math.ceil(start / MINUTE); minute * MINUTE < end; minute++) {
    for (const c of complaintsInMinute(model, minute)) {
      if (c.core.submittedAt >= end) continue;
      const steps = c.plan.steps.filter((s) => s.at <= end);
      const id = randomUUID();
      const d = complaintDetails(model, c);
      let state: ComplaintState | null = null;
      const added: ComplaintHistoryEntry[] = [];
      for (const step of steps) {
        const r = applyChannelUpdate(state, {
          id,
          category: c.core.category.code,
          kecamatan: c.core.kecamatan.code,
          status: step.status,
          occurredAt: new Date(step.at).toISOString(),
          submittedAt: new Date(c.core.submittedAt).toISOString(),
          opd: step.opd ?? null,
          duplicateOf: step.duplicateOf ?? null,
          actor: step.actor ?? null,
          note: step.note ?? null,
          eventRef: null,
        });
        state = r.state;
        added.push(...r.historyAdded);
      }
      const s = state!;
      const policy = ref.categories.get(s.category)?.sla ?? DEFAULT_SLA;
      const asOf = new Date(Math.max(end, Date.parse(s.statusAt)));
      const a = assessComplaint(s, { policy, calendar: ref.calendar, now: asOf });
      const lastAt = new Date(steps[steps.length - 1].at);
      const route = routeComplaint({ category: s.category, kecamatan: s.kecamatan, title: d.title, text: d.text }, ref.routingRules);
      await complaints.write({
        id,
        source: 'simulator',
        externalId: c.externalId,
        channel: c.core.channel,
        title: d.title,
        text: d.text,
        lat: d.location.lat,
        lon: d.location.lon,
        kelurahanCode: d.kelurahan,
        privacy: c.core.privacy,
        version: steps.length,
        suggestedOpd: route.routed ? route.target.code : null,
        routingRule: route.routed ? route.ruleId : null,
        media: [],
        ...lifecycleColumns(s, a),
        // The processor writes a row within moments of each event.
        createdAt: new Date(c.core.submittedAt + 2000),
        updatedAt: new Date(lastAt.getTime() + 2000),
      });
      for (const e of added) {
        const row = historyRowOf(id, e);
        await history.write({ ...row, recordedAt: new Date((row.at as Date).getTime() + 2000) });
      }
      for (const row of assignmentRows(id, s.category, a, a?.open ?? false, s)) await assignments.write(row);
      states.set(s.status, (states.get(s.status) ?? 0) + 1);
      n++;
    }
    if (minute % 60 === 0) p.tick(n, options.complaints, ` at ${new Date(minute * MINUTE).toISOString().slice(0, 10)}`);
  }
  counts.complaints = await complaints.end();
  counts.complaint_status_history = await history.end();
  counts.complaint_assignments = await assignments.end();
  log(
    `  ${n.toLocaleString('en-US')} complaints (${[...states].map(([k, v]) => `${k} ${v}`).join(', ')}), ${counts.complaint_status_history.toLocaleString('en-US')} history rows, ${counts.complaint_assignments.toLocaleString('en-US')} assignments in ${p.seconds().toFixed(0)} s`,
  );
}

async function generateUploads(g: Generation): Promise<void> {
  const { sql, ref, city, options, start, end, counts, log } = g;
  const t0 = performance.now();
  const model = createUploadModel(city, options.seed);
  const uploads = await TableCopy.open(sql, schema.uploadRecords);
  for (const u of uploadsBetween(model, start, end, { deadlineFrom: start })) {
    const dataset = ref.datasets.get(datasetKey(u.opd, u.dataset));
    if (!dataset) continue;
    const receivedAt = new Date(u.at);
    await uploads.write({
      id: randomUUID(),
      source: 'simulator',
      externalId: u.externalId,
      opdCode: u.opd,
      datasetId: dataset.id,
      periodStart: u.period.start,
      periodEnd: u.period.end,
      receivedAt,
      rows: u.rows,
      bytes: u.bytes,
      title: u.title,
      ...judgeUpload(dataset, { occurredAt: receivedAt.toISOString(), period: u.period }),
      createdAt: new Date(u.at + 2000),
    });
  }
  counts.upload_records = await uploads.end();
  log(`  ${counts.upload_records.toLocaleString('en-US')} uploads of ${ref.datasets.size} datasets in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

/**
 * The services: an outage becomes DOWN after `failuresToDown` failed checks and UP again after
 * `successesToUp` good ones (outages too short for that are the single failed checks no incident
 * should open), each DOWN an incident resolved by the system on recovery, most acknowledged.
 */
async function generateServices(g: Generation): Promise<void> {
  const { sql, ref, city, options, start, end, counts, log } = g;
  const t0 = performance.now();
  const health = createHealthModel(city, options.seed);
  const monitors = [...ref.monitors.values()];
  const byCode = new Map(monitors.map((m) => [m.code, m]));
  // Outage intervals per service over the whole range, merged where they overlap.
  const outages = new Map<string, [number, number][]>();
  for (let hour = Math.floor(start / HOUR); hour * HOUR < end; hour++) {
    for (const o of outagesInHour(health, hour).outages) {
      for (const code of o.services) {
        const list = outages.get(code) ?? [];
        list.push([o.start, Math.min(o.end, end)]);
        outages.set(code, list);
      }
    }
  }
  const changes = await TableCopy.open(sql, schema.monitorStateChanges, ['id']);
  const incidents = await TableCopy.open(sql, schema.incidents);
  const events = await TableCopy.open(sql, schema.incidentEvents, ['id']);
  const finalState = new Map<string, { state: 'up' | 'down'; since: Date }>();
  let incidentCount = 0;
  for (const m of monitors) {
    const interval = m.intervalSeconds * 1000;
    const list = (outages.get(m.code) ?? []).filter(([s]) => s < end).sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [s, e] of list) {
      const last = merged[merged.length - 1];
      if (last && s <= last[1]) last[1] = Math.max(last[1], e);
      else merged.push([s, e]);
    }
    await changes.write({ monitorId: m.id, at: new Date(start), state: 'up' });
    let state: { state: 'up' | 'down'; since: Date } = { state: 'up', since: new Date(start) };
    for (const [s, e] of merged) {
      const downAt = s + m.failuresToDown * interval;
      const upAt = e + m.successesToUp * interval;
      if (downAt >= e || downAt >= end) continue;
      const rng = Rng.of(options.seed, 'bench-insiden', m.code, s);
      const incidentId = randomUUID();
      const resolved = upAt < end ? new Date(upAt) : null;
      const ackAt = rng.chance(0.7) ? downAt + Math.max(1, rng.logNormal(6, 0.8)) * MINUTE : null;
      const acknowledged = ackAt !== null && ackAt < (resolved?.getTime() ?? end) ? new Date(ackAt) : null;
      await changes.write({ monitorId: m.id, at: new Date(downAt), state: 'down' });
      await incidents.write({
        id: incidentId,
        monitorId: m.id,
        status: resolved ? 'resolved' : acknowledged ? 'acknowledged' : 'open',
        openedAt: new Date(downAt),
        acknowledgedAt: acknowledged,
        acknowledgedBy: acknowledged ? 'teknisi' : null,
        ackNote: acknowledged ? 'Sedang diperiksa.' : null,
        resolvedAt: resolved,
        resolvedBy: resolved ? 'system' : null,
        escalatedAt: null,
        createdAt: new Date(downAt + 1000),
      });
      await events.write({ incidentId, at: new Date(downAt), kind: 'opened', actor: null, note: null });
      if (acknowledged) await events.write({ incidentId, at: acknowledged, kind: 'acknowledged', actor: 'teknisi', note: 'Sedang diperiksa.' });
      if (resolved) {
        await events.write({ incidentId, at: resolved, kind: 'resolved', actor: 'system', note: null });
        await changes.write({ monitorId: m.id, at: resolved, state: 'up' });
        state = { state: 'up', since: resolved };
      } else {
        state = { state: 'down', since: new Date(downAt) };
      }
      incidentCount++;
    }
    finalState.set(m.code, state);
  }
  counts.monitor_state_changes = await changes.end();
  counts.incidents = await incidents.end();
  counts.incident_events = await events.end();

  const checks = await TableCopy.open(sql, schema.checkResults, ['id']);
  const last = new Map<string, { at: number; latency: number | null }>();
  for (const service of health.services) {
    const m = byCode.get(service.code);
    if (!m) continue;
    for (const at of checkTimesBetween(service, end - options.checkDays * DAY, end)) {
      const o = checkOutcome(health, service, at);
      if (!o) continue;
      await checks.write({
        monitorId: m.id,
        source: service.kind === 'push' ? 'push' : 'prober',
        externalId: `${service.code}-${at}`,
        at: new Date(at),
        status: o.status,
        latencyMs: o.latencyMs ?? null,
        statusCode: o.statusCode ?? null,
        message: o.message ?? null,
      });
      last.set(m.code, { at, latency: o.latencyMs ?? null });
    }
  }
  counts.check_results = await checks.end();
  for (const m of monitors) {
    const s = finalState.get(m.code)!;
    const l = last.get(m.code);
    const lastAt = l ? new Date(l.at).toISOString() : null;
    await sql`update monitors set state = ${s.state}, health = ${s.state}, state_since = ${s.since.toISOString()}::timestamptz, outage_open = ${s.state === 'down'},
                last_check_at = ${lastAt}::timestamptz, last_heartbeat_at = ${lastAt}::timestamptz, last_latency_ms = ${l?.latency ?? null}
              where id = ${m.id}`;
  }
  log(
    `  ${monitors.length} services: ${incidentCount.toLocaleString('en-US')} incidents, ${counts.monitor_state_changes.toLocaleString('en-US')} state changes, ${counts.check_results.toLocaleString('en-US')} checks (last ${options.checkDays} days) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}
