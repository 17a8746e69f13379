// The pure half of screens/area-map.svelte: classes of a count choropleth (integer bounds, a
// lightness-only ramp), the legend's words, and which kelurahan belong to a kecamatan. The map
// always prints the number on each area too, so the colour only repeats it.
import type { Lang } from '../i18n/messages.ts';
import type { KecamatanFeatureCollection } from '../live/reference.ts';
import { heatBreaks } from './trend-options.ts';
import { CHOROPLETH_RAMP } from '../wall/palette.ts';

/**
 * The wall's choropleth ramp (dark to light on the dark screens): ordered by lightness only, so
 * it reads without colour vision; the same colours mean the same thing on every screen.
 */
export const AREA_RAMP: readonly string[] = CHOROPLETH_RAMP;
export const KELURAHAN_GEOJSON_URL = '/api/v1/geo/kelurahan.geojson';

export interface AreaValue {
  code: string;
  name: string;
  value: number;
}

export interface AreaLegend {
  /** Upper bounds (exclusive) of each class but the last. */
  breaks: number[];
  classes: { colour: string; label: string }[];
}

const fmt = (lang: Lang, n: number) => new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: 0 }).format(n);

/** Classes for whole counts: "0", "1–4", "5–9", ... "≥ 20"; as few classes as the values need. */
export function areaLegend(values: readonly number[], lang: Lang): AreaLegend {
  const max = Math.max(0, ...values);
  if (max === 0) return { breaks: [], classes: [{ colour: AREA_RAMP[0], label: '0' }] };
  // Class 0 is exactly zero: "no complaints" reads differently from "a few".
  const upper = heatBreaks(max, AREA_RAMP.length - 1, true);
  const breaks = [1, ...upper.map((b) => b + 1)].filter((b, i, all) => i === 0 || b > all[i - 1]);
  // The last bound is above the max: drop it, the last class is open-ended.
  while (breaks.length > 1 && breaks[breaks.length - 1] > max) breaks.pop();
  const classes = [{ colour: AREA_RAMP[0], label: '0' }];
  for (let i = 0; i < breaks.length; i++) {
    const lo = breaks[i];
    const hi = i + 1 < breaks.length ? breaks[i + 1] - 1 : null;
    const label = hi === null ? (lo === max ? fmt(lang, lo) : `≥ ${fmt(lang, lo)}`) : lo === hi ? fmt(lang, lo) : `${fmt(lang, lo)}–${fmt(lang, hi)}`;
    classes.push({ colour: AREA_RAMP[Math.min(i + 1, AREA_RAMP.length - 1)], label });
  }
  return { breaks, classes };
}

export function classIndex(value: number, breaks: readonly number[]): number {
  let cls = 0;
  while (cls < breaks.length && value >= breaks[cls]) cls++;
  return cls;
}

export function featuresOf(fc: KecamatanFeatureCollection, keep: (properties: Record<string, unknown>) => boolean): KecamatanFeatureCollection {
  return { type: 'FeatureCollection', features: fc.features.filter((f) => keep(f.properties)) };
}

/** The kelurahan of one kecamatan (their code starts with the kecamatan's, or they name it). */
export function kelurahanOf(fc: KecamatanFeatureCollection, kecamatanCode: string): KecamatanFeatureCollection {
  return featuresOf(fc, (p) => p.kecamatan === kecamatanCode || p.kecamatan_code === kecamatanCode || String(p.code).startsWith(`${kecamatanCode}.`));
}
