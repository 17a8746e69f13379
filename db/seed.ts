// Seeds reference data for a Medan deployment from db/seed-data (copied into the repo from the
// field studies' reference files; nothing outside the repo is read at run time). Idempotent:
// existing rows are updated in place, so running it on every start is safe.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import * as t from './schema.ts';
import { uploadScheduleSchema } from '../shared/upload-schedule.ts';
import type { Database } from '../server/infra/database.ts';
import { routingRulesFromCategories } from '../server/domain/complaints/complaint-routing.ts';

const seedDir = path.join(import.meta.dirname, 'seed-data');
const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(seedDir, file), 'utf8')) as T;

interface MedanReference {
  opd: { code: string; name: string; short_name?: string; kind: string }[];
  external_bodies: { code: string; name: string }[];
  kecamatan: { name: string; area_km2: number; pop_2013: number | null; pop_2020?: number; pop_2023?: number }[];
  complaint_categories: { code: string; name: string; name_en?: string; opd?: string; external?: string; emergency?: boolean }[];
  sla_defaults: {
    dispatch_working_days: number;
    first_response_working_days: number;
    resolution_working_days: number;
    emergency: { first_response_hours: number; resolution_hours: number };
  };
  channels: { code: string; name: string; name_en?: string }[];
}

/**
 * Four kecamatan have no population figure in the reference data. These estimates come from the
 * densities quoted there (Perjuangan, Labuhan) or the city's mean density (Marelan, Belawan);
 * they are marked with population_year = null and only used to shade the map per 10,000 people.
 */
const POPULATION_ESTIMATES: Record<string, number> = {
  'Medan Perjuangan': 93_000,
  'Medan Labuhan': 93_500,
  'Medan Marelan': 155_000,
  'Medan Belawan': 97_000,
};

/** Colour/icon group of each category on the wall. */
export const CATEGORY_GROUP: Record<string, string> = {
  'jalan-rusak': 'infrastruktur',
  drainase: 'infrastruktur',
  'lampu-jalan': 'infrastruktur',
  'lampu-lalu-lintas': 'infrastruktur',
  'bangunan-tata-ruang': 'infrastruktur',
  sampah: 'lingkungan',
  'parkir-liar': 'ketertiban',
  ketertiban: 'ketertiban',
  perizinan: 'layanan',
  adminduk: 'layanan',
  kesehatan: 'layanan',
  pendidikan: 'layanan',
  'pajak-daerah': 'layanan',
  'layanan-aplikasi': 'layanan',
  ketenagakerjaan: 'layanan',
  bansos: 'sosial',
  'perempuan-anak': 'sosial',
  kebakaran: 'darurat',
  bencana: 'darurat',
  listrik: 'eksternal',
  'air-bersih': 'eksternal',
  'jalan-nasional': 'eksternal',
};

