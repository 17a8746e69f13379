// The admin API's answers (/api/v1/admin/*), used by the server routes and the /admin console.
// Request bodies are the zod schemas in server/admin/admin-rules.ts (the server is their judge).
import type { Role } from './auth-api.ts';

export interface UserView {
  id: string;
  username: string;
  displayName: string | null;
  roles: Role[];
  opd: string | null;
  active: boolean;
  createdAt: string;
  lastLoginAt: string | null;
  passwordChangedAt: string;
}

export interface DisplayDeviceView {
  id: string;
  pairedAt: string;
  lastSeenAt: string | null;
  ip: string | null;
  userAgent: string | null;
  revokedAt: string | null;
}

export interface DisplayTokenView {
  id: string;
  prefix: string;
  label: string;
  screenName: string | null;
  createdBy: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  devices: DisplayDeviceView[];
}

/** What an administrator sees of a key: never the key or its hash. */
export interface ApiKeyView {
  id: string;
  source: string;
  prefix: string;
  label: string | null;
  createdAt: string;
  createdBy: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  rateLimitPerMinute: number | null;
}

export interface SourceView {
  code: string;
  name: string;
  createdAt: string;
  keys: ApiKeyView[];
}

export interface AuditEntryView {
  id: number;
  at: string;
  actor: string;
  actorRoles: string[] | null;
  ip: string | null;
  userAgent: string | null;
  action: string;
  target: string | null;
  before: unknown;
  after: unknown;
}

export interface UsersResponse {
  users: UserView[];
}
export interface UserResponse {
  user: UserView;
}
export interface AuditResponse {
  page: number;
  pageSize: number;
  total: number;
  entries: AuditEntryView[];
}
export interface DisplayTokensResponse {
  displayTokens: DisplayTokenView[];
}
/** The token and its wall URL appear in this answer only. */
export interface NewDisplayTokenResponse {
  displayToken: DisplayTokenView;
  token: string;
  wallUrl: string;
  note: string;
}
export interface SourcesResponse {
  sources: SourceView[];
}
/** The key appears in this answer only. */
export interface NewApiKeyResponse {
  apiKey: ApiKeyView;
  key: string;
  previous?: ApiKeyView | null;
  note: string;
}
export interface ApiKeyResponse {
  apiKey: ApiKeyView;
}

/** GET /api/v1/admin/monitors: a monitor without its push token (`pushUrlSet` says one exists). */
export interface MonitorView {
  id: string;
  code: string;
  name: string;
  opdCode: string;
  kind: 'http' | 'tcp' | 'push';
  target: string | null;
  intervalSeconds: number;
  timeoutMs: number;
  active: boolean;
  state: string;
  lastCheckAt: string | null;
  pushUrlSet?: boolean;
}
export interface MonitorsResponse {
  monitors: MonitorView[];
}
/** POST /api/v1/admin/monitors: a push monitor's URL is its credential, in this answer only. */
export interface NewMonitorResponse {
  monitor: MonitorView;
  pushUrl?: string;
  note?: string;
}
/** A notification channel; a Telegram bot token is cut to its first characters. */
export interface ChannelView {
  id: string;
  name: string;
  kind: 'webhook' | 'telegram';
  config: Record<string, unknown>;
  opd: string | null;
  monitor: string | null;
  active: boolean;
  createdAt: string;
}
export interface ChannelsResponse {
  channels: ChannelView[];
}
export interface ChannelResponse {
  channel: ChannelView;
}
