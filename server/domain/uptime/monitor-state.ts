// The monitor state machine: check results in, displayed state and transition events out.
//
// Hysteresis both ways. `health` is what the checks say, ignoring maintenance:
// - DOWN after `failuresToDown` consecutive failures (default 3), UP after `successesToUp`
//   consecutive successes (default 2); a success resets the failure run and vice versa.
// - `pending` ("unsure") only while no state has been confirmed yet: after creation (the first
//   checks, below both thresholds). `unknown` = never checked.
// - Choice: once confirmed, a state holds until the other threshold is reached. An UP monitor
//   with 1-2 failures stays `up` (flag: `healthHint` = 'suspect'), a DOWN monitor with one
//   success stays `down` ('recovering'). Dropping to `pending` on every blip would make the wall
//   flicker and the up/down counts jump; hysteresis exists to avoid exactly that.
//
// Displayed `state` = 'maintenance' while a maintenance window is active, else `health`.
// Maintenance suppresses alerts, not checks: counters and `health` keep moving, no `went_down`
// is emitted; when maintenance ends the display falls back to `health` (i.e. what the counters
// say), and if the service is down then and no outage was announced, `went_down` fires at that
// moment. A recovery is never suppressed: if an announced outage recovers during maintenance,
// `recovered` fires at once.
//
// `outageOpen` records whether a `went_down` is outstanding (no `recovered` yet); it guarantees
// `went_down` and `recovered` strictly alternate, one incident per outage. Outside maintenance
// it always equals `health === 'down'`.
//
// Out-of-order results: a result at or before `lastCheckAt` is ignored (duplicates included).
import type { CheckStatus, MonitorState } from '../../../shared/domain-constants.ts';
import { toMillis, type InstantInput } from '../time/local-time.ts';

export type MonitorHealth = 'unknown' | 'pending' | 'up' | 'down';

export interface MonitorConfig {
  failuresToDown: number;
  successesToUp: number;
}

export const DEFAULT_MONITOR_CONFIG: Readonly<MonitorConfig> = Object.freeze({ failuresToDown: 3, successesToUp: 2 });

export interface MonitorStateRecord {
  /** What the wall shows. */
  state: MonitorState;
  /** When `state` began. */
  since: Date | null;
  /** What the checks say, maintenance or not (never 'maintenance'). */
  health: MonitorHealth;
  /** A `went_down` was emitted and its `recovered` not yet. */
  outageOpen: boolean;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  lastCheckAt: Date | null;
  lastLatencyMs: number | null;
}

export interface CheckResult {
  at: InstantInput;
  status: CheckStatus;
  latencyMs?: number | null;
  message?: string | null;
}

export type MonitorTransition =
  | { type: 'went_down'; at: Date; consecutiveFailures: number }
  | { type: 'recovered'; at: Date; consecutiveSuccesses: number; duringMaintenance: boolean }
  | { type: 'entered_maintenance'; at: Date; health: MonitorHealth }
  | { type: 'left_maintenance'; at: Date; state: MonitorState };

export interface MonitorStep {
  record: MonitorStateRecord;
  /** In order of occurrence; e.g. left_maintenance then went_down. */
  events: MonitorTransition[];
  /** True when the input was out of order or a duplicate and changed nothing. */
  ignored: boolean;
  /** Displayed state changed. */
  stateChanged: boolean;
}

export function initialMonitorState(): MonitorStateRecord {
  return {
    state: 'unknown',
    since: null,
    health: 'unknown',
    outageOpen: false,
    consecutiveFailures: 0,
    consecutiveSuccesses: 0,
    lastCheckAt: null,
    lastLatencyMs: null,
  };
}

