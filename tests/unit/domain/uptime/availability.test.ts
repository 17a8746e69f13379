import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  availability,
  availabilityFromBuckets,
  availabilityWindows,
  bucketStart,
  latencyPercentiles,
  percentile,
  rollupBuckets,
  rollupChecks,
  timelineFromChanges,
  type BucketCheck,
  type MaintenanceWindow,
  type StateSpan,
} from '../../../../server/domain/uptime/index.ts';
import type { MonitorState } from '../../../../shared/domain-constants.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const wib = (s: string) => new Date(`${s.replace(' ', 'T')}+07:00`);
const NOW = wib('2026-03-02 00:00').getTime();

describe('availability from a state timeline', () => {
  it('23 h up and 1 h down over 24 h is 95.83%', () => {
    const spans: StateSpan[] = [
      { start: NOW - DAY, end: NOW - 5 * HOUR, state: 'up' },
      { start: NOW - 5 * HOUR, end: NOW - 4 * HOUR, state: 'down' },
      { start: NOW - 4 * HOUR, end: NOW, state: 'up' },
    ];
    const a = availability(spans, NOW - DAY, NOW);
    expect(a).toMatchObject({ upMs: 23 * HOUR, downMs: HOUR, maintenanceMs: 0, unknownMs: 0, measuredMs: DAY });
    expect(a.percent).toBeCloseTo((23 / 24) * 100, 10);
  });

  it('excludes maintenance: a down hour inside a maintenance window does not count', () => {
    const spans: StateSpan[] = [
      { start: NOW - DAY, end: NOW - 23 * HOUR, state: 'up' },
      { start: NOW - 23 * HOUR, end: NOW - 21 * HOUR, state: 'down' }, // 01:00-03:00 WIB on Sunday 1 March
      { start: NOW - 21 * HOUR, end: NOW, state: 'up' },
    ];
    const sunday: MaintenanceWindow = { kind: 'weekly', weekday: 7, startTime: '01:00', durationMinutes: 120 };
    const a = availability(spans, NOW - DAY, NOW, { maintenance: [sunday] });
    expect(a).toMatchObject({ downMs: 0, maintenanceMs: 2 * HOUR, upMs: 22 * HOUR, percent: 100 });
    expect(availability(spans, NOW - DAY, NOW).percent).toBeCloseTo((22 / 24) * 100, 10);
  });

  it('excludes `maintenance` spans in the timeline itself', () => {
    const spans: StateSpan[] = [
      { start: NOW - DAY, end: NOW - 12 * HOUR, state: 'up' },
      { start: NOW - 12 * HOUR, end: NOW - 6 * HOUR, state: 'maintenance' },
      { start: NOW - 6 * HOUR, end: NOW, state: 'down' },
    ];
    const a = availability(spans, NOW - DAY, NOW);
    expect(a).toMatchObject({ upMs: 12 * HOUR, downMs: 6 * HOUR, maintenanceMs: 6 * HOUR });
    expect(a.percent).toBeCloseTo((12 / 18) * 100, 10);
  });

  it('leaves unknown, pending and gaps out of both sides', () => {
    const spans: StateSpan[] = [
      { start: NOW - DAY, end: NOW - 20 * HOUR, state: 'pending' },
      { start: NOW - 20 * HOUR, end: NOW - 10 * HOUR, state: 'up' },
      // gap of 5 h: no data
      { start: NOW - 5 * HOUR, end: NOW - 4 * HOUR, state: 'unknown' },
      { start: NOW - 4 * HOUR, end: NOW, state: 'up' },
    ];
    const a = availability(spans, NOW - DAY, NOW);
    expect(a).toMatchObject({ upMs: 14 * HOUR, downMs: 0, unknownMs: 10 * HOUR, percent: 100 });
  });

  it('is null when nothing was measured', () => {
    expect(availability([], NOW - DAY, NOW)).toMatchObject({ percent: null, unknownMs: DAY, measuredMs: 0 });
    expect(availability([{ start: NOW - DAY, end: NOW, state: 'maintenance' }], NOW - DAY, NOW).percent).toBeNull();
  });

  it('24 h, 7 d and 30 d windows ending now, from state changes', () => {
    const changes = [
      { at: NOW - 40 * DAY, state: 'up' as const },
      { at: NOW - 20 * DAY, state: 'down' as const },
      { at: NOW - 20 * DAY + 3 * HOUR, state: 'up' as const },
      { at: NOW - 2 * HOUR, state: 'down' as const },
      { at: NOW - HOUR, state: 'up' as const },
    ];
    const w = availabilityWindows(timelineFromChanges(changes, NOW), NOW);
    expect(w['24h'].percent).toBeCloseTo((23 / 24) * 100, 10);
    expect(w['7d'].percent).toBeCloseTo(((7 * 24 - 1) / (7 * 24)) * 100, 10);
    expect(w['30d'].percent).toBeCloseTo(((30 * 24 - 4) / (30 * 24)) * 100, 10);
    expect(w['30d'].downMs).toBe(4 * HOUR);
  });

  it('timelineFromChanges sorts, holds each state to the next change and stops at `until`', () => {
    expect(
      timelineFromChanges(
        [
          { at: 300, state: 'down' },
          { at: 100, state: 'up' },
          { at: 900, state: 'up' },
        ],
        600,
      ),
    ).toEqual([
      { start: new Date(100), end: new Date(300), state: 'up' },
      { start: new Date(300), end: new Date(600), state: 'down' },
    ]);
  });

  it('property: percent in [0, 100] (or null) and the parts add up to the window', () => {
    const arbSpan = fc.record({
      start: fc.integer({ min: 0, max: 10 * DAY }),
      len: fc.integer({ min: 0, max: 3 * DAY }),
      state: fc.constantFrom<MonitorState>('up', 'down', 'pending', 'maintenance', 'unknown'),
    });
    fc.assert(
      fc.property(
        fc.array(arbSpan, { maxLength: 30 }),
        fc.integer({ min: 0, max: 10 * DAY }),
        fc.integer({ min: 0, max: 5 * DAY }),
        fc.boolean(),
        (raw, from, len, withWindow) => {
          const base = NOW - 10 * DAY;
          const spans = raw.map((s) => ({ start: base + s.start, end: base + s.start + s.len, state: s.state }));
          const maintenance: MaintenanceWindow[] = withWindow ? [{ kind: 'daily', startTime: '02:00', durationMinutes: 90 }] : [];
          const a = availability(spans, base + from, base + from + len, { maintenance });
          if (a.percent !== null) {
            expect(a.percent).toBeGreaterThanOrEqual(0);
            expect(a.percent).toBeLessThanOrEqual(100);
          } else expect(a.measuredMs).toBe(0);
          expect(a.upMs + a.downMs + a.maintenanceMs + a.unknownMs).toBe(len);
        },
      ),
    );
  });
});

