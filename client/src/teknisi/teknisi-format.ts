// Texts for the technicians' screen that the shared i18n does not have: short dates, "since"
// phrases, outage lengths, maintenance window descriptions. Pure (the clock is a parameter), so
// every phrase is unit-tested. Times are WIB whatever the phone's own time zone is.
import { CITY_TIME_ZONE } from '../../../shared/domain-constants.ts';
import type { AvailabilityView, IncidentView, MaintenanceWindowSpec } from '../../../shared/teknisi-api.ts';
import type { I18n, Lang, MessageKey } from '../i18n/i18n.ts';
import { textIn, type ApiFailure } from './teknisi-api.ts';

const dayFormats = new Map<Lang, Intl.DateTimeFormat>();
const dayKeyFormat = new Intl.DateTimeFormat('en-CA', { timeZone: CITY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The WIB calendar day of an instant, YYYY-MM-DD. */
export function wibDay(at: number): string {
  // A malformed timestamp from the server must cost one text, not the whole page (Intl throws).
  return Number.isFinite(at) ? dayKeyFormat.format(at) : '';
}

/** "5 Mar" (id: "5 Mar", en: "5 Mar"), in WIB. */
export function shortDate(at: number, lang: Lang): string {
  if (!Number.isFinite(at)) return '–';
  let f = dayFormats.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { timeZone: CITY_TIME_ZONE, day: 'numeric', month: 'short' });
    dayFormats.set(lang, f);
  }
  return f.format(at);
}

/** "14.05" today, "3 Mar 14.05" on another day (WIB; ":" in English). */
export function clockOrDate(at: number, now: number, i18n: Pick<I18n, 'lang' | 'timeShort'>): string {
  return clockOrDateOn(at, wibDay(now), i18n);
}

/**
 * The same with today's WIB day given: a component that derives `today` from a 1 Hz clock then
 * redraws these texts once a day, not every second.
 */
export function clockOrDateOn(at: number, today: string, i18n: Pick<I18n, 'lang' | 'timeShort'>): string {
  if (!Number.isFinite(at)) return '–';
  const time = i18n.timeShort(at);
  return wibDay(at) === today ? time : `${shortDate(at, i18n.lang)} ${time}`;
}

/** "sejak 14.05 WIB" / "since 3 Mar 14:05 WIB". */
export function sinceText(openedAt: string, now: number, i18n: Pick<I18n, 'lang' | 'timeShort' | 't'>): string {
  return i18n.t('tkSince', { time: clockOrDate(Date.parse(openedAt), now, i18n) });
}

/**
 * How long an outage lasted or has lasted so far (ms, never negative). An open one runs to
 * `now`, which the caller corrects for the server's clock.
 */
export function outageMs(openedAt: string, resolvedAt: string | null, now: number): number {
  const end = resolvedAt ? Date.parse(resolvedAt) : now;
  const ms = end - Date.parse(openedAt);
  return Number.isFinite(ms) ? Math.max(0, ms) : 0;
}

/** "HH:mm" wall-clock string in the page's style: "01.30" (id) or "01:30" (en). */
export function wallClock(hhmm: string, lang: Lang): string {
  return lang === 'en' ? hhmm : hhmm.replace(':', '.');
}

