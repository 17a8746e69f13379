// The timeliness report from its records (pure part of server/reports/opd-timeliness-report.ts):
// a report over a past week judges the deadlines of its last evening and takes uploads and
// resolutions that came after it into account; consecutive weeks add up to the fortnight.
import { describe, expect, it } from 'vitest';
import medan from '../../../db/seed-data/medan.json' with { type: 'json' };
import { createDefaultWorkingCalendar } from '../../../server/domain/calendar/official-non-working-days.ts';
import { slaPoliciesFromDefaults } from '../../../server/domain/complaints/complaint-sla.ts';
import type { DatasetUploads } from '../../../server/domain/uploads/index.ts';
import { buildOpdTimelinessReport, type ReportReference, type TimelinessRecords } from '../../../server/reports/opd-timeliness-report.ts';
import { build, wib } from '../domain/complaints/complaint-fixtures.ts';

const HOUR = 3_600_000;
const policies = slaPoliciesFromDefaults(medan.complaint_categories, medan.sla_defaults);
const ref: ReportReference = {
  opd: new Map(
    [
      ['DLH', 'Dinas Lingkungan Hidup'],
      ['DAMKAR', 'Dinas Pemadam Kebakaran dan Penyelamatan'],
    ].map(([code, name]) => [code, { code, name, shortName: null, kind: 'dinas', external: false }]),
  ),
  categories: new Map(
    medan.complaint_categories.map((c) => [
      c.code,
      { code: c.code, name: c.name, nameEn: null, opdCode: c.opd ?? null, externalCode: c.external ?? null, emergency: !!c.emergency, group: '', sla: policies[c.code] },
    ]),
  ),
  calendar: createDefaultWorkingCalendar(),
  maintenance: new Map(),
};

const day = (d: string) => ({ start: d, end: d });
/** `?from=<from>&to=<to>` in WIB dates: [from 00:00, to + 1 day 00:00). */
const range = (from: string, toInclusive: string, now: string) => {
  const to = new Date(Date.parse(`${toInclusive}T00:00:00+07:00`) + 24 * HOUR);
  return { from: wib(`${from}T00:00`), to, now: wib(now) };
};

// Sat 28 Feb - Fri 6 Mar 2026 and the week after, reported on 1 April.
const NOW = '2026-04-01T09:00';
const week1 = range('2026-02-28', '2026-03-06', NOW);
const week2 = range('2026-03-07', '2026-03-13', NOW);
const fortnight = range('2026-02-28', '2026-03-13', NOW);

function records(): TimelinessRecords {
  const datasets: DatasetUploads[] = [
    {
      opd: 'DLH',
      dataset: 'tonase-sampah-harian',
      schedule: { kind: 'daily', dueTime: '23:59' },
      uploads: [
        ...['2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04'].map((d) => ({ receivedAt: wib(`${d}T21:00`), period: day(d) })),
        // Thursday's arrives on Saturday morning, after the week ended; Friday's never comes
        { receivedAt: wib('2026-03-07T08:00'), period: day('2026-03-05') },
      ],
    },
    { opd: 'DAMKAR', dataset: 'rekap-mingguan', schedule: { kind: 'weekly', weekday: 5, dueTime: '23:59' }, uploads: [] },
    { opd: 'DAMKAR', dataset: 'laporan-bulanan', schedule: { kind: 'monthly', dayOfMonth: 5, dueTime: '23:59' }, uploads: [{ receivedAt: wib('2026-03-05T23:59:59.999') }] },
  ];
  const complaints = [
    // fire, 24 h: due Fri 6 Mar 23:30, resolved Sat 01:00
    build('late-fire', 'kebakaran', '2026-03-05T23:00', [
      ['dispatched', '2026-03-05T23:30', { opd: 'DAMKAR', actor: 'operator-a' }],
      ['resolved', '2026-03-07T01:00'],
    ]),
    // fire dispatched Fri 00:00: due Sat 00:00, the next week's
    build('midnight-fire', 'kebakaran', '2026-03-06T00:00', [
      ['dispatched', '2026-03-06T00:00', { opd: 'DAMKAR', actor: 'operator-a' }],
      ['resolved', '2026-03-06T05:00'],
    ]),
  ];
  // A service down from Fri 6 Mar 20:00 to Sat 7 Mar 02:00 WIB, across the edge of the weeks.
  const monitors = [
    {
      id: 'm1',
      code: 'sim-damkar',
      opd: 'DAMKAR',
      state: 'up' as const,
      active: true,
      changes: [
        { at: wib('2026-02-01T00:00'), state: 'up' as const },
        { at: wib('2026-03-06T20:00'), state: 'down' as const },
        { at: wib('2026-03-07T02:00'), state: 'up' as const },
      ],
    },
  ];
  return { complaints, datasets, monitors };
}

const report = (period: ReturnType<typeof range>, opd?: string) => buildOpdTimelinessReport(records(), ref, period, { minCount: 1, opd });
const row = (r: ReturnType<typeof report>, code: string) => r.opd.find((x) => x.opd.code === code)!;

