// The pure heart of the live store: what to do with each snapshot and delta. No Svelte, no
// socket, no clock of its own (callers pass `now`), so every rule is unit-tested.
//
// Reactivity contract: the returned LiveState is a *new* object whose top-level parts are new
// objects only where the message changed them; untouched parts keep their identity. The Svelte
// store reassigns only the parts listed in `changed`, so a delta that touches `kpi` does not
// re-render the map, and nothing deep is proxied.
import {
  applyDelta,
  judgeDelta,
  type Delta,
  type LiveState,
  type Room,
  type Snapshot,
} from '../../../shared/protocol.ts';

export type { ConnectionStatus } from './liveness.ts';
export type LivePart = keyof LiveState;
export const LIVE_PARTS: readonly LivePart[] = ['kpi', 'complaints', 'monitors', 'kecamatan', 'opd', 'minutes'];

/** How long to wait for the snapshot a resync asked for before asking again. */
export const RESYNC_RETRY_MS = 5_000;

export interface SyncState {
  room: Room;
  state: LiveState | null;
  seq: number;
  epoch: string | null;
  /** Client time a resync was requested and its snapshot has not come yet; null otherwise. */
  resyncRequestedAt: number | null;
}

export type DeltaOutcome =
  | { kind: 'applied'; sync: SyncState; changed: LivePart[] }
  | { kind: 'ignored'; sync: SyncState; reason: 'stale' | 'awaiting-snapshot' | 'other-room' }
  | { kind: 'resync'; sync: SyncState };

export function initialSync(room: Room): SyncState {
  return { room, state: null, seq: 0, epoch: null, resyncRequestedAt: null };
}

/** A snapshot always wins: it is the server's word on the whole state, new epoch or not. */
export function receiveSnapshot(sync: SyncState, snapshot: Snapshot): { sync: SyncState; changed: LivePart[] } {
  if (snapshot.room !== sync.room) return { sync, changed: [] };
  return {
    sync: { ...sync, state: snapshot.state, seq: snapshot.seq, epoch: snapshot.epoch, resyncRequestedAt: null },
    changed: [...LIVE_PARTS],
  };
}

export function receiveDelta(sync: SyncState, delta: Delta, now: number): DeltaOutcome {
  if (delta.room !== sync.room) return { kind: 'ignored', sync, reason: 'other-room' };
  const verdict = judgeDelta(sync.state && sync.epoch !== null ? { seq: sync.seq, epoch: sync.epoch } : null, delta);
  if (verdict === 'stale') return { kind: 'ignored', sync, reason: 'stale' };
  if (verdict === 'gap') {
    // One request per gap: while the snapshot is on its way every later delta is also a gap,
    // and asking again for each would flood the server. Ask again only if it never came.
    if (sync.resyncRequestedAt !== null && now - sync.resyncRequestedAt < RESYNC_RETRY_MS) {
      return { kind: 'ignored', sync, reason: 'awaiting-snapshot' };
    }
    return { kind: 'resync', sync: { ...sync, resyncRequestedAt: now } };
  }
  const { state, changed } = applyCopyOnWrite(sync.state as LiveState, delta);
  return { kind: 'applied', sync: { ...sync, state, seq: delta.seq }, changed };
}

/** Forget the pending resync (e.g. after a reconnect, which subscribes afresh). */
export function clearResync(sync: SyncState): SyncState {
  return sync.resyncRequestedAt === null ? sync : { ...sync, resyncRequestedAt: null };
}

/** True when a resync was asked for and its snapshot is overdue. */
export function resyncOverdue(sync: SyncState, now: number): boolean {
  return sync.resyncRequestedAt !== null && now - sync.resyncRequestedAt >= RESYNC_RETRY_MS;
}

/** Records that a resync was (re-)requested at `now`. */
export function markResyncRequested(sync: SyncState, now: number): SyncState {
  return { ...sync, resyncRequestedAt: now };
}

function applyCopyOnWrite(previous: LiveState, delta: Delta): { state: LiveState; changed: LivePart[] } {
  // Shallow-copy only the parts the delta touches, then let the shared applyDelta mutate the
  // copies. applyDelta reassigns `complaints` and `minutes` itself; the records and kpi are
  // merged in place, hence the copies.
  const next: LiveState = { ...previous };
  const changed: LivePart[] = [];
  if (delta.kpi) {
    next.kpi = { ...previous.kpi };
    changed.push('kpi');
  }
  if (delta.complaints?.length) changed.push('complaints');
  if (delta.monitors) {
    next.monitors = { ...previous.monitors };
    changed.push('monitors');
  }
  if (delta.kecamatan) {
    next.kecamatan = { ...previous.kecamatan };
    changed.push('kecamatan');
  }
  if (delta.opd) {
    next.opd = { ...previous.opd };
    changed.push('opd');
  }
  if (delta.minutes?.length) changed.push('minutes');
  return { state: applyDelta(next, delta), changed };
}
