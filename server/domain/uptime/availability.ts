// Availability, response-time percentiles and time-bucket rollups.
//
// Availability from a state timeline (intervals of up / down / pending / maintenance / unknown):
//   percent = up / (up + down) * 100 over the window.
// - Maintenance is excluded: timeline spans in state `maintenance`, and any time covered by the
//   given maintenance windows, count neither as up nor as down (a planned outage is no outage).
// - Unknown is excluded too: `unknown`, `pending` (no confirmed state yet) and gaps in the
//   timeline (nothing recorded, e.g. the prober itself was down) are time we have no evidence for.
//   Counting it as up would flatter a silent service and counting it as down would blame an OPD
//   for our own blind spot, so it is reported apart (`unknownMs`) and the UI can show coverage.
//   Push monitors that go silent are not "unknown": missed heartbeats are failures (monitor-state).
// - Overlapping spans (bad input) resolve to the most severe: maintenance > down > up > pending > unknown.
// - `percent` is null when nothing was measured (up + down = 0); otherwise it is in [0, 100].
import { CITY_TIME_ZONE, type CheckStatus, type MonitorState } from '../../../shared/domain-constants.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS, localDayOf, toMillis, wallClockMillis, zoneOffsetMs, type InstantInput } from '../time/local-time.ts';
import { maintenanceIntervalsMillis, type MaintenanceWindow } from './maintenance-window.ts';

export interface StateSpan {
  start: InstantInput;
  end: InstantInput;
  state: MonitorState;
}

export interface StateChange {
  at: InstantInput;
  state: MonitorState;
}

/** Spans from state changes: each state holds until the next change, the last until `until`. */
export function timelineFromChanges(changes: readonly StateChange[], until: InstantInput): StateSpan[] {
  const untilMs = toMillis(until);
  const sorted = changes.map((c) => ({ at: toMillis(c.at), state: c.state })).sort((a, b) => a.at - b.at);
  const spans: StateSpan[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i].at;
    const end = Math.min(i + 1 < sorted.length ? sorted[i + 1].at : untilMs, untilMs);
    if (end > start) spans.push({ start: new Date(start), end: new Date(end), state: sorted[i].state });
  }
  return spans;
}

export interface AvailabilityResult {
  from: Date;
  to: Date;
  upMs: number;
  downMs: number;
  maintenanceMs: number;
  /** unknown + pending + gaps in the timeline. */
  unknownMs: number;
  /** upMs + downMs: the denominator. */
  measuredMs: number;
  /** 0..100, null when nothing was measured. */
  percent: number | null;
}

export interface AvailabilityOptions {
  /** Windows whose time is excluded even where the timeline says up or down. */
  maintenance?: readonly MaintenanceWindow[];
  zone?: string;
}

const SEVERITY: Record<MonitorState, number> = { unknown: 0, pending: 1, up: 2, down: 3, maintenance: 4 };
const BY_SEVERITY: MonitorState[] = ['unknown', 'pending', 'up', 'down', 'maintenance'];

export function availability(
  timeline: readonly StateSpan[],
  from: InstantInput,
  to: InstantInput,
  options: AvailabilityOptions = {},
): AvailabilityResult {
  const fromMs = toMillis(from);
  const toMs = toMillis(to);
  if (!(toMs >= fromMs)) throw new RangeError('availability window: `to` must not be before `from`');
  const edges: { t: number; delta: 1 | -1; severity: number }[] = [];
  const addEdge = (s: number, e: number, state: MonitorState) => {
    const cs = Math.max(s, fromMs);
    const ce = Math.min(e, toMs);
    if (ce <= cs) return;
    edges.push({ t: cs, delta: 1, severity: SEVERITY[state] }, { t: ce, delta: -1, severity: SEVERITY[state] });
  };
  for (const span of timeline) addEdge(toMillis(span.start), toMillis(span.end), span.state);
  for (const [s, e] of maintenanceIntervalsMillis(options.maintenance ?? [], fromMs, toMs, options.zone ?? CITY_TIME_ZONE)) {
    addEdge(s, e, 'maintenance');
  }
  edges.sort((a, b) => a.t - b.t);

  const totals: Record<MonitorState, number> = { unknown: 0, pending: 0, up: 0, down: 0, maintenance: 0 };
  const active = [0, 0, 0, 0, 0];
  let cursor = fromMs;
  const flush = (until: number) => {
    if (until <= cursor) return;
    let top = 0;
    for (let s = active.length - 1; s > 0; s--) {
      if (active[s] > 0) {
        top = s;
        break;
      }
    }
    totals[BY_SEVERITY[top]] += until - cursor;
    cursor = until;
  };
  for (const edge of edges) {
    flush(edge.t);
    active[edge.severity] += edge.delta;
  }
  flush(toMs);

  const measuredMs = totals.up + totals.down;
  return {
    from: new Date(fromMs),
    to: new Date(toMs),
    upMs: totals.up,
    downMs: totals.down,
    maintenanceMs: totals.maintenance,
    unknownMs: totals.unknown + totals.pending,
    measuredMs,
    percent: measuredMs === 0 ? null : Math.min(100, Math.max(0, (totals.up / measuredMs) * 100)),
  };
}

