// What the failure drills share: a load process that keeps posting (and re-sending what failed,
// as a real channel does) while recording every acknowledged event; the checks that every
// acknowledged event is in Postgres exactly once and that the live state in Redis agrees with
// Postgres; and a comparison of two live states.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type postgres from 'postgres';
import type { Redis } from 'ioredis';
import type { EventKind } from '../../../shared/events.ts';
import { OPEN_COMPLAINT_STATUSES } from '../../../shared/domain-constants.ts';
import type { LiveState } from '../../../shared/protocol.ts';
import type { Access } from '../../../bench/access.ts';
import type { IngestLoadConfig, LoadRunResult } from '../../../bench/load/ingest-load.ts';
import { WorkerProcess } from '../../../bench/load/worker-process.ts';
import { totalBacklog } from '../../../bench/scenarios/scenario-kit.ts';
import { streamKeys } from '../../../server/streams/stream-keys.ts';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `probe` holds; returns how long that took, or throws naming `what`. */
export async function until(what: string, probe: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 25): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await Promise.resolve().then(probe).catch(() => false)) return Date.now() - started;
    await sleep(everyMs);
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms`);
}

export interface Acked {
  kind: EventKind;
  externalId: string;
  at: number;
}

export interface DrillLoad {
  worker: WorkerProcess;
  ackFile: string;
  acked(): Acked[];
  status(): Promise<LoadRunResult | null>;
  stop(graceMs?: number): Promise<LoadRunResult>;
  close(): Promise<void>;
}

/**
 * Starts posting at `rate` events/s until stopped: every complaint a new one (so "exactly once"
 * is checkable per external id), plus checks of the seeded services and ad-hoc uploads.
 */
export async function startDrillLoad(
  url: string,
  access: Access,
  options: { rate: number; batchSize?: number; name?: string; mode?: IngestLoadConfig['mode']; mix?: IngestLoadConfig['mix'] } = { rate: 200 },
): Promise<DrillLoad> {
  const ackFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-drill-acks-')), 'acked.tsv');
  const worker = new WorkerProcess(options.name ?? 'drill-load', 'bench/load/ingest-load.ts');
  const config: IngestLoadConfig = {
    url,
    apiKey: access.apiKey,
    source: access.source,
    runTag: Math.random().toString(36).slice(2, 8),
    mode: options.mode ?? 'unique',
    poolSize: 6000,
    batchSize: options.batchSize ?? 50,
    mix: options.mix ?? { complaints: 0.6, heartbeats: 0.3, uploads: 0.1 },
    maxInflight: 16,
    retry: true,
    ackFile,
    requestTimeoutMs: 10_000,
  };
  await worker.request('init', { config });
  await worker.request('start', { request: { rate: options.rate, durationMs: null, warmupMs: 0 } });
  return {
    worker,
    ackFile,
    acked: () => readAcks(ackFile),
    status: () => worker.request<LoadRunResult | null>('status'),
    stop: (graceMs = 60_000) => worker.request<LoadRunResult>('stop', { graceMs }),
    async close() {
      await worker.close();
      fs.rmSync(path.dirname(ackFile), { recursive: true, force: true });
    },
  };
}

export function readAcks(file: string): Acked[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [kind, externalId, at] = line.split('\t');
      return { kind: kind as EventKind, externalId, at: Number(at) };
    });
}

/** Waits until every stream is empty and nothing is pending; returns ms, or throws. */
export async function waitForIdle(redis: Redis, prefix: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if ((await totalBacklog(redis, prefix)) === 0) return Date.now() - started;
    await sleep(200);
  }
  throw new Error(`backlog not drained within ${timeoutMs} ms (still ${await totalBacklog(redis, prefix)} entries)`);
}

export interface ExactlyOnceReport {
  acked: Record<EventKind, number>;
  /** Acknowledged but not in Postgres. */
  missing: Record<EventKind, string[]>;
  /** Stored more than once (complaint status history rows per acknowledged new complaint > 1). */
  duplicated: string[];
  deadLetters: number;
}

const TABLE: Record<EventKind, string> = { complaints: 'complaints', uploads: 'upload_records', heartbeats: 'check_results' };

/** Every acknowledged event is in Postgres, and each new complaint has exactly one history row. */
export async function checkExactlyOnce(sql: postgres.Sql, redis: Redis, prefix: string, source: string, acked: Acked[]): Promise<ExactlyOnceReport> {
  const report: ExactlyOnceReport = {
    acked: { complaints: 0, uploads: 0, heartbeats: 0 },
    missing: { complaints: [], uploads: [], heartbeats: [] },
    duplicated: [],
    deadLetters: await redis.xlen(streamKeys(prefix).deadLetters),
  };
  for (const kind of ['complaints', 'uploads', 'heartbeats'] as const) {
    const ids = [...new Set(acked.filter((a) => a.kind === kind).map((a) => a.externalId))];
    report.acked[kind] = ids.length;
    if (!ids.length) continue;
    const rows = await sql<{ external_id: string; n: number }[]>`
      select external_id, count(*)::int as n from ${sql(TABLE[kind])} where source = ${source} and external_id in ${sql(ids)} group by 1`;
    const found = new Map(rows.map((r) => [r.external_id, r.n]));
    report.missing[kind] = ids.filter((id) => !found.has(id));
    for (const r of rows) if (r.n !== 1) report.duplicated.push(`${kind}:${r.external_id} x${r.n}`);
  }
  const complaintIds = [...new Set(acked.filter((a) => a.kind === 'complaints').map((a) => a.externalId))];
  if (complaintIds.length) {
    const history = await sql<{ external_id: string; n: number }[]>`
      select c.external_id, count(h.id)::int as n from complaints c left join complaint_status_history h on h.complaint_id = c.id
      where c.source = ${source} and c.external_id in ${sql(complaintIds)} group by 1 having count(h.id) <> 1`;
    for (const h of history) report.duplicated.push(`complaint history ${h.external_id}: ${h.n} rows`);
  }
  return report;
}

/** Differences between the live state in Redis and what Postgres says it must be. */
export async function liveStateMismatches(sql: postgres.Sql, redis: Redis, prefix: string): Promise<string[]> {
  const out: string[] = [];
  const base = `${prefix}live:`;
  const open = [...OPEN_COMPLAINT_STATUSES];
  const [{ n: openCount }] = await sql<{ n: number }[]>`select count(*)::int as n from complaints where status in ${sql(open)}`;
  const kpiOpen = Number((await redis.hget(`${base}kpi`, 'complaintsOpen')) ?? 0);
  if (kpiOpen !== openCount) out.push(`kpi.complaintsOpen: live ${kpiOpen}, Postgres ${openCount}`);

  const kec = await sql<{ code: string; n: number }[]>`select kecamatan_code as code, count(*)::int as n from complaints where status in ${sql(open)} and kecamatan_code is not null group by 1`;
  for (const k of kec) {
    const live = Number((await redis.hget(`${base}kec:${k.code}`, 'open')) ?? 0);
    if (live !== k.n) out.push(`kec:${k.code}.open: live ${live}, Postgres ${k.n}`);
  }

  const days = await sql<{ day: string; kind: string; n: number }[]>`
    select (submitted_at at time zone 'Asia/Jakarta')::date::text as day, 'complaints' as kind, count(*)::int as n from complaints where submitted_at > now() - interval '3 days' group by 1
    union all select (received_at at time zone 'Asia/Jakarta')::date::text, 'uploads', count(*)::int from upload_records where received_at > now() - interval '3 days' group by 1
    union all select (received_at at time zone 'Asia/Jakarta')::date::text, 'uploadsOnTime', count(*)::int from upload_records where received_at > now() - interval '3 days' and on_time group by 1`;
  for (const d of days) {
    const live = Number((await redis.hget(`${base}day:${d.day}`, d.kind)) ?? 0);
    if (live !== d.n) out.push(`day:${d.day}.${d.kind}: live ${live}, Postgres ${d.n}`);
  }

  // Minute buckets: every event of the last hour counted once (well inside the 2-hour bucket life).
  const minutes = await sql<{ kind: string; n: number }[]>`
    select 'complaints' as kind, count(*)::int as n from complaints where submitted_at >= date_trunc('minute', now()) - interval '60 minutes'
    union all select 'uploads', count(*)::int from upload_records where received_at >= date_trunc('minute', now()) - interval '60 minutes'
    union all select 'heartbeats', count(*)::int from check_results where at >= date_trunc('minute', now()) - interval '60 minutes'`;
  const nowMinute = Math.floor(Date.now() / 60_000);
  const sums: Record<string, number> = { complaints: 0, uploads: 0, heartbeats: 0 };
  for (let m = nowMinute - 60; m <= nowMinute + 1; m++) {
    const h = await redis.hgetall(`${base}min:${m}`);
    for (const k of Object.keys(sums)) sums[k] += Number(h[k] ?? 0);
  }
  for (const m of minutes) if (sums[m.kind] !== m.n) out.push(`minute buckets (last hour) ${m.kind}: live ${sums[m.kind]}, Postgres ${m.n}`);
  return out;
}

/**
 * Paths where two live states differ (empty when equal). Complaints submitted in the same
 * millisecond may come in either order; that is not a difference.
 */
export function stateDifferences(a: LiveState, b: LiveState, options: { ignore?: ('minutes' | 'complaints')[] } = {}): string[] {
  const out: string[] = [];
  const ignore = new Set(options.ignore ?? []);
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
  for (const k of Object.keys({ ...a.kpi, ...b.kpi }) as (keyof LiveState['kpi'])[]) {
    if (a.kpi[k] !== b.kpi[k]) out.push(`kpi.${k}: ${a.kpi[k]} vs ${b.kpi[k]}`);
  }
  const byId = (s: LiveState) => new Map((ignore.has('complaints') ? [] : s.complaints).map((c) => [c.id, c]));
  const ca = byId(a);
  const cb = byId(b);
  const onlyA = [...ca.keys()].filter((id) => !cb.has(id));
  const onlyB = [...cb.keys()].filter((id) => !ca.has(id));
  const describe = (list: string[], m: Map<string, LiveState['complaints'][number]>) =>
    list.slice(0, 3).map((id) => `${id.slice(0, 8)} ${m.get(id)!.status} ${m.get(id)!.submittedAt}`).join('; ');
  if (onlyA.length || onlyB.length) {
    out.push(`complaints: ${onlyA.length} only in the first (${describe(onlyA, ca)}), ${onlyB.length} only in the second (${describe(onlyB, cb)})`);
  }
  for (const [id, c] of ca) {
    const other = cb.get(id);
    if (other && !same(c, other)) out.push(`complaints.${id.slice(0, 8)}: ${JSON.stringify(c).slice(0, 160)} vs ${JSON.stringify(other).slice(0, 160)}`);
  }
  // Same set: both lists must run newest first (ties in submittedAt may come in either order).
  const times = (s: LiveState) => s.complaints.map((c) => c.submittedAt).join();
  if (!ignore.has('complaints') && !onlyA.length && !onlyB.length && times(a) !== times(b)) out.push('complaints: same set, different order');
  for (const part of ['monitors', 'kecamatan', 'opd'] as const) {
    const keys = new Set([...Object.keys(a[part]), ...Object.keys(b[part])]);
    for (const key of keys) {
      if (!same(a[part][key], b[part][key])) out.push(`${part}.${key}: ${JSON.stringify(a[part][key])?.slice(0, 120)} vs ${JSON.stringify(b[part][key])?.slice(0, 120)}`);
    }
  }
  const minutes = (s: LiveState) => new Map((ignore.has('minutes') ? [] : s.minutes).map((m) => [m.t, m]));
  const ma = minutes(a);
  const mb = minutes(b);
  for (const t of new Set([...ma.keys(), ...mb.keys()])) {
    // Only a minute both sides cover: a bucket may have scrolled out of one window between reads.
    if (ma.has(t) && mb.has(t) && !same(ma.get(t), mb.get(t))) out.push(`minutes.${t}: ${JSON.stringify(ma.get(t))} vs ${JSON.stringify(mb.get(t))}`);
  }
  return out;
}
