// One database of keys: typed values, expiry (lazily on access plus a periodic sweep), and the
// bookkeeping blocked stream readers need (which keys changed).
import { errors } from './reply.ts';
import type { SortedSet } from './sorted-set.ts';
import type { StreamValue } from './stream-value.ts';

export interface ValueTypes {
  string: string;
  hash: Map<string, string>;
  set: Set<string>;
  zset: SortedSet;
  stream: StreamValue;
}
export type TypeName = keyof ValueTypes;

export interface KeyEntry<T extends TypeName = TypeName> {
  type: T;
  value: ValueTypes[T];
  /** Absolute epoch ms, or null for no expiry. */
  expiresAt: number | null;
  /** Creation order; SCAN cursors are these numbers, so keys present throughout a scan are seen once. */
  seq: number;
}

export class Keyspace {
  private readonly entries = new Map<string, KeyEntry>();
  private readonly expiring = new Set<string>();
  private nextSeq = 1;
  /** Stream keys written or removed since the server last looked: blocked readers may proceed. */
  readonly readyKeys = new Set<string>();

  constructor(private readonly clock: () => number) {}

  get size(): number {
    return this.entries.size;
  }

  lookup(key: string): KeyEntry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt !== null && entry.expiresAt <= this.clock()) {
      this.delete(key);
      return undefined;
    }
    return entry;
  }

  /** The value if the key exists; throws WRONGTYPE if it holds another type. */
  read<T extends TypeName>(key: string, type: T): ValueTypes[T] | undefined {
    const entry = this.lookup(key);
    if (!entry) return undefined;
    if (entry.type !== type) throw errors.wrongType();
    return entry.value as ValueTypes[T];
  }

  /** The value, created empty if the key does not exist. */
  write<T extends TypeName>(key: string, type: T, create: () => ValueTypes[T]): ValueTypes[T] {
    const existing = this.read(key, type);
    if (existing !== undefined) return existing;
    const value = create();
    this.put(key, type, value, null);
    return value;
  }

  /** Replaces whatever the key held. */
  put<T extends TypeName>(key: string, type: T, value: ValueTypes[T], expiresAt: number | null): void {
    const old = this.entries.get(key);
    if (old) this.delete(key);
    this.entries.set(key, { type, value, expiresAt, seq: this.nextSeq++ });
    if (expiresAt !== null) this.expiring.add(key);
  }

  delete(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.expiring.delete(key);
    if (entry.type === 'stream') this.readyKeys.add(key);
    return true;
  }

  /** Hashes, sets and sorted sets disappear when their last element goes, as in Redis. */
  dropIfEmpty(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    const v = entry.value;
    const empty = v instanceof Map || v instanceof Set ? v.size === 0 : entry.type === 'zset' ? (v as SortedSet).size === 0 : false;
    if (empty) this.delete(key);
  }

  setExpiry(key: string, expiresAt: number | null): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.expiresAt = expiresAt;
    if (expiresAt === null) this.expiring.delete(key);
    else this.expiring.add(key);
  }

  /** Removes expired keys; called periodically so unread keys do not pile up. */
  sweep(): number {
    const now = this.clock();
    let removed = 0;
    for (const key of this.expiring) {
      const entry = this.entries.get(key);
      if (entry && entry.expiresAt !== null && entry.expiresAt <= now) {
        this.delete(key);
        removed++;
      }
    }
    return removed;
  }

  flush(): void {
    for (const [key, entry] of this.entries) if (entry.type === 'stream') this.readyKeys.add(key);
    this.entries.clear();
    this.expiring.clear();
  }

  /** Live keys in creation order. */
  *keys(): IterableIterator<[string, KeyEntry]> {
    const now = this.clock();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt !== null && entry.expiresAt <= now) continue;
      yield [key, entry];
    }
  }

  /**
   * One SCAN step: looks at up to `count` keys created at or after `cursor` (a creation number)
   * and returns those `accept`ed plus the next cursor (0 when done).
   */
  scan(cursor: number, count: number, accept: (key: string, entry: KeyEntry) => boolean): { next: number; keys: string[] } {
    const out: string[] = [];
    let seen = 0;
    for (const [key, entry] of this.keys()) {
      if (entry.seq < cursor) continue;
      if (seen === count) return { next: entry.seq, keys: out };
      seen++;
      if (accept(key, entry)) out.push(key);
    }
    return { next: 0, keys: out };
  }
}
