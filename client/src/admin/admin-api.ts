// Every HTTP call of /admin, and nothing else: the answers are typed in shared/admin-api.ts.
import type {
  ApiKeyResponse,
  ChannelResponse,
  ChannelsResponse,
  MonitorsResponse,
  NewMonitorResponse,
  AuditResponse,
  DisplayTokensResponse,
  NewApiKeyResponse,
  NewDisplayTokenResponse,
  SourcesResponse,
  UserResponse,
  UsersResponse,
} from '../../../shared/admin-api.ts';
import type {
  DatasetChanges,
  DatasetInput,
  DatasetPreviewInput,
  DatasetPreviewResponse,
  DatasetResponse,
  DatasetsResponse,
  OpdChanges,
  OpdInput,
  OpdListResponse,
  OpdResponse,
  RoutingReorderInput,
  RoutingRuleInput,
  RoutingRuleResponse,
  RoutingRulesResponse,
  RoutingTryInput,
  RoutingTryResponse,
} from '../../../shared/admin-config-api.ts';
import type { SourceWebhookResponse, WebhookDeliveriesResponse } from '../../../shared/operator-api.ts';
import type { ChannelTestResponse, DeadLetterDiscardResponse, DeadLetterReplayResponse, DeadLetterResponse, DeadLettersResponse, MonitorCheckResponse } from '../../../shared/admin-ops-api.ts';
import type { ReferenceData } from '../../../shared/protocol.ts';
import type { Lang } from '../i18n/messages.ts';
import { REFERENCE_URL } from '../live/reference.ts';
import { createApiClient, type ApiResult } from '../screens/api-client.ts';

const A = '/api/v1/admin';
const seg = encodeURIComponent;

export interface AuditFilters {
  actor: string | null;
  action: string | null;
  from: string | null;
  to: string | null;
  page: number;
}

export function auditUrl(f: AuditFilters, pageSize = 25): string {
  const q = new URLSearchParams();
  if (f.actor) q.set('actor', f.actor);
  if (f.action) q.set('action', f.action);
  if (f.from) q.set('from', f.from);
  if (f.to) q.set('to', f.to);
  q.set('page', String(f.page));
  q.set('pageSize', String(pageSize));
  return `${A}/audit?${q}`;
}

