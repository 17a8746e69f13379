// When each monitor is checked. Every monitor gets a fixed phase inside its interval (from a
// hash of its id), so 10,000 monitors at 30 s spread evenly instead of all firing at :00 and :30,
// and a restart keeps the same rhythm. Pure.
import { createHash } from 'node:crypto';

export function phaseMs(monitorId: string, intervalMs: number): number {
  const h = createHash('sha1').update(monitorId).digest();
  return h.readUInt32BE(0) % intervalMs;
}

/** The first due time strictly after `afterMs` on the monitor's grid (phase + k * interval). */
export function nextDueAfter(afterMs: number, monitorId: string, intervalMs: number): number {
  const phase = phaseMs(monitorId, intervalMs);
  const k = Math.floor((afterMs - phase) / intervalMs) + 1;
  return phase + k * intervalMs;
}
