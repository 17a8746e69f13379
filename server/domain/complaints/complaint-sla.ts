// SLA clocks of a complaint, evaluated at an instant `now` (passed in; nothing here reads a clock).
//
// Two clocks (DESIGN section 3; full rules in README.md):
// - the CITIZEN's clock runs from submission: dispatch (triage), first response, resolution;
// - the OPD's clock restarts at each dispatch: first response and resolution, per assignment.
//   A misroute therefore costs the citizen's clock and the dispatcher's record, never the OPD
//   that finally receives the complaint.
// Definitions:
// - dispatch (triage) done = the first change out of received/verified (dispatched, or straight
//   to in_progress/resolved/closed, or rejected to an external body, or marked duplicate);
// - first response = the first in_progress, or resolved/closed when in_progress was skipped;
//   for the OPD: the first one at or after its (current) dispatch;
// - OPD resolution = the first resolved or closed at or after its dispatch (a later reopen does
//   not undo it; a new dispatch starts a new assignment with its own clocks);
// - citizen resolution = the first resolved/closed after the last reopen, and only while the
//   complaint is still resolved/closed: a reopened complaint is not resolved for the citizen.
// A deadline met exactly (done at the deadline instant) is on time. Working-day deadlines follow
// the calendar's rule (office close on the n-th working day after the clock-start day);
// emergency categories count hours around the clock.
import type { CategorySla } from '../../../db/schema.ts';
import { isOpenStatus, type ComplaintStatus } from '../../../shared/domain-constants.ts';
import type { Lang, WorkingCalendar } from '../calendar/working-calendar.ts';
import {
  RESOLUTION_STATUSES,
  RESPONSE_STATUSES,
  isHandBack,
  stateAsOf,
  toIsoInstant,
  type Bilingual,
  type ComplaintHistoryEntry,
  type ComplaintState,
  type DispatchMark,
} from './complaint-lifecycle.ts';

export type { CategorySla };

/** SP4N-LAPOR! defaults (medan.json `sla_defaults`). */
export const DEFAULT_SLA: CategorySla = { dispatchWorkingDays: 3, firstResponseWorkingDays: 5, resolutionWorkingDays: 10 };
export const DEFAULT_EMERGENCY_SLA: NonNullable<CategorySla['emergency']> = { firstResponseHours: 1, resolutionHours: 24 };

/** medan.json `sla_defaults`. */
export interface SlaDefaultsRow {
  dispatch_working_days: number;
  first_response_working_days: number;
  resolution_working_days: number;
  emergency?: { first_response_hours: number; resolution_hours: number };
}

export function slaPolicyForCategory(category: { emergency?: boolean }, defaults: SlaDefaultsRow): CategorySla {
  const policy: CategorySla = {
    dispatchWorkingDays: defaults.dispatch_working_days,
    firstResponseWorkingDays: defaults.first_response_working_days,
    resolutionWorkingDays: defaults.resolution_working_days,
  };
  if (category.emergency) {
    policy.emergency = defaults.emergency
      ? { firstResponseHours: defaults.emergency.first_response_hours, resolutionHours: defaults.emergency.resolution_hours }
      : { ...DEFAULT_EMERGENCY_SLA };
  }
  return policy;
}

export function slaPoliciesFromDefaults(categories: readonly { code: string; emergency?: boolean }[], defaults: SlaDefaultsRow): Record<string, CategorySla> {
  return Object.fromEntries(categories.map((c) => [c.code, slaPolicyForCategory(c, defaults)]));
}

export type ClockBasis = { kind: 'working_days'; days: number } | { kind: 'hours'; hours: number };

/**
 * The three targets of a policy. Emergency categories count hours around the clock; their
 * dispatch target is the first-response window (an emergency must reach the OPD at least as
 * fast as the OPD must respond).
 */