export function createAdminApi(lang: Lang) {
  const c = createApiClient({ lang });
  return {
    reference: (): Promise<ApiResult<ReferenceData>> => c.get(REFERENCE_URL),
    users: (): Promise<ApiResult<UsersResponse>> => c.get(`${A}/users`),
    createUser: (body: { username: string; displayName?: string; password: string; roles: string[]; opd: string | null }): Promise<ApiResult<UserResponse>> =>
      c.send('POST', `${A}/users`, body),
    changeUser: (id: string, body: Record<string, unknown>): Promise<ApiResult<UserResponse>> => c.send('PATCH', `${A}/users/${seg(id)}`, body),
    audit: (f: AuditFilters): Promise<ApiResult<AuditResponse>> => c.get(auditUrl(f)),
    displayTokens: (): Promise<ApiResult<DisplayTokensResponse>> => c.get(`${A}/display-tokens`),
    createDisplayToken: (body: { label: string; screenName: string | null }): Promise<ApiResult<NewDisplayTokenResponse>> => c.send('POST', `${A}/display-tokens`, body),
    revokeDisplayToken: (id: string) => c.send('POST', `${A}/display-tokens/${seg(id)}/revoke`, {}),
    revokeDevice: (id: string) => c.send('POST', `${A}/display-devices/${seg(id)}/revoke`, {}),
    sources: (): Promise<ApiResult<SourcesResponse>> => c.get(`${A}/sources`),
    createSource: (body: { code: string; name: string }) => c.send('POST', `${A}/sources`, body),
    createKey: (source: string, body: { label: string | null; rateLimitPerMinute: number | null }): Promise<ApiResult<NewApiKeyResponse>> =>
      c.send('POST', `${A}/sources/${seg(source)}/keys`, body),
    rotateKey: (id: string, graceSeconds: number): Promise<ApiResult<NewApiKeyResponse>> => c.send('POST', `${A}/api-keys/${seg(id)}/rotate`, { graceSeconds }),
    revokeKey: (id: string): Promise<ApiResult<ApiKeyResponse>> => c.send('POST', `${A}/api-keys/${seg(id)}/revoke`, {}),
    changeKey: (id: string, body: { rateLimitPerMinute: number | null }): Promise<ApiResult<ApiKeyResponse>> => c.send('PATCH', `${A}/api-keys/${seg(id)}`, body),
    webhook: (source: string): Promise<ApiResult<SourceWebhookResponse>> => c.get(`${A}/sources/${seg(source)}/webhook`),
    saveWebhook: (source: string, body: { url: string }): Promise<ApiResult<SourceWebhookResponse>> => c.send('PUT', `${A}/sources/${seg(source)}/webhook`, body),
    deleteWebhook: (source: string) => c.send('DELETE', `${A}/sources/${seg(source)}/webhook`),
    deliveries: (source: string): Promise<ApiResult<WebhookDeliveriesResponse>> => c.get(`${A}/sources/${seg(source)}/webhook/deliveries`),
    monitors: (): Promise<ApiResult<MonitorsResponse>> => c.get(`${A}/monitors`),
    createMonitor: (body: Record<string, unknown>): Promise<ApiResult<NewMonitorResponse>> => c.send('POST', `${A}/monitors`, body),
    changeMonitor: (code: string, body: Record<string, unknown>): Promise<ApiResult<NewMonitorResponse>> => c.send('PATCH', `${A}/monitors/${seg(code)}`, body),
    channels: (): Promise<ApiResult<ChannelsResponse>> => c.get(`${A}/notification-channels`),
    createChannel: (body: Record<string, unknown>): Promise<ApiResult<ChannelResponse>> => c.send('POST', `${A}/notification-channels`, body),
    changeChannel: (id: string, body: Record<string, unknown>): Promise<ApiResult<ChannelResponse>> => c.send('PATCH', `${A}/notification-channels/${seg(id)}`, body),
    checkMonitor: (code: string): Promise<ApiResult<MonitorCheckResponse>> => c.send('POST', `${A}/monitors/${seg(code)}/check`, {}),
    testChannel: (id: string): Promise<ApiResult<ChannelTestResponse>> => c.send('POST', `${A}/notification-channels/${seg(id)}/test`, {}),
    deadLetters: (): Promise<ApiResult<DeadLettersResponse>> => c.get(`${A}/dead-letters`),
    deadLetter: (id: string): Promise<ApiResult<DeadLetterResponse>> => c.get(`${A}/dead-letters/${seg(id)}`),
    replayDeadLetter: (id: string): Promise<ApiResult<DeadLetterReplayResponse>> => c.send('POST', `${A}/dead-letters/${seg(id)}/replay`, {}),
    discardDeadLetter: (id: string, reason: string): Promise<ApiResult<DeadLetterDiscardResponse>> => c.send('POST', `${A}/dead-letters/${seg(id)}/discard`, { reason }),
    opd: (): Promise<ApiResult<OpdListResponse>> => c.get(`${A}/opd`),
    createOpd: (body: OpdInput): Promise<ApiResult<OpdResponse>> => c.send('POST', `${A}/opd`, body),
    changeOpd: (code: string, body: OpdChanges): Promise<ApiResult<OpdResponse>> => c.send('PATCH', `${A}/opd/${seg(code)}`, body),
    routingRules: (): Promise<ApiResult<RoutingRulesResponse>> => c.get(`${A}/routing-rules`),
    createRule: (body: RoutingRuleInput): Promise<ApiResult<RoutingRuleResponse>> => c.send('POST', `${A}/routing-rules`, body),
    saveRule: (id: string, body: RoutingRuleInput): Promise<ApiResult<RoutingRuleResponse>> => c.send('PUT', `${A}/routing-rules/${seg(id)}`, body),
    deleteRule: (id: string) => c.send('DELETE', `${A}/routing-rules/${seg(id)}`),
    reorderRules: (body: RoutingReorderInput): Promise<ApiResult<RoutingRulesResponse>> => c.send('POST', `${A}/routing-rules/reorder`, body),
    tryRouting: (body: RoutingTryInput): Promise<ApiResult<RoutingTryResponse>> => c.send('POST', `${A}/routing-rules/try`, body),
    datasets: (): Promise<ApiResult<DatasetsResponse>> => c.get(`${A}/datasets`),
    createDataset: (body: DatasetInput): Promise<ApiResult<DatasetResponse>> => c.send('POST', `${A}/datasets`, body),
    changeDataset: (id: string, body: DatasetChanges): Promise<ApiResult<DatasetResponse>> => c.send('PATCH', `${A}/datasets/${seg(id)}`, body),
    previewSchedule: (body: DatasetPreviewInput, signal?: AbortSignal): Promise<ApiResult<DatasetPreviewResponse>> => c.send('POST', `${A}/datasets/preview`, body, signal),
  };
}

export type AdminApi = ReturnType<typeof createAdminApi>;
