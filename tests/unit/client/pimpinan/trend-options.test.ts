import { describe, expect, it } from 'vitest';
import { HEAT_RAMP, SCREEN_HEAT_RAMP, dailyOption, heatBreaks, heatLabelColour, participationOption, rateTooltip, weeklyOnTimeOption, type ChartLook } from '../../../../client/src/pimpinan/trend-options.ts';

const look: ChartLook = { text: '#111', line: '#888', print: false };
const rate = (numerator: number, denominator: number, r: number | null) => ({ numerator, denominator, rate: r });

describe('trend options', () => {
  it('says every rate with its counts, and "not enough data" below the minimum', () => {
    expect(rateTooltip(rate(145, 176, 145 / 176), 'id')).toBe('82,4% (145 dari 176)');
    expect(rateTooltip(rate(3, 4, null), 'en')).toBe('not enough data (3 of 4)');
    expect(rateTooltip(rate(0, 0, null), 'id')).toBe('–');
  });

  it('draws on-time weeks as a percentage line with gaps, counts in the tooltip', () => {
    const weeks = [
      { weekStart: '2026-11-30', onTime: rate(8, 10, 0.8) },
      { weekStart: '2026-12-07', onTime: rate(1, 2, null) },
    ];
    const option = weeklyOnTimeOption(weeks, 'id', look);
    expect(option.series[0].data).toEqual([80, null]);
    expect(option.xAxis.data).toEqual(['30 Nov', '7 Des']);
    expect(option.tooltip.formatter([{ dataIndex: 1 }])).toContain('data belum cukup (1 dari 2)');
    expect(option.tooltip.formatter([{ dataIndex: 0 }])).toContain('80% (8 dari 10)');
  });

  it('turns animation off for print', () => {
    expect(weeklyOnTimeOption([], 'id', { ...look, print: true }).animation).toBe(false);
    expect(dailyOption([], 'id', look).animation).toBe(true);
  });

  it('puts received as bars and closed as a line', () => {
    const option = dailyOption(
      [
        { date: '2026-12-01', received: 5, closed: 3 },
        { date: '2026-12-02', received: 2, closed: 4 },
      ],
      'en',
      look,
    );
    expect(option.series.map((s) => [s.name, s.type, s.data])).toEqual([
      ['Received', 'bar', [5, 2]],
      ['Closed', 'line', [3, 4]],
    ]);
  });

  it('shows participation as a heat map with the number in every cell and a legend covering the max', () => {
    const option = participationOption(
      {
        months: ['2026-11', '2026-12'],
        kecamatan: [
          { code: 'a', name: 'Medan Kota', population: 1000, counts: [0, 12] },
          { code: 'b', name: 'Medan Baru', population: 2000, counts: [3, 7] },
        ],
      },
      'id',
      look,
    );
    expect(option.series[0].data.map((d) => d.value)).toEqual([
      [0, 0, 0],
      [1, 0, 12],
      [0, 1, 3],
      [1, 1, 7],
    ]);
    expect(option.series[0].label.show).toBe(true);
    expect(option.yAxis.data).toEqual(['Medan Kota', 'Medan Baru']);
    const pieces = option.visualMap.pieces as { gte: number; lt: number }[];
    expect(pieces.some((p) => 12 >= p.gte && 12 < p.lt)).toBe(true);
    expect(pieces.some((p) => 0 >= p.gte && 0 < p.lt)).toBe(true);
  });

  it('uses a quiet dark ramp on screen and a light one on paper, numbers readable on both', () => {
    const data = { months: ['2026-12'], kecamatan: [{ code: 'a', name: 'A', population: null, counts: [0] }, { code: 'b', name: 'B', population: null, counts: [50] }] };
    const screen = participationOption(data, 'id', look).visualMap.pieces as { color: string }[];
    const paper = participationOption(data, 'id', { ...look, print: true }).visualMap.pieces as { color: string }[];
    expect(screen[0].color).toBe(SCREEN_HEAT_RAMP[0]);
    expect(paper[0].color).toBe(HEAT_RAMP[0]);
    const breaks = heatBreaks(50);
    expect(heatLabelColour(0, breaks, false)).toBe('#ffffff');
    expect(heatLabelColour(0, breaks, true)).toBe('#111111');
    expect(heatLabelColour(50, breaks, true)).toBe('#ffffff');
  });

  it('gives whole-number heat breaks for counts', () => {
    expect(heatBreaks(0)).toEqual([]);
    const b = heatBreaks(3);
    expect(b.every(Number.isInteger)).toBe(true);
    expect(b[b.length - 1]).toBeGreaterThan(3);
  });
});
