import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OverviewResponse, RankingResponse } from '../../../../shared/pimpinan-api.ts';
import type { PeriodChoice } from '../../../../shared/report-period.ts';
import type { ApiResult } from '../../../../client/src/screens/api-client.ts';
import type { PimpinanApi } from '../../../../client/src/pimpinan/pimpinan-api.ts';
import { CityData } from '../../../../client/src/pimpinan/pimpinan-data.svelte.ts';
import { LIVE_REFRESH_MIN_GAP_MS, reportQuery } from '../../../../client/src/pimpinan/pimpinan-model.ts';

// Only the fields CityData reads; the rest of a report does not matter here.
const overview = (tag: string, includesToday = true) => ({ tag, includesToday }) as unknown as OverviewResponse;
const ranking = (tag: string) => ({ tag }) as unknown as RankingResponse;

/** An API whose answers the test releases by hand, in any order. */
function manualApi() {
  const pending: { kind: string; query: string; resolve: (r: ApiResult<unknown>) => void; signal?: AbortSignal }[] = [];
  const call = (kind: string) => (p: PeriodChoice, signal?: AbortSignal) =>
    new Promise<ApiResult<never>>((resolve) => pending.push({ kind, query: reportQuery(p), resolve: resolve as (r: ApiResult<unknown>) => void, signal }));
  const api = { overview: call('overview'), ranking: call('ranking') } as unknown as PimpinanApi;
  const answer = (kind: string, query: string, data: unknown) => {
    const i = pending.findIndex((x) => x.kind === kind && x.query === query);
    const [p] = pending.splice(i, 1);
    p.resolve({ ok: true, data });
  };
  return { api, pending, answer };
}

const flush = () => vi.advanceTimersByTimeAsync(0);

describe('CityData', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
  afterEach(() => vi.useRealTimers());

  it('never lets a slow answer for an old period overwrite the new one', async () => {
    const { api, answer } = manualApi();
    const data = new CityData(api);
    const slow = data.load({ preset: '30d' });
    const fast = data.load({ preset: '7d' });
    answer('overview', 'period=7d', overview('7d'));
    answer('ranking', 'period=7d', ranking('7d'));
    await fast;
    answer('overview', 'period=30d', overview('30d'));
    answer('ranking', 'period=30d', ranking('30d'));
    await slow;
    expect((data.overview as unknown as { tag: string }).tag).toBe('7d');
    expect(data.loadedQuery).toBe('period=7d');
    expect(data.loading).toBe(false);
  });

  it('refetches the overview on live deltas at most once per gap, and only while the period runs', async () => {
    const { api, answer, pending } = manualApi();
    const data = new CityData(api);
    const loading = data.load({ preset: 'today' });
    answer('overview', 'period=today', overview('t0'));
    answer('ranking', 'period=today', ranking('r'));
    await loading;

    data.onLiveDelta();
    data.onLiveDelta();
    await vi.advanceTimersByTimeAsync(0);
    expect(pending.filter((p) => p.kind === 'overview')).toHaveLength(1);
    answer('overview', 'period=today', overview('t1'));
    await flush();
    expect((data.overview as unknown as { tag: string }).tag).toBe('t1');
    expect(data.liveRefreshes).toBe(1);

    // A burst right after: one trailing fetch at the end of the gap, not one per delta.
    for (let i = 0; i < 5; i++) data.onLiveDelta();
    await vi.advanceTimersByTimeAsync(LIVE_REFRESH_MIN_GAP_MS - 100);
    expect(pending).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(pending).toHaveLength(1);
    answer('overview', 'period=today', overview('t2', false));
    await flush();

    // The period no longer includes today: deltas change nothing.
    data.onLiveDelta();
    await vi.advanceTimersByTimeAsync(LIVE_REFRESH_MIN_GAP_MS * 2);
    expect(pending).toHaveLength(0);
    data.dispose();
  });
});
