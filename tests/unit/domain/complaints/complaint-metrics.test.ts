import { describe, expect, it } from 'vitest';
import medan from '../../../../db/seed-data/medan.json' with { type: 'json' };
import { createDefaultWorkingCalendar } from '../../../../server/domain/calendar/official-non-working-days.ts';
import type { ComplaintState } from '../../../../server/domain/complaints/complaint-lifecycle.ts';
import { computeComplaintMetrics, type ComplaintMetricsOptions } from '../../../../server/domain/complaints/complaint-metrics.ts';
import { slaPoliciesFromDefaults } from '../../../../server/domain/complaints/complaint-sla.ts';
import { build, wibIso } from './complaint-fixtures.ts';

const calendar = createDefaultWorkingCalendar();
const policies = slaPoliciesFromDefaults(medan.complaint_categories, medan.sla_defaults);
const HOUR = 3_600_000;

const MARCH: ComplaintMetricsOptions = {
  from: wibIso('2026-03-01T00:00'),
  to: wibIso('2026-04-01T00:00'),
  now: wibIso('2026-04-20T12:00'),
  calendar,
  policies,
};

/** 5 closed on time in March, 5 submitted in February, due in March and still open. */
function onTimeAndOverdue(): ComplaintState[] {
  const out: ComplaintState[] = [];
  for (let i = 0; i < 5; i++) {
    out.push(
      build(`ok-${i}`, 'jalan-rusak', `2026-03-02T0${i}:30`, [
        ['dispatched', '2026-03-02T10:00', { opd: 'SDABMBK', actor: 'dispatcher-a' }],
        ['resolved', '2026-03-03T10:00'],
      ], { kecamatan: '12.71.01' }),
    );
    // submitted 20 Feb (citizen's clock due 6 Mar), dispatched 25 Feb: due 11 Mar, never resolved
    out.push(build(`old-${i}`, 'jalan-rusak', '2026-02-20T09:00', [['dispatched', '2026-02-25T10:00', { opd: 'SDABMBK', actor: 'dispatcher-a' }]], { kecamatan: '12.71.02' }));
  }
  return out;
}

