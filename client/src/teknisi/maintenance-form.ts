// The maintenance window form: what the technician types (dates and clock times in WIB) and the
// MaintenanceWindowSpec the server stores. People think "Sunday 01:00 to 03:00", so recurring
// windows are entered as a start and an end time and sent as startTime + durationMinutes (an end
// at or before the start means the next day). Pure, so each rule is unit-tested; the server
// validates again.
import type { MaintenanceWindowRequest, MaintenanceWindowSpec } from '../../../shared/teknisi-api.ts';
import type { MessageKey } from '../i18n/i18n.ts';
import { hhmmOf, minutesOfDay } from './teknisi-format.ts';

/** WIB is UTC+7 all year (no daylight saving), so a WIB wall-clock time has a fixed offset. */
export const WIB_OFFSET = '+07:00';
const WIB_OFFSET_MS = 7 * 3600_000;
export const NOTE_MAX = 500;

export type WindowKind = MaintenanceWindowSpec['kind'];

export interface MaintenanceForm {
  kind: WindowKind;
  /** YYYY-MM-DD, WIB (once). */
  startDate: string;
  /** HH:mm, WIB (all kinds). */
  startTime: string;
  /** YYYY-MM-DD, WIB (once). */
  endDate: string;
  /** HH:mm, WIB (all kinds). */
  endTime: string;
  /** ISO weekday, 1 = Monday ... 7 = Sunday (weekly). */
  weekday: number;
  note: string;
  /** Kept from an edited recurring window; the form does not show them. */
  activeFrom: string | null;
  activeUntil: string | null;
}

export type FormField = 'startDate' | 'startTime' | 'endDate' | 'endTime' | 'weekday' | 'note';
export interface FormError {
  field: FormField;
  key: MessageKey;
  params?: Record<string, string | number>;
}

export type FormResult = { ok: true; request: MaintenanceWindowRequest; durationMinutes: number } | { ok: false; errors: FormError[] };

/** WIB date and clock time of an instant. */
export function wibParts(at: number): { date: string; time: string } {
  const iso = new Date(at + WIB_OFFSET_MS).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** ISO instant (with the WIB offset) of a WIB date and clock time; null when either is malformed. */
export function wibInstant(date: string, time: string): string | null {
  const t = normaliseTime(time);
  if (!isCalendarDate(date) || t === null) return null;
  return `${date}T${t}:00${WIB_OFFSET}`;
}

/** Accepts "HH:mm" and "HH:mm:ss" (some browsers' time inputs), returns "HH:mm". */
export function normaliseTime(time: string): string | null {
  const m = /^(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(time.trim());
  if (!m) return null;
  const hhmm = `${m[1]}:${m[2]}`;
  return minutesOfDay(hhmm) === null ? null : hhmm;
}

export function isCalendarDate(date: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** ISO weekday (1 = Monday) of a WIB instant. */
export function wibWeekday(at: number): number {
  const d = new Date(at + WIB_OFFSET_MS).getUTCDay();
  return d === 0 ? 7 : d;
}

/**
 * A new form: once, from the next full hour (WIB) for two hours; the weekly day is today's, so
 * switching to "every week" starts from a sensible choice.
 */
export function defaultForm(now: number): MaintenanceForm {
  const nextHour = Math.ceil((now + 60_000) / 3600_000) * 3600_000;
  const start = wibParts(nextHour);
  const end = wibParts(nextHour + 2 * 3600_000);
  return {
    kind: 'once',
    startDate: start.date,
    startTime: start.time,
    endDate: end.date,
    endTime: end.time,
    weekday: wibWeekday(nextHour),
    note: '',
    activeFrom: null,
    activeUntil: null,
  };
}

/** The form for editing a stored window (the `now` fills the fields the kind does not use). */
export function formFromSpec(spec: MaintenanceWindowSpec, note: string | null, now: number): MaintenanceForm {
  const base = defaultForm(now);
  if (spec.kind === 'once') {
    const s = wibParts(Date.parse(spec.start));
    const e = wibParts(Date.parse(spec.end));
    return { ...base, kind: 'once', startDate: s.date, startTime: s.time, endDate: e.date, endTime: e.time, note: note ?? '' };
  }
  const startMin = minutesOfDay(spec.startTime) ?? 0;
  return {
    ...base,
    kind: spec.kind,
    startTime: spec.startTime,
    endTime: hhmmOf(startMin + spec.durationMinutes),
    weekday: spec.kind === 'weekly' ? spec.weekday : base.weekday,
    note: note ?? '',
    activeFrom: spec.activeFrom ?? null,
    activeUntil: spec.activeUntil ?? null,
  };
}

/**
 * Validates the form and builds the request. `now` rejects a one-off window that has already
 * ended (it would do nothing). Errors carry the field, so each shows next to its input.
 */
export function formToRequest(form: MaintenanceForm, now: number): FormResult {
  const errors: FormError[] = [];
  const note = form.note.trim();
  if (note.length > NOTE_MAX) errors.push({ field: 'note', key: 'tkErrNoteLong', params: { n: NOTE_MAX } });
  const startTime = normaliseTime(form.startTime);
  const endTime = normaliseTime(form.endTime);
  if (startTime === null) errors.push({ field: 'startTime', key: 'tkErrTime' });
  if (endTime === null) errors.push({ field: 'endTime', key: 'tkErrTime' });

  let spec: MaintenanceWindowSpec | null = null;
  let durationMinutes = 0;
  if (form.kind === 'once') {
    if (!isCalendarDate(form.startDate)) errors.push({ field: 'startDate', key: 'tkErrDate' });
    if (!isCalendarDate(form.endDate)) errors.push({ field: 'endDate', key: 'tkErrDate' });
    const start = wibInstant(form.startDate, form.startTime);
    const end = wibInstant(form.endDate, form.endTime);
    if (start && end) {
      const s = Date.parse(start);
      const e = Date.parse(end);
      if (e <= s) errors.push({ field: 'endTime', key: 'tkErrEndBeforeStart' });
      else if (e <= now) errors.push({ field: 'endTime', key: 'tkErrEndPast' });
      durationMinutes = Math.round((e - s) / 60_000);
      spec = { kind: 'once', start, end };
    }
  } else if (startTime !== null && endTime !== null) {
    const s = minutesOfDay(startTime) as number;
    const e = minutesOfDay(endTime) as number;
    if (s === e) errors.push({ field: 'endTime', key: 'tkErrSameTime' });
    // An end at or before the start is on the next day: 23:00-01:00 lasts two hours.
    durationMinutes = (e - s + 1440) % 1440;
    const limits = {
      ...(form.activeFrom ? { activeFrom: form.activeFrom } : {}),
      ...(form.activeUntil ? { activeUntil: form.activeUntil } : {}),
    };
    if (form.kind === 'daily') spec = { kind: 'daily', startTime, durationMinutes, ...limits };
    else {
      if (!(Number.isInteger(form.weekday) && form.weekday >= 1 && form.weekday <= 7)) errors.push({ field: 'weekday', key: 'tkErrWeekday' });
      spec = { kind: 'weekly', weekday: form.weekday, startTime, durationMinutes, ...limits };
    }
  }
  if (errors.length > 0 || spec === null) return { ok: false, errors };
  return { ok: true, request: note ? { window: spec, note } : { window: spec }, durationMinutes };
}

/** The first error for a field, if any. */
export function errorFor(errors: readonly FormError[], field: FormField): FormError | undefined {
  return errors.find((e) => e.field === field);
}
