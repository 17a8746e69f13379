import { describe, expect, it } from 'vitest';
import { LiveStore } from '../../../client/src/live/live-store.svelte.ts';
import { RESYNC_RETRY_MS } from '../../../client/src/live/live-sync.ts';
import { delta, snapshot } from './fixtures.ts';

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
    store.markConnected();
    store.receiveSnapshot(snapshot(5), 1_000);
    store.markAlive(4_000);
    expect(store.lastDataAt).toBe(4_000);
    store.markDisconnected(5_000);
    expect(store.status).toBe('reconnecting');
    expect(store.lastDataAt).toBe(5_000);
    store.markAlive(6_000); // not connected: no effect
    expect(store.lastDataAt).toBe(5_000);
    expect(store.kpi?.complaintsToday).toBe(10); // the data stays on screen
    store.markConnected();
    expect(store.status).toBe('reconnecting');
    store.receiveSnapshot(snapshot(20, 'e2'), 7_000);
    expect(store.status).toBe('live');
    expect(store.epoch).toBe('e2');
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