describe('response-time percentiles (nearest rank, exact)', () => {
  it.each([
    [[], { count: 0, p50: null, p95: null, p99: null, min: null, max: null, mean: null }],
    [[120], { count: 1, p50: 120, p95: 120, p99: 120, min: 120, max: 120, mean: 120 }],
    [[300, 100], { count: 2, p50: 100, p95: 300, p99: 300, min: 100, max: 300, mean: 200 }],
    [[5, 1, 4, 2, 3], { count: 5, p50: 3, p95: 5, p99: 5 }],
    [Array.from({ length: 100 }, (_, i) => 100 - i), { count: 100, p50: 50, p95: 95, p99: 99, min: 1, max: 100 }],
    [Array.from({ length: 1000 }, (_, i) => i + 1), { p50: 500, p95: 950, p99: 990 }],
  ] as [number[], object][])('%j', (values, expected) => {
    expect(latencyPercentiles(values)).toMatchObject(expected);
  });

  it('skips missing and invalid latencies', () => {
    expect(latencyPercentiles([null, undefined, NaN, -1, Infinity, 80, 40])).toMatchObject({ count: 2, p50: 40, p99: 80 });
  });

  it('property: percentiles are observed values, ordered p50 <= p95 <= p99', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 60_000, noNaN: true }), { minLength: 1, maxLength: 300 }), (values) => {
        const s = latencyPercentiles(values);
        expect(values).toContain(s.p50);
        expect(values).toContain(s.p99);
        expect(s.min!).toBeLessThanOrEqual(s.p50!);
        expect(s.p50!).toBeLessThanOrEqual(s.p95!);
        expect(s.p95!).toBeLessThanOrEqual(s.p99!);
        expect(s.p99!).toBeLessThanOrEqual(s.max!);
        const sorted = [...values].sort((a, b) => a - b);
        expect(sorted.filter((v) => v <= s.p95!).length / values.length).toBeGreaterThanOrEqual(0.95);
      }),
    );
  });

  it('percentile refuses p outside [0, 100]', () => {
    expect(() => percentile([1, 2], 101)).toThrow(RangeError);
    expect(percentile([1, 2], 0)).toBe(1);
  });
});

