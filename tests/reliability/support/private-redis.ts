// A redis-server of the drill's own, on a free port, without persistence, so it can be killed
// and restarted empty without touching the machine's shared Redis (or anyone else's data).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../../../bench/system-under-test.ts';
import { findTool, installCommand, lookedFor, REDIS_SERVER } from '../../setup/system-tools.ts';

export class PrivateRedis {
  private child: ChildProcess | null = null;
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(options: { tempPrefix?: string } = {}): Promise<PrivateRedis> {
    if (!findTool(REDIS_SERVER)) throw new Error(`redis-server not found (${lookedFor(REDIS_SERVER)}): install it with \`${installCommand([REDIS_SERVER])}\``);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), options.tempPrefix ?? 'pantau-drill-redis-'));
    const r = new PrivateRedis(await freePort(), dir);
    await r.launch();
    return r;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child?.pid ?? -1;
  }

  private async launch(): Promise<void> {
    const child = spawn(
      findTool(REDIS_SERVER) ?? 'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir, '--logfile', path.join(this.dir, 'redis.log')],
      { stdio: 'ignore' },
    );
    this.child = child;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}); see ${this.dir}/redis.log`);
      const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => {});
      try {
        await probe.connect();
        if ((await probe.ping()) === 'PONG') return;
      } catch {
        // not up yet
      } finally {
        probe.disconnect();
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('redis-server did not answer within 10 s');
  }

  /** kill -9: everything in memory is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  }

  /** Starts again on the same port, empty (no persistence). */
  async restart(): Promise<void> {
    await this.kill();
    await this.launch();
  }

  async stop(): Promise<void> {
    await this.kill();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
