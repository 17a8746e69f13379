// Views inside /teknisi and their addresses. `?lang=en` rides along on every link.
export type TeknisiView = { view: 'home' } | { view: 'monitor'; code: string };

export const TEKNISI_BASE = '/teknisi';

export function teknisiViewOf(pathname: string): TeknisiView {
  const m = /^\/teknisi\/monitor\/([^/]+)\/?$/.exec(pathname);
  if (m) {
    try {
      const code = decodeURIComponent(m[1]);
      if (code) return { view: 'monitor', code };
    } catch {
      // A malformed escape: fall back to the home view.
    }
  }
  return { view: 'home' };
}

/** Only the language is carried from the current query (never a token or anything else). */
export function keptQuery(search: string): string {
  const lang = new URLSearchParams(search).get('lang');
  return lang === 'en' ? '?lang=en' : '';
}

export function teknisiHref(view: TeknisiView, search: string): string {
  const path = view.view === 'monitor' ? `${TEKNISI_BASE}/monitor/${encodeURIComponent(view.code)}` : TEKNISI_BASE;
  return `${path}${keptQuery(search)}`;
}

/** Where to log in again (in this page's language), coming back here afterwards. */
export function loginHref(pathname: string, search: string): string {
  return `/login?${new URLSearchParams({ next: `${pathname}${search}` })}${keptQuery(search).replace('?', '&')}`;
}
