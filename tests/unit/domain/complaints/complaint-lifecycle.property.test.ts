import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyChannelUpdate,
  createComplaint,
  transition,
  type ComplaintState,
  type TransitionRequest,
} from '../../../../server/domain/complaints/complaint-lifecycle.ts';
import { COMPLAINT_STATUSES, isOpenStatus } from '../../../../shared/domain-constants.ts';

const start = Date.parse('2026-03-16T02:00:00Z');

const attemptArb = fc.record({
  to: fc.constantFrom(...COMPLAINT_STATUSES),
  // 0 and negative steps exercise the "not before the current status" rule
  stepMinutes: fc.integer({ min: -30, max: 600 }),
  actor: fc.constantFrom('dispatcher-a', 'dispatcher-b', 'opd-op', '', null),
  opd: fc.constantFrom(null, 'DLH', 'SDABMBK', 'PLN'),
  reason: fc.constantFrom(null, 'salah OPD'),
  duplicateOf: fc.constantFrom(null, 'C-0', 'C-1'),
  note: fc.constantFrom(null, 'catatan'),
});

function run(attempts: fc.Arbitrary<unknown> extends never ? never : { to: TransitionRequest['to']; stepMinutes: number; actor: string | null; opd: string | null; reason: string | null; duplicateOf: string | null; note: string | null }[]) {
  let s: ComplaintState = createComplaint({ id: 'C-1', category: 'drainase', submittedAt: new Date(start), actor: 'kanal' });
  let clock = start;
  let accepted = 0;
  const states: ComplaintState[] = [s];
  for (const a of attempts) {
    clock += a.stepMinutes * 60_000;
    const before = s;
    const r = transition(s, { to: a.to, at: new Date(clock), actor: a.actor as string, opd: a.opd, reason: a.reason, duplicateOf: a.duplicateOf, note: a.note });
    if (r.ok) {
      accepted++;
      expect(r.state.status).toBe(a.to);
      expect(r.state.history.at(-1)).toEqual(r.entry);
      s = r.state;
    } else {
      expect(r.error.message.id.length).toBeGreaterThan(0);
      expect(r.error.message.en.length).toBeGreaterThan(0);
      expect(s).toBe(before);
    }
    states.push(s);
  }
  return { s, accepted, states };
}

describe('lifecycle state machine properties', () => {
  it('never reaches an undefined state; history length = 1 + accepted transitions', () => {
    fc.assert(
      fc.property(fc.array(attemptArb, { maxLength: 40 }), (attempts) => {
        const { s, accepted, states } = run(attempts);
        expect(s.history).toHaveLength(1 + accepted);
        for (const st of states) {
          expect(COMPLAINT_STATUSES).toContain(st.status);
          expect(st.status).toBe(st.history.at(-1)!.to);
          expect(st.statusAt).toBe(st.history.at(-1)!.at);
          if (st.status === 'dispatched' || st.status === 'in_progress') expect(st.opd).not.toBeNull();
          if (st.status === 'duplicate') expect(st.duplicateOf).not.toBeNull();
          else expect(st.duplicateOf).toBeNull();
          st.history.forEach((e, i) => {
            expect(e.from).toBe(i === 0 ? null : st.history[i - 1].to);
            expect(e.actor).not.toBeNull();
            if (i > 0) expect(Date.parse(e.at)).toBeGreaterThanOrEqual(Date.parse(st.history[i - 1].at));
            // a person can only re-route with a reason
            if (e.dispatch?.kind === 'reroute') expect(e.reason).not.toBeNull();
            if (e.dispatch) expect(e.to === 'dispatched').toBe(true);
          });
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('only a legal path reaches closed: it went through resolved', () => {
    fc.assert(
      fc.property(fc.array(attemptArb, { maxLength: 40 }), (attempts) => {
        const { s } = run(attempts);
        s.history.forEach((e) => {
          if (e.to === 'closed') expect(e.from).toBe('resolved');
          if (e.to === 'in_progress') expect(['dispatched', 'reopened']).toContain(e.from);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('the same facts sent by a channel give the same state (transition and applyChannelUpdate agree)', () => {
    fc.assert(
      fc.property(fc.array(attemptArb, { maxLength: 30 }), (attempts) => {
        const { s } = run(attempts);
        let c: ComplaintState | null = null;
        for (const e of s.history) {
          c = applyChannelUpdate(c, {
            id: s.id,
            category: s.category,
            status: e.to,
            occurredAt: e.at,
            opd: e.opd,
            actor: e.actor,
            note: e.note,
            reason: e.reason,
            duplicateOf: e.duplicateOf,
          }).state;
        }
        expect(c!.status).toBe(s.status);
        expect(c!.opd).toBe(s.opd);
        expect(c!.duplicateOf).toBe(s.duplicateOf);
        expect(isOpenStatus(c!.status)).toBe(isOpenStatus(s.status));
        expect(c!.history.map((e) => e.dispatch)).toEqual(s.history.map((e) => e.dispatch));
      }),
      { numRuns: 500 },
    );
  });
});
