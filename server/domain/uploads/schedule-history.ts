// A dataset's schedule over time: a changed schedule applies from the change on and never to a
// period whose deadline has passed (issue 15, "rule changes and time").
//
// Rule: each due period is judged with the schedule in force at its deadline. The schedules a
// dataset has had split time into segments [from, until); a segment contributes the periods of
// its schedule whose deadline lies inside it. So a period due before a change keeps the deadline
// and verdict it had (it stays in the old segment), and the first period due after the change is
// the new schedule's. Before the dataset's first schedule took effect (`scheduleFrom`) nothing is
// due. Segments never overlap, so no deadline is judged twice.
import { CITY_TIME_ZONE } from '../../../shared/domain-constants.ts';
import type { UploadSchedule, UploadScheduleInput } from '../../../shared/upload-schedule.ts';
import { toMillis, type InstantInput } from '../time/local-time.ts';
import { deadlineMillis, duePeriodsMillis, isScheduled, normalizeSchedule, type Period } from './schedule-periods.ts';
import { matchUploadToPeriod, type UploadLike } from './upload-matching.ts';
import { evaluateDuePeriods, type PeriodEvaluation } from './upload-timeliness.ts';

export interface ScheduleSegment {
  schedule: UploadScheduleInput | UploadSchedule;
  /** Epoch ms the schedule took effect; null = always. */
  fromMs: number | null;
  /** Epoch ms it stopped applying; null = still in force. */
  untilMs: number | null;
}

/**
 * The segments of a dataset, oldest first, from its current schedule, the schedules it replaced
 * (each with the instant it stopped applying) and when its first schedule took effect.
 */
export function scheduleSegments(
  current: UploadScheduleInput | UploadSchedule,
  replaced: readonly { schedule: UploadScheduleInput | UploadSchedule; until: InstantInput }[],
  scheduleFrom: InstantInput | null = null,
): ScheduleSegment[] {
  const sorted = [...replaced].map((r) => ({ schedule: r.schedule, untilMs: toMillis(r.until) })).sort((a, b) => a.untilMs - b.untilMs);
  const out: ScheduleSegment[] = [];
  let fromMs: number | null = scheduleFrom === null ? null : toMillis(scheduleFrom);
  for (const r of sorted) {
    // A schedule replaced before the dataset started (or before its predecessor ended) never applied.
    if (fromMs === null || r.untilMs > fromMs) out.push({ schedule: r.schedule, fromMs, untilMs: r.untilMs });
    fromMs = fromMs === null ? r.untilMs : Math.max(fromMs, r.untilMs);
  }
  out.push({ schedule: current, fromMs, untilMs: null });
  return out;
}

/** The segment in force at an instant (the last one if the instant is before them all). */
export function segmentAt(segments: readonly ScheduleSegment[], atMs: number): ScheduleSegment | null {
  for (const s of segments) if ((s.fromMs === null || atMs >= s.fromMs) && (s.untilMs === null || atMs < s.untilMs)) return s;
  return null;
}

/**
 * evaluateDuePeriods over a dataset's history: the periods due in [from, to), each judged with the
 * schedule in force at its deadline, oldest first.
 */
export function evaluateDuePeriodsOverTime<U extends UploadLike>(
  segments: readonly ScheduleSegment[],
  uploads: readonly U[],
  from: InstantInput,
  to: InstantInput,
  now: InstantInput,
  zone: string = CITY_TIME_ZONE,
): PeriodEvaluation<U>[] {
  const fromMs = toMillis(from);
  const toMs = toMillis(to);
  const out: PeriodEvaluation<U>[] = [];
  for (const s of segments) {
    const a = Math.max(fromMs, s.fromMs ?? -Infinity);
    const b = Math.min(toMs, s.untilMs ?? Infinity);
    if (b > a) out.push(...evaluateDuePeriods(s.schedule, uploads, a, b, now, zone));
  }
  return out;
}

export interface UpcomingDeadline {
  period: Period;
  deadline: Date;
}

/** The next `count` deadlines at or after `from` under one schedule (the preview while editing). */
export function upcomingDeadlines(schedule: UploadScheduleInput | UploadSchedule, from: InstantInput, count: number, zone: string = CITY_TIME_ZONE): UpcomingDeadline[] {
  const s = normalizeSchedule(schedule);
  if (!isScheduled(s) || count <= 0) return [];
  const fromMs = toMillis(from);
  // A window long enough for `count` periods of the longest kind (months, due up to 3 months late).
  const span = (s.kind === 'daily' ? 1 : s.kind === 'weekly' ? 7 : 31) * 86_400_000 * (count + 5) + 120 * 86_400_000;
  return duePeriodsMillis(s, fromMs, fromMs + span, zone)
    .slice(0, count)
    .map(({ period, deadlineMs }) => ({ period, deadline: new Date(deadlineMs) }));
}

/**
 * The verdict on one upload as the processor stores it: the period it fulfils under the schedule
 * in force at that period's deadline. Newest segment first: an upload for a period due before a
 * change is matched with the old schedule (so a late upload for a judged period is late by the
 * deadline it had), one for a period due after it with the new schedule.
 */
export function judgeUploadOverTime(
  segments: readonly ScheduleSegment[],
  upload: { receivedAt: InstantInput; period?: { start: string; end: string } | null },
  zone: string = CITY_TIME_ZONE,
): { periodKey: string | null; deadlineAt: Date | null; onTime: boolean | null; lateByMs: number | null } {
  const none = { periodKey: null, deadlineAt: null, onTime: null, lateByMs: null };
  const receivedMs = toMillis(upload.receivedAt);
  const named = upload.period ?? null;
  let fallback: { period: Period; deadlineMs: number } | null = null;
  let inForce: { period: Period; deadlineMs: number } | null = null;
  for (let i = segments.length - 1; i >= 0; i--) {
    const s = normalizeSchedule(segments[i].schedule);
    if (!isScheduled(s)) {
      if (i === segments.length - 1) return none;
      continue;
    }
    const period = matchUploadToPeriod(s, { receivedAt: new Date(receivedMs), period: named }, zone);
    if (!period) continue;
    const deadlineMs = deadlineMillis(s, period, zone);
    fallback ??= { period, deadlineMs };
    const seg = segments[i];
    if ((seg.fromMs === null || deadlineMs >= seg.fromMs) && (seg.untilMs === null || deadlineMs < seg.untilMs)) {
      // An upload naming its period is filed under a period it covers whole (the day it names,
      // judged with the old daily schedule) rather than a longer one it only overlaps.
      if (!named || (named.start <= period.start && period.end <= named.end)) {
        inForce = { period, deadlineMs };
        break;
      }
      inForce ??= { period, deadlineMs };
    }
  }
  if (inForce) fallback = inForce;
  if (!fallback) return none;
  const late = receivedMs - fallback.deadlineMs;
  return { periodKey: fallback.period.key, deadlineAt: new Date(fallback.deadlineMs), onTime: late <= 0, lateByMs: late > 0 ? late : 0 };
}