export function clockBases(policy: CategorySla): { dispatch: ClockBasis; firstResponse: ClockBasis; resolution: ClockBasis } {
  if (policy.emergency) {
    return {
      dispatch: { kind: 'hours', hours: policy.emergency.firstResponseHours },
      firstResponse: { kind: 'hours', hours: policy.emergency.firstResponseHours },
      resolution: { kind: 'hours', hours: policy.emergency.resolutionHours },
    };
  }
  return {
    dispatch: { kind: 'working_days', days: policy.dispatchWorkingDays },
    firstResponse: { kind: 'working_days', days: policy.firstResponseWorkingDays },
    resolution: { kind: 'working_days', days: policy.resolutionWorkingDays },
  };
}

export function deadlineFor(calendar: WorkingCalendar, start: Date, basis: ClockBasis): Date {
  return basis.kind === 'hours' ? calendar.addHours(start, basis.hours) : calendar.addWorkingDays(start, basis.days);
}

/**
 * The earliest start of a clock, under any of `policies`, whose deadline can be at or after
 * `from`: a report judging the clocks due from `from` on must read every complaint active since
 * then (a complaint resolved early in the month before still has its deadline in this one).
 * Deadlines never move backwards when the start moves forwards, so stepping back until one falls
 * before `from` finds it.
 */
export function earliestClockStartDueFrom(from: Date, policies: Iterable<CategorySla>, calendar: WorkingCalendar): Date {
  const fromMs = from.getTime();
  const DAY = 24 * 3_600_000;
  let earliest = fromMs;
  for (const policy of policies) {
    for (const basis of Object.values(clockBases(policy))) {
      let start = fromMs - (basis.kind === 'hours' ? basis.hours * 3_600_000 : basis.days * DAY);
      while (deadlineFor(calendar, new Date(start), basis).getTime() >= fromMs) start -= DAY;
      earliest = Math.min(earliest, start);
    }
  }
  return new Date(earliest);
}

/**
 * - on_time / late: done, at or before / after the deadline;
 * - running: not done, deadline not passed; overdue: not done, deadline passed (at `now`);
 * - not_applicable: the clock does not apply (never started, or the complaint left this clock
 *   undone: re-routed away, rejected to an external body, marked duplicate).
 */
export type ClockState = 'on_time' | 'late' | 'running' | 'overdue' | 'not_applicable';

export interface ClockResult {
  state: ClockState;
  basis: ClockBasis;
  /** The event that starts the clock (submission or dispatch), ISO UTC. */
  startedAt: string | null;
  /** When it starts counting after the office-hours rule (= startedAt for hour clocks). */
  countsFrom: string | null;
  deadline: string | null;
  doneAt: string | null;
  /** For late/overdue: how far past the deadline (done time, or `now`), in ms; else null. */
  lateByMs: number | null;
  /** For late/overdue working-day clocks: working days past the deadline's day (0 = late on the due day). */
  lateByWorkingDays: number | null;
}

export interface AssignmentClocks {
  opd: string;
  dispatchedAt: string;
  /** Who dispatched (null when unknown, e.g. a channel that skipped the dispatch step). */
  dispatchedBy: string | null;
  mark: DispatchMark;
  /** How this assignment ended without being done, or null while it is in force. */
  endedBy: 'reroute' | 'redispatch' | 'rejected' | 'duplicate' | 'handed_back' | null;
  endedAt: string | null;
  firstResponse: ClockResult;
  resolution: ClockResult;
}

export interface ComplaintAssessment {
  id: string;
  category: string;
  kecamatan: string | null;
  emergency: boolean;
  /** Status and OPD as of `now`. */
  status: ComplaintStatus;
  /** Source time of that status. */
  statusAt: string;
  opd: string | null;
  open: boolean;
  asOf: string;
  submittedAt: string;
  citizen: { dispatch: ClockResult; firstResponse: ClockResult; resolution: ClockResult };
  /** Every OPD assignment, oldest first. */
  assignments: AssignmentClocks[];
  /** The assignment in force: the last one, unless the complaint was then rejected or marked duplicate. */
  current: AssignmentClocks | null;
  overdue: {
    dispatch: boolean;
    citizenFirstResponse: boolean;
    citizenResolution: boolean;
    opdFirstResponse: boolean;
    opdResolution: boolean;
    any: boolean;
  };
  /** The earliest deadline of a running clock: when this complaint next turns overdue. */
  nextDeadline: string | null;
}

