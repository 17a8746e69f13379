// Pure wording of the numbers leadership reads: a rate always with its counts, and a figure
// beside the previous period in words and an arrow (colour only repeats what the words say).
import type { Lang } from '../i18n/messages.ts';
import { screenText } from './screens-text.ts';

export interface Formats {
  lang: Lang;
  integer(n: number): string;
  /** One decimal at most: 4,5 / 4.5. */
  decimal(n: number): string;
  /** A share 0..1 as a percentage with one decimal: 82,4%. */
  percent(share: number): string;
  /** A difference of two shares in percentage points: 3,1 poin. */
  points(share: number): string;
}

export function formatsFor(lang: Lang): Formats {
  const locale = lang === 'en' ? 'en-GB' : 'id-ID';
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const t = screenText(lang);
  return {
    lang,
    integer: (n) => integer.format(n),
    decimal: (n) => decimal.format(n),
    percent: (s) => percent.format(s),
    points: (s) => `${decimal.format(Math.round(s * 1000) / 10)} ${t('points')}`,
  };
}

export type RateView =
  | { kind: 'rate'; share: number; main: string; counts: string; text: string }
  /** Fewer than the minimum: the share would mislead, so only the counts. */
  | { kind: 'not-enough'; main: string; counts: string; text: string }
  /** Nothing to count at all. */
  | { kind: 'none'; main: string; counts: string; text: string };

/**
 * "82,4% (145 dari 176)"; below `minCount` "data belum cukup (3 dari 4)"; nothing counted "tidak
 * ada". When the server already judged the rate (`rate`: null below its minimum), its word counts.
 */
export function rateView(numerator: number, denominator: number, lang: Lang, minCount = 1, rate?: number | null): RateView {
  const t = screenText(lang);
  const f = formatsFor(lang);
  const counts = t('countOf', { num: f.integer(numerator), den: f.integer(denominator) });
  if (denominator <= 0) return { kind: 'none', main: t('none'), counts: '', text: t('none') };
  if (rate === null || (rate === undefined && denominator < minCount)) return { kind: 'not-enough', main: t('notEnough'), counts, text: `${t('notEnough')} (${counts})` };
  const share = rate ?? numerator / denominator;
  const main = f.percent(share);
  return { kind: 'rate', share, main, counts, text: `${main} (${counts})` };
}

export type Better = 'up' | 'down' | 'neither';
export type FigureKind = 'count' | 'share' | 'days';

export interface DeltaView {
  direction: 'up' | 'down' | 'same' | 'none';
  /** Whether the change is good news; 'neutral' when it is neither or unknown. */
  tone: 'better' | 'worse' | 'neutral';
  /** "naik 12 dari 140 · membaik" */
  words: string;
  arrow: '▲' | '▼' | '=' | '–';
}

function formatOf(kind: FigureKind, f: Formats): (n: number) => string {
  return kind === 'share' ? f.percent : kind === 'days' ? f.decimal : f.integer;
}

/** A figure beside the same figure for the previous period. */
export function deltaView(current: number | null, previous: number | null, kind: FigureKind, better: Better, lang: Lang): DeltaView {
  const t = screenText(lang);
  const f = formatsFor(lang);
  if (current === null || previous === null || !Number.isFinite(current) || !Number.isFinite(previous)) {
    return { direction: 'none', tone: 'neutral', words: t('deltaNoPrev'), arrow: '–' };
  }
  const show = formatOf(kind, f);
  const diff = current - previous;
  // Rounded as shown: a change too small to print is no change to the reader.
  const shownDiff = kind === 'share' ? Math.round(diff * 1000) / 1000 : kind === 'days' ? Math.round(diff * 10) / 10 : Math.round(diff);
  if (shownDiff === 0) return { direction: 'same', tone: 'neutral', words: t('deltaSame', { prev: show(previous) }), arrow: '=' };
  const up = shownDiff > 0;
  const diffText = kind === 'share' ? f.points(Math.abs(diff)) : show(Math.abs(diff));
  const tone = better === 'neither' ? 'neutral' : (better === 'up') === up ? 'better' : 'worse';
  const base = t(up ? 'deltaUp' : 'deltaDown', { diff: diffText, prev: show(previous) });
  return { direction: up ? 'up' : 'down', tone, words: tone === 'neutral' ? base : `${base} · ${t(tone === 'better' ? 'deltaBetter' : 'deltaWorse')}`, arrow: up ? '▲' : '▼' };
}
