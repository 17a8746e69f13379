// When each OPD uploads each dataset to the data portal, following the schedules in
// medan-datasets.json (semantics in shared/upload-schedule.ts) and the OPD's habit. Every due
// period gets its upload time (or none: missing) from (seed, OPD, dataset, period) alone, so
// any window of time can be replayed and a restart re-sends the same uploads.
import { CITY_TIME_ZONE } from '../../shared/domain-constants.ts';
import type { UploadEventInput } from '../../shared/events.ts';
import type { UploadSchedule } from '../../shared/upload-schedule.ts';
import { duePeriodsMillis, isScheduled, type Period } from '../domain/uploads/schedule-periods.ts';
import { dateOfDay, isoWeekday, localDayOf, wallClockMillis, type LocalDate } from '../domain/time/local-time.ts';
import type { CityReference, DatasetRef } from './reference-data.ts';
import { Rng, seedFrom } from './rng.ts';
import { DAY, HOUR, MINUTE, SECOND, formatWib, wibAt, wibParts } from './wib-time.ts';

/**
 * - `tepat`: punctual, uploads in office hours before the deadline.
 * - `malam`: punctual but at night, minutes before a 23:59 deadline (weak signal: wait for it),
 *   and sometimes a few minutes too late when the signal drops.
 * - `terlambat`: habitually late, hours (daily) or a day or more (weekly, monthly) after.
 * - `bolong`: often nothing at all.
 */
export const UPLOAD_HABITS = ['tepat', 'malam', 'terlambat', 'bolong'] as const;
export type UploadHabit = (typeof UPLOAD_HABITS)[number];

/** OPD whose habit the demo story relies on; the rest are drawn from the seed. */
export const FIXED_UPLOAD_HABITS: Record<string, UploadHabit> = {
  DISDUKCAPIL: 'tepat',
  DISKOMINFO: 'tepat',
  DAMKAR: 'tepat',
  DPMPTSP: 'tepat',
  BAPENDA: 'tepat',
  DLH: 'malam',
  DISHUB: 'malam',
  SDABMBK: 'terlambat',
  DINKES: 'terlambat',
  PERKIMCIKATARU: 'bolong',
};

const HABIT_MIX: [UploadHabit, number][] = [
  ['tepat', 0.5],
  ['malam', 0.2],
  ['terlambat', 0.2],
  ['bolong', 0.1],
];

/** Chance of each outcome per due period: on time, late, missing. */
export const HABIT_OUTCOMES: Record<UploadHabit, { onTime: number; late: number; missing: number }> = {
  tepat: { onTime: 0.93, late: 0.05, missing: 0.02 },
  malam: { onTime: 0.88, late: 0.09, missing: 0.03 },
  terlambat: { onTime: 0.25, late: 0.65, missing: 0.1 },
  bolong: { onTime: 0.35, late: 0.25, missing: 0.4 },
};

export function assignUploadHabits(ref: CityReference, seed: number): Map<string, UploadHabit> {
  const habits = new Map<string, UploadHabit>();
  for (const opd of new Set(ref.datasets.map((d) => d.opd))) {
    const fixed = FIXED_UPLOAD_HABITS[opd];
    if (fixed) {
      habits.set(opd, fixed);
      continue;
    }
    let x = Rng.of(seed, 'kebiasaan-unggah', opd).next();
    let habit: UploadHabit = 'tepat';
    for (const [h, p] of HABIT_MIX) {
      if (x < p) {
        habit = h;
        break;
      }
      x -= p;
    }
    habits.set(opd, habit);
  }
  return habits;
}

// ---------------------------------------------------------------- due periods

/**
 * A due period with its deadline, as the server judges it (server/domain/uploads): the deadline
 * is the last millisecond of the due minute, so `dueTime: '23:59'` closes at 23:59:59.999 WIB.
 */
export interface DuePeriod {
  period: Period;
  deadlineMs: number;
}

/** How long before its deadline a period can first be uploaded, at the earliest. */
const MAX_LEAD_MS = 8 * DAY;
/** Uploads come at most this long after the deadline (later than that counts as never). */
// A late upload can come 96 h after the deadline plus a correction up to 48 h later.
const MAX_LATE_MS = 6.5 * DAY;

