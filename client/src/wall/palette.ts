// Colours and shapes for the wall. Okabe-Ito hues (safe for the common colour-vision
// deficiencies), and never colour alone: each category group also has its own shape, and each
// status its own icon and word.
import { CATEGORY_GROUPS, type CategoryGroup } from '../../../shared/domain-constants.ts';

export const OKABE_ITO = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  grey: '#BBBBBB',
} as const;

export const STATUS_COLOURS = {
  ok: '#2BC48A',
  bad: '#FF6B3D',
  warn: OKABE_ITO.orange,
  neutral: '#9AA7B4',
} as const;

export type GroupShape = 'square' | 'triangle' | 'diamond' | 'circle' | 'star' | 'cross' | 'ring';

export const GROUP_STYLE: Record<CategoryGroup, { colour: string; shape: GroupShape }> = {
  infrastruktur: { colour: OKABE_ITO.orange, shape: 'square' },
  lingkungan: { colour: OKABE_ITO.bluishGreen, shape: 'triangle' },
  ketertiban: { colour: OKABE_ITO.skyBlue, shape: 'diamond' },
  layanan: { colour: OKABE_ITO.reddishPurple, shape: 'circle' },
  sosial: { colour: OKABE_ITO.yellow, shape: 'star' },
  darurat: { colour: OKABE_ITO.vermillion, shape: 'cross' },
  eksternal: { colour: OKABE_ITO.grey, shape: 'ring' },
};

export function groupOf(value: string | undefined | null): CategoryGroup {
  return (CATEGORY_GROUPS as readonly string[]).includes(value ?? '') ? (value as CategoryGroup) : 'layanan';
}

/** Sequential, lightness-only ramp for the choropleth: readable without colour vision. */
export const CHOROPLETH_RAMP = ['#1d2935', '#284760', '#33688d', '#4f94c2', '#9fd0f2'] as const;
export const CHOROPLETH_NO_DATA = '#2a2f36';

/** SVG path (in a 0..24 box) for each shape; also drawn onto the map as icons. */
export const SHAPE_PATH: Record<GroupShape, string> = {
  square: 'M5 5h14v14H5z',
  triangle: 'M12 3l10 18H2z',
  diamond: 'M12 2l10 10-10 10L2 12z',
  circle: 'M12 3a9 9 0 1 0 0.001 0z',
  star: 'M12 2l2.9 6.6 7.1.6-5.4 4.7 1.6 7-6.2-3.7-6.2 3.7 1.6-7L2 9.2l7.1-.6z',
  cross: 'M9 2h6v7h7v6h-7v7H9v-7H2V9h7z',
  ring: 'M12 3a9 9 0 1 0 0.001 0zM12 8a4 4 0 1 1-0.001 0z',
};
