import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyChannelUpdate,
  stateAsOf,
  type ChannelUpdate,
  type ComplaintEffect,
  type ComplaintState,
} from '../../../../server/domain/complaints/complaint-lifecycle.ts';
import { COMPLAINT_STATUSES, isOpenStatus } from '../../../../shared/domain-constants.ts';
import { wibIso } from './complaint-fixtures.ts';

const u = (status: ChannelUpdate['status'], atWib: string, extra: Partial<ChannelUpdate> = {}): ChannelUpdate => ({
  id: 'MRK-1',
  category: 'jalan-rusak',
  status,
  occurredAt: `${atWib}+07:00`,
  ...extra,
});

function applyAll(updates: ChannelUpdate[]): { state: ComplaintState; effects: ComplaintEffect[][] } {
  let s: ComplaintState | null = null;
  const effects: ComplaintEffect[][] = [];
  for (const x of updates) {
    const r = applyChannelUpdate(s, x);
    s = r.state;
    effects.push(r.effects);
  }
  return { state: s!, effects };
}

describe('applyChannelUpdate', () => {
  it('creates a complaint from its first update', () => {
    const r = applyChannelUpdate(null, u('received', '2026-03-17T10:00', { kecamatan: '12.71.01' }));
    expect(r.applied).toBe(true);
    expect(r.effects).toEqual([
      { kind: 'created' },
      { kind: 'opened' },
      { kind: 'statusChanged', from: null, to: 'received' },
      { kind: 'kecamatanChanged', from: null, to: '12.71.01' },
    ]);
    expect(r.state).toMatchObject({
      id: 'MRK-1',
      status: 'received',
      statusAt: wibIso('2026-03-17T10:00'),
      submittedAt: wibIso('2026-03-17T10:00'),
      submittedAtExplicit: false,
      kecamatan: '12.71.01',
      opd: null,
    });
    expect(r.historyAdded).toHaveLength(1);
  });

  it('does not let an older update overwrite a newer status; keeps it in history as a late fact', () => {
    let s = applyChannelUpdate(null, u('received', '2026-03-17T10:00')).state;
    s = applyChannelUpdate(s, u('dispatched', '2026-03-18T09:00', { opd: 'SDABMBK' })).state;
    s = applyChannelUpdate(s, u('resolved', '2026-03-26T15:00')).state;
    const late = applyChannelUpdate(s, u('in_progress', '2026-03-25T09:00', { actor: 'operator SDABMBK' }));
    expect(late.applied).toBe(false);
    expect(late.state.status).toBe('resolved');
    expect(late.state.statusAt).toBe(wibIso('2026-03-26T15:00'));
    expect(late.effects).toEqual([
      { kind: 'lateFact', status: 'in_progress', at: wibIso('2026-03-25T09:00'), currentStatus: 'resolved', currentAt: wibIso('2026-03-26T15:00') },
    ]);
    expect(late.state.history.map((e) => [e.from, e.to])).toEqual([
      [null, 'received'],
      ['received', 'dispatched'],
      ['dispatched', 'in_progress'],
      ['in_progress', 'resolved'],
    ]);
    expect(late.historyAdded[0]).toMatchObject({ to: 'in_progress', from: 'dispatched', origin: 'channel' });
  });

  it('accepts skipped steps: received -> resolved', () => {
    let r = applyChannelUpdate(null, u('received', '2026-03-17T10:00'));
    r = applyChannelUpdate(r.state, u('resolved', '2026-03-20T10:00'));
    expect(r.state.status).toBe('resolved');
    expect(r.effects).toEqual([{ kind: 'closed' }, { kind: 'statusChanged', from: 'received', to: 'resolved' }]);
  });

  it('takes an OPD named by a skipped-to status as its (implied) dispatch', () => {
    let r = applyChannelUpdate(null, u('received', '2026-03-17T10:00'));
    r = applyChannelUpdate(r.state, u('in_progress', '2026-03-18T10:00', { opd: 'DISHUB', actor: 'operator' }));
    expect(r.state.opd).toBe('DISHUB');
    expect(r.state.history[1].dispatch).toEqual({ kind: 'first', opd: 'DISHUB', implied: true, previousOpd: null, misroutedBy: null });
    expect(r.effects).toContainEqual({ kind: 'opdChanged', from: null, to: 'DISHUB' });
  });

  it('ignores a re-delivered update', () => {
    const first = applyChannelUpdate(null, u('received', '2026-03-17T10:00'));
    const again = applyChannelUpdate(first.state, u('received', '2026-03-17T10:00', { eventRef: 'other-batch:3' }));
    expect(again.effects).toEqual([]);
    expect(again.historyAdded).toEqual([]);
    expect(again.applied).toBe(false);
    expect(again.state).toEqual(first.state);
  });

  it('counts a channel re-route, and withdraws it when a late fact shows the first OPD had finished', () => {
    let s = applyChannelUpdate(null, u('received', '2026-03-16T10:00')).state;
    s = applyChannelUpdate(s, u('dispatched', '2026-03-16T11:00', { opd: 'DLH', actor: 'dispatcher-b' })).state;
    const rr = applyChannelUpdate(s, u('dispatched', '2026-03-20T11:00', { opd: 'SDABMBK', actor: 'dispatcher-c' }));
    expect(rr.effects).toContainEqual({
      kind: 'rerouted',
      at: wibIso('2026-03-20T11:00'),
      fromOpd: 'DLH',
      toOpd: 'SDABMBK',
      category: 'jalan-rusak',
      misroutedBy: 'dispatcher-b',
      reroutedBy: 'dispatcher-c',
    });
    const late = applyChannelUpdate(rr.state, u('resolved', '2026-03-18T11:00'));
    expect(late.effects).toContainEqual({
      kind: 'rerouteWithdrawn',
      at: wibIso('2026-03-20T11:00'),
      fromOpd: 'DLH',
      toOpd: 'SDABMBK',
      category: 'jalan-rusak',
      misroutedBy: 'dispatcher-b',
    });
    expect(late.state.history.at(-1)?.dispatch?.kind).toBe('redispatch');
  });

  it('counts same-instant re-routes separately (regression found by the counter property)', () => {
    const at = (m: number) => new Date(Date.parse('2026-03-16T01:00:00Z') + m * 60_000).toISOString();
    const xs: ChannelUpdate[] = [
      { id: 'P-1', category: 'jalan-rusak', status: 'in_progress', occurredAt: at(11), opd: 'DISHUB' },
      { id: 'P-1', category: 'jalan-rusak', status: 'closed', occurredAt: at(11), opd: 'SDABMBK', actor: 'a' },
      { id: 'P-1', category: 'jalan-rusak', status: 'dispatched', occurredAt: at(11), opd: 'SDABMBK', actor: 'a' },
      { id: 'P-1', category: 'jalan-rusak', status: 'dispatched', occurredAt: at(0), opd: 'DISHUB' },
    ];
    const { state, effects } = applyAll(xs);
    const flat = effects.flat();
    const net = flat.filter((e) => e.kind === 'rerouted').length - flat.filter((e) => e.kind === 'rerouteWithdrawn').length;
    expect(state.history.filter((e) => e.dispatch?.kind === 'reroute')).toHaveLength(3);
    expect(net).toBe(3);
  });

  it('a repeated dispatch to the same OPD is not a new dispatch', () => {
    let s = applyChannelUpdate(null, u('dispatched', '2026-03-16T11:00', { opd: 'DLH' })).state;
    s = applyChannelUpdate(s, u('dispatched', '2026-03-17T11:00', { opd: 'DLH', note: 'kirim ulang' })).state;
    expect(s.history.map((e) => e.dispatch?.kind ?? null)).toEqual(['first', null]);
  });

  it('category: the newest source time wins; kecamatan is never erased by an update without one', () => {
    let s = applyChannelUpdate(null, u('received', '2026-03-17T10:00', { kecamatan: '12.71.01' })).state;
    const re = applyChannelUpdate(s, u('verified', '2026-03-17T11:00', { category: 'drainase' }));
    expect(re.effects).toContainEqual({ kind: 'categoryChanged', from: 'jalan-rusak', to: 'drainase' });
    s = re.state;
    expect(s).toMatchObject({ category: 'drainase', kecamatan: '12.71.01' });
    s = applyChannelUpdate(s, u('received', '2026-03-17T09:00', { category: 'sampah', kecamatan: '12.71.02' })).state;
    expect(s).toMatchObject({ category: 'drainase', kecamatan: '12.71.01' });
    const moved = applyChannelUpdate(s, u('dispatched', '2026-03-18T09:00', { category: 'drainase', kecamatan: '12.71.03', opd: 'SDABMBK' }));
    expect(moved.effects).toContainEqual({ kind: 'kecamatanChanged', from: '12.71.01', to: '12.71.03' });
  });

  it('submittedAt: a stated time wins over inferred ones; the earliest stated wins', () => {
    let s = applyChannelUpdate(null, u('dispatched', '2026-03-18T09:00', { opd: 'DLH' })).state;
    expect(s.submittedAt).toBe(wibIso('2026-03-18T09:00'));
    s = applyChannelUpdate(s, u('in_progress', '2026-03-19T09:00', { submittedAt: '2026-03-17T20:00+07:00' })).state;
    expect(s).toMatchObject({ submittedAt: wibIso('2026-03-17T20:00'), submittedAtExplicit: true });
    s = applyChannelUpdate(s, u('verified', '2026-03-17T21:00')).state;
    expect(s.submittedAt).toBe(wibIso('2026-03-17T20:00'));
  });

  it('refuses an update for another complaint and unknown statuses', () => {
    const s = applyChannelUpdate(null, u('received', '2026-03-17T10:00')).state;
    expect(() => applyChannelUpdate(s, { ...u('verified', '2026-03-17T11:00'), id: 'MRK-2' })).toThrow(RangeError);
    expect(() => applyChannelUpdate(s, u('lost' as ChannelUpdate['status'], '2026-03-17T11:00'))).toThrow(RangeError);
    expect(() => applyChannelUpdate(s, u('verified', 'besok'))).toThrow(RangeError);
  });

  it('stateAsOf shows the complaint as it stood then', () => {
    let s = applyChannelUpdate(null, u('received', '2026-03-17T10:00')).state;
    s = applyChannelUpdate(s, u('dispatched', '2026-03-18T09:00', { opd: 'SDABMBK' })).state;
    expect(stateAsOf(s, wibIso('2026-03-17T12:00'))).toMatchObject({ status: 'received', opd: null });
    expect(stateAsOf(s, wibIso('2026-03-17T09:00'))).toBeNull();
    expect(stateAsOf(s, wibIso('2026-03-19T09:00'))).toBe(s);
  });
});

