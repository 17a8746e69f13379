// Hand-checked SLA cases on the real 2025-2026 calendar (08:00-16:00 WIB office hours).
import { describe, expect, it } from 'vitest';
import medan from '../../../../db/seed-data/medan.json' with { type: 'json' };
import { createDefaultWorkingCalendar } from '../../../../server/domain/calendar/official-non-working-days.ts';
import { applyChannelUpdate, type ComplaintState } from '../../../../server/domain/complaints/complaint-lifecycle.ts';
import {
  DEFAULT_SLA,
  assessComplaint,
  describeClock,
  slaPoliciesFromDefaults,
  type ComplaintAssessment,
} from '../../../../server/domain/complaints/complaint-sla.ts';
import { build, wibIso } from './complaint-fixtures.ts';

const calendar = createDefaultWorkingCalendar();
const policies = slaPoliciesFromDefaults(medan.complaint_categories, medan.sla_defaults);
const assess = (c: ComplaintState, nowWib: string): ComplaintAssessment => {
  const a = assessComplaint(c, { policy: policies[c.category] ?? DEFAULT_SLA, calendar, now: wibIso(nowWib) });
  if (!a) throw new Error('not submitted yet');
  return a;
};

describe('policies from medan.json', () => {
  it('3/5/10 working days; emergency categories 1 h / 24 h', () => {
    expect(policies['jalan-rusak']).toEqual({ dispatchWorkingDays: 3, firstResponseWorkingDays: 5, resolutionWorkingDays: 10 });
    expect(policies.kebakaran.emergency).toEqual({ firstResponseHours: 1, resolutionHours: 24 });
    expect(policies.bencana.emergency).toBeDefined();
    expect(policies.sampah.emergency).toBeUndefined();
  });
});

describe('a complaint across Nyepi and Idul Fitri 2026 (submitted Tue 17 Mar 10:00)', () => {
  const c = build('A', 'jalan-rusak', '2026-03-17T10:00', [
    ['dispatched', '2026-03-25T09:00', { opd: 'SDABMBK', actor: 'dispatcher-a' }],
    ['in_progress', '2026-04-01T15:00'],
    ['resolved', '2026-04-10T09:00'],
  ]);

  it('citizen clock from submission', () => {
    const a = assess(c, '2026-04-15T10:00');
    expect(a.citizen.dispatch).toMatchObject({ state: 'on_time', deadline: wibIso('2026-03-27T16:00'), doneAt: wibIso('2026-03-25T09:00') });
    expect(a.citizen.firstResponse).toMatchObject({ state: 'late', deadline: wibIso('2026-03-31T16:00'), lateByWorkingDays: 1 });
    expect(a.citizen.resolution).toMatchObject({ state: 'late', deadline: wibIso('2026-04-08T16:00'), doneAt: wibIso('2026-04-10T09:00'), lateByWorkingDays: 2 });
  });

  it('OPD clock from its dispatch', () => {
    const a = assess(c, '2026-04-15T10:00');
    expect(a.assignments).toHaveLength(1);
    expect(a.current).toMatchObject({ opd: 'SDABMBK', dispatchedBy: 'dispatcher-a', endedBy: null });
    expect(a.current!.firstResponse).toMatchObject({
      state: 'on_time',
      startedAt: wibIso('2026-03-25T09:00'),
      countsFrom: wibIso('2026-03-25T09:00'),
      deadline: wibIso('2026-04-01T16:00'),
      doneAt: wibIso('2026-04-01T15:00'),
      lateByMs: null,
    });
    expect(a.current!.resolution).toMatchObject({
      state: 'late',
      deadline: wibIso('2026-04-09T16:00'),
      lateByMs: 17 * 3_600_000,
      lateByWorkingDays: 1,
    });
    expect(a.overdue.any).toBe(false);
    expect(a.nextDeadline).toBeNull();
  });

  it('while still open: overdue for the citizen, still running for the OPD', () => {
    const a = assess(c, '2026-04-09T12:00');
    expect(a.status).toBe('in_progress');
    expect(a.citizen.resolution).toMatchObject({ state: 'overdue', doneAt: null, lateByWorkingDays: 1 });
    expect(a.current!.resolution.state).toBe('running');
    expect(a.overdue).toEqual({
      dispatch: false,
      citizenFirstResponse: false,
      citizenResolution: true,
      opdFirstResponse: false,
      opdResolution: false,
      any: true,
    });
    expect(a.nextDeadline).toBe(wibIso('2026-04-09T16:00'));
  });

  it('explains a clock in plain words', () => {
    const a = assess(c, '2026-04-15T10:00');
    expect(describeClock(a.current!.resolution, calendar, 'id')).toBe(
      '10 hari kerja, batas Kamis 9 Apr 2026 16:00 WIB: terlambat 1 hari kerja (selesai Jumat 10 Apr 2026 09:00 WIB)',
    );
    expect(describeClock(a.current!.resolution, calendar, 'en')).toBe('10 working days, due Thu 9 Apr 2026 16:00 WIB: late by 1 working day (done Fri 10 Apr 2026 09:00 WIB)');
  });
});