function clock(
  calendar: WorkingCalendar,
  basis: ClockBasis,
  startedAt: string | null,
  doneAt: string | null,
  applicable: boolean,
  nowMs: number,
): ClockResult {
  if (!startedAt) return { state: 'not_applicable', basis, startedAt: null, countsFrom: null, deadline: null, doneAt, lateByMs: null, lateByWorkingDays: null };
  const start = new Date(startedAt);
  const countsFrom = basis.kind === 'hours' ? start : calendar.nextWorkingStart(start);
  const deadline = deadlineFor(calendar, start, basis);
  const result: ClockResult = {
    state: 'not_applicable',
    basis,
    startedAt,
    countsFrom: countsFrom.toISOString(),
    deadline: deadline.toISOString(),
    doneAt,
    lateByMs: null,
    lateByWorkingDays: null,
  };
  const until = doneAt ? Date.parse(doneAt) : nowMs;
  if (doneAt) result.state = until <= deadline.getTime() ? 'on_time' : 'late';
  else if (applicable) result.state = nowMs > deadline.getTime() ? 'overdue' : 'running';
  if (result.state === 'late' || result.state === 'overdue') {
    result.lateByMs = until - deadline.getTime();
    if (basis.kind === 'working_days') result.lateByWorkingDays = calendar.workingDaysBetween(deadline, new Date(until));
  }
  return result;
}

const isResponse = (e: ComplaintHistoryEntry) => RESPONSE_STATUSES.includes(e.to);
const isResolution = (e: ComplaintHistoryEntry) => RESOLUTION_STATUSES.includes(e.to);
const TRIAGE_PENDING: readonly ComplaintStatus[] = ['received', 'verified', 'reopened'];

export interface AssessOptions {
  policy: CategorySla;
  calendar: WorkingCalendar;
  now: Date | string;
}

/** All clocks of one complaint as of `now`; null when it was not submitted yet at `now`. */
export function assessComplaint(complaint: ComplaintState, { policy, calendar, now }: AssessOptions): ComplaintAssessment | null {
  const asOf = toIsoInstant(now);
  const nowMs = Date.parse(asOf);
  const view = stateAsOf(complaint, asOf);
  if (!view) return null;
  const h = view.history;
  const open = isOpenStatus(view.status);
  const bases = clockBases(policy);

  const triage = h.find((e) => !TRIAGE_PENDING.includes(e.to));
  const firstResponse = h.find(isResponse);
  let resolvedAt: string | null = null;
  if (RESOLUTION_STATUSES.includes(view.status)) {
    let from = 0;
    for (let i = h.length - 1; i >= 0; i--) {
      if (h[i].to === 'reopened') {
        from = i + 1;
        break;
      }
    }
    resolvedAt = h.slice(from).find(isResolution)?.at ?? null;
  }
  const citizen = {
    dispatch: clock(calendar, bases.dispatch, view.submittedAt, triage?.at ?? null, open, nowMs),
    firstResponse: clock(calendar, bases.firstResponse, view.submittedAt, firstResponse?.at ?? null, open, nowMs),
    resolution: clock(calendar, bases.resolution, view.submittedAt, resolvedAt, open, nowMs),
  };

  const markIdx: number[] = [];
  h.forEach((e, i) => {
    if (e.dispatch) markIdx.push(i);
  });
  const assignments: AssignmentClocks[] = markIdx.map((idx, k) => {
    const start = h[idx];
    const nextIdx = k + 1 < markIdx.length ? markIdx[k + 1] : h.length;
    const segment = h.slice(idx, nextIdx);
    const fr = segment.find(isResponse) ?? null;
    const res = segment.find(isResolution) ?? null;
    const isLast = k === markIdx.length - 1;
    let endedBy: AssignmentClocks['endedBy'] = null;
    let endedAt: string | null = null;
    const handBack = res ? null : segment.find(isHandBack);
    if (handBack) {
      // The OPD handed it back undone: its clocks stop there, whatever comes next.
      endedBy = 'handed_back';
      endedAt = handBack.at;
    } else if (!isLast) {
      const next = h[nextIdx].dispatch!;
      // A redispatch only "ends" an assignment that was left undone; a finished one stands.
      if (next.kind === 'reroute' || !res) {
        endedBy = next.kind === 'reroute' ? 'reroute' : 'redispatch';
        endedAt = h[nextIdx].at;
      }
    } else if (!res && (view.status === 'rejected' || view.status === 'duplicate')) {
      endedBy = view.status;
      endedAt = view.statusAt;
    }
    const live = isLast && open && !handBack;
    return {
      opd: start.dispatch!.opd,
      dispatchedAt: start.at,
      dispatchedBy: start.dispatch!.implied ? null : start.actor,
      mark: start.dispatch!,
      endedBy,
      endedAt,
      firstResponse: clock(calendar, bases.firstResponse, start.at, fr?.at ?? null, live, nowMs),
      resolution: clock(calendar, bases.resolution, start.at, res?.at ?? null, live, nowMs),
    };
  });
  const last = assignments[assignments.length - 1] ?? null;
  const current = last && last.endedBy === null ? last : null;

  const overdue = {
    dispatch: citizen.dispatch.state === 'overdue',
    citizenFirstResponse: citizen.firstResponse.state === 'overdue',
    citizenResolution: citizen.resolution.state === 'overdue',
    opdFirstResponse: current?.firstResponse.state === 'overdue',
    opdResolution: current?.resolution.state === 'overdue',
    any: false,
  };
  overdue.any = overdue.dispatch || overdue.citizenFirstResponse || overdue.citizenResolution || overdue.opdFirstResponse || overdue.opdResolution;

  const running = [citizen.dispatch, citizen.firstResponse, citizen.resolution, current?.firstResponse, current?.resolution]
    .filter((c): c is ClockResult => !!c && c.state === 'running' && c.deadline !== null)
    .map((c) => c.deadline as string)
    .sort((a, b) => Date.parse(a) - Date.parse(b));

  return {
    id: view.id,
    category: view.category,
    kecamatan: view.kecamatan,
    emergency: !!policy.emergency,
    status: view.status,
    statusAt: view.statusAt,
    opd: view.opd,
    open,
    asOf,
    submittedAt: view.submittedAt,
    citizen,
    assignments,
    current,
    overdue,
    nextDeadline: running[0] ?? null,
  };
}

