import { describe, expect, it } from 'vitest';
import { opdServiceMetrics, type ServiceInput } from '../../../../server/domain/uptime/index.ts';
import servicesSeed from '../../../../db/seed-data/medan-services.json' with { type: 'json' };

const HOUR = 3_600_000;

describe('opdServiceMetrics', () => {
  const services: ServiceInput[] = [
    { code: 'mrk-web', opd: 'DISKOMINFO', state: 'up', availability: { upMs: 24 * HOUR, downMs: 0 } },
    { code: 'dataku', opd: 'DISKOMINFO', state: 'down', availability: { upMs: 21 * HOUR, downMs: 3 * HOUR } },
    { code: 'mercy', opd: 'DISKOMINFO', state: 'maintenance', availability: { upMs: 22 * HOUR, downMs: 0 } },
    { code: 'ppid', opd: 'DISKOMINFO', state: 'pending', availability: null },
    { code: 'old', opd: 'DISKOMINFO', state: 'down', active: false },
    { code: 'sibisa', opd: 'DISDUKCAPIL', state: 'down', availability: { upMs: 12 * HOUR, downMs: 12 * HOUR } },
  ];

  it('counts owned, down now and availability per OPD', () => {
    const m = opdServiceMetrics(services, { minCount: 2 });
    expect(Object.keys(m)).toEqual(['DISDUKCAPIL', 'DISKOMINFO']);
    expect(m.DISKOMINFO).toMatchObject({
      owned: 4,
      up: 1,
      down: 1,
      maintenance: 1,
      pending: 1,
      unknown: 0,
      downServices: ['dataku'],
      upNow: { numerator: 1, denominator: 2, rate: 0.5 },
      meetingTarget: { numerator: 2, denominator: 3, rate: 2 / 3 },
    });
    expect(m.DISKOMINFO.availability.upMs).toBe(67 * HOUR);
    expect(m.DISKOMINFO.availability.services).toBe(3);
    expect(m.DISKOMINFO.availability.percent).toBeCloseTo((67 / 70) * 100, 10);
    expect(m.DISDUKCAPIL).toMatchObject({
      owned: 1,
      down: 1,
      upNow: { numerator: 0, denominator: 1, rate: 0 },
      availability: { percent: 50, services: 1 },
      meetingTarget: { numerator: 0, denominator: 1, rate: null },
    });
  });

  it('uses a per-service target when one is set', () => {
    const m = opdServiceMetrics([{ code: 'a', opd: 'X', state: 'up', availability: { upMs: 95, downMs: 5 }, targetPercent: 95 }], { minCount: 1 });
    expect(m.X.meetingTarget).toEqual({ numerator: 1, denominator: 1, rate: 1 });
  });

  it('runs over the seed services', () => {
    const m = opdServiceMetrics(servicesSeed.services.map((s) => ({ code: s.code, opd: s.opd, state: 'unknown' as const })));
    expect(Object.values(m).reduce((n, o) => n + o.owned, 0)).toBe(servicesSeed.services.length);
    for (const o of Object.values(m)) expect(o.upNow.rate).toBeNull();
  });
});
