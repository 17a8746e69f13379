// The leadership reports from their records (pure part of server/reports/leadership): one read
// serves the period and the period before; the complaints behind an OPD's numbers come overdue
// first with how late; the upload grid, the services and incidents are the OPD's own.
import { describe, expect, it } from 'vitest';
import medan from '../../../../db/seed-data/medan.json' with { type: 'json' };
import { createDefaultWorkingCalendar } from '../../../../server/domain/calendar/official-non-working-days.ts';
import { slaPoliciesFromDefaults } from '../../../../server/domain/complaints/complaint-sla.ts';
import type { TimelinessRecords } from '../../../../server/reports/opd-timeliness-report.ts';
import { buildKecamatanReport, buildOpdReport, buildOverview, type IncidentRecord, type LeadershipReference } from '../../../../server/reports/leadership/leadership-report.ts';
import { windowOf } from '../../../../server/reports/leadership/report-window.ts';
import { build, wib, wibIso } from '../../domain/complaints/complaint-fixtures.ts';

const HOUR = 3_600_000;
const policies = slaPoliciesFromDefaults(medan.complaint_categories, medan.sla_defaults);
const ref: LeadershipReference = {
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
  kecamatan: new Map([['12.71.05', { code: '12.71.05', name: 'Medan Kota', population: 80_000, areaKm2: 5 }]]),
  kelurahan: new Map([
    ['12.71.05.1001', { code: '12.71.05.1001', name: 'Kel A', kecamatanCode: '12.71.05' }],
    ['12.71.05.1002', { code: '12.71.05.1002', name: 'Kel B', kecamatanCode: '12.71.05' }],
  ]),
  datasets: new Map([['DAMKAR/rekap-mingguan', { id: 'd1', opdCode: 'DAMKAR', code: 'rekap-mingguan', name: 'Rekap mingguan', schedule: { kind: 'weekly', weekday: 5, dueTime: '23:59', dueOffsetWeeks: 0 } }]]),
  monitors: new Map(),
};

// Monday 2 to Sunday 8 March 2026, reported on 1 April; the week before is 23 Feb - 1 Mar.
const window = windowOf({ from: '2026-03-02', to: '2026-03-08' }, wib('2026-04-01T09:00'));
const fire = (id: string, submitted: string, steps: Parameters<typeof build>[3]) => build(id, 'kebakaran', submitted, steps, { kecamatan: '12.71.05' });
const records: TimelinessRecords = {
  complaints: [
    fire('on-time', '2026-03-02T08:00', [
      ['dispatched', '2026-03-02T08:10', { opd: 'DAMKAR' }],
      ['resolved', '2026-03-02T12:00'],
    ]),
    fire('late', '2026-03-03T08:00', [
      ['dispatched', '2026-03-03T08:10', { opd: 'DAMKAR' }],
      ['resolved', '2026-03-05T09:00'],
    ]),
    fire('overdue', '2026-03-04T08:00', [
      ['dispatched', '2026-03-04T08:10', { opd: 'DAMKAR' }],
      ['in_progress', '2026-03-04T08:30'],
    ]),
    fire('before', '2026-02-24T08:00', [
      ['dispatched', '2026-02-24T08:10', { opd: 'DAMKAR' }],
      ['resolved', '2026-02-24T09:00'],
    ]),
  ],
  datasets: [{ opd: 'DAMKAR', dataset: 'rekap-mingguan', schedule: { kind: 'weekly', weekday: 5, dueTime: '23:59' }, uploads: [] }],
  monitors: [
    {
      id: 'm1',
      code: 'sim-damkar',
      opd: 'DAMKAR',
      state: 'up',
      active: true,
      changes: [
        { at: wib('2026-02-01T00:00'), state: 'up' },
        { at: wib('2026-03-03T10:00'), state: 'down' },
        { at: wib('2026-03-03T12:00'), state: 'up' },
      ],
    },
  ],
};
const incidents: IncidentRecord[] = [
  { id: 'i1', monitorCode: 'sim-damkar', opd: 'DAMKAR', status: 'resolved', openedAt: wib('2026-03-03T10:00'), resolvedAt: wib('2026-03-03T12:00') },
  { id: 'i0', monitorCode: 'sim-damkar', opd: 'DAMKAR', status: 'resolved', openedAt: wib('2026-02-25T10:00'), resolvedAt: wib('2026-02-25T10:30') },
];