describe('OPD on-time % = closed on time / (closed + still open and overdue)', () => {
  it('reads 50%, not the 100% that closed-on-time / closed would show', () => {
    const m = computeComplaintMetrics(onTimeAndOverdue(), MARCH);
    const row = m.opd.find((r) => r.opd === 'SDABMBK')!;
    expect(row.onTime).toMatchObject({ closedOnTime: 5, closedLate: 0, openOverdue: 5, rate: { numerator: 5, denominator: 10, rate: 0.5 } });
    // the wrong formula, for contrast
    expect(row.onTime.closedOnTime / (row.onTime.closedOnTime + row.onTime.closedLate)).toBe(1);
    expect(row.onTime.text).toEqual({ id: '5 / (5 + 5) = 50,0%', en: '5 / (5 + 5) = 50.0%' });
    expect(row.overdueBacklog).toBe(5);
    expect(row.openBacklog).toBe(5);
    expect(row.received).toBe(5); // the February ones were received before the period
    expect(row.close).toEqual({ count: 5, medianMs: 24 * HOUR, medianWorkingDays: 1 });
  });

  it('explains every bucket with complaint ids and deadlines', () => {
    const m = computeComplaintMetrics(onTimeAndOverdue(), MARCH);
    const row = m.opd.find((r) => r.opd === 'SDABMBK')!;
    expect(row.onTime.explain!.closedOnTime.map((x) => x.id)).toEqual(['ok-0', 'ok-1', 'ok-2', 'ok-3', 'ok-4']);
    expect(row.onTime.explain!.openOverdue.map((x) => x.id)).toEqual(['old-0', 'old-1', 'old-2', 'old-3', 'old-4']);
    expect(row.onTime.explain!.openOverdue[0]).toEqual({
      id: 'old-0',
      opd: 'SDABMBK',
      startedAt: wibIso('2026-02-25T10:00'),
      deadline: wibIso('2026-03-11T16:00'),
      doneAt: null,
    });
    expect(row.explain!.received).toEqual(['ok-0', 'ok-1', 'ok-2', 'ok-3', 'ok-4']);
    expect(m.definitions.onTime.en).toContain('Never closed on time / closed');
  });

  it('judges each complaint in the month of its deadline, with what is known now; backlogs at the end of the month', () => {
    const extra = [
      // due 16 Mar, resolved 25 Mar: closed late in March
      build('late-1', 'jalan-rusak', '2026-03-02T09:00', [
        ['dispatched', '2026-03-02T10:00', { opd: 'SDABMBK' }],
        ['resolved', '2026-03-25T10:00'],
      ]),
      // due 16 Mar, resolved 6 Apr: closed late in March (known on 20 Apr), never counted in April
      build('fixed-april', 'jalan-rusak', '2026-03-02T09:00', [
        ['dispatched', '2026-03-02T10:00', { opd: 'SDABMBK' }],
        ['resolved', '2026-04-06T10:00'],
      ]),
      // dispatched 30 Mar, due 14 Apr: April's, open and overdue by 20 Apr
      build('fresh', 'jalan-rusak', '2026-03-30T09:00', [['dispatched', '2026-03-30T10:00', { opd: 'SDABMBK' }]]),
      // dispatched 12 Mar: 10 working days would end in March, but Nyepi, Idul Fitri and cuti
      // bersama (18-24 Mar) push the deadline to 2 Apr: April's, on time
      build('holiday-edge', 'jalan-rusak', '2026-03-12T09:00', [
        ['dispatched', '2026-03-12T10:00', { opd: 'SDABMBK' }],
        ['resolved', '2026-04-01T10:00'],
      ]),
    ];
    const m = computeComplaintMetrics([...onTimeAndOverdue(), ...extra], MARCH);
    const row = m.opd.find((r) => r.opd === 'SDABMBK')!;
    expect(row.onTime).toMatchObject({ closedOnTime: 5, closedLate: 2, openOverdue: 5, running: 0 });
    expect(row.onTime.rate.rate).toBeCloseTo(5 / 12, 10);
    expect(row.onTime.explain!.closedLate.map((x) => x.id)).toEqual(['fixed-april', 'late-1']);
    // backlogs as of 31 Mar 23:59:59.999: 5 old + fixed-april + fresh + holiday-edge open; overdue: 5 old + fixed-april
    expect(row.openBacklog).toBe(8);
    expect(row.overdueBacklog).toBe(6);
    expect(row.explain!.overdueBacklog.map((x) => x.id)).toEqual(['old-0', 'old-1', 'old-2', 'old-3', 'old-4', 'fixed-april']);
    expect(m.period).toEqual({
      from: wibIso('2026-03-01T00:00'),
      to: wibIso('2026-04-01T00:00'),
      asOf: wibIso('2026-04-20T12:00'),
      backlogAsOf: new Date(Date.parse(wibIso('2026-04-01T00:00')) - 1).toISOString(),
    });

    // April, computed on 20 Apr: fixed-april is not judged again; the holiday edge is April's
    const aprilRange = { ...MARCH, from: wibIso('2026-04-01T00:00'), to: wibIso('2026-05-01T00:00') };
    const april = computeComplaintMetrics([...onTimeAndOverdue(), ...extra], aprilRange);
    expect(april.period.backlogAsOf).toBe(wibIso('2026-04-20T12:00'));
    const a = april.opd.find((r) => r.opd === 'SDABMBK')!;
    expect(a.onTime).toMatchObject({ closedOnTime: 1, closedLate: 0, openOverdue: 1, running: 0 });
    expect(a.onTime.explain!.closedOnTime.map((x) => x.id)).toEqual(['holiday-edge']);
    expect(a.onTime.explain!.openOverdue.map((x) => x.id)).toEqual(['fresh']);
    // the resolutions that happened in April are April's events (medians)
    expect(a.close.count).toBe(2);

    // computed on 10 Apr instead: fresh is not due yet (running, outside the rate)
    const early = computeComplaintMetrics([...onTimeAndOverdue(), ...extra], { ...aprilRange, now: wibIso('2026-04-10T12:00') });
    expect(early.opd.find((r) => r.opd === 'SDABMBK')!.onTime).toMatchObject({ closedOnTime: 1, openOverdue: 0, running: 1, rate: { denominator: 1 } });
  });

  it('a deadline at 00:00 WIB belongs to the range starting then; one at 23:59:59.999 to the range ending at 00:00', () => {
    // fire (24 hours around the clock): dispatched 31 Mar 00:00 -> due 1 Apr 00:00; 30 Mar 23:59:59.999 -> due 31 Mar 23:59:59.999
    const data = [
      build('at-midnight', 'kebakaran', '2026-03-31T00:00', [['dispatched', '2026-03-31T00:00', { opd: 'DAMKAR' }]]),
      build('last-ms', 'kebakaran', '2026-03-30T23:59:59.999', [['dispatched', '2026-03-30T23:59:59.999', { opd: 'DAMKAR' }]]),
    ];
    const ids = (range: ComplaintMetricsOptions) => computeComplaintMetrics(data, range).opd.find((r) => r.opd === 'DAMKAR')!.onTime.explain!.openOverdue.map((x) => [x.id, x.deadline]);
    expect(ids(MARCH)).toEqual([['last-ms', wibIso('2026-03-31T23:59:59.999')]]);
    expect(ids({ ...MARCH, from: wibIso('2026-04-01T00:00'), to: wibIso('2026-05-01T00:00') })).toEqual([['at-midnight', wibIso('2026-04-01T00:00')]]);
  });
});

