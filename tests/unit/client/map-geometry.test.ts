import { describe, expect, it } from 'vitest';
import { clearestSpot, distanceToNearest, interiorCandidates, labelPoint, placeBadge, ringAround } from '../../../client/src/panels/map-geometry.ts';

const square = { type: 'Polygon' as const, coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]] };
// An L shape: its centroid lies outside the lower-left arm's corner region but inside the shape.
const ell = { type: 'Polygon' as const, coordinates: [[[0, 0], [10, 0], [10, 2], [2, 2], [2, 10], [0, 10], [0, 0]]] };

describe('rank badges on the map', () => {
  it('offers the label point first, then grid points inside the polygon only', () => {
    const c = interiorCandidates(square, 5);
    expect(c[0]).toEqual(labelPoint(square));
    expect(c.length).toBe(1 + 16);
    const l = interiorCandidates(ell, 10);
    for (const [x, y] of l.slice(1)) expect(x <= 2 || y <= 2).toBe(true);
  });

  it('keeps the preferred spot when nothing is near it', () => {
    expect(clearestSpot([[50, 50], [10, 10]], [[200, 200]], [50, 50], 30)).toBe(0);
  });

  it('moves off a complaint point to the nearest clear spot', () => {
    const candidates: [number, number][] = [[50, 50], [60, 50], [90, 50], [200, 50]];
    // A point right under the label point: the badge moves to the nearest spot 30 px clear.
    expect(clearestSpot(candidates, [[52, 50]], [50, 50], 30)).toBe(2);
  });

  it('takes the clearest spot when none is clear enough', () => {
    const candidates: [number, number][] = [[0, 0], [10, 0], [20, 0]];
    expect(clearestSpot(candidates, [[0, 0], [9, 0]], [0, 0], 100)).toBe(2);
    expect(clearestSpot([], [], [0, 0], 10)).toBe(-1);
  });
});

describe('a rank badge in a crowded kecamatan', () => {
  const interior: [number, number][] = [[100, 100], [104, 100], [100, 104]];
  const crowd: [number, number][] = [[101, 101], [98, 103]];

  it('stays inside when a clear spot is there', () => {
    expect(placeBadge([[100, 100], [160, 100]], [], [[100, 100]], 30)).toEqual({ at: [160, 100], inside: true });
  });

  it('moves just outside, nearest first, when the inside is all taken', () => {
    const around = ringAround([100, 100], [40, 80], 4);
    expect(around[0]).toEqual([100, 60]);
    const placed = placeBadge(interior, around, [...crowd, [100, 60]], 30);
    expect(placed?.inside).toBe(false);
    expect(distanceToNearest(placed!.at, crowd)).toBeGreaterThanOrEqual(30);
    expect(Math.hypot(placed!.at[0] - 100, placed!.at[1] - 100)).toBeCloseTo(40, 5);
  });

  it('takes the clearest spot of all when nothing is clear anywhere', () => {
    expect(placeBadge(interior, [], crowd, 30)?.inside).toBe(true);
    // Outside is clearer (20 px from the crowd) than any inside spot (under 6 px): outside it goes.
    expect(placeBadge(interior, [[100, 121]], crowd, 30)).toEqual({ at: [100, 121], inside: false });
    expect(placeBadge([], [], crowd, 30)).toBeNull();
  });
});
