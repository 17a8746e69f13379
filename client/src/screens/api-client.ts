// Reading and writing JSON through the API for every interactive screen (/pimpinan, /operator,
// /admin next). One shape of result: the data, or a failure that already carries the words to show
// (Indonesian and English), so no screen invents its own error text. A 401 means the session
// ended: by default the page goes to /login and comes back here afterwards, as /teknisi does.
//
// Authentication is the HTTP-only session cookie (`credentials: 'same-origin'`).
import type { Lang } from '../i18n/messages.ts';
import { screenText } from './screens-text.ts';

export type Bilingual = { id: string; en: string };

export type FailureKind = 'unauthorized' | 'forbidden' | 'not_found' | 'invalid' | 'conflict' | 'network' | 'server';

export interface ApiFailure {
  kind: FailureKind;
  status: number | null;
  /** What to tell the person, in both languages. */
  message: Bilingual;
  /** The answer's body, for a screen that acts on its details (a 409 saying who acted and when). */
  payload?: unknown;
}

export type ApiResult<T> = { ok: true; data: T } | ({ ok: false } & ApiFailure);

export type WriteMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiClient {
  get<T>(url: string, signal?: AbortSignal): Promise<ApiResult<T>>;
  /**
   * A write. CSRF: the server accepts a cookie-authenticated write only from this site's Origin,
   * which browsers add to every same-origin POST, PUT, PATCH and DELETE by themselves.
   */
  send<T>(method: WriteMethod, url: string, body?: unknown, signal?: AbortSignal): Promise<ApiResult<T>>;
}

export interface ApiClientOptions {
  fetchImpl?: FetchLike;
  /** Called on 401 (after the result is returned). Default: the login page, coming back here. */
  onUnauthorized?: () => void;
  /** Sent as Accept-Language, so the server names bad fields in the page's language, not the browser's. */
  lang?: Lang;
}

/** Where to log in again, in this page's language, coming back to this address afterwards. */
export function loginHref(pathname: string, search: string): string {
  const params = new URLSearchParams({ next: `${pathname}${search}` });
  if (new URLSearchParams(search).get('lang') === 'en') params.set('lang', 'en');
  return `/login?${params}`;
}

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const fetchImpl = options.fetchImpl ?? ((input, init) => fetch(input, init));
  const onUnauthorized = options.onUnauthorized ?? (() => location.assign(loginHref(location.pathname, location.search)));
  async function call<T>(method: 'GET' | WriteMethod, url: string, body: unknown, signal?: AbortSignal): Promise<ApiResult<T>> {
    let res: Response;
    try {
      res = await fetchImpl(url, {
        method,
        credentials: 'same-origin',
        cache: 'no-store',
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.lang ? { 'accept-language': options.lang } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (error) {
      // A superseded request is the caller's business, not a network failure to show.
      if (signal?.aborted) throw error;
      return { ok: false, ...failureOf(null, null) };
    }
    let payload: unknown = null;
    try {
      payload = res.status === 204 ? null : await res.json();
    } catch {
      payload = null;
    }
    if (res.ok) return { ok: true, data: payload as T };
    const failure = failureOf(res.status, payload);
    if (failure.kind === 'unauthorized') queueMicrotask(onUnauthorized);
    return { ok: false, ...failure };
  }
  return {
    get: <T>(url: string, signal?: AbortSignal) => call<T>('GET', url, undefined, signal),
    send: <T>(method: WriteMethod, url: string, body?: unknown, signal?: AbortSignal) => call<T>(method, url, body, signal),
  };
}

const both = (key: Parameters<ReturnType<typeof screenText>>[0], params?: Record<string, string>): Bilingual => ({
  id: screenText('id')(key, params),
  en: screenText('en')(key, params),
});

/** Pure: what a status and body mean to the person (null status: the server was not reached). */
export function failureOf(status: number | null, payload: unknown): ApiFailure {
  if (status === null) return { kind: 'network', status, message: both('errNetwork') };
  if (status === 401) return { kind: 'unauthorized', status, message: both('errUnauthorized') };
  if (status === 403) return { kind: 'forbidden', status, message: serverMessage(payload) ?? both('errForbidden') };
  if (status === 404) return { kind: 'not_found', status, message: serverMessage(payload) ?? both('errNotFound') };
  // Someone else acted first, or the action does not fit the current state: the server says which.
  if (status === 409) return { kind: 'conflict', status, message: serverMessage(payload) ?? both('errConflict'), payload };
  if (status === 400 || status === 422) {
    const detail = fieldErrors(payload) ?? serverMessage(payload) ?? { id: '-', en: '-' };
    return { kind: 'invalid', status, message: { id: screenText('id')('errInvalid', { detail: detail.id }), en: screenText('en')('errInvalid', { detail: detail.en }) }, payload };
  }
  // 503 says why in its own words ("another report is being computed, try again shortly").
  return { kind: 'server', status, message: (status === 503 ? serverMessage(payload) : null) ?? both('errServer') };
}

/** A server text as `{ id, en }` or as one string "Indonesian. (English.)". */
export function bilingualOf(value: unknown): Bilingual | null {
  if (typeof value === 'string' && value) {
    const m = /^(.*\S)\s*\(([^()]*)\)\s*$/.exec(value);
    return m ? { id: m[1], en: m[2] } : { id: value, en: value };
  }
  if (value && typeof value === 'object') {
    const v = value as { id?: unknown; en?: unknown };
    if (typeof v.id === 'string' && typeof v.en === 'string') return { id: v.id, en: v.en };
  }
  return null;
}

function serverMessage(payload: unknown): Bilingual | null {
  return bilingualOf((payload as { message?: unknown } | null)?.message);
}

/** Every bad field of a 400 (`errors: [{ field, message }]`), named at once. */
function fieldErrors(payload: unknown): Bilingual | null {
  const errors = (payload as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) return null;
  const parts = errors.map((e: { field?: unknown; message?: unknown }) => ({ field: typeof e?.field === 'string' ? e.field : '', message: bilingualOf(e?.message) }));
  const join = (lang: Lang) =>
    parts
      .map((p) => [p.field, p.message?.[lang]].filter(Boolean).join(': '))
      .filter(Boolean)
      .join('; ');
  return { id: join('id'), en: join('en') };
}

/** The failure's words in the page's language. */
export function failureText(failure: Pick<ApiFailure, 'message'>, lang: Lang): string {
  return failure.message[lang];
}