/** One line a person can read: target, deadline, outcome. */
export function describeClock(c: ClockResult, calendar: WorkingCalendar, lang: Lang = 'id'): string {
  const target =
    c.basis.kind === 'hours'
      ? lang === 'id'
        ? `${c.basis.hours} jam (24/7)`
        : `${c.basis.hours} h (around the clock)`
      : lang === 'id'
        ? `${c.basis.days} hari kerja`
        : `${c.basis.days} working day${c.basis.days === 1 ? '' : 's'}`;
  if (!c.deadline) return lang === 'id' ? `${target}: belum berlaku` : `${target}: not started`;
  const due = calendar.formatInstant(new Date(c.deadline), lang);
  const done = c.doneAt ? calendar.formatInstant(new Date(c.doneAt), lang) : null;
  const late = (): string => {
    if (c.lateByWorkingDays !== null && c.lateByWorkingDays > 0) {
      return lang === 'id' ? `${c.lateByWorkingDays} hari kerja` : `${c.lateByWorkingDays} working day${c.lateByWorkingDays === 1 ? '' : 's'}`;
    }
    const hours = Math.ceil((c.lateByMs ?? 0) / 3_600_000);
    return lang === 'id' ? `${hours} jam` : `${hours} h`;
  };
  const text: Record<ClockState, Bilingual> = {
    on_time: { id: `tepat waktu (selesai ${done})`, en: `on time (done ${done})` },
    late: { id: `terlambat ${late()} (selesai ${done})`, en: `late by ${late()} (done ${done})` },
    running: { id: 'berjalan', en: 'running' },
    overdue: { id: `lewat batas ${late()}`, en: `overdue by ${late()}` },
    not_applicable: { id: 'tidak berlaku', en: 'not applicable' },
  };
  return lang === 'id' ? `${target}, batas ${due}: ${text[c.state].id}` : `${target}, due ${due}: ${text[c.state].en}`;
}