/** Due periods whose deadline lies in [from, to): the domain's schedule rules, in the city's zone. */
export function periodsWithDeadlineIn(schedule: UploadSchedule, from: number, to: number): DuePeriod[] {
  return isScheduled(schedule) ? duePeriodsMillis(schedule, from, to, CITY_TIME_ZONE) : [];
}

/** Start of the due minute (`dueTime` as written, e.g. 23:59:00): what uploaders aim at. */
function dueMinuteStart(deadlineMs: number): number {
  return deadlineMs - (MINUTE - 1);
}

// ---------------------------------------------------------------- planned uploads

export interface PlannedUpload {
  at: number;
  opd: string;
  dataset: string;
  period: { start: string; end: string };
  /** Infinity for ad-hoc datasets. */
  deadline: number;
  outcome: 'on_time' | 'late' | 'adhoc';
  attempt: number;
  rows: number;
  bytes: number;
  title: string;
  externalId: string;
}

export interface UploadModel {
  ref: CityReference;
  seed: number;
  idTag: string;
  habits: Map<string, UploadHabit>;
}

export function createUploadModel(ref: CityReference, seed: number, idTag = ''): UploadModel {
  return { ref, seed, idTag, habits: assignUploadHabits(ref, seed) };
}

function isDaytime(ms: number): boolean {
  const h = wibParts(ms).hour;
  return h >= 8 && h < 17;
}

function typicalRows(dataset: DatasetRef): number {
  const base = seedFrom('baris', dataset.opd, dataset.code) % 1000;
  const scale = dataset.schedule.kind === 'monthly' ? 20 : dataset.schedule.kind === 'weekly' ? 5 : 1;
  return (20 + base * 3) * scale;
}

function spanBeforeDeadline(schedule: UploadSchedule): number {
  return schedule.kind === 'daily' ? 9 * HOUR : schedule.kind === 'weekly' ? 2 * DAY : 4 * DAY;
}

/** Upload(s) for one due period: none when it will be missing, two when it is corrected later. */
export function planPeriodUploads(model: UploadModel, dataset: DatasetRef, due: DuePeriod): PlannedUpload[] {
  const { period, deadlineMs } = due;
  const dueAt = dueMinuteStart(deadlineMs);
  const habit = model.habits.get(dataset.opd) ?? 'tepat';
  const rng = Rng.of(model.seed, 'unggah', dataset.opd, dataset.code, period.start);
  const odds = HABIT_OUTCOMES[habit];
  const roll = rng.next();
  if (roll >= odds.onTime + odds.late) return [];
  const late = roll >= odds.onTime;
  const { schedule } = dataset;
  const dailyLike = schedule.kind === 'daily';
  let at: number;
  if (late) {
    let lateness: number;
    if (habit === 'malam') lateness = rng.float(2, 150) * MINUTE;
    else if (habit === 'terlambat') lateness = Math.min(96 * HOUR, Math.max(10 * MINUTE, rng.logNormal(dailyLike ? 5 : 20, 1) * HOUR));
    else lateness = Math.min(72 * HOUR, Math.max(10 * MINUTE, rng.logNormal(dailyLike ? 3 : 24, 1) * HOUR));
    at = dueAt + lateness;
  } else {
    const windowEnd = dueAt - 2 * MINUTE;
    const windowStart = Math.min(windowEnd - HOUR, Math.max(wibAt(period.start, '06:00'), dueAt - spanBeforeDeadline(schedule)));
    const deadlineHour = wibParts(dueAt).hour;
    if (habit === 'malam' && deadlineHour >= 20) {
      // Just before the deadline, when the signal in the outlying office finally holds.
      at = dueAt - rng.float(2, 90) * MINUTE;
    } else {
      at = rng.float(windowStart, windowEnd);
      for (let i = 0; i < 8 && !isDaytime(at); i++) at = rng.float(windowStart, windowEnd);
    }
    at = Math.min(at, windowEnd);
  }
  at = Math.floor(at / SECOND) * SECOND;
  const rows = Math.max(1, Math.round(typicalRows(dataset) * rng.float(0.8, 1.2)));
  const label = period.start === period.end ? period.start : `${period.start} s.d. ${period.end}`;
  const first: PlannedUpload = {
    at,
    opd: dataset.opd,
    dataset: dataset.code,
    period: { start: period.start, end: period.end },
    deadline: deadlineMs,
    outcome: late ? 'late' : 'on_time',
    attempt: 1,
    rows,
    bytes: Math.round(rows * rng.float(80, 250)),
    title: `${dataset.name} ${label}`,
    externalId: `${dataset.opd}-${dataset.code}-${model.idTag}${period.start}`,
  };
  const out = [first];
  if (rng.chance(0.04)) {
    // A corrected file a while later: a second record for the same period.
    const again = Math.floor((at + rng.float(1, 48) * HOUR) / SECOND) * SECOND;
    const rows2 = Math.max(1, Math.round(rows * rng.float(0.98, 1.05)));
    out.push({
      ...first,
      at: again,
      outcome: again <= deadlineMs ? 'on_time' : 'late',
      attempt: 2,
      rows: rows2,
      bytes: Math.round(rows2 * rng.float(80, 250)),
      title: `${first.title} (revisi)`,
      externalId: `${first.externalId}-r2`,
    });
  }
  return out;
}

