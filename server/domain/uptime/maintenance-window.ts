// Maintenance windows: planned time when a service may be down without it counting as an
// outage. Checks continue; alerts are suppressed and the time is left out of availability.
//
// - once:   { start, end } instants.
// - daily:  every day at `startTime` (local, WIB by default) for `durationMinutes` (<= 24 h).
// - weekly: every ISO `weekday` (1 = Monday ... 7 = Sunday) at `startTime` for `durationMinutes`
//           (<= 7 days), e.g. every Sunday 01:00-03:00 WIB = { weekday: 7, startTime: '01:00',
//           durationMinutes: 120 }.
// An occurrence may run past midnight (Saturday 23:00 + 3 h ends Sunday 02:00) and belongs to the
// day it starts on. Recurring windows may be limited by `activeFrom`/`activeUntil`: an occurrence
// counts when its start is in [activeFrom, activeUntil). All intervals are half-open [start, end).
import { z } from 'zod';
import { CITY_TIME_ZONE } from '../../../shared/domain-constants.ts';
import {
  DAY_MS,
  MINUTE_MS,
  isoWeekdayOfDay,
  localDayOf,
  parseHhMm,
  toMillis,
  wallClockMillis,
  type InstantInput,
  type TimeInterval,
} from '../time/local-time.ts';

export interface OneOffMaintenance {
  kind: 'once';
  start: InstantInput;
  end: InstantInput;
}

interface RecurringBase {
  /** HH:mm, local time. */
  startTime: string;
  durationMinutes: number;
  activeFrom?: InstantInput | null;
  activeUntil?: InstantInput | null;
}

export interface DailyMaintenance extends RecurringBase {
  kind: 'daily';
}

export interface WeeklyMaintenance extends RecurringBase {
  kind: 'weekly';
  /** ISO weekday, 1 = Monday ... 7 = Sunday. */
  weekday: number;
}

export type MaintenanceWindow = OneOffMaintenance | DailyMaintenance | WeeklyMaintenance;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'time must be HH:mm (WIB)' });
const instant = z.iso.datetime({ offset: true });

/** For admin input. Instants are ISO strings with an offset. */
export const maintenanceWindowSchema = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('once'), start: instant, end: instant })
    .refine((w) => Date.parse(w.start) < Date.parse(w.end), { message: 'end must be after start', path: ['end'] }),
  z.object({
    kind: z.literal('daily'),
    startTime: hhmm,
    durationMinutes: z.number().int().min(1).max(24 * 60),
    activeFrom: instant.nullish(),
    activeUntil: instant.nullish(),
  }),
  z.object({
    kind: z.literal('weekly'),
    weekday: z.number().int().min(1).max(7),
    startTime: hhmm,
    durationMinutes: z.number().int().min(1).max(7 * 24 * 60),
    activeFrom: instant.nullish(),
    activeUntil: instant.nullish(),
  }),
]).meta({ id: 'MaintenanceWindow' });

function occurrencesMillis(window: MaintenanceWindow, fromMs: number, toMs: number, zone: string): [number, number][] {
  if (!(toMs > fromMs)) return [];
  if (window.kind === 'once') {
    const s = toMillis(window.start);
    const e = toMillis(window.end);
    return e > s && e > fromMs && s < toMs ? [[s, e]] : [];
  }
  const maxMinutes = window.kind === 'daily' ? 24 * 60 : 7 * 24 * 60;
  if (!(window.durationMinutes > 0 && window.durationMinutes <= maxMinutes)) {
    throw new RangeError(`maintenance durationMinutes must be in (0, ${maxMinutes}]: ${window.durationMinutes}`);
  }
  if (window.kind === 'weekly' && !(Number.isInteger(window.weekday) && window.weekday >= 1 && window.weekday <= 7)) {
    throw new RangeError(`maintenance weekday must be 1..7: ${window.weekday}`);
  }
  const { hour, minute } = parseHhMm(window.startTime);
  const durationMs = window.durationMinutes * MINUTE_MS;
  const activeFrom = window.activeFrom == null ? -Infinity : toMillis(window.activeFrom);
  const activeUntil = window.activeUntil == null ? Infinity : toMillis(window.activeUntil);
  const out: [number, number][] = [];
  // Start far enough back to catch an occurrence that began before `from` and is still running.
  const lastDay = localDayOf(toMs, zone);
  for (let day = localDayOf(fromMs - durationMs - DAY_MS, zone); day <= lastDay; day++) {
    if (window.kind === 'weekly' && isoWeekdayOfDay(day) !== window.weekday) continue;
    const s = wallClockMillis(day, hour, minute, zone);
    const e = s + durationMs;
    if (s < activeFrom || s >= activeUntil) continue;
    if (e > fromMs && s < toMs) out.push([s, e]);
  }
  return out;
}

/** Occurrences of one window that intersect [from, to), unclipped, oldest first. */
export function maintenanceOccurrences(
  window: MaintenanceWindow,
  from: InstantInput,
  to: InstantInput,
  zone: string = CITY_TIME_ZONE,
): TimeInterval[] {
  return occurrencesMillis(window, toMillis(from), toMillis(to), zone).map(([s, e]) => ({ start: new Date(s), end: new Date(e) }));
}

/** The window (and its current occurrence) covering `at`; the one ending last when several do. */
export function activeMaintenance<W extends MaintenanceWindow>(
  windows: readonly W[],
  at: InstantInput,
  zone: string = CITY_TIME_ZONE,
): { window: W; start: Date; end: Date } | null {
  const ms = toMillis(at);
  let best: { window: W; start: number; end: number } | null = null;
  for (const w of windows) {
    for (const [s, e] of occurrencesMillis(w, ms, ms + 1, zone)) {
      if (s <= ms && ms < e && (!best || e > best.end)) best = { window: w, start: s, end: e };
    }
  }
  return best && { window: best.window, start: new Date(best.start), end: new Date(best.end) };
}

export function isInMaintenance(windows: readonly MaintenanceWindow[], at: InstantInput, zone: string = CITY_TIME_ZONE): boolean {
  return activeMaintenance(windows, at, zone) !== null;
}

/** Merged maintenance intervals clipped to [from, to), in epoch ms (internal). */
export function maintenanceIntervalsMillis(
  windows: readonly MaintenanceWindow[],
  fromMs: number,
  toMs: number,
  zone: string = CITY_TIME_ZONE,
): [number, number][] {
  const all: [number, number][] = [];
  for (const w of windows) {
    for (const [s, e] of occurrencesMillis(w, fromMs, toMs, zone)) all.push([Math.max(s, fromMs), Math.min(e, toMs)]);
  }
  all.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [s, e] of all) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged;
}

/**
 * How much of [from, to) is under maintenance: the merged, clipped intervals and their total
 * length (overlapping windows are counted once).
 */
export function maintenanceOverlap(
  windows: readonly MaintenanceWindow[],
  from: InstantInput,
  to: InstantInput,
  zone: string = CITY_TIME_ZONE,
): { ms: number; intervals: TimeInterval[] } {
  const merged = maintenanceIntervalsMillis(windows, toMillis(from), toMillis(to), zone);
  return {
    ms: merged.reduce((sum, [s, e]) => sum + (e - s), 0),
    intervals: merged.map(([s, e]) => ({ start: new Date(s), end: new Date(e) })),
  };
}
