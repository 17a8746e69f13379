// One report endpoint read for a view: refetched whenever its address changes, the older request
// aborted, so a quick change of period never shows the answer to the previous one.
import { createApiClient, type ApiClient, type ApiResult } from '../screens/api-client.ts';
import { periodParams, type PeriodChoice } from '../../../shared/report-period.ts';

let shared: ApiClient | null = null;
export function viewsClient(): ApiClient {
  return (shared ??= createApiClient());
}

/** `period=30d` or `from=...&to=...`: the period part of every report address. */
export function periodQuery(period: PeriodChoice): string {
  return new URLSearchParams(periodParams(period)).toString();
}

export class ReportResource<T> {
  result = $state<ApiResult<T> | null>(null);
  loading = $state(true);

  constructor(url: () => string | null, client: () => ApiClient = viewsClient) {
    $effect(() => {
      const address = url();
      if (!address) return;
      const controller = new AbortController();
      this.loading = true;
      client()
        .get<T>(address, controller.signal)
        .then((r) => {
          if (controller.signal.aborted) return;
          this.result = r;
          this.loading = false;
        })
        .catch(() => {});
      return () => controller.abort();
    });
  }
}
