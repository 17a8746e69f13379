// The working-day calendar SLA clocks are measured on. Pure: no I/O, no clock reads; the data
// (official holiday lists) is passed in, and the library holidays are computed, not fetched.
//
// Non-working days (see README.md in this folder for the full rule):
//   - Saturdays and Sundays (configurable);
//   - national holidays: for a year whose official list holds national holidays, ONLY that list
//     (the SKB 3 Menteri is the law; date-holidays' Islamic dates for Indonesia are a day off
//     from it, e.g. Idul Fitri 2026 as 20-21 Mar instead of 21-22 Mar). For a year without an
//     official national list, the `date-holidays` library ('ID', type public) stands in, so the
//     calendar keeps working in a year nobody has entered yet (and says so: `sourceForYear`);
//   - cuti bersama and one-off closures from the official list: always added.
//
// Deadline rule ("due by 16:00 WIB on Tue 24 Mar"):
//   1. The clock starts at `nextWorkingStart(t)`: t itself when t falls inside office hours
//      (default 08:00-16:00 WIB) on a working day; otherwise the office start of the next
//      working day (before 08:00 on a working day: 08:00 that day).
//   2. The day the clock starts is day 0. The deadline is office close (16:00 WIB) on the
//      n-th working day after it.
//   So a complaint received Mon 10:00 with 3 working days is due Thu 16:00; received Mon 17:00
//   (after hours) the clock starts Tue 08:00 and it is due Fri 16:00. Whatever the start, the
//   receiver gets the rest of the start day plus n full working days.
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { CITY_TIME_ZONE } from '../../../shared/domain-constants.ts';
import {
  addDays,
  assertLocalDate,
  assertTimeZone,
  dayNumber,
  isoWeekday,
  localDateOf as localDateAt,
  wallClockMillis,
  type LocalDate,
} from '../time/local-time.ts';

export const NON_WORKING_DAY_KINDS = ['national', 'cuti_bersama', 'closure'] as const;
export type NonWorkingDayKind = (typeof NON_WORKING_DAY_KINDS)[number];

/** One row of the editable official calendar (the `calendar_days` table has the same shape). */
export interface NonWorkingDay {
  date: LocalDate;
  kind: NonWorkingDayKind;
  name: string;
}

export interface NonWorkingReason {
  date: LocalDate;
  kind: NonWorkingDayKind | 'weekend';
  name: string;
  /** Where the fact comes from: the official list, the date-holidays library, or the weekday. */
  source: 'official' | 'library' | 'weekday';
}

/** Local wall-clock times, 'HH:mm'. */
export interface OfficeHours {
  start: string;
  end: string;
}

export const DEFAULT_OFFICE_HOURS: OfficeHours = { start: '08:00', end: '16:00' };

export interface WorkingCalendarOptions {
  /** IANA zone; default Asia/Jakarta (WIB). */
  zone?: string;
  /** The editable official list for any number of years (national, cuti bersama, closures). */
  officialDays?: readonly NonWorkingDay[];
  /** Use date-holidays for years without an official national list. Default true. */
  useLibraryHolidays?: boolean;
  officeHours?: OfficeHours;
  /** ISO weekdays that are never working days (1 = Monday). Default Saturday and Sunday. */
  weekendDays?: readonly number[];
  /**
   * Dates an admin took off the list (calendar_days kind 'removed'): working days after all,
   * whatever the library says for a year without an official list.
   */
  removedDates?: readonly LocalDate[];
}

export type Lang = 'id' | 'en';

export interface WorkingDaysExplanation {
  receivedAt: Date;
  /** When the clock starts counting (after the office-hours rule). */
  clockStart: Date;
  /** Why the start moved, or null when it started at once. */
  startShift: null | { kind: 'before_office_hours' | 'after_office_hours' | 'non_working_day'; reason: NonWorkingReason | null };
  workingDays: number;
  /** The counted working days, in order; the last one is the due day. */
  countedDays: LocalDate[];
  /** Non-working days between the receipt and the due day, with their reasons. */
  skippedDays: NonWorkingReason[];
  deadline: Date;
  text: Record<Lang, string>;
}