describe('a misroute counts against the dispatcher, not the OPD that finally gets it', () => {
  const c = build('B', 'drainase', '2026-03-16T10:00', [
    ['dispatched', '2026-03-16T11:00', { opd: 'DLH', actor: 'dispatcher-b' }],
    ['dispatched', '2026-03-25T10:00', { opd: 'SDABMBK', actor: 'dispatcher-c', reason: 'drainase milik SDABMBK' }],
    ['in_progress', '2026-03-30T09:00'],
    ['resolved', '2026-04-09T15:00'],
  ]);

  it('the OPD clock restarts at the re-route', () => {
    const a = assess(c, '2026-04-15T10:00');
    expect(a.assignments.map((x) => [x.opd, x.mark.kind, x.endedBy])).toEqual([
      ['DLH', 'first', 'reroute'],
      ['SDABMBK', 'reroute', null],
    ]);
    expect(a.assignments[0].resolution.state).toBe('not_applicable');
    expect(a.assignments[0].firstResponse.state).toBe('not_applicable');
    expect(a.current!.mark.misroutedBy).toBe('dispatcher-b');
    expect(a.current!.firstResponse).toMatchObject({ state: 'on_time', deadline: wibIso('2026-04-01T16:00') });
    expect(a.current!.resolution).toMatchObject({ state: 'on_time', deadline: wibIso('2026-04-09T16:00') });
  });

  it('the citizen clock does not restart', () => {
    const a = assess(c, '2026-04-15T10:00');
    expect(a.citizen.dispatch.state).toBe('on_time');
    expect(a.citizen.resolution).toMatchObject({ state: 'late', deadline: wibIso('2026-04-07T16:00') });
  });
});

describe('emergency categories count hours around the clock', () => {
  // Saturday night on Idul Fitri 2026
  const c = build('C', 'kebakaran', '2026-03-21T22:30', [
    ['dispatched', '2026-03-21T22:40', { opd: 'DAMKAR' }],
    ['in_progress', '2026-03-21T23:10'],
    ['resolved', '2026-03-22T23:00'],
  ]);

  it('hour deadlines on a holiday', () => {
    const a = assess(c, '2026-03-25T10:00');
    expect(a.emergency).toBe(true);
    expect(a.citizen.dispatch).toMatchObject({ state: 'on_time', deadline: wibIso('2026-03-21T23:30'), basis: { kind: 'hours', hours: 1 } });
    expect(a.current!.firstResponse).toMatchObject({ state: 'on_time', deadline: wibIso('2026-03-21T23:40'), countsFrom: wibIso('2026-03-21T22:40') });
    expect(a.current!.resolution).toMatchObject({ state: 'late', deadline: wibIso('2026-03-22T22:40'), lateByMs: 20 * 60_000, lateByWorkingDays: null });
    expect(a.citizen.resolution).toMatchObject({ state: 'late', deadline: wibIso('2026-03-22T22:30'), lateByMs: 30 * 60_000 });
    expect(describeClock(a.current!.resolution, calendar, 'en')).toContain('24 h (around the clock)');
  });
});

