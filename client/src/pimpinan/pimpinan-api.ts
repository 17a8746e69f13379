// Every HTTP call of /pimpinan: the contract is shared/pimpinan-api.ts, the reading and the error
// words are screens/api-client.ts.
import type { KecamatanReportResponse, OpdReportResponse, OverviewResponse, RankingResponse, TrendsResponse } from '../../../shared/pimpinan-api.ts';
import type { PeriodChoice } from '../../../shared/report-period.ts';
import { createApiClient, type ApiClient, type ApiResult } from '../screens/api-client.ts';
import { reportQuery } from './pimpinan-model.ts';

export interface PimpinanApi {
  overview(period: PeriodChoice, signal?: AbortSignal): Promise<ApiResult<OverviewResponse>>;
  ranking(period: PeriodChoice, signal?: AbortSignal): Promise<ApiResult<RankingResponse>>;
  opd(code: string, period: PeriodChoice, signal?: AbortSignal): Promise<ApiResult<OpdReportResponse>>;
  kecamatan(code: string, period: PeriodChoice, signal?: AbortSignal): Promise<ApiResult<KecamatanReportResponse>>;
  trends(period: PeriodChoice, signal?: AbortSignal): Promise<ApiResult<TrendsResponse>>;
}

const BASE = '/api/v1/reports';
const seg = encodeURIComponent;

export function createPimpinanApi(client: ApiClient = createApiClient()): PimpinanApi {
  return {
    overview: (p, signal) => client.get(`${BASE}/overview?${reportQuery(p)}`, signal),
    ranking: (p, signal) => client.get(`${BASE}/ranking?${reportQuery(p)}`, signal),
    opd: (code, p, signal) => client.get(`${BASE}/opd/${seg(code)}?${reportQuery(p)}`, signal),
    kecamatan: (code, p, signal) => client.get(`${BASE}/kecamatan/${seg(code)}?${reportQuery(p)}`, signal),
    trends: (p, signal) => client.get(`${BASE}/trends?${reportQuery(p)}`, signal),
  };
}
