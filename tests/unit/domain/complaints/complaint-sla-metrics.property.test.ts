// Random complaint histories (built from channel updates, so steps are skipped and out of
// order) through the SLA and the metrics: clocks must be self-consistent and counts reconcile.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeComplaintMetrics } from '../../../../server/domain/complaints/complaint-metrics.ts';
import { assessComplaint, type ClockResult } from '../../../../server/domain/complaints/complaint-sla.ts';
import { calendar, HOUR, nowArb, policies, setArb, T0 } from './complaint-arbitraries.ts';

function checkClock(c: ClockResult, asOfMs: number) {
  const deadline = c.deadline ? Date.parse(c.deadline) : null;
  switch (c.state) {
    case 'on_time':
      expect(Date.parse(c.doneAt!)).toBeLessThanOrEqual(deadline!);
      expect(c.lateByMs).toBeNull();
      break;
    case 'late':
      expect(Date.parse(c.doneAt!)).toBeGreaterThan(deadline!);
      expect(c.lateByMs).toBe(Date.parse(c.doneAt!) - deadline!);
      break;
    case 'overdue':
      expect(c.doneAt).toBeNull();
      expect(asOfMs).toBeGreaterThan(deadline!);
      break;
    case 'running':
      expect(c.doneAt).toBeNull();
      expect(asOfMs).toBeLessThanOrEqual(deadline!);
      break;
    case 'not_applicable':
      expect(c.doneAt).toBeNull();
      break;
  }
  if (c.doneAt) expect(Date.parse(c.doneAt)).toBeLessThanOrEqual(asOfMs);
  if (deadline !== null && c.startedAt) expect(deadline).toBeGreaterThan(Date.parse(c.startedAt));
}

describe('SLA and metrics properties', () => {
  it('every clock is self-consistent, and only open complaints are overdue', () => {
    fc.assert(
      fc.property(setArb, nowArb, (complaints, now) => {
        for (const c of complaints) {
          const a = assessComplaint(c, { policy: policies[c.category as keyof typeof policies], calendar, now });
          if (!a) {
            expect(Date.parse(c.submittedAt)).toBeGreaterThan(now.getTime());
            continue;
          }
          const asOf = Date.parse(a.asOf);
          for (const k of [a.citizen.dispatch, a.citizen.firstResponse, a.citizen.resolution]) checkClock(k, asOf);
          for (const asg of a.assignments) {
            checkClock(asg.firstResponse, asOf);
            checkClock(asg.resolution, asOf);
            if (asg.resolution.doneAt) expect(asg.firstResponse.doneAt).not.toBeNull();
          }
          if (a.overdue.any) expect(a.open).toBe(true);
          if (a.nextDeadline) expect(Date.parse(a.nextDeadline)).toBeGreaterThanOrEqual(asOf);
          if (a.current) expect(a.current).toBe(a.assignments.at(-1));
          for (const asg of a.assignments.slice(0, -1)) expect(asg.endedBy === null ? asg.resolution.doneAt : 'ended').not.toBeNull();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('metrics reconcile: rates within counts, backlogs add up, misroutes within dispatches, on-time never above closed-on-time/closed', () => {
    fc.assert(
      fc.property(setArb, nowArb, fc.integer({ min: 1, max: 6 }), (complaints, now, minCount) => {
        const from = new Date(T0 + 10 * 24 * HOUR);
        const to = new Date(T0 + 40 * 24 * HOUR);
        const m = computeComplaintMetrics(complaints, { from, to, now, calendar, policies, minCount });
        const opdOpen = m.opd.reduce((n, r) => n + r.openBacklog, 0);
        const opdReceived = m.opd.reduce((n, r) => n + r.received, 0);
        expect(opdOpen).toBeLessThanOrEqual(m.city.openBacklog);
        expect(opdReceived).toBeLessThanOrEqual(m.city.received);
        expect(m.kecamatan.reduce((n, r) => n + r.openBacklog, 0)).toBe(m.city.openBacklog);
        expect(m.kecamatan.reduce((n, r) => n + r.received, 0)).toBe(m.city.received);
        for (const r of [...m.opd.map((x) => x.onTime), ...m.kecamatan.map((x) => x.onTime), m.city.onTime, m.city.dispatchOnTime]) {
          expect(r.rate.numerator).toBe(r.closedOnTime);
          expect(r.rate.denominator).toBe(r.closedOnTime + r.closedLate + r.openOverdue);
          if (r.rate.denominator < minCount) expect(r.rate.rate).toBeNull();
          if (r.rate.rate !== null && r.closedOnTime + r.closedLate > 0) {
            expect(r.rate.rate).toBeLessThanOrEqual(r.closedOnTime / (r.closedOnTime + r.closedLate));
          }
          expect(r.explain!.closedOnTime).toHaveLength(r.closedOnTime);
          expect(r.explain!.openOverdue).toHaveLength(r.openOverdue);
        }
        for (const r of m.opd) expect(r.overdueBacklog).toBeLessThanOrEqual(r.openBacklog);
        for (const row of [...m.misrouting.byCategory, ...m.misrouting.byDispatcher]) expect(row.misrouted).toBeLessThanOrEqual(row.dispatches);
        const byCat = m.misrouting.byCategory.reduce((n, r) => n + r.misrouted, 0);
        expect(byCat).toBe(m.city.misrouted);
        expect(m.misrouting.byDispatcher.reduce((n, r) => n + r.misrouted, 0)).toBe(byCat);
        expect(m.ranking.length + m.notRanked.length).toBe(m.opd.length);
        for (let i = 1; i < m.ranking.length; i++) expect(m.ranking[i].rate.rate!).toBeGreaterThanOrEqual(m.ranking[i - 1].rate.rate!);
      }),
      { numRuns: 150 },
    );
  });
});
