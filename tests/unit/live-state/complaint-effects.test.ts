import { changedMinutes } from '../../../server/live-state/live-state-store.ts';
import { describe, expect, it } from 'vitest';
import { complaintEffects, publicComplaint, type ComplaintSnapshot } from '../../../server/live-state/complaint-effects.ts';
import { emptyEffects } from '../../../server/live-state/live-effects.ts';

const now = new Date('2026-11-22T03:00:00Z');
const base: ComplaintSnapshot = {
  id: 'c1',
  version: 1,
  channel: 'MRK',
  category: 'sampah',
  kecamatan: '12.71.01',
  opd: null,
  status: 'received',
  privacy: 'public',
  submittedAt: new Date('2026-11-22T02:59:30Z'),
  title: 'Sampah',
  text: 'Sampah menumpuk',
  lat: 3.59,
  lon: 98.67,
};

describe('complaint live effects', () => {
  it('a new open complaint counts today (WIB), in its minute, as open, and in its kecamatan', () => {
    const e = emptyEffects();
    complaintEffects(e, null, base, now);
    expect(e.incr).toEqual({
      'day:2026-11-22': { complaints: 1 },
      [`min:${Math.floor(base.submittedAt.getTime() / 60000)}`]: { complaints: 1 },
      kpi: { complaintsOpen: 1 },
      'kec:12.71.01': { open: 1 },
    });
    expect(e.complaints).toHaveLength(1);
    expect(e.changed).toEqual(expect.arrayContaining(['kpi', `min:${Math.floor(base.submittedAt.getTime() / 60000)}`, 'kec:12.71.01', 'complaints']));
  });

  it('a duplicate is counted once: merging takes it out of today, its minute and the open counts; reopening puts it back', () => {
    const minute = `min:${Math.floor(base.submittedAt.getTime() / 60000)}`;
    const merged = emptyEffects();
    complaintEffects(merged, base, { ...base, version: 2, status: 'duplicate' }, now);
    expect(merged.incr).toEqual({
      'day:2026-11-22': { complaints: -1 },
      [minute]: { complaints: -1 },
      kpi: { complaintsOpen: -1 },
      'kec:12.71.01': { open: -1 },
    });
    const reopened = emptyEffects();
    complaintEffects(reopened, { ...base, version: 2, status: 'duplicate' }, { ...base, version: 3, status: 'reopened' }, now);
    expect(reopened.incr['day:2026-11-22']).toEqual({ complaints: 1 });
    // a channel that sends a complaint already marked duplicate never counts it
    const born = emptyEffects();
    complaintEffects(born, null, { ...base, status: 'duplicate' }, now);
    expect(born.incr).toEqual({});
  });

  it('the WIB day is the local date, not the UTC one', () => {
    const e = emptyEffects();
    complaintEffects(e, null, { ...base, submittedAt: new Date('2026-11-21T18:30:00Z') }, now);
    expect(e.incr['day:2026-11-22']).toEqual({ complaints: 1 });
  });

  it('closing leaves the open counts; a status change between open states changes no counter', () => {
    const closed = emptyEffects();
    complaintEffects(closed, base, { ...base, version: 2, status: 'closed' }, now);
    expect(closed.incr).toEqual({ kpi: { complaintsOpen: -1 }, 'kec:12.71.01': { open: -1 } });
    const progressed = emptyEffects();
    complaintEffects(progressed, base, { ...base, version: 2, status: 'in_progress' }, now);
    expect(progressed.incr).toEqual({});
    expect(progressed.complaints[0].value.status).toBe('in_progress');
  });

  it('secret complaints lose text, title and location in every live view', () => {
    expect(publicComplaint({ ...base, privacy: 'secret' })).toMatchObject({ text: null, title: null, location: null, category: 'sampah' });
    expect(publicComplaint(base).location).toEqual({ lat: 3.59, lon: 98.67 });
  });
});

describe('minute buckets in a delta', () => {
  const window = Array.from({ length: 6 }, (_, i) => ({ t: new Date((29_000_000 + i) * 60_000).toISOString(), complaints: i, uploads: 0, heartbeats: 0 }));
  it('carries the last two minutes and any announced older one (a late event), nothing else', () => {
    expect(changedMinutes(window, new Set()).map((m) => m.complaints)).toEqual([4, 5]);
    expect(changedMinutes(window, new Set([29_000_001, 28_000_000])).map((m) => m.complaints)).toEqual([1, 4, 5]);
  });
});
