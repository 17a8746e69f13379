// Everything an /operator view is made of lives in its address, so a link sent to a colleague
// opens the same complaint with the same filters, and back/forward walk through what was opened:
// the complaint opened (`c`), the filters (one channel, category, kecamatan, state each) and the
// language. Pure: parse an address into a state, write a state back into the same address.
import type { QueueState } from '../../../shared/operator-api.ts';

export const OPERATOR_BASE = '/operator';

export const QUEUE_STATES: readonly QueueState[] = ['received', 'verified', 'reopened', 'handed_back', 'dispatched', 'in_progress'];

export interface QueueFilters {
  channel: string | null;
  category: string | null;
  kecamatan: string | null;
  state: QueueState | null;
}

export interface OperatorState {
  /** The complaint opened, by its Pantau id. */
  selected: string | null;
  filters: QueueFilters;
  lang: 'id' | 'en';
}

export const NO_FILTERS: QueueFilters = { channel: null, category: null, kecamatan: null, state: null };

/** Codes are short words of letters, digits, `-` and `_`; anything else in the address is ignored. */
const CODE = /^[A-Za-z0-9_.-]{1,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const code = (raw: string | null) => (raw && CODE.test(raw) ? raw : null);

export function readLocation(search: string): OperatorState {
  const q = new URLSearchParams(search);
  const state = q.get('state');
  const selected = q.get('c');
  return {
    selected: selected && UUID.test(selected) ? selected.toLowerCase() : null,
    filters: {
      channel: code(q.get('channel')),
      category: code(q.get('category')),
      kecamatan: code(q.get('kecamatan')),
      state: state && (QUEUE_STATES as readonly string[]).includes(state) ? (state as QueueState) : null,
    },
    lang: q.get('lang') === 'en' ? 'en' : 'id',
  };
}

export function hrefOf(state: OperatorState): string {
  const q = new URLSearchParams();
  if (state.selected) q.set('c', state.selected);
  for (const key of ['channel', 'category', 'kecamatan', 'state'] as const) {
    const value = state.filters[key];
    if (value) q.set(key, value);
  }
  if (state.lang === 'en') q.set('lang', 'en');
  const query = q.toString();
  return query ? `${OPERATOR_BASE}?${query}` : OPERATOR_BASE;
}

/** The queue's API address for these filters. */
export function queueUrl(filters: QueueFilters): string {
  const q = new URLSearchParams();
  for (const key of ['channel', 'category', 'kecamatan', 'state'] as const) {
    const value = filters[key];
    if (value) q.set(key, value);
  }
  const query = q.toString();
  return query ? `/api/v1/operator/queue?${query}` : '/api/v1/operator/queue';
}
