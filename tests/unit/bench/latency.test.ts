import { describe, expect, it } from 'vitest';
import { formatMs, LatencyRecorder, roundSignificant } from '../../../bench/stats/latency.ts';

function exactPercentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

describe('roundSignificant', () => {
  it('keeps three significant digits', () => {
    expect(roundSignificant(123_456)).toBe(123_000);
    expect(roundSignificant(987)).toBe(987);
    expect(roundSignificant(5)).toBe(5);
    expect(roundSignificant(1_005)).toBe(1_010);
    expect(roundSignificant(0)).toBe(0);
  });
});

describe('LatencyRecorder', () => {
  it('reads percentiles of a known distribution within HDR precision', () => {
    const r = new LatencyRecorder();
    const values: number[] = [];
    // 1..10,000 ms, plus a slow tail
    for (let i = 1; i <= 10_000; i++) values.push(i / 10);
    for (let i = 0; i < 20; i++) values.push(2_000 + i);
    for (const v of values) r.recordMs(v);
    const s = r.summary();
    expect(s.count).toBe(values.length);
    for (const [p, got] of [
      [50, s.p50],
      [99, s.p99],
      [99.9, s.p999],
    ] as const) {
      const want = exactPercentile(values, p);
      expect(Math.abs((got as number) - want) / want).toBeLessThan(0.002);
    }
    expect(Math.abs((s.max as number) - 2019) / 2019).toBeLessThan(0.002);
  });

  it('is empty until something is recorded', () => {
    const s = new LatencyRecorder().summary();
    expect(s).toEqual({ count: 0, p50: null, p90: null, p99: null, p999: null, max: null, min: null });
  });

  it('merges exports from several processes into the distribution of all samples', () => {
    const a = new LatencyRecorder();
    const b = new LatencyRecorder();
    const all = new LatencyRecorder();
    for (let i = 0; i < 5_000; i++) {
      const fast = 1 + (i % 50) / 10;
      const slow = 200 + (i % 100);
      a.recordMs(fast);
      b.recordMs(slow);
      all.recordMs(fast);
      all.recordMs(slow);
    }
    const merged = LatencyRecorder.merge([a.export(), b.export()]).summary();
    const direct = all.summary();
    expect(merged.count).toBe(10_000);
    for (const k of ['p50', 'p90', 'p99', 'p999', 'max'] as const) {
      expect(Math.abs((merged[k] as number) - (direct[k] as number)) / (direct[k] as number)).toBeLessThan(0.01);
    }
    // Averaging the two processes' p50 would say ~100 ms; the merged median is in the slow half's edge.
    expect(merged.p50).toBeLessThan(10);
  });

  it('exports plain JSON that survives a round trip', () => {
    const r = new LatencyRecorder();
    r.recordMs(1.5);
    r.recordMs(1.5);
    r.recordMs(250);
    const again = LatencyRecorder.merge([JSON.parse(JSON.stringify(r.export()))]);
    expect(again.count).toBe(3);
    expect(again.summary().p50).toBeCloseTo(1.5, 2);
  });

  it('clamps values below one microsecond instead of throwing', () => {
    const r = new LatencyRecorder();
    r.recordMs(0);
    r.recordMs(-3);
    expect(r.count).toBe(2);
  });
});

describe('formatMs', () => {
  it('picks a precision a reader can use', () => {
    expect(formatMs(null)).toBe('-');
    expect(formatMs(1.234)).toBe('1.23 ms');
    expect(formatMs(12.34)).toBe('12.3 ms');
    expect(formatMs(250.4)).toBe('250 ms');
    expect(formatMs(12_345)).toBe('12.3 s');
  });
});
