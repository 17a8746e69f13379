import { describe, expect, it } from 'vitest';
import { cpuPercentBetween, parseStatTicks, parseStatusRss, readProc } from '../../../bench/stats/proc.ts';

describe('/proc parsing', () => {
  it('finds utime + stime after a command name with spaces and parentheses', () => {
    const stat = '4242 (node (worker) x) S 1 4242 4242 0 -1 4194560 2560 0 0 0 1234 566 0 0 20 0 11 0 12345 1000000 5000 18446744073709551615';
    expect(parseStatTicks(stat)).toBe(1234 + 566);
  });

  it('reads VmRSS in bytes', () => {
    expect(parseStatusRss('Name:\tnode\nVmPeak:\t 999 kB\nVmRSS:\t  123456 kB\nThreads:\t11\n')).toBe(123456 * 1024);
    expect(parseStatusRss('Name:\tzombie\n')).toBe(0);
  });

  it('reads this very process', () => {
    const a = readProc(process.pid);
    expect(a).not.toBeNull();
    expect(a!.rssBytes).toBeGreaterThan(1024 * 1024);
    expect(a!.cpuSeconds).toBeGreaterThan(0);
    expect(readProc(2 ** 22 + 12345)).toBeNull();
  });

  it('turns two samples into CPU percent', () => {
    expect(cpuPercentBetween({ pid: 1, atMs: 0, cpuSeconds: 1, rssBytes: 0 }, { pid: 1, atMs: 2000, cpuSeconds: 2, rssBytes: 0 })).toBe(50);
  });
});
