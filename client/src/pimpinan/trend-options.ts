// The echarts options of the /pimpinan trends, as plain data (pure, unit tested): received vs
// closed per day, on time per week (a city's or one OPD's; counts in the tooltip and, where
// there is room, on the points), participation per kecamatan per month as a heat map with the
// number in every cell. Colour never alone: the series differ in form (bars / line with
// symbols), the heat map prints its numbers. `print` turns animation off so a PDF captures
// the finished chart.
import type { Lang } from '../i18n/messages.ts';
import type { RateWithCounts, TrendsResponse } from '../../../shared/pimpinan-api.ts';
import { shortDate } from './opd-view-model.ts';
import { viewsText } from './views-text.ts';

export interface ChartLook {
  /** Text colour of the surface the chart sits on (read from CSS). */
  text: string;
  /** Axis lines and grid. */
  line: string;
  print: boolean;
}

export const CHART_FONT = "'Inter Variable', 'Inter', 'DejaVu Sans', sans-serif";
/** Okabe-Ito: told apart with the common colour-vision deficiencies. */
export const SERIES_COLOURS = { received: '#56B4E9', closed: '#E69F00', onTime: '#009E73' } as const;
/** Sequential, lightness-only (ColorBrewer Blues): readable without colour vision and on paper. */
export const HEAT_RAMP: readonly string[] = ['#eff3ff', '#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
/** On the dark screen the same idea runs dark to light (the maps' ramp), so empty cells stay quiet. */
export const SCREEN_HEAT_RAMP: readonly string[] = ['#1d2935', '#284760', '#33688d', '#4f94c2', '#9fd0f2', '#d6edfc'];

const locale = (lang: Lang) => (lang === 'en' ? 'en-GB' : 'id-ID');
const fmt = (lang: Lang, n: number, digits = 0) => new Intl.NumberFormat(locale(lang), { maximumFractionDigits: digits }).format(n);

function base(look: ChartLook) {
  return {
    animation: !look.print,
    textStyle: { fontFamily: CHART_FONT, color: look.text, fontSize: 13 },
    aria: { enabled: true, decal: { show: false } },
  };
}

function axisCommon(look: ChartLook) {
  return {
    axisLine: { lineStyle: { color: look.line } },
    axisTick: { lineStyle: { color: look.line } },
    axisLabel: { color: look.text, fontSize: 12 },
    splitLine: { lineStyle: { color: look.line, opacity: 0.35 } },
  };
}

function tooltip(look: ChartLook) {
  return {
    confine: true,
    backgroundColor: look.print ? '#ffffff' : '#1b2632',
    borderColor: look.line,
    textStyle: { color: look.print ? '#111111' : '#eef3f8', fontSize: 13 },
  };
}

/** "82,4% (145 dari 176)", "data belum cukup (3 dari 4)", or "–" with nothing counted. */
export function rateTooltip(rate: RateWithCounts, lang: Lang): string {
  const t = viewsText(lang);
  const counts = t('trendCounts', { num: fmt(lang, rate.numerator), den: fmt(lang, rate.denominator) });
  if (rate.denominator === 0) return '–';
  if (rate.rate === null) return `${t('trendNotEnough')} (${counts})`;
  return `${fmt(lang, rate.rate * 100, 1)}% (${counts})`;
}

/** On time per week: a line with a symbol per week, a gap where there is not enough data. */
export function weeklyOnTimeOption(weeks: readonly { weekStart: string; onTime: RateWithCounts }[], lang: Lang, look: ChartLook) {
  const t = viewsText(lang);
  const name = t('trendOnTime');
  const labels = weeks.map((w) => shortDate(w.weekStart, lang));
  const values = weeks.map((w) => (w.onTime.rate === null ? null : Math.round(w.onTime.rate * 1000) / 10));
  const tips = weeks.map((w) => `${t('trendWeekOf', { date: shortDate(w.weekStart, lang, true) })}<br>${name}: ${rateTooltip(w.onTime, lang)}`);
  return {
    ...base(look),
    grid: { left: 8, right: 16, top: 28, bottom: 4, containLabel: true },
    tooltip: { ...tooltip(look), trigger: 'axis', formatter: (p: { dataIndex: number }[]) => tips[p[0]?.dataIndex ?? 0] ?? '' },
    xAxis: { type: 'category', data: labels, boundaryGap: true, ...axisCommon(look) },
    yAxis: { type: 'value', min: 0, max: 100, interval: 25, ...axisCommon(look), axisLabel: { ...axisCommon(look).axisLabel, formatter: '{value}%' } },
    series: [
      {
        name,
        type: 'line',
        data: values,
        connectNulls: false,
        symbol: 'circle',
        symbolSize: 9,
        lineStyle: { width: 3, color: SERIES_COLOURS.onTime },
        itemStyle: { color: SERIES_COLOURS.onTime, borderColor: look.text, borderWidth: 1 },
        // Numbers on the points where they fit: the chart reads without hovering (and on paper).
        label: { show: weeks.length <= 14, position: 'top', color: look.text, fontSize: 12, formatter: (p: { value: number | null }) => (p.value === null ? '' : `${fmt(lang, p.value, 0)}%`) },
      },
    ],
  };
}

/** Received (bars) vs closed (line with symbols) per day. */
export function dailyOption(daily: TrendsResponse['daily'], lang: Lang, look: ChartLook) {
  const t = viewsText(lang);
  const received = t('trendReceived');
  const closed = t('trendClosed');
  const labels = daily.map((d) => shortDate(d.date, lang));
  const tips = daily.map((d) => `${shortDate(d.date, lang, true)}<br>${received}: ${fmt(lang, d.received)}<br>${closed}: ${fmt(lang, d.closed)}`);
  return {
    ...base(look),
    legend: { top: 0, left: 0, data: [received, closed], textStyle: { color: look.text, fontSize: 13 }, itemWidth: 18, itemHeight: 12 },
    grid: { left: 8, right: 16, top: 32, bottom: 4, containLabel: true },
    tooltip: { ...tooltip(look), trigger: 'axis', formatter: (p: { dataIndex: number }[]) => tips[p[0]?.dataIndex ?? 0] ?? '' },
    xAxis: { type: 'category', data: labels, ...axisCommon(look) },
    yAxis: { type: 'value', minInterval: 1, ...axisCommon(look) },
    series: [
      { name: received, type: 'bar', data: daily.map((d) => d.received), itemStyle: { color: SERIES_COLOURS.received }, barMaxWidth: 28 },
      {
        name: closed,
        type: 'line',
        data: daily.map((d) => d.closed),
        symbol: 'diamond',
        symbolSize: 8,
        lineStyle: { width: 3, color: SERIES_COLOURS.closed },
        itemStyle: { color: SERIES_COLOURS.closed, borderColor: look.text, borderWidth: 1 },
      },
    ],
  };
}

/** Month key `2026-03` as "Mar 2026". */
export function monthLabel(month: string, lang: Lang): string {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(locale(lang), { timeZone: 'UTC', month: 'short', year: 'numeric' }).format(new Date(Date.UTC(y, m - 1, 1)));
}

/** Upper bounds of the heat classes over the values (integers for counts). */
export function heatBreaks(max: number, classes = HEAT_RAMP.length, integer = true): number[] {
  if (max <= 0) return [];
  const raw = max / classes;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const n = raw / magnitude;
  let step = (n <= 1 ? 1 : n <= 2 ? 2 : n <= 2.5 ? 2.5 : n <= 5 ? 5 : 10) * magnitude;
  if (integer) step = Math.max(1, Math.ceil(step));
  const breaks: number[] = [];
  for (let b = step; breaks.length < classes; b += step) {
    breaks.push(Math.round(b * 1000) / 1000);
    if (b > max) break;
  }
  return breaks;
}

/**
 * Participation as a heat map: kecamatan down, months across, the number in every cell (per
 * 10,000 residents when asked and known, else complaints). Kecamatan in the order given.
 */
export function participationOption(participation: TrendsResponse['participation'], lang: Lang, look: ChartLook, perResidents = false) {
  const t = viewsText(lang);
  const rows = participation.kecamatan;
  const useRate = perResidents && rows.every((k) => k.per10k);
  const digits = useRate ? 1 : 0;
  const cells: [number, number, number][] = [];
  rows.forEach((k, y) => {
    participation.months.forEach((_, x) => {
      const v = useRate ? (k.per10k?.[x] ?? 0) : k.counts[x];
      cells.push([x, y, Math.round(v * 10) / 10]);
    });
  });
  const max = Math.max(0, ...cells.map((c) => c[2]));
  const ramp = look.print ? HEAT_RAMP : SCREEN_HEAT_RAMP;
  const breaks = heatBreaks(max, ramp.length, !useRate);
  const pieces = breaks.map((hi, i) => {
    const lo = i === 0 ? 0 : breaks[i - 1];
    return { gte: lo, lt: hi, color: ramp[i], label: `${fmt(lang, lo, digits)}–${fmt(lang, useRate ? hi : hi - 1, digits)}` };
  });
  if (pieces.length) pieces[pieces.length - 1] = { ...pieces[pieces.length - 1], lt: Infinity, label: `≥ ${fmt(lang, pieces[pieces.length - 1].gte, digits)}` };
  const months = participation.months.map((m) => monthLabel(m, lang));
  return {
    ...base(look),
    tooltip: {
      ...tooltip(look),
      trigger: 'item',
      formatter: (p: { value: [number, number, number] }) => {
        const [x, y] = p.value;
        const k = rows[y];
        return `${k.name}, ${months[x]}<br>${fmt(lang, k.counts[x])} ${t('kecLegendUnit')}${k.per10k ? ` · ${fmt(lang, k.per10k[x], 1)} ${t('trendParticipationPer10k')}` : ''}`;
      },
    },
    grid: { left: 8, right: 8, top: 8, bottom: 44, containLabel: true },
    xAxis: { type: 'category', data: months, position: 'top', ...axisCommon(look), splitArea: { show: false } },
    yAxis: { type: 'category', data: rows.map((k) => k.name), inverse: true, ...axisCommon(look) },
    visualMap: {
      type: 'piecewise',
      pieces: pieces.length ? pieces : [{ gte: 0, color: ramp[0], label: '0' }],
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      textStyle: { color: look.text, fontSize: 12 },
      itemWidth: 18,
      itemHeight: 12,
      dimension: 2,
    },
    series: [
      {
        type: 'heatmap',
        data: cells.map((value) => ({ value, label: { color: heatLabelColour(value[2], breaks, look.print) } })),
        label: {
          show: true,
          fontSize: 12,
          // Each cell's number colour is set on the cell: dark on light classes, white on dark ones.
          formatter: (p: { value: [number, number, number] }) => fmt(lang, p.value[2], digits),
        },
        itemStyle: { borderColor: look.print ? '#ffffff' : '#0b1016', borderWidth: 1 },
        emphasis: { itemStyle: { borderColor: look.text, borderWidth: 2 } },
      },
    ],
  };
}

/** A heat cell's number colour: white on the dark classes, near-black on the light ones. */
export function heatLabelColour(value: number, breaks: readonly number[], print: boolean): string {
  const cls = breaks.findIndex((b) => value < b);
  const index = cls === -1 ? Math.max(0, breaks.length - 1) : cls;
  const darkCell = print ? index >= 3 : index <= 3;
  return darkCell ? '#ffffff' : '#111111';
}