// ------------------------------------------------------------------ properties

const base = Date.parse('2026-03-16T01:00:00Z');
// few distinct minutes, so that equal timestamps (ties) happen often
const updateArb = fc.record({
  status: fc.constantFrom(...COMPLAINT_STATUSES),
  minute: fc.integer({ min: 0, max: 12 }),
  opd: fc.constantFrom(null, 'DLH', 'SDABMBK', 'DISHUB'),
  actor: fc.constantFrom(null, 'a', 'b'),
  category: fc.constantFrom('jalan-rusak', 'drainase'),
  kecamatan: fc.constantFrom(null, '12.71.01', '12.71.02'),
  submittedMinute: fc.option(fc.integer({ min: -5, max: 12 }), { nil: null }),
  duplicateOf: fc.constantFrom(null, 'X-9'),
});
type Gen = fc.Arbitrary<ChannelUpdate[]>;
const toUpdate = (g: { status: ChannelUpdate['status']; minute: number; opd: string | null; actor: string | null; category: string; kecamatan: string | null; submittedMinute: number | null; duplicateOf: string | null }): ChannelUpdate => ({
  id: 'P-1',
  status: g.status,
  occurredAt: new Date(base + g.minute * 60_000).toISOString(),
  opd: g.opd,
  actor: g.actor,
  category: g.category,
  kecamatan: g.kecamatan,
  submittedAt: g.submittedMinute === null ? null : new Date(base + g.submittedMinute * 60_000).toISOString(),
  duplicateOf: g.duplicateOf,
});
const updatesArb: Gen = fc.array(updateArb, { minLength: 1, maxLength: 12 }).map((xs) => xs.map(toUpdate));