describe('the deadline instant itself is still on time', () => {
  // year end 2025 -> 2026: 5 working days after 24 Dec are 29, 30, 31 Dec, 2 and 5 Jan
  const c = build('D', 'sampah', '2025-12-24T11:00', [['dispatched', '2025-12-24T14:00', { opd: 'DLH' }]]);

  it('running at 16:00:00.000, overdue 1 ms later', () => {
    const at = assess(c, '2026-01-05T16:00');
    expect(at.current!.firstResponse).toMatchObject({ state: 'running', deadline: wibIso('2026-01-05T16:00') });
    expect(at.citizen.dispatch).toMatchObject({ state: 'on_time', deadline: wibIso('2025-12-31T16:00') });
    expect(at.overdue.any).toBe(false);
    const after = assessComplaint(c, { policy: policies.sampah, calendar, now: new Date(Date.parse(wibIso('2026-01-05T16:00')) + 1) })!;
    expect(after.current!.firstResponse).toMatchObject({ state: 'overdue', lateByMs: 1, lateByWorkingDays: 0 });
    expect(after.overdue).toMatchObject({ opdFirstResponse: true, citizenFirstResponse: true, any: true });
  });

  it('a dispatch after office hours counts from the next working day', () => {
    const late = build('H', 'sampah', '2026-03-17T15:00', [['dispatched', '2026-03-17T17:00', { opd: 'DLH' }]]);
    const a = assess(late, '2026-03-26T10:00');
    expect(a.current!.firstResponse).toMatchObject({ countsFrom: wibIso('2026-03-25T08:00'), deadline: wibIso('2026-04-01T16:00') });
  });
});

