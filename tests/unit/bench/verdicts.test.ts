import { describe, expect, it } from 'vitest';
import { cpuPercent, highestFlatRate, holdsZero, judgeHeap, judgeIngestStep, slope, slopeWithInterval, type Point } from '../../../bench/stats/verdicts.ts';

const series = (n: number, f: (x: number) => number): Point[] => Array.from({ length: n }, (_, x) => ({ x, y: f(x) }));

describe('slope', () => {
  it('is the least-squares slope', () => {
    expect(slope(series(10, (x) => 3 * x + 7))).toBeCloseTo(3, 10);
    expect(slope(series(10, () => 5))).toBe(0);
    expect(slope([{ x: 1, y: 1 }])).toBe(0);
    expect(slope([{ x: 2, y: 1 }, { x: 2, y: 9 }])).toBe(0);
  });
});

describe('judgeIngestStep', () => {
  const base = { offeredRate: 4000, acceptedRate: 4000, processedRate: 4000, windowSeconds: 20, eventsPerEntry: 500 };

  it('calls a backlog that only jitters by a batch or two flat', () => {
    const v = judgeIngestStep({ ...base, backlog: series(20, (x) => [0, 1, 2, 0, 1][x % 5]) });
    expect(v.flat).toBe(true);
    expect(v.reasons).toEqual([]);
  });

  it('calls a growing backlog not flat, with the growth in events/s', () => {
    // 8 entries of 500 per s behind the arrivals = 4,000 events/s of growth... here 1 entry/s.
    const v = judgeIngestStep({ ...base, processedRate: 3500, backlog: series(20, (x) => x) });
    expect(v.flat).toBe(false);
    expect(v.backlogSlopeEvents).toBeCloseTo(500, 5);
    expect(v.reasons.join(' ')).toMatch(/backlog grows 500 events\/s/);
    expect(v.reasons.join(' ')).toMatch(/processed 3500\/s/);
  });

  it('is not flat when the server accepts much less than offered (refusals, or the load fell behind)', () => {
    const v = judgeIngestStep({ ...base, acceptedRate: 3000, processedRate: 3000, backlog: series(20, () => 0) });
    expect(v.flat).toBe(false);
    expect(v.reasons[0]).toMatch(/accepted 3000\/s/);
  });

  it('allows batch-sized noise over a short window', () => {
    // 8 s window, 2,000/s: two batches short of processed is within 3 entries of slack.
    const v = judgeIngestStep({ offeredRate: 2000, acceptedRate: 1985, processedRate: 1861, windowSeconds: 8, eventsPerEntry: 500, backlog: series(8, (x) => (x < 4 ? 1 : 2)) });
    expect(v.flat).toBe(true);
  });
});

describe('highestFlatRate', () => {
  it('is the last flat step before the first failure', () => {
    expect(
      highestFlatRate([
        { offeredRate: 2000, flat: true },
        { offeredRate: 4000, flat: true },
        { offeredRate: 6000, flat: false },
        { offeredRate: 8000, flat: true },
      ]),
    ).toBe(4000);
    expect(highestFlatRate([{ offeredRate: 2000, flat: false }])).toBeNull();
    expect(highestFlatRate([])).toBeNull();
  });
});

describe('judgeHeap', () => {
  const MiB = 1024 * 1024;
  it('accepts GC noise around a level heap', () => {
    const v = judgeHeap(series(13, (x) => 30 * MiB + (x % 2 ? 0.5 * MiB : 0)));
    expect(v.flat).toBe(true);
    expect(v.growthBytes).toBe(0);
  });
  it('flags growth above max(2 MiB, 5%)', () => {
    const v = judgeHeap(series(13, (x) => 30 * MiB + x * 0.5 * MiB));
    expect(v.flat).toBe(false);
    expect(v.growthBytes).toBe(6 * MiB);
    expect(v.slopeBytesPerHour).toBeCloseTo(0.5 * MiB * 3600, 0);
  });
  it('needs at least two samples', () => {
    expect(judgeHeap([{ x: 0, y: MiB }]).flat).toBe(false);
  });
});

describe('cpuPercent', () => {
  it('is CPU seconds over wall seconds, in percent of one core', () => {
    expect(cpuPercent(10, 13, 2)).toBe(150);
    expect(cpuPercent(1, 1, 0)).toBe(0);
  });
});

describe('slopeWithInterval', () => {
  it('a line with no noise has its slope and a zero-width interval', () => {
    const s = slopeWithInterval([0, 1, 2, 3, 4].map((x) => ({ x, y: 5 + 2 * x })));
    expect(s.slope).toBeCloseTo(2, 10);
    expect(s.high - s.low).toBeCloseTo(0, 10);
    expect(holdsZero(s)).toBe(false);
  });

  it('flat noise holds zero; the same noise on a clear rise does not', () => {
    const noise = [0.3, -0.2, 0.1, -0.4, 0.2, 0.0, -0.1, 0.35, -0.25, 0.15];
    const flat = slopeWithInterval(noise.map((y, x) => ({ x, y })));
    expect(holdsZero(flat)).toBe(true);
    const rising = slopeWithInterval(noise.map((y, x) => ({ x, y: y + 0.5 * x })));
    expect(holdsZero(rising)).toBe(false);
    expect(rising.low).toBeGreaterThan(0.4);
    expect(rising.high).toBeLessThan(0.6);
  });

  it('matches a textbook interval (n = 5, t = 3.182)', () => {
    // y = 1, 3, 2, 5, 4 over x = 1..5: slope 0.8, SSE 3.6 (variance 1.2 on 3 df), Sxx 10 -> half-width 3.182 * sqrt(0.12)
    const s = slopeWithInterval([1, 3, 2, 5, 4].map((y, i) => ({ x: i + 1, y })));
    expect(s.slope).toBeCloseTo(0.8, 10);
    expect(s.high - s.slope).toBeCloseTo(3.182 * Math.sqrt(1.2 / 10), 6);
  });

  it('fewer than three points cannot say', () => {
    expect(holdsZero(slopeWithInterval([{ x: 0, y: 1 }, { x: 1, y: 2 }]))).toBe(true);
  });
});
