// A Redis stream with consumer groups: entries, each group's last-delivered id and read counter,
// its pending entries list (PEL) and consumers. Semantics follow Redis 7.0 (t_stream.c), minus
// XDEL tombstones, which Pantau never creates.
import { errors, ReplyError } from './reply.ts';

export interface StreamId {
  ms: bigint;
  seq: bigint;
}

export const MIN_ID: StreamId = { ms: 0n, seq: 0n };
const U64_MAX = 2n ** 64n - 1n;
export const MAX_ID: StreamId = { ms: U64_MAX, seq: U64_MAX };

export function compareIds(a: StreamId, b: StreamId): number {
  if (a.ms !== b.ms) return a.ms < b.ms ? -1 : 1;
  if (a.seq !== b.seq) return a.seq < b.seq ? -1 : 1;
  return 0;
}

export function formatId(id: StreamId): string {
  return `${id.ms}-${id.seq}`;
}

/** Parses `ms-seq` or `ms` (seq then defaults to `missingSeq`); throws on anything else. */
export function parseId(text: string, missingSeq = 0n): StreamId {
  const m = /^([0-9]+)(?:-([0-9]+))?$/.exec(text);
  if (!m) throw errors.invalidStreamId();
  const ms = BigInt(m[1]);
  const seq = m[2] === undefined ? missingSeq : BigInt(m[2]);
  if (ms > U64_MAX || seq > U64_MAX) throw errors.invalidStreamId();
  return { ms, seq };
}

export function nextId(id: StreamId): StreamId | null {
  if (id.seq < U64_MAX) return { ms: id.ms, seq: id.seq + 1n };
  if (id.ms < U64_MAX) return { ms: id.ms + 1n, seq: 0n };
  return null;
}

export function previousId(id: StreamId): StreamId | null {
  if (id.seq > 0n) return { ms: id.ms, seq: id.seq - 1n };
  if (id.ms > 0n) return { ms: id.ms - 1n, seq: U64_MAX };
  return null;
}

/**
 * An interval bound as XRANGE / XPENDING / XAUTOCLAIM take it: `-`, `+`, an id, `ms` alone
 * (meaning ms-0 at the start, ms-max at the end), or `(id` for exclusive. Null: empty range.
 */
export function parseRangeBound(text: string, isStart: boolean): StreamId | null {
  if (text === '-') return MIN_ID;
  if (text === '+') return MAX_ID;
  const exclusive = text.startsWith('(');
  const id = parseId(exclusive ? text.slice(1) : text, isStart ? 0n : U64_MAX);
  if (!exclusive) return id;
  return isStart ? nextId(id) : previousId(id);
}

export interface StreamEntry {
  id: StreamId;
  key: string;
  fields: string[];
}

export interface Consumer {
  name: string;
  seenTime: number;
  pending: Set<string>;
}

export interface PendingEntry {
  id: StreamId;
  key: string;
  consumer: Consumer;
  deliveryTime: number;
  deliveryCount: number;
}

export class ConsumerGroup {
  readonly consumers = new Map<string, Consumer>();
  readonly pel = new Map<string, PendingEntry>();

  constructor(
    readonly name: string,
    public lastId: StreamId,
    /** Logical count of entries read; null when unknown (Redis' SCG_INVALID_ENTRIES_READ). */
    public entriesRead: number | null,
  ) {}

  consumer(name: string, now: number): Consumer {
    let c = this.consumers.get(name);
    if (!c) {
      c = { name, seenTime: now, pending: new Set() };
      this.consumers.set(name, c);
    }
    return c;
  }

  /** The PEL in id order. */
  pendingInOrder(): PendingEntry[] {
    return [...this.pel.values()].sort((a, b) => compareIds(a.id, b.id));
  }

  ack(key: string): boolean {
    const p = this.pel.get(key);
    if (!p) return false;
    this.pel.delete(key);
    p.consumer.pending.delete(key);
    return true;
  }
}

export class StreamValue {
  entries: StreamEntry[] = [];
  lastId: StreamId = MIN_ID;
  /** Every entry ever added, trimmed or not: the basis of group lag. */
  entriesAdded = 0;
  readonly groups = new Map<string, ConsumerGroup>();

  get length(): number {
    return this.entries.length;
  }

  /** Appends an entry; `requested` is the id argument of XADD (`*`, `ms-*`, `ms-seq`, `ms`). */
  add(requested: string, fields: string[], now: number): StreamId {
    let id: StreamId;
    if (requested === '*') {
      const ms = BigInt(now);
      id = ms > this.lastId.ms ? { ms, seq: 0n } : this.incrementLast();
    } else if (requested.endsWith('-*')) {
      const ms = parseId(requested.slice(0, -2)).ms;
      if (ms < this.lastId.ms) throw tooSmall();
      id = ms === this.lastId.ms ? this.incrementLast() : { ms, seq: 0n };
      if (ms === this.lastId.ms && id.ms !== ms) throw tooSmall();
    } else {
      id = parseId(requested);
      if (id.ms === 0n && id.seq === 0n) throw new ReplyError('ERR The ID specified in XADD must be greater than 0-0');
      if (compareIds(id, this.lastId) <= 0) throw tooSmall();
    }
    this.entries.push({ id, key: formatId(id), fields });
    this.lastId = id;
    this.entriesAdded++;
    return id;
  }

