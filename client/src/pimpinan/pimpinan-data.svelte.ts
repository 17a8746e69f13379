// The city view's data: the overview and the ranking of one period. A new period cancels the
// requests of the old one (a slow answer for "30 hari" must never overwrite "7 hari"). While the
// period includes today, live deltas refetch the overview, at most once per LIVE_REFRESH_MIN_GAP_MS;
// the old figures stay on screen while the new ones load, so nothing flickers.
import type { OverviewResponse, RankingResponse } from '../../../shared/pimpinan-api.ts';
import type { PeriodChoice } from '../../../shared/report-period.ts';
import type { ApiFailure } from '../screens/api-client.ts';
import type { PimpinanApi } from './pimpinan-api.ts';
import { liveRefreshDelay, reportQuery } from './pimpinan-model.ts';

export class CityData {
  overview = $state.raw<OverviewResponse | null>(null);
  ranking = $state.raw<RankingResponse | null>(null);
  /** The query the shown data belongs to. */
  loadedQuery = $state<string | null>(null);
  loading = $state(false);
  failure = $state.raw<ApiFailure | null>(null);
  /** Live refetches done (for the page and tests: the figures moved without a reload). */
  liveRefreshes = $state(0);

  #api: PimpinanApi;
  #abort: AbortController | null = null;
  #period: PeriodChoice | null = null;
  #liveStartedAt: number | null = null;
  #liveTimer: ReturnType<typeof setTimeout> | null = null;
  #liveAbort: AbortController | null = null;

  constructor(api: PimpinanApi) {
    this.#api = api;
  }

  async load(period: PeriodChoice): Promise<void> {
    const query = reportQuery(period);
    this.#period = period;
    this.#abort?.abort();
    this.#cancelLive();
    const abort = new AbortController();
    this.#abort = abort;
    this.loading = true;
    try {
      const [overview, ranking] = await Promise.all([this.#api.overview(period, abort.signal), this.#api.ranking(period, abort.signal)]);
      if (abort.signal.aborted) return;
      if (!overview.ok || !ranking.ok) {
        this.failure = !overview.ok ? overview : !ranking.ok ? ranking : null;
        return;
      }
      this.failure = null;
      this.overview = overview.data;
      this.ranking = ranking.data;
      this.loadedQuery = query;
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    } finally {
      if (this.#abort === abort) this.loading = false;
    }
  }

  /** A live delta arrived: refetch the overview soon, if the shown period is still running. */
  onLiveDelta(now = Date.now()): void {
    if (!this.overview?.includesToday || this.#liveTimer !== null || this.loading) return;
    this.#liveTimer = setTimeout(() => {
      this.#liveTimer = null;
      void this.#liveRefresh();
    }, liveRefreshDelay(this.#liveStartedAt, now));
  }

  async #liveRefresh(): Promise<void> {
    const period = this.#period;
    if (!period) return;
    this.#liveStartedAt = Date.now();
    const abort = new AbortController();
    this.#liveAbort = abort;
    try {
      const result = await this.#api.overview(period, abort.signal);
      // Only numbers of the period still on screen.
      if (abort.signal.aborted || this.#period !== period || !result.ok) return;
      this.overview = result.data;
      this.liveRefreshes++;
    } catch (error) {
      if (!abort.signal.aborted) console.warn('live overview refresh failed', error);
    }
  }

  #cancelLive(): void {
    if (this.#liveTimer) clearTimeout(this.#liveTimer);
    this.#liveTimer = null;
    this.#liveAbort?.abort();
  }

  dispose(): void {
    this.#abort?.abort();
    this.#cancelLive();
  }
}
