// The HTTP side of /teknisi: the active and resolved incident lists and the monitor list, each
// fetched on demand (the live store says when something changed), on a slow timer as a safety
// net, and when the phone wakes up. Overlapping requests for the same list collapse into one
// more fetch after the current one, so a burst of live changes costs at most two requests.
import type { IncidentView, MonitorSummary } from '../../../shared/teknisi-api.ts';
import type { ApiResult, TeknisiApi } from './teknisi-api.ts';

type ListName = 'active' | 'resolved' | 'monitors';

export const RESOLVED_LIMIT = 20;

export class TeknisiData {
  active = $state.raw<IncidentView[] | null>(null);
  resolved = $state.raw<IncidentView[] | null>(null);
  monitors = $state.raw<MonitorSummary[] | null>(null);
  /** Lists whose last fetch failed (shown as "could not load, retrying"). */
  failed = $state.raw<ReadonlySet<ListName>>(new Set());
  /** Incidents this page knows are resolved (its own "Selesai", the resolved list). */
  gone = $state.raw<ReadonlySet<string>>(new Set());

  #api: TeknisiApi;
  #onUnauthorized: () => void;
  #running = new Map<ListName, Promise<void>>();
  #again = new Set<ListName>();
  #timers = new Map<ListName, ReturnType<typeof setTimeout>>();

  constructor(api: TeknisiApi, onUnauthorized: () => void) {
    this.#api = api;
    this.#onUnauthorized = onUnauthorized;
  }

  refresh(name: ListName): Promise<void> {
    const running = this.#running.get(name);
    if (running) {
      this.#again.add(name);
      return running;
    }
    const run = (async () => {
      try {
        do {
          this.#again.delete(name);
          await this.#fetch(name);
        } while (this.#again.has(name));
      } finally {
        this.#running.delete(name);
      }
    })();
    this.#running.set(name, run);
    return run;
  }

  refreshAll(): void {
    void this.refresh('active');
    void this.refresh('resolved');
    void this.refresh('monitors');
  }

  /** Fetch `name` once after `ms` of quiet (live changes often come in bursts). */
  schedule(name: ListName, ms: number): void {
    const timer = this.#timers.get(name);
    if (timer) clearTimeout(timer);
    this.#timers.set(
      name,
      setTimeout(() => {
        this.#timers.delete(name);
        void this.refresh(name);
      }, ms),
    );
  }

  markResolved(incidentId: string): void {
    this.gone = new Set([...this.gone, incidentId]);
    if (this.active) this.active = this.active.filter((i) => i.id !== incidentId);
  }

  dispose(): void {
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
  }

  async #fetch(name: ListName): Promise<void> {
    const result: ApiResult<IncidentView[] | MonitorSummary[]> =
      name === 'active' ? await this.#api.activeIncidents() : name === 'resolved' ? await this.#api.resolvedIncidents(RESOLVED_LIMIT) : await this.#api.monitors();
    if (!result.ok) {
      if (result.kind === 'unauthorized') this.#onUnauthorized();
      this.#setFailed(name, true);
      // Try again by itself: a phone on a weak signal should not need a reload.
      this.schedule(name, 15_000);
      return;
    }
    this.#setFailed(name, false);
    if (name === 'active') this.active = result.data as IncidentView[];
    else if (name === 'monitors') this.monitors = result.data as MonitorSummary[];
    else {
      const resolved = result.data as IncidentView[];
      this.resolved = resolved;
      const ids = resolved.map((i) => i.id).filter((id) => !this.gone.has(id));
      if (ids.length) this.gone = new Set([...this.gone, ...ids]);
    }
  }

  #setFailed(name: ListName, failed: boolean): void {
    if (this.failed.has(name) === failed) return;
    const next = new Set(this.failed);
    if (failed) next.add(name);
    else next.delete(name);
    this.failed = next;
  }
}
