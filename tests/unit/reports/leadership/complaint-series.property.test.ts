// The one-pass series (per day, per week) must say exactly what the full report says for each
// day and each week: same buckets, same rates with the same counts, for the city (citizen's
// clock) and for an OPD (its assignments' clocks), whatever the histories and the time of the report.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeComplaintMetrics } from '../../../../server/domain/complaints/complaint-metrics.ts';
import { DEFAULT_SLA } from '../../../../server/domain/complaints/complaint-sla.ts';
import { complaintSeries } from '../../../../server/reports/leadership/complaint-series.ts';
import { datesOf, instantsOf, weeksOf } from '../../../../server/reports/leadership/report-window.ts';
import { addDays } from '../../../../shared/calendar-date.ts';
import { calendar, HOUR, nowArb, policies, setArb, T0 } from '../../domain/complaints/complaint-arbitraries.ts';

const policyOf = (c: string) => (policies as Record<string, typeof DEFAULT_SLA>)[c] ?? DEFAULT_SLA;
const START = new Date(T0 + 7 * HOUR).toISOString().slice(0, 10);

const caseArb = fc.record({
  complaints: setArb,
  now: nowArb,
  fromDay: fc.integer({ min: 0, max: 30 }),
  days: fc.integer({ min: 1, max: 30 }),
  opd: fc.constantFrom(undefined, 'DLH', 'SDABMBK'),
  minCount: fc.integer({ min: 1, max: 3 }),
});

describe('complaintSeries', () => {
  it('agrees with computeComplaintMetrics day by day and week by week', () => {
    fc.assert(
      fc.property(caseArb, ({ complaints, now, fromDay, days, opd, minCount }) => {
        const range = { from: addDays(START, fromDay), to: addDays(START, fromDay + days - 1) };
        const period = instantsOf(range, now);
        const weeks = weeksOf(range);
        const series = complaintSeries(complaints, { ...period, calendar, policyOf, minCount, weeks, opd });
        const metrics = (from: Date, to: Date) => computeComplaintMetrics(complaints, { from, to, now, calendar, policies: policyOf, minCount, explain: 'counts' });
        weeks.forEach((w, i) => {
          const m = metrics(w.from, w.to);
          const expected = opd === undefined ? m.city.onTime.rate : (m.opd.find((r) => r.opd === opd)?.onTime.rate ?? { numerator: 0, denominator: 0, rate: null });
          expect(series.weekly[i]).toEqual({ weekStart: w.weekStart, onTime: expected });
        });
        for (const date of datesOf(range)) {
          const day = instantsOf({ from: date, to: date }, now);
          const m = metrics(day.from, day.to);
          expect([series.receivedByDate.get(date) ?? 0, series.closedByDate.get(date) ?? 0]).toEqual([m.city.received, m.city.close.count]);
        }
        const whole = metrics(period.from, period.to);
        for (const k of whole.kecamatan) {
          const months = series.receivedByKecamatanMonth.get(k.kecamatan ?? '');
          expect([...(months?.values() ?? [])].reduce((a, b) => a + b, 0)).toBe(k.received);
        }
      }),
      { numRuns: 150 },
    );
  });
});
