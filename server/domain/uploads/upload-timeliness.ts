// Judging each due period of a dataset: on time, late, missing or pending.
//
// - Periods judged: those whose deadline falls in [from, to) (see `duePeriods`).
// - Uploads are matched to periods by the rules in upload-matching.ts.
// - Several uploads for one period: the earliest `receivedAt` decides (a re-upload or correction
//   afterwards changes nothing; ties keep input order). `uploadCount` still reports them all.
// - on_time: the deciding upload arrived at or before the deadline (any hour of the night).
// - late:    it arrived after the deadline; `lateByMs` = receivedAt - deadline (> 0).
// - missing: nothing arrived and the deadline has passed (`now` > deadline).
// - pending: nothing arrived and the deadline has not passed yet.
// - The evaluation is "as of `now`": uploads received after `now` are ignored, so replaying an
//   old `now` gives the answer the wall showed then.
import { CITY_TIME_ZONE } from '../../../shared/domain-constants.ts';
import type { UploadSchedule, UploadScheduleInput } from '../../../shared/upload-schedule.ts';
import { toMillis, type InstantInput } from '../time/local-time.ts';
import { duePeriodsMillis, isScheduled, normalizeSchedule, type Period } from './schedule-periods.ts';
import { matchRange, rangeContains, type PeriodRange, type UploadLike } from './upload-matching.ts';

export const PERIOD_STATUSES = ['on_time', 'late', 'missing', 'pending'] as const;
export type PeriodStatus = (typeof PERIOD_STATUSES)[number];

interface EvaluationBase {
  period: Period;
  deadline: Date;
  /** Uploads (received by `now`) that fulfil this period, including the deciding one. */
  uploadCount: number;
}

export type PeriodEvaluation<U extends UploadLike = UploadLike> =
  | (EvaluationBase & { status: 'on_time'; upload: U; receivedAt: Date; lateByMs: null })
  | (EvaluationBase & { status: 'late'; upload: U; receivedAt: Date; lateByMs: number })
  | (EvaluationBase & { status: 'missing' | 'pending'; upload: null; receivedAt: null; lateByMs: null });

/** Evaluates every due period of one dataset in [from, to), oldest first. Empty for adhoc. */
export function evaluateDuePeriods<U extends UploadLike>(
  schedule: UploadScheduleInput | UploadSchedule,
  uploads: readonly U[],
  from: InstantInput,
  to: InstantInput,
  now: InstantInput,
  zone: string = CITY_TIME_ZONE,
): PeriodEvaluation<U>[] {
  const s = normalizeSchedule(schedule);
  if (!isScheduled(s)) return [];
  const nowMs = toMillis(now);
  const due = duePeriodsMillis(s, toMillis(from), toMillis(to), zone);
  if (due.length === 0) return [];

  const matched: { upload: U; receivedMs: number; range: PeriodRange }[] = [];
  for (const upload of uploads) {
    const receivedMs = toMillis(upload.receivedAt);
    if (receivedMs > nowMs) continue;
    matched.push({ upload, receivedMs, range: matchRange(s, { receivedMs, period: upload.period }, zone) });
  }
  // Stable sort: equal receivedAt keeps input order, so "first" is well defined.
  matched.sort((a, b) => a.receivedMs - b.receivedMs);

  return due.map(({ period, deadlineMs }): PeriodEvaluation<U> => {
    const deadline = new Date(deadlineMs);
    let first: (typeof matched)[number] | null = null;
    let uploadCount = 0;
    for (const m of matched) {
      if (!rangeContains(m.range, period)) continue;
      uploadCount++;
      first ??= m;
    }
    if (!first) {
      const status = nowMs > deadlineMs ? 'missing' : 'pending';
      return { period, deadline, uploadCount, status, upload: null, receivedAt: null, lateByMs: null };
    }
    const receivedAt = new Date(first.receivedMs);
    if (first.receivedMs <= deadlineMs) {
      return { period, deadline, uploadCount, status: 'on_time', upload: first.upload, receivedAt, lateByMs: null };
    }
    return {
      period,
      deadline,
      uploadCount,
      status: 'late',
      upload: first.upload,
      receivedAt,
      lateByMs: first.receivedMs - deadlineMs,
    };
  });
}

export interface TimelinessCounts {
  /** All due periods in the window, pending included. */
  due: number;
  onTime: number;
  late: number;
  missing: number;
  pending: number;
  /** Periods that can be judged (deadline passed): onTime + late + missing. The on-time denominator. */
  judged: number;
  /** Largest lateness among late periods, null if none. */
  maxLateByMs: number | null;
}

export function emptyTimelinessCounts(): TimelinessCounts {
  return { due: 0, onTime: 0, late: 0, missing: 0, pending: 0, judged: 0, maxLateByMs: null };
}

/** Adds evaluations to counts (returns a new object). */
export function countTimeliness(evaluations: readonly PeriodEvaluation<UploadLike>[], into = emptyTimelinessCounts()): TimelinessCounts {
  const c = { ...into };
  for (const e of evaluations) {
    c.due++;
    if (e.status === 'on_time') c.onTime++;
    else if (e.status === 'late') {
      c.late++;
      c.maxLateByMs = Math.max(c.maxLateByMs ?? 0, e.lateByMs);
    } else if (e.status === 'missing') c.missing++;
    else c.pending++;
  }
  c.judged = c.onTime + c.late + c.missing;
  return c;
}
