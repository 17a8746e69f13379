// The name a processor process reads the streams under. It must be
//   - stable across restarts of the same process slot: a restarted process then finds the
//     entries it had read but not finished (its pending list, XREADGROUP from id 0) and finishes
//     them at once, instead of leaving them to the idle reclaim (XAUTOCLAIM after
//     PANTAU_RECLAIM_IDLE_MS, 30 s), which stays for processes that never come back;
//   - unique among live processes: two live processes under one name would work on each other's
//     pending entries (harmless, the ledger makes it idempotent, but wasted).
// PANTAU_PROCESSOR_NAME sets it (e.g. a StatefulSet pod name or a systemd instance). Otherwise it
// is `<hostname>-p<slot>`: the lowest slot on this host that no live process holds. Claims live in
// Redis (one hash, "host pid" per name); a claim by a process of this host that no longer runs
// (kill -9, crash) is taken over at once. Processes on other hosts never compete for a slot
// (the hostname is part of the name).
import os from 'node:os';
import type { Redis } from 'ioredis';
import type { Logger } from '../infra/logger.ts';
import type { StreamKeys } from '../streams/stream-keys.ts';

export interface ConsumerNameClaim {
  /** The base name; each consumer of the process adds its stream (and index). */
  name: string;
  /** Writes the claim back if Redis lost it (restarted empty); warns if another process holds it. */
  reassert(): Promise<void>;
  /** Gives the name up at a clean stop (only if still ours). */
  release(): Promise<void>;
}

export interface ClaimOptions {
  /** PANTAU_PROCESSOR_NAME, or null for `<hostname>-p<slot>`. */
  explicitName: string | null;
  hostname?: string;
  pid?: number;
  /** Whether a process of this host runs (injectable for tests). */
  isAlive?: (pid: number) => boolean;
}

const MAX_SLOTS = 1000;

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function claimConsumerName(redis: Redis, keys: StreamKeys, log: Logger, options: ClaimOptions): Promise<ConsumerNameClaim> {
  const hostname = options.hostname ?? os.hostname();
  const pid = options.pid ?? process.pid;
  const isAlive = options.isAlive ?? processAlive;
  const me = `${hostname} ${pid}`;
  const claim = (name: string): ConsumerNameClaim => {
    let warned = false;
    return {
      name,
      async reassert() {
        if (await redis.hsetnx(keys.consumerNames, name, me)) return;
        const holder = await redis.hget(keys.consumerNames, name);
        if (holder !== me && !warned) {
          warned = true;
          log.warn({ name, holder }, 'another process claims this processor name; give each process its own PANTAU_PROCESSOR_NAME');
        }
      },
      async release() {
        // Without Redis there is nothing to give up; the next process of this host takes the name over anyway.
        if (redis.status !== 'ready') return;
        if ((await redis.hget(keys.consumerNames, name)) === me) await redis.hdel(keys.consumerNames, name);
      },
    };
  };

  if (options.explicitName) {
    await redis.hset(keys.consumerNames, options.explicitName, me);
    return claim(options.explicitName);
  }
  for (let slot = 1; slot <= MAX_SLOTS; slot++) {
    const name = `${hostname}-p${slot}`;
    if (await redis.hsetnx(keys.consumerNames, name, me)) return claim(name);
    const holder = await redis.hget(keys.consumerNames, name);
    if (holder === null) {
      slot -= 1; // released between the two calls: try the same slot again
      continue;
    }
    const [holderHost, holderPid] = holder.split(' ');
    if (holderHost !== hostname || isAlive(Number(holderPid))) continue;
    // Its process is gone. Of several processes starting now, one takes the slot from this holder;
    // the others go on to the next.
    if ((await redis.set(keys.consumerTakeover(name, holder), me, 'PX', 10_000, 'NX')) !== 'OK') continue;
    await redis.hset(keys.consumerNames, name, me);
    log.info({ name, previous: holder }, 'processor name of a stopped process taken over: finishing its pending entries first');
    return claim(name);
  }
  throw new Error(`no free processor slot among ${MAX_SLOTS} on ${hostname}; set PANTAU_PROCESSOR_NAME`);
}