describe('buildOpdReport', () => {
  const report = buildOpdReport(records, ref, window, 'DAMKAR', { incidents, dispatchers: new Map(), minCount: 1, mayOpen: (opd) => opd === 'DLH' });

  it('lists the complaints behind the numbers, overdue first, with how late and by which clock', () => {
    expect(report.complaints.map((c) => [c.id, c.verdict])).toEqual([
      ['overdue', 'overdue'],
      ['late', 'late'],
      ['on-time', 'on_time'],
    ]);
    const [overdue, late] = report.complaints;
    // Due Thursday 08:10, still open on 1 April.
    expect(overdue).toMatchObject({ clock: 'opd', deadline: wibIso('2026-03-05T08:10'), doneAt: null, status: 'in_progress', in: expect.arrayContaining(['overdue', 'received', 'open']) });
    // Hours to one decimal: 27 days 50 minutes.
    expect(overdue.lateHours).toBe(648.8);
    // Due Wednesday 08:10, resolved Thursday 09:00.
    expect(late).toMatchObject({ deadline: wibIso('2026-03-04T08:10'), doneAt: wibIso('2026-03-05T09:00'), lateHours: 24.8, lateWorkingDays: 1 });
    // Viewers who may not open DAMKAR's complaints get no link.
    expect(report.complaints.every((c) => c.detailPath === null)).toBe(true);
    expect(report.complaints[0].category).toEqual({ code: 'kebakaran', name: { id: expect.any(String), en: expect.any(String) } });
  });

  it('compares with the week before from the same records', () => {
    expect(report.summary.received).toEqual({ value: 3, previous: 1 });
    expect(report.summary.onTime).toEqual({ value: { numerator: 1, denominator: 3, rate: 1 / 3 }, previous: { numerator: 1, denominator: 1, rate: 1 } });
    expect(report.trend).toEqual([{ weekStart: '2026-03-02', onTime: { numerator: 1, denominator: 3, rate: 1 / 3 } }]);
  });

  it('shows the upload grid, the services and the incidents of the period', () => {
    expect(report.datasets).toEqual([
      { code: 'rekap-mingguan', name: 'Rekap mingguan', schedule: 'weekly', onTime: { numerator: 0, denominator: 1, rate: 0 }, periods: [expect.objectContaining({ period: '2026-W10', verdict: 'missing' })] },
    ]);
    expect(report.services).toEqual([{ code: 'sim-damkar', name: 'sim-damkar', state: 'up', availability: { percent: (1 - 2 / (7 * 24)) * 100, upMs: 7 * 24 * HOUR - 2 * HOUR, downMs: 2 * HOUR, services: 1 } }]);
    expect(report.incidents.map((i) => [i.id, i.durationMs])).toEqual([['i1', 2 * HOUR]]);
  });
});

describe('buildOverview', () => {
  it('gives every figure beside the previous period', () => {
    const o = buildOverview(records, ref, window, incidents, 1);
    expect(o.complaints.received).toEqual({ value: 3, previous: 1 });
    expect(o.complaints.closed).toEqual({ value: 2, previous: 1 });
    expect(o.complaints.overdueCitizen).toEqual({ value: 1, previous: 0 });
    expect(o.services.incidentsOpened).toEqual({ value: 1, previous: 1 });
    expect(o.services.downtimeMs).toEqual({ value: 2 * HOUR, previous: 0 });
    expect(o.uploads.missing).toEqual({ value: 1, previous: 1 });
    expect(o.period).toMatchObject({ from: '2026-03-02', to: '2026-03-08', label: { id: '2–8 Mar 2026', en: '2–8 Mar 2026' } });
    expect(o.includesToday).toBe(false);
  });
});

describe('buildKecamatanReport', () => {
  it('counts per kelurahan and finds the OPD serving the kecamatan', () => {
    const kelurahanOf = new Map([
      ['on-time', '12.71.05.1001'],
      ['late', '12.71.05.1001'],
      ['overdue', '12.71.05.1002'],
    ]);
    const k = buildKecamatanReport(records.complaints, kelurahanOf, ref, window, '12.71.05', 1);
    expect(k.kelurahan).toEqual([
      { code: '12.71.05.1001', name: 'Kel A', received: 2, open: 0, overdue: 0 },
      { code: '12.71.05.1002', name: 'Kel B', received: 1, open: 1, overdue: 1 },
    ]);
    expect(k.topCategories).toEqual([{ code: 'kebakaran', name: expect.any(Object), count: 3 }]);
    expect(k.servingOpd).toEqual({ code: 'DAMKAR', name: 'Dinas Pemadam Kebakaran dan Penyelamatan', complaints: 3, share: { numerator: 3, denominator: 3, rate: 1 } });
    expect(k.received).toEqual({ value: 3, previous: 1 });
  });
});
