// The display token of a wall screen. Opening /wall?token=... once pairs the screen: the server
// answers with an HTTP-only device cookie, so the token is not needed afterwards. This helper
// reads the token for this page load (to pass it to the socket as a fallback), then removes it
// from the address bar and the history, so it is not shown on screen, bookmarked or shared.

let remembered: string | null | undefined;

export interface LocationLike {
  pathname: string;
  search: string;
  hash: string;
}
export interface HistoryLike {
  state: unknown;
  replaceState(data: unknown, unused: string, url?: string | URL | null): void;
}

/** The query string without `token` (keeps `lang` and the rest), with its leading '?' or ''. */
export function searchWithoutToken(search: string): string {
  const params = new URLSearchParams(search);
  params.delete('token');
  const rest = params.toString();
  return rest ? `?${rest}` : '';
}

export function tokenIn(search: string): string | null {
  const token = new URLSearchParams(search).get('token');
  return token && token.length >= 8 && token.length <= 200 ? token : null;
}

/**
 * The token from `?token=` of this page load (also after it was stripped), or null. Strips it
 * from the address bar on the first call.
 */
export function getDisplayToken(
  loc: LocationLike = globalThis.location,
  hist: HistoryLike | null = globalThis.history ?? null,
): string | null {
  if (remembered !== undefined) return remembered;
  remembered = tokenIn(loc.search);
  if (remembered && hist) {
    hist.replaceState(hist.state, '', `${loc.pathname}${searchWithoutToken(loc.search)}${loc.hash}`);
  }
  return remembered;
}

/** Socket.IO `auth` option: the display token when this page was opened with one. */
export function socketAuth(token: string | null = getDisplayToken()): { token?: string } {
  return token ? { token } : {};
}

/** For tests only. */
export function forgetDisplayToken(): void {
  remembered = undefined;
}
