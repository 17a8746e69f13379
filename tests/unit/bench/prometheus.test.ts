import { describe, expect, it } from 'vitest';
import { bucketDelta, bucketQuantile, bucketTotal, hasMetric, histogramBuckets, metricSum, parsePrometheus } from '../../../bench/stats/prometheus.ts';

const TEXT = `# HELP pantau_ingest_events_total Events accepted (202) or refused by ingest
# TYPE pantau_ingest_events_total counter
pantau_ingest_events_total{kind="complaints",outcome="accepted"} 1200
pantau_ingest_events_total{kind="heartbeats",outcome="accepted"} 800
pantau_ingest_events_total{kind="complaints",outcome="refused"} 7
pantau_processed_events_total{kind="complaints"} 1100
weird_metric{note="a \\"quoted\\", comma\\\\ and\\nnewline",kind="x"} 3 1700000000000
pantau_probe_lag_seconds_bucket{le="0.01"} 90
pantau_probe_lag_seconds_bucket{le="0.1"} 99
pantau_probe_lag_seconds_bucket{le="1"} 100
pantau_probe_lag_seconds_bucket{le="+Inf"} 100
pantau_probe_lag_seconds_sum 0.9
pantau_probe_lag_seconds_count 100
nodejs_heap_size_total_bytes 12345678
`;

describe('parsePrometheus', () => {
  const samples = parsePrometheus(TEXT);

  it('reads names, labels (with escapes) and values, skipping comments', () => {
    expect(samples.find((s) => s.name === 'nodejs_heap_size_total_bytes')?.value).toBe(12345678);
    const weird = samples.find((s) => s.name === 'weird_metric');
    expect(weird?.labels).toEqual({ note: 'a "quoted", comma\\ and\nnewline', kind: 'x' });
    expect(weird?.value).toBe(3);
    expect(samples.find((s) => s.labels.le === '+Inf')?.value).toBe(100);
    expect(hasMetric(samples, 'pantau_processed_events_total')).toBe(true);
    expect(hasMetric(samples, 'nope')).toBe(false);
  });

  it('sums counters over the label sets that match', () => {
    expect(metricSum(samples, 'pantau_ingest_events_total', { outcome: 'accepted' })).toBe(2000);
    expect(metricSum(samples, 'pantau_ingest_events_total')).toBe(2007);
    expect(metricSum(samples, 'pantau_ingest_events_total', { kind: 'uploads' })).toBe(0);
  });
});

describe('histograms', () => {
  it('turns two scrapes into the distribution of the window between them', () => {
    const before = histogramBuckets(parsePrometheus(TEXT), 'pantau_probe_lag_seconds');
    const after = histogramBuckets(
      parsePrometheus(
        TEXT.replace('le="0.01"} 90', 'le="0.01"} 190')
          .replace('le="0.1"} 99', 'le="0.1"} 297')
          .replace('le="1"} 100', 'le="1"} 300')
          .replace('le="+Inf"} 100', 'le="+Inf"} 300'),
      ),
      'pantau_probe_lag_seconds',
    );
    const window = bucketDelta(before, after);
    expect(window).toEqual([
      { le: 0.01, count: 100 },
      { le: 0.1, count: 198 },
      { le: 1, count: 200 },
      { le: Infinity, count: 200 },
    ]);
    expect(bucketTotal(window)).toBe(200);
    expect(bucketQuantile(window, 0.5)).toBe(0.01);
    expect(bucketQuantile(window, 0.99)).toBe(0.1);
    expect(bucketQuantile(window, 1)).toBe(1);
  });

  it('says Infinity above the largest bound and null when empty', () => {
    expect(bucketQuantile([{ le: 1, count: 1 }, { le: Infinity, count: 10 }], 0.5)).toBe(Infinity);
    expect(bucketQuantile([{ le: 1, count: 0 }, { le: Infinity, count: 0 }], 0.5)).toBeNull();
    expect(bucketQuantile([], 0.5)).toBeNull();
  });

  it('adds up label sets of one histogram', () => {
    const text = `lag_bucket{kind="a",le="1"} 1\nlag_bucket{kind="b",le="1"} 2\nlag_bucket{kind="a",le="+Inf"} 3\nlag_bucket{kind="b",le="+Inf"} 4\n`;
    expect(histogramBuckets(parsePrometheus(text), 'lag')).toEqual([
      { le: 1, count: 3 },
      { le: Infinity, count: 7 },
    ]);
    expect(histogramBuckets(parsePrometheus(text), 'lag', { kind: 'b' })).toEqual([
      { le: 1, count: 2 },
      { le: Infinity, count: 4 },
    ]);
  });
});
