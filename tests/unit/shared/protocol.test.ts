import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyDelta, emptyLiveState, judgeDelta, RECENT_COMPLAINTS_LIMIT, type Delta, type PublicComplaint } from '../../../shared/protocol.ts';

const complaintAt = (id: string, minute: number): PublicComplaint => ({
  id,
  channel: 'MRK',
  category: 'sampah',
  kecamatan: '12.71.01',
  opd: null,
  status: 'received',
  privacy: 'public',
  submittedAt: new Date(Date.UTC(2026, 10, 22, 1, minute)).toISOString(),
  title: null,
  text: 'x',
  location: null,
});

const hash = (text: string, seed: number) => [...text].reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 16777619), seed) >>> 0;

const delta = (seq: number, patch: Partial<Delta> = {}): Delta => ({ room: 'wall', seq, epoch: 'e1', at: '', ...patch });

describe('judgeDelta', () => {
  it('applies the next sequence number, ignores old ones, and asks for a snapshot on a gap or a new epoch', () => {
    expect(judgeDelta({ seq: 4, epoch: 'e1' }, delta(5))).toBe('apply');
    expect(judgeDelta({ seq: 4, epoch: 'e1' }, delta(4))).toBe('stale');
    expect(judgeDelta({ seq: 4, epoch: 'e1' }, delta(6))).toBe('gap');
    expect(judgeDelta({ seq: 4, epoch: 'e0' }, delta(5))).toBe('gap');
    expect(judgeDelta(null, delta(1))).toBe('gap');
  });
});

describe('applyDelta', () => {
  it('merges current values (never adds them), so applying the same delta twice changes nothing', () => {
    const s = emptyLiveState('2026-11-22');
    const d = delta(1, {
      kpi: { complaintsOpen: 7 },
      kecamatan: { '12.71.01': { code: '12.71.01', open: 3, overdue: 1 } },
      complaints: [complaintAt('a', 1)],
      monitors: { mrk: { code: 'mrk', name: 'MRK', opd: 'DISKOMINFO', state: 'down', since: null, lastCheckAt: null, latencyMs: null, incident: null } },
    });
    applyDelta(s, d);
    const once = structuredClone(s);
    applyDelta(s, d);
    expect(s).toEqual(once);
    expect(s.kpi.complaintsOpen).toBe(7);
    applyDelta(s, delta(2, { monitors: { mrk: null } }));
    expect(s.monitors).toEqual({});
  });

  it('keeps the most recent complaints first, unique by id, capped', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 80 }), fc.integer({ min: 0, max: 59 })), { maxLength: 200 }), (items) => {
        const s = emptyLiveState('2026-11-22');
        items.forEach(([id, minute], i) => applyDelta(s, delta(i + 1, { complaints: [complaintAt(String(id), minute)] })));
        const ids = s.complaints.map((c) => c.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length).toBeLessThanOrEqual(RECENT_COMPLAINTS_LIMIT);
        for (let i = 1; i < s.complaints.length; i++) expect(s.complaints[i - 1].submittedAt >= s.complaints[i].submittedAt).toBe(true);
      }),
    );
  });

  it('keeps the same 60 whatever order complaints of the same millisecond arrive in (as a fresh snapshot has them)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 8, maxLength: 8 }), fc.integer({ min: 0, max: 3 })), { minLength: 61, maxLength: 150, selector: ([id]) => id }),
        fc.integer(),
        (items, seed) => {
          // The server's order: time, then id (its sorted set's score, then member).
          const expected = [...items]
            .sort(([a, ma], [b, mb]) => (ma !== mb ? mb - ma : a < b ? 1 : a > b ? -1 : 0))
            .slice(0, RECENT_COMPLAINTS_LIMIT)
            .map(([id]) => id);
          const arrival = [...items].sort(([a], [b]) => hash(a, seed) - hash(b, seed));
          const s = emptyLiveState('2026-11-22');
          arrival.forEach(([id, minute], i) => applyDelta(s, delta(i + 1, { complaints: [complaintAt(id, minute)] })));
          expect(s.complaints.map((c) => c.id)).toEqual(expected);
        },
      ),
    );
  });

  it('replaces minute buckets by time and keeps the last hour in order', () => {
    const s = emptyLiveState('2026-11-22');
    const t = (m: number) => new Date(Date.UTC(2026, 10, 22, 0, m)).toISOString();
    s.minutes = Array.from({ length: 60 }, (_, m) => ({ t: t(m), complaints: 1, uploads: 0, heartbeats: 0 }));
    applyDelta(s, delta(1, { minutes: [{ t: t(59), complaints: 5, uploads: 0, heartbeats: 0 }, { t: t(60), complaints: 2, uploads: 0, heartbeats: 0 }] }));
    expect(s.minutes).toHaveLength(60);
    expect(s.minutes.at(-1)).toMatchObject({ t: t(60), complaints: 2 });
    expect(s.minutes.at(-2)).toMatchObject({ t: t(59), complaints: 5 });
    expect(s.minutes[0].t).toBe(t(1));
  });
});
