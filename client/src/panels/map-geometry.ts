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

type Pt = [number, number];

function inside([x, y]: Pt, ring: Ring): boolean {
  let hit = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

/**
 * Places a mark may go inside a polygon (lon/lat): its label point first, then a grid over its
 * largest outer ring, kept where the grid point lies inside that ring.
 */
export function interiorCandidates(geometry: KecamatanFeatureCollection['features'][number]['geometry'], steps = 7): Pt[] {
  const rings = outerRings(geometry);
  let ring = rings[0] ?? [];
  let widest = -1;
  for (const r of rings) {
    const xs = r.map((p) => p[0]);
    const ys = r.map((p) => p[1]);
    const size = (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
    if (size > widest) [widest, ring] = [size, r];
  }
  const out: Pt[] = [labelPoint(geometry)];
  if (!ring.length) return out;
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  const [w, e, s, n] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  for (let i = 1; i < steps; i++) {
    for (let j = 1; j < steps; j++) {
      const p: Pt = [w + ((e - w) * i) / steps, s + ((n - s) * j) / steps];
      if (inside(p, ring)) out.push(p);
    }
  }
  return out;
}

/**
 * Where a badge covers no other mark (screen pixels): the candidate nearest to `preferred` among
 * those at least `clearance` from every obstacle; when none is that clear, the clearest one.
 * Returns the index of the chosen candidate (-1 without candidates).
 */
export function clearestSpot(candidates: readonly Pt[], obstacles: readonly Pt[], preferred: Pt, clearance: number): number {
  let best = -1;
  let bestClear = -1;
  let bestDistance = Infinity;
  candidates.forEach((c, i) => {
    let clear = Infinity;
    for (const o of obstacles) clear = Math.min(clear, Math.hypot(c[0] - o[0], c[1] - o[1]));
    const capped = Math.min(clear, clearance);
    const distance = Math.hypot(c[0] - preferred[0], c[1] - preferred[1]);
    if (capped > bestClear || (capped === bestClear && distance < bestDistance)) {
      best = i;
      bestClear = capped;
      bestDistance = distance;
    }
  });
  return best;
}

export function distanceToNearest(p: Pt, obstacles: readonly Pt[]): number {
  let d = Infinity;
  for (const o of obstacles) d = Math.min(d, Math.hypot(p[0] - o[0], p[1] - o[1]));
  return d;
}

/** Spots around `center` (screen pixels) at each radius, `directions` per circle, nearest first. */
export function ringAround(center: Pt, radii: readonly number[], directions = 12): Pt[] {
  const out: Pt[] = [];
  for (const r of radii) {
    for (let k = 0; k < directions; k++) {
      const a = (2 * Math.PI * k) / directions - Math.PI / 2;
      out.push([center[0] + r * Math.cos(a), center[1] + r * Math.sin(a)]);
    }
  }
  return out;
}

/**
 * Where a rank badge goes (screen pixels): inside its kecamatan where it covers no mark, else
 * outside it where it covers none (drawn with a leader to the kecamatan), nearest first; where
 * nothing is clear, the clearest spot of all. `interior[0]` is the kecamatan's label point.
 */
export function placeBadge(interior: readonly Pt[], around: readonly Pt[], obstacles: readonly Pt[], clearance: number): { at: Pt; inside: boolean } | null {
  if (!interior.length) return null;
  const preferred = interior[0];
  const i = clearestSpot(interior, obstacles, preferred, clearance);
  const inside = distanceToNearest(interior[i], obstacles);
  if (inside >= clearance) return { at: interior[i], inside: true };
  const j = clearestSpot(around, obstacles, preferred, clearance);
  if (j >= 0 && distanceToNearest(around[j], obstacles) > inside) return { at: around[j], inside: false };
  return { at: interior[i], inside: true };
}