/** A permutation of xs, driven by fast-check (so it shrinks). */
const withPermutation = updatesArb.chain((xs) =>
  fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: xs.length, maxLength: xs.length }).map((keys) => ({
    xs,
    shuffled: xs.map((x, i) => [keys[i], x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x),
  })),
);

describe('channel update properties', () => {
  it('any arrival order gives the same final state as applying them sorted by time', () => {
    fc.assert(
      fc.property(withPermutation, ({ xs, shuffled }) => {
        const sorted = [...xs].sort((a, b) => Date.parse(String(a.occurredAt)) - Date.parse(String(b.occurredAt)));
        expect(applyAll(shuffled).state).toEqual(applyAll(sorted).state);
      }),
      { numRuns: 1000 },
    );
  });

  it('re-delivering updates changes nothing', () => {
    fc.assert(
      fc.property(updatesArb, fc.nat(), (xs, k) => {
        const once = applyAll(xs).state;
        const dup = xs[k % xs.length];
        const r = applyChannelUpdate(once, dup);
        expect(r.state).toEqual(once);
        expect(r.effects).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('effects keep live counters exact: opened/closed, OPD, re-routes', () => {
    fc.assert(
      fc.property(withPermutation, ({ shuffled }) => {
        const { state, effects } = applyAll(shuffled);
        const flat = effects.flat();
        const open = flat.filter((e) => e.kind === 'opened').length - flat.filter((e) => e.kind === 'closed').length;
        expect(open).toBe(isOpenStatus(state.status) ? 1 : 0);
        let opd: string | null = null;
        let kec: string | null = null;
        let reroutes = 0;
        for (const e of flat) {
          if (e.kind === 'opdChanged') {
            expect(e.from).toBe(opd);
            opd = e.to;
          }
          if (e.kind === 'kecamatanChanged') {
            expect(e.from).toBe(kec);
            kec = e.to;
          }
          if (e.kind === 'rerouted') reroutes++;
          if (e.kind === 'rerouteWithdrawn') reroutes--;
        }
        expect(opd).toBe(state.opd);
        expect(kec).toBe(state.kecamatan);
        expect(reroutes).toBe(state.history.filter((e) => e.dispatch?.kind === 'reroute').length);
      }),
      { numRuns: 3000 },
    );
  });

  it('history stays sorted, every status defined, from-links consistent', () => {
    fc.assert(
      fc.property(withPermutation, ({ shuffled }) => {
        const { state } = applyAll(shuffled);
        const h = state.history;
        expect(state.status).toBe(h[h.length - 1].to);
        for (let i = 0; i < h.length; i++) {
          expect(COMPLAINT_STATUSES).toContain(h[i].to);
          expect(h[i].from).toBe(i === 0 ? null : h[i - 1].to);
          if (i > 0) expect(Date.parse(h[i].at)).toBeGreaterThanOrEqual(Date.parse(h[i - 1].at));
        }
      }),
      { numRuns: 300 },
    );
  });
});
