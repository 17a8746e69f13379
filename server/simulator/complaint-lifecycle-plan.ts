// The whole future of one complaint, decided when it is created: who verifies it and when,
// which OPD it goes to (sometimes the wrong one first), how long that OPD takes, whether the
// citizen reopens it. The simulation emits each planned step when its time comes, so the
// wall's open and overdue counts move the way a real city's would.
import type { ComplaintStatus } from '../../shared/domain-constants.ts';
import { commandCenterStaff, opdOfficer, wordsFor } from './complaint-texts.ts';
import type { CategoryRef } from './reference-data.ts';
import type { Rng } from './rng.ts';
import type { WorkingCalendar } from '../domain/calendar/working-calendar.ts';
import { DAY, HOUR, MINUTE, SECOND } from './wib-time.ts';
import { COMMAND_CENTER_HOURS, addOfficeDays, addWorkingTime, type WorkingHours } from './working-time.ts';

export interface PlannedStep {
  at: number;
  status: ComplaintStatus;
  opd?: string;
  actor?: string;
  note?: string;
  duplicateOf?: string;
}

export interface LifecyclePlan {
  steps: PlannedStep[];
  /** The OPD it was wrongly sent to first, when it was misrouted. */
  misroutedTo: string | null;
}

/** Which transitions a simulated complaint may make. `dispatched -> dispatched` is a re-route. */
export const LEGAL_NEXT_STATUS: Record<ComplaintStatus, readonly ComplaintStatus[]> = {
  received: ['verified', 'rejected', 'duplicate'],
  verified: ['dispatched', 'rejected', 'duplicate'],
  dispatched: ['dispatched', 'in_progress'],
  in_progress: ['resolved'],
  resolved: ['closed', 'reopened'],
  reopened: ['in_progress'],
  closed: [],
  rejected: [],
  duplicate: [],
};

export type OpdPace = 'fast' | 'normal' | 'slow';

/**
 * Habits the field studies make plausible: public works and housing are notoriously slow on
 * citizen complaints; population registry, licensing and the fire brigade answer quickly.
 */
export const OPD_PACE: Record<string, OpdPace> = {
  SDABMBK: 'slow',
  PERKIMCIKATARU: 'slow',
  BAPENDA: 'slow',
  DISDUKCAPIL: 'fast',
  DPMPTSP: 'fast',
  DAMKAR: 'fast',
  BPBD: 'fast',
};

const PACE_FACTOR: Record<OpdPace, number> = { fast: 0.35, normal: 1, slow: 2.3 };
/** Chance the OPD lets a complaint sit for weeks before anyone starts. */
const STALL_CHANCE: Record<OpdPace, number> = { fast: 0.01, normal: 0.04, slow: 0.1 };
const REOPEN_CHANCE: Record<OpdPace, number> = { fast: 0.02, normal: 0.04, slow: 0.07 };

export function paceOf(opd: string): OpdPace {
  return OPD_PACE[opd] ?? 'normal';
}

/** Median working days of field work once an OPD starts, per category. */
const WORK_MEDIAN_DAYS: Record<string, number> = {
  'jalan-rusak': 4,
  drainase: 3,
  'lampu-jalan': 1.5,
  'lampu-lalu-lintas': 0.8,
  'parkir-liar': 0.6,
  sampah: 0.6,
  ketertiban: 1.5,
  'bangunan-tata-ruang': 5,
  perizinan: 2,
  adminduk: 1,
  kesehatan: 1.5,
  pendidikan: 4,
  bansos: 3,
  'pajak-daerah': 2,
  'perempuan-anak': 1,
  ketenagakerjaan: 4,
  'layanan-aplikasi': 0.5,
};

/**
 * Where a complaint of this category plausibly goes wrong, with the reason the dispatcher
 * records on the re-route. Drainage to the environment office is the case from the field study.
 */
