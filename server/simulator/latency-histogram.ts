// Request latency over a whole run in constant memory: logarithmic buckets 5% wide, so a
// percentile read from it is within 5% of the true value.

const GROWTH = 1.05;
const MIN_MS = 0.05;

export class LatencyHistogram {
  private readonly buckets = new Map<number, number>();
  count = 0;
  max = 0;

  record(ms: number): void {
    const v = Math.max(MIN_MS, ms);
    const b = Math.floor(Math.log(v / MIN_MS) / Math.log(GROWTH));
    this.buckets.set(b, (this.buckets.get(b) ?? 0) + 1);
    this.count++;
    if (ms > this.max) this.max = ms;
  }

  /** Upper edge of the bucket holding the p-quantile (0..1); null when empty. */
  percentile(p: number): number | null {
    if (this.count === 0) return null;
    const target = Math.max(1, Math.ceil(p * this.count));
    let seen = 0;
    for (const b of [...this.buckets.keys()].sort((x, y) => x - y)) {
      seen += this.buckets.get(b) as number;
      if (seen >= target) return Math.min(this.max, MIN_MS * GROWTH ** (b + 1));
    }
    return this.max;
  }
}

/** Exact p-quantile (0..1) of a small sample; null when empty. */
export function percentileOf(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[i];
}