/** Ad-hoc uploads on one local date: a few a week, in office hours. */
export function adhocUploadsOn(model: UploadModel, dataset: DatasetRef, date: LocalDate): PlannedUpload[] {
  const rng = Rng.of(model.seed, 'unggah-adhoc', dataset.opd, dataset.code, date);
  const weekend = isoWeekday(date) >= 6;
  const count = rng.poisson(weekend ? 0.05 : 0.35);
  const out: PlannedUpload[] = [];
  for (let i = 0; i < count; i++) {
    const at = Math.floor((wibAt(date, '08:00') + rng.float(0, 9) * HOUR) / SECOND) * SECOND;
    const rows = rng.int(10, 5000);
    out.push({
      at,
      opd: dataset.opd,
      dataset: dataset.code,
      period: { start: date, end: date },
      deadline: Infinity,
      outcome: 'adhoc',
      attempt: 1,
      rows,
      bytes: rows * rng.int(80, 250),
      title: `${dataset.name} ${date} #${i + 1}`,
      externalId: `${dataset.opd}-${dataset.code}-${model.idTag}${date}-${i + 1}`,
    });
  }
  return out;
}

/**
 * Every planned upload that happens in [from, to), sorted by time. With `deadlineFrom`, also
 * uploads made before `from` for periods whose deadline is at or after `deadlineFrom`: a
 * backfill starting mid-period must include the on-time uploads made just before it, or the
 * server would call those periods missing.
 */
export function uploadsBetween(model: UploadModel, from: number, to: number, options: { deadlineFrom?: number } = {}): PlannedUpload[] {
  const out: PlannedUpload[] = [];
  const earliest = options.deadlineFrom !== undefined ? Math.min(from, options.deadlineFrom - MAX_LEAD_MS) : from;
  for (const dataset of model.ref.datasets) {
    if (dataset.schedule.kind === 'adhoc') {
      for (let day = localDayOf(from, CITY_TIME_ZONE); wallClockMillis(day, 0, 0, CITY_TIME_ZONE) < to; day++) {
        for (const u of adhocUploadsOn(model, dataset, dateOfDay(day))) if (u.at >= from && u.at < to) out.push(u);
      }
      continue;
    }
    for (const due of periodsWithDeadlineIn(dataset.schedule, earliest - MAX_LATE_MS, to + MAX_LEAD_MS)) {
      for (const u of planPeriodUploads(model, dataset, due)) {
        const inWindow = u.at >= from && u.at < to;
        const carried = options.deadlineFrom !== undefined && u.at < from && due.deadlineMs >= options.deadlineFrom;
        if (inWindow || carried) out.push(u);
      }
    }
  }
  out.sort((a, b) => a.at - b.at);
  return out;
}

export function uploadEvent(upload: PlannedUpload, source: string): UploadEventInput {
  return {
    source,
    externalId: upload.externalId,
    occurredAt: formatWib(upload.at),
    opd: upload.opd,
    dataset: upload.dataset,
    period: upload.period,
    rows: upload.rows,
    bytes: upload.bytes,
    title: upload.title,
  };
}
