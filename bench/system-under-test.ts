// The Pantau server under test, as a child process (`node --import tsx server/main.ts`), so its
// CPU and memory can be read from /proc and it can be killed like any real process. A
// Deployment is the state it runs on (a fresh database, a unique Redis key prefix); several
// ServerProcesses may share one (e.g. web and processors apart), and be killed and restarted.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { Redis } from 'ioredis';
import { repoRoot } from '../server/config.ts';
import { streamKeys } from '../server/streams/stream-keys.ts';
import { accessEnv, type Access } from './access.ts';
import { parsePrometheus, type PromSample } from './stats/prometheus.ts';
import { readProc, type ProcSample } from './stats/proc.ts';

export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? process.env.PANTAU_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.PANTAU_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface DeploymentOptions {
  access: Access;
  pgAdminUrl?: string;
  redisUrl?: string;
  /** Name tag for the database and key prefix. */
  tag?: string;
  /** Clone this database (a prepared history, e.g. the `reports` scenario's) instead of starting empty. */
  template?: string;
}

/** A fresh database and a unique Redis prefix; `cleanup()` removes both. */
export class Deployment {
  private constructor(
    readonly access: Access,
    readonly pgAdminUrl: string,
    readonly databaseName: string,
    readonly databaseUrl: string,
    readonly redisUrl: string,
    readonly prefix: string,
  ) {}

  static async create(options: DeploymentOptions): Promise<Deployment> {
    const tag = (options.tag ?? 'bench').replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 16);
    const hex = randomBytes(4).toString('hex');
    const name = `pantau_${tag}_${hex}`;
    const adminUrl = options.pgAdminUrl ?? PG_ADMIN_URL;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    try {
      // FILE_COPY: a multi-GB template is copied as files, not block by block through the WAL.
      await admin.unsafe(options.template ? `create database ${name} template "${options.template}" strategy file_copy` : `create database ${name}`);
    } finally {
      await admin.end();
    }
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return new Deployment(options.access, adminUrl, name, url.toString(), options.redisUrl ?? REDIS_URL, `pantau-${tag}:${hex}:`);
  }

  /** A short-lived connection to this deployment's database. */
  sql(max = 2): postgres.Sql {
    return postgres(this.databaseUrl, { max, onnotice: () => {} });
  }

  redis(): Redis {
    return new Redis(this.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: false });
  }

  async cleanup(): Promise<void> {
    const errors: unknown[] = [];
    try {
      const admin = postgres(this.pgAdminUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
      try {
        await admin.unsafe(`drop database if exists ${this.databaseName} with (force)`);
      } finally {
        await admin.end();
      }
    } catch (e) {
      errors.push(e);
    }
    try {
      await deleteRedisPrefix(this.redisUrl, this.prefix);
    } catch (e) {
      errors.push(e);
    }
    if (errors.length) throw new AggregateError(errors, 'cleanup incomplete');
  }
}

export async function deleteRedisPrefix(redisUrl: string, prefix: string): Promise<number> {
  const r = new Redis(redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 3000 });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await r.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
  return deleted;
}

export interface ServerProcessOptions {
  /** PANTAU_ROLES; default web,processors,prober (the product's default). */
  roles?: string;
  port?: number;
  env?: Record<string, string>;
  /** stdout and stderr are appended here; otherwise discarded. */
  logFile?: string;
  logLevel?: string;
}

/** One `server/main.ts` process of a deployment. */
export class ServerProcess {
  child: ChildProcess | null = null;
  port = 0;
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private exitWaiters: (() => void)[] = [];

  constructor(
    readonly deployment: Deployment,
    readonly options: ServerProcessOptions = {},
  ) {}

  get roles(): string {
    return this.options.roles ?? 'web,processors,prober';
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child?.pid ?? -1;
  }

  get running(): boolean {
    return this.child !== null && this.exitInfo === null;
  }

  get exit(): { code: number | null; signal: NodeJS.Signals | null } | null {
    return this.exitInfo;
  }

  env(): NodeJS.ProcessEnv {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PANTAU_') && k !== 'DATABASE_URL' && k !== 'REDIS_URL'));
    return {
      ...inherited,
      ...accessEnv(this.deployment.access),
      DATABASE_URL: this.deployment.databaseUrl,
      REDIS_URL: this.deployment.redisUrl,
      PANTAU_REDIS_PREFIX: this.deployment.prefix,
      PANTAU_ROLES: this.roles,
      PORT: String(this.port),
      HOST: '127.0.0.1',
      LOG_LEVEL: this.options.logLevel ?? 'warn',
      ...this.options.env,
    };
  }

