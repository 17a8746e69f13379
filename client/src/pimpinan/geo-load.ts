// Boundaries are loaded once per page and shared by every map on it (the city map, a
// kecamatan's map): they never change while the screen is open.
import type { KecamatanFeatureCollection } from '../live/reference.ts';
import { KECAMATAN_GEOJSON_URL } from '../live/reference.ts';
import { KELURAHAN_GEOJSON_URL } from './area-map-model.ts';
import { viewsClient } from './view-fetch.svelte.ts';

const cache = new Map<string, Promise<KecamatanFeatureCollection | null>>();

function load(url: string): Promise<KecamatanFeatureCollection | null> {
  let p = cache.get(url);
  if (!p) {
    p = viewsClient()
      .get<KecamatanFeatureCollection>(url)
      .then((r) => (r.ok ? r.data : null));
    // A failure is not cached: the next map tries again.
    p.then((v) => v ?? cache.delete(url));
    cache.set(url, p);
  }
  return p;
}

export const kecamatanGeo = () => load(KECAMATAN_GEOJSON_URL);
export const kelurahanGeo = () => load(KELURAHAN_GEOJSON_URL);
