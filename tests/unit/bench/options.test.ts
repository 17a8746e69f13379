import { describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIOS, defaultOptions, parseBenchArgs, SCENARIOS } from '../../../bench/options.ts';

describe('parseBenchArgs', () => {
  it('runs every scenario with the full defaults when given nothing', () => {
    const o = parseBenchArgs([]);
    expect(o.scenarios).toEqual([...DEFAULT_SCENARIOS]);
    expect(o.scenarios).not.toContain('soak');
    expect(SCENARIOS).toContain('soak');
    expect(o.quick).toBe(false);
    expect(o.ingest.rates).toEqual([2000, 4000, 6000, 8000, 10_000, 12_000]);
    expect(o.fanout.clients).toBe(1000);
    expect(o.fanout.rate).toBe(2000);
    expect(o.fanout.capacityClients).toBe(5000);
    expect(o.prober.monitors).toBe(10_000);
    expect(o.prober.seconds).toBeGreaterThanOrEqual(2 * o.prober.intervalSeconds);
    expect(o.wall.seconds).toBe(180);
  });

  it('keeps the named scenarios, in the given order, once each', () => {
    expect(parseBenchArgs(['wall', 'ingest', 'wall']).scenarios).toEqual(['wall', 'ingest']);
  });

  it('uses the short settings with --quick, wherever the flag is', () => {
    const o = parseBenchArgs(['fanout', '--quick']);
    expect(o.quick).toBe(true);
    expect(o.fanout).toEqual(defaultOptions(true).fanout);
  });

  it('applies the generic flags to every scenario they concern', () => {
    const o = parseBenchArgs(['--duration', '30', '--rate=1500', '--clients', '5000', '--batch', '250']);
    expect([o.ingest.stepSeconds, o.fanout.seconds, o.prober.seconds, o.wall.seconds]).toEqual([30, 30, 30, 30]);
    expect(o.ingest.rates).toEqual([1500]);
    expect(o.fanout.rate).toBe(1500);
    expect(o.wall.rate).toBe(1500);
    expect(o.fanout.clients).toBe(5000);
    // Already at the capacity target: no second phase.
    expect(o.fanout.capacityClients).toBe(0);
    expect([o.ingest.batchSize, o.fanout.batchSize, o.wall.batchSize]).toEqual([250, 250, 250]);
  });

  it('reads scenario flags', () => {
    const o = parseBenchArgs(['--rates', '1000,3000', '--monitors', '2000', '--interval', '10', '--cold-loads', '3', '--client-procs', '2', '--keep']);
    expect(o.ingest.rates).toEqual([1000, 3000]);
    expect(o.prober).toMatchObject({ monitors: 2000, intervalSeconds: 10 });
    expect(o.wall.coldLoads).toBe(3);
    expect(o.fanout.clientProcesses).toBe(2);
    expect(o.keep).toBe(true);
    expect(o.serverProcesses).toBe(1);
    expect(parseBenchArgs(['--server-procs', '3']).serverProcesses).toBe(3);
  });

  it('runs ingest on the machine Redis unless told which persistence to measure', () => {
    expect(parseBenchArgs(['ingest']).ingest.redisPersistence).toEqual(['machine']);
    expect(parseBenchArgs(['ingest', '--redis-persistence', 'everysec,always']).ingest.redisPersistence).toEqual(['everysec', 'always']);
    expect(() => parseBenchArgs(['--redis-persistence', 'sometimes'])).toThrow(/--redis-persistence: "sometimes".*machine, none, everysec, always/);
  });

  it('refuses what it does not understand', () => {
    expect(() => parseBenchArgs(['ingset'])).toThrow(/unknown scenario "ingset"/);
    expect(() => parseBenchArgs(['--clinets', '5'])).toThrow(/unknown flag --clinets/);
    expect(() => parseBenchArgs(['--clients'])).toThrow(/--clients needs/);
    expect(() => parseBenchArgs(['--rate', 'fast'])).toThrow(/--rate needs/);
    expect(() => parseBenchArgs(['--batch', '5000'])).toThrow(/ingest limit/);
  });

  it('asks for help', () => {
    expect(parseBenchArgs(['--help']).help).toBe(true);
  });

  it('soak: hours at the demo pace unless told otherwise', () => {
    const o = parseBenchArgs(['soak']);
    expect(o.scenarios).toEqual(['soak']);
    expect(o.soak).toMatchObject({ rate: 200, seconds: 5400, warmupSeconds: 600 });
    const t = parseBenchArgs(['soak', '--duration', '7200', '--warmup', '900', '--sample-every', '30', '--rate', '500']);
    expect(t.soak).toMatchObject({ rate: 500, seconds: 7200, warmupSeconds: 900, sampleSeconds: 30 });
    expect(parseBenchArgs(['soak', '--snapshot-every', '0']).soak.snapshotSeconds).toBe(0);
    expect(parseBenchArgs(['embedded', '--backfill-days', '7']).embedded.backfillDays).toBe(7);
  });
});

describe('reports scenario options', () => {
  it('runs only when named, with its own flags', () => {
    expect(parseBenchArgs([]).scenarios).not.toContain('reports');
    const o = parseBenchArgs(['reports', '--history-complaints', '20000', '--rebuild-history', '--duration', '30']);
    expect(o.scenarios).toEqual(['reports']);
    expect(o.reports.complaints).toBe(20000);
    expect(o.reports.rebuildHistory).toBe(true);
    expect(o.reports.seconds).toBe(30);
    expect(o.reports.yearSeconds).toBe(30);
    expect(parseBenchArgs(['reports']).reports.complaints).toBe(1_000_000);
  });
});
