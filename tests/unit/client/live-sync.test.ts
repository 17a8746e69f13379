import { describe, expect, it } from 'vitest';
import { initialSync, markResyncRequested, receiveDelta, receiveSnapshot, resyncOverdue, RESYNC_RETRY_MS, type SyncState } from '../../../client/src/live/live-sync.ts';
import { complaint, delta, monitor, snapshot } from './fixtures.ts';

function synced(seq = 5, epoch = 'e1'): SyncState {
  return receiveSnapshot(initialSync('wall'), snapshot(seq, epoch)).sync;
}

describe('live sync', () => {
  it('takes a snapshot whole, with its seq and epoch, and reports every part changed', () => {
    const { sync, changed } = receiveSnapshot(initialSync('wall'), snapshot(5));
    expect(sync.seq).toBe(5);
    expect(sync.epoch).toBe('e1');
    expect(sync.state?.kpi.complaintsToday).toBe(10);
    expect(changed).toEqual(['kpi', 'complaints', 'monitors', 'kecamatan', 'opd', 'minutes']);
  });

  it('asks for a resync when a delta comes before any snapshot', () => {
    expect(receiveDelta(initialSync('wall'), delta(1), 0).kind).toBe('resync');
  });

  it('applies in-order deltas as current values and advances seq', () => {
    let sync = synced(5);
    const first = receiveDelta(sync, delta(6, { kpi: { complaintsToday: 11 } }), 0);
    expect(first.kind).toBe('applied');
    sync = first.sync;
    const second = receiveDelta(sync, delta(7, { kpi: { complaintsToday: 12 }, complaints: [complaint('c3', '2026-03-05T07:03:00.000Z')] }), 0);
    expect(second.kind).toBe('applied');
    expect(second.sync.seq).toBe(7);
    expect(second.sync.state?.kpi.complaintsToday).toBe(12);
    expect(second.sync.state?.complaints.map((c) => c.id)).toEqual(['c3', 'c2', 'c1']);
  });

  it('copies only the parts a delta touches, so untouched parts keep their identity', () => {
    const sync = synced(5);
    const before = sync.state!;
    const out = receiveDelta(sync, delta(6, { monitors: { b: monitor('b', 'down'), a: null } }), 0);
    if (out.kind !== 'applied') throw new Error(out.kind);
    expect(out.changed).toEqual(['monitors']);
    const after = out.sync.state!;
    expect(after).not.toBe(before);
    expect(after.monitors).not.toBe(before.monitors);
    expect(after.kpi).toBe(before.kpi);
    expect(after.complaints).toBe(before.complaints);
    expect(after.kecamatan).toBe(before.kecamatan);
    // The previous state object is left as it was (no in-place mutation of what Svelte holds).
    expect(before.monitors.b.state).toBe('up');
    expect(before.monitors.a).toBeDefined();
    expect(after.monitors.b.state).toBe('down');
    expect(after.monitors.a).toBeUndefined();
  });

  it('does not mutate the previous kpi object when a delta changes kpi', () => {
    const sync = synced(5);
    const kpiBefore = sync.state!.kpi;
    const out = receiveDelta(sync, delta(6, { kpi: { complaintsToday: 99 } }), 0);
    expect(kpiBefore.complaintsToday).toBe(10);
    expect(out.sync.state!.kpi.complaintsToday).toBe(99);
  });

  it('ignores a stale delta (seq at or below the current one)', () => {
    const sync = synced(5);
    for (const seq of [3, 5]) {
      const out = receiveDelta(sync, delta(seq, { kpi: { complaintsToday: 0 } }), 0);
      expect(out).toMatchObject({ kind: 'ignored', reason: 'stale' });
      expect(out.sync).toBe(sync);
    }
  });

  it('asks for a resync on a gap, once, and drops deltas until the snapshot comes', () => {
    const sync = synced(5);
    const gap = receiveDelta(sync, delta(7), 1_000);
    expect(gap.kind).toBe('resync');
    expect(gap.sync.seq).toBe(5);
    expect(gap.sync.resyncRequestedAt).toBe(1_000);
    const next = receiveDelta(gap.sync, delta(8), 1_500);
    expect(next).toMatchObject({ kind: 'ignored', reason: 'awaiting-snapshot' });
    // The snapshot arrives: back in sync, the following delta applies.
    const back = receiveSnapshot(next.sync, snapshot(8));
    expect(back.sync.resyncRequestedAt).toBeNull();
    expect(receiveDelta(back.sync, delta(9), 2_000).kind).toBe('applied');
  });

  it('asks again when the requested snapshot never came', () => {
    const gap = receiveDelta(synced(5), delta(7), 1_000);
    expect(resyncOverdue(gap.sync, 1_000 + RESYNC_RETRY_MS - 1)).toBe(false);
    expect(resyncOverdue(gap.sync, 1_000 + RESYNC_RETRY_MS)).toBe(true);
    expect(receiveDelta(gap.sync, delta(9), 1_000 + RESYNC_RETRY_MS).kind).toBe('resync');
    expect(resyncOverdue(markResyncRequested(gap.sync, 10_000), 10_001)).toBe(false);
  });

  it('treats a new epoch as a gap, even with the next seq, and restarts from its snapshot', () => {
    const sync = synced(5, 'e1');
    expect(receiveDelta(sync, delta(6, {}, 'e2'), 0).kind).toBe('resync');
    expect(receiveDelta(sync, delta(1, {}, 'e2'), 0).kind).toBe('resync');
    const restarted = receiveSnapshot(sync, snapshot(1, 'e2')).sync;
    expect(restarted).toMatchObject({ seq: 1, epoch: 'e2' });
    expect(receiveDelta(restarted, delta(2, {}, 'e2'), 0).kind).toBe('applied');
    // A late delta of the old epoch is not applied.
    expect(receiveDelta(restarted, delta(6, {}, 'e1'), 0).kind).not.toBe('applied');
  });

  it('accepts a snapshot with a lower seq (the server is authoritative)', () => {
    const sync = synced(50);
    expect(receiveSnapshot(sync, snapshot(10)).sync.seq).toBe(10);
  });
});