  private incrementLast(): StreamId {
    const next = nextId(this.lastId);
    if (!next) throw new ReplyError('ERR The stream has exhausted the last possible ID, unable to add more items');
    return next;
  }

  get firstId(): StreamId {
    return this.entries.length ? this.entries[0].id : MIN_ID;
  }

  /** Index of the first entry with id >= `id`. */
  lowerIndex(id: StreamId): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareIds(this.entries[mid].id, id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  find(id: StreamId): StreamEntry | undefined {
    const i = this.lowerIndex(id);
    const e = this.entries[i];
    return e && compareIds(e.id, id) === 0 ? e : undefined;
  }

  range(start: StreamId, end: StreamId, count: number | null): StreamEntry[] {
    const out: StreamEntry[] = [];
    for (let i = this.lowerIndex(start); i < this.entries.length; i++) {
      const e = this.entries[i];
      if (compareIds(e.id, end) > 0 || (count !== null && out.length >= count)) break;
      out.push(e);
    }
    return out;
  }

  reverseRange(end: StreamId, start: StreamId, count: number | null): StreamEntry[] {
    const out: StreamEntry[] = [];
    let i = this.lowerIndex(end);
    if (i >= this.entries.length || compareIds(this.entries[i].id, end) > 0) i--;
    for (; i >= 0; i--) {
      const e = this.entries[i];
      if (compareIds(e.id, start) < 0 || (count !== null && out.length >= count)) break;
      out.push(e);
    }
    return out;
  }

  /** Drops entries older than `minId` or beyond the newest `maxLen`; returns how many. */
  trim(strategy: { minId: StreamId } | { maxLen: number }, limit: number | null): number {
    let n = 'minId' in strategy ? this.lowerIndex(strategy.minId) : Math.max(0, this.entries.length - strategy.maxLen);
    if (limit !== null && limit > 0) n = Math.min(n, limit);
    if (n > 0) this.entries.splice(0, n);
    return n;
  }

  /** Redis' streamEstimateDistanceFromFirstEverEntry (no tombstones): entries up to `id`, or null. */
  readCounterAt(id: StreamId): number | null {
    if (!this.entriesAdded) return 0;
    if (!this.entries.length && compareIds(id, this.lastId) <= 0) return this.entriesAdded;
    const cmpLast = compareIds(id, this.lastId);
    if (cmpLast === 0) return this.entriesAdded;
    if (cmpLast > 0) return null;
    const cmpFirst = compareIds(id, this.firstId);
    if (cmpFirst < 0) return this.entriesAdded - this.entries.length;
    if (cmpFirst === 0) return this.entriesAdded - this.entries.length + 1;
    return null;
  }

  lag(group: ConsumerGroup): number | null {
    if (!this.entriesAdded) return 0;
    if (group.entriesRead !== null) return this.entriesAdded - group.entriesRead;
    const read = this.readCounterAt(group.lastId);
    return read === null ? null : this.entriesAdded - read;
  }

  createGroup(name: string, lastId: StreamId, entriesRead: number | null): void {
    if (this.groups.has(name)) throw new ReplyError('BUSYGROUP Consumer Group name already exists');
    this.groups.set(name, new ConsumerGroup(name, lastId, entriesRead));
  }

  /**
   * XREADGROUP with `>`: delivers entries after the group's last id to `consumer`, adding them to
   * the PEL unless `noAck`.
   */
  deliverNew(group: ConsumerGroup, consumer: Consumer, count: number | null, noAck: boolean, now: number): StreamEntry[] {
    const start = nextId(group.lastId);
    if (!start) return [];
    const entries = this.range(start, MAX_ID, count);
    for (const e of entries) {
      if (group.entriesRead !== null) group.entriesRead++;
      else if (this.entriesAdded) group.entriesRead = this.readCounterAt(e.id);
      group.lastId = e.id;
      if (noAck) continue;
      const existing = group.pel.get(e.key);
      if (existing) existing.consumer.pending.delete(e.key);
      group.pel.set(e.key, { id: e.id, key: e.key, consumer, deliveryTime: now, deliveryCount: 1 });
      consumer.pending.add(e.key);
    }
    return entries;
  }

  hasNew(group: ConsumerGroup): boolean {
    const start = nextId(group.lastId);
    return start !== null && this.lowerIndex(start) < this.entries.length;
  }

  /** XREADGROUP with an id: the consumer's own pending entries after `after` (history). */
  deliverHistory(group: ConsumerGroup, consumer: Consumer, after: StreamId, count: number | null, now: number): [string, string[] | null][] {
    const mine = [...consumer.pending]
      .map((k) => group.pel.get(k)!)
      .filter((p) => compareIds(p.id, after) > 0)
      .sort((a, b) => compareIds(a.id, b.id));
    const out: [string, string[] | null][] = [];
    for (const p of mine) {
      if (count !== null && count > 0 && out.length >= count) break;
      const entry = this.find(p.id);
      // An entry trimmed away while pending is reported, but does not count as delivered again.
      if (entry) {
        p.deliveryTime = now;
        p.deliveryCount++;
      }
      out.push([p.key, entry?.fields ?? null]);
    }
    return out;
  }
}

function tooSmall(): ReplyError {
  return new ReplyError('ERR The ID specified in XADD is equal or smaller than the target stream top item');
}
