// Open-loop pacing, pure. A load of R events/s in batches of B is a train of requests at fixed
// intended times t0 + k * B / R, whatever the server does; latency is measured from the
// intended time, so a stalled server shows up as latency instead of silently slowing the
// load (no coordinated omission).
import type { EventKind } from '../../shared/events.ts';

export function slotIntervalMs(eventsPerSecond: number, batchSize: number): number {
  if (eventsPerSecond <= 0) return Infinity;
  return (batchSize / eventsPerSecond) * 1000;
}

/** Intended send time of slot k (ms on the same clock as `startMs`). */
export function intendedTime(startMs: number, k: number, intervalMs: number, phaseMs = 0): number {
  return startMs + phaseMs + k * intervalMs;
}

/** Slots whose intended time has come: indices [from, to). */
export function dueSlots(startMs: number, nextSlot: number, nowMs: number, intervalMs: number, phaseMs = 0): { from: number; to: number } {
  if (!Number.isFinite(intervalMs)) return { from: nextSlot, to: nextSlot };
  const reached = Math.floor((nowMs - startMs - phaseMs) / intervalMs) + 1;
  return { from: nextSlot, to: Math.max(nextSlot, reached) };
}

/** Picks the kind furthest below its target share, so any prefix of the sequence keeps the mix. */
export class KindPicker {
  private readonly counts = new Map<EventKind, number>();
  private total = 0;
  constructor(private readonly shares: Partial<Record<EventKind, number>>) {
    for (const k of Object.keys(shares) as EventKind[]) this.counts.set(k, 0);
  }

  next(): EventKind {
    let best: EventKind | null = null;
    let bestGap = -Infinity;
    const total = this.total + 1;
    for (const [kind, share] of Object.entries(this.shares) as [EventKind, number][]) {
      if (!(share > 0)) continue;
      const gap = share - (this.counts.get(kind) ?? 0) / total;
      if (gap > bestGap) {
        bestGap = gap;
        best = kind;
      }
    }
    if (!best) throw new Error('KindPicker needs at least one positive share');
    this.counts.set(best, (this.counts.get(best) ?? 0) + 1);
    this.total += 1;
    return best;
  }
}

/** Marker events owed at `nowMs` at `perSecond`, carrying the fraction over. */
export class Accrual {
  private owed = 0;
  private last: number | null = null;
  constructor(private readonly perSecond: number) {}

  take(nowMs: number, max: number): number {
    if (this.last !== null) this.owed += ((nowMs - this.last) / 1000) * this.perSecond;
    this.last = nowMs;
    const n = Math.min(max, Math.floor(this.owed));
    this.owed -= n;
    return n;
  }
}