export const WRONG_OPD: Record<string, { opd: string; reason: string }[]> = {
  drainase: [
    { opd: 'DLH', reason: 'Saluran drainase jalan adalah kewenangan Dinas SDABMBK, bukan DLH.' },
    { opd: 'PERKIMCIKATARU', reason: 'Drainase primer dan sekunder ditangani Dinas SDABMBK.' },
  ],
  'jalan-rusak': [
    { opd: 'PERKIMCIKATARU', reason: 'Jalan kota ditangani Dinas SDABMBK; Perkim hanya jalan lingkungan perumahan.' },
    { opd: 'DISHUB', reason: 'Perbaikan badan jalan bukan kewenangan Dishub.' },
  ],
  'lampu-jalan': [{ opd: 'PERKIMCIKATARU', reason: 'Penerangan jalan umum dikelola Dinas Perhubungan.' }],
  'lampu-lalu-lintas': [{ opd: 'DISKOMINFO', reason: 'Lampu lalu lintas dan ATCS dikelola Dinas Perhubungan.' }],
  'parkir-liar': [{ opd: 'SATPOLPP', reason: 'Penertiban parkir di badan jalan dipimpin Dinas Perhubungan.' }],
  sampah: [{ opd: 'PERKIMCIKATARU', reason: 'Pengangkutan sampah adalah tugas Dinas Lingkungan Hidup.' }],
  ketertiban: [{ opd: 'DISHUB', reason: 'Penertiban PKL dan bangunan liar adalah tugas Satpol PP.' }],
  'bangunan-tata-ruang': [
    { opd: 'SATPOLPP', reason: 'Pemeriksaan izin bangunan dilakukan Dinas Perkimcikataru sebelum penertiban.' },
    { opd: 'DPMPTSP', reason: 'DPMPTSP menerbitkan izin; pengawasan bangunan di Dinas Perkimcikataru.' },
  ],
  perizinan: [{ opd: 'PERKIMCIKATARU', reason: 'Pelayanan izin ada di DPMPTSP.' }],
  adminduk: [{ opd: 'DINSOS', reason: 'Dokumen kependudukan diurus Disdukcapil.' }],
  kesehatan: [{ opd: 'DINSOS', reason: 'Layanan puskesmas dan DBD kewenangan Dinas Kesehatan.' }],
  pendidikan: [{ opd: 'DINSOS', reason: 'Sekolah SD/SMP di bawah Dinas Pendidikan dan Kebudayaan.' }],
  bansos: [{ opd: 'DISDUKCAPIL', reason: 'Data DTKS dan penyaluran bansos dikelola Dinas Sosial.' }],
  'pajak-daerah': [{ opd: 'BKAD', reason: 'PBB dan pajak reklame dikelola Bapenda.' }],
  'perempuan-anak': [{ opd: 'DINSOS', reason: 'Pendampingan korban ditangani UPTD PPA di DP3APMP2KB.' }],
  ketenagakerjaan: [{ opd: 'DKUPP', reason: 'Perselisihan hubungan industrial ditangani Disnaker.' }],
  'layanan-aplikasi': [{ opd: 'DPMPTSP', reason: 'Gangguan aplikasi ditangani tim teknis Diskominfo.' }],
};

/** Citizens answer at any time of day, though rarely at night. */
const CITIZEN_HOURS: WorkingHours = { startMinute: 6 * 60, endMinute: 22 * 60, workingDaysOnly: false };

export interface LifecycleInput {
  submittedAt: number;
  category: CategoryRef;
  /** Set when this complaint repeats an earlier one: it ends as `duplicate`. */
  duplicateOf?: string | null;
  opdName: (code: string) => string;
}

export interface LifecycleRates {
  misroute: number;
  invalid: number;
  /** Share of resolved complaints the reporter confirms (the rest are closed after silence). */
  citizenConfirms: number;
}

export const DEFAULT_LIFECYCLE_RATES: LifecycleRates = { misroute: 0.09, invalid: 0.015, citizenConfirms: 0.45 };

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

