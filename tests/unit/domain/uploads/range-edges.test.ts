// Report ranges (README.md): a due period belongs to the one range [from, to) that contains its
// deadline and is judged with what is known at `now`. Consecutive ranges split the due periods
// between them: none is judged twice, none is left out, and the counts add up.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  duePeriods,
  earliestUploadForDueFrom,
  evaluateDuePeriods,
  opdUploadMetrics,
  type DatasetUploads,
  type PeriodEvaluation,
  type UploadLike,
} from '../../../../server/domain/uploads/index.ts';
import type { UploadScheduleInput } from '../../../../shared/upload-schedule.ts';
import { arbInstantMs, arbScheduled, wib } from './helpers.ts';

const DAY = 24 * 3600_000;
const HOUR = 3600_000;
const day = (d: string) => ({ start: d, end: d });
const daily: UploadScheduleInput = { kind: 'daily', dueTime: '23:59' };
const fridayNight: UploadScheduleInput = { kind: 'weekly', weekday: 5, dueTime: '23:59' };

/** [period key, status, lateByMs] of each due period in [from, to), judged at now (all WIB). */
function verdicts(schedule: UploadScheduleInput, uploads: UploadLike[], from: string, to: string, now: string) {
  return evaluateDuePeriods(schedule, uploads, wib(from), wib(to), wib(now)).map((e) => [e.period.key, e.status, e.lateByMs]);
}

