import { describe, expect, it } from 'vitest';
import { LiveStore } from '../../../client/src/live/live-store.svelte.ts';
import { RESYNC_RETRY_MS } from '../../../client/src/live/live-sync.ts';
import { LIVE_WITHIN_MS, type Keepalive } from '../../../shared/protocol.ts';
import { delta, snapshot } from './fixtures.ts';

const keepalive = (ok: boolean, at: number): Keepalive => ({ at: new Date(at).toISOString(), ok, problem: ok ? null : 'redis', dataAt: null });

describe('LiveStore', () => {
  it('goes connecting -> live on the first snapshot after connect', () => {
    const store = new LiveStore('wall');
    expect(store.status).toBe('connecting');
    expect(store.hasData).toBe(false);
    store.markConnected();
    expect(store.status).toBe('connecting');
    store.receiveSnapshot(snapshot(5), 1_000);
    expect(store.status).toBe('live');
    expect(store.seq).toBe(5);
    expect(store.epoch).toBe('e1');
    expect(store.kpi?.complaintsToday).toBe(10);
    expect(store.lastDataAt).toBe(1_000);
  });

  it('republishes only the parts a delta changed', () => {
    const store = new LiveStore('wall');
    store.markConnected();
    store.receiveSnapshot(snapshot(5), 0);
    const kpi = store.kpi;
    const complaints = store.complaints;
    expect(store.receiveDelta(delta(6, { kecamatan: { '12.71.01': { code: '12.71.01', open: 6, overdue: 1 } } }), 10)).toBe(false);
    expect(store.kpi).toBe(kpi);
    expect(store.complaints).toBe(complaints);
    expect(store.kecamatan['12.71.01'].open).toBe(6);
    expect(store.seq).toBe(6);
    expect(store.lastDataAt).toBe(10);
  });

  it('returns true (resync needed) on a gap, and asks again only after the retry delay', () => {
    const store = new LiveStore('wall');
    store.markConnected();
    store.receiveSnapshot(snapshot(5), 0);
    expect(store.receiveDelta(delta(8), 100)).toBe(true);
    expect(store.receiveDelta(delta(9), 200)).toBe(false);
    expect(store.takeOverdueResync(100 + RESYNC_RETRY_MS - 1)).toBe(false);
    expect(store.takeOverdueResync(100 + RESYNC_RETRY_MS)).toBe(true);
    expect(store.takeOverdueResync(100 + RESYNC_RETRY_MS + 1)).toBe(false);
    store.receiveSnapshot(snapshot(9), 300);
    expect(store.takeOverdueResync(1e9)).toBe(false);
    expect(store.seq).toBe(9);
  });

  it('shows reconnecting with the time data was last known current, then live again after the new snapshot', () => {
    const store = new LiveStore('wall');
    store.markConnected(0);
    store.receiveSnapshot(snapshot(5), 1_000);
    store.receiveKeepalive(keepalive(true, 4_000), 4_000);
    expect(store.lastDataAt).toBe(4_000);
    store.markDisconnected(5_000);
    expect(store.status).toBe('reconnecting');
    expect(store.lastDataAt).toBe(4_000);
    expect(store.kpi?.complaintsToday).toBe(10); // the data stays on screen
    store.markConnected(6_000);
    expect(store.status).toBe('reconnecting');
    store.receiveKeepalive(keepalive(true, 6_100), 6_100); // the server answers, the snapshot is on its way
    expect(store.status).toBe('reconnecting');
    expect(store.lastDataAt).toBe(4_000);
    store.receiveSnapshot(snapshot(20, 'e2'), 7_000);
    expect(store.status).toBe('live');
    expect(store.epoch).toBe('e2');
  });

  it('is stale while the server says its pipeline is degraded, and when it says nothing in time', () => {
    const store = new LiveStore('wall');
    store.markConnected(0);
    // Opened while the server is degraded: says so at once, before any data.
    store.receiveKeepalive(keepalive(false, 100), 100);
    expect(store.status).toBe('stale');
    expect(store.lastDataAt).toBeNull();
    store.receiveSnapshot(snapshot(5), 1_000);
    expect(store.status).toBe('live');
    store.checkLiveness(1_000 + LIVE_WITHIN_MS);
    expect(store.status).toBe('live');
    store.checkLiveness(1_001 + LIVE_WITHIN_MS);
    expect(store.status).toBe('stale');
    expect(store.lastDataAt).toBe(1_000);
  });

  it('stays connecting when the first connection drops before any data', () => {
    const store = new LiveStore('wall');
    store.markDisconnected(1_000);
    expect(store.status).toBe('connecting');
    expect(store.lastDataAt).toBeNull();
  });

  it('tracks the server clock offset from message times', () => {
    const store = new LiveStore('wall');
    store.markConnected();
    const at = Date.parse('2026-03-05T07:30:00.000Z');
    store.receiveSnapshot(snapshot(1), at - 2_000);
    expect(store.serverOffsetMs).toBe(2_000);
    expect(store.now(at)).toBe(at + 2_000);
  });
});

describe('reload for a new protocol version', () => {
  it('reloads once, then not again within the guard time', async () => {
    const { reloadForNewVersion, RELOAD_GUARD_MS } = await import('../../../client/src/live/live-connection.ts');
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    let reloads = 0;
    expect(reloadForNewVersion('x', storage, () => reloads++, 1_000_000)).toBe(true);
    expect(reloadForNewVersion('x', storage, () => reloads++, 1_000_000 + RELOAD_GUARD_MS - 1)).toBe(false);
    expect(reloadForNewVersion('x', storage, () => reloads++, 1_000_000 + RELOAD_GUARD_MS)).toBe(true);
    expect(reloads).toBe(2);
  });
});
