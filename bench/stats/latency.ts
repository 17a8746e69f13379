// Latency recording for the bench: Node's built-in HDR histogram (perf_hooks.createHistogram),
// in microseconds, read out in milliseconds. Load and client processes record locally and ship
// an export (values rounded to 3 significant digits, with counts) to the bench, which merges
// them by replaying into one histogram: percentiles of a merged distribution, never an average
// of per-process percentiles.
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';

/** Milliseconds; null when nothing was recorded. */
export interface LatencySummary {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  p999: number | null;
  max: number | null;
  min: number | null;
}

/** [value in µs (3 significant digits), count] pairs. Plain JSON: crosses process boundaries. */
export type LatencyExport = [number, number][];

const LOWEST_US = 1;
/** One hour: anything slower is clamped (and would be a failure anyway). */
const HIGHEST_US = 3_600_000_000;

/** Rounds a positive integer to `digits` significant digits. */
export function roundSignificant(value: number, digits = 3): number {
  if (value <= 0) return 0;
  const magnitude = Math.floor(Math.log10(value)) + 1;
  const scale = 10 ** Math.max(0, magnitude - digits);
  return Math.round(value / scale) * scale;
}

export class LatencyRecorder {
  private readonly histogram: RecordableHistogram = createHistogram({ lowest: LOWEST_US, highest: HIGHEST_US, figures: 3 });
  private readonly sparse = new Map<number, number>();

  recordMs(ms: number): void {
    this.recordUs(Math.round(ms * 1000));
  }

  private recordUs(us: number, times = 1): void {
    const v = Math.min(HIGHEST_US, Math.max(LOWEST_US, Math.round(us)));
    for (let i = 0; i < times; i++) this.histogram.record(v);
    const key = roundSignificant(v);
    this.sparse.set(key, (this.sparse.get(key) ?? 0) + times);
  }

  get count(): number {
    return this.histogram.count;
  }

  reset(): void {
    this.histogram.reset();
    this.sparse.clear();
  }

  summary(): LatencySummary {
    const n = this.histogram.count;
    if (n === 0) return { count: 0, p50: null, p90: null, p99: null, p999: null, max: null, min: null };
    const at = (p: number) => this.histogram.percentile(p) / 1000;
    return {
      count: n,
      p50: at(50),
      p90: at(90),
      p99: at(99),
      p999: at(99.9),
      max: this.histogram.max / 1000,
      min: this.histogram.min / 1000,
    };
  }

  export(): LatencyExport {
    return [...this.sparse.entries()].sort((a, b) => a[0] - b[0]);
  }

  /** Adds an export from another recorder (e.g. another process). */
  addExport(data: LatencyExport): void {
    for (const [us, times] of data) if (times > 0) this.recordUs(us, times);
  }

  static merge(exports: LatencyExport[]): LatencyRecorder {
    const r = new LatencyRecorder();
    for (const e of exports) r.addExport(e);
    return r;
  }
}

/** "12.3 ms" style, with sensible precision; "-" when null. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '-';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

export function formatSummary(s: LatencySummary): string {
  if (s.count === 0) return 'no samples';
  return `p50 ${formatMs(s.p50)}, p99 ${formatMs(s.p99)}, p99.9 ${formatMs(s.p999)}, max ${formatMs(s.max)} (n=${s.count})`;
}