describe('range edges', () => {
  // Sat 28 Feb .. Fri 6 Mar 2026 as `?from=2026-02-28&to=2026-03-06`: [28 Feb 00:00, 7 Mar 00:00) WIB.
  const week = ['2026-02-28 00:00', '2026-03-07 00:00'] as const;
  const nextWeek = ['2026-03-07 00:00', '2026-03-14 00:00'] as const;

  it('a daily deadline in the last minute of the range is judged in it: missing once it passed, not pending', () => {
    const v = verdicts(daily, [], ...week, '2026-04-01 09:00');
    expect(v.at(-1)).toEqual(['2026-03-06', 'missing', null]);
    expect(v.map(([, s]) => s)).not.toContain('pending');
    expect(verdicts(daily, [], ...nextWeek, '2026-04-01 09:00').map(([k]) => k)).not.toContain('2026-03-06');
  });

  it('a weekly Friday 23:59 deadline belongs to the range ending on that Friday, not to the next', () => {
    expect(verdicts(fridayNight, [], ...week, '2026-04-01 09:00')).toEqual([['2026-W10', 'missing', null]]);
    expect(verdicts(fridayNight, [], ...nextWeek, '2026-04-01 09:00')).toEqual([['2026-W11', 'missing', null]]);
  });

  it('an upload that arrives after the range ended makes its period late, with how late, not missing', () => {
    const uploads = [{ receivedAt: wib('2026-03-07 08:00'), period: day('2026-03-06') }];
    expect(verdicts(daily, uploads, ...week, '2026-04-01 09:00').at(-1)).toEqual(['2026-03-06', 'late', 8 * HOUR + 1]);
    // A weekly report that comes on Saturday morning naming its week is late for it; one that
    // names no period counts for the next deadline (upload-matching.ts, rule B) and W10 stays missing.
    expect(verdicts(fridayNight, [{ receivedAt: wib('2026-03-07 10:00') }], ...week, '2026-04-01 09:00')).toEqual([['2026-W10', 'missing', null]]);
    const named = [{ receivedAt: wib('2026-03-07 10:00'), period: { start: '2026-03-02', end: '2026-03-08' } }];
    expect(verdicts(fridayNight, named, ...week, '2026-04-01 09:00')).toEqual([['2026-W10', 'late', 10 * HOUR + 1]]);
  });

  it('while the range has not ended: deadlines still ahead of now are pending, passed ones are judged', () => {
    expect(verdicts(daily, [], ...week, '2026-03-06 23:59:59.999').slice(-2)).toEqual([
      ['2026-03-05', 'missing', null],
      ['2026-03-06', 'pending', null],
    ]);
    expect(verdicts(daily, [], ...week, '2026-03-07 00:00').at(-1)).toEqual(['2026-03-06', 'missing', null]);
  });

  it('23:59:59.999 WIB belongs to the range ending at 00:00; a deadline at 00:00 (dueTime 00:00 closes 00:00:59.999) to the range starting then', () => {
    const atMidnight: UploadScheduleInput = { kind: 'daily', dueTime: '00:00', dueOffsetDays: 1 };
    // the period of 6 Mar is due 7 Mar 00:00:59.999: next week's
    expect(verdicts(atMidnight, [], ...week, '2026-04-01 09:00').map(([k]) => k)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05']);
    expect(verdicts(atMidnight, [], ...nextWeek, '2026-04-01 09:00')[0][0]).toBe('2026-03-06');
    // stored in UTC: the edge is 17:00Z, not 00:00Z
    const [last] = duePeriods(daily, wib('2026-03-06 00:00'), wib('2026-03-07 00:00'));
    expect(last.deadline.toISOString()).toBe('2026-03-06T16:59:59.999Z');
    expect(duePeriods(daily, new Date('2026-03-06T17:00:00.000Z'), new Date('2026-03-07T17:00:00.000Z')).map((d) => d.period.key)).toEqual(['2026-03-07']);
  });

  it('month ends: a day-31 deadline is the last day of a short month, judged in that month', () => {
    const endOfMonth: UploadScheduleInput = { kind: 'monthly', dayOfMonth: 31, dueTime: '23:59', dueOffsetMonths: 0 };
    const feb = ['2026-02-01 00:00', '2026-03-01 00:00'] as const;
    expect(verdicts(endOfMonth, [], ...feb, '2026-03-02 00:00')).toEqual([['2026-02', 'missing', null]]);
    expect(verdicts(endOfMonth, [{ receivedAt: wib('2026-03-01 00:00'), period: { start: '2026-02-01', end: '2026-02-28' } }], ...feb, '2026-03-02 00:00')).toEqual([
      ['2026-02', 'late', 1],
    ]);
    expect(verdicts(endOfMonth, [], '2026-03-01 00:00', '2026-04-01 00:00', '2026-04-02 00:00')).toEqual([['2026-03', 'missing', null]]);
    // leap year: 29 Feb 2028 23:59:59.999 is February's
    expect(verdicts(endOfMonth, [], '2028-02-01 00:00', '2028-03-01 00:00', '2028-03-02 00:00')).toEqual([['2028-02', 'missing', null]]);
  });

  it('holidays do not move upload deadlines: a daily report is due on Idul Fitri as on any day', () => {
    // 20-21 Mar 2026 are Idul Fitri; the deadline is a wall-clock time, judged by the deadline, not office hours
    expect(verdicts(daily, [{ receivedAt: wib('2026-03-20 22:00'), period: day('2026-03-20') }], '2026-03-20 00:00', '2026-03-22 00:00', '2026-03-23 00:00')).toEqual([
      ['2026-03-20', 'on_time', null],
      ['2026-03-21', 'missing', null],
    ]);
  });

  it('a report reads uploads from far enough back: a quarterly-late monthly report uploaded on its month\'s second day', () => {
    const late3: UploadScheduleInput = { kind: 'monthly', dayOfMonth: 31, dueTime: '23:59', dueOffsetMonths: 3 };
    const uploads = [{ receivedAt: wib('2026-01-02 10:00'), period: { start: '2026-01-01', end: '2026-01-31' } }];
    expect(verdicts(late3, uploads, '2026-04-01 00:00', '2026-05-01 00:00', '2026-05-02 00:00')).toEqual([['2026-01', 'on_time', null]]);
    // January's is the first due from 1 April on; an upload for it can come from the start of December (rule B)
    expect(earliestUploadForDueFrom(late3, wib('2026-04-01 00:00'))).toEqual(wib('2025-12-01 00:00'));
    expect(earliestUploadForDueFrom(late3, wib('2026-04-01 00:00'))!.getTime()).toBeLessThan(wib('2026-04-01 00:00').getTime() - 70 * DAY);
    expect(earliestUploadForDueFrom({ kind: 'adhoc' }, wib('2026-04-01 00:00'))).toBeNull();
  });

  it('opdUploadMetrics lists the periods behind the counts on request, by deadline', () => {
    const datasets: DatasetUploads[] = [
      { opd: 'DLH', dataset: 'harian', schedule: daily, uploads: [{ receivedAt: wib('2026-03-07 08:00'), period: day('2026-03-06') }] },
      { opd: 'DLH', dataset: 'mingguan', schedule: fridayNight, uploads: [] },
    ];
    const m = opdUploadMetrics(datasets, wib('2026-03-06 00:00'), wib('2026-03-07 00:00'), wib('2026-03-09 00:00'), { explain: 'periods' }).DLH;
    expect(m).toMatchObject({ due: 2, onTime: 0, late: 1, missing: 1, pending: 0, maxLateByMs: 8 * HOUR + 1 });
    expect(m.explain!.periods).toEqual([
      {
        dataset: 'harian',
        period: '2026-03-06',
        start: '2026-03-06',
        end: '2026-03-06',
        deadline: '2026-03-06T16:59:59.999Z',
        status: 'late',
        receivedAt: wib('2026-03-07 08:00').toISOString(),
        lateByMs: 8 * HOUR + 1,
      },
      { dataset: 'mingguan', period: '2026-W10', start: '2026-03-02', end: '2026-03-08', deadline: '2026-03-06T16:59:59.999Z', status: 'missing', receivedAt: null, lateByMs: null },
    ]);
    expect(opdUploadMetrics(datasets, wib('2026-03-06 00:00'), wib('2026-03-07 00:00'), wib('2026-03-09 00:00')).DLH.explain).toBeNull();
  });
});

// ---------------------------------------------------------------- properties

/** Start of the WIB day containing `ms`. */
const wibMidnight = (ms: number) => Math.floor((ms + 7 * HOUR) / DAY) * DAY - 7 * HOUR;

const arbCut = fc.record({ kind: fc.constantFrom('ms', 'midnight', 'deadline', 'after-deadline'), at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }) });

