// Every HTTP call of /teknisi, and nothing else: the contract is shared/teknisi-api.ts.
//
// Authentication is the HTTP-only session cookie (`credentials: 'same-origin'`). CSRF: the
// server (server/auth/http-auth.ts, sameOriginGuard) accepts a cookie-authenticated write only
// when its Origin (or Referer) is this site; browsers add Origin to every same-origin POST, PUT
// and DELETE by themselves, so no token is needed. Should the server ever want a header as well,
// WRITE_HEADERS below is the one place to add it.
import type {
  ActionRefusal,
  IncidentActionRequest,
  IncidentListResponse,
  IncidentView,
  MaintenanceWindowRequest,
  MaintenanceWindowView,
  MonitorDetailResponse,
  MonitorListResponse,
} from '../../../shared/teknisi-api.ts';

const READ_HEADERS = { accept: 'application/json' };
const WRITE_HEADERS = { accept: 'application/json', 'content-type': 'application/json' };

/** Why a call failed, in the terms the page acts on. */
export type ApiFailure =
  /** 409: the server refused the action (e.g. already acknowledged); bilingual message. */
  | { kind: 'refused'; refusal: ActionRefusal }
  /** 401: the session ended; the page sends the technician to /login. */
  | { kind: 'unauthorized' }
  | { kind: 'forbidden' }
  | { kind: 'not_found'; message: BilingualText | null }
  /** 400/422: bad input, with the server's words when it gave some. */
  | { kind: 'invalid'; message: BilingualText | null }
  | { kind: 'network' }
  | { kind: 'server'; status: number };

/** Server messages come as `{ id, en }` or as one string ("Indonesian. (English.)"). */
export type BilingualText = { id: string; en: string } | string;

export type ApiResult<T> = { ok: true; data: T } | ({ ok: false } & ApiFailure);

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface TeknisiApi {
  activeIncidents(): Promise<ApiResult<IncidentView[]>>;
  resolvedIncidents(limit?: number): Promise<ApiResult<IncidentView[]>>;
  acknowledge(incidentId: string, note: string): Promise<ApiResult<unknown>>;
  resolve(incidentId: string, note: string): Promise<ApiResult<unknown>>;
  monitors(): Promise<ApiResult<MonitorListResponse['monitors']>>;
  monitor(code: string, signal?: AbortSignal): Promise<ApiResult<MonitorDetailResponse>>;
  createMaintenance(monitorCode: string, request: MaintenanceWindowRequest): Promise<ApiResult<MaintenanceWindowView | unknown>>;
  updateMaintenance(id: string, request: MaintenanceWindowRequest): Promise<ApiResult<MaintenanceWindowView | unknown>>;
  deleteMaintenance(id: string): Promise<ApiResult<unknown>>;
}

const seg = encodeURIComponent;

export function createTeknisiApi(fetchImpl: FetchLike = (input, init) => fetch(input, init)): TeknisiApi {
  async function call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown, signal?: AbortSignal): Promise<ApiResult<T>> {
    let res: Response;
    try {
      res = await fetchImpl(url, {
        method,
        credentials: 'same-origin',
        cache: 'no-store',
        headers: method === 'GET' ? READ_HEADERS : WRITE_HEADERS,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      return { ok: false, kind: 'network' };
    }
    const payload = await readJson(res);
    if (res.ok) return { ok: true, data: payload as T };
    return { ok: false, ...failureOf(res.status, payload) };
  }

  const note = (text: string): IncidentActionRequest => (text.trim() ? { note: text.trim() } : {});

  return {
    activeIncidents: async () => mapData(await call<IncidentListResponse>('GET', '/api/v1/incidents?state=active'), (d) => d.incidents),
    resolvedIncidents: async (limit = 20) =>
      mapData(await call<IncidentListResponse>('GET', `/api/v1/incidents?state=resolved&limit=${limit}`), (d) => d.incidents),
    acknowledge: (id, text) => call('POST', `/api/v1/incidents/${seg(id)}/acknowledge`, note(text)),
    resolve: (id, text) => call('POST', `/api/v1/incidents/${seg(id)}/resolve`, note(text)),
    monitors: async () => mapData(await call<MonitorListResponse>('GET', '/api/v1/monitors'), (d) => d.monitors),
    monitor: (code, signal) => call<MonitorDetailResponse>('GET', `/api/v1/monitors/${seg(code)}`, undefined, signal),
    createMaintenance: (code, request) => call('POST', `/api/v1/monitors/${seg(code)}/maintenance`, request),
    updateMaintenance: (id, request) => call('PUT', `/api/v1/maintenance/${seg(id)}`, request),
    deleteMaintenance: (id) => call('DELETE', `/api/v1/maintenance/${seg(id)}`),
  };
}

function mapData<A, B>(result: ApiResult<A>, f: (a: A) => B): ApiResult<B> {
  return result.ok ? { ok: true, data: f(result.data) } : result;
}

async function readJson(res: Response): Promise<unknown> {
  if (res.status === 204) return null;
  try {
    return await res.json();
  } catch {
    return null;
  }
}

/** Pure: the failure a status and body stand for. */
export function failureOf(status: number, payload: unknown): ApiFailure {
  const message = messageOf(payload);
  if (status === 409 && message && typeof message === 'object') {
    return { kind: 'refused', refusal: { error: errorCodeOf(payload), message } };
  }
  if (status === 409 && typeof message === 'string') {
    return { kind: 'refused', refusal: { error: errorCodeOf(payload), message: { id: message, en: message } } };
  }
  if (status === 401) return { kind: 'unauthorized' };
  if (status === 403) return { kind: 'forbidden' };
  if (status === 404) return { kind: 'not_found', message };
  if (status === 400 || status === 422) return { kind: 'invalid', message: detailOf(payload) ?? message };
  return { kind: 'server', status };
}

function errorCodeOf(payload: unknown): string {
  const e = (payload as { error?: unknown } | null)?.error;
  return typeof e === 'string' ? e : 'refused';
}

function messageOf(payload: unknown): BilingualText | null {
  const m = (payload as { message?: unknown } | null)?.message;
  if (typeof m === 'string' && m) return m;
  if (m && typeof m === 'object' && typeof (m as { id?: unknown }).id === 'string' && typeof (m as { en?: unknown }).en === 'string') {
    return { id: (m as { id: string }).id, en: (m as { en: string }).en };
  }
  return null;
}

/** Field errors of a 400 (`errors: [{ field, message }]`), joined into one line. */
function detailOf(payload: unknown): string | null {
  const errors = (payload as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return null;
  return errors
    .map((e: { field?: unknown; message?: unknown }) => [e?.field, e?.message].filter((x) => typeof x === 'string' && x).join(': '))
    .filter(Boolean)
    .join('; ');
}

/** A server text in the page's language. "Indonesian. (English.)" strings are split. */
export function textIn(text: BilingualText, lang: 'id' | 'en'): string {
  if (typeof text === 'object') return lang === 'en' ? text.en : text.id;
  const m = /^(.*\S)\s*\(([^()]*)\)\s*$/.exec(text);
  if (!m) return text;
  return lang === 'en' ? m[2] : m[1];
}