export function planLifecycle(
  rng: Rng,
  input: LifecycleInput,
  calendar: WorkingCalendar,
  rates: LifecycleRates = DEFAULT_LIFECYCLE_RATES,
): LifecyclePlan {
  const { category, submittedAt } = input;
  const steps: PlannedStep[] = [{ at: submittedAt, status: 'received' }];
  const cc = (from: number, medianHours: number, sigma = 0.9) =>
    addWorkingTime(from, clamp(rng.logNormal(medianHours, sigma), 0.08, 30) * HOUR, COMMAND_CENTER_HOURS, calendar) +
    rng.exponential(6) * MINUTE;
  const opdDays = (from: number, days: number) => addOfficeDays(from, days, calendar) + rng.exponential(15) * MINUTE;
  let misroutedTo: string | null = null;

  if (input.duplicateOf) {
    steps.push({
      at: cc(submittedAt, 1.5),
      status: 'duplicate',
      duplicateOf: input.duplicateOf,
      actor: commandCenterStaff(rng),
      note: `Laporan sama dengan ${input.duplicateOf}; digabung ke laporan tersebut.`,
    });
    return finish(steps, misroutedTo);
  }

  if (category.external) {
    steps.push({
      at: cc(submittedAt, 1.5),
      status: 'rejected',
      opd: category.external,
      actor: commandCenterStaff(rng),
      note: `Bukan kewenangan Pemko Medan; diteruskan ke ${input.opdName(category.external)}.`,
    });
    return finish(steps, misroutedTo);
  }

  const owner = category.opd ?? 'DISKOMINFO';

  if (category.emergency) {
    // Around the clock, counted in minutes: the fire brigade does not wait for office hours.
    const verified = submittedAt + clamp(rng.logNormal(3, 0.5), 1, 15) * MINUTE;
    const dispatched = verified + clamp(rng.logNormal(4, 0.5), 1, 20) * MINUTE;
    const started = dispatched + clamp(rng.logNormal(12, 0.5), 3, 60) * MINUTE;
    const resolved = started + clamp(rng.logNormal(120, 0.8), 20, 20 * 60) * MINUTE;
    const closed = resolved + clamp(rng.logNormal(20, 0.5), 2, 72) * HOUR;
    const officer = opdOfficer(rng, owner);
    const words = wordsFor(category.code);
    steps.push(
      { at: verified, status: 'verified', actor: commandCenterStaff(rng), note: 'Darurat: diverifikasi lewat telepon.' },
      { at: dispatched, status: 'dispatched', opd: owner, actor: commandCenterStaff(rng), note: `Darurat, diteruskan ke ${input.opdName(owner)}.` },
      { at: started, status: 'in_progress', opd: owner, actor: officer, note: pickOr(rng, words.progress, 'Tim sudah di lokasi.') },
      { at: resolved, status: 'resolved', opd: owner, actor: officer, note: pickOr(rng, words.resolved, 'Penanganan selesai.') },
      { at: closed, status: 'closed', opd: owner, actor: commandCenterStaff(rng), note: 'Ditutup setelah laporan penanganan diterima.' },
    );
    return finish(steps, misroutedTo);
  }

  if (rng.chance(rates.invalid)) {
    steps.push({
      at: cc(submittedAt, 3),
      status: 'rejected',
      actor: commandCenterStaff(rng),
      note: 'Laporan tidak dapat diverifikasi: lokasi dan keterangan tidak lengkap, pelapor tidak dapat dihubungi.',
    });
    return finish(steps, misroutedTo);
  }

  const verifier = commandCenterStaff(rng);
  const verified = cc(submittedAt, 1.5);
  steps.push({ at: verified, status: 'verified', actor: verifier, note: 'Laporan diverifikasi, lokasi dan foto sesuai.' });

  const dispatcher = commandCenterStaff(rng);
  let dispatched = opdDays(verified, clamp(rng.logNormal(0.8, 0.9), 0.05, 8));
  const wrongChoices = WRONG_OPD[category.code]?.filter((w) => w.opd !== owner) ?? [];
  if (wrongChoices.length > 0 && rng.chance(rates.misroute)) {
    const wrong = rng.pick(wrongChoices);
    misroutedTo = wrong.opd;
    steps.push({
      at: dispatched,
      status: 'dispatched',
      opd: wrong.opd,
      actor: dispatcher,
      note: `Diteruskan ke ${input.opdName(wrong.opd)} untuk ditindaklanjuti.`,
    });
    // The wrong office takes its own time to notice and hand it back; then the dispatcher re-routes.
    const returned = opdDays(dispatched, PACE_FACTOR[paceOf(wrong.opd)] * clamp(rng.logNormal(1, 0.7), 0.1, 8));
    dispatched = cc(returned, 2, 0.7);
    steps.push({
      at: dispatched,
      status: 'dispatched',
      opd: owner,
      actor: dispatcher,
      note: `Dialihkan dari ${wrong.opd}: ${wrong.reason}`,
    });
  } else {
    steps.push({
      at: dispatched,
      status: 'dispatched',
      opd: owner,
      actor: dispatcher,
      note: `Diteruskan ke ${input.opdName(owner)} untuk ditindaklanjuti.`,
    });
  }

  const pace = paceOf(owner);
  const factor = PACE_FACTOR[pace];
  const words = wordsFor(category.code);
  const officer = opdOfficer(rng, owner);
  let responseDays = factor * clamp(rng.logNormal(1.2, 0.8), 0.05, 12);
  if (rng.chance(STALL_CHANCE[pace])) responseDays *= rng.float(3, 6);
  const started = opdDays(dispatched, Math.min(responseDays, 25));
  steps.push({ at: started, status: 'in_progress', opd: owner, actor: officer, note: pickOr(rng, words.progress, 'Sedang ditangani.') });

  const workMedian = WORK_MEDIAN_DAYS[category.code] ?? 2;
  const workDays = Math.pow(factor, 0.7) * clamp(rng.logNormal(workMedian, 0.7), 0.02, 20);
  let resolved = opdDays(started, workDays);
  steps.push({ at: resolved, status: 'resolved', opd: owner, actor: officer, note: pickOr(rng, words.resolved, 'Sudah ditindaklanjuti.') });

  if (rng.chance(REOPEN_CHANCE[pace])) {
    const reopened = addWorkingTime(resolved, clamp(rng.logNormal(10, 0.7), 1, 60) * HOUR, CITIZEN_HOURS, calendar);
    steps.push({ at: reopened, status: 'reopened', opd: owner, actor: 'Pelapor', note: 'Pelapor menyatakan masalah belum selesai di lapangan.' });
    const restarted = opdDays(reopened, factor * clamp(rng.logNormal(0.8, 0.7), 0.05, 8));
    steps.push({ at: restarted, status: 'in_progress', opd: owner, actor: officer, note: 'Tim kembali ke lokasi untuk perbaikan lanjutan.' });
    resolved = opdDays(restarted, 0.6 * workDays);
    steps.push({ at: resolved, status: 'resolved', opd: owner, actor: officer, note: pickOr(rng, words.resolved, 'Perbaikan lanjutan selesai.') });
  }

  if (rng.chance(rates.citizenConfirms)) {
    steps.push({
      at: addWorkingTime(resolved, clamp(rng.logNormal(8, 0.8), 0.2, 72) * HOUR, CITIZEN_HOURS, calendar),
      status: 'closed',
      opd: owner,
      actor: 'Pelapor',
      note: 'Pelapor mengonfirmasi masalah sudah selesai.',
    });
  } else {
    steps.push({
      at: opdDays(resolved, clamp(rng.logNormal(3, 0.5), 1, 10)),
      status: 'closed',
      opd: owner,
      actor: commandCenterStaff(rng),
      note: 'Ditutup: tidak ada tanggapan pelapor setelah tindak lanjut.',
    });
  }
  return finish(steps, misroutedTo);
}

