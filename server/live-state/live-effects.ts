// What processing a batch did to the live state, as plain data. Processors compute effects in
// the same Postgres transaction that stores the events, and keep them with the batch, so a
// processor that dies before updating Redis replays exactly the same effects (never recomputes
// them from a database that has already changed).
import type { MonitorLive, PublicComplaint } from '../../shared/protocol.ts';

/** Names of live-state parts, relative to `live:` (e.g. `kpi`, `day:2026-11-22`, `kec:12.71.01`). */
export type LivePart = string;

export interface LiveEffects {
  /** HINCRBY part field delta. */
  incr: Record<LivePart, Record<string, number>>;
  /** Monitors whose live view changed; applied only if `version` is newer than the stored one. */
  monitors: { version: number; value: MonitorLive }[];
  /** Complaints to add to (or update in) the recent list; applied only if `version` is newer. */
  complaints: { version: number; isNew: boolean; value: PublicComplaint }[];
  /**
   * Paths announced on the delta bus, e.g. `kpi`, `day`, `min:<epoch minute>`, `kec:<code>`,
   * `opd:<code>`, `monitor:<code>`; and routine ones, which screens need far less urgently:
   * `check:<code>` when only a monitor's last check changed, `checks-min:<epoch minute>` when
   * only the minute's count of checks did.
   */
  changed: string[];
}

export function emptyEffects(): LiveEffects {
  return { incr: {}, monitors: [], complaints: [], changed: [] };
}

export function isEmptyEffects(e: LiveEffects): boolean {
  return Object.keys(e.incr).length === 0 && e.monitors.length === 0 && e.complaints.length === 0;
}

export function addIncrement(e: LiveEffects, part: LivePart, field: string, delta: number, changedPath: string): void {
  if (delta === 0) return;
  const fields = (e.incr[part] ??= {});
  fields[field] = (fields[field] ?? 0) + delta;
  if (fields[field] === 0) {
    delete fields[field];
    if (Object.keys(fields).length === 0) delete e.incr[part];
  }
  markChanged(e, changedPath);
}

export function markChanged(e: LiveEffects, path: string): void {
  if (!e.changed.includes(path)) e.changed.push(path);
}

/**
 * Keeps the newest version of each monitor and complaint. Given the monitor's view before the
 * change, a change of its last check alone (time, latency) is announced as `check:<code>`: every
 * check does that, and screens need it far less urgently than a state or incident change.
 */
export function putMonitor(e: LiveEffects, version: number, value: MonitorLive, before?: MonitorLive | null): void {
  const i = e.monitors.findIndex((m) => m.value.code === value.code);
  if (i === -1) e.monitors.push({ version, value });
  else if (e.monitors[i].version < version) e.monitors[i] = { version, value };
  markChanged(e, before && onlyLastCheckChanged(before, value) ? `check:${value.code}` : `monitor:${value.code}`);
}

export function onlyLastCheckChanged(before: MonitorLive, after: MonitorLive): boolean {
  const { lastCheckAt: _a, latencyMs: _b, ...headline } = after;
  const { lastCheckAt: _c, latencyMs: _d, ...headlineBefore } = before;
  return JSON.stringify(headline) === JSON.stringify(headlineBefore);
}

export function putComplaint(e: LiveEffects, version: number, isNew: boolean, value: PublicComplaint): void {
  const i = e.complaints.findIndex((c) => c.value.id === value.id);
  if (i === -1) e.complaints.push({ version, isNew, value });
  else if (e.complaints[i].version < version) e.complaints[i] = { version, isNew: isNew || e.complaints[i].isNew, value };
  markChanged(e, 'complaints');
}
