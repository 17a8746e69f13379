// Pure rules of the deadline-rule sections: the preview sentence, a month as weeks for the year
// view, and how a day of the year is marked (a letter as well as a colour).
import type { CalendarDayKind, CalendarDayView, RuleChangeOutcome } from '../../../shared/admin-rules-api.ts';
import { daysInMonth, isoWeekday } from '../../../shared/calendar-date.ts';
import type { RulesText } from './rules-text.ts';

/** What the confirmation says before a rule change is saved. */
export function previewSentence(r: RulesText, o: Pick<RuleChangeOutcome, 'moved' | 'openComplaints'>): string {
  return o.moved > 0 ? r('previewMoves', { moved: o.moved, open: o.openComplaints }) : r('previewNone', { open: o.openComplaints });
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The weeks of a month, Monday first; null where a week cell is in another month. */
export function monthWeeks(year: number, month: number): (string | null)[][] {
  const first = `${year}-${pad(month)}-01`;
  const lead = isoWeekday(first) - 1;
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  for (let d = 1; d <= daysInMonth(year, month); d++) cells.push(`${year}-${pad(month)}-${pad(d)}`);
  while (cells.length % 7) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

export type DayMark = { kind: CalendarDayKind; name: string; library: boolean } | { kind: 'weekend' } | null;

/** How a date is marked in the year view: its day off, a weekend, or nothing (a working day). */
export function dayMark(date: string, byDate: ReadonlyMap<string, CalendarDayView>): DayMark {
  const day = byDate.get(date);
  if (day) return { kind: day.kind, name: day.name, library: day.source === 'library' };
  return isoWeekday(date) >= 6 ? { kind: 'weekend' } : null;
}