function pickOr(rng: Rng, list: string[], fallback: string): string {
  return list.length > 0 ? rng.pick(list) : fallback;
}

/**
 * No plan runs longer than this: the rare tail that would (a stalled OPD, then a reopen) is
 * squeezed to fit, so a simulation only needs to replay this much of the past to know every
 * pending step.
 */
export const MAX_PLAN_DAYS = 42;

/** Whole seconds, and at least a minute between steps, so every update is strictly newer. */
function finish(steps: PlannedStep[], misroutedTo: string | null): LifecyclePlan {
  const first = steps[0].at;
  const span = steps[steps.length - 1].at - first;
  const max = MAX_PLAN_DAYS * DAY - steps.length * MINUTE;
  if (span > max) for (const step of steps) step.at = first + ((step.at - first) * max) / span;
  let previous = -Infinity;
  for (const step of steps) {
    let at = Math.floor(step.at / SECOND) * SECOND;
    if (at < previous + MINUTE) at = previous + MINUTE;
    step.at = at;
    previous = at;
  }
  return { steps, misroutedTo };
}

/** The step in force at `at` (the last one at or before it), or null before submission. */
export function statusAt(plan: LifecyclePlan, at: number): PlannedStep | null {
  let current: PlannedStep | null = null;
  for (const step of plan.steps) {
    if (step.at <= at) current = step;
    else break;
  }
  return current;
}