describe('minimum count', () => {
  const data = () => [
    ...onTimeAndOverdue(),
    ...[0, 1].map((i) =>
      build(`dlh-${i}`, 'sampah', '2026-03-09T09:00', [
        ['dispatched', '2026-03-09T10:00', { opd: 'DLH' }],
        ['resolved', '2026-03-10T10:00'],
      ]),
    ),
  ];

  it('below the minimum the rate is null and the OPD is left out of the ranking (counts still shown)', () => {
    const m = computeComplaintMetrics(data(), MARCH);
    const dlh = m.opd.find((r) => r.opd === 'DLH')!;
    expect(dlh.onTime.rate).toEqual({ numerator: 2, denominator: 2, rate: null });
    expect(dlh.onTime.text.en).toBe('2 / (2 + 0): not enough data (at least 5)');
    expect(m.ranking).toEqual([{ rank: 1, opd: 'SDABMBK', rate: { numerator: 5, denominator: 10, rate: 0.5 } }]);
    expect(m.notRanked).toEqual(['DLH']);
  });

  it('is configurable', () => {
    const m = computeComplaintMetrics(data(), { ...MARCH, minCount: 2 });
    expect(m.ranking.map((r) => [r.opd, r.rate.rate])).toEqual([
      ['SDABMBK', 0.5],
      ['DLH', 1],
    ]);
    expect(m.notRanked).toEqual([]);
  });

  it('OPD listed with no complaints get an empty, unranked row', () => {
    const m = computeComplaintMetrics(data(), { ...MARCH, opdCodes: ['DISHUB'] });
    expect(m.opd.find((r) => r.opd === 'DISHUB')).toMatchObject({ received: 0, onTime: { rate: { numerator: 0, denominator: 0, rate: null } } });
    expect(m.notRanked).toContain('DISHUB');
  });
});

describe('misrouting', () => {
  const data = () => [
    build('mis-1', 'drainase', '2026-03-02T09:00', [
      ['dispatched', '2026-03-02T10:00', { opd: 'DLH', actor: 'dispatcher-b' }],
      ['dispatched', '2026-03-04T10:00', { opd: 'SDABMBK', actor: 'dispatcher-c', reason: 'drainase' }],
      ['resolved', '2026-03-10T10:00'],
    ], { kecamatan: '12.71.03' }),
    build('ok-d', 'drainase', '2026-03-03T09:00', [['dispatched', '2026-03-03T10:00', { opd: 'SDABMBK', actor: 'dispatcher-b' }]], { kecamatan: '12.71.03' }),
  ];

  it('counts against the dispatcher and the category; the final OPD is judged from its own dispatch', () => {
    const m = computeComplaintMetrics(data(), { ...MARCH, minCount: 1 });
    expect(m.misrouting.byCategory).toEqual([
      { key: 'drainase', dispatches: 3, misrouted: 1, rate: { numerator: 1, denominator: 3, rate: 1 / 3 }, explain: { misrouted: ['mis-1'] } },
    ]);
    expect(m.misrouting.byDispatcher.map((r) => [r.key, r.misrouted, r.dispatches])).toEqual([
      ['dispatcher-b', 1, 2],
      ['dispatcher-c', 0, 1],
    ]);
    const dlh = m.opd.find((r) => r.opd === 'DLH')!;
    expect(dlh).toMatchObject({ misroutedTo: 1, onTime: { closedOnTime: 0, closedLate: 0, openOverdue: 0 }, openBacklog: 0, received: 0 });
    const sda = m.opd.find((r) => r.opd === 'SDABMBK')!;
    expect(sda.onTime).toMatchObject({ closedOnTime: 1, closedLate: 0 });
    expect(sda.close.medianMs).toBe(6 * 24 * HOUR); // from the re-route (4 Mar), not from the first dispatch
    expect(sda.close.medianWorkingDays).toBe(4); // Thu 5, Fri 6, Mon 9, Tue 10
    expect(m.kecamatan.find((k) => k.kecamatan === '12.71.03')!.misrouted).toBe(1);
    expect(m.city.misrouted).toBe(1);
  });
});

