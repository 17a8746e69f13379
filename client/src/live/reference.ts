// Reference data (names, populations, category groups) and the kecamatan boundaries, loaded
// once over HTTP. The wall must come up by itself after a power cut even if the server is
// still starting, so loading retries with backoff instead of failing.
import type { ReferenceData } from '../../../shared/protocol.ts';
import type { Lang } from '../i18n/messages.ts';

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

/** A name in the page's language: the English one for `en` where the reference has one. */
export function localName(entry: { name: string; nameEn?: string | null }, lang: Lang): string {
  return lang === 'en' && entry.nameEn?.trim() ? entry.nameEn : entry.name;
}

/** Lookup tables built once from ReferenceData, with names in the page's language. */
export interface ReferenceIndex {
  data: ReferenceData;
  lang: Lang;
  opdName: Map<string, string>;
  /** The OPD's common abbreviation, or its full name when it has none. */
  opdShortName: Map<string, string>;
  kecamatanName: Map<string, string>;
  population: Map<string, number | null>;
  category: Map<string, ReferenceData['categories'][number]>;
  categoryName: Map<string, string>;
  channelName: Map<string, string>;
}

export function indexReference(data: ReferenceData, lang: Lang = 'id'): ReferenceIndex {
  return {
    data,
    lang,
    opdName: new Map(data.opd.map((o) => [o.code, o.name])),
    opdShortName: new Map(data.opd.map((o) => [o.code, o.shortName?.trim() || o.name])),
    kecamatanName: new Map(data.kecamatan.map((k) => [k.code, k.name])),
    population: new Map(data.kecamatan.map((k) => [k.code, k.population])),
    category: new Map(data.categories.map((c) => [c.code, c])),
    categoryName: new Map(data.categories.map((c) => [c.code, localName(c, lang)])),
    channelName: new Map(data.channels.map((c) => [c.code, localName(c, lang)])),
  };
}
