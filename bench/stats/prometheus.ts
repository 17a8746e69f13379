// Reads the server's GET /metrics (Prometheus text exposition format): counters summed over
// label sets, and histograms as cumulative bucket counts whose difference between two scrapes
// gives the distribution of one measurement window.

export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+-?\d+)?\s*$/;

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    while (text[i] === ',' || text[i] === ' ') i++;
    const eq = text.indexOf('=', i);
    if (eq < 0) break;
    const name = text.slice(i, eq).trim();
    i = eq + 1;
    if (text[i] !== '"') break;
    i++;
    let value = '';
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\' && i + 1 < text.length) {
        const next = text[i + 1];
        value += next === 'n' ? '\n' : next;
        i += 2;
      } else {
        value += text[i];
        i++;
      }
    }
    i++; // closing quote
    labels[name] = value;
  }
  return labels;
}

function parseValue(raw: string): number {
  if (raw === '+Inf') return Infinity;
  if (raw === '-Inf') return -Infinity;
  if (raw === 'NaN') return NaN;
  return Number(raw);
}

export function parsePrometheus(text: string): PromSample[] {
  const out: PromSample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = SAMPLE_LINE.exec(line);
    if (!m) continue;
    out.push({ name: m[1], labels: m[3] ? parseLabels(m[3]) : {}, value: parseValue(m[4]) });
  }
  return out;
}

function matches(labels: Record<string, string>, want: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(want)) if (labels[k] !== v) return false;
  return true;
}

/** Sum of every sample named `name` whose labels include `want`; 0 when there is none. */
export function metricSum(samples: PromSample[], name: string, want: Record<string, string> = {}): number {
  let sum = 0;
  for (const s of samples) if (s.name === name && matches(s.labels, want) && Number.isFinite(s.value)) sum += s.value;
  return sum;
}

export function hasMetric(samples: PromSample[], name: string): boolean {
  return samples.some((s) => s.name === name);
}

/** Cumulative counts per upper bound `le`, ascending, ending with +Inf. */
export type Buckets = { le: number; count: number }[];

/** The histogram `name` (without the _bucket suffix), summed over label sets matching `want`. */
export function histogramBuckets(samples: PromSample[], name: string, want: Record<string, string> = {}): Buckets {
  const byLe = new Map<number, number>();
  for (const s of samples) {
    if (s.name !== `${name}_bucket` || !matches(s.labels, want)) continue;
    const le = parseValue(s.labels.le ?? '+Inf');
    byLe.set(le, (byLe.get(le) ?? 0) + s.value);
  }
  return [...byLe.entries()].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
}

/** What happened between two scrapes. Buckets missing from `before` count from zero. */
export function bucketDelta(before: Buckets, after: Buckets): Buckets {
  const old = new Map(before.map((b) => [b.le, b.count]));
  return after.map((b) => ({ le: b.le, count: Math.max(0, b.count - (old.get(b.le) ?? 0)) }));
}

export function bucketTotal(buckets: Buckets): number {
  return buckets.length ? buckets[buckets.length - 1].count : 0;
}

/**
 * Upper bound of the bucket holding the q-quantile (0..1): "p99 <= this". Infinity when it
 * falls above the largest finite bound; null when the histogram is empty.
 */
export function bucketQuantile(buckets: Buckets, q: number): number | null {
  const total = bucketTotal(buckets);
  if (total === 0) return null;
  const target = q * total;
  for (const b of buckets) if (b.count >= target) return b.le;
  return Infinity;
}
