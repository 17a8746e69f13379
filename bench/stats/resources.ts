// CPU of everything the load costs on this machine: the server process, the PostgreSQL
// backends serving its database, and Redis (shared with anyone else using it, so an upper
// bound). Read at the two ends of a measurement window.
import type postgres from 'postgres';
import type { Redis } from 'ioredis';
import { backendPids, type SystemUnderTest } from '../system-under-test.ts';
import { readCpuSecondsOf, readProc, type ProcSample } from './proc.ts';

export interface ResourceReading {
  atMs: number;
  server: ProcSample | null;
  postgresCpuSeconds: number;
  redisCpuSeconds: number | null;
}

export interface ResourceUsage {
  seconds: number;
  /** Percent of one core (the machine has os.cpus().length of them). */
  serverCpuPercent: number | null;
  postgresCpuPercent: number;
  redisCpuPercent: number | null;
  serverRssBytes: number | null;
}

export class ResourceProbe {
  private redisPid: number | null | undefined;
  private knownPgPids = new Set<number>();

  constructor(
    private readonly sut: SystemUnderTest,
    private readonly sql: postgres.Sql,
    private readonly redis: Redis,
  ) {}

  /** The main server process plus any processors-only ones, as one "server" reading. */
  private serverReading(): ProcSample | null {
    const samples = this.sut.processes.map((p) => p.proc()).filter((x): x is ProcSample => x !== null);
    if (!samples.length) return null;
    return {
      pid: samples[0].pid,
      atMs: performance.now(),
      cpuSeconds: samples.reduce((a, s) => a + s.cpuSeconds, 0),
      rssBytes: samples.reduce((a, s) => a + s.rssBytes, 0),
    };
  }

  private async redisProcess(): Promise<number | null> {
    if (this.redisPid !== undefined) return this.redisPid;
    try {
      const pid = Number(/process_id:(\d+)/.exec(await this.redis.info('server'))?.[1]);
      this.redisPid = pid && readProc(pid) ? pid : null;
    } catch {
      this.redisPid = null;
    }
    return this.redisPid;
  }

  async read(): Promise<ResourceReading> {
    // Backends come and go (pool churn); a pid seen once keeps being counted while it lives.
    for (const pid of await backendPids(this.sql, this.sut.deployment.databaseName).catch(() => [])) this.knownPgPids.add(pid);
    const redisPid = await this.redisProcess();
    return {
      atMs: performance.now(),
      server: this.serverReading(),
      postgresCpuSeconds: readCpuSecondsOf([...this.knownPgPids]),
      redisCpuSeconds: redisPid ? (readProc(redisPid)?.cpuSeconds ?? null) : null,
    };
  }
}

export function usageBetween(a: ResourceReading, b: ResourceReading): ResourceUsage {
  const seconds = (b.atMs - a.atMs) / 1000;
  const pct = (x: number, y: number) => (seconds > 0 ? ((y - x) / seconds) * 100 : 0);
  return {
    seconds,
    serverCpuPercent: a.server && b.server ? pct(a.server.cpuSeconds, b.server.cpuSeconds) : null,
    // A backend that exited inside the window drops out of `b`: clamp at 0 rather than go negative.
    postgresCpuPercent: Math.max(0, pct(a.postgresCpuSeconds, b.postgresCpuSeconds)),
    redisCpuPercent: a.redisCpuSeconds !== null && b.redisCpuSeconds !== null ? pct(a.redisCpuSeconds, b.redisCpuSeconds) : null,
    serverRssBytes: b.server?.rssBytes ?? null,
  };
}

export function formatUsage(u: ResourceUsage): string {
  const f = (v: number | null) => (v === null ? '-' : `${Math.round(v)}%`);
  return `CPU server ${f(u.serverCpuPercent)}, postgres ${f(u.postgresCpuPercent)}, redis ${f(u.redisCpuPercent)}`;
}
