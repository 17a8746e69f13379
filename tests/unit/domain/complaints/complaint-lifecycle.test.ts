import { describe, expect, it } from 'vitest';
import {
  STATUS_LABELS,
  TRANSITIONS,
  createComplaint,
  transition,
  type ComplaintState,
  type TransitionRequest,
} from '../../../../server/domain/complaints/complaint-lifecycle.ts';
import { COMPLAINT_STATUSES, type ComplaintStatus } from '../../../../shared/domain-constants.ts';
import { build, wib, wibIso } from './complaint-fixtures.ts';

/** Paths that reach each status with manual transitions (so every from-status can be tested). */
const PATHS: Record<ComplaintStatus, [ComplaintStatus, Partial<TransitionRequest>?][]> = {
  received: [],
  verified: [['verified']],
  dispatched: [['verified'], ['dispatched', { opd: 'SDABMBK' }]],
  in_progress: [['verified'], ['dispatched', { opd: 'SDABMBK' }], ['in_progress']],
  resolved: [['verified'], ['dispatched', { opd: 'SDABMBK' }], ['in_progress'], ['resolved']],
  closed: [['verified'], ['dispatched', { opd: 'SDABMBK' }], ['in_progress'], ['resolved'], ['closed']],
  rejected: [['verified'], ['rejected', { opd: 'PLN' }]],
  duplicate: [['duplicate', { duplicateOf: 'C-0' }]],
  reopened: [['verified'], ['dispatched', { opd: 'SDABMBK' }], ['resolved'], ['reopened']],
};

function reach(status: ComplaintStatus): ComplaintState {
  let s = createComplaint({ id: 'C-1', category: 'jalan-rusak', submittedAt: wib('2026-03-16T09:00'), actor: 'kanal' });
  let minute = 0;
  for (const [to, extra] of PATHS[status]) {
    minute += 10;
    const r = transition(s, { to, at: new Date(wib('2026-03-16T09:00').getTime() + minute * 60_000), actor: 'petugas', ...extra });
    if (!r.ok) throw new Error(r.error.message.en);
    s = r.state;
  }
  expect(s.status).toBe(status);
  return s;
}

/** The data each target status needs when it is legal (a different OPD for a re-route, etc.). */
function requestFor(from: ComplaintStatus, to: ComplaintStatus): TransitionRequest {
  const base: TransitionRequest = { to, at: wib('2026-03-17T10:00'), actor: 'petugas', note: 'uji' };
  if (to === 'dispatched') return { ...base, opd: 'DLH', reason: 'salah OPD' };
  if (to === 'rejected') return { ...base, opd: 'PLN' };
  if (to === 'duplicate') return { ...base, duplicateOf: 'C-0' };
  if (to === 'verified') return { ...base, reason: 'bukan kewenangan kami' }; // a hand-back needs one
  void from;
  return base;
}

describe('transition table', () => {
  const cases = COMPLAINT_STATUSES.flatMap((from) => COMPLAINT_STATUSES.map((to) => [from, to, TRANSITIONS[from].includes(to)] as const));

  it.each(cases)('%s -> %s legal=%s', (from, to, legal) => {
    const s = reach(from);
    const r = transition(s, requestFor(from, to));
    expect(r.ok).toBe(legal);
    if (r.ok) {
      expect(r.state.status).toBe(to);
      expect(r.state.history).toHaveLength(s.history.length + 1);
      expect(r.entry).toMatchObject({ from, to, actor: 'petugas', note: 'uji', at: wibIso('2026-03-17T10:00'), origin: 'manual' });
    } else {
      expect(r.error.code).toBe('illegal_transition');
      expect(r.error.message.id).toContain(STATUS_LABELS[from].id);
      expect(r.error.message.en).toContain(STATUS_LABELS[to].en);
    }
  });

  it('every status has a way out except none (closed/rejected/duplicate can be reopened)', () => {
    for (const s of COMPLAINT_STATUSES) expect(TRANSITIONS[s].length).toBeGreaterThan(0);
  });
});

