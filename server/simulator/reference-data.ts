// The city the simulator plays: Medan's reference data from db/seed-data, joined and typed once.
// Loading reads files; everything after `buildCityReference` is plain data, so the generators
// stay pure and tests can build a reference without touching the disk twice.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { uploadScheduleSchema, type UploadSchedule } from '../../shared/upload-schedule.ts';

type Position = [number, number];
type Ring = Position[];

export interface Bbox {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** A GeoJSON feature in the shape @turf/boolean-point-in-polygon accepts. */
export interface AreaFeature {
  type: 'Feature';
  properties: Record<string, unknown>;
  geometry: { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
}

export interface KelurahanRef {
  code: string;
  name: string;
  feature: AreaFeature;
  bbox: Bbox;
}

export type PopulationBasis = 'bps-2013' | 'bps-2020' | 'bps-2023' | 'density-note' | 'area-estimate';

export interface KecamatanRef {
  code: string;
  name: string;
  population: number;
  populationBasis: PopulationBasis;
  areaKm2: number;
  feature: AreaFeature;
  bbox: Bbox;
  kelurahan: KelurahanRef[];
}

export interface OpdRef {
  code: string;
  name: string;
  kind: string;
  external: boolean;
}

export interface CategoryRef {
  code: string;
  name: string;
  /** The OPD that owns the category (null for external ones). */
  opd: string | null;
  /** External body code (PLN, PDAM-TIRTANADI, BBPJN) when it is not the city's remit. */
  external: string | null;
  emergency: boolean;
}

export interface DatasetRef {
  code: string;
  opd: string;
  name: string;
  schedule: UploadSchedule;
}

export interface ServiceRef {
  code: string;
  name: string;
  opd: string;
  kind: string;
  intervalSeconds: number;
}

export interface CityReference {
  cityCode: string;
  kecamatan: KecamatanRef[];
  opd: OpdRef[];
  categories: CategoryRef[];
  channels: { code: string; name: string }[];
  datasets: DatasetRef[];
  services: ServiceRef[];
}

/** Medan's density in 2016 (BPS, quoted in CONTEXT): 8,409 people per km². */
export const CITY_DENSITY_PER_KM2 = 8409;

interface RawKecamatan {
  name: string;
  area_km2: number;
  pop_2013?: number | null;
  pop_2020?: number;
  pop_2023?: number;
  note?: string;
}

/**
 * Best population figure for a kecamatan. BPS 2013 where known, else a later BPS count, else the
 * density quoted in the reference note times the area, else the city's density times the area,
 * halved for large outlying kecamatan (> 20 km²: port, fishponds, plantations), which are far
 * less built-up than the centre.
 */
export function estimatePopulation(k: RawKecamatan): { population: number; basis: PopulationBasis } {
  if (k.pop_2013) return { population: k.pop_2013, basis: 'bps-2013' };
  if (k.pop_2020) return { population: k.pop_2020, basis: 'bps-2020' };
  if (k.pop_2023) return { population: k.pop_2023, basis: 'bps-2023' };
  const m = k.note?.match(/about ([\d,]+) people\/km2/);
  if (m) return { population: Math.round(Number(m[1].replace(/,/g, '')) * k.area_km2), basis: 'density-note' };
  const factor = k.area_km2 > 20 ? 0.5 : 1;
  return { population: Math.round(CITY_DENSITY_PER_KM2 * factor * k.area_km2), basis: 'area-estimate' };
}

function bboxOf(feature: AreaFeature): Bbox {
  const b: Bbox = { west: Infinity, south: Infinity, east: -Infinity, north: -Infinity };
  const rings: Ring[] =
    feature.geometry.type === 'Polygon' ? feature.geometry.coordinates : feature.geometry.coordinates.flat();
  for (const ring of rings) {
    for (const [lon, lat] of ring) {
      if (lon < b.west) b.west = lon;
      if (lon > b.east) b.east = lon;
      if (lat < b.south) b.south = lat;
      if (lat > b.north) b.north = lat;
    }
  }
  return b;
}

export interface RawSeedFiles {
  medan: any;
  datasets: any;
  services: any;
  kecamatanGeo: any;
  kelurahanGeo: any;
}

export function buildCityReference(raw: RawSeedFiles): CityReference {
  const rawKec = new Map<string, RawKecamatan>((raw.medan.kecamatan as RawKecamatan[]).map((k) => [k.name, k]));
  const kelurahanByKec = new Map<string, KelurahanRef[]>();
  for (const f of raw.kelurahanGeo.features as AreaFeature[]) {
    const kec = String(f.properties.kecamatan_code);
    const list = kelurahanByKec.get(kec) ?? [];
    list.push({ code: String(f.properties.code), name: String(f.properties.name), feature: f, bbox: bboxOf(f) });
    kelurahanByKec.set(kec, list);
  }
  const kecamatan: KecamatanRef[] = (raw.kecamatanGeo.features as AreaFeature[]).map((f) => {
    const name = String(f.properties.name);
    const code = String(f.properties.code);
    const entry = rawKec.get(name) ?? { name, area_km2: Number(f.properties.area_km2) };
    const { population, basis } = estimatePopulation(entry);
    return {
      code,
      name,
      population,
      populationBasis: basis,
      areaKm2: entry.area_km2,
      feature: f,
      bbox: bboxOf(f),
      kelurahan: kelurahanByKec.get(code) ?? [],
    };
  });

  const externalCodes = new Set<string>((raw.medan.external_bodies ?? []).map((b: any) => String(b.code)));
  const opd: OpdRef[] = [
    ...raw.medan.opd.map((o: any) => ({ code: o.code, name: o.name, kind: o.kind, external: false })),
    ...(raw.medan.external_bodies ?? []).map((o: any) => ({ code: o.code, name: o.name, kind: 'eksternal', external: true })),
  ];
  const categories: CategoryRef[] = raw.medan.complaint_categories.map((c: any) => ({
    code: c.code,
    name: c.name,
    opd: c.opd ?? null,
    external: c.external && externalCodes.has(c.external) ? c.external : (c.external ?? null),
    emergency: Boolean(c.emergency),
  }));
  const datasets: DatasetRef[] = raw.datasets.datasets.map((d: any) => ({
    code: d.code,
    opd: d.opd,
    name: d.name,
    schedule: uploadScheduleSchema.parse(d.schedule),
  }));
  const services: ServiceRef[] = raw.services.services.map((s: any) => ({
    code: s.code,
    name: s.name,
    opd: s.opd,
    kind: s.kind,
    intervalSeconds: Number(s.intervalSeconds) || 30,
  }));
  return {
    cityCode: raw.medan.city?.code ?? '12.71',
    kecamatan,
    opd,
    categories,
    channels: raw.medan.channels.map((c: any) => ({ code: c.code, name: c.name })),
    datasets,
    services,
  };
}

export const DEFAULT_SEED_DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'db', 'seed-data');

let cached: CityReference | null = null;

/** Reads the seed files once per process. */
export function loadCityReference(dir = DEFAULT_SEED_DATA_DIR): CityReference {
  if (cached && dir === DEFAULT_SEED_DATA_DIR) return cached;
  const read = (name: string) => JSON.parse(readFileSync(join(dir, name), 'utf8'));
  const ref = buildCityReference({
    medan: read('medan.json'),
    datasets: read('medan-datasets.json'),
    services: read('medan-services.json'),
    kecamatanGeo: read('medan-kecamatan.geojson'),
    kelurahanGeo: read('medan-kelurahan.geojson'),
  });
  if (dir === DEFAULT_SEED_DATA_DIR) cached = ref;
  return ref;
}
