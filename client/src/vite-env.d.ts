/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Optional basemap style URL for a deployment; unset = fully offline dark background. */
  readonly VITE_BASEMAP_STYLE_URL?: string;
}
