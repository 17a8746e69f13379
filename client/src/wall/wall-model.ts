// Pure derivations from the live state to what each wall panel shows. Kept out of components
// so the rules (worst first, paging, recoveries, rates per 10,000) are unit-tested.
import type { KecamatanLive, MonitorLive, OpdLive, PublicComplaint, RateWithCounts, ReferenceData } from '../../../shared/protocol.ts';
import type { CategoryGroup } from '../../../shared/domain-constants.ts';
import { groupOf } from './palette.ts';
import { localName } from '../live/reference.ts';
import type { Lang } from '../i18n/messages.ts';

// ---------- map: open complaints per 10,000 people ----------

export interface KecamatanRate {
  code: string;
  name: string;
  open: number;
  population: number | null;
  /** Open complaints per 10,000 people; null without a population figure. */
  per10k: number | null;
}

export function kecamatanRates(reference: ReferenceData['kecamatan'], live: Record<string, KecamatanLive>): KecamatanRate[] {
  return reference.map((k) => {
    const open = live[k.code]?.open ?? 0;
    const population = k.population && k.population > 0 ? k.population : null;
    return { code: k.code, name: k.name, open, population, per10k: population ? (open / population) * 10_000 : null };
  });
}

/**
 * Four class breaks (five classes) on "nice" round numbers from 0 to the current maximum, so
 * the legend reads 0-2, 2-4, ... rather than 0-1.37. At least 1 per step.
 */
export function niceBreaks(values: (number | null)[], classes = 5): number[] {
  const max = Math.max(0, ...values.filter((v): v is number => v !== null && Number.isFinite(v)));
  const step = niceStep(max / classes);
  return Array.from({ length: classes - 1 }, (_, i) => round((i + 1) * step));
}

function niceStep(raw: number): number {
  if (raw <= 1) return raw <= 0.5 ? 0.5 : 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const normalised = raw / magnitude;
  const nice = normalised <= 1 ? 1 : normalised <= 2 ? 2 : normalised <= 2.5 ? 2.5 : normalised <= 5 ? 5 : 10;
  return nice * magnitude;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

export function classOf(value: number | null, breaks: number[]): number | null {
  if (value === null) return null;
  let cls = 0;
  while (cls < breaks.length && value >= breaks[cls]) cls++;
  return cls;
}

export function topKecamatan(rates: KecamatanRate[], n: number): KecamatanRate[] {
  return rates
    .filter((r) => r.per10k !== null && r.open > 0)
    .sort((a, b) => (b.per10k as number) - (a.per10k as number) || a.name.localeCompare(b.name))
    .slice(0, n);
}

// ---------- OPD timeliness ----------

export interface OpdRow {
  code: string;
  name: string;
  /** The common abbreviation, for where the name does not fit; the name itself when there is none. */
  shortName: string;
  uploads: RateWithCounts;
  complaints: RateWithCounts;
  /** The lower of the two known rates; null when neither has enough data. */
  worst: number | null;
}

const NO_DATA: RateWithCounts = { numerator: 0, denominator: 0, rate: null };

/** Every OPD in the reference (plus any unknown code in the live state), worst first. */
export function opdRows(reference: ReferenceData['opd'], live: Record<string, OpdLive>): OpdRow[] {
  const names = new Map(reference.map((o) => [o.code, o.name]));
  const shortNames = new Map(reference.map((o) => [o.code, o.shortName?.trim() || o.name]));
  const codes = [...reference.map((o) => o.code), ...Object.keys(live).filter((c) => !names.has(c))];
  const rows = codes.map((code): OpdRow => {
    const o = live[code];
    const uploads = o?.uploadsOnTime ?? NO_DATA;
    const complaints = o?.complaintsOnTime ?? NO_DATA;
    const known = [uploads.rate, complaints.rate].filter((r): r is number => r !== null);
    return { code, name: names.get(code) ?? code, shortName: shortNames.get(code) ?? code, uploads, complaints, worst: known.length ? Math.min(...known) : null };
  });
  return rows.sort(compareWorstFirst);
}

function compareWorstFirst(a: OpdRow, b: OpdRow): number {
  if (a.worst === null && b.worst === null) return a.code.localeCompare(b.code);
  if (a.worst === null) return 1;
  if (b.worst === null) return -1;
  return a.worst - b.worst || a.code.localeCompare(b.code);
}

export function pageCount(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / Math.max(1, perPage)));
}

export function pageSlice<T>(items: T[], page: number, perPage: number): T[] {
  const pages = pageCount(items.length, perPage);
  const p = ((page % pages) + pages) % pages;
  return items.slice(p * perPage, p * perPage + perPage);
}

/**
 * Keeps the order fixed for one cycle through the pages: a live re-sort mid-cycle could move an
 * OPD onto a page already shown and it would never appear. The order is refreshed on page 0.
 * Codes not in the frozen order (new OPD) go last; codes gone from the rows are dropped.
 */
export function applyFrozenOrder(rows: OpdRow[], order: string[]): OpdRow[] {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const out: OpdRow[] = [];
  for (const code of order) {
    const row = byCode.get(code);
    if (row) {
      out.push(row);
      byCode.delete(code);
    }
  }
  return [...out, ...byCode.values()];
}

// ---------- alerts ----------

