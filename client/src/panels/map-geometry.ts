// Small geometry helpers for the map overlays (no turf needed for a handful of polygons).
import type { KecamatanFeatureCollection } from '../live/reference.ts';

type Ring = [number, number][];

export function bboxOf(fc: KecamatanFeatureCollection): [number, number, number, number] {
  let w = Infinity,
    s = Infinity,
    e = -Infinity,
    n = -Infinity;
  for (const f of fc.features) {
    for (const ring of outerRings(f.geometry)) {
      for (const [x, y] of ring) {
        if (x < w) w = x;
        if (x > e) e = x;
        if (y < s) s = y;
        if (y > n) n = y;
      }
    }
  }
  return [w, s, e, n];
}

function outerRings(geometry: KecamatanFeatureCollection['features'][number]['geometry']): Ring[] {
  if (geometry.type === 'Polygon') return [(geometry.coordinates as Ring[])[0]];
  return (geometry.coordinates as Ring[][]).map((p) => p[0]);
}

/** Area-weighted centroid of the largest outer ring: where a label for the polygon goes. */
export function labelPoint(geometry: KecamatanFeatureCollection['features'][number]['geometry']): [number, number] {
  let best: { area: number; c: [number, number] } | null = null;
  for (const ring of outerRings(geometry)) {
    let a = 0,
      cx = 0,
      cy = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
      a += f;
      cx += (ring[j][0] + ring[i][0]) * f;
      cy += (ring[j][1] + ring[i][1]) * f;
    }
    const area = Math.abs(a / 2);
    if (area > 0 && (!best || area > best.area)) best = { area, c: [cx / (3 * a), cy / (3 * a)] };
  }
  return best?.c ?? [0, 0];
}
