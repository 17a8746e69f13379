// Pure judgements the bench makes from its samples: is a backlog flat, did an ingest step keep
// up, is a heap flat. Thresholds are here, named, so the report can say what "flat" meant.

export interface Point {
  /** Seconds (or any unit: the slope is y per x). */
  x: number;
  y: number;
}

/** Least-squares slope of y over x; 0 for fewer than two distinct x. */
export function slope(points: readonly Point[]): number {
  const n = points.length;
  if (n < 2) return 0;
  let sx = 0;
  let sy = 0;
  for (const p of points) {
    sx += p.x;
    sy += p.y;
  }
  const mx = sx / n;
  const my = sy / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

export const INGEST_STEP_TOLERANCE = {
  /** The server must accept (202) at least this share of what the load offered. */
  acceptedShare: 0.97,
  /** Processors must finish at least this share of what was accepted in the same window. */
  processedShare: 0.95,
  /** Backlog growth allowed, as a share of the accepted rate (in events/s). */
  backlogGrowthShare: 0.03,
  /**
   * Work moves in whole batches (one stream entry each), so over a short window both checks
   * allow this many entries of slack: ~3 batches of 500 over 8 s is 190 events/s of noise.
   */
  noiseEntries: 3,
} as const;

export interface IngestStepInput {
  offeredRate: number;
  /** Events/s answered 202 in the measurement window (server counter). */
  acceptedRate: number;
  /** Events/s written to Postgres and the live state in the window (server counter). */
  processedRate: number;
  /** Samples of the stream backlog in entries (x = seconds since the window began). */
  backlog: readonly Point[];
  windowSeconds: number;
  /** Events per stream entry (the batch size). */
  eventsPerEntry: number;
}

export interface IngestStepVerdict {
  flat: boolean;
  /** Backlog slope in entries/s and in events/s. */
  backlogSlopeEntries: number;
  backlogSlopeEvents: number;
  allowedSlopeEvents: number;
  reasons: string[];
}

export function judgeIngestStep(input: IngestStepInput, tol = INGEST_STEP_TOLERANCE): IngestStepVerdict {
  const reasons: string[] = [];
  const s = slope(input.backlog);
  const slopeEvents = s * input.eventsPerEntry;
  const noise = (tol.noiseEntries * input.eventsPerEntry) / Math.max(1, input.windowSeconds);
  const allowed = Math.max(tol.backlogGrowthShare * input.acceptedRate, noise);
  if (input.acceptedRate < tol.acceptedShare * input.offeredRate) {
    reasons.push(`accepted ${Math.round(input.acceptedRate)}/s < ${tol.acceptedShare * 100}% of offered ${Math.round(input.offeredRate)}/s`);
  }
  const minProcessed = Math.min(tol.processedShare * input.acceptedRate, input.acceptedRate - noise);
  if (input.processedRate < minProcessed) {
    reasons.push(`processed ${Math.round(input.processedRate)}/s < ${Math.round(minProcessed)}/s (accepted ${Math.round(input.acceptedRate)}/s)`);
  }
  if (slopeEvents > allowed) {
    reasons.push(`backlog grows ${Math.round(slopeEvents)} events/s (allowed ${Math.round(allowed)})`);
  }
  return { flat: reasons.length === 0, backlogSlopeEntries: s, backlogSlopeEvents: slopeEvents, allowedSlopeEvents: allowed, reasons };
}

/** The highest offered rate of the leading run of flat steps (a ladder stops at its first failure). */
export function highestFlatRate(steps: readonly { offeredRate: number; flat: boolean }[]): number | null {
  let best: number | null = null;
  for (const step of steps) {
    if (!step.flat) break;
    best = best === null ? step.offeredRate : Math.max(best, step.offeredRate);
  }
  return best;
}

export const HEAP_TOLERANCE = {
  /** Growth after a forced GC allowed over the run, as a share of the starting heap ... */
  share: 0.05,
  /** ... or this many bytes, whichever is larger (a 3-minute run cannot resolve less). */
  bytes: 2 * 1024 * 1024,
} as const;

export interface HeapVerdict {
  flat: boolean;
  startBytes: number;
  endBytes: number;
  growthBytes: number;
  allowedBytes: number;
  /** Regression over all samples, projected to one hour. */
  slopeBytesPerHour: number;
}

/** Samples: x = seconds since start, y = bytes used after a forced GC. */
export function judgeHeap(samples: readonly Point[], tol = HEAP_TOLERANCE): HeapVerdict {
  const startBytes = samples[0]?.y ?? 0;
  const endBytes = samples[samples.length - 1]?.y ?? 0;
  const allowed = Math.max(tol.bytes, tol.share * startBytes);
  const growth = endBytes - startBytes;
  return {
    flat: samples.length >= 2 && growth <= allowed,
    startBytes,
    endBytes,
    growthBytes: growth,
    allowedBytes: allowed,
    slopeBytesPerHour: slope(samples) * 3600,
  };
}

/** Percent of one core used between two readings of a process's CPU time. */
export function cpuPercent(cpuSecondsBefore: number, cpuSecondsAfter: number, wallSeconds: number): number {
  if (wallSeconds <= 0) return 0;
  return ((cpuSecondsAfter - cpuSecondsBefore) / wallSeconds) * 100;
}

export interface SlopeInterval {
  /** y per x (least squares). */
  slope: number;
  /** 95% confidence interval of the slope (t-distribution, n - 2 degrees of freedom). */
  low: number;
  high: number;
  n: number;
}

/** Two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom; 1.96 beyond. */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

export function tQuantile975(df: number): number {
  if (df < 1) return Infinity;
  return df <= 30 ? T975[df - 1] : 1.96;
}

/**
 * The slope with its 95% interval. Samples of a heap taken a minute apart are not independent
 * (the same objects live on), so the interval is a lower bound of the real uncertainty: read a
 * slope as "indistinguishable from zero" only when the interval holds 0.
 */
export function slopeWithInterval(points: readonly Point[]): SlopeInterval {
  const n = points.length;
  const b = slope(points);
  if (n < 3) return { slope: b, low: -Infinity, high: Infinity, n };
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  let sxx = 0;
  let sse = 0;
  for (const p of points) sxx += (p.x - mx) ** 2;
  for (const p of points) sse += (p.y - (my + b * (p.x - mx))) ** 2;
  if (sxx === 0) return { slope: 0, low: -Infinity, high: Infinity, n };
  const se = Math.sqrt(sse / (n - 2) / sxx);
  const half = tQuantile975(n - 2) * se;
  return { slope: b, low: b - half, high: b + half, n };
}

/** Is zero inside the interval? */
export function holdsZero(s: SlopeInterval): boolean {
  return s.low <= 0 && s.high >= 0;
}
