// One read serves the period and the period before; each pass keeps only the complaints that can
// count in its period (complaintsFor). Leaving the others out must change nothing in any figure
// (a complaint that counts nowhere still opens an all-zero row for its kecamatan: those are dropped).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeComplaintMetrics } from '../../../../server/domain/complaints/complaint-metrics.ts';
import { DEFAULT_SLA } from '../../../../server/domain/complaints/complaint-sla.ts';
import { complaintsFor } from '../../../../server/reports/leadership/leadership-report.ts';
import { calendar, HOUR, nowArb, policies, setArb, T0 } from '../../domain/complaints/complaint-arbitraries.ts';

const policyOf = (c: string) => (policies as Record<string, typeof DEFAULT_SLA>)[c] ?? DEFAULT_SLA;
const ref = {
  calendar,
  categories: new Map(Object.entries(policies).map(([code, sla]) => [code, { code, name: code, nameEn: null, opdCode: null, externalCode: null, emergency: !!sla.emergency, group: '', sla }])),
};

describe('complaintsFor', () => {
  it('keeps every complaint that counts in the period', () => {
    fc.assert(
      fc.property(setArb, nowArb, fc.integer({ min: 0, max: 50 * 24 }), fc.integer({ min: 1, max: 30 * 24 }), (complaints, someTime, fromHour, hours) => {
        // A report is made after the facts it reads (the read takes the status as it is now).
        const now = new Date(Math.max(someTime.getTime(), ...complaints.flatMap((c) => c.history.map((e) => Date.parse(e.at)))));
        const from = new Date(T0 + fromHour * HOUR);
        const to = new Date(from.getTime() + hours * HOUR);
        const m = (cs: typeof complaints) => {
          const r = computeComplaintMetrics(cs, { from, to, now, calendar, policies: policyOf, minCount: 1, opdCodes: ['DLH', 'SDABMBK'] });
          const counts = (k: (typeof r.kecamatan)[number]) =>
            k.received + k.openBacklog + k.overdueBacklog + k.misrouted + k.close.count + k.firstResponse.count + k.onTime.closedOnTime + k.onTime.closedLate + k.onTime.openOverdue + k.onTime.running;
          return { ...r, kecamatan: r.kecamatan.filter((k) => counts(k) > 0) };
        };
        const kept = complaintsFor(complaints, { from, to }, ref);
        expect(m(kept)).toEqual(m(complaints));
      }),
      { numRuns: 300 },
    );
  });
});