describe('opd timeliness report: range edges', () => {
  it('judges the last evening of a past week: Friday 23:59 is missing (not pending), Thursday uploaded after the week is late', () => {
    const dlh = row(report(week1, 'DLH'), 'DLH').uploads;
    expect(dlh).toMatchObject({ due: 7, onTime: 5, late: 1, missing: 1, pending: 0, maxLateByMs: 32 * HOUR + 1 });
    expect(dlh.explain!.periods.slice(-2).map((p) => [p.period, p.status, p.lateByMs])).toEqual([
      ['2026-03-05', 'late', 32 * HOUR + 1],
      ['2026-03-06', 'missing', null],
    ]);
    expect(dlh.onTimeRate).toEqual({ numerator: 5, denominator: 7, rate: 5 / 7 });
    const damkar = row(report(week1, 'DAMKAR'), 'DAMKAR').uploads;
    // the weekly recap due Fri 6 Mar 23:59 and the monthly report due 5 Mar 23:59 (received at its last millisecond)
    expect(damkar.explain!.periods.map((p) => [p.dataset, p.period, p.status])).toEqual([
      ['laporan-bulanan', '2026-02', 'on_time'],
      ['rekap-mingguan', '2026-W10', 'missing'],
    ]);
  });

  it('a complaint due in the week and resolved after it is late in that week; one due at Saturday 00:00 is the next week\'s', () => {
    const w1 = row(report(week1, 'DAMKAR'), 'DAMKAR').complaints.onTime;
    expect(w1).toMatchObject({ closedOnTime: 0, closedLate: 1, openOverdue: 0, running: 0 });
    expect(w1.explain!.closedLate.map((x) => x.id)).toEqual(['late-fire']);
    const w2 = row(report(week2, 'DAMKAR'), 'DAMKAR').complaints.onTime;
    expect(w2).toMatchObject({ closedOnTime: 1, closedLate: 0, openOverdue: 0 });
    expect(w2.explain!.closedOnTime.map((x) => x.id)).toEqual(['midnight-fire']);
  });

  it('consecutive weeks add up to the fortnight: uploads, complaints and service time', () => {
    const [a, b, all] = [report(week1), report(week2), report(fortnight)];
    for (const code of ['DLH', 'DAMKAR']) {
      for (const k of ['due', 'onTime', 'late', 'missing', 'pending', 'judged'] as const) {
        expect(row(a, code).uploads[k] + row(b, code).uploads[k]).toBe(row(all, code).uploads[k]);
      }
      for (const k of ['closedOnTime', 'closedLate', 'openOverdue', 'running'] as const) {
        expect(row(a, code).complaints.onTime[k] + row(b, code).complaints.onTime[k]).toBe(row(all, code).complaints.onTime[k]);
      }
      for (const k of ['upMs', 'downMs'] as const) {
        expect(row(a, code).services.availability[k] + row(b, code).services.availability[k]).toBe(row(all, code).services.availability[k]);
      }
    }
    // 4 hours of the outage in week 1, 2 in week 2: nothing lost at the edge
    expect(row(a, 'DAMKAR').services.availability.downMs).toBe(4 * HOUR);
    expect(row(b, 'DAMKAR').services.availability.downMs).toBe(2 * HOUR);
    expect(row(a, 'DAMKAR').services.availability.upMs + row(a, 'DAMKAR').services.availability.downMs).toBe(7 * 24 * HOUR);
  });

  it('while the week is running: Friday\'s deadline still ahead is pending, the fire due tonight is running; services measured up to now', () => {
    const during = range('2026-02-28', '2026-03-06', '2026-03-06T22:00');
    const r = report(during, 'DLH');
    expect(r.period).toEqual({ from: during.from.toISOString(), to: during.to.toISOString(), asOf: during.now.toISOString(), backlogAsOf: during.now.toISOString() });
    expect(row(r, 'DLH').uploads).toMatchObject({ due: 7, onTime: 5, late: 0, missing: 1, pending: 1 });
    const damkar = row(report(during), 'DAMKAR');
    expect(damkar.complaints.onTime).toMatchObject({ closedOnTime: 0, closedLate: 0, openOverdue: 0, running: 1 });
    expect(damkar.complaints.openBacklog).toBe(1);
    expect(damkar.services.availability.downMs).toBe(2 * HOUR);
  });

  it('month ends: February\'s report judges a deadline on its last day; the backlog is taken at its last millisecond', () => {
    const feb = range('2026-02-01', '2026-02-28', NOW);
    const r = report(feb);
    expect(r.period.asOf).toBe(wib(NOW).toISOString());
    expect(r.period.backlogAsOf).toBe(new Date(Date.parse('2026-03-01T00:00:00+07:00') - 1).toISOString());
    // DLH's 28 Feb upload (21:00) is February's; 1 March's is not
    expect(row(r, 'DLH').uploads).toMatchObject({ onTime: 1, missing: 27, pending: 0 });
  });
});