  /** Starts the process and waits until it is ready (web: /readyz answers 200). */
  async start(timeoutMs = 90_000): Promise<void> {
    if (this.running) throw new Error('already running');
    if (!this.port) this.port = this.options.port ?? (await freePort());
    this.exitInfo = null;
    const out = this.options.logFile ? fs.openSync(this.options.logFile, 'a') : 'ignore';
    // node itself, not the tsx wrapper: the pid is the process doing the work (for /proc and kill -9).
    // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=bench-results/profiles", to profile it.
    const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/main.ts'], {
      cwd: repoRoot,
      env: this.env(),
      stdio: ['ignore', out, out],
    });
    if (typeof out === 'number') fs.closeSync(out);
    this.child = child;
    child.once('exit', (code, signal) => {
      this.exitInfo = { code, signal };
      for (const w of this.exitWaiters.splice(0)) w();
    });
    await this.waitReady(timeoutMs);
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const web = this.roles.split(',').includes('web');
    const redis = web ? null : this.deployment.redis();
    try {
      while (Date.now() < deadline) {
        if (this.exitInfo) throw new Error(`server exited during start (${this.exitInfo.signal ?? this.exitInfo.code})${this.logTail()}`);
        if (web) {
          try {
            const res = await fetch(`${this.url}/readyz`);
            if (res.status === 200) return;
          } catch {
            // not listening yet
          }
        } else if (await this.processorsReading(redis!)) {
          return;
        }
        await sleep(200);
      }
    } finally {
      redis?.disconnect();
    }
    throw new Error(`server not ready within ${timeoutMs} ms${this.logTail()}`);
  }

  /** A processors-only process is ready once its consumer has joined the group. */
  private async processorsReading(redis: Redis): Promise<boolean> {
    try {
      // Its name is the one claimed by its pid (server/processors/consumer-name.ts).
      const keys = streamKeys(this.deployment.prefix);
      const claims = await redis.hgetall(keys.consumerNames);
      const name = Object.keys(claims).find((n) => claims[n] === `${os.hostname()} ${this.pid}`);
      if (!name) return false;
      const consumers = (await redis.xinfo('CONSUMERS', keys.stream('complaints'), keys.group)) as unknown[][];
      return consumers.some((c) => c.includes(`${name}-complaints`));
    } catch {
      return false;
    }
  }

  logTail(lines = 30): string {
    if (!this.options.logFile || !fs.existsSync(this.options.logFile)) return '';
    const text = fs.readFileSync(this.options.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    return text ? `\n--- ${path.basename(this.options.logFile)} (last lines) ---\n${text}` : '';
  }

  waitForExit(timeoutMs = 30_000): Promise<boolean> {
    if (!this.child || this.exitInfo) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.exitWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** kill -9 (or another signal) and wait until the process is gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.running) return;
    this.child!.kill(signal);
    await this.waitForExit(30_000);
  }

  /** SIGTERM (the server closes cleanly), SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.child!.kill('SIGTERM');
    if (!(await this.waitForExit(graceMs))) await this.kill('SIGKILL');
  }

  async metrics(): Promise<PromSample[]> {
    const res = await fetch(`${this.url}/metrics`);
    if (!res.ok) throw new Error(`GET /metrics answered ${res.status}`);
    return parsePrometheus(await res.text());
  }

  proc(): ProcSample | null {
    return this.running ? readProc(this.pid) : null;
  }
}

/**
 * The usual bench setup: one deployment, one server process with the default roles, and
 * optionally more processes with PANTAU_ROLES=processors sharing the streams.
 */
export class SystemUnderTest {
  private constructor(
    readonly deployment: Deployment,
    readonly server: ServerProcess,
    readonly extraProcessors: ServerProcess[],
    private readonly keep: boolean,
  ) {}

  static async start(options: DeploymentOptions & ServerProcessOptions & { keep?: boolean; extraProcessors?: number }): Promise<SystemUnderTest> {
    const deployment = await Deployment.create(options);
    const server = new ServerProcess(deployment, options);
    const extras = Array.from(
      { length: options.extraProcessors ?? 0 },
      (_, i) => new ServerProcess(deployment, { ...options, roles: 'processors', logFile: options.logFile?.replace(/\.log$/, `-processors-${i + 1}.log`) }),
    );
    try {
      await server.start();
      for (const p of extras) await p.start();
    } catch (error) {
      for (const p of [server, ...extras]) await p.kill();
      if (!options.keep) await deployment.cleanup().catch(() => {});
      throw error;
    }
    return new SystemUnderTest(deployment, server, extras, options.keep ?? false);
  }

  get url(): string {
    return this.server.url;
  }

  get processes(): ServerProcess[] {
    return [this.server, ...this.extraProcessors];
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop()));
    if (!this.keep) await this.deployment.cleanup();
  }
}

/** PostgreSQL backends serving one database (their CPU is part of the cost of the load). */
export async function backendPids(sql: postgres.Sql, database: string): Promise<number[]> {
  const rows = await sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = ${database} and pid <> pg_backend_pid()`;
  return rows.map((r) => Number(r.pid));
}
