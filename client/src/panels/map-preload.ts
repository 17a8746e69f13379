// Starts fetching the map's code as the wall page starts, not when its panel mounts: the map
// is the last part of the first picture, and its 1 MB library and its worker would otherwise
// wait for the main bundle to run. The worker goes into the HTTP cache (served cacheable), so
// creating it later does not wait for the network.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

export function preloadMap(): void {
  void import('maplibre-gl').catch(() => {});
  const link = document.createElement('link');
  link.rel = 'prefetch';
  link.href = workerUrl;
  document.head.append(link);
}
