// Language choice and every locale-dependent format. Plain functions so they can be unit-tested;
// components get one `I18n` object for the page's language (the wall never switches language
// without a reload, so nothing here needs to be reactive).
import { CITY_TIME_ZONE } from '../../../shared/domain-constants.ts';
import { MESSAGES, type Lang, type MessageKey } from './messages.ts';

export type { Lang, MessageKey };

export interface I18n {
  lang: Lang;
  /** BCP 47 tag used for Intl. */
  locale: string;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  number(n: number): string;
  percent(rate: number): string;
  /** HH.MM.SS (id) or HH:MM:SS (en), always in WIB. */
  time(at: Date | number): string;
  /** HH.MM (id) or HH:MM (en), in WIB. */
  timeShort(at: Date | number): string;
  date(at: Date | number): string;
  /** Two largest units, e.g. "2 j 5 mnt", "45 dtk". */
  duration(ms: number): string;
  /** Compact age for the ticker: "3 mnt lalu" / "3m ago". */
  age(ms: number): string;
}

/**
 * The page's language: `?lang=en`, Indonesian by default. A page without a `lang` of its own that
 * leads somewhere (`/login?next=/wall?lang=en`) speaks the language of where it leads.
 */
export function langFromSearch(search: string): Lang {
  const params = new URLSearchParams(search);
  const next = params.get('next');
  const lang = params.get('lang') ?? (next?.includes('?') ? new URLSearchParams(next.slice(next.indexOf('?') + 1)).get('lang') : null);
  return lang === 'en' ? 'en' : 'id';
}

/** A text with its `{name}` placeholders filled in; unknown names stay as they are. */
export function fillIn(text: string, params?: Record<string, string | number>): string {
  return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;
}

/** Lookup with placeholders for a screen's own word table (one table per language, same keys). */
export function textLookup<K extends string>(table: Record<K, string>): (key: K, params?: Record<string, string | number>) => string {
  return (key, params) => fillIn(table[key], params);
}

export function createI18n(lang: Lang, timeZone: string = CITY_TIME_ZONE): I18n {
  const locale = lang === 'en' ? 'en-GB' : 'id-ID';
  const messages = MESSAGES[lang];
  const numberFormat = new Intl.NumberFormat(locale);
  const percentFormat = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const timeFormat = new Intl.DateTimeFormat(locale, {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const timeShortFormat = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const dateFormat = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  const relative = new Intl.RelativeTimeFormat(lang === 'en' ? 'en' : 'id', { style: 'narrow', numeric: 'always' });

  const t = (key: MessageKey, params?: Record<string, string | number>): string => fillIn(messages[key], params);

  return {
    lang,
    locale,
    t,
    number: (n) => numberFormat.format(n),
    percent: (rate) => percentFormat.format(rate),
    time: (at) => timeFormat.format(at),
    timeShort: (at) => timeShortFormat.format(at),
    date: (at) => dateFormat.format(at),
    duration(ms) {
      const parts = durationParts(ms);
      const keys: MessageKey[] = ['durationDays', 'durationHours', 'durationMinutes', 'durationSeconds'];
      const values = [parts.days, parts.hours, parts.minutes, parts.seconds];
      const first = values.findIndex((v) => v > 0);
      if (first === -1) return t('durationSeconds', { n: 0 });
      const shown = [first, first + 1].filter((i) => i < 4 && values[i] > 0);
      return shown.map((i) => t(keys[i], { n: values[i] })).join(' ');
    },
    age(ms) {
      const s = Math.max(0, Math.floor(ms / 1000));
      if (s < 60) return relative.format(-s, 'second');
      if (s < 3600) return relative.format(-Math.floor(s / 60), 'minute');
      if (s < 86400) return relative.format(-Math.floor(s / 3600), 'hour');
      return relative.format(-Math.floor(s / 86400), 'day');
    },
  };
}

export function durationParts(ms: number): { days: number; hours: number; minutes: number; seconds: number } {
  let s = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(s / 86400);
  s -= days * 86400;
  const hours = Math.floor(s / 3600);
  s -= hours * 3600;
  const minutes = Math.floor(s / 60);
  return { days, hours, minutes, seconds: s - minutes * 60 };
}