export interface WorkingCalendar {
  readonly zone: string;
  readonly officeHours: OfficeHours;
  /**
   * What the calendar was made from, as plain data: the calendar itself is closures and cannot
   * cross to a worker thread, so a worker rebuilds it with createWorkingCalendar(options).
   */
  readonly options: WorkingCalendarOptions;
  /** The local date (in the calendar's zone) of an instant. */
  localDateOf(instant: Date): LocalDate;
  isWorkingDay(date: LocalDate): boolean;
  /** All reasons a date is not a working day (empty for a working day); holidays before the weekend. */
  nonWorkingReasons(date: LocalDate): NonWorkingReason[];
  /** The main reason a date is not a working day, or null when it is one. */
  nonWorkingReason(date: LocalDate): NonWorkingReason | null;
  /** Every non-working day of a year that is not a plain weekend, for the admin screen. */
  holidaysOf(year: number): NonWorkingReason[];
  /** Whether the national holidays of a year come from the official list or the library. */
  sourceForYear(year: number): 'official' | 'library' | 'none';
  /** The first working day strictly after `date`. */
  nextWorkingDay(date: LocalDate): LocalDate;
  /** The n-th working day strictly after `date` (n = 0 returns `date`). */
  addWorkingDaysToDate(date: LocalDate, n: number): LocalDate;
  /** Office opening / closing instant on a local date. */
  officeStart(date: LocalDate): Date;
  officeEnd(date: LocalDate): Date;
  isWithinOfficeHours(instant: Date): boolean;
  /** When a clock started at `instant` starts counting (see the deadline rule at the top). */
  nextWorkingStart(instant: Date): Date;
  /** Deadline n working days after `start`: office close on the n-th working day after the clock-start day. */
  addWorkingDays(start: Date, n: number): Date;
  /** The same deadline with every step spelled out, for leadership and citizens. */
  explainWorkingDays(start: Date, n: number): WorkingDaysExplanation;
  /**
   * Working days d with localDate(a) < d <= localDate(b); negative when b is before a.
   * Property: workingDaysBetween(nextWorkingStart(s), addWorkingDays(s, n)) === n.
   */
  workingDaysBetween(a: Date, b: Date): number;
  workingDaysBetweenDates(a: LocalDate, b: LocalDate): number;
  /** Around-the-clock deadline for emergency categories: no office hours, no holidays. */
  addHours(start: Date, hours: number): Date;
  formatInstant(instant: Date, lang?: Lang): string;
  formatDate(date: LocalDate, lang?: Lang): string;
}

