// A schedule change applies from the change on: each due period is judged with the schedule in
// force at its deadline, never twice, and a judged period keeps its deadline and verdict.
import { describe, expect, it } from 'vitest';
import { evaluateDuePeriods } from '../../../../server/domain/uploads/upload-timeliness.ts';
import { evaluateDuePeriodsOverTime, judgeUploadOverTime, scheduleSegments, upcomingDeadlines } from '../../../../server/domain/uploads/schedule-history.ts';

const daily = { kind: 'daily', dueTime: '23:59' } as const;
const weekly = { kind: 'weekly', weekday: 5, dueTime: '12:00' } as const;
// Wednesday 9 Dec 2026, 10:00 WIB.
const change = Date.parse('2026-12-09T10:00:00+07:00');

describe('schedule history', () => {
  const segments = scheduleSegments(weekly, [{ schedule: daily, until: new Date(change) }]);

  it('judges periods due before the change with the old schedule and after it with the new', () => {
    const from = '2026-12-01T00:00:00+07:00';
    const to = '2026-12-21T00:00:00+07:00';
    const now = '2026-12-21T00:00:00+07:00';
    const got = evaluateDuePeriodsOverTime(segments, [], from, to, now);
    const keys = got.map((e) => e.period.key);
    // Daily periods 1..8 Dec (9 Dec is due at 23:59, after the change), then the weekly ones.
    expect(keys).toEqual(['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06', '2026-12-07', '2026-12-08', '2026-W50', '2026-W51']);
    // The judged part is exactly what the old schedule alone said.
    expect(got.slice(0, 8)).toEqual(evaluateDuePeriods(daily, [], from, new Date(change), now));
  });

  it('a late upload for a judged day is late by that day’s deadline; one naming no period fulfils the next weekly period', () => {
    const late = judgeUploadOverTime(segments, { receivedAt: '2026-12-10T08:00:00+07:00', period: { start: '2026-12-07', end: '2026-12-07' } });
    expect(late).toMatchObject({ periodKey: '2026-12-07', onTime: false });
    expect(late.deadlineAt?.toISOString()).toBe('2026-12-07T16:59:59.999Z');
    const fresh = judgeUploadOverTime(segments, { receivedAt: '2026-12-10T08:00:00+07:00' });
    expect(fresh).toMatchObject({ periodKey: '2026-W50', onTime: true });
  });

  it('nothing is due before a dataset’s first schedule took effect', () => {
    const fresh = scheduleSegments(daily, [], '2026-12-05T09:00:00+07:00');
    const got = evaluateDuePeriodsOverTime(fresh, [], '2026-12-01T00:00:00+07:00', '2026-12-08T00:00:00+07:00', '2026-12-08T00:00:00+07:00');
    expect(got.map((e) => e.period.key)).toEqual(['2026-12-05', '2026-12-06', '2026-12-07']);
  });

  it('previews the next deadlines of a schedule', () => {
    const next = upcomingDeadlines({ kind: 'monthly', dayOfMonth: 31, dueTime: '16:00' }, '2027-01-15T00:00:00+07:00', 3);
    // Day 31 of the next month: the last day of February.
    expect(next.map((d) => [d.period.key, d.deadline.toISOString()])).toEqual([
      ['2026-12', '2027-01-31T09:00:59.999Z'],
      ['2027-01', '2027-02-28T09:00:59.999Z'],
      ['2027-02', '2027-03-31T09:00:59.999Z'],
    ]);
    expect(upcomingDeadlines({ kind: 'adhoc' }, Date.now(), 5)).toEqual([]);
  });
});
