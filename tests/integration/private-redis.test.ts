// The redis-server `npm start` runs when REDIS_URL is unset: it writes every entry to disk before
// it answers (appendfsync always), so a 202 survives a crash of the machine; it runs in a process
// group of its own, so Ctrl-C in the terminal does not stop it before the server has drained
// into it; stop() waits until it has exited.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createLogger } from '../../server/infra/logger.ts';
import { startPrivateRedis } from '../../server/infra/redis-server-process.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pantau-private-redis-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('the private redis-server of npm start', () => {
  it('fsyncs before every reply, runs in its own process group and is gone when stop() returns', async () => {
    const priv = await startPrivateRedis(dataDir, createLogger('silent'));
    const r = new Redis(priv.url);
    try {
      expect(await r.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
      expect(await r.config('GET', 'appendfsync')).toEqual(['appendfsync', 'always']);
      const pid = Number(/process_id:(\d+)/.exec(await r.info('server'))![1]);
      const pgid = Number(execFileSync('ps', ['-o', 'pgid=', '-p', String(pid)], { encoding: 'utf8' }).trim());
      expect(pgid).toBe(pid);
      expect(pgid).not.toBe(Number(execFileSync('ps', ['-o', 'pgid=', '-p', String(process.pid)], { encoding: 'utf8' }).trim()));
      r.disconnect();
      await priv.stop();
      expect(() => process.kill(pid, 0)).toThrow();
      expect(fs.existsSync(path.join(dataDir, 'redis', 'port'))).toBe(false);
    } finally {
      r.disconnect();
    }
  });
});