/**
 * Consecutive ranges covering [from, to): cuts at random instants, at WIB midnights, and right
 * at or just after a deadline (the edges that matter).
 */
function consecutiveRanges(from: number, to: number, cuts: { kind: string; at: number }[], deadlines: number[]): [number, number][] {
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
  return edges.slice(1).map((b, i) => [edges[i], b]);
}

const arbUploads = (from: number) =>
  fc
    .array(
      fc.record({
        offset: fc.integer({ min: -160 * DAY, max: 200 * DAY }),
        declared: fc.option(fc.tuple(fc.integer({ min: -180, max: 200 }), fc.integer({ min: 0, max: 40 })), { nil: undefined }),
      }),
      { maxLength: 30 },
    )
    .map((ups) =>
      ups.map((u): UploadLike => {
        const toDate = (ms: number) => new Date(ms + 7 * HOUR).toISOString().slice(0, 10);
        return {
          receivedAt: from + u.offset,
          period: u.declared && { start: toDate(from + u.declared[0] * DAY), end: toDate(from + (u.declared[0] + u.declared[1]) * DAY) },
        };
      }),
    );

const arbCase = arbInstantMs.chain((from) =>
  fc.record({
    from: fc.constant(from),
    length: fc.integer({ min: 1, max: 150 * DAY }),
    nowOffset: fc.integer({ min: -10 * DAY, max: 220 * DAY }),
    datasets: fc.array(fc.record({ opd: fc.constantFrom('DLH', 'DISHUB'), schedule: arbScheduled, uploads: arbUploads(from) }), { minLength: 1, maxLength: 4 }),
    cuts: fc.array(arbCut, { maxLength: 8 }),
  }),
);

const summary = (e: PeriodEvaluation) => [e.period.key, e.deadline.getTime(), e.status, e.receivedAt?.getTime() ?? null, e.lateByMs, e.uploadCount];
const COUNTS = ['due', 'onTime', 'late', 'missing', 'pending', 'judged'] as const;

describe('range partition properties', () => {
  it('each due period is judged in exactly one of consecutive ranges (the one holding its deadline), with the same verdict as over the whole', () => {
    fc.assert(
      fc.property(arbCase, ({ from, length, nowOffset, datasets, cuts }) => {
        const to = from + length;
        const now = from + nowOffset;
        const deadlines = datasets.flatMap((d) => duePeriods(d.schedule, from, to).map((p) => p.deadline.getTime()));
        const ranges = consecutiveRanges(from, to, cuts, deadlines);
        for (const { schedule, uploads } of datasets) {
          const whole = evaluateDuePeriods(schedule, uploads, from, to, now);
          const parts = ranges.flatMap(([a, b]) =>
            evaluateDuePeriods(schedule, uploads, a, b, now).map((e) => {
              expect(e.deadline.getTime()).toBeGreaterThanOrEqual(a);
              expect(e.deadline.getTime()).toBeLessThan(b);
              return e;
            }),
          );
          expect(parts.map(summary)).toEqual(whole.map(summary));
        }
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('per-OPD counts over consecutive ranges add up to the whole range; the periods behind them are the same', () => {
    fc.assert(
      fc.property(arbCase, ({ from, length, nowOffset, datasets, cuts }) => {
        const to = from + length;
        const now = from + nowOffset;
        const named: DatasetUploads[] = datasets.map((d, i) => ({ ...d, dataset: `ds-${i}` }));
        const deadlines = named.flatMap((d) => duePeriods(d.schedule, from, to).map((p) => p.deadline.getTime()));
        const ranges = consecutiveRanges(from, to, cuts, deadlines);
        const whole = opdUploadMetrics(named, from, to, now, { explain: 'periods' });
        const parts = ranges.map(([a, b]) => opdUploadMetrics(named, a, b, now, { explain: 'periods' }));
        for (const [opd, w] of Object.entries(whole)) {
          for (const k of COUNTS) expect(parts.reduce((n, p) => n + p[opd][k], 0)).toBe(w[k]);
          const lates = parts.map((p) => p[opd].maxLateByMs).filter((x): x is number => x !== null);
          expect(lates.length ? Math.max(...lates) : null).toBe(w.maxLateByMs);
          expect(parts.flatMap((p) => p[opd].explain!.periods)).toEqual(w.explain!.periods);
        }
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  it('uploads received before earliestUploadForDueFrom change no verdict of a period due from `from` on', () => {
    fc.assert(
      fc.property(arbCase, ({ from, length, nowOffset, datasets }) => {
        const to = from + length;
        const now = from + nowOffset;
        for (const { schedule, uploads } of datasets) {
          const since = earliestUploadForDueFrom(schedule, from)!.getTime();
          const read = uploads.filter((u) => (u.receivedAt as number) >= since);
          expect(evaluateDuePeriods(schedule, read, from, to, now).map(summary)).toEqual(evaluateDuePeriods(schedule, uploads, from, to, now).map(summary));
        }
      }),
      { numRuns: 200 },
    );
  }, 120_000);
});
