// The periods leadership reads reports over, as WIB calendar dates (inclusive), and the period
// each is compared with. Used by the /pimpinan screen (its picker and its URL) and by the
// report endpoints (the "previous" figures), so both sides agree on what "bulan lalu" means.
// Dates only: a calendar day is the same in every zone once it is named, so zone-free calendar
// arithmetic (shared/calendar-date.ts) is exact here; turning them into instants is the server's job.
import { addDays, daysBetween, daysInMonth, isLocalDate } from './calendar-date.ts';

export const PERIOD_PRESETS = ['today', '7d', '30d', 'month', 'last-month'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

/** What a person picked: a preset (kept relative in a shared link) or their own dates. */
export type PeriodChoice = { preset: PeriodPreset } | { from: string; to: string };

/** Inclusive WIB calendar dates, YYYY-MM-DD. */
export interface DateRange {
  from: string;
  to: string;
}

export const DEFAULT_PERIOD: PeriodChoice = { preset: '30d' };
/** The longest range a report covers (the API refuses more). */
export const MAX_PERIOD_DAYS = 400;

/** Days in a range, both ends counted. */
export function daysIn(range: DateRange): number {
  return daysBetween(range.from, range.to) + 1;
}

function parts(date: string): { y: number; m: number; d: number } {
  const [y, m, d] = date.split('-').map(Number);
  return { y, m, d };
}

const ymd = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** The dates a choice covers, given today's WIB date. */
export function resolvePeriod(choice: PeriodChoice, today: string): DateRange {
  if (!('preset' in choice)) return { from: choice.from, to: choice.to };
  const { y, m } = parts(today);
  switch (choice.preset) {
    case 'today':
      return { from: today, to: today };
    case '7d':
      return { from: addDays(today, -6), to: today };
    case '30d':
      return { from: addDays(today, -29), to: today };
    case 'month':
      return { from: ymd(y, m, 1), to: today };
    case 'last-month': {
      const py = m === 1 ? y - 1 : y;
      const pm = m === 1 ? 12 : m - 1;
      return { from: ymd(py, pm, 1), to: ymd(py, pm, daysInMonth(py, pm)) };
    }
  }
}

/**
 * The period a range is compared with. A range that starts on the 1st and stays within its
 * month (this month so far, last month, a month picked by hand) is compared with the same days
 * of the month before ("1-7 Desember" with "1-7 November"; all of March with all of February),
 * as a monthly meeting reads it. Any other range with the same number of days just before it.
 */
export function previousRange(range: DateRange): DateRange {
  const a = parts(range.from);
  const b = parts(range.to);
  if (a.d === 1 && a.y === b.y && a.m === b.m) {
    const py = a.m === 1 ? a.y - 1 : a.y;
    const pm = a.m === 1 ? 12 : a.m - 1;
    const last = daysInMonth(py, pm);
    const wholeMonth = b.d === daysInMonth(b.y, b.m);
    return { from: ymd(py, pm, 1), to: ymd(py, pm, wholeMonth ? last : Math.min(b.d, last)) };
  }
  const n = daysIn(range);
  return { from: addDays(range.from, -n), to: addDays(range.from, -1) };
}

export interface PeriodFieldError {
  field: 'period' | 'from' | 'to';
  message: { id: string; en: string };
}

/**
 * Reads a period from URL parameters (`period=7d`, or `from=...&to=...`). Whatever is wrong
 * is named, and the default period is used instead: a mistyped link still opens a screen.
 */
export function parsePeriodChoice(params: { period?: string | null; from?: string | null; to?: string | null }, today: string): { choice: PeriodChoice; errors: PeriodFieldError[] } {
  const errors: PeriodFieldError[] = [];
  const { period, from, to } = params;
  if (from || to) {
    if (!isLocalDate(from)) errors.push({ field: 'from', message: { id: 'tanggal mulai harus berupa tanggal YYYY-MM-DD', en: 'start date must be a date, YYYY-MM-DD' } });
    if (!isLocalDate(to)) errors.push({ field: 'to', message: { id: 'tanggal akhir harus berupa tanggal YYYY-MM-DD', en: 'end date must be a date, YYYY-MM-DD' } });
    if (!errors.length) {
      if (from! > to!) errors.push({ field: 'from', message: { id: 'tanggal mulai harus sebelum tanggal akhir', en: 'start date must not be after the end date' } });
      else if (to! > today) errors.push({ field: 'to', message: { id: 'tanggal akhir tidak boleh melewati hari ini', en: 'end date cannot be after today' } });
      else if (daysIn({ from: from!, to: to! }) > MAX_PERIOD_DAYS)
        errors.push({ field: 'to', message: { id: `paling lama ${MAX_PERIOD_DAYS} hari`, en: `at most ${MAX_PERIOD_DAYS} days` } });
    }
    return { choice: errors.length ? DEFAULT_PERIOD : { from: from!, to: to! }, errors };
  }
  if (period) {
    if ((PERIOD_PRESETS as readonly string[]).includes(period)) return { choice: { preset: period as PeriodPreset }, errors };
    errors.push({ field: 'period', message: { id: `harus salah satu dari: ${PERIOD_PRESETS.join(', ')}`, en: `must be one of: ${PERIOD_PRESETS.join(', ')}` } });
  }
  return { choice: DEFAULT_PERIOD, errors };
}

/** The URL parameters of a choice (the inverse of parsePeriodChoice; the default writes none). */
export function periodParams(choice: PeriodChoice): Record<string, string> {
  if ('preset' in choice) return choice.preset === (DEFAULT_PERIOD as { preset: PeriodPreset }).preset ? {} : { period: choice.preset };
  return { from: choice.from, to: choice.to };
}
