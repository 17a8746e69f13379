// Report ranges for complaints (README.md, "Metrics"): split a long range into consecutive
// ranges at random instants, WIB midnights and right at / just after clock deadlines; every clock
// and every event must be counted in exactly one part, the parts' counts must add up to the long
// range's, and the last part's backlogs must be the long range's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeComplaintMetrics, type ComplaintMetrics, type ExplainItem, type OnTimeFigure } from '../../../../server/domain/complaints/complaint-metrics.ts';
import { assessComplaint, clockBases, deadlineFor, earliestClockStartDueFrom } from '../../../../server/domain/complaints/complaint-sla.ts';
import { calendar, HOUR, policies, setArb, T0 } from './complaint-arbitraries.ts';

const DAY = 24 * HOUR;
const wibMidnight = (ms: number) => Math.floor((ms + 7 * HOUR) / DAY) * DAY - 7 * HOUR;

const caseArb = fc.record({
  complaints: setArb,
  fromHour: fc.integer({ min: 0, max: 20 * 24 }),
  lengthHours: fc.integer({ min: 1, max: 45 * 24 }),
  nowHour: fc.integer({ min: 0, max: 80 * 24 }),
  cuts: fc.array(
    fc.record({ kind: fc.constantFrom('ms', 'midnight', 'deadline', 'after-deadline'), at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }) }),
    { maxLength: 8 },
  ),
});

const ids = (items: readonly (ExplainItem | string)[]) => items.map((x) => (typeof x === 'string' ? x : `${x.id}@${x.opd}@${x.deadline}`)).sort();
const figure = (f: OnTimeFigure | undefined) => ({
  closedOnTime: f?.closedOnTime ?? 0,
  closedLate: f?.closedLate ?? 0,
  openOverdue: f?.openOverdue ?? 0,
  running: f?.running ?? 0,
  ids: f ? [...ids(f.explain!.closedOnTime), ...ids(f.explain!.closedLate).map((x) => `late:${x}`), ...ids(f.explain!.openOverdue).map((x) => `over:${x}`), ...ids(f.explain!.running).map((x) => `run:${x}`)].sort() : [],
});
const addFigures = (a: ReturnType<typeof figure>, b: ReturnType<typeof figure>) => ({
  closedOnTime: a.closedOnTime + b.closedOnTime,
  closedLate: a.closedLate + b.closedLate,
  openOverdue: a.openOverdue + b.openOverdue,
  running: a.running + b.running,
  ids: [...a.ids, ...b.ids].sort(),
});

/** The additive part of a report: everything counted per range (events and clocks due). */
function flows(m: ComplaintMetrics, opdCodes: string[], kecamatan: (string | null)[]) {
  const opd = (code: string) => m.opd.find((r) => r.opd === code);
  const kec = (code: string | null) => m.kecamatan.find((r) => r.kecamatan === code);
  const mis = (rows: ComplaintMetrics['misrouting']['byCategory']) =>
    Object.fromEntries(rows.map((r) => [String(r.key), { dispatches: r.dispatches, misrouted: ids(r.explain!.misrouted) }]));
  return {
    opd: Object.fromEntries(
      opdCodes.map((c) => [
        c,
        {
          onTime: figure(opd(c)?.onTime),
          received: ids(opd(c)?.explain!.received ?? []),
          firstResponse: opd(c)?.firstResponse.count ?? 0,
          close: opd(c)?.close.count ?? 0,
          misroutedTo: ids(opd(c)?.explain!.misroutedTo ?? []),
        },
      ]),
    ),
    kecamatan: Object.fromEntries(
      kecamatan.map((k) => [
        String(k),
        { onTime: figure(kec(k)?.onTime), received: ids(kec(k)?.explain!.received ?? []), close: kec(k)?.close.count ?? 0, misrouted: ids(kec(k)?.explain!.misrouted ?? []) },
      ]),
    ),
    city: {
      onTime: figure(m.city.onTime),
      dispatchOnTime: figure(m.city.dispatchOnTime),
      received: ids(m.city.explain!.received),
      firstResponse: m.city.firstResponse.count,
      close: m.city.close.count,
      routedExternally: m.city.routedExternally,
      duplicates: m.city.duplicates,
    },
    byCategory: mis(m.misrouting.byCategory),
    byDispatcher: mis(m.misrouting.byDispatcher),
  };
}

type Flows = ReturnType<typeof flows>;

/** Adds two flow summaries (numbers add, id lists concatenate). */
function add(a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b].sort();
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return Object.fromEntries([...keys].map((k) => [k, add((a as Record<string, unknown>)[k] ?? zeroLike((b as Record<string, unknown>)[k]), (b as Record<string, unknown>)[k] ?? zeroLike((a as Record<string, unknown>)[k]))]));
  }
  throw new Error(`cannot add ${String(a)} and ${String(b)}`);
}
function zeroLike(x: unknown): unknown {
  if (typeof x === 'number') return 0;
  if (Array.isArray(x)) return [];
  return Object.fromEntries(Object.entries(x as object).map(([k, v]) => [k, zeroLike(v)]));
}

const backlogs = (m: ComplaintMetrics) => ({
  opd: m.opd.map((r) => [r.opd, r.openBacklog, r.overdueBacklog, r.responseOverdue, ids(r.explain!.openBacklog), ids(r.explain!.overdueBacklog)]),
  kecamatan: m.kecamatan.map((r) => [r.kecamatan, r.openBacklog, r.overdueBacklog]).filter(([, open, overdue]) => open || overdue),
  city: [m.city.openBacklog, m.city.overdueBacklog, m.city.undispatched],
});

