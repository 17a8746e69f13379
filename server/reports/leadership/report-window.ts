// The period of a leadership report (/api/v1/reports/*), read from the query the screen puts in
// its URL, turned into the instants the report functions count over, with the period it is
// compared with, its label and its weeks and months. Pure: `now` is passed in.
import type { Bilingual, ReportPeriodView } from '../../../shared/pimpinan-api.ts';
import { addDays, dateOfDay, dayNumber, isoWeekday } from '../../../shared/calendar-date.ts';
import { parsePeriodChoice, previousRange, resolvePeriod, type DateRange } from '../../../shared/report-period.ts';
import { wibDate } from '../../../shared/wib-time.ts';
import type { ReportPeriod } from '../opd-timeliness-report.ts';

export interface ReportWindow {
  /** WIB date of `now`. */
  today: string;
  range: DateRange;
  previous: DateRange;
  /** [from, to) instants of `range` and `previous`, with the report's `now`. */
  current: ReportPeriod;
  prior: ReportPeriod;
  includesToday: boolean;
}

export interface QueryFieldError {
  field: string;
  message: Bilingual;
}

/** Start of a WIB date (Medan has no daylight saving: always UTC+7). */
export const wibMidnight = (date: string): Date => new Date(`${date}T00:00:00+07:00`);

/** [start of `from`, start of the day after `to`). */
export function instantsOf(range: DateRange, now: Date): ReportPeriod {
  return { from: wibMidnight(range.from), to: wibMidnight(addDays(range.to, 1)), now };
}

const QUERY_FIELDS = ['period', 'from', 'to'] as const;

/**
 * The window of a query (`period=7d`, or `from=YYYY-MM-DD&to=YYYY-MM-DD`), or every bad field.
 * Unlike the screen's URL reader, the API refuses a bad query rather than falling back to the
 * default: a caller must not get numbers for a period it did not ask for.
 */
export function parseReportQuery(query: Record<string, unknown>, now: Date): { ok: true; window: ReportWindow } | { ok: false; errors: QueryFieldError[] } {
  const errors: QueryFieldError[] = [];
  const params: Record<string, string | null> = {};
  for (const field of QUERY_FIELDS) {
    const v = query[field];
    if (v === undefined) params[field] = null;
    else if (typeof v === 'string') params[field] = v;
    else errors.push({ field, message: { id: 'hanya boleh diisi sekali', en: 'must be given once' } });
  }
  if (params.period && (params.from || params.to)) {
    errors.push({ field: 'period', message: { id: 'isi period atau from/to, bukan keduanya', en: 'give period or from/to, not both' } });
  }
  const today = wibDate(now);
  const parsed = parsePeriodChoice(params, today);
  for (const e of parsed.errors) if (!errors.some((x) => x.field === e.field)) errors.push(e);
  if (errors.length) return { ok: false, errors };
  return { ok: true, window: windowOf(resolvePeriod(parsed.choice, today), now) };
}

/** The optional `limit` of a list: a whole number in [1, max]; undefined when not given. */
export function parseLimit(query: Record<string, unknown>, max: number): { ok: true; limit: number | undefined } | { ok: false; error: QueryFieldError } {
  const v = query.limit;
  if (v === undefined) return { ok: true, limit: undefined };
  const n = typeof v === 'string' && /^[0-9]{1,7}$/.test(v) ? Number(v) : NaN;
  if (n >= 1 && n <= max) return { ok: true, limit: n };
  return { ok: false, error: { field: 'limit', message: { id: `harus bilangan bulat 1 sampai ${max}`, en: `must be a whole number from 1 to ${max}` } } };
}

/** The optional `offset` of a list page: a whole number from 0; 0 when not given. */
export function parseOffset(query: Record<string, unknown>): { ok: true; offset: number } | { ok: false; error: QueryFieldError } {
  const v = query.offset;
  if (v === undefined) return { ok: true, offset: 0 };
  if (typeof v === 'string' && /^[0-9]{1,9}$/.test(v)) return { ok: true, offset: Number(v) };
  return { ok: false, error: { field: 'offset', message: { id: 'harus bilangan bulat 0 atau lebih', en: 'must be a whole number, 0 or more' } } };
}

export function windowOf(range: DateRange, now: Date): ReportWindow {
  const today = wibDate(now);
  const previous = previousRange(range);
  return {
    today,
    range,
    previous,
    current: instantsOf(range, now),
    prior: instantsOf(previous, now),
    includesToday: range.from <= today && today <= range.to,
  };
}

const MONTHS_ID = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'];
const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "1–7 Des 2026", "28 Nov – 7 Des 2026", "28 Des 2025 – 3 Jan 2026", "7 Des 2026". */
export function periodLabel(range: DateRange): Bilingual {
  const label = (months: string[]) => {
    const [fy, fm, fd] = range.from.split('-').map(Number);
    const [ty, tm, td] = range.to.split('-').map(Number);
    const end = `${td} ${months[tm - 1]} ${ty}`;
    if (range.from === range.to) return end;
    if (fy === ty && fm === tm) return `${fd}–${end}`;
    if (fy === ty) return `${fd} ${months[fm - 1]} – ${end}`;
    return `${fd} ${months[fm - 1]} ${fy} – ${end}`;
  };
  return { id: label(MONTHS_ID), en: label(MONTHS_EN) };
}

export function periodView(range: DateRange, asOf: Date): ReportPeriodView {
  return { from: range.from, to: range.to, label: periodLabel(range), asOf: asOf.toISOString() };
}

export interface WeekSlice {
  /** The Monday (WIB) the week starts on; may be before the range's first day. */
  weekStart: string;
  /** The part of the week inside the range, as [from, to) instants. */
  from: Date;
  to: Date;
}

/** Monday-to-Sunday weeks covering the range, each cut to the range. */
export function weeksOf(range: DateRange): WeekSlice[] {
  const out: WeekSlice[] = [];
  let monday = addDays(range.from, 1 - isoWeekday(range.from));
  while (monday <= range.to) {
    const first = monday < range.from ? range.from : monday;
    const sunday = addDays(monday, 6);
    const last = sunday > range.to ? range.to : sunday;
    out.push({ weekStart: monday, from: wibMidnight(first), to: wibMidnight(addDays(last, 1)) });
    monday = addDays(monday, 7);
  }
  return out;
}

/** Every date of the range, oldest first. */
export function datesOf(range: DateRange): string[] {
  const out: string[] = [];
  for (let d = dayNumber(range.from); d <= dayNumber(range.to); d++) out.push(dateOfDay(d));
  return out;
}

/** `YYYY-MM` of every month the range touches. */
export function monthsOf(range: DateRange): string[] {
  const out: string[] = [];
  let [y, m] = range.from.split('-').map(Number);
  const last = range.to.slice(0, 7);
  for (;;) {
    const key = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    out.push(key);
    if (key >= last) break;
    m = m === 12 ? 1 : m + 1;
    if (m === 1) y++;
  }
  return out;
}