describe('skipped steps and other endings', () => {
  const channel = (updates: Parameters<typeof applyChannelUpdate>[1][]) => updates.reduce<ComplaintState | null>((s, x) => applyChannelUpdate(s, x).state, null)!;
  const upd = (status: Parameters<typeof applyChannelUpdate>[1]['status'], atWib: string, extra = {}) => ({
    id: 'E',
    category: 'jalan-rusak',
    status,
    occurredAt: wibIso(atWib),
    ...extra,
  });

  it('received -> resolved naming an OPD: an implied dispatch, done at once', () => {
    const c = channel([upd('received', '2026-03-17T10:00'), upd('resolved', '2026-03-25T10:00', { opd: 'SDABMBK' })]);
    const a = assess(c, '2026-04-01T10:00');
    expect(a.citizen.dispatch).toMatchObject({ state: 'on_time', doneAt: wibIso('2026-03-25T10:00') });
    expect(a.citizen.resolution).toMatchObject({ state: 'on_time', doneAt: wibIso('2026-03-25T10:00') });
    expect(a.current).toMatchObject({ opd: 'SDABMBK', dispatchedBy: null, mark: { implied: true } });
    expect(a.current!.resolution.state).toBe('on_time');
  });

  it('received -> resolved with no OPD: still has a resolution time, no OPD clock', () => {
    const c = channel([upd('received', '2026-03-17T10:00'), upd('resolved', '2026-03-26T10:00')]);
    const a = assess(c, '2026-04-01T10:00');
    expect(a.assignments).toEqual([]);
    expect(a.current).toBeNull();
    expect(a.citizen.resolution).toMatchObject({ state: 'on_time', doneAt: wibIso('2026-03-26T10:00') });
    expect(a.citizen.firstResponse.doneAt).toBe(wibIso('2026-03-26T10:00'));
  });

  it('a late-arriving in_progress still sets the first response', () => {
    const c = channel([
      upd('received', '2026-03-17T10:00'),
      upd('dispatched', '2026-03-25T09:00', { opd: 'SDABMBK' }),
      upd('resolved', '2026-04-10T09:00'),
      upd('in_progress', '2026-03-26T09:00'),
    ]);
    expect(c.status).toBe('resolved');
    expect(assess(c, '2026-04-15T10:00').current!.firstResponse).toMatchObject({ state: 'on_time', doneAt: wibIso('2026-03-26T09:00') });
  });

  it('reopened: the OPD resolution stands, the citizen is not resolved', () => {
    const c = build('F', 'jalan-rusak', '2026-03-02T09:00', [
      ['dispatched', '2026-03-02T10:00', { opd: 'SDABMBK' }],
      ['resolved', '2026-03-04T10:00'],
      ['reopened', '2026-03-05T10:00'],
    ]);
    const a = assess(c, '2026-03-30T10:00');
    expect(a.open).toBe(true);
    expect(a.current!.resolution.state).toBe('on_time');
    expect(a.citizen.resolution).toMatchObject({ state: 'overdue', deadline: wibIso('2026-03-16T16:00') });
    expect(a.overdue).toMatchObject({ opdResolution: false, citizenResolution: true });
  });

  it('resolved again after a reopen: the citizen resolution is the one after the reopen', () => {
    const c = build('F2', 'jalan-rusak', '2026-03-02T09:00', [
      ['dispatched', '2026-03-02T10:00', { opd: 'SDABMBK' }],
      ['resolved', '2026-03-04T10:00'],
      ['reopened', '2026-03-05T10:00'],
      ['in_progress', '2026-03-06T10:00'],
      ['resolved', '2026-03-17T10:00'],
    ]);
    const a = assess(c, '2026-03-30T10:00');
    expect(a.citizen.resolution).toMatchObject({ state: 'late', doneAt: wibIso('2026-03-17T10:00') });
    expect(a.current!.resolution.doneAt).toBe(wibIso('2026-03-04T10:00'));
  });

  it('rejected to an external body: triage done, nothing else applies', () => {
    const c = build('G', 'listrik', '2026-03-17T10:00', [['rejected', '2026-03-17T11:00', { opd: 'PLN' }]]);
    const a = assess(c, '2026-04-30T10:00');
    expect(a.citizen.dispatch.state).toBe('on_time');
    expect(a.citizen.firstResponse.state).toBe('not_applicable');
    expect(a.citizen.resolution.state).toBe('not_applicable');
    expect(a.assignments).toEqual([]);
    expect(a.overdue.any).toBe(false);
  });

  it('marked duplicate while with an OPD: the assignment ends, no OPD clock in force', () => {
    const c = build('I', 'sampah', '2026-03-17T10:00', [
      ['dispatched', '2026-03-17T11:00', { opd: 'DLH' }],
      ['duplicate', '2026-03-30T11:00', { duplicateOf: 'X' }],
    ]);
    const a = assess(c, '2026-04-30T10:00');
    expect(a.assignments[0]).toMatchObject({ endedBy: 'duplicate', endedAt: wibIso('2026-03-30T11:00') });
    expect(a.assignments[0].resolution.state).toBe('not_applicable');
    expect(a.current).toBeNull();
  });

  it('not yet submitted at `now`: null; as of an earlier moment: the state then', () => {
    const c = build('J', 'sampah', '2026-03-17T10:00', [['dispatched', '2026-03-30T11:00', { opd: 'DLH' }]]);
    expect(assessComplaint(c, { policy: policies.sampah, calendar, now: wibIso('2026-03-17T09:00') })).toBeNull();
    const a = assess(c, '2026-03-27T16:30');
    expect(a.status).toBe('received');
    expect(a.assignments).toEqual([]);
    expect(a.citizen.dispatch).toMatchObject({ state: 'overdue', deadline: wibIso('2026-03-27T16:00') });
  });
});
