// Pure decisions of the /operator screen: what a key does, which complaint is next, how much time
// is left, what a refusal means to the operator, what a form still lacks. The page only wires
// these to the DOM, so they are tested without a browser (tests/unit/client/operator).
import type { ComplaintStatus } from '../../../shared/domain-constants.ts';
import type { OperatorConflict, QueueItem, RoutingSuggestion, TakenBy } from '../../../shared/operator-api.ts';
import type { I18n } from '../i18n/i18n.ts';
import { operatorText } from './operator-text.ts';

export type OperatorView = 'command_center' | 'opd';

/** What the operator can do to a complaint; forms open for those that need words. */
export type ActionKind = 'dispatch' | 'other' | 'reject' | 'duplicates' | 'progress' | 'resolve' | 'hand_back';

export type KeyCommand = { kind: 'next' } | { kind: 'prev' } | { kind: 'act'; action: ActionKind } | { kind: 'note' } | { kind: 'cancel' };

/** Keys of a desk: one letter per action, J/K and the arrows to move; each is listed on the page. */
export const KEYS: { key: string; label: 'key_next' | 'key_prev' | 'key_dispatch' | 'key_other' | 'key_reject' | 'key_duplicates' | 'key_progress' | 'key_resolve' | 'key_handback' | 'key_note' | 'key_cancel'; views: OperatorView[] }[] = [
  { key: 'J / ↓', label: 'key_next', views: ['command_center', 'opd'] },
  { key: 'K / ↑', label: 'key_prev', views: ['command_center', 'opd'] },
  { key: 'D', label: 'key_dispatch', views: ['command_center'] },
  { key: 'O', label: 'key_other', views: ['command_center'] },
  { key: 'T', label: 'key_reject', views: ['command_center'] },
  { key: 'G', label: 'key_duplicates', views: ['command_center'] },
  { key: 'P', label: 'key_progress', views: ['opd'] },
  { key: 'S', label: 'key_resolve', views: ['opd'] },
  { key: 'B', label: 'key_handback', views: ['opd'] },
  { key: 'N', label: 'key_note', views: ['command_center', 'opd'] },
  { key: 'Esc', label: 'key_cancel', views: ['command_center', 'opd'] },
];

/**
 * The command a key press means, or null. Keys typed into a field are the field's; Escape is
 * the page's everywhere (it closes the form). Modifier combinations belong to the browser.
 */
export function commandOfKey(
  e: { key: string; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean },
  view: OperatorView,
  inField: boolean,
): KeyCommand | null {
  if (e.key === 'Escape') return { kind: 'cancel' };
  if (inField || e.ctrlKey || e.metaKey || e.altKey) return null;
  const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (k === 'j' || k === 'ArrowDown') return { kind: 'next' };
  if (k === 'k' || k === 'ArrowUp') return { kind: 'prev' };
  if (k === 'n') return { kind: 'note' };
  const cc: Record<string, ActionKind> = { d: 'dispatch', o: 'other', t: 'reject', g: 'duplicates' };
  const opd: Record<string, ActionKind> = { p: 'progress', s: 'resolve', b: 'hand_back' };
  const action = (view === 'command_center' ? cc : opd)[k];
  return action ? { kind: 'act', action } : null;
}

/** The id `step` places from the selected one (wrapping at neither end); the first when none is. */
export function neighbour(items: readonly Pick<QueueItem, 'id'>[], selected: string | null, step: 1 | -1): string | null {
  if (items.length === 0) return null;
  const at = selected === null ? -1 : items.findIndex((i) => i.id === selected);
  if (at === -1) return items[step === 1 ? 0 : items.length - 1].id;
  return items[Math.min(items.length - 1, Math.max(0, at + step))].id;
}

/**
 * After the opened complaint left the queue (dispatched by me or by someone else): the one now
 * where it was, so the operator works down the list without reaching for the mouse.
 */
export function successor(before: readonly Pick<QueueItem, 'id'>[], after: readonly Pick<QueueItem, 'id'>[], selected: string | null): string | null {
  if (selected === null || after.some((i) => i.id === selected)) return selected;
  const at = before.findIndex((i) => i.id === selected);
  const remaining = new Set(after.map((i) => i.id));
  for (let i = at + 1; i < before.length; i++) if (remaining.has(before[i].id)) return before[i].id;
  for (let i = at - 1; i >= 0; i--) if (remaining.has(before[i].id)) return before[i].id;
  return after[0]?.id ?? null;
}

