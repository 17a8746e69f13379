// CPU time and memory of a process from /proc (Linux). Parsing is pure; reading is one
// synchronous file read, cheap enough to sample every second.
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';

export interface ProcSample {
  pid: number;
  /** Monotonic milliseconds (performance.now()) when read. */
  atMs: number;
  /** User + system CPU seconds of all the process's threads so far. */
  cpuSeconds: number;
  rssBytes: number;
}

let clockTicks: number | null = null;

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, almost always 100). */
export function clockTicksPerSecond(): number {
  if (clockTicks === null) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** utime + stime in ticks from the text of /proc/<pid>/stat (the command name may hold spaces and parentheses). */
export function parseStatTicks(stat: string): number {
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  // After "pid (comm) ", field 3 (state) is fields[0]; utime is field 14, stime field 15.
  return Number(fields[11]) + Number(fields[12]);
}

/** VmRSS in bytes from the text of /proc/<pid>/status. */
export function parseStatusRss(status: string): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}

export function readProc(pid: number): ProcSample | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return { pid, atMs: performance.now(), cpuSeconds: parseStatTicks(stat) / clockTicksPerSecond(), rssBytes: parseStatusRss(status) };
  } catch {
    return null;
  }
}

/** Sum of CPU seconds over several processes (e.g. the PostgreSQL backends of one database). */
export function readCpuSecondsOf(pids: readonly number[]): number {
  let total = 0;
  for (const pid of pids) total += readProc(pid)?.cpuSeconds ?? 0;
  return total;
}

/** CPU% of one core between two samples of the same process. */
export function cpuPercentBetween(a: ProcSample, b: ProcSample): number {
  const wall = (b.atMs - a.atMs) / 1000;
  return wall > 0 ? ((b.cpuSeconds - a.cpuSeconds) / wall) * 100 : 0;
}

/**
 * Samples a process every `everyMs` in the background; `stop()` returns the samples. CPU% over
 * any window is then the difference of two samples, and peak RSS the max.
 */
export function sampleProcess(pid: number, everyMs = 1000): { samples: ProcSample[]; stop(): ProcSample[] } {
  const samples: ProcSample[] = [];
  const take = () => {
    const s = readProc(pid);
    if (s) samples.push(s);
  };
  take();
  const timer = setInterval(take, everyMs);
  timer.unref();
  return {
    samples,
    stop() {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}
