// The map style. Default: fully offline - a plain dark background, no tile, glyph or sprite
// URLs, so the wall draws with no network beyond its own server. A deployment may set
// VITE_BASEMAP_STYLE_URL at build time to draw its own basemap underneath.
import type { StyleSpecification } from 'maplibre-gl';

export const MAP_BACKGROUND = '#0e151d';

export function offlineStyle(): StyleSpecification {
  return {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': MAP_BACKGROUND } }],
  };
}

export function basemapStyleUrl(): string | null {
  const url = import.meta.env.VITE_BASEMAP_STYLE_URL;
  return url && url.length > 0 ? url : null;
}