/** Time left to a deadline in words, counted from the queue's `asOf` moved on to `now`. */
export function timeLeft(item: Pick<QueueItem, 'clock'>, asOf: string, now: number, i18n: Pick<I18n, 'lang' | 'duration'>): { text: string; overdue: boolean } {
  const t = operatorText(i18n.lang);
  if (item.clock.msLeft === null) return { text: t('noDeadline'), overdue: false };
  const left = item.clock.msLeft - Math.max(0, now - Date.parse(asOf));
  return left >= 0 ? { text: t('left', { time: i18n.duration(left) }), overdue: false } : { text: t('late', { time: i18n.duration(-left) }), overdue: true };
}

/** "category (Drainase), keywords (banjir, got)": why the rules chose the suggestion. */
export function whyText(s: RoutingSuggestion, lang: 'id' | 'en', categoryName: string): string {
  const t = operatorText(lang);
  return s.basis
    .map((b) => {
      if (b === 'keyword' && s.matchedKeywords.length) return `${t('basis_keyword')} (${s.matchedKeywords.join(', ')})`;
      if (b === 'area' && s.matchedKecamatan) return `${t('basis_area')} (${s.matchedKecamatan})`;
      if (b === 'category') return `${t('basis_category')} (${categoryName})`;
      return t(`basis_${b}`);
    })
    .join(', ');
}

export const statusLabel = (status: ComplaintStatus, lang: 'id' | 'en') => operatorText(lang)(`status_${status}`);

/** A 409 in the operator's words: who acted, when, and what the complaint is now. */
export function conflictText(payload: unknown, fallback: string, i18n: Pick<I18n, 'lang' | 'timeShort'>): string {
  const t = operatorText(i18n.lang);
  const c = payload as Partial<OperatorConflict> & { takenBy?: TakenBy } | null;
  if (c?.lastChange && c.current && c.error === 'stale_version') {
    return t('conflict', { who: c.lastChange.actor ?? t('someone'), time: `${i18n.timeShort(Date.parse(c.lastChange.at))} WIB`, status: statusLabel(c.current.status, i18n.lang) });
  }
  return t('refused', { message: fallback });
}

/** Who holds the complaint open, unless it is me; a mark past its expiry counts for nothing. */
export function takenByOther(takenBy: TakenBy | null | undefined, me: string | null, now: number): TakenBy | null {
  if (!takenBy || takenBy.username === me) return null;
  return Date.parse(takenBy.expiresAt) > now ? takenBy : null;
}

export interface ActionForm {
  action: ActionKind;
  opd: string;
  reason: string;
  externalBody: string;
  note: string;
  photoUrl: string;
}

export const emptyForm = (action: ActionKind): ActionForm => ({ action, opd: '', reason: '', externalBody: '', note: '', photoUrl: '' });

/** Whether "another OPD" is a re-route (the complaint is with an OPD already). */
export const isReroute = (item: Pick<QueueItem, 'status'>) => item.status === 'dispatched' || item.status === 'in_progress';

/**
 * What the form still lacks, every field at once, in the operator's words (the server checks the
 * same and answers 400; this saves the round trip and points at the field).
 */
export function formErrors(form: ActionForm, item: Pick<QueueItem, 'status' | 'opd' | 'suggestion'>, lang: 'id' | 'en'): Partial<Record<'opd' | 'reason' | 'externalBody' | 'note' | 'photoUrl', string>> {
  const t = operatorText(lang);
  const errors: Partial<Record<'opd' | 'reason' | 'externalBody' | 'note' | 'photoUrl', string>> = {};
  const blank = (s: string) => s.trim() === '';
  switch (form.action) {
    case 'other':
      if (blank(form.opd)) errors.opd = t('required');
      else if (item.opd?.code === form.opd && isReroute(item)) errors.opd = t('sameOpd');
      // Dispatching to the suggestion needs no reason; anything else does.
      if (blank(form.reason) && (isReroute(item) || form.opd !== item.suggestion?.target.code || item.suggestion.external)) errors.reason = t('required');
      break;
    case 'reject':
      if (blank(form.externalBody)) errors.externalBody = t('required');
      if (blank(form.reason)) errors.reason = t('required');
      break;
    case 'resolve':
      if (blank(form.note)) errors.note = t('required');
      if (!blank(form.photoUrl) && !/^https?:\/\/\S+$/i.test(form.photoUrl.trim())) errors.photoUrl = t('photoBad');
      break;
    case 'hand_back':
      if (blank(form.reason)) errors.reason = t('required');
      break;
    default:
      break;
  }
  return errors;
}
