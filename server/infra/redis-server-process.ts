// The one-command demo needs Redis without asking anyone to install or configure it. When
// REDIS_URL is unset and a redis-server binary is on the PATH, Pantau runs a private one with
// its data (append-only file, fsynced before every reply) under the data directory, so
// acknowledged events survive restarts and crashes.
// It runs in a process group of its own: Ctrl-C in the terminal goes to the foreground group, and
// Redis must outlive the server's stop (the server drains into it, then stops it last).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from './logger.ts';

export function redisServerOnPath(): boolean {
  const r = spawnSync('redis-server', ['--version'], { stdio: 'ignore' });
  return r.status === 0;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function answers(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500 });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/** Starts (or reuses, after a crash of ours) a private redis-server; returns its URL. */
export async function startPrivateRedis(dataDir: string, log: Logger): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = path.join(dataDir, 'redis');
  fs.mkdirSync(dir, { recursive: true });
  const portFile = path.join(dir, 'port');
  if (fs.existsSync(portFile)) {
    const previous = `redis://127.0.0.1:${fs.readFileSync(portFile, 'utf8').trim()}`;
    if (await answers(previous)) {
      log.info({ url: previous }, 'reusing the private redis-server still running from a previous start');
      return { url: previous, stop: async () => {} };
    }
  }
  const port = await freePort();
  const child = spawn(
    'redis-server',
    // appendfsync always: Redis writes an entry to disk before it answers, so a 202 (given after the
    // XADD) survives a crash of the machine, not only of Redis. README "What a 202 promises".
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--logfile', path.join(dir, 'redis.log')],
    { stdio: 'ignore', detached: true },
  );
  child.on('error', (err) => log.error({ err }, 'private redis-server failed'));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // If this process ends without stop() (an error, a forced exit), Redis still shuts down cleanly
  // (SIGTERM: it writes its append-only file and exits). After kill -9 of ours it keeps running
  // and the next start reuses it (above).
  const onExit = () => child.kill('SIGTERM');
  process.on('exit', onExit);
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (await answers(url)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  fs.writeFileSync(portFile, String(port));
  log.info({ url, dir }, 'REDIS_URL not set: started a private redis-server');
  return {
    url,
    async stop() {
      process.off('exit', onExit);
      fs.rmSync(portFile, { force: true });
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
