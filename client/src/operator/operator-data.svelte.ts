// The queue as this screen knows it: the last answer of GET /api/v1/operator/queue for the shown
// filters, and the "taken by" marks as the live `operator` events move them. A `changed` event
// re-reads the queue (coalesced: a burst of changes is one read); new filters cancel the read of
// the old ones, so a slow answer never overwrites what the operator asked for last.
import type { OperatorQueueEvent, OperatorQueueResponse, TakenBy } from '../../../shared/operator-api.ts';
import type { ApiFailure } from '../screens/api-client.ts';
import type { OperatorApi } from './operator-api.ts';
import type { QueueFilters } from './operator-url.ts';

/** A burst of live changes (an operator working fast, a channel's batch) is one queue read. */
export const REFRESH_COALESCE_MS = 300;

export class QueueData {
  queue = $state.raw<OperatorQueueResponse | null>(null);
  loading = $state(false);
  failure = $state.raw<ApiFailure | null>(null);
  /** Live marks by complaint id; they win over the queue answer's (newer). */
  taken = $state.raw<ReadonlyMap<string, TakenBy | null>>(new Map());
  /** Queue reads caused by live events (for the page and the tests). */
  liveReloads = $state(0);

  #api: OperatorApi;
  #filters: QueueFilters | null = null;
  #abort: AbortController | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(api: OperatorApi) {
    this.#api = api;
  }

  async load(filters: QueueFilters): Promise<void> {
    this.#filters = filters;
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.loading = true;
    try {
      const result = await this.#api.queue(filters, abort.signal);
      if (abort.signal.aborted) return;
      if (!result.ok) {
        this.failure = result;
        return;
      }
      this.failure = null;
      this.queue = result.data;
      // The answer carries every mark as of now: live ones older than it are folded in.
      this.taken = new Map();
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    } finally {
      if (this.#abort === abort) this.loading = false;
    }
  }

  reload(): Promise<void> {
    return this.#filters ? this.load(this.#filters) : Promise.resolve();
  }

  /** The mark to show for a complaint: the live one when an event came after the queue answer. */
  takenBy(id: string): TakenBy | null {
    if (this.taken.has(id)) return this.taken.get(id) ?? null;
    return this.queue?.items.find((i) => i.id === id)?.takenBy ?? null;
  }

  onEvent(event: OperatorQueueEvent): void {
    if (event.kind === 'taken' || event.kind === 'released') {
      const next = new Map(this.taken);
      next.set(event.complaintId, event.kind === 'taken' ? event.takenBy : null);
      this.taken = next;
      return;
    }
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.liveReloads++;
      void this.reload();
    }, REFRESH_COALESCE_MS);
  }

  /** Marks one of mine right away (the server's event follows). */
  markMine(id: string, takenBy: TakenBy | null): void {
    const next = new Map(this.taken);
    next.set(id, takenBy);
    this.taken = next;
  }

  dispose(): void {
    this.#abort?.abort();
    if (this.#timer) clearTimeout(this.#timer);
  }
}
