// A PostgreSQL cluster of the drill's own (initdb into a temp dir, trust auth, a free port), so
// stopping it for a minute affects nothing else on the machine. initdb and postgres refuse to
// run as root: as root they run as the `postgres` user (runuser).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../../bench/system-under-test.ts';

const run = promisify(execFile);

function binary(name: string): string {
  for (const dir of ['/usr/local/bin', ...fs.readdirSync('/usr/lib/postgresql').map((v) => `/usr/lib/postgresql/${v}/bin`).reverse()]) {
    const p = path.join(dir, name);
    if (fs.existsSync(p)) return p;
  }
  return name;
}

export class PrivatePostgres {
  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly asUser: { uid: number; gid: number; name: string } | null,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-drill-pg-'));
    let asUser: { uid: number; gid: number; name: string } | null = null;
    if (process.getuid?.() === 0) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: gid } = await run('id', ['-g', 'postgres']);
      asUser = { uid: Number(stdout.trim()), gid: Number(gid.trim()), name: 'postgres' };
      fs.chmodSync(base, 0o755);
      fs.chownSync(base, asUser.uid, asUser.gid);
    }
    const pg = new PrivatePostgres(await freePort(), path.join(base, 'data'), asUser);
    await pg.exec(binary('initdb'), ['-D', pg.dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    fs.appendFileSync(
      path.join(pg.dir, 'postgresql.conf'),
      `\nport = ${pg.port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${base}'\nfsync = off\nmax_connections = 50\n`,
    );
    await pg.startServer();
    return pg;
  }

  private exec(cmd: string, args: string[]) {
    return this.asUser ? run('runuser', ['-u', this.asUser.name, '--', cmd, ...args]) : run(cmd, args);
  }

  get adminUrl(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async startServer(): Promise<void> {
    await this.exec(binary('pg_ctl'), ['-D', this.dir, '-l', path.join(path.dirname(this.dir), 'postgres.log'), '-w', '-t', '30', 'start']);
  }

  /** Stops the server (fast: running transactions are cut off), as a crash or a maintenance stop would. */
  async stopServer(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.exec(binary('pg_ctl'), ['-D', this.dir, '-m', mode, '-w', '-t', '30', 'stop']);
  }

  async destroy(): Promise<void> {
    await this.stopServer('immediate').catch(() => {});
    fs.rmSync(path.dirname(this.dir), { recursive: true, force: true });
  }
}
