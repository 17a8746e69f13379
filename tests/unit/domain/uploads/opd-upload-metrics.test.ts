import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { opdUploadMetrics, type DatasetUploads } from '../../../../server/domain/uploads/index.ts';
import { arbInstantMs, arbScheduled, wib } from './helpers.ts';
import datasetsSeed from '../../../../db/seed-data/medan-datasets.json' with { type: 'json' };

const day = (d: string) => ({ start: d, end: d });

describe('opdUploadMetrics', () => {
  // Window: 1-7 March (deadlines in it), judged on 6 March 12:00.
  const from = wib('2026-03-01 00:00');
  const to = wib('2026-03-08 00:00');
  const now = wib('2026-03-06 12:00');

  const datasets: DatasetUploads[] = [
    {
      opd: 'DLH',
      dataset: 'tonase-sampah-harian',
      schedule: { kind: 'daily', dueTime: '23:59' },
      uploads: [
        { receivedAt: wib('2026-03-01 23:40'), period: day('2026-03-01') }, // on time (late night)
        { receivedAt: wib('2026-03-02 21:00'), period: day('2026-03-02') }, // on time
        { receivedAt: wib('2026-03-04 07:00'), period: day('2026-03-03') }, // late
        // 4 and 5 March: nothing -> missing; 6 and 7 March: pending
        { receivedAt: wib('2026-03-09 07:00'), period: day('2026-03-05') }, // after now: ignored
      ],
    },
    {
      opd: 'DLH',
      dataset: 'laporan-bulanan',
      schedule: { kind: 'monthly', dayOfMonth: 5, dueTime: '23:59' }, // February's report due 5 March
      uploads: [{ receivedAt: wib('2026-03-05 23:10'), period: { start: '2026-02-01', end: '2026-02-28' } }],
    },
    { opd: 'DLH', dataset: 'katalog', schedule: { kind: 'adhoc' }, uploads: [] },
    {
      opd: 'DISHUB',
      dataset: 'retribusi-parkir-mingguan',
      schedule: { kind: 'weekly', weekday: 5, dueTime: '16:00' }, // due Fri 6 March 16:00: pending
      uploads: [],
    },
  ];

  it('counts due, on time, late, missing and pending per OPD; the rate counts only passed deadlines', () => {
    const m = opdUploadMetrics(datasets, from, to, now);
    expect(Object.keys(m)).toEqual(['DISHUB', 'DLH']);
    expect(m.DLH).toMatchObject({
      datasets: 3,
      scheduledDatasets: 2,
      due: 8,
      onTime: 3,
      late: 1,
      missing: 2,
      pending: 2,
      judged: 6,
      onTimeRate: { numerator: 3, denominator: 6, rate: 0.5 },
    });
    expect(m.DLH.maxLateByMs).toBe(7 * 3600_000 + 1);
    expect(m.DISHUB).toMatchObject({ due: 1, pending: 1, judged: 0, onTimeRate: { numerator: 0, denominator: 0, rate: null } });
  });

  it('hides the rate below the minimum count but keeps the counts', () => {
    const m = opdUploadMetrics(datasets, from, to, now, { minCount: 7 });
    expect(m.DLH.onTimeRate).toEqual({ numerator: 3, denominator: 6, rate: null });
  });

  it('an OPD that uploads nothing reads 0%, not "nothing late"', () => {
    const m = opdUploadMetrics(
      [{ opd: 'SATPOLPP', dataset: 'x', schedule: { kind: 'daily', dueTime: '23:59' }, uploads: [] }],
      from,
      to,
      wib('2026-03-09 00:00'),
    );
    expect(m.SATPOLPP.onTimeRate).toEqual({ numerator: 0, denominator: 7, rate: 0 });
  });

  it('runs over the seed datasets (their stored schedules omit defaults)', () => {
    const seeds: DatasetUploads[] = datasetsSeed.datasets.map((d) => ({
      opd: d.opd,
      dataset: d.code,
      schedule: d.schedule as DatasetUploads['schedule'],
      uploads: [],
    }));
    const m = opdUploadMetrics(seeds, wib('2026-03-01 00:00'), wib('2026-04-01 00:00'), wib('2026-04-01 00:00'));
    const total = Object.values(m).reduce((n, o) => n + o.datasets, 0);
    expect(total).toBe(seeds.length);
    for (const o of Object.values(m)) {
      expect(o.missing).toBe(o.due);
      expect(o.onTimeRate.numerator).toBe(0);
    }
  });

  it('property: on time <= judged <= due, for any mix of datasets', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ opd: fc.constantFrom('A', 'B', 'C'), schedule: arbScheduled, ups: fc.array(fc.integer({ min: -20 * 86_400_000, max: 60 * 86_400_000 }), { maxLength: 10 }) }), { maxLength: 6 }),
        arbInstantMs,
        fc.integer({ min: 0, max: 45 * 86_400_000 }),
        fc.integer({ min: 0, max: 60 * 86_400_000 }),
        (list, from, len, nowOffset) => {
          const ds: DatasetUploads[] = list.map((d, i) => ({ opd: d.opd, dataset: `d${i}`, schedule: d.schedule, uploads: d.ups.map((o) => ({ receivedAt: from + o })) }));
          for (const o of Object.values(opdUploadMetrics(ds, from, from + len, from + nowOffset, { minCount: 1 }))) {
            expect(o.onTime).toBeLessThanOrEqual(o.judged);
            expect(o.judged).toBeLessThanOrEqual(o.due);
            expect(o.onTimeRate.denominator).toBe(o.onTime + o.late + o.missing);
            if (o.onTimeRate.rate !== null) expect(o.onTimeRate.rate).toBeGreaterThanOrEqual(0);
            if (o.onTimeRate.rate !== null) expect(o.onTimeRate.rate).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
  });
});