describe('time buckets', () => {
  it('minute and hour buckets start on the minute/hour; day buckets at WIB midnight', () => {
    expect(bucketStart(wib('2026-03-01 08:15:42'), 'minute')).toEqual(wib('2026-03-01 08:15'));
    expect(bucketStart(wib('2026-03-01 08:15:42'), 'hour')).toEqual(wib('2026-03-01 08:00'));
    expect(bucketStart(wib('2026-03-01 23:59:59'), 'day')).toEqual(wib('2026-03-01 00:00'));
    expect(bucketStart(wib('2026-03-02 00:00:00'), 'day')).toEqual(wib('2026-03-02 00:00'));
    expect(bucketStart('2026-03-01T17:30:00Z', 'day').toISOString()).toBe('2026-03-01T17:00:00.000Z');
  });

  it('counts up and down checks and latency of successful checks; maintenance checks apart', () => {
    const checks: BucketCheck[] = [
      { at: wib('2026-03-01 08:00:05'), status: 'up', latencyMs: 120 },
      { at: wib('2026-03-01 08:00:35'), status: 'up', latencyMs: 80 },
      { at: wib('2026-03-01 08:01:05'), status: 'down', latencyMs: 10_000 },
      { at: wib('2026-03-01 08:01:35'), status: 'down', inMaintenance: true },
      { at: wib('2026-03-01 08:02:05'), status: 'up', latencyMs: 200, inMaintenance: true },
    ];
    const minutes = rollupChecks(checks, 'minute');
    expect(minutes.map((b) => [b.start, b.up, b.down, b.maintenance, b.latencySum, b.latencyMin, b.latencyMax])).toEqual([
      [wib('2026-03-01 08:00'), 2, 0, 0, 200, 80, 120],
      [wib('2026-03-01 08:01'), 0, 1, 1, 0, null, null],
      [wib('2026-03-01 08:02'), 0, 0, 1, 0, null, null],
    ]);
    expect(availabilityFromBuckets(minutes)).toEqual({ up: 2, down: 1, maintenance: 2, percent: (2 / 3) * 100, latencyMean: 100, latencyMin: 80, latencyMax: 120 });
    expect(availabilityFromBuckets(minutes, wib('2026-03-01 08:01'), wib('2026-03-01 08:02')).percent).toBe(0);
    expect(availabilityFromBuckets([]).percent).toBeNull();
  });

  it('property: re-bucketing minute buckets into hours and days equals bucketing the checks directly', () => {
    const base = wib('2026-03-01 20:00').getTime();
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            offset: fc.integer({ min: 0, max: 2 * DAY }),
            up: fc.boolean(),
            latency: fc.option(fc.integer({ min: 0, max: 10_000 }), { nil: null }),
            maint: fc.boolean(),
          }),
          { maxLength: 200 },
        ),
        (raw) => {
          const checks: BucketCheck[] = raw.map((r) => ({ at: base + r.offset, status: r.up ? 'up' : 'down', latencyMs: r.latency, inMaintenance: r.maint }));
          const minutes = rollupChecks(checks, 'minute');
          expect(rollupBuckets(minutes, 'hour')).toEqual(rollupChecks(checks, 'hour'));
          expect(rollupBuckets(rollupBuckets(minutes, 'hour'), 'day')).toEqual(rollupChecks(checks, 'day'));
          const a = availabilityFromBuckets(minutes);
          expect(a.up + a.down + a.maintenance).toBe(checks.length);
          if (a.percent !== null) {
            expect(a.percent).toBeGreaterThanOrEqual(0);
            expect(a.percent).toBeLessThanOrEqual(100);
          }
        },
      ),
    );
  });
});
