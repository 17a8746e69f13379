// Who complains about what, where and when. Complaints arrive per WIB minute as a Poisson
// count whose mean follows the hour of day; each is drawn from (seed, minute, index) alone, so
// a minute of city life can be regenerated at will (that is how duplicates find their
// original, and how a restart re-sends the same events instead of new ones).
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { CITY_TIME_ZONE, type Privacy } from '../../shared/domain-constants.ts';
import type { ComplaintEventInput } from '../../shared/events.ts';
import { createDefaultWorkingCalendar } from '../domain/calendar/official-non-working-days.ts';
import type { WorkingCalendar } from '../domain/calendar/working-calendar.ts';
import { isoWeekdayOfDay, localDayOf, wallClockMillis } from '../domain/time/local-time.ts';
import { planLifecycle, type LifecyclePlan, type LifecycleRates, DEFAULT_LIFECYCLE_RATES, type PlannedStep } from './complaint-lifecycle-plan.ts';
import { complaintText, fakeEmail, fakeName, fakeNik, fakePhone } from './complaint-texts.ts';
import type { CategoryRef, CityReference, KecamatanRef } from './reference-data.ts';
import { Rng, WeightedTable } from './rng.ts';
import { HOUR, MINUTE, SECOND, formatWib, wibParts } from './wib-time.ts';

/**
 * Relative complaint volume per WIB hour: near silence after midnight, a peak mid-morning when
 * people reach the office and see the pothole on the way, a second one in the evening when
 * they are home with their phones.
 */
export const HOURLY_PROFILE = [
  0.15, 0.1, 0.08, 0.08, 0.15, 0.35, 0.7, 1.1, 1.5, 1.8, 1.9, 1.7, 1.3, 1.3, 1.4, 1.3, 1.2, 1.1, 1.2, 1.5, 1.6, 1.4, 0.9, 0.45,
];
const HOURLY_MEAN = HOURLY_PROFILE.reduce((a, b) => a + b, 0) / 24;
const WEEKEND_FACTOR = 0.85;
const WEEK_MEAN = (5 + 2 * WEEKEND_FACTOR) / 7;

/** Complaint intensity at an instant; averages 1 over a week. */
export function complaintIntensity(ms: number): number {
  const day = localDayOf(ms, CITY_TIME_ZONE);
  const x = (ms - wallClockMillis(day, 0, 0, CITY_TIME_ZONE)) / HOUR - 0.5; // hour centres
  const h0 = Math.floor(x);
  const f = x - h0;
  const a = HOURLY_PROFILE[(h0 + 24) % 24];
  const b = HOURLY_PROFILE[(h0 + 1 + 24) % 24];
  const hourly = (a + (b - a) * f) / HOURLY_MEAN;
  return (hourly * (isoWeekdayOfDay(day) >= 6 ? WEEKEND_FACTOR : 1)) / WEEK_MEAN;
}

/** Plausible shares: roads, drainage, garbage and street lights dominate every city's inbox. */
export const CATEGORY_WEIGHTS: Record<string, number> = {
  'jalan-rusak': 18,
  drainase: 15,
  sampah: 14,
  'lampu-jalan': 12,
  'parkir-liar': 6,
  ketertiban: 6,
  adminduk: 4,
  'lampu-lalu-lintas': 3,
  'bangunan-tata-ruang': 3,
  kesehatan: 3,
  bansos: 3,
  listrik: 2.5,
  'air-bersih': 2.5,
  perizinan: 2,
  pendidikan: 2,
  'pajak-daerah': 1.5,
  'layanan-aplikasi': 1.5,
  'perempuan-anak': 1,
  ketenagakerjaan: 1,
  'jalan-nasional': 1,
  kebakaran: 0.6,
  bencana: 0.6,
};
const DEFAULT_CATEGORY_WEIGHT = 1;