export function validateMonitorConfig(config: MonitorConfig): MonitorConfig {
  for (const [k, v] of Object.entries(config)) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${k} must be an integer >= 1, got ${v}`);
  }
  return config;
}

/** Health from the counters alone, given the previous health (hysteresis). */
export function nextHealth(
  previous: MonitorHealth,
  consecutiveFailures: number,
  consecutiveSuccesses: number,
  config: MonitorConfig = DEFAULT_MONITOR_CONFIG,
): MonitorHealth {
  if (consecutiveFailures >= config.failuresToDown) return 'down';
  if (consecutiveSuccesses >= config.successesToUp) return 'up';
  if (previous === 'up' || previous === 'down') return previous;
  return consecutiveFailures + consecutiveSuccesses > 0 ? 'pending' : previous;
}

/**
 * Rebuilds a full record from what the `monitors` table stores today (state, counters, times)
 * plus whether the monitor has an unresolved incident (consulted only for 'maintenance'). Where the stored state is 'maintenance'
 * the health is restored from the counters (the counters alone cannot tell a confirmed state
 * held through a blip, so a value below both thresholds reads 'pending').
 */
export function restoreMonitorState(
  stored: {
    state: MonitorState;
    since: InstantInput | null;
    consecutiveFailures: number;
    consecutiveSuccesses: number;
    lastCheckAt: InstantInput | null;
    lastLatencyMs?: number | null;
  },
  hasOpenIncident: boolean,
  config: MonitorConfig = DEFAULT_MONITOR_CONFIG,
): MonitorStateRecord {
  const health: MonitorHealth =
    stored.state === 'maintenance'
      ? nextHealth('pending', stored.consecutiveFailures, stored.consecutiveSuccesses, config)
      : stored.state;
  return {
    state: stored.state,
    since: stored.since == null ? null : new Date(toMillis(stored.since)),
    health: health === 'pending' && stored.consecutiveFailures + stored.consecutiveSuccesses === 0 ? 'unknown' : health,
    // Outside maintenance the invariant fixes it; inside, only the incident table knows.
    outageOpen: stored.state === 'maintenance' ? hasOpenIncident : stored.state === 'down',
    consecutiveFailures: stored.consecutiveFailures,
    consecutiveSuccesses: stored.consecutiveSuccesses,
    lastCheckAt: stored.lastCheckAt == null ? null : new Date(toMillis(stored.lastCheckAt)),
    lastLatencyMs: stored.lastLatencyMs ?? null,
  };
}

/** Extra hint for technicians while a confirmed state is being challenged. */
export function healthHint(record: MonitorStateRecord): 'suspect' | 'recovering' | null {
  if (record.health === 'up' && record.consecutiveFailures > 0) return 'suspect';
  if (record.health === 'down' && record.consecutiveSuccesses > 0) return 'recovering';
  return null;
}

/** Settles displayed state and announcements after health or maintenance may have changed. */
function settle(r: MonitorStateRecord, inMaintenance: boolean, atMs: number, events: MonitorTransition[]): void {
  const at = new Date(atMs);
  const wasMaintenance = r.state === 'maintenance';
  if (inMaintenance && !wasMaintenance) events.push({ type: 'entered_maintenance', at, health: r.health });
  if (!inMaintenance && wasMaintenance) events.push({ type: 'left_maintenance', at, state: r.health });
  if (r.health === 'up' && r.outageOpen) {
    events.push({ type: 'recovered', at, consecutiveSuccesses: r.consecutiveSuccesses, duringMaintenance: inMaintenance });
    r.outageOpen = false;
  }
  if (!inMaintenance && r.health === 'down' && !r.outageOpen) {
    events.push({ type: 'went_down', at, consecutiveFailures: r.consecutiveFailures });
    r.outageOpen = true;
  }
  const display: MonitorState = inMaintenance ? 'maintenance' : r.health;
  if (display !== r.state) {
    r.state = display;
    r.since = at;
  }
}

/**
 * Applies one check result. `inMaintenance` = whether a maintenance window covers `check.at`
 * (see `isInMaintenance`).
 */
export function applyCheck(
  record: MonitorStateRecord,
  check: CheckResult,
  config: MonitorConfig = DEFAULT_MONITOR_CONFIG,
  inMaintenance = false,
): MonitorStep {
  validateMonitorConfig(config);
  const atMs = toMillis(check.at);
  if (record.lastCheckAt && atMs <= record.lastCheckAt.getTime()) {
    return { record, events: [], ignored: true, stateChanged: false };
  }
  const r: MonitorStateRecord = { ...record };
  if (check.status === 'up') {
    r.consecutiveSuccesses++;
    r.consecutiveFailures = 0;
  } else {
    r.consecutiveFailures++;
    r.consecutiveSuccesses = 0;
  }
  r.health = nextHealth(r.health, r.consecutiveFailures, r.consecutiveSuccesses, config);
  r.lastCheckAt = new Date(atMs);
  r.lastLatencyMs = check.latencyMs ?? null;
  const events: MonitorTransition[] = [];
  settle(r, inMaintenance, atMs, events);
  return { record: r, events, ignored: false, stateChanged: r.state !== record.state };
}

/**
 * Applies a maintenance boundary without a check (a timer tick at a window's start or end), so
 * the wall shows `maintenance` on time even for a monitor whose next check is a while away.
 * Idempotent: calling it again with the same flag changes nothing.
 */
export function applyMaintenance(record: MonitorStateRecord, inMaintenance: boolean, at: InstantInput): MonitorStep {
  const r: MonitorStateRecord = { ...record };
  const events: MonitorTransition[] = [];
  settle(r, inMaintenance, toMillis(at), events);
  return { record: events.length || r.state !== record.state ? r : record, events, ignored: false, stateChanged: r.state !== record.state };
}

// ---------------------------------------------------------------- push monitors
//
// A push monitor's silence counts only while Pantau could have heard it. After Pantau starts
// (the prober's start), after the live state is rebuilt (Redis lost its data, so pushes were
// refused meanwhile) and after Redis answers again, each push monitor gets a fresh interval +
// grace before silence counts: silence is measured from max(last heartbeat, listening since).
// A sender that stayed quiet while Pantau itself was down is not the service's outage; one that
// stays quiet a full interval + grace after Pantau is listening again is. A push inside that
// window keeps it UP as always. Each prober shard keeps its own "listening since" (its own
// start), so restarting one shard never resets the others' monitors; a rebuild resets all.

/**
 * How many expected heartbeats are overdue: beat k is expected at last + k*interval and counts
 * as missed once `now` is past it by more than `grace`. 0 while silence <= interval + grace.
 * For a monitor that never sent anything, pass its creation time as `lastHeartbeatAt`.
 */
export function missedHeartbeats(
  lastHeartbeatAt: InstantInput,
  intervalSeconds: number,
  graceSeconds: number,
  now: InstantInput,
): number {
  if (!(intervalSeconds > 0) || !(graceSeconds >= 0)) throw new RangeError('intervalSeconds must be > 0 and graceSeconds >= 0');
  const silenceMs = toMillis(now) - toMillis(lastHeartbeatAt);
  const overMs = silenceMs - graceSeconds * 1000;
  if (overMs <= 0) return 0;
  // Beats k >= 1 with k*interval < overMs.
  return Math.ceil(overMs / (intervalSeconds * 1000)) - 1;
}

/** When a push monitor's silence began to count: its last heartbeat, or when Pantau was listening again if later. */
export function silenceSince(lastHeartbeatAt: InstantInput, listeningSince?: InstantInput | null): number {
  const last = toMillis(lastHeartbeatAt);
  return listeningSince == null ? last : Math.max(last, toMillis(listeningSince));
}

/**
 * Failure results for the missed heartbeats, timed at the moment each was given up on
 * (last + k*interval + grace, `last` being `silenceSince`), skipping those at or before `lastCheckAt` (already applied), oldest
 * first and at most `limit`. Feed them to `applyCheck`; the same tick repeated yields nothing new.
 */
export function syntheticFailures(options: {
  lastHeartbeatAt: InstantInput;
  /** Since when Pantau could have heard a push (see above); silence before it does not count. */
  listeningSince?: InstantInput | null;
  lastCheckAt?: InstantInput | null;
  intervalSeconds: number;
  graceSeconds: number;
  now: InstantInput;
  limit?: number;
}): CheckResult[] {
  const { intervalSeconds, graceSeconds, limit = 100 } = options;
  const last = silenceSince(options.lastHeartbeatAt, options.listeningSince);
  const missed = missedHeartbeats(last, intervalSeconds, graceSeconds, options.now);
  const after = options.lastCheckAt == null ? -Infinity : toMillis(options.lastCheckAt);
  const out: CheckResult[] = [];
  const intervalMs = intervalSeconds * 1000;
  const graceMs = graceSeconds * 1000;
  // Jump straight to the first beat not yet applied instead of walking a long silence.
  const firstK = Math.max(1, Math.floor((after - last - graceMs) / intervalMs) + 1);
  for (let k = firstK; k <= missed && out.length < limit; k++) {
    const at = last + k * intervalMs + graceMs;
    if (at <= after) continue;
    out.push({ at: new Date(at), status: 'down', latencyMs: null, message: 'no heartbeat / tidak ada heartbeat' });
  }
  return out;
}
