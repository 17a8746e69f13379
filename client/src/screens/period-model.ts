// The pure half of period-picker.svelte: what each choice is called, the dates it covers in
// words, and reading the custom dates (the rules are shared/report-period.ts's, so the picker,
// the URL and the API refuse the same things with the same words).
import { parsePeriodChoice, PERIOD_PRESETS, previousRange, resolvePeriod, type DateRange, type PeriodChoice, type PeriodFieldError } from '../../../shared/report-period.ts';
import type { Lang } from '../i18n/messages.ts';
import { screenText } from './screens-text.ts';

export { PERIOD_PRESETS };

/** "7 Des 2026" / "7 Dec 2026" for a WIB calendar date (no zone arithmetic: it is a name). */
export function dateLabel(date: string, lang: Lang, withYear = true): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { timeZone: 'UTC', day: 'numeric', month: 'short', ...(withYear ? { year: 'numeric' } : {}) }).format(Date.UTC(y, m - 1, d));
}

/** "1 Des 2026 s.d. 7 Des 2026", or one date when the range is one day. */
export function rangeLabel(range: DateRange, lang: Lang): string {
  if (range.from === range.to) return dateLabel(range.from, lang);
  const sameYear = range.from.slice(0, 4) === range.to.slice(0, 4);
  return screenText(lang)('periodRange', { from: dateLabel(range.from, lang, !sameYear), to: dateLabel(range.to, lang) });
}

export function choiceLabel(choice: PeriodChoice, lang: Lang): string {
  const t = screenText(lang);
  return 'preset' in choice ? t(`preset_${choice.preset}`) : t('presetCustom');
}

export function isPreset(choice: PeriodChoice, preset: string): boolean {
  return 'preset' in choice && choice.preset === preset;
}

/** The period and the one it is compared with, as dates and words. */
export function periodSummary(choice: PeriodChoice, today: string, lang: Lang): { range: DateRange; previous: DateRange; label: string; rangeText: string; previousText: string; includesToday: boolean } {
  const range = resolvePeriod(choice, today);
  const previous = previousRange(range);
  return { range, previous, label: choiceLabel(choice, lang), rangeText: rangeLabel(range, lang), previousText: rangeLabel(previous, lang), includesToday: range.to >= today };
}

/** The custom dates as typed: a choice, or every field that is wrong (in the page's language). */
export function readCustomDates(from: string, to: string, today: string): { choice: PeriodChoice | null; errors: PeriodFieldError[] } {
  const { choice, errors } = parsePeriodChoice({ from: from || null, to: to || null }, today);
  if (!from && !to) {
    const required = { id: 'wajib diisi', en: 'required' };
    return { choice: null, errors: [{ field: 'from', message: required }, { field: 'to', message: required }] };
  }
  if (!from) errors.unshift({ field: 'from', message: { id: 'wajib diisi', en: 'required' } });
  return errors.length ? { choice: null, errors: errors.filter((e, i) => errors.findIndex((x) => x.field === e.field) === i) } : { choice, errors };
}