export const CHANNEL_WEIGHTS: Record<string, number> = { MRK: 45, LAPOR: 22, SOSMED: 15, CALL: 11, MERCY: 7 };
const EMERGENCY_CHANNEL_WEIGHTS: Record<string, number> = { CALL: 70, SOSMED: 12, MRK: 10, MERCY: 4, LAPOR: 4 };
/** Paperwork complaints go to the national LAPOR! desk more often than street problems. */
const PAPERWORK = new Set(['adminduk', 'perizinan', 'bansos', 'ketenagakerjaan', 'pajak-daerah', 'pendidikan']);

/** Low-lying north (tidal floods, "rob") and river banks flood; the centre has parking and street vendors. */
const FLOOD_PRONE = new Set(['Medan Belawan', 'Medan Labuhan', 'Medan Marelan', 'Medan Deli']);
const RIVERSIDE = new Set(['Medan Maimun', 'Medan Johor', 'Medan Sunggal', 'Medan Selayang']);
const CENTRAL = new Set(['Medan Petisah', 'Medan Baru', 'Medan Kota', 'Medan Maimun', 'Medan Barat', 'Medan Timur']);
const OUTSKIRTS = new Set(['Medan Tuntungan', 'Medan Johor', 'Medan Amplas', 'Medan Marelan', 'Medan Labuhan', 'Medan Belawan']);

function categoryWeight(category: CategoryRef, kecamatan: string, rainy: boolean): number {
  let w = CATEGORY_WEIGHTS[category.code] ?? DEFAULT_CATEGORY_WEIGHT;
  const c = category.code;
  if (c === 'drainase') w *= (FLOOD_PRONE.has(kecamatan) ? 1.6 : RIVERSIDE.has(kecamatan) ? 1.2 : 1) * (rainy ? 1.4 : 1);
  if (c === 'bencana') w *= (FLOOD_PRONE.has(kecamatan) ? 2 : RIVERSIDE.has(kecamatan) ? 1.3 : 1) * (rainy ? 1.6 : 1);
  if ((c === 'parkir-liar' || c === 'ketertiban') && CENTRAL.has(kecamatan)) w *= 1.8;
  if ((c === 'jalan-rusak' || c === 'lampu-jalan') && OUTSKIRTS.has(kecamatan)) w *= 1.3;
  return w;
}

/** Medan's wet season: September to December. */
export function isRainySeason(month: number): boolean {
  return month >= 9 && month <= 12;
}

export interface ComplaintModelOptions {
  ref: CityReference;
  seed: number;
  source: string;
  /** Mean complaints per day across the city (the hourly profile shapes it). */
  complaintsPerDay: number;
  /** Prefix inside external ids that keeps different seeds apart ('' for the default seed). */
  idTag?: string;
  duplicateRate?: number;
  rates?: LifecycleRates;
}

export interface ComplaintModel {
  readonly ref: CityReference;
  readonly seed: number;
  readonly source: string;
  readonly complaintsPerDay: number;
  readonly idTag: string;
  readonly duplicateRate: number;
  readonly rates: LifecycleRates;
  /** The official working-day calendar (db/seed-data), the one the server is seeded with. */
  readonly calendar: WorkingCalendar;
  readonly kecamatanTable: WeightedTable<KecamatanRef>;
  categoryTable(kecamatan: KecamatanRef, rainy: boolean): WeightedTable<CategoryRef>;
  channelTable(category: CategoryRef): WeightedTable<string>;
  opdName(code: string): string;
}

