// The deadline rules of the admin API: categories with their SLA targets
// (/api/v1/admin/categories) and the holiday calendar (/api/v1/admin/calendar). Request and
// response shapes, used by the server routes and the /admin console. The server's zod schemas
// (server/rules/rules-input.ts) judge the requests; these types say what they look like.
import type { LocalDate } from './calendar-date.ts';

/** Kinds of a non-working day an admin can enter. */
export const CALENDAR_DAY_KINDS = ['national', 'cuti_bersama', 'closure'] as const;
export type CalendarDayKind = (typeof CALENDAR_DAY_KINDS)[number];

/**
 * Every saving call takes `?dryRun=1`: the same checks and the same recompute, nothing stored,
 * and the answer says how many open complaints the change would move (the "preview").
 */
export interface RuleChangeOutcome {
  /** Open complaints judged again with the new rule (in scope of the change). */
  openComplaints: number;
  /** Of those, how many had a deadline that moves. */
  moved: number;
  /** rule_versions.id of the change; null on a dry run. */
  rulesVersion: number | null;
  dryRun: boolean;
}

// ---------------------------------------------------------------- categories

export interface CategoryView {
  code: string;
  name: string;
  nameEn: string | null;
  group: string;
  /** The OPD complaints of this category normally go to. */
  opd: string | null;
  /** An external body (PLN, PDAM) it goes to instead, set by the seed; not edited here. */
  external: string | null;
  /** Emergency categories count hours around the clock; the others count working days. */
  emergency: boolean;
  dispatchWorkingDays: number;
  firstResponseWorkingDays: number;
  resolutionWorkingDays: number;
  /** Set when `emergency`. */
  firstResponseHours: number | null;
  resolutionHours: number | null;
  /** Open complaints of the category now. */
  openComplaints: number;
}

export interface CategoriesResponse {
  categories: CategoryView[];
  groups: readonly string[];
}

/** POST /categories (all fields) and PATCH /categories/:code (any of them but `code`). */
export interface CategoryBody {
  code: string;
  name: string;
  nameEn?: string | null;
  group: string;
  opd?: string | null;
  emergency: boolean;
  dispatchWorkingDays: number;
  firstResponseWorkingDays: number;
  resolutionWorkingDays: number;
  /** Required when `emergency`. */
  firstResponseHours?: number | null;
  resolutionHours?: number | null;
}

export interface CategoryResponse extends RuleChangeOutcome {
  category: CategoryView;
}

// ---------------------------------------------------------------- holiday calendar

export interface CalendarDayView {
  date: LocalDate;
  kind: CalendarDayKind;
  name: string;
  /** 'official': entered in Pantau (seeded or by an admin); 'library': computed for a year without an official list. */
  source: 'official' | 'library';
}

export interface CalendarYearResponse {
  year: number;
  /** Where the year's national holidays come from: the list entered in Pantau, or the library stand-in. */
  source: 'official' | 'library' | 'none';
  /** Non-working days of the year other than weekends, in date order. */
  days: CalendarDayView[];
  /** Days an admin took off the list (an official or library day that is a working day after all). */
  removed: { date: LocalDate; name: string }[];
}

/** PUT /calendar/days/:date: add a day, or change it (one entry per date). */
export interface CalendarDayBody {
  kind: CalendarDayKind;
  name: string;
}

export interface CalendarDayResponse extends RuleChangeOutcome {
  day: CalendarDayView | null;
}

/** POST /calendar/import: a year's official list, as the JSON file of shared/reference or as CSV (date,kind,name). */
export interface CalendarImportBody {
  format: 'json' | 'csv';
  content: string;
}

export interface CalendarImportDiff {
  year: number;
  added: CalendarDayView[];
  changed: { date: LocalDate; before: CalendarDayView; after: CalendarDayView }[];
  removed: CalendarDayView[];
}

export interface CalendarImportResponse extends RuleChangeOutcome {
  diff: CalendarImportDiff;
}
