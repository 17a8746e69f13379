// Finds the kelurahan (and so the kecamatan) a complaint's location falls in. Channels often
// send only coordinates; the wall shades kecamatan, so we derive the area once, at processing.
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon } from 'geojson';

export interface AreaPolygon {
  code: string;
  kecamatanCode: string;
  geometry: Polygon | MultiPolygon;
  bbox: [number, number, number, number];
}

export function areaPolygon(code: string, kecamatanCode: string, geometry: Polygon | MultiPolygon): AreaPolygon {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  for (const ring of rings) {
    for (const [x, y] of ring) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  }
  return { code, kecamatanCode, geometry, bbox: [minX, minY, maxX, maxY] };
}

/** The kelurahan containing the point, or null when it is outside the city. */
export function locateArea(areas: readonly AreaPolygon[], lat: number, lon: number): AreaPolygon | null {
  for (const area of areas) {
    const [minX, minY, maxX, maxY] = area.bbox;
    if (lon < minX || lon > maxX || lat < minY || lat > maxY) continue;
    if (booleanPointInPolygon([lon, lat], area.geometry)) return area;
  }
  return null;
}
