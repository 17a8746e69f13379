// A sorted set: members ordered by score, then by member bytes. A sorted array with binary
// search is plenty for the sizes Pantau keeps (the recent-complaints window).
export interface ScoredMember {
  member: string;
  score: number;
}

function compare(a: ScoredMember, b: ScoredMember): number {
  if (a.score !== b.score) return a.score < b.score ? -1 : 1;
  return a.member < b.member ? -1 : a.member > b.member ? 1 : 0;
}

export class SortedSet {
  private readonly scores = new Map<string, number>();
  private readonly items: ScoredMember[] = [];

  get size(): number {
    return this.items.length;
  }

  score(member: string): number | undefined {
    return this.scores.get(member);
  }

  /** Adds or moves a member; returns whether it was new. */
  set(member: string, score: number): boolean {
    const old = this.scores.get(member);
    if (old !== undefined) {
      if (old === score) return false;
      this.items.splice(this.indexOf({ member, score: old }), 1);
    }
    const item = { member, score };
    this.items.splice(this.insertionPoint(item), 0, item);
    this.scores.set(member, score);
    return old === undefined;
  }

  delete(member: string): boolean {
    const old = this.scores.get(member);
    if (old === undefined) return false;
    this.items.splice(this.indexOf({ member, score: old }), 1);
    this.scores.delete(member);
    return true;
  }

  rank(member: string): number | undefined {
    const score = this.scores.get(member);
    return score === undefined ? undefined : this.indexOf({ member, score });
  }

  /** Members by rank, inclusive, ranks already resolved to 0..size-1. */
  slice(start: number, stop: number): ScoredMember[] {
    return this.items.slice(start, stop + 1);
  }

  /** Rank of the first member with score above (or at, unless exclusive) `min`. */
  lowerRank(min: number, exclusive: boolean): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const s = this.items[mid].score;
      if (s < min || (exclusive && s === min)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Rank after the last member with score below (or at, unless exclusive) `max`. */
  upperRank(max: number, exclusive: boolean): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const s = this.items[mid].score;
      if (s < max || (!exclusive && s === max)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  removeRanks(start: number, stop: number): number {
    const removed = this.items.splice(start, stop - start + 1);
    for (const r of removed) this.scores.delete(r.member);
    return removed.length;
  }

  private insertionPoint(item: ScoredMember): number {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(this.items[mid], item) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private indexOf(item: ScoredMember): number {
    return this.insertionPoint(item);
  }
}
