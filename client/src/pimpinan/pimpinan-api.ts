// Every HTTP call of /pimpinan: the contract is shared/pimpinan-api.ts, the reading and the error
// words are screens/api-client.ts.
import type { KecamatanReportResponse, OpdComplaintsPage, OpdReportResponse, OverviewResponse, RankingResponse, TrendsResponse } from '../../../shared/pimpinan-api.ts';
import type { PeriodChoice } from '../../../shared/report-period.ts';
import { createApiClient, type ApiClient, type ApiResult } from '../screens/api-client.ts';
import { reportQuery } from './pimpinan-model.ts';

export interface PimpinanApi {
  overview(period: PeriodChoice, signal?: AbortSignal): Promise<ApiResult<OverviewResponse>>;
  ranking(period: PeriodChoice, signal?: AbortSignal): Promise<ApiResult<RankingResponse>>;
  opd(code: string, period: PeriodChoice, signal?: AbortSignal): Promise<ApiResult<OpdReportResponse>>;
  kecamatan(code: string, period: PeriodChoice, signal?: AbortSignal): Promise<ApiResult<KecamatanReportResponse>>;
  trends(period: PeriodChoice, signal?: AbortSignal): Promise<ApiResult<TrendsResponse>>;
  /** [offset, offset + limit) of the OPD's complaint list. */
  opdComplaints(code: string, period: PeriodChoice, offset: number, limit: number, signal?: AbortSignal): Promise<ApiResult<OpdComplaintsPage>>;
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
    opdComplaints: (code, p, offset, limit, signal) => client.get(`${BASE}/opd/${seg(code)}/complaints?${reportQuery(p)}&offset=${offset}&limit=${limit}`, signal),
  };
}
