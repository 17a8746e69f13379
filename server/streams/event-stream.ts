// The durable hand-off between ingest and processors: one Redis stream per event kind, one
// entry per accepted batch, read by one consumer group.
import type { Redis } from 'ioredis';
import type { EventByKind, EventKind } from '../../shared/events.ts';
import type { StreamKeys } from './stream-keys.ts';

export interface IngestBatch<K extends EventKind = EventKind> {
  batchId: string;
  kind: K;
  source: string;
  receivedAt: string;
  events: EventByKind[K][];
}

export interface StreamEntry<K extends EventKind = EventKind> {
  entryId: string;
  batch: IngestBatch<K>;
}

export async function appendBatch(redis: Redis, keys: StreamKeys, batch: IngestBatch): Promise<string> {
  const id = await redis.xadd(
    keys.stream(batch.kind),
    '*',
    'batch',
    batch.batchId,
    'source',
    batch.source,
    'receivedAt',
    batch.receivedAt,
    'events',
    JSON.stringify(batch.events),
  );
  if (!id) throw new Error('XADD returned no id');
  return id;
}

export function parseEntry<K extends EventKind>(kind: K, entryId: string, fields: string[]): StreamEntry<K> {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]] = fields[i + 1];
  return {
    entryId,
    batch: {
      batchId: f.batch,
      kind,
      source: f.source,
      receivedAt: f.receivedAt,
      events: JSON.parse(f.events ?? '[]') as EventByKind[K][],
    },
  };
}

export async function ensureGroup(redis: Redis, keys: StreamKeys, kind: EventKind): Promise<void> {
  try {
    // From id 0: after Redis lost its data the stream is new and everything in it is unprocessed.
    await redis.xgroup('CREATE', keys.stream(kind), keys.group, '0', 'MKSTREAM');
  } catch (error) {
    if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
  }
}

export function isNoGroupError(error: unknown): boolean {
  return String((error as Error)?.message ?? '').includes('NOGROUP');
}

type RawEntries = [string, string[]][];

export async function readNew<K extends EventKind>(
  redis: Redis,
  keys: StreamKeys,
  kind: K,
  consumer: string,
  count: number,
  blockMs: number,
  /** '>' for new entries; an id for this consumer's own pending entries after it ('0': all). */
  startId: string = '>',
): Promise<StreamEntry<K>[]> {
  const reply = (await redis.xreadgroup(
    'GROUP',
    keys.group,
    consumer,
    'COUNT',
    count,
    'BLOCK',
    blockMs,
    'STREAMS',
    keys.stream(kind),
    startId,
  )) as [string, RawEntries][] | null;
  if (!reply) return [];
  return reply[0][1].filter(([, fields]) => fields !== null).map(([id, fields]) => parseEntry(kind, id, fields));
}

/** Takes over entries another consumer left pending for longer than `minIdleMs` (it probably died). */
export async function reclaimStuck<K extends EventKind>(
  redis: Redis,
  keys: StreamKeys,
  kind: K,
  consumer: string,
  minIdleMs: number,
  count: number,
): Promise<StreamEntry<K>[]> {
  const reply = (await redis.xautoclaim(keys.stream(kind), keys.group, consumer, minIdleMs, '0-0', 'COUNT', count)) as [
    string,
    RawEntries,
    string[],
  ];
  return reply[1].filter(([, fields]) => fields !== null).map(([id, fields]) => parseEntry(kind, id, fields));
}

/** Drops entries every consumer is done with, so the stream does not grow without bound. */
export async function trimAcknowledged(redis: Redis, keys: StreamKeys, kind: EventKind): Promise<void> {
  const stream = keys.stream(kind);
  const groups = (await redis.xinfo('GROUPS', stream)) as unknown[][];
  const group = groups.map(toRecord).find((g) => g.name === keys.group);
  if (!group) return;
  let minId = String(group['last-delivered-id']);
  const pending = (await redis.xpending(stream, keys.group, '-', '+', 1)) as [string, string, number, number][];
  if (pending.length && compareIds(pending[0][0], minId) < 0) minId = pending[0][0];
  if (minId && minId !== '0-0') await redis.xtrim(stream, 'MINID', minId);
}

function toRecord(flat: unknown[]): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) r[String(flat[i])] = flat[i + 1];
  return r;
}

export function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(BigInt);
  const [bm, bs] = b.split('-').map(BigInt);
  if (am !== bm) return am < bm ? -1 : 1;
  if (as !== bs) return as < bs ? -1 : 1;
  return 0;
}

/** Number of entries waiting: not yet delivered plus delivered but unacknowledged. */
export async function backlog(redis: Redis, keys: StreamKeys, kind: EventKind): Promise<number> {
  try {
    const groups = (await redis.xinfo('GROUPS', keys.stream(kind))) as unknown[][];
    const g = groups.map(toRecord).find((x) => x.name === keys.group);
    if (!g) return await redis.xlen(keys.stream(kind));
    const lag = g.lag === null || g.lag === undefined ? 0 : Number(g.lag);
    return lag + Number(g.pending ?? 0);
  } catch {
    return 0;
  }
}

/** The time an entry ID was written (auto IDs are `<ms>-<seq>` of Redis's clock). */
const idMs = (id: string) => Number(id.split('-')[0]);

/**
 * How long the oldest entry not yet processed has been waiting (ms; 0 when none waits): the
 * oldest delivered but unacknowledged one, else the first not yet delivered. While processors
 * keep up this stays under a second whatever the rate; it grows when none is running or they
 * cannot write (PostgreSQL away), which a screen must not show as live.
 */
export async function oldestWaitingMs(redis: Redis, keys: StreamKeys, kind: EventKind, now = Date.now()): Promise<number> {
  const stream = keys.stream(kind);
  const groups = (await redis.xinfo('GROUPS', stream).catch(() => [])) as unknown[][];
  const group = groups.map(toRecord).find((g) => g.name === keys.group);
  let oldest: string | null = null;
  if (!group) {
    const [first] = (await redis.xrange(stream, '-', '+', 'COUNT', 1)) as [string, string[]][];
    oldest = first?.[0] ?? null;
  } else {
    const [pendingCount, smallestPending] = (await redis.xpending(stream, keys.group)) as [number, string | null];
    if (Number(pendingCount) > 0 && smallestPending) oldest = smallestPending;
    if (oldest === null && Number(group.lag ?? 1) > 0) {
      const [next] = (await redis.xrange(stream, `(${String(group['last-delivered-id'])}`, '+', 'COUNT', 1)) as [string, string[]][];
      oldest = next?.[0] ?? null;
    }
  }
  return oldest === null ? 0 : Math.max(0, now - idMs(oldest));
}

export async function deadLetter(redis: Redis, keys: StreamKeys, kind: EventKind, entry: StreamEntry, reason: string): Promise<void> {
  await redis
    .multi()
    .xadd(
      keys.deadLetters,
      '*',
      'kind',
      kind,
      'entryId',
      entry.entryId,
      'batch',
      entry.batch.batchId,
      'source',
      entry.batch.source,
      'receivedAt',
      entry.batch.receivedAt,
      'reason',
      reason.slice(0, 2000),
      'events',
      JSON.stringify(entry.batch.events),
    )
    .xack(keys.stream(kind), keys.group, entry.entryId)
    .hdel(keys.failures(kind), entry.entryId)
    .exec();
}