describe('what each transition needs', () => {
  const s = reach('verified');

  it('a dispatch names an OPD', () => {
    const r = transition(s, { to: 'dispatched', at: wib('2026-03-17T10:00'), actor: 'petugas' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('missing_opd');
      expect(r.error.message).toEqual({ id: 'Disposisi harus menyebut OPD tujuan.', en: 'A dispatch must name the OPD it goes to.' });
    }
  });

  it('every change records an actor', () => {
    const r = transition(s, { to: 'dispatched', at: wib('2026-03-17T10:00'), actor: '  ', opd: 'DLH' });
    expect(!r.ok && r.error.code).toBe('missing_actor');
  });

  it('a change cannot be earlier than the current status', () => {
    const r = transition(s, { to: 'dispatched', at: wib('2026-03-16T08:00'), actor: 'petugas', opd: 'DLH' });
    expect(!r.ok && r.error.code).toBe('time_before_current');
    const bad = transition(s, { to: 'dispatched', at: 'kemarin', actor: 'petugas', opd: 'DLH' });
    expect(!bad.ok && bad.error.code).toBe('invalid_time');
  });

  it('rejected names the external body or a reason', () => {
    const r = transition(s, { to: 'rejected', at: wib('2026-03-17T10:00'), actor: 'petugas' });
    expect(!r.ok && r.error.code).toBe('missing_target');
    const ok = transition(s, { to: 'rejected', at: wib('2026-03-17T10:00'), actor: 'petugas', opd: 'PDAM-TIRTANADI' });
    expect(ok.ok && ok.state.opd).toBe('PDAM-TIRTANADI');
    const spam = transition(s, { to: 'rejected', at: wib('2026-03-17T10:00'), actor: 'petugas', reason: 'bukan aduan' });
    expect(spam.ok && spam.state.opd).toBe(null);
  });

  it('duplicate names another complaint', () => {
    expect(transition(s, { to: 'duplicate', at: wib('2026-03-17T10:00'), actor: 'petugas' })).toMatchObject({ ok: false, error: { code: 'missing_duplicate_of' } });
    expect(transition(s, { to: 'duplicate', at: wib('2026-03-17T10:00'), actor: 'petugas', duplicateOf: 'C-1' })).toMatchObject({ ok: false, error: { code: 'self_duplicate' } });
    const r = transition(s, { to: 'duplicate', at: wib('2026-03-17T10:00'), actor: 'petugas', duplicateOf: 'C-0' });
    expect(r.ok && r.state.duplicateOf).toBe('C-0');
  });

  it('unknown statuses are refused, not thrown', () => {
    const r = transition(s, { to: 'lost' as ComplaintStatus, at: wib('2026-03-17T10:00'), actor: 'petugas' });
    expect(!r.ok && r.error.code).toBe('unknown_status');
  });

  it('a reopened complaint without an OPD must be dispatched first', () => {
    const rej = reach('rejected');
    const re = transition(rej, { to: 'reopened', at: wib('2026-03-17T10:00'), actor: 'warga' });
    expect(re.ok && re.state.opd).toBe(null); // back to triage
    if (!re.ok) return;
    const r = transition(re.state, { to: 'in_progress', at: wib('2026-03-17T11:00'), actor: 'opd' });
    expect(!r.ok && r.error.code).toBe('no_opd_assigned');
    const d = transition(re.state, { to: 'dispatched', at: wib('2026-03-17T11:00'), actor: 'petugas', opd: 'SDABMBK' });
    expect(d.ok).toBe(true);
  });
});

describe('re-routing', () => {
  const dispatched = build('C-2', 'drainase', '2026-03-16T10:00', [['dispatched', '2026-03-16T11:00', { opd: 'DLH', actor: 'dispatcher-b' }]]);

  it('needs a different OPD', () => {
    const r = transition(dispatched, { to: 'dispatched', at: wib('2026-03-16T12:00'), actor: 'dispatcher-c', opd: 'DLH', reason: 'x' });
    expect(r).toMatchObject({ ok: false, error: { code: 'same_opd' } });
  });

  it('needs a reason', () => {
    const r = transition(dispatched, { to: 'dispatched', at: wib('2026-03-16T12:00'), actor: 'dispatcher-c', opd: 'SDABMBK' });
    expect(r).toMatchObject({ ok: false, error: { code: 'missing_reason' } });
    if (!r.ok) expect(r.error.message.en).toContain('counts as a misroute');
  });

  it('is a new dispatch, counted as a misroute against the dispatcher who made the wrong one', () => {
    const r = transition(dispatched, { to: 'dispatched', at: wib('2026-03-25T10:00'), actor: 'dispatcher-c', opd: 'SDABMBK', reason: 'saluran drainase = SDABMBK' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.state.opd).toBe('SDABMBK');
    expect(r.entry.dispatch).toEqual({ kind: 'reroute', opd: 'SDABMBK', implied: false, previousOpd: 'DLH', misroutedBy: 'dispatcher-b' });
    expect(r.entry.reason).toBe('saluran drainase = SDABMBK');
    expect(r.effects).toContainEqual({ kind: 'opdChanged', from: 'DLH', to: 'SDABMBK' });
    expect(r.effects).toContainEqual({
      kind: 'rerouted',
      at: wibIso('2026-03-25T10:00'),
      fromOpd: 'DLH',
      toOpd: 'SDABMBK',
      category: 'drainase',
      misroutedBy: 'dispatcher-b',
      reroutedBy: 'dispatcher-c',
    });
  });

  it('from in_progress too', () => {
    const s = build('C-3', 'drainase', '2026-03-16T10:00', [
      ['dispatched', '2026-03-16T11:00', { opd: 'DLH', actor: 'dispatcher-b' }],
      ['in_progress', '2026-03-16T12:00'],
      ['dispatched', '2026-03-16T13:00', { opd: 'SDABMBK', reason: 'bukan DLH' }],
    ]);
    expect(s.history.at(-1)?.dispatch?.kind).toBe('reroute');
  });

  it('a new dispatch after the work ended (resolved, reopened) is not a misroute', () => {
    const s = build('C-4', 'drainase', '2026-03-16T10:00', [
      ['dispatched', '2026-03-16T11:00', { opd: 'DLH' }],
      ['resolved', '2026-03-17T11:00'],
      ['reopened', '2026-03-25T11:00'],
      ['dispatched', '2026-03-25T12:00', { opd: 'SDABMBK' }],
    ]);
    expect(s.history.at(-1)?.dispatch).toMatchObject({ kind: 'redispatch', previousOpd: 'DLH', misroutedBy: null });
  });
});

describe('effects of manual transitions', () => {
  it('reports leaving and re-entering the open backlog', () => {
    const s = reach('resolved');
    const closed = transition(s, { to: 'closed', at: wib('2026-03-18T10:00'), actor: 'warga' });
    expect(closed.ok && closed.effects).toEqual([{ kind: 'statusChanged', from: 'resolved', to: 'closed' }]);
    if (!closed.ok) return;
    const re = transition(closed.state, { to: 'reopened', at: wib('2026-03-18T11:00'), actor: 'warga', note: 'masih rusak' });
    expect(re.ok && re.effects).toEqual([{ kind: 'opened' }, { kind: 'statusChanged', from: 'closed', to: 'reopened' }]);
    const r = reach('in_progress');
    const res = transition(r, { to: 'resolved', at: wib('2026-03-18T10:00'), actor: 'opd' });
    expect(res.ok && res.effects).toEqual([{ kind: 'closed' }, { kind: 'statusChanged', from: 'in_progress', to: 'resolved' }]);
  });

  it('keeps the OPD for a person resolving it, even if an OPD is sent along', () => {
    const s = reach('in_progress');
    const r = transition(s, { to: 'resolved', at: wib('2026-03-18T10:00'), actor: 'opd', opd: 'DLH' });
    expect(r.ok && r.state.opd).toBe('SDABMBK');
  });

  it('does not mutate the input state', () => {
    const s = reach('dispatched');
    const before = JSON.stringify(s);
    transition(s, { to: 'in_progress', at: wib('2026-03-18T10:00'), actor: 'opd' });
    expect(JSON.stringify(s)).toBe(before);
  });
});
