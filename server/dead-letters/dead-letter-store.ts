// The dead-letter stream, read and settled for the admin console. A dead letter is settled once:
// replayed or discarded. The claim is an HSETNX on a hash of settled IDs, so two admins (or two
// nodes, or a double click) cannot both replay the same letter; the PostgreSQL ledger
// (ingest_batches) and (source, external_id) uniqueness then make the replayed batch land once.
// The entry itself is then deleted (XDEL), so the reporter identity it carries does not linger;
// the in-process Redis stand-in has no XDEL, and there the settled hash alone hides it.
import type { Redis } from 'ioredis';
import type { StreamKeys } from '../streams/stream-keys.ts';
import { parseDeadLetter, type DeadLetterRecord } from './dead-letter-view.ts';

export const settledKey = (keys: StreamKeys) => `${keys.deadLetters}:settled`;

type RawEntries = [string, string[]][];

/** Waiting dead letters, newest first (at most `limit`), and how many wait in all. */
export async function listDeadLetters(redis: Redis, keys: StreamKeys, limit = 200): Promise<{ records: DeadLetterRecord[]; total: number }> {
  const [raw, settled] = await Promise.all([redis.xrevrange(keys.deadLetters, '+', '-') as Promise<RawEntries>, redis.hkeys(settledKey(keys))]);
  const done = new Set(settled);
  const waiting = raw.filter(([id, fields]) => fields && !done.has(id));
  const records = waiting
    .slice(0, limit)
    .map(([id, fields]) => parseDeadLetter(id, fields))
    .filter((r): r is DeadLetterRecord => r !== null);
  return { records, total: waiting.length };
}

const STREAM_ID = /^\d{1,20}-\d{1,20}$/;

/** One waiting dead letter, or null (unknown, malformed ID, or already settled). */
export async function readDeadLetter(redis: Redis, keys: StreamKeys, id: string): Promise<DeadLetterRecord | null> {
  if (!STREAM_ID.test(id)) return null;
  const [raw, settled] = await Promise.all([redis.xrange(keys.deadLetters, id, id) as Promise<RawEntries>, redis.hexists(settledKey(keys), id)]);
  if (settled || !raw.length || !raw[0][1]) return null;
  return parseDeadLetter(id, raw[0][1]);
}

export interface Settlement {
  action: 'replayed' | 'discarded';
  by: string;
  at: string;
}

/** Whether (and how) a letter was settled. */
export async function settlementOf(redis: Redis, keys: StreamKeys, id: string): Promise<Settlement | null> {
  if (!STREAM_ID.test(id)) return null;
  const raw = await redis.hget(settledKey(keys), id);
  return raw ? (JSON.parse(raw) as Settlement) : null;
}

/** Marks the letter settled; false when someone settled it first. */
export async function claimDeadLetter(redis: Redis, keys: StreamKeys, id: string, settlement: Settlement): Promise<boolean> {
  return (await redis.hsetnx(settledKey(keys), id, JSON.stringify(settlement))) === 1;
}

/** Gives a claim back (the step after the claim failed), so the letter can be tried again. */
export async function releaseDeadLetter(redis: Redis, keys: StreamKeys, id: string): Promise<void> {
  await redis.hdel(settledKey(keys), id);
}

/** Puts the batch back at the end of its stream, under its own batch ID: the normal pipeline takes it from there. */
export async function requeueBatch(redis: Redis, keys: StreamKeys, r: DeadLetterRecord): Promise<string> {
  const id = await redis.xadd(keys.stream(r.kind), '*', 'batch', r.batchId, 'source', r.source, 'receivedAt', r.receivedAt, 'events', JSON.stringify(r.events), 'replayOf', r.id);
  if (!id) throw new Error('XADD returned no id');
  return id;
}

/** Deletes a settled letter's entry where Redis can (see the note at the top). */
export async function forgetDeadLetter(redis: Redis, keys: StreamKeys, id: string): Promise<void> {
  try {
    await redis.xdel(keys.deadLetters, id);
  } catch {
    // The stand-in: the settled hash keeps it out of every list.
  }
}