export async function seedDatabase(db: Database): Promise<{ monitors: number; datasets: number }> {
  const ref = readJson<MedanReference>('medan.json');
  const kecGeo = readJson<FeatureCollection<Polygon | MultiPolygon>>('medan-kecamatan.geojson');
  const kelGeo = readJson<FeatureCollection<Polygon | MultiPolygon>>('medan-kelurahan.geojson');
  const services = readJson<{ services: { code: string; name: string; opd: string; kind: string; intervalSeconds: number }[] }>(
    'medan-services.json',
  ).services;
  const datasets = readJson<{ datasets: { code: string; opd: string; name: string; schedule: unknown }[] }>('medan-datasets.json').datasets;

  return db.transaction(async (tx) => {
    await tx
      .insert(t.opd)
      .values([
        ...ref.opd.map((o) => ({ code: o.code, name: o.name, shortName: o.short_name ?? null, kind: o.kind, external: false })),
        ...ref.external_bodies.map((o) => ({ code: o.code, name: o.name, kind: 'eksternal', external: true })),
      ])
      .onConflictDoUpdate({
        target: t.opd.code,
        set: { name: sql`excluded.name`, shortName: sql`excluded.short_name`, kind: sql`excluded.kind`, external: sql`excluded.external` },
      });

    await tx
      .insert(t.channels)
      .values(ref.channels.map((c) => ({ code: c.code, name: c.name, nameEn: c.name_en ?? null })))
      .onConflictDoUpdate({ target: t.channels.code, set: { name: sql`excluded.name`, nameEn: sql`excluded.name_en` } });

    const popByName = new Map<string, { population: number | null; year: number | null }>(
      ref.kecamatan.map((k): [string, { population: number | null; year: number | null }] => {
        if (k.pop_2013) return [k.name, { population: k.pop_2013, year: 2013 }];
        if (k.pop_2023) return [k.name, { population: k.pop_2023, year: 2023 }];
        if (k.pop_2020) return [k.name, { population: k.pop_2020, year: 2020 }];
        return [k.name, { population: POPULATION_ESTIMATES[k.name] ?? null, year: null }];
      }),
    );
    const areaByName = new Map(ref.kecamatan.map((k) => [k.name, k.area_km2]));
    await tx
      .insert(t.kecamatan)
      .values(
        kecGeo.features.map((f: Feature<Polygon | MultiPolygon>) => {
          const name = String(f.properties?.name);
          const pop = popByName.get(name);
          return {
            code: String(f.properties?.code),
            name,
            population: pop?.population ?? null,
            populationYear: pop?.year ?? null,
            // The official (BPS) area where known; the GIS area of the polygon otherwise.
            areaKm2: areaByName.get(name) ?? Number(f.properties?.area_km2),
            geometry: f.geometry,
          };
        }),
      )
      .onConflictDoUpdate({
        target: t.kecamatan.code,
        set: {
          name: sql`excluded.name`,
          population: sql`excluded.population`,
          populationYear: sql`excluded.population_year`,
          areaKm2: sql`excluded.area_km2`,
          geometry: sql`excluded.geometry`,
        },
      });
    await tx
      .insert(t.kelurahan)
      .values(
        kelGeo.features.map((f) => ({
          code: String(f.properties?.code),
          name: String(f.properties?.name),
          kecamatanCode: String(f.properties?.kecamatan_code),
          geometry: f.geometry,
        })),
      )
      .onConflictDoUpdate({
        target: t.kelurahan.code,
        set: { name: sql`excluded.name`, kecamatanCode: sql`excluded.kecamatan_code`, geometry: sql`excluded.geometry` },
      });

    const sla = ref.sla_defaults;
    await tx
      .insert(t.categories)
      .values(
        ref.complaint_categories.map((c) => ({
          code: c.code,
          name: c.name,
          nameEn: c.name_en ?? null,
          opdCode: c.opd ?? null,
          externalCode: c.external ?? null,
          emergency: c.emergency ?? false,
          group: CATEGORY_GROUP[c.code] ?? 'layanan',
          sla: {
            dispatchWorkingDays: sla.dispatch_working_days,
            firstResponseWorkingDays: sla.first_response_working_days,
            resolutionWorkingDays: sla.resolution_working_days,
            ...(c.emergency
              ? { emergency: { firstResponseHours: sla.emergency.first_response_hours, resolutionHours: sla.emergency.resolution_hours } }
              : {}),
          },
        })),
      )
      // Admins may have tuned SLAs: a re-seed refreshes names and owners, never SLAs.
      .onConflictDoUpdate({
        target: t.categories.code,
        set: {
          name: sql`excluded.name`,
          nameEn: sql`excluded.name_en`,
          opdCode: sql`excluded.opd_code`,
          externalCode: sql`excluded.external_code`,
          group: sql`excluded.group`,
        },
      });

    await tx
      .insert(t.routingRules)
      .values(
        routingRulesFromCategories(ref.complaint_categories).map((r) => ({
          id: r.id,
          categoryCode: r.category,
          targetKind: r.target.kind,
          targetCode: r.target.code,
          priority: r.priority ?? 0,
        })),
      )
      .onConflictDoNothing();

    await tx
      .insert(t.datasets)
      .values(datasets.map((d) => ({ opdCode: d.opd, code: d.code, name: d.name, schedule: uploadScheduleSchema.parse(d.schedule) })))
      .onConflictDoNothing();

    await tx
      .insert(t.monitors)
      .values(
        services.map((s) => ({
          code: s.code,
          name: s.name,
          opdCode: s.opd,
          kind: s.kind,
          intervalSeconds: s.intervalSeconds,
          pushToken: s.kind === 'push' ? randomBytes(16).toString('hex') : null,
        })),
      )
      .onConflictDoNothing();

    for (const file of fs.readdirSync(seedDir).filter((f) => /^holidays-id-\d{4}\.json$/.test(f))) {
      const h = readJson<{ year: number; national_holidays: { date: string; name: string }[]; cuti_bersama: { date: string; name: string }[] }>(file);
      const rows = [
        ...h.national_holidays.map((d) => ({ date: d.date, name: d.name, kind: 'national', year: h.year })),
        ...h.cuti_bersama.map((d) => ({ date: d.date, name: d.name, kind: 'cuti_bersama', year: h.year })),
      ];
      if (rows.length) await tx.insert(t.calendarDays).values(rows).onConflictDoNothing();
    }
    return { monitors: services.length, datasets: datasets.length };
  });
}
