import { describe, expect, it } from 'vitest';
import { Accrual, dueSlots, intendedTime, KindPicker, slotIntervalMs } from '../../../bench/load/open-loop.ts';
import { isRetryable } from '../../../bench/load/ingest-load.ts';

describe('open-loop pacing', () => {
  it('spaces batches by batch size over rate', () => {
    expect(slotIntervalMs(2000, 500)).toBe(250);
    expect(slotIntervalMs(0, 500)).toBe(Infinity);
    expect(intendedTime(1000, 4, 250)).toBe(2000);
    expect(intendedTime(1000, 4, 250, 100)).toBe(2100);
  });

  it('never drops slots when the timer wakes late: every overdue slot is due at once', () => {
    // The sender stalled for 2 s: eight 250 ms slots are owed, each keeps its own intended time.
    expect(dueSlots(0, 1, 2100, 250)).toEqual({ from: 1, to: 9 });
    expect(dueSlots(0, 9, 2100, 250)).toEqual({ from: 9, to: 9 });
    expect(dueSlots(0, 0, 0, 250)).toEqual({ from: 0, to: 1 });
    expect(dueSlots(0, 0, -1, 250)).toEqual({ from: 0, to: 0 });
    expect(dueSlots(0, 3, 10_000, Infinity)).toEqual({ from: 3, to: 3 });
  });

  it('keeps the kind mix exact over any prefix', () => {
    const picker = new KindPicker({ complaints: 0.38, heartbeats: 0.6, uploads: 0.02 });
    const counts = { complaints: 0, heartbeats: 0, uploads: 0 };
    for (let i = 1; i <= 1000; i++) {
      counts[picker.next()]++;
      if (i % 100 === 0) {
        expect(Math.abs(counts.complaints / i - 0.38)).toBeLessThanOrEqual(0.011);
        expect(Math.abs(counts.heartbeats / i - 0.6)).toBeLessThanOrEqual(0.011);
      }
    }
    expect(counts).toEqual({ complaints: 380, heartbeats: 600, uploads: 20 });
    expect(() => new KindPicker({}).next()).toThrow();
  });

  it('accrues markers at their rate and carries fractions over', () => {
    const a = new Accrual(10);
    expect(a.take(0, 100)).toBe(0);
    expect(a.take(250, 100)).toBe(2); // 2.5 owed
    expect(a.take(300, 100)).toBe(1); // 0.5 + 0.5
    expect(a.take(350, 100)).toBe(0); // 0.5
    expect(a.take(10_350, 5)).toBe(5); // capped by the batch; the rest stays owed
    expect(a.take(10_350, 1000)).toBe(95);
  });
});

describe('isRetryable', () => {
  it('retries overload, server errors and network failures, never a verdict on the data', () => {
    expect(['429', '500', '503', 'ECONNREFUSED', 'ECONNRESET', 'TIMEOUT'].every(isRetryable)).toBe(true);
    expect(['400', '401', '413', '404'].some(isRetryable)).toBe(false);
  });
});
