// Reference data (names, populations, category groups) and the kecamatan boundaries, loaded
// once over HTTP. The wall must come up by itself after a power cut even if the server is
// still starting, so loading retries with backoff instead of failing.
import type { ReferenceData } from '../../../shared/protocol.ts';

export interface KecamatanFeatureCollection {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    properties: { code: string; name: string; [key: string]: unknown };
    geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
  }[];
}

export const REFERENCE_URL = '/api/v1/reference';
export const KECAMATAN_GEOJSON_URL = '/api/v1/geo/kecamatan.geojson';

export async function fetchJsonWithRetry<T>(
  url: string,
  options: { signal?: AbortSignal; maxDelayMs?: number; fetchImpl?: typeof fetch; sleep?: (ms: number) => Promise<void> } = {},
): Promise<T> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxDelay = options.maxDelayMs ?? 15_000;
  let delay = 500;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      const response = await fetchImpl(url, { signal: options.signal, headers: { accept: 'application/json' } });
      if (response.ok) return (await response.json()) as T;
      console.warn(`GET ${url}: HTTP ${response.status}; retrying`);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      console.warn(`GET ${url} failed; retrying`, error);
    }
    await sleep(delay);
    delay = Math.min(maxDelay, delay * 2);
  }
}

/** Lookup tables built once from ReferenceData. */
export interface ReferenceIndex {
  data: ReferenceData;
  opdName: Map<string, string>;
  kecamatanName: Map<string, string>;
  population: Map<string, number | null>;
  category: Map<string, ReferenceData['categories'][number]>;
  channelName: Map<string, string>;
}

export function indexReference(data: ReferenceData): ReferenceIndex {
  return {
    data,
    opdName: new Map(data.opd.map((o) => [o.code, o.name])),
    kecamatanName: new Map(data.kecamatan.map((k) => [k.code, k.name])),
    population: new Map(data.kecamatan.map((k) => [k.code, k.population])),
    category: new Map(data.categories.map((c) => [c.code, c])),
    channelName: new Map(data.channels.map((c) => [c.code, c.name])),
  };
}
