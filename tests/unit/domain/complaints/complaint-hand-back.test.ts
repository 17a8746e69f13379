// An OPD hands a complaint back to the command center (dispatched / in progress -> verified, with a
// reason): it leaves the OPD, the OPD's clocks stop there, and the next dispatch is a new one, not
// a re-route (no misroute is counted against the dispatcher for it).
import { describe, expect, it } from 'vitest';
import medan from '../../../../db/seed-data/medan.json' with { type: 'json' };
import { createDefaultWorkingCalendar } from '../../../../server/domain/calendar/official-non-working-days.ts';
import { isHandBack, transition } from '../../../../server/domain/complaints/complaint-lifecycle.ts';
import { assessComplaint, DEFAULT_SLA, slaPoliciesFromDefaults } from '../../../../server/domain/complaints/complaint-sla.ts';
import { computeComplaintMetrics } from '../../../../server/domain/complaints/complaint-metrics.ts';
import { build, wib, wibIso } from './complaint-fixtures.ts';

const calendar = createDefaultWorkingCalendar();
const policies = slaPoliciesFromDefaults(medan.complaint_categories, medan.sla_defaults);

describe('hand-back to the command center', () => {
  const dispatched = build('H', 'drainase', '2026-03-17T09:00', [['dispatched', '2026-03-17T10:00', { opd: 'DLH' }]]);

  it('needs a reason', () => {
    const r = transition(dispatched, { to: 'verified', at: wib('2026-03-17T11:00'), actor: 'staf-dlh' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('missing_reason');
  });

  it('takes the complaint off the OPD and ends its clocks; the next dispatch is a redispatch', () => {
    const back = build('H', 'drainase', '2026-03-17T09:00', [
      ['dispatched', '2026-03-17T10:00', { opd: 'DLH' }],
      ['in_progress', '2026-03-17T10:30'],
      ['verified', '2026-03-17T11:00', { reason: 'saluran milik SDABMBK' }],
    ]);
    expect(back.status).toBe('verified');
    expect(back.opd).toBeNull();
    expect(isHandBack(back.history.at(-1)!)).toBe(true);
    const a = assessComplaint(back, { policy: policies.drainase ?? DEFAULT_SLA, calendar, now: wibIso('2026-03-17T12:00') })!;
    expect(a.assignments).toHaveLength(1);
    expect(a.assignments[0]).toMatchObject({ opd: 'DLH', endedBy: 'handed_back', endedAt: wibIso('2026-03-17T11:00') });
    expect(a.current).toBeNull();
    // the citizen's dispatch clock was met by the first dispatch and stays met
    expect(a.citizen.dispatch.state).toBe('on_time');

    const again = transition(back, { to: 'dispatched', at: wib('2026-03-17T12:00'), actor: 'petugas', opd: 'SDABMBK' });
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    expect(again.entry.dispatch).toMatchObject({ kind: 'redispatch', previousOpd: 'DLH', misroutedBy: null });
    expect(again.effects.some((e) => e.kind === 'rerouted')).toBe(false);
    const b = assessComplaint(again.state, { policy: policies.drainase ?? DEFAULT_SLA, calendar, now: wibIso('2026-03-17T13:00') })!;
    expect(b.assignments.map((x) => [x.opd, x.endedBy])).toEqual([
      ['DLH', 'handed_back'],
      ['SDABMBK', null],
    ]);
    expect(b.current?.opd).toBe('SDABMBK');
  });

  it('is not possible from received (verifying is not handing back)', () => {
    const r = build('R', 'drainase', '2026-03-17T09:00', [['verified', '2026-03-17T10:00']]);
    expect(isHandBack(r.history.at(-1)!)).toBe(false);
  });

  it('is counted against the OPD that handed it back, not as a misroute', () => {
    const back = build('H', 'drainase', '2026-03-17T09:00', [
      ['dispatched', '2026-03-17T10:00', { opd: 'DLH' }],
      ['verified', '2026-03-17T11:00', { reason: 'saluran milik SDABMBK' }],
      ['dispatched', '2026-03-17T12:00', { opd: 'SDABMBK' }],
    ]);
    const m = computeComplaintMetrics([back], { from: wibIso('2026-03-01T00:00'), to: wibIso('2026-04-01T00:00'), now: wibIso('2026-03-18T12:00'), calendar, policies });
    const dlh = m.opd.find((r) => r.opd === 'DLH')!;
    expect(dlh).toMatchObject({ handedBack: 1, misroutedTo: 0 });
    expect(dlh.explain?.handedBack).toEqual(['H']);
    expect(m.opd.find((r) => r.opd === 'SDABMBK')).toMatchObject({ handedBack: 0, openBacklog: 1 });
    expect(m.city.misrouted).toBe(0);
  });
});