/** Minutes after midnight of "HH:mm"; null when malformed. */
export function minutesOfDay(hhmm: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** "HH:mm" of a minute of the day (wraps past midnight). */
export function hhmmOf(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/**
 * One line for a maintenance window: "Setiap Minggu 01.00–03.00 WIB", "Setiap hari
 * 23.00–01.00 WIB", "Sekali: 5 Mar 22.00 – 6 Mar 02.00 WIB" (one date when both ends are on the
 * same WIB day). A recurring window limited in time says so: "…, mulai 1 Mar, sampai 30 Apr".
 */
export function describeWindow(spec: MaintenanceWindowSpec, i18n: Pick<I18n, 'lang' | 'timeShort' | 't' | 'duration'>): string {
  const lang = i18n.lang;
  if (spec.kind === 'once') {
    const s = Date.parse(spec.start);
    const e = Date.parse(spec.end);
    const start = `${shortDate(s, lang)} ${i18n.timeShort(s)}`;
    const end = wibDay(s) === wibDay(e) ? i18n.timeShort(e) : `${shortDate(e, lang)} ${i18n.timeShort(e)}`;
    return i18n.t('tkMaintOnce', { range: `${start} – ${end}` });
  }
  const startMin = minutesOfDay(spec.startTime) ?? 0;
  const from = wallClock(spec.startTime, lang);
  const to = wallClock(hhmmOf(startMin + spec.durationMinutes), lang);
  const weekday = spec.kind === 'weekly' ? i18n.t(weekdayKey(spec.weekday)) : '';
  // A weekly window of a day or more ends on a later day: say how long, not a misleading range.
  const text =
    spec.kind === 'daily'
      ? i18n.t('tkMaintDaily', { from, to })
      : spec.durationMinutes >= 1440
        ? i18n.t('tkMaintWeeklyLong', { weekday, from, duration: i18n.duration(spec.durationMinutes * 60_000) })
        : i18n.t('tkMaintWeekly', { weekday, from, to });
  const limits: string[] = [];
  if (spec.activeFrom) limits.push(i18n.t('tkMaintActiveFrom', { date: shortDate(Date.parse(spec.activeFrom), lang) }));
  if (spec.activeUntil) limits.push(i18n.t('tkMaintActiveUntil', { date: shortDate(Date.parse(spec.activeUntil), lang) }));
  return limits.length ? `${text}, ${limits.join(', ')}` : text;
}

export function weekdayKey(weekday: number): MessageKey {
  const n = Number.isInteger(weekday) && weekday >= 1 && weekday <= 7 ? weekday : 1;
  return `weekday_${n}` as MessageKey;
}

/**
 * Availability as a percentage with enough decimals to tell 99.9 from 99.99 (a whole number
 * would read "100%" after a five-minute outage): one decimal below 99, two from 99, and never
 * "100" unless nothing was down. Null (no data) is an en dash.
 */
export function availabilityText(view: Pick<AvailabilityView, 'percent' | 'downMs'>, lang: Lang): string {
  if (view.percent === null || !Number.isFinite(view.percent)) return '–';
  const p = view.percent;
  if (p >= 100 && view.downMs <= 0) return '100%';
  const digits = p >= 99 ? 2 : 1;
  const factor = 10 ** digits;
  // Round down so an outage never disappears into "100".
  let shown = Math.floor(p * factor) / factor;
  if (shown >= 100) shown = 100 - 1 / factor;
  return `${new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID', { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(shown)}%`;
}

/** "123 ms", "1,2 s" (id) / "1.2 s" (en), or an en dash. */
export function latencyText(ms: number | null | undefined, lang: Lang): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: 1 }).format(ms / 1000)} s`;
}

/** What to tell the technician when a call failed (401 is handled by sending them to /login). */
export function failureText(failure: ApiFailure, i18n: Pick<I18n, 'lang' | 't'>): string {
  switch (failure.kind) {
    case 'refused':
      return i18n.lang === 'en' ? failure.refusal.message.en : failure.refusal.message.id;
    case 'network':
      return i18n.t('tkErrNetwork');
    case 'forbidden':
    case 'unauthorized':
      return i18n.t('tkErrForbidden');
    case 'not_found':
      return failure.message ? textIn(failure.message, i18n.lang) : i18n.t('tkErrNotFound');
    case 'invalid':
      return i18n.t('tkErrInvalid', { detail: failure.message ? textIn(failure.message, i18n.lang) : '?' });
    case 'server':
      return i18n.t('tkErrServer');
  }
}

/** One line for a resolved incident: "11.58 → 12.31 WIB · ditangani oleh Andi P. · pulih sendiri" (`today`: WIB YYYY-MM-DD). */
export function resolvedLine(
  i: { openedAt: string; resolvedAt: string | null; acknowledgedBy: string | null; resolvedBy: string | null },
  today: string,
  i18n: Pick<I18n, 'lang' | 'timeShort' | 't'>,
): string {
  const range = `${clockOrDateOn(Date.parse(i.openedAt), today, i18n)} → ${i.resolvedAt ? clockOrDateOn(Date.parse(i.resolvedAt), today, i18n) : '–'} WIB`;
  const bySystem = !i.resolvedBy || i.resolvedBy === 'system';
  const parts = [range];
  // "handled by X" only when it adds something: not when X also resolved it.
  if (i.acknowledgedBy && i.acknowledgedBy !== i.resolvedBy) parts.push(i18n.t('alertsHandledBy', { name: i.acknowledgedBy }));
  parts.push(bySystem ? i18n.t('tkRecoveredAlone') : i18n.t('tkResolvedBy', { name: i.resolvedBy as string }));
  return parts.join(' · ');
}

/**
 * What a timeline entry says, in the page's language. The system's own entries are told by their
 * kind alone: the notes it once wrote ("pulih otomatis / recovered") were in both languages at
 * once, and were never the reader's words anyway.
 */
export function timelineEvent(e: IncidentView['timeline'][number], i18n: Pick<I18n, 't'>): { label: string; actor: string; note: string | null } {
  const bySystem = !e.actor || e.actor === 'system';
  const label = e.kind === 'resolved' && bySystem ? i18n.t('event_recovered') : i18n.t(`event_${e.kind}` as MessageKey);
  return { label, actor: bySystem ? i18n.t('tkSystem') : (e.actor as string), note: bySystem ? null : e.note };
}
