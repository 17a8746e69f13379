// Every HTTP call of /operator, and nothing else: the contract is shared/operator-api.ts.
import type {
  DispatchRequest,
  DuplicateCandidatesResponse,
  HandBackRequest,
  MergeRequest,
  OperatorActionResponse,
  OperatorQueueResponse,
  OperatorReferenceResponse,
  ProgressRequest,
  RejectRequest,
  ResolveRequest,
  TakeResponse,
} from '../../../shared/operator-api.ts';
import { createApiClient, type ApiClient, type ApiResult } from '../screens/api-client.ts';
import { queueUrl, type QueueFilters } from './operator-url.ts';

const complaint = (id: string, what: string) => `/api/v1/operator/complaints/${encodeURIComponent(id)}/${what}`;

export interface OperatorApi {
  queue(filters: QueueFilters, signal?: AbortSignal): Promise<ApiResult<OperatorQueueResponse>>;
  reference(): Promise<ApiResult<OperatorReferenceResponse>>;
  take(id: string): Promise<ApiResult<TakeResponse>>;
  release(id: string): Promise<ApiResult<null>>;
  duplicates(id: string, km: number, days: number): Promise<ApiResult<DuplicateCandidatesResponse>>;
  dispatch(id: string, body: DispatchRequest): Promise<ApiResult<OperatorActionResponse>>;
  reject(id: string, body: RejectRequest): Promise<ApiResult<OperatorActionResponse>>;
  merge(id: string, body: MergeRequest): Promise<ApiResult<OperatorActionResponse>>;
  progress(id: string, body: ProgressRequest): Promise<ApiResult<OperatorActionResponse>>;
  resolve(id: string, body: ResolveRequest): Promise<ApiResult<OperatorActionResponse>>;
  handBack(id: string, body: HandBackRequest): Promise<ApiResult<OperatorActionResponse>>;
}

export function createOperatorApi(client: ApiClient = createApiClient()): OperatorApi {
  return {
    queue: (filters, signal) => client.get(queueUrl(filters), signal),
    reference: () => client.get('/api/v1/operator/reference'),
    take: (id) => client.send('POST', complaint(id, 'take'), {}),
    release: (id) => client.send('DELETE', complaint(id, 'take')),
    duplicates: (id, km, days) => client.get(`${complaint(id, 'duplicates')}?${new URLSearchParams({ km: String(km), days: String(days) })}`),
    dispatch: (id, body) => client.send('POST', complaint(id, 'dispatch'), body),
    reject: (id, body) => client.send('POST', complaint(id, 'reject'), body),
    merge: (id, body) => client.send('POST', complaint(id, 'merge'), body),
    progress: (id, body) => client.send('POST', complaint(id, 'progress'), body),
    resolve: (id, body) => client.send('POST', complaint(id, 'resolve'), body),
    handBack: (id, body) => client.send('POST', complaint(id, 'hand-back'), body),
  };
}