describe('kecamatan and city (citizen clock)', () => {
  it('uses the citizen clock and the same formula', () => {
    const data = [
      ...onTimeAndOverdue(),
      build('ext', 'listrik', '2026-03-05T09:00', [['rejected', '2026-03-05T10:00', { opd: 'PLN' }]]),
      build('dup', 'sampah', '2026-03-05T09:00', [['duplicate', '2026-03-05T10:00', { duplicateOf: 'ok-0' }]]),
      build('waiting', 'sampah', '2026-03-20T09:00', []), // received in a holiday week, never triaged
    ];
    const m = computeComplaintMetrics(data, MARCH);
    const k1 = m.kecamatan.find((k) => k.kecamatan === '12.71.01')!;
    expect(k1).toMatchObject({ received: 5, onTime: { closedOnTime: 5, openOverdue: 0 }, openBacklog: 0 });
    expect(k1.firstResponse.count).toBe(5);
    const k2 = m.kecamatan.find((k) => k.kecamatan === '12.71.02')!;
    expect(k2).toMatchObject({ received: 0, onTime: { closedOnTime: 0, openOverdue: 5, rate: { rate: 0 } }, overdueBacklog: 5 });
    expect(m.kecamatan.at(-1)!.kecamatan).toBeNull();
    // The duplicate is counted once, as its original: not received again, not triaged again.
    expect(m.city).toMatchObject({ received: 7, routedExternally: 1, duplicates: 1, undispatched: 1, openBacklog: 6 });
    // triage: ok-0..4, ext on time (6 in March, old ones were triaged in February); waiting is due 27 Mar... no: received
    // Fri 20 Mar (cuti bersama) -> counts from Wed 25 Mar -> due Mon 30 Mar 16:00, overdue on 31 Mar
    expect(m.city.dispatchOnTime).toMatchObject({ closedOnTime: 6, closedLate: 0, openOverdue: 1 });
  });

  it("'counts' mode drops the id lists", () => {
    const m = computeComplaintMetrics(onTimeAndOverdue(), { ...MARCH, explain: 'counts' });
    expect(m.opd[0].explain).toBeNull();
    expect(m.opd[0].onTime.explain).toBeNull();
    expect(m.opd[0].onTime.closedOnTime).toBe(5);
  });

  it('refuses an empty or inverted period', () => {
    expect(() => computeComplaintMetrics([], { ...MARCH, to: MARCH.from })).toThrow(RangeError);
  });

  it('is deterministic and does not depend on input order', () => {
    const data = onTimeAndOverdue();
    expect(computeComplaintMetrics([...data].reverse(), MARCH)).toEqual(computeComplaintMetrics(data, MARCH));
  });
});

describe('median working days', () => {
  it('counts the working days of the WIB holiday calendar: a week of Nyepi and Lebaran leave is one working day', () => {
    // Dispatched Tue 17 Mar; 18-20 and 23-24 Mar are Nyepi, Idul Fitri and their cuti bersama, 21-22 a weekend.
    const late = build('lebaran', 'jalan-rusak', '2026-03-17T08:30', [
      ['dispatched', '2026-03-17T10:00', { opd: 'SDABMBK', actor: 'dispatcher-a' }],
      ['in_progress', '2026-03-17T15:00'],
      ['resolved', '2026-03-25T10:00'],
    ]);
    const sameDay = build('cepat', 'jalan-rusak', '2026-03-02T08:30', [
      ['dispatched', '2026-03-02T09:00', { opd: 'SDABMBK', actor: 'dispatcher-a' }],
      ['resolved', '2026-03-02T15:00'],
    ]);
    const row = computeComplaintMetrics([late, sameDay], MARCH).opd.find((r) => r.opd === 'SDABMBK')!;
    expect(row.close).toEqual({ count: 2, medianMs: Math.round((8 * 24 * HOUR + 6 * HOUR) / 2), medianWorkingDays: 0.5 });
    expect(computeComplaintMetrics([late], MARCH).opd.find((r) => r.opd === 'SDABMBK')!.close.medianWorkingDays).toBe(1);
    expect(computeComplaintMetrics([late], MARCH).opd.find((r) => r.opd === 'SDABMBK')!.firstResponse.medianWorkingDays).toBe(0);
  });
});