export const AVAILABILITY_WINDOWS = { '24h': DAY_MS, '7d': 7 * DAY_MS, '30d': 30 * DAY_MS } as const;
export type AvailabilityWindow = keyof typeof AVAILABILITY_WINDOWS;

/** Availability over the last 24 h, 7 d and 30 d ending at `now` ([now - d, now)). */
export function availabilityWindows(
  timeline: readonly StateSpan[],
  now: InstantInput,
  options: AvailabilityOptions = {},
): Record<AvailabilityWindow, AvailabilityResult> {
  const nowMs = toMillis(now);
  const out = {} as Record<AvailabilityWindow, AvailabilityResult>;
  for (const [name, length] of Object.entries(AVAILABILITY_WINDOWS) as [AvailabilityWindow, number][]) {
    out[name] = availability(timeline, nowMs - length, nowMs, options);
  }
  return out;
}

// ---------------------------------------------------------------- response times

export interface LatencySummary {
  count: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/**
 * Nearest-rank percentile of ascending values: the smallest observed value with at least p% of
 * the values at or below it. Always an observed value (exact, no interpolation). Null if empty.
 */
export function percentile(sortedAscending: ArrayLike<number>, p: number): number | null {
  const n = sortedAscending.length;
  if (n === 0) return null;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be in [0, 100]: ${p}`);
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  return sortedAscending[rank - 1];
}

/** p50/p95/p99 (nearest rank, exact) of the finite, non-negative latencies; others are skipped. */
export function latencyPercentiles(latencies: Iterable<number | null | undefined>): LatencySummary {
  const values: number[] = [];
  for (const v of latencies) if (typeof v === 'number' && Number.isFinite(v) && v >= 0) values.push(v);
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: n,
    min: n ? sorted[0] : null,
    max: n ? sorted[n - 1] : null,
    mean: n ? sum / n : null,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}

// ---------------------------------------------------------------- fixed-size time buckets

// Like Uptime Kuma's stat tables: per bucket the count of up and down checks and latency
// sum/min/max. Checks taken during maintenance are counted apart (`maintenance`) and are left out
// of up/down and latency, so availability from buckets excludes maintenance as well. Latency is
// taken from successful checks only: a failed check's "latency" is usually the timeout.
// Minute and hour buckets start on the minute/hour; day buckets start at local midnight (WIB).

export const BUCKET_SIZES = ['minute', 'hour', 'day'] as const;
export type BucketSize = (typeof BUCKET_SIZES)[number];

export interface CheckBucket {
  /** Bucket start (inclusive). */
  start: Date;
  size: BucketSize;
  up: number;
  down: number;
  maintenance: number;
  latencyCount: number;
  latencySum: number;
  latencyMin: number | null;
  latencyMax: number | null;
}

export interface BucketCheck {
  at: InstantInput;
  status: CheckStatus;
  latencyMs?: number | null;
  inMaintenance?: boolean;
}

export function bucketStartMillis(atMs: number, size: BucketSize, zone: string = CITY_TIME_ZONE): number {
  if (size === 'minute') return Math.floor(atMs / MINUTE_MS) * MINUTE_MS;
  if (size === 'hour') {
    const local = atMs + zoneOffsetMs(zone, atMs);
    return atMs - (((local % HOUR_MS) + HOUR_MS) % HOUR_MS);
  }
  return wallClockMillis(localDayOf(atMs, zone), 0, 0, zone);
}

export function bucketStart(at: InstantInput, size: BucketSize, zone: string = CITY_TIME_ZONE): Date {
  return new Date(bucketStartMillis(toMillis(at), size, zone));
}

export function emptyBucket(start: InstantInput, size: BucketSize): CheckBucket {
  return { start: new Date(toMillis(start)), size, up: 0, down: 0, maintenance: 0, latencyCount: 0, latencySum: 0, latencyMin: null, latencyMax: null };
}

/** Returns a new bucket with the check counted (the caller picks the right bucket). */
export function addCheckToBucket(bucket: CheckBucket, check: Omit<BucketCheck, 'at'>): CheckBucket {
  const b = { ...bucket };
  if (check.inMaintenance) {
    b.maintenance++;
    return b;
  }
  if (check.status === 'up') {
    b.up++;
    const l = check.latencyMs;
    if (typeof l === 'number' && Number.isFinite(l) && l >= 0) {
      b.latencyCount++;
      b.latencySum += l;
      b.latencyMin = b.latencyMin === null ? l : Math.min(b.latencyMin, l);
      b.latencyMax = b.latencyMax === null ? l : Math.max(b.latencyMax, l);
    }
  } else {
    b.down++;
  }
  return b;
}

/** Sum of two buckets' counts, kept at `into`'s start and size. */
export function combineBuckets(into: CheckBucket, other: CheckBucket): CheckBucket {
  const min = [into.latencyMin, other.latencyMin].filter((v): v is number => v !== null);
  const max = [into.latencyMax, other.latencyMax].filter((v): v is number => v !== null);
  return {
    ...into,
    up: into.up + other.up,
    down: into.down + other.down,
    maintenance: into.maintenance + other.maintenance,
    latencyCount: into.latencyCount + other.latencyCount,
    latencySum: into.latencySum + other.latencySum,
    latencyMin: min.length ? Math.min(...min) : null,
    latencyMax: max.length ? Math.max(...max) : null,
  };
}

/** Checks into buckets of `size`, oldest first; only non-empty buckets are returned. */
export function rollupChecks(checks: Iterable<BucketCheck>, size: BucketSize, zone: string = CITY_TIME_ZONE): CheckBucket[] {
  const byStart = new Map<number, CheckBucket>();
  for (const check of checks) {
    const start = bucketStartMillis(toMillis(check.at), size, zone);
    byStart.set(start, addCheckToBucket(byStart.get(start) ?? emptyBucket(start, size), check));
  }
  return [...byStart.entries()].sort((a, b) => a[0] - b[0]).map(([, b]) => b);
}

/** Re-buckets finer buckets into coarser ones (minute -> hour -> day), oldest first. */
export function rollupBuckets(buckets: Iterable<CheckBucket>, size: BucketSize, zone: string = CITY_TIME_ZONE): CheckBucket[] {
  const byStart = new Map<number, CheckBucket>();
  for (const b of buckets) {
    const start = bucketStartMillis(b.start.getTime(), size, zone);
    byStart.set(start, combineBuckets(byStart.get(start) ?? emptyBucket(start, size), { ...b, size }));
  }
  return [...byStart.entries()].sort((a, b) => a[0] - b[0]).map(([, b]) => b);
}

export interface BucketAvailability {
  up: number;
  down: number;
  maintenance: number;
  /** up / (up + down) * 100 by check count; null when no check counted. */
  percent: number | null;
  latencyMean: number | null;
  latencyMin: number | null;
  latencyMax: number | null;
}

/**
 * Availability by check count from buckets, optionally only buckets starting in [from, to).
 * Check-count availability equals time availability when checks are evenly spaced, which is what
 * a fixed probe interval gives; use `availability` on a state timeline for the exact figure.
 */
export function availabilityFromBuckets(
  buckets: Iterable<CheckBucket>,
  from?: InstantInput,
  to?: InstantInput,
): BucketAvailability {
  const fromMs = from === undefined ? -Infinity : toMillis(from);
  const toMs = to === undefined ? Infinity : toMillis(to);
  let total: CheckBucket | null = null;
  for (const b of buckets) {
    const t = b.start.getTime();
    if (t < fromMs || t >= toMs) continue;
    total = total ? combineBuckets(total, b) : b;
  }
  if (!total) return { up: 0, down: 0, maintenance: 0, percent: null, latencyMean: null, latencyMin: null, latencyMax: null };
  const counted = total.up + total.down;
  return {
    up: total.up,
    down: total.down,
    maintenance: total.maintenance,
    percent: counted === 0 ? null : (total.up / counted) * 100,
    latencyMean: total.latencyCount ? total.latencySum / total.latencyCount : null,
    latencyMin: total.latencyMin,
    latencyMax: total.latencyMax,
  };
}