export function createComplaintModel(options: ComplaintModelOptions): ComplaintModel {
  const { ref } = options;
  const kecamatanTable = new WeightedTable(ref.kecamatan.map((k) => [k, k.population] as const));
  const categoryTables = new Map<string, WeightedTable<CategoryRef>>();
  const channelTables = new Map<string, WeightedTable<string>>();
  const opdNames = new Map(ref.opd.map((o) => [o.code, o.name]));
  return {
    ref,
    seed: options.seed,
    source: options.source,
    complaintsPerDay: options.complaintsPerDay,
    idTag: options.idTag ?? '',
    duplicateRate: options.duplicateRate ?? 0.03,
    rates: options.rates ?? DEFAULT_LIFECYCLE_RATES,
    calendar: createDefaultWorkingCalendar(),
    kecamatanTable,
    categoryTable(kecamatan, rainy) {
      const key = `${kecamatan.code}|${rainy}`;
      let table = categoryTables.get(key);
      if (!table) {
        table = new WeightedTable(ref.categories.map((c) => [c, categoryWeight(c, kecamatan.name, rainy)] as const));
        categoryTables.set(key, table);
      }
      return table;
    },
    channelTable(category) {
      const key = category.emergency ? '!emergency' : PAPERWORK.has(category.code) ? '!paperwork' : '!street';
      let table = channelTables.get(key);
      if (!table) {
        table = new WeightedTable(
          ref.channels.map((ch) => {
            let w = (category.emergency ? EMERGENCY_CHANNEL_WEIGHTS[ch.code] : CHANNEL_WEIGHTS[ch.code]) ?? 5;
            if (key === '!paperwork' && ch.code === 'LAPOR') w *= 1.6;
            return [ch.code, w] as const;
          }),
        );
        channelTables.set(key, table);
      }
      return table;
    },
    opdName: (code) => opdNames.get(code) ?? code,
  };
}

/** Mean number of complaints in the WIB minute starting at `minuteStart`. */
export function expectedComplaintsInMinute(model: ComplaintModel, minuteStart: number): number {
  return (model.complaintsPerDay / 1440) * complaintIntensity(minuteStart + 30 * SECOND);
}

/** The cheap part of a complaint: enough to plan it and to find it again as an original. */
export interface ComplaintCore {
  minute: number;
  index: number;
  submittedAt: number;
  wantsDuplicate: boolean;
  kecamatan: KecamatanRef;
  category: CategoryRef;
  channel: string;
  privacy: Privacy;
}

export interface SimComplaint {
  externalId: string;
  core: ComplaintCore;
  /** For a duplicate, the complaint it repeats; its place is near the original. */
  original: { core: ComplaintCore; externalId: string } | null;
  plan: LifecyclePlan;
  details?: ComplaintDetails;
}

export interface ComplaintDetails {
  title: string;
  text: string;
  location: { lat: number; lon: number };
  kelurahan: string | null;
  reporter?: ComplaintEventInput['reporter'];
}

function privacyFor(rng: Rng, category: CategoryRef): Privacy {
  const x = rng.next();
  if (category.code === 'perempuan-anak') return x < 0.6 ? 'secret' : x < 0.9 ? 'anonymous' : 'public';
  return x < 0.8 ? 'public' : x < 0.95 ? 'anonymous' : 'secret';
}

/** Minute index = epoch minutes; complaints of that minute, before duplicates are resolved. */
export function complaintCoresInMinute(model: ComplaintModel, minute: number): ComplaintCore[] {
  const minuteStart = minute * MINUTE;
  const count = Rng.of(model.seed, 'aduan-jumlah', minute).poisson(expectedComplaintsInMinute(model, minuteStart));
  const rainy = isRainySeason(wibParts(minuteStart).month);
  const cores: ComplaintCore[] = [];
  for (let index = 0; index < count; index++) {
    const rng = Rng.of(model.seed, 'aduan', minute, index);
    const submittedAt = minuteStart + rng.int(0, 59) * SECOND;
    const wantsDuplicate = rng.chance(model.duplicateRate);
    const kecamatan = model.kecamatanTable.draw(rng);
    const category = model.categoryTable(kecamatan, rainy).draw(rng);
    const channel = model.channelTable(category).draw(rng);
    const privacy = privacyFor(rng, category);
    cores.push({ minute, index, submittedAt, wantsDuplicate, kecamatan, category, channel, privacy });
  }
  cores.sort((a, b) => a.submittedAt - b.submittedAt || a.index - b.index);
  return cores;
}

