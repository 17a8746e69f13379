import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { areaPolygon, cityBounds, farOutside, kmOutside, locateArea } from '../../../../server/domain/geo/locate-area.ts';
import { INGEST_LIMITS } from '../../../../shared/domain-constants.ts';

// Medan's 151 kelurahan, as the database holds them (seeded from this file).
const geo = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../../../../db/seed-data/medan-kelurahan.geojson'), 'utf8')) as FeatureCollection;
const areas = geo.features.map((f: Feature) => {
  const p = f.properties as { code: string; kecamatan_code: string };
  return areaPolygon(p.code, p.kecamatan_code, f.geometry as Polygon | MultiPolygon);
});

const PLACES = {
  lapanganMerdeka: { lat: 3.5905, lon: 98.6776 },
  binjai: { lat: 3.6001, lon: 98.4854 },
  lubukPakam: { lat: 3.5536, lon: 98.8697 },
  tebingTinggi: { lat: 3.3285, lon: 99.1626 },
  jakartaMonas: { lat: -6.1754, lon: 106.8272 },
  nullIsland: { lat: 0, lon: 0 },
  signFlipped: { lat: -3.5905, lon: 98.6776 },
};

describe('a point and the city boundary', () => {
  it('is inside when a kelurahan holds it (distance 0)', () => {
    const { lat, lon } = PLACES.lapanganMerdeka;
    expect(locateArea(areas, lat, lon)).not.toBeNull();
    expect(kmOutside(areas, lat, lon)).toBe(0);
    expect(farOutside(areas, lat, lon, 25)).toBeNull();
  });

  it('measures how far outside a point lies, to the nearest edge of the city', () => {
    const binjai = kmOutside(areas, PLACES.binjai.lat, PLACES.binjai.lon);
    expect(binjai).toBeGreaterThan(3);
    expect(binjai).toBeLessThan(15);
    const lubukPakam = kmOutside(areas, PLACES.lubukPakam.lat, PLACES.lubukPakam.lon);
    expect(lubukPakam).toBeGreaterThan(5);
    expect(lubukPakam).toBeLessThan(20);
    const tebingTinggi = kmOutside(areas, PLACES.tebingTinggi.lat, PLACES.tebingTinggi.lon);
    expect(tebingTinggi).toBeGreaterThan(40);
    expect(tebingTinggi).toBeLessThan(80);
    const jakarta = kmOutside(areas, PLACES.jakartaMonas.lat, PLACES.jakartaMonas.lon);
    expect(jakarta).toBeGreaterThan(1300);
    expect(jakarta).toBeLessThan(1500);
    // A point 1 km north of the city's northernmost vertex.
    const north = areas.reduce((m, a) => Math.max(m, a.bbox[3]), -90);
    const top = areas.flatMap((a) => (a.geometry.type === 'Polygon' ? a.geometry.coordinates : a.geometry.coordinates.flat())).flat().find(([, y]) => y === north)!;
    expect(kmOutside(areas, north + 1 / 110.574, top[0])).toBeCloseTo(1, 1);
  });

  it(`accepts a point up to ${INGEST_LIMITS.maxKmOutsideCity} km outside as near, and refuses one beyond as far`, () => {
    const max = INGEST_LIMITS.maxKmOutsideCity;
    expect(farOutside(areas, PLACES.binjai.lat, PLACES.binjai.lon, max)).toBeNull();
    expect(farOutside(areas, PLACES.lubukPakam.lat, PLACES.lubukPakam.lon, max)).toBeNull();
    for (const place of [PLACES.tebingTinggi, PLACES.jakartaMonas, PLACES.nullIsland, PLACES.signFlipped]) {
      expect(farOutside(areas, place.lat, place.lon, max)).toBeGreaterThan(max);
    }
    expect(farOutside(areas, PLACES.jakartaMonas.lat, PLACES.jakartaMonas.lon, max)).toBeGreaterThan(1300);
    // Both sides of the line, 1 km apart, due west of the westernmost vertex.
    const west = areas.reduce((m, a) => Math.min(m, a.bbox[0]), 180);
    const edge = areas.flatMap((a) => (a.geometry.type === 'Polygon' ? a.geometry.coordinates : a.geometry.coordinates.flat())).flat().find(([x]) => x === west)!;
    const kmPerDegLon = 111.32 * Math.cos((edge[1] * Math.PI) / 180);
    expect(farOutside(areas, edge[1], west - (max - 0.5) / kmPerDegLon, max)).toBeNull();
    expect(farOutside(areas, edge[1], west - (max + 0.5) / kmPerDegLon, max)).toBeGreaterThan(max);
  });

  it("lets no point of the city's bounding box go unjudged: each lies within the limit", () => {
    // farOutside accepts the whole box without testing polygons; that is exact only while the
    // box's farthest point from the city is nearer than the limit.
    const [minX, minY, maxX, maxY] = cityBounds(areas)!;
    let worst = 0;
    for (let lon = minX; lon <= maxX; lon += 0.01) for (let lat = minY; lat <= maxY; lat += 0.01) worst = Math.max(worst, kmOutside(areas, lat, lon));
    expect(worst).toBeGreaterThan(1);
    expect(worst).toBeLessThan(INGEST_LIMITS.maxKmOutsideCity);
  });

  it('refuses nothing without a boundary', () => {
    expect(farOutside([], 0, 0, 25)).toBeNull();
  });
});
