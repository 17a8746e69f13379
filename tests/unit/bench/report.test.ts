import { describe, expect, it } from 'vitest';
import { formatBytes, formatRate, renderTable, timestampForFile, wrap, type BarRow } from '../../../bench/report.ts';

describe('wrap', () => {
  it('breaks at spaces and splits words longer than the width', () => {
    expect(wrap('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrap('', 5)).toEqual(['']);
  });
});

describe('renderTable', () => {
  const rows: BarRow[] = [
    { bar: 'sustained ingest, end to end into Postgres and the live state', goal: '10,000 events/s on 2 cores, backlog flat', measured: 'highest flat step 6,000/s', verdict: 'fail' },
    { bar: 'wall cold load', goal: '≤ 2 s', measured: 'p50 1.2 s', verdict: 'pass', note: 'µ-check' },
    { bar: 'clients', goal: '5,000', measured: '200 live', verdict: 'n/a', note: 'quick run' },
  ];
  const text = renderTable(rows);
  const lines = text.split('\n');

  it('draws every line at the same width (counting code points)', () => {
    const widths = new Set(lines.map((l) => [...l].length));
    expect(widths.size).toBe(1);
  });

  it('shows each bar, its verdict and its note', () => {
    expect(text).toContain('| bar ');
    expect(text).toContain('FAIL');
    expect(text).toContain('PASS');
    expect(text).toMatch(/\| n\/a /);
    expect(text).toContain('(quick run)');
    expect(text).toContain('sustained ingest, end to end into');
  });
});

describe('formatting', () => {
  it('names files by a sortable UTC timestamp without colons', () => {
    expect(timestampForFile(new Date('2026-11-22T06:15:03.456Z'))).toBe('2026-11-22T06-15-03Z');
  });
  it('formats bytes and rates', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(30 * 1024)).toBe('30.0 KiB');
    expect(formatBytes(5.5 * 1024 * 1024)).toBe('5.5 MiB');
    expect(formatBytes(null)).toBe('-');
    expect(formatRate(10_000)).toBe('10,000/s');
    expect(formatRate(undefined)).toBe('-');
  });
});