export function complaintExternalId(model: ComplaintModel, core: ComplaintCore): string {
  const p = wibParts(core.minute * MINUTE);
  const stamp = `${p.date.replace(/-/g, '')}-${String(p.hour).padStart(2, '0')}${String(p.minute).padStart(2, '0')}`;
  return `${core.channel}-${model.idTag}${stamp}-${String(core.index + 1).padStart(2, '0')}`;
}

/** How far back a re-report looks for the complaint it repeats. */
const DUPLICATE_LOOKBACK_MINUTES = 6 * 60;

function findOriginal(model: ComplaintModel, core: ComplaintCore): ComplaintCore | null {
  const eligible = (c: ComplaintCore) => !c.wantsDuplicate && !c.category.external && c.submittedAt < core.submittedAt;
  const rng = Rng.of(model.seed, 'aduan-asli', core.minute, core.index);
  // Half the re-reports are about something in the same kecamatan reported minutes or hours ago.
  for (let back = 0; back <= DUPLICATE_LOOKBACK_MINUTES; back++) {
    const candidates = (back === 0 ? complaintCoresInMinute(model, core.minute) : complaintCoresInMinute(model, core.minute - back)).filter(eligible);
    if (candidates.length > 0) {
      const sameArea = candidates.filter((c) => c.kecamatan.code === core.kecamatan.code);
      return sameArea.length > 0 && rng.chance(0.8) ? rng.pick(sameArea) : rng.pick(candidates);
    }
  }
  return null;
}

function toComplaint(model: ComplaintModel, core: ComplaintCore): SimComplaint {
  let original: SimComplaint['original'] = null;
  let effective = core;
  if (core.wantsDuplicate) {
    const found = findOriginal(model, core);
    if (found) {
      original = { core: found, externalId: complaintExternalId(model, found) };
      // The second reporter describes the same problem at the same place, in their own channel.
      effective = { ...core, kecamatan: found.kecamatan, category: found.category };
    }
  }
  const plan = planLifecycle(
    Rng.of(model.seed, 'aduan-alur', core.minute, core.index),
    { submittedAt: core.submittedAt, category: effective.category, duplicateOf: original?.externalId ?? null, opdName: model.opdName },
    model.calendar,
    model.rates,
  );
  return { externalId: complaintExternalId(model, core), core: effective, original, plan };
}

/** All complaints submitted in one WIB minute (epoch minute index), with their plans. */
export function complaintsInMinute(model: ComplaintModel, minute: number): SimComplaint[] {
  return complaintCoresInMinute(model, minute).map((core) => toComplaint(model, core));
}

// ---------------------------------------------------------------- places and words

const MAX_POINT_TRIES = 500;

