import { describe, expect, it } from 'vitest';
import { AREA_RAMP, areaLegend, classIndex, kelurahanOf } from '../../../../client/src/pimpinan/area-map-model.ts';
import type { KecamatanFeatureCollection } from '../../../../client/src/live/reference.ts';

describe('area map classes', () => {
  it('has one class "0" when nothing was counted', () => {
    expect(areaLegend([0, 0], 'id')).toEqual({ breaks: [], classes: [{ colour: AREA_RAMP[0], label: '0' }] });
  });

  it('keeps zero in a class of its own and uses whole-number bounds', () => {
    const legend = areaLegend([0, 3, 7, 19], 'id');
    expect(legend.classes[0].label).toBe('0');
    expect(legend.breaks[0]).toBe(1);
    expect(legend.breaks.every(Number.isInteger)).toBe(true);
    expect(classIndex(0, legend.breaks)).toBe(0);
    expect(classIndex(1, legend.breaks)).toBe(1);
    // Every value falls in a class whose words contain it.
    for (const v of [1, 3, 7, 19]) {
      const label = legend.classes[classIndex(v, legend.breaks)].label;
      const nums = label.match(/\d+/g)!.map(Number);
      if (label.startsWith('≥')) expect(v).toBeGreaterThanOrEqual(nums[0]);
      else if (nums.length === 2) expect(v >= nums[0] && v <= nums[1]).toBe(true);
      else expect(v).toBe(nums[0]);
    }
    expect(legend.classes.length).toBeLessThanOrEqual(AREA_RAMP.length);
    expect(new Set(legend.classes.map((c) => c.colour)).size).toBe(legend.classes.length);
  });

  it('handles a single small count', () => {
    const legend = areaLegend([0, 1], 'en');
    expect(legend.classes.map((c) => c.label)).toEqual(['0', '1']);
  });

  it('picks the kelurahan of one kecamatan', () => {
    const f = (code: string, kecamatan: string) => ({ type: 'Feature' as const, properties: { code, name: code, kecamatan }, geometry: { type: 'Polygon' as const, coordinates: [] } });
    const fc: KecamatanFeatureCollection = { type: 'FeatureCollection', features: [f('12.71.01.1001', '12.71.01'), f('12.71.02.1001', '12.71.02')] };
    expect(kelurahanOf(fc, '12.71.01').features.map((x) => x.properties.code)).toEqual(['12.71.01.1001']);
  });
});
