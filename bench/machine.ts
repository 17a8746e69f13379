// What the numbers were measured on: printed before the run and stored with the results.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import postgres from 'postgres';
import { Redis } from 'ioredis';
import { repoRoot } from '../server/config.ts';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  postgres: string;
  redis: string;
  /** 1/5/15-minute load averages when the bench started: others using the machine show here. */
  loadAverage: number[];
  commit: string;
}

function readOnlyGit(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

export async function machineInfo(pgAdminUrl: string, redisUrl: string): Promise<MachineInfo> {
  let pgVersion = 'unknown';
  try {
    const sql = postgres(pgAdminUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
    const [row] = await sql<{ v: string }[]>`select current_setting('server_version') as v`;
    pgVersion = row.v;
    await sql.end();
  } catch (e) {
    pgVersion = `unreachable (${(e as Error).message})`;
  }
  let redisVersion = 'unknown';
  try {
    const r = new Redis(redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 3000 });
    const info = await r.info('server');
    redisVersion = /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
    r.disconnect();
  } catch (e) {
    redisVersion = `unreachable (${(e as Error).message})`;
  }
  const commit = readOnlyGit(['rev-parse', '--short', 'HEAD']);
  const dirty = readOnlyGit(['status', '--porcelain']).split('\n').filter(Boolean).length;
  return {
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: pgVersion,
    redis: redisVersion,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    commit: commit ? `${commit}${dirty ? ` (+${dirty} uncommitted changes)` : ''}` : 'unknown',
  };
}

export function formatMachine(m: MachineInfo): string {
  return [
    `CPU       ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB RAM (${m.os})`,
    `software  Node ${m.node}, PostgreSQL ${m.postgres}, Redis ${m.redis}`,
    `load avg  ${m.loadAverage.join(' / ')} (1/5/15 min, before the run)`,
    `code      ${m.commit}`,
  ].join('\n');
}