/** A uniformly random point inside the kecamatan polygon (rejection sampling in its bbox). */
export function randomPointIn(rng: Rng, kecamatan: KecamatanRef): { lat: number; lon: number } {
  const { west, south, east, north } = kecamatan.bbox;
  for (let i = 0; i < MAX_POINT_TRIES; i++) {
    const lon = rng.float(west, east);
    const lat = rng.float(south, north);
    if (booleanPointInPolygon([lon, lat], kecamatan.feature as any)) return { lat: round6(lat), lon: round6(lon) };
  }
  // Unreachable for real polygons (they fill a good share of their bbox); keep a valid answer anyway.
  return { lat: round6((south + north) / 2), lon: round6((west + east) / 2) };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export function kelurahanAt(kecamatan: KecamatanRef, point: { lat: number; lon: number }): string | null {
  for (const kel of kecamatan.kelurahan) {
    const b = kel.bbox;
    if (point.lon < b.west || point.lon > b.east || point.lat < b.south || point.lat > b.north) continue;
    if (booleanPointInPolygon([point.lon, point.lat], kel.feature as any)) return kel.code;
  }
  return null;
}

function reporterFor(rng: Rng, channel: string, privacy: Privacy, kecamatanCode: string): ComplaintEventInput['reporter'] {
  const share: Record<string, number> = { CALL: 0.8, LAPOR: 0.75, MRK: 0.7, MERCY: 0.7, SOSMED: 0.3 };
  let p = share[channel] ?? 0.5;
  if (privacy === 'anonymous') p *= 0.5;
  if (!rng.chance(p)) return undefined;
  const name = fakeName(rng);
  const reporter: NonNullable<ComplaintEventInput['reporter']> = { name };
  if (channel !== 'SOSMED' || rng.chance(0.3)) reporter.phone = fakePhone(rng);
  if (rng.chance(channel === 'LAPOR' ? 0.7 : 0.2)) reporter.nik = fakeNik(rng, kecamatanCode);
  if (rng.chance(channel === 'LAPOR' ? 0.5 : 0.15)) reporter.email = fakeEmail(rng, name);
  return reporter;
}

/** Place, words and reporter; computed only when an event is about to be sent. */
export function complaintDetails(model: ComplaintModel, complaint: SimComplaint): ComplaintDetails {
  if (complaint.details) return complaint.details;
  const { core } = complaint;
  const rng = Rng.of(model.seed, 'aduan-isi', core.minute, core.index);
  let location: { lat: number; lon: number };
  if (complaint.original) {
    const base = randomPointIn(Rng.of(model.seed, 'aduan-isi', complaint.original.core.minute, complaint.original.core.index), complaint.original.core.kecamatan);
    const jittered = { lat: round6(base.lat + rng.float(-0.0004, 0.0004)), lon: round6(base.lon + rng.float(-0.0004, 0.0004)) };
    location = booleanPointInPolygon([jittered.lon, jittered.lat], core.kecamatan.feature as any) ? jittered : base;
  } else {
    location = randomPointIn(rng, core.kecamatan);
  }
  const kelurahan = kelurahanAt(core.kecamatan, location);
  const kelurahanName = kelurahan ? (core.kecamatan.kelurahan.find((k) => k.code === kelurahan)?.name ?? null) : null;
  const words = complaintText(rng.fork('kata'), core.category.code, core.channel, {
    kecamatan: core.kecamatan.name,
    kelurahan: kelurahanName,
    hour: wibParts(core.submittedAt).hour,
  });
  const reporter = reporterFor(rng.fork('pelapor'), core.channel, core.privacy, core.kecamatan.code);
  complaint.details = { ...words, location, kelurahan, ...(reporter ? { reporter } : {}) };
  return complaint.details;
}

/**
 * The event for one planned step. Every event carries the whole complaint, as a channel that
 * re-sends its record would: whichever event the server sees first is complete.
 */
export function complaintEvent(model: ComplaintModel, complaint: SimComplaint, step: PlannedStep, source = model.source): ComplaintEventInput {
  const d = complaintDetails(model, complaint);
  const event: ComplaintEventInput = {
    source,
    externalId: complaint.externalId,
    occurredAt: formatWib(step.at),
    channel: complaint.core.channel,
    category: complaint.core.category.code,
    title: d.title,
    text: d.text,
    location: d.location,
    kecamatan: complaint.core.kecamatan.code,
    privacy: complaint.core.privacy,
    status: step.status,
    submittedAt: formatWib(complaint.core.submittedAt),
  };
  if (d.kelurahan) event.kelurahan = d.kelurahan;
  if (d.reporter) event.reporter = d.reporter;
  if (step.opd) event.opd = step.opd;
  if (step.duplicateOf) event.duplicateOf = step.duplicateOf;
  if (step.actor) event.actor = step.actor;
  if (step.note) event.note = step.note;
  return event;
}