const HHMM_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const WEEKDAY_NAMES_ID = ['', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu'];
const KIND_ORDER: Record<NonWorkingReason['kind'], number> = { national: 0, cuti_bersama: 1, closure: 2, weekend: 3 };
// More than ten years of consecutive non-working days means the configuration is broken.
const MAX_SCAN_DAYS = 3660;

function minutesOf(hhmm: string): number {
  const m = HHMM_RE.exec(hhmm);
  if (!m) throw new RangeError(`office hours must be HH:mm, got ${JSON.stringify(hhmm)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Short Indonesian zone name where there is one (WIB/WITA/WIT), else the UTC offset. */
export function zoneLabel(zone: string, at: Date = new Date(0)): string {
  switch (zone) {
    case 'Asia/Jakarta':
    case 'Asia/Pontianak':
      return 'WIB';
    case 'Asia/Makassar':
      return 'WITA';
    case 'Asia/Jayapura':
      return 'WIT';
    default:
      return DateTime.fromJSDate(at, { zone }).toFormat("'UTC'ZZ");
  }
}

function assertInstant(value: Date, what: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new RangeError(`${what} must be a valid Date`);
}

function assertCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what} must be a whole number >= 0, got ${n}`);
}

export function createWorkingCalendar(options: WorkingCalendarOptions = {}): WorkingCalendar {
  const zone = options.zone ?? CITY_TIME_ZONE;
  assertTimeZone(zone);
  const officeHours = { ...(options.officeHours ?? DEFAULT_OFFICE_HOURS) };
  const startMin = minutesOf(officeHours.start);
  const endMin = minutesOf(officeHours.end);
  if (startMin >= endMin) throw new RangeError(`office hours must start before they end: ${officeHours.start}-${officeHours.end}`);
  const weekend = new Set(options.weekendDays ?? [6, 7]);
  for (const d of weekend) if (!Number.isInteger(d) || d < 1 || d > 7) throw new RangeError(`weekend day must be 1-7, got ${d}`);
  if (weekend.size === 7) throw new RangeError('at least one weekday must be a working day');
  const useLibrary = options.useLibraryHolidays ?? true;
  const removed = new Set(options.removedDates ?? []);

  const officialByYear = new Map<number, NonWorkingDay[]>();
  for (const day of options.officialDays ?? []) {
    assertLocalDate(day.date);
    if (!NON_WORKING_DAY_KINDS.includes(day.kind)) throw new RangeError(`unknown non-working day kind ${JSON.stringify(day.kind)} on ${day.date}`);
    if (typeof day.name !== 'string' || day.name.trim() === '') throw new RangeError(`non-working day ${day.date} needs a name`);
    const year = Number(day.date.slice(0, 4));
    const list = officialByYear.get(year) ?? [];
    list.push({ date: day.date, kind: day.kind, name: day.name });
    officialByYear.set(year, list);
  }

  let library: Holidays | null = null;
  const reasonsByYear = new Map<number, Map<LocalDate, NonWorkingReason[]>>();
  const workingMemo = new Map<LocalDate, boolean>();
  const nextWorkingMemo = new Map<LocalDate, LocalDate>();
  const officeMemo = new Map<LocalDate, { start: number; end: number }>();
  const MEMO_LIMIT = 100_000;
  const remember = <K, V>(m: Map<K, V>, k: K, v: V): V => {
    if (m.size >= MEMO_LIMIT) m.clear();
    m.set(k, v);
    return v;
  };
  function sourceForYear(year: number): 'official' | 'library' | 'none' {
    if (officialByYear.get(year)?.some((d) => d.kind === 'national')) return 'official';
    return useLibrary ? 'library' : 'none';
  }

  function holidaysByDate(year: number): Map<LocalDate, NonWorkingReason[]> {
    let byDate = reasonsByYear.get(year);
    if (byDate) return byDate;
    byDate = new Map();
    const add = (r: NonWorkingReason) => {
      const list = byDate!.get(r.date) ?? [];
      if (!list.some((x) => x.kind === r.kind && x.name === r.name)) list.push(r);
      byDate!.set(r.date, list);
    };
    for (const d of officialByYear.get(year) ?? []) add({ ...d, source: 'official' });
    if (sourceForYear(year) === 'library') {
      library ??= new Holidays('ID');
      for (const h of library.getHolidays(year, 'id')) {
        // `date` is the holiday's own calendar date ("2026-03-20 00:00:00 -0600" for an Islamic
        // holiday that begins at the previous sunset); start/end are shifted instants.
        if (h.type !== 'public' || removed.has(h.date.slice(0, 10))) continue;
        add({ date: h.date.slice(0, 10), kind: 'national', name: h.name, source: 'library' });
      }
    }
    for (const list of byDate.values()) list.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
    reasonsByYear.set(year, byDate);
    return byDate;
  }

  function nonWorkingReasons(date: LocalDate): NonWorkingReason[] {
    assertLocalDate(date);
    const reasons = [...(holidaysByDate(Number(date.slice(0, 4))).get(date) ?? [])];
    const wd = isoWeekday(date);
    if (weekend.has(wd)) reasons.push({ date, kind: 'weekend', name: WEEKDAY_NAMES_ID[wd], source: 'weekday' });
    return reasons;
  }

  function isWorkingDay(date: LocalDate): boolean {
    let w = workingMemo.get(date);
    if (w === undefined) {
      w = nonWorkingReasons(date).length === 0;
      workingMemo.set(date, w);
    }
    return w;
  }

  function nextWorkingDay(date: LocalDate): LocalDate {
    const cached = nextWorkingMemo.get(date);
    if (cached) return cached;
    let d = date;
    for (let i = 0; i < MAX_SCAN_DAYS; i++) {
      d = addDays(d, 1);
      if (isWorkingDay(d)) return remember(nextWorkingMemo, date, d);
    }
    throw new RangeError(`no working day within ${MAX_SCAN_DAYS} days after ${date}`);
  }

  function addWorkingDaysToDate(date: LocalDate, n: number): LocalDate {
    assertLocalDate(date);
    assertCount(n, 'working days');
    let d = date;
    for (let i = 0; i < n; i++) d = nextWorkingDay(d);
    return d;
  }

  const atLocal = (day: number, minutes: number): number => wallClockMillis(day, Math.floor(minutes / 60), minutes % 60, zone);
  function office(date: LocalDate): { start: number; end: number } {
    let o = officeMemo.get(date);
    if (!o) {
      const day = dayNumber(date);
      o = remember(officeMemo, date, { start: atLocal(day, startMin), end: atLocal(day, endMin) });
    }
    return o;
  }
  const officeStart = (date: LocalDate) => new Date(office(date).start);
  const officeEnd = (date: LocalDate) => new Date(office(date).end);

  function localDateOf(instant: Date): LocalDate {
    assertInstant(instant, 'instant');
    return localDateAt(instant.getTime(), zone);
  }

  function isWithinOfficeHours(instant: Date): boolean {
    const date = localDateOf(instant);
    if (!isWorkingDay(date)) return false;
    const t = instant.getTime();
    const o = office(date);
    return t >= o.start && t < o.end;
  }

  function nextWorkingStart(instant: Date): Date {
    const date = localDateOf(instant);
    if (isWorkingDay(date)) {
      const t = instant.getTime();
      const o = office(date);
      if (t < o.start) return new Date(o.start);
      // Office close itself is outside office hours: at 16:00 sharp nobody is there to start.
      if (t < o.end) return new Date(t);
    }
    return officeStart(nextWorkingDay(date));
  }

  function addWorkingDays(start: Date, n: number): Date {
    assertCount(n, 'working days');
    const clockDate = localDateOf(nextWorkingStart(start));
    return officeEnd(addWorkingDaysToDate(clockDate, n));
  }

  function workingDaysBetweenDates(a: LocalDate, b: LocalDate): number {
    assertLocalDate(a);
    assertLocalDate(b);
    if (a === b) return 0;
    const [lo, hi, sign] = a < b ? [a, b, 1] : [b, a, -1];
    let count = 0;
    for (let d = addDays(lo, 1); d <= hi; d = addDays(d, 1)) if (isWorkingDay(d)) count++;
    return count === 0 ? 0 : sign * count;
  }

  function workingDaysBetween(a: Date, b: Date): number {
    return workingDaysBetweenDates(localDateOf(a), localDateOf(b));
  }

  function addHours(start: Date, hours: number): Date {
    assertInstant(start, 'start');
    if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`hours must be a number >= 0, got ${hours}`);
    return new Date(start.getTime() + Math.round(hours * 3_600_000));
  }

  const label = (at: Date) => zoneLabel(zone, at);
  function formatDate(date: LocalDate, lang: Lang = 'id'): string {
    assertLocalDate(date);
    const dt = DateTime.fromISO(date, { zone }).setLocale(lang);
    return lang === 'id' ? dt.toFormat('cccc d LLL yyyy') : dt.toFormat('ccc d LLL yyyy');
  }
  function formatInstant(instant: Date, lang: Lang = 'id'): string {
    assertInstant(instant, 'instant');
    const dt = DateTime.fromJSDate(instant, { zone });
    return `${formatDate(dt.toISODate() as LocalDate, lang)} ${dt.toFormat('HH:mm')} ${label(instant)}`;
  }

  function explainWorkingDays(start: Date, n: number): WorkingDaysExplanation {
    assertCount(n, 'working days');
    const clockStart = nextWorkingStart(start);
    const startDate = localDateOf(start);
    const clockDate = localDateOf(clockStart);
    let startShift: WorkingDaysExplanation['startShift'] = null;
    if (clockStart.getTime() !== start.getTime()) {
      if (!isWorkingDay(startDate)) startShift = { kind: 'non_working_day', reason: nonWorkingReason(startDate) };
      else if (start.getTime() < officeStart(startDate).getTime()) startShift = { kind: 'before_office_hours', reason: null };
      else startShift = { kind: 'after_office_hours', reason: null };
    }
    const skippedDays: NonWorkingReason[] = [];
    for (let d = startDate; d < clockDate; d = addDays(d, 1)) {
      const r = nonWorkingReason(d);
      if (r) skippedDays.push(r);
    }
    const countedDays: LocalDate[] = [];
    let d = clockDate;
    while (countedDays.length < n) {
      d = addDays(d, 1);
      const r = nonWorkingReason(d);
      if (r) skippedDays.push(r);
      else countedDays.push(d);
    }
    const dueDate = n === 0 ? clockDate : countedDays[n - 1];
    const deadline = officeEnd(dueDate);

    const shiftText: Record<Lang, string> = { id: '', en: '' };
    if (startShift) {
      const why =
        startShift.kind === 'non_working_day'
          ? { id: `hari libur: ${startShift.reason?.name ?? ''}`, en: `non-working day: ${startShift.reason?.name ?? ''}` }
          : startShift.kind === 'before_office_hours'
            ? { id: 'sebelum jam kerja', en: 'before office hours' }
            : { id: 'di luar jam kerja', en: 'after office hours' };
      shiftText.id = ` (${why.id}); dihitung mulai ${formatInstant(clockStart, 'id')}`;
      shiftText.en = ` (${why.en}); counted from ${formatInstant(clockStart, 'en')}`;
    }
    const list = (lang: Lang) => countedDays.map((x) => formatDate(x, lang)).join(', ');
    const skipped = (lang: Lang) =>
      skippedDays.length === 0
        ? ''
        : lang === 'id'
          ? ` Dilewati: ${skippedDays.map((s) => `${s.date} (${s.name})`).join(', ')}.`
          : ` Skipped: ${skippedDays.map((s) => `${s.date} (${s.name})`).join(', ')}.`;
    const text: Record<Lang, string> = {
      id:
        `Diterima ${formatInstant(start, 'id')}${shiftText.id}. ${n} hari kerja` +
        (n > 0 ? `: ${list('id')}.` : ' (hari yang sama).') +
        `${skipped('id')} Batas waktu: ${formatInstant(deadline, 'id')}.`,
      en:
        `Received ${formatInstant(start, 'en')}${shiftText.en}. ${n} working day${n === 1 ? '' : 's'}` +
        (n > 0 ? `: ${list('en')}.` : ' (same day).') +
        `${skipped('en')} Due by ${formatInstant(deadline, 'en')}.`,
    };
    return { receivedAt: new Date(start.getTime()), clockStart, startShift, workingDays: n, countedDays, skippedDays, deadline, text };
  }

  function nonWorkingReason(date: LocalDate): NonWorkingReason | null {
    return nonWorkingReasons(date)[0] ?? null;
  }

  function holidaysOf(year: number): NonWorkingReason[] {
    if (!Number.isInteger(year)) throw new RangeError(`year must be an integer, got ${year}`);
    return [...holidaysByDate(year).values()].flat().sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : KIND_ORDER[a.kind] - KIND_ORDER[b.kind]));
  }

  return {
    zone,
    officeHours,
    options: {
      zone,
      officialDays: [...officialByYear.values()].flat(),
      useLibraryHolidays: useLibrary,
      officeHours: { ...officeHours },
      weekendDays: [...weekend],
    },
    localDateOf,
    isWorkingDay: (date) => {
      assertLocalDate(date);
      return isWorkingDay(date);
    },
    nonWorkingReasons,
    nonWorkingReason,
    holidaysOf,
    sourceForYear,
    nextWorkingDay: (date) => {
      assertLocalDate(date);
      return nextWorkingDay(date);
    },
    addWorkingDaysToDate,
    officeStart,
    officeEnd,
    isWithinOfficeHours,
    nextWorkingStart,
    addWorkingDays,
    explainWorkingDays,
    workingDaysBetween,
    workingDaysBetweenDates,
    addHours,
    formatInstant,
    formatDate,
  };
}
