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

const KM_PER_DEG_LAT = 110.574;
const KM_PER_DEG_LON_AT_EQUATOR = 111.32;

/**
 * How far (km) a point lies outside the city: 0 inside a kelurahan, else the distance to the
 * nearest edge of any kelurahan. Distances on a plane centred on the point (equirectangular):
 * within metres at the tens of km that matter here, and the right order of magnitude for a
 * point across the country. Areas are visited nearest bounding box first, and the search stops
 * once no box can be nearer, or (with `stopBeyondKm`) once even the nearest box lies beyond
 * that distance: then the answer is that box's distance, a lower bound.
 */
export function kmOutside(areas: readonly AreaPolygon[], lat: number, lon: number, stopBeyondKm = Infinity): number {
  if (locateArea(areas, lat, lon)) return 0;
  const kx = KM_PER_DEG_LON_AT_EQUATOR * Math.cos((lat * Math.PI) / 180);
  const x = (lo: number) => (lo - lon) * kx;
  const y = (la: number) => (la - lat) * KM_PER_DEG_LAT;
  const boxDistance = ([minX, minY, maxX, maxY]: AreaPolygon['bbox']) => {
    const dx = lon < minX ? x(minX) : lon > maxX ? x(maxX) : 0;
    const dy = lat < minY ? y(minY) : lat > maxY ? y(maxY) : 0;
    return Math.hypot(dx, dy);
  };
  const byBox = areas.map((area) => ({ area, lower: boxDistance(area.bbox) })).sort((a, b) => a.lower - b.lower);
  if (byBox.length && byBox[0].lower > stopBeyondKm) return byBox[0].lower;
  let best = Infinity;
  for (const { area, lower } of byBox) {
    if (lower >= best) break;
    const rings = area.geometry.type === 'Polygon' ? area.geometry.coordinates : area.geometry.coordinates.flat();
    for (const ring of rings) {
      for (let i = 1; i < ring.length; i++) {
        const d = segmentDistanceToOrigin(x(ring[i - 1][0]), y(ring[i - 1][1]), x(ring[i][0]), y(ring[i][1]));
        if (d < best) best = d;
      }
    }
  }
  return best;
}

function segmentDistanceToOrigin(ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

const bounds = new WeakMap<readonly AreaPolygon[], AreaPolygon['bbox'] | null>();

/** The bounding box of the whole city (once per reference snapshot). */
export function cityBounds(areas: readonly AreaPolygon[]): AreaPolygon['bbox'] | null {
  let box = bounds.get(areas);
  if (box === undefined) {
    box = areas.length
      ? areas.reduce<AreaPolygon['bbox']>(
          (b, a) => [Math.min(b[0], a.bbox[0]), Math.min(b[1], a.bbox[1]), Math.max(b[2], a.bbox[2]), Math.max(b[3], a.bbox[3])],
          [Infinity, Infinity, -Infinity, -Infinity],
        )
      : null;
    bounds.set(areas, box);
  }
  return box;
}

/**
 * Null when the point is in the city, near enough to it (at most `maxKm` outside), or no
 * boundary is known; otherwise how far outside it lies (km, at least). Cheap for the common
 * case, a point within the city's bounding box: no polygon is tested for it, since no point of
 * Medan's box lies more than ~6 km from the city (a unit test holds this), well under `maxKm`.
 */
export function farOutside(areas: readonly AreaPolygon[], lat: number, lon: number, maxKm: number): number | null {
  const box = cityBounds(areas);
  if (!box) return null;
  if (lon >= box[0] && lon <= box[2] && lat >= box[1] && lat <= box[3]) return null;
  const km = kmOutside(areas, lat, lon, maxKm);
  return km > maxKm ? km : null;
}
