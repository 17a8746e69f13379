import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  PERIOD_STATUSES,
  countTimeliness,
  duePeriods,
  evaluateDuePeriods,
  type UploadLike,
} from '../../../../server/domain/uploads/index.ts';
import type { UploadScheduleInput } from '../../../../shared/upload-schedule.ts';
import { arbInstantMs, arbScheduled, wib } from './helpers.ts';

const daily: UploadScheduleInput = { kind: 'daily', dueTime: '23:59' };
const day = (d: string) => ({ start: d, end: d });

function statuses(schedule: UploadScheduleInput, uploads: UploadLike[], from: string, to: string, now: string) {
  return evaluateDuePeriods(schedule, uploads, wib(from), wib(to), wib(now)).map((e) => [e.period.key, e.status, e.lateByMs]);
}

describe('evaluateDuePeriods', () => {
  it('judges by the deadline, not office hours: 23:58 is on time, 00:01 is late', () => {
    const uploads = [
      { receivedAt: wib('2026-03-01 23:58'), period: day('2026-03-01') }, // late night, weak signal: fine
      { receivedAt: wib('2026-03-03 00:01'), period: day('2026-03-02') }, // one minute past midnight
      { receivedAt: wib('2026-03-03 23:59:30'), period: day('2026-03-03') }, // inside the due minute
    ];
    expect(statuses(daily, uploads, '2026-03-01 00:00', '2026-03-04 00:00', '2026-03-04 08:00')).toEqual([
      ['2026-03-01', 'on_time', null],
      ['2026-03-02', 'late', 60_001], // 00:01:00.000 - 23:59:59.999
      ['2026-03-03', 'on_time', null],
    ]);
  });

  it('an upload without a period at 00:01 counts for the new day; the day before is missing', () => {
    expect(
      statuses(daily, [{ receivedAt: wib('2026-03-02 00:01') }], '2026-03-01 00:00', '2026-03-03 00:00', '2026-03-03 08:00'),
    ).toEqual([
      ['2026-03-01', 'missing', null],
      ['2026-03-02', 'on_time', null],
    ]);
  });

  it('missing only once the deadline has passed; pending before', () => {
    const from = '2026-03-01 00:00';
    const to = '2026-03-02 00:00';
    expect(statuses(daily, [], from, to, '2026-03-01 20:00')).toEqual([['2026-03-01', 'pending', null]]);
    expect(statuses(daily, [], from, to, '2026-03-01 23:59:59.999')).toEqual([['2026-03-01', 'pending', null]]);
    expect(statuses(daily, [], from, to, '2026-03-02 00:00')).toEqual([['2026-03-01', 'missing', null]]);
  });

  it('several uploads for one period: the earliest received decides, whatever the input order', () => {
    const early = { id: 'early', receivedAt: wib('2026-03-01 22:00'), period: day('2026-03-01') };
    const correction = { id: 'correction', receivedAt: wib('2026-03-02 09:00'), period: day('2026-03-01') };
    const [e] = evaluateDuePeriods(daily, [correction, early], wib('2026-03-01 00:00'), wib('2026-03-02 00:00'), wib('2026-03-02 12:00'));
    expect(e.status).toBe('on_time');
    expect(e.upload?.id).toBe('early');
    expect(e.uploadCount).toBe(2);
    expect(e.receivedAt).toEqual(early.receivedAt);
  });

  it('is "as of now": uploads received after now are ignored', () => {
    const uploads = [{ receivedAt: wib('2026-03-02 09:00'), period: day('2026-03-01') }];
    expect(statuses(daily, uploads, '2026-03-01 00:00', '2026-03-02 00:00', '2026-03-02 08:00')).toEqual([['2026-03-01', 'missing', null]]);
    expect(statuses(daily, uploads, '2026-03-01 00:00', '2026-03-02 00:00', '2026-03-02 10:00')).toEqual([
      ['2026-03-01', 'late', 9 * 3600_000 + 1],
    ]);
  });

  it('a catch-up upload makes each covered day late by its own deadline', () => {
    const uploads = [{ receivedAt: wib('2026-03-04 08:00'), period: { start: '2026-03-01', end: '2026-03-03' } }];
    const ev = evaluateDuePeriods(daily, uploads, wib('2026-03-01 00:00'), wib('2026-03-04 00:00'), wib('2026-03-04 12:00'));
    expect(ev.map((e) => [e.period.key, e.status, e.lateByMs && Math.round(e.lateByMs / 3600_000)])).toEqual([
      ['2026-03-01', 'late', 56],
      ['2026-03-02', 'late', 32],
      ['2026-03-03', 'late', 8],
    ]);
  });

  it('daily with an offset: yesterday\'s data due today 12:00', () => {
    const s: UploadScheduleInput = { kind: 'daily', dueTime: '12:00', dueOffsetDays: 1 };
    const uploads = [
      { receivedAt: wib('2026-03-02 11:59'), period: day('2026-03-01') },
      { receivedAt: wib('2026-03-03 12:01:00.999'), period: day('2026-03-02') },
    ];
    expect(statuses(s, uploads, '2026-03-02 00:00', '2026-03-04 00:00', '2026-03-04 00:00')).toEqual([
      ['2026-03-01', 'on_time', null],
      ['2026-03-02', 'late', 1_000],
    ]);
  });

  it('monthly day 31: the February 2026 report is due 28 Feb with no offset', () => {
    const s: UploadScheduleInput = { kind: 'monthly', dayOfMonth: 31, dueTime: '23:59', dueOffsetMonths: 0 };
    const feb = { start: '2026-02-01', end: '2026-02-28' };
    expect(statuses(s, [{ receivedAt: wib('2026-02-28 23:50'), period: feb }], '2026-02-01 00:00', '2026-03-01 00:00', '2026-03-02 00:00')).toEqual([
      ['2026-02', 'on_time', null],
    ]);
    expect(statuses(s, [{ receivedAt: wib('2026-03-01 00:01'), period: feb }], '2026-02-01 00:00', '2026-03-01 00:00', '2026-03-02 00:00')).toEqual([
      ['2026-02', 'late', 60_001],
    ]);
  });

  it('monthly day 31 in April and in leap February 2028', () => {
    const s: UploadScheduleInput = { kind: 'monthly', dayOfMonth: 31, dueTime: '16:00', dueOffsetMonths: 0 };
    expect(
      statuses(s, [{ receivedAt: wib('2026-04-30 15:00'), period: { start: '2026-04-01', end: '2026-04-30' } }], '2026-04-01 00:00', '2026-05-01 00:00', '2026-05-01 00:00'),
    ).toEqual([['2026-04', 'on_time', null]]);
    expect(
      statuses(s, [{ receivedAt: wib('2028-02-29 16:00:30') }], '2028-02-01 00:00', '2028-03-01 00:00', '2028-03-01 00:00'),
    ).toEqual([['2028-02', 'on_time', null]]);
  });

  it('weekly over ISO week 53 into 2027', () => {
    const s: UploadScheduleInput = { kind: 'weekly', weekday: 5, dueTime: '16:00' };
    const uploads = [
      { receivedAt: wib('2026-12-25 15:00') }, // W52, on time
      { receivedAt: wib('2027-01-01 17:00'), period: { start: '2026-12-28', end: '2027-01-03' } }, // W53, late 59 min
    ];
    expect(statuses(s, uploads, '2026-12-21 00:00', '2027-01-11 00:00', '2027-01-10 00:00')).toEqual([
      ['2026-W52', 'on_time', null],
      ['2026-W53', 'late', 59 * 60_000 + 1],
      ['2027-W01', 'missing', null],
    ]);
  });

  it('adhoc datasets are never due', () => {
    expect(evaluateDuePeriods({ kind: 'adhoc' }, [{ receivedAt: wib('2026-03-01 10:00') }], wib('2026-01-01 00:00'), wib('2026-12-31 00:00'), wib('2026-12-31 00:00'))).toEqual([]);
  });
});