describe('complaint metrics over consecutive ranges', () => {
  it('each clock and event is counted in exactly one range; counts add up to the whole; backlogs are those at the end', () => {
    fc.assert(
      fc.property(caseArb, ({ complaints, fromHour, lengthHours, nowHour, cuts }) => {
        const from = T0 + fromHour * HOUR;
        const to = from + lengthHours * HOUR;
        const now = new Date(T0 + nowHour * HOUR);
        const deadlines = complaints.flatMap((c) => {
          const a = assessComplaint(c, { policy: policies[c.category as keyof typeof policies], calendar, now });
          if (!a) return [];
          return [a.citizen.dispatch, a.citizen.resolution, ...a.assignments.map((x) => x.resolution)].flatMap((k) => (k.deadline ? [Date.parse(k.deadline)] : []));
        });
        const points = cuts
          .map(({ kind, at }) => {
            const t = from + Math.floor(at * (to - from));
            if (kind === 'midnight') return wibMidnight(t);
            if ((kind === 'deadline' || kind === 'after-deadline') && deadlines.length) {
              const d = deadlines[Math.floor(at * deadlines.length)];
              return kind === 'deadline' ? d : d + 1;
            }
            return t;
          })
          .filter((p) => p > from && p < to);
        const edges = [from, ...[...new Set(points)].sort((a, b) => a - b), to];
        const run = (a: number, b: number) => computeComplaintMetrics(complaints, { from: new Date(a), to: new Date(b), now, calendar, policies, minCount: 1, opdCodes: ['DLH', 'SDABMBK'] });
        const whole = run(from, to);
        const parts = edges.slice(1).map((b, i) => run(edges[i], b));
        const opdCodes = [...new Set([...whole.opd, ...parts.flatMap((p) => p.opd)].map((r) => r.opd))];
        const kecamatan = [...new Set([...whole.kecamatan, ...parts.flatMap((p) => p.kecamatan)].map((r) => r.kecamatan))];

        const summed = parts.map((p) => flows(p, opdCodes, kecamatan)).reduce((x, y) => add(x, y) as Flows);
        expect(summed).toEqual(flows(whole, opdCodes, kecamatan));
        expect(backlogs(parts.at(-1)!)).toEqual(backlogs(whole));
        // The rates follow from the counts: each part's formula, the whole's from the sums.
        const w = whole.opd.find((r) => r.opd === 'DLH')!.onTime;
        expect(w.rate.denominator).toBe(parts.reduce((n, p) => n + p.opd.find((r) => r.opd === 'DLH')!.onTime.rate.denominator, 0));
        expect(w.rate.numerator).toBe(parts.reduce((n, p) => n + p.opd.find((r) => r.opd === 'DLH')!.onTime.rate.numerator, 0));
      }),
      { numRuns: 120 },
    );
  }, 180_000);

  it('every judged clock is due inside its range, and its verdict agrees with now', () => {
    fc.assert(
      fc.property(caseArb, ({ complaints, fromHour, lengthHours, nowHour }) => {
        const from = T0 + fromHour * HOUR;
        const to = from + lengthHours * HOUR;
        const now = T0 + nowHour * HOUR;
        const m = computeComplaintMetrics(complaints, { from: new Date(from), to: new Date(to), now: new Date(now), calendar, policies, minCount: 1 });
        for (const f of [...m.opd.map((r) => r.onTime), ...m.kecamatan.map((r) => r.onTime), m.city.onTime, m.city.dispatchOnTime]) {
          const e = f.explain!;
          for (const x of [...e.closedOnTime, ...e.closedLate, ...e.openOverdue, ...e.running]) {
            expect(Date.parse(x.deadline!)).toBeGreaterThanOrEqual(from);
            expect(Date.parse(x.deadline!)).toBeLessThan(to);
          }
          for (const x of e.closedOnTime) expect(Date.parse(x.doneAt!)).toBeLessThanOrEqual(Math.min(Date.parse(x.deadline!), now));
          for (const x of e.closedLate) {
            expect(Date.parse(x.doneAt!)).toBeGreaterThan(Date.parse(x.deadline!));
            expect(Date.parse(x.doneAt!)).toBeLessThanOrEqual(now);
          }
          for (const x of e.openOverdue) expect(Date.parse(x.deadline!)).toBeLessThan(now);
          for (const x of e.running) expect(Date.parse(x.deadline!)).toBeGreaterThanOrEqual(now);
        }
        expect(m.period.asOf).toBe(new Date(now).toISOString());
        expect(m.period.backlogAsOf).toBe(new Date(Math.min(to - 1, now)).toISOString());
      }),
      { numRuns: 120 },
    );
  }, 180_000);

  it('a report reads far enough back: no clock started before earliestClockStartDueFrom is due from `from` on', () => {
    const all = Object.values(policies);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 * 24 * 60 }), fc.integer({ min: 0, max: 60 * 24 * 60 }), (fromMinute, backMinutes) => {
        const from = new Date(T0 + fromMinute * 60_000);
        const earliest = earliestClockStartDueFrom(from, all, calendar).getTime();
        expect(earliest).toBeLessThanOrEqual(from.getTime());
        const start = new Date(from.getTime() - backMinutes * 60_000);
        for (const policy of all) {
          for (const basis of Object.values(clockBases(policy))) {
            if (deadlineFor(calendar, start, basis).getTime() >= from.getTime()) expect(start.getTime()).toBeGreaterThanOrEqual(earliest);
          }
        }
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