export interface AlertBanner {
  code: string;
  name: string;
  opd: string;
  kind: 'down' | 'recovered';
  /** When it went down (ISO), when known. */
  downSince: string | null;
  acknowledgedBy: string | null;
  /** For a recovery: client time (ms) it was seen recovered. */
  recoveredAt: number | null;
}

export const RECOVERY_SHOWN_MS = 20_000;

export interface AlertTracker {
  /** Monitors seen down, by code, to notice recoveries. */
  down: Map<string, MonitorLive>;
  recovered: AlertBanner[];
}

export function newAlertTracker(): AlertTracker {
  return { down: new Map(), recovered: [] };
}

/**
 * One step of the alert list: which monitors are down now, which just recovered (shown in
 * green for RECOVERY_SHOWN_MS, never suppressed), and which recoveries have expired. A monitor
 * that disappears while down counts as gone, not recovered. Returns the new tracker; does not
 * mutate the old one.
 */
export function trackAlerts(tracker: AlertTracker, monitors: Record<string, MonitorLive>, now: number): { tracker: AlertTracker; banners: AlertBanner[]; newlyDown: string[] } {
  const down = new Map<string, MonitorLive>();
  for (const m of Object.values(monitors)) if (m.state === 'down') down.set(m.code, m);
  const newlyDown = [...down.keys()].filter((code) => !tracker.down.has(code));
  let recovered = tracker.recovered.filter((r) => now - (r.recoveredAt ?? 0) < RECOVERY_SHOWN_MS && !down.has(r.code));
  for (const [code, before] of tracker.down) {
    const current = monitors[code];
    if (!down.has(code) && current && current.state !== 'down') {
      recovered = [
        ...recovered.filter((r) => r.code !== code),
        {
          code,
          name: current.name,
          opd: current.opd,
          kind: 'recovered',
          downSince: before.incident?.openedAt ?? before.since,
          acknowledgedBy: before.incident?.acknowledgedBy ?? null,
          recoveredAt: now,
        },
      ];
    }
  }
  const downBanners = [...down.values()]
    .map(
      (m): AlertBanner => ({
        code: m.code,
        name: m.name,
        opd: m.opd,
        kind: 'down',
        downSince: m.incident?.openedAt ?? m.since,
        acknowledgedBy: m.incident?.acknowledgedBy ?? null,
        recoveredAt: null,
      }),
    )
    // Not yet handled first (they need someone), then the longest outage first; stable by name.
    .sort(
      (a, b) =>
        Number(a.acknowledgedBy !== null) - Number(b.acknowledgedBy !== null) ||
        (a.downSince ?? '').localeCompare(b.downSince ?? '') ||
        a.name.localeCompare(b.name),
    );
  return { tracker: { down, recovered }, banners: [...downBanners, ...recovered], newlyDown };
}

// ---------- ticker ----------

export interface TickerItem {
  id: string;
  categoryName: string;
  group: CategoryGroup;
  emergency: boolean;
  kecamatanName: string | null;
  /** Located, but in no kecamatan: just across the city's border (ingest refuses points further out). */
  outsideCity: boolean;
  channelName: string;
  submittedAt: string;
}

/** Category and channel names in the page's language (`lang`); kecamatan names are proper names. */
export function tickerItems(complaints: PublicComplaint[], reference: ReferenceData, limit: number, lang: Lang = 'id'): TickerItem[] {
  const categories = new Map(reference.categories.map((c) => [c.code, c]));
  const kecamatan = new Map(reference.kecamatan.map((k) => [k.code, k.name]));
  const channels = new Map(reference.channels.map((c) => [c.code, localName(c, lang)]));
  return complaints.slice(0, limit).map((c) => {
    const category = categories.get(c.category);
    return {
      id: c.id,
      categoryName: category ? localName(category, lang) : c.category,
      group: groupOf(category?.group),
      emergency: category?.emergency ?? false,
      kecamatanName: c.kecamatan ? (kecamatan.get(c.kecamatan) ?? c.kecamatan) : null,
      outsideCity: !c.kecamatan && c.location !== null,
      channelName: channels.get(c.channel) ?? c.channel,
      submittedAt: c.submittedAt,
    };
  });
}

// ---------- map points ----------

export interface PointFeature {
  type: 'Feature';
  id: number;
  properties: { id: string; group: CategoryGroup; submittedAt: string };
  geometry: { type: 'Point'; coordinates: [number, number] };
}

/** Complaints with a location as GeoJSON points. Secret complaints arrive without one. */
export function complaintPoints(complaints: PublicComplaint[], groupOfCategory: (code: string) => CategoryGroup): { type: 'FeatureCollection'; features: PointFeature[] } {
  const features: PointFeature[] = [];
  complaints.forEach((c, i) => {
    if (!c.location || c.privacy === 'secret') return;
    features.push({
      type: 'Feature',
      id: i,
      properties: { id: c.id, group: groupOfCategory(c.category), submittedAt: c.submittedAt },
      geometry: { type: 'Point', coordinates: [c.location.lon, c.location.lat] },
    });
  });
  return { type: 'FeatureCollection', features };
}

/** Ids in `current` not in `seen`; updates nothing. Used to pulse only new arrivals. */
export function newIds(current: { id: string }[], seen: ReadonlySet<string>): string[] {
  return current.filter((c) => !seen.has(c.id)).map((c) => c.id);
}