describe('evaluateDuePeriods properties', () => {
  const arbCase = fc
    .tuple(
      arbScheduled,
      arbInstantMs,
      fc.integer({ min: 0, max: 120 * 24 * 3600_000 }),
      fc.integer({ min: -30 * 24 * 3600_000, max: 150 * 24 * 3600_000 }),
      fc.array(
        fc.record({
          offset: fc.integer({ min: -40 * 24 * 3600_000, max: 160 * 24 * 3600_000 }),
          declared: fc.option(fc.tuple(fc.integer({ min: -60, max: 150 }), fc.integer({ min: 0, max: 40 })), { nil: undefined }),
        }),
        { maxLength: 25 },
      ),
    )
    .map(([schedule, from, len, nowOffset, ups]) => {
      const toDate = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 10);
      const uploads: UploadLike[] = ups.map((u) => ({
        receivedAt: from + u.offset,
        period: u.declared && {
          start: toDate(from + u.declared[0] * 24 * 3600_000),
          end: toDate(from + (u.declared[0] + u.declared[1]) * 24 * 3600_000),
        },
      }));
      return { schedule, from, to: from + len, now: from + nowOffset, uploads };
    });

  it('partitions the due periods: one verdict each, counts add up, on time never exceeds due', () => {
    fc.assert(
      fc.property(arbCase, ({ schedule, from, to, now, uploads }) => {
        const due = duePeriods(schedule, from, to);
        const ev = evaluateDuePeriods(schedule, uploads, from, to, now);
        expect(ev.map((e) => e.period.key)).toEqual(due.map((d) => d.period.key));
        for (const e of ev) expect(PERIOD_STATUSES).toContain(e.status);
        const c = countTimeliness(ev);
        expect(c.onTime + c.late + c.missing + c.pending).toBe(c.due);
        expect(c.due).toBe(due.length);
        expect(c.onTime).toBeLessThanOrEqual(c.judged);
        expect(c.judged).toBeLessThanOrEqual(c.due);
      }),
    );
  });

  it('verdicts agree with deadlines and now', () => {
    fc.assert(
      fc.property(arbCase, ({ schedule, from, to, now, uploads }) => {
        for (const e of evaluateDuePeriods(schedule, uploads, from, to, now)) {
          const d = e.deadline.getTime();
          if (e.status === 'pending') expect(now).toBeLessThanOrEqual(d);
          if (e.status === 'missing') expect(now).toBeGreaterThan(d);
          if (e.status === 'on_time') expect(e.receivedAt.getTime()).toBeLessThanOrEqual(Math.min(d, now));
          if (e.status === 'late') {
            expect(e.lateByMs).toBeGreaterThan(0);
            expect(e.receivedAt.getTime()).toBe(d + e.lateByMs);
            expect(e.receivedAt.getTime()).toBeLessThanOrEqual(now);
          }
        }
      }),
    );
  });

  it('an extra upload can only improve a verdict (on time stays on time, late never gets later)', () => {
    fc.assert(
      fc.property(arbCase, fc.integer({ min: -40 * 24 * 3600_000, max: 160 * 24 * 3600_000 }), ({ schedule, from, to, now, uploads }, extra) => {
        const before = evaluateDuePeriods(schedule, uploads, from, to, now);
        const after = evaluateDuePeriods(schedule, [...uploads, { receivedAt: from + extra }], from, to, now);
        after.forEach((a, i) => {
          const b = before[i];
          if (b.status === 'on_time') expect(a.status).toBe('on_time');
          if (b.status === 'late') {
            expect(['on_time', 'late']).toContain(a.status);
            if (a.status === 'late') expect(a.lateByMs).toBeLessThanOrEqual(b.lateByMs);
          }
        });
      }),
    );
  });
});
