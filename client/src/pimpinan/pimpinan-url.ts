// Everything a /pimpinan view is made of lives in its address, so a link pasted into a chat
// group opens the same view and back/forward walk through what was looked at: the view (the
// city, one OPD, one kecamatan, the printable report), the period, the ranking's sort and the
// language. Pure: parse an address into a state, write a state back into the same address.
import { parsePeriodChoice, periodParams, type PeriodChoice, type PeriodFieldError } from '../../../shared/report-period.ts';

export const PIMPINAN_BASE = '/pimpinan';

export type PimpinanView = { view: 'city' } | { view: 'opd'; code: string } | { view: 'kecamatan'; code: string } | { view: 'report' };

export const RANKING_COLUMNS = ['opd', 'complaintsOnTime', 'uploadsOnTime', 'availability', 'misroutesReceived', 'misroutesCaused', 'overdueNow'] as const;
export type RankingColumn = (typeof RANKING_COLUMNS)[number];
export interface RankingSort {
  column: RankingColumn;
  direction: 'asc' | 'desc';
}
/** Worst on-time first: the meeting starts with who needs help. */
export const DEFAULT_SORT: RankingSort = { column: 'complaintsOnTime', direction: 'asc' };

export interface PimpinanState {
  view: PimpinanView;
  period: PeriodChoice;
  sort: RankingSort;
  lang: 'id' | 'en';
}

export interface PimpinanLocation {
  state: PimpinanState;
  /** What in the address could not be read (the defaults were used instead). */
  errors: (PeriodFieldError | { field: 'sort'; message: { id: string; en: string } })[];
}

function decoded(segment: string): string | null {
  try {
    return decodeURIComponent(segment) || null;
  } catch {
    return null;
  }
}

export function viewOf(pathname: string): PimpinanView {
  const path = pathname.replace(/\/+$/, '');
  const m = /^\/pimpinan\/(opd|kecamatan)\/([^/]+)$/.exec(path);
  if (m) {
    const code = decoded(m[2]);
    // "." and ".." are path steps to a browser, never a code.
    if (code && !/^\.+$/.test(code)) return { view: m[1] as 'opd' | 'kecamatan', code };
  }
  if (path === `${PIMPINAN_BASE}/laporan`) return { view: 'report' };
  return { view: 'city' };
}

function sortOf(raw: string | null): { sort: RankingSort; error: boolean } {
  if (!raw) return { sort: DEFAULT_SORT, error: false };
  const [column, direction] = raw.split(':');
  if ((RANKING_COLUMNS as readonly string[]).includes(column) && (direction === 'asc' || direction === 'desc')) {
    return { sort: { column: column as RankingColumn, direction }, error: false };
  }
  return { sort: DEFAULT_SORT, error: true };
}

export function readLocation(pathname: string, search: string, today: string): PimpinanLocation {
  const q = new URLSearchParams(search);
  const period = parsePeriodChoice({ period: q.get('period'), from: q.get('from'), to: q.get('to') }, today);
  const sort = sortOf(q.get('sort'));
  const errors: PimpinanLocation['errors'] = [...period.errors];
  if (sort.error) {
    const list = RANKING_COLUMNS.join(', ');
    errors.push({ field: 'sort', message: { id: `urutan harus kolom:asc atau kolom:desc, kolom salah satu dari: ${list}`, en: `sort must be column:asc or column:desc, column one of: ${list}` } });
  }
  return {
    state: { view: viewOf(pathname), period: period.choice, sort: sort.sort, lang: q.get('lang') === 'en' ? 'en' : 'id' },
    errors,
  };
}

export function pathOf(view: PimpinanView): string {
  switch (view.view) {
    case 'city':
      return PIMPINAN_BASE;
    case 'report':
      return `${PIMPINAN_BASE}/laporan`;
    default:
      return `${PIMPINAN_BASE}/${view.view}/${encodeURIComponent(view.code)}`;
  }
}

/** The address of a state; defaults are left out, so the plain /pimpinan stays plain. */
export function hrefOf(state: PimpinanState): string {
  const q = new URLSearchParams(periodParams(state.period));
  if (state.sort.column !== DEFAULT_SORT.column || state.sort.direction !== DEFAULT_SORT.direction) q.set('sort', `${state.sort.column}:${state.sort.direction}`);
  if (state.lang === 'en') q.set('lang', 'en');
  const query = q.toString();
  return `${pathOf(state.view)}${query ? `?${query}` : ''}`;
}
