// The pure half of the /pimpinan city view and its printable report: what the API is asked,
// the headline sentence, the overview figures (each with the previous period and which way is
// better), the ranking's columns (what is shown, how it sorts, what an export carries), and the
// pace of live refreshes. Unit-tested in tests/unit/client/pimpinan.
import type { AvailabilityFigure, Compared, OverviewResponse, RankingRow } from '../../../shared/pimpinan-api.ts';
import type { RateWithCounts } from '../../../shared/protocol.ts';
import type { PeriodChoice } from '../../../shared/report-period.ts';
import type { Lang } from '../i18n/messages.ts';
import { formatsFor, rateView, type Better, type FigureKind } from '../screens/figures.ts';
import type { TableColumn, TableSort } from '../screens/table-model.ts';
import { pimpinanText } from './pimpinan-text.ts';
import type { RankingColumn } from './pimpinan-url.ts';

/** The query of every report endpoint for a choice: presets stay relative (the server's today). */
export function reportQuery(choice: PeriodChoice): string {
  return 'preset' in choice ? `period=${choice.preset}` : `from=${choice.from}&to=${choice.to}`;
}

/** What a mayor must read first: how many came in, how many were handled on time, how many are late now. */
export function headline(o: OverviewResponse, lang: Lang): string {
  const t = pimpinanText(lang);
  const f = formatsFor(lang);
  const rate = o.complaints.onTime.value;
  const view = rateView(rate.numerator, rate.denominator, lang, o.minCount, rate.rate);
  const params = { received: f.integer(o.complaints.received.value), onTime: view.kind === 'rate' ? `${view.main} (${view.counts})` : view.text, overdue: f.integer(o.complaints.overdueCitizen.value) };
  return t(view.kind === 'rate' ? 'headline' : 'headlineNoRate', params);
}

export type FigureValue =
  | { kind: 'count'; value: number; previous: number }
  | { kind: 'rate'; value: RateWithCounts; previous: RateWithCounts }
  | { kind: 'days'; value: number | null; previous: number | null; count: number }
  | { kind: 'availability'; value: AvailabilityFigure; previous: AvailabilityFigure }
  | { kind: 'duration'; value: number; previous: number };

export interface Figure {
  key: string;
  label: string;
  figure: FigureValue;
  /** Which way is good news; 'neither' for volumes (more complaints is not worse service). */
  better: Better;
  /** Headline figures are larger. */
  major?: boolean;
  /** A line under the figure (e.g. "3 belum jatuh tempo"). */
  note?: string;
}

export interface FigureGroup {
  key: 'complaints' | 'uploads' | 'services';
  title: string;
  figures: Figure[];
}

const count = (c: Compared<number>): FigureValue => ({ kind: 'count', value: c.value, previous: c.previous });
const rate = (c: Compared<RateWithCounts>): FigureValue => ({ kind: 'rate', value: c.value, previous: c.previous });

export function overviewGroups(o: OverviewResponse, lang: Lang): FigureGroup[] {
  const t = pimpinanText(lang);
  const f = formatsFor(lang);
  const c = o.complaints;
  const u = o.uploads;
  const s = o.services;
  return [
    {
      key: 'complaints',
      title: t('sectionComplaints'),
      figures: [
        { key: 'received', label: t('figReceived'), figure: count(c.received), better: 'neither', major: true },
        { key: 'onTime', label: t('figOnTime'), figure: rate(c.onTime), better: 'up', major: true },
        { key: 'overdueCitizen', label: t('figOverdueCitizen'), figure: count(c.overdueCitizen), better: 'down', major: true },
        { key: 'overdueOpd', label: t('figOverdueOpd'), figure: count(c.overdueOpd), better: 'down', major: true },
        { key: 'closed', label: t('figClosed'), figure: count(c.closed), better: 'up' },
        { key: 'open', label: t('figOpen'), figure: count(c.open), better: 'down' },
        { key: 'opdOnTime', label: t('figOpdOnTime'), figure: rate(c.opdOnTime), better: 'up' },
        {
          key: 'medianFirstResponse',
          label: t('figMedianFirst'),
          figure: { kind: 'days', value: c.medianWorkingDaysToFirstResponse.value, previous: c.medianWorkingDaysToFirstResponse.previous, count: c.firstResponseCount.value },
          better: 'down',
        },
        {
          key: 'medianResolution',
          label: t('figMedianResolution'),
          figure: { kind: 'days', value: c.medianWorkingDaysToResolution.value, previous: c.medianWorkingDaysToResolution.previous, count: c.resolutionCount.value },
          better: 'down',
        },
      ],
    },
    {
      key: 'uploads',
      title: t('sectionUploads'),
      figures: [
        { key: 'uploadsOnTimeRate', label: t('figUploadsRate'), figure: rate(u.onTimeRate), better: 'up', major: true },
        { key: 'uploadsDue', label: t('figUploadsDue'), figure: count(u.due), better: 'neither', note: t('figUploadsPending', { n: f.integer(u.pending.value) }) },
        { key: 'uploadsOnTime', label: t('figUploadsOnTime'), figure: count(u.onTime), better: 'up' },
        { key: 'uploadsLate', label: t('figUploadsLate'), figure: count(u.late), better: 'down' },
        { key: 'uploadsMissing', label: t('figUploadsMissing'), figure: count(u.missing), better: 'down' },
      ],
    },
    {
      key: 'services',
      title: t('sectionServices'),
      figures: [
        { key: 'availability', label: t('figAvailability'), figure: { kind: 'availability', value: s.availability.value, previous: s.availability.previous }, better: 'up', major: true },
        { key: 'incidents', label: t('figIncidents'), figure: count(s.incidentsOpened), better: 'down' },
        { key: 'downtime', label: t('figDowntime'), figure: { kind: 'duration', value: s.downtimeMs.value, previous: s.downtimeMs.previous }, better: 'down' },
      ],
    },
  ];
}

/** The number a figure stands for (what tests compare with the API), and its kind for the delta. */
export function figureNumbers(figure: FigureValue): { current: number | null; previous: number | null; kind: FigureKind } {
  switch (figure.kind) {
    case 'count':
    case 'duration':
      return { current: figure.value, previous: figure.previous, kind: 'count' };
    case 'rate':
      return { current: figure.value.rate, previous: figure.previous.rate, kind: 'share' };
    case 'days':
      return { current: figure.value, previous: figure.previous, kind: 'days' };
    case 'availability':
      return { current: figure.value.percent === null ? null : figure.value.percent / 100, previous: figure.previous.percent === null ? null : figure.previous.percent / 100, kind: 'share' };
  }
}

/** "3 j 5 mnt" / "3 h 5 min": two largest units. */
export function durationText(ms: number, lang: Lang): string {
  const minutes = Math.round(ms / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const units = lang === 'en' ? ['d', 'h', 'min'] : ['hr', 'j', 'mnt'];
  const parts = [d ? `${d} ${units[0]}` : '', h ? `${h} ${units[1]}` : '', m ? `${m} ${units[2]}` : ''].filter(Boolean);
  return parts.slice(0, 2).join(' ') || `0 ${units[2]}`;
}

// ---------------------------------------------------------------- the ranking

const rankOfColumn: Partial<Record<RankingColumn, keyof RankingRow['ranks']>> = {
  complaintsOnTime: 'complaints',
  uploadsOnTime: 'uploads',
  availability: 'availability',
};

/** Rows not ranked on the sorted measure ("data belum cukup") go last, whichever way it sorts. */
export function unrankedLast(sort: TableSort): ((row: RankingRow) => boolean) | undefined {
  const rank = rankOfColumn[sort.column as RankingColumn];
  return rank ? (row) => row.ranks[rank] === null : undefined;
}

const pct = (r: RateWithCounts) => (r.rate === null ? null : Math.round(r.rate * 10000) / 100);

export function rankingColumns(lang: Lang, minCount: number): TableColumn<RankingRow>[] {
  const t = pimpinanText(lang);
  const f = formatsFor(lang);
  const rateCol = (key: 'complaintsOnTime' | 'uploadsOnTime', label: string): TableColumn<RankingRow> => ({
    key,
    label,
    text: (r) => rateView(r[key].numerator, r[key].denominator, lang, minCount, r[key].rate).text,
    sortValue: (r) => r[key].rate,
    exportAs: {
      headers: [t('exportPercent', { label }), t('exportOnTime', { label }), t('exportCounted', { label })],
      values: (r) => [pct(r[key]), r[key].numerator, r[key].denominator],
    },
    align: 'end',
  });
  const countCol = (key: 'misroutesReceived' | 'misroutesCaused' | 'overdueNow', label: string): TableColumn<RankingRow> => ({
    key,
    label,
    text: (r) => f.integer(r[key]),
    sortValue: (r) => r[key],
    exportAs: { headers: [label], values: (r) => [r[key]] },
    align: 'end',
  });
  return [
    {
      key: 'rank',
      label: t('colRank'),
      text: (r) => (r.ranks.complaints === null ? '–' : f.integer(r.ranks.complaints)),
      exportAs: { headers: [t('colRank')], values: (r) => [r.ranks.complaints] },
      align: 'end',
    },
    {
      key: 'opd',
      label: t('colOpd'),
      text: (r) => r.opd.name,
      sortValue: (r) => r.opd.name,
      rowHeader: true,
      exportAs: { headers: [t('exportCode'), t('colOpd')], values: (r) => [r.opd.code, r.opd.name] },
    },
    rateCol('complaintsOnTime', t('colComplaintsOnTime')),
    rateCol('uploadsOnTime', t('colUploadsOnTime')),
    {
      key: 'availability',
      label: t('colAvailability'),
      text: (r) =>
        r.availability.percent === null
          ? r.services === 0
            ? t('noServices')
            : rateView(0, 0, lang).text
          : t('availabilityCell', { percent: f.percent(r.availability.percent / 100), n: f.integer(r.availability.services) }),
      sortValue: (r) => r.availability.percent,
      exportAs: {
        headers: [t('exportPercent', { label: t('colAvailability') }), t('exportServices', { label: t('colAvailability') })],
        values: (r) => [r.availability.percent === null ? null : Math.round(r.availability.percent * 100) / 100, r.availability.services],
      },
      align: 'end',
    },
    countCol('misroutesReceived', t('colMisroutesReceived')),
    countCol('misroutesCaused', t('colMisroutesCaused')),
    countCol('overdueNow', t('colOverdueNow')),
  ];
}

/** The definitions under the ranking, in column order, in the page's language. */
export function rankingDefinitions(defs: Record<string, { id: string; en: string }>, lang: Lang): { key: string; label: string; text: string }[] {
  const t = pimpinanText(lang);
  const labels: [string, string][] = [
    ['rank', t('colRank')],
    ['complaintsOnTime', t('colComplaintsOnTime')],
    ['uploadsOnTime', t('colUploadsOnTime')],
    ['availability', t('colAvailability')],
    ['misroutesReceived', t('colMisroutesReceived')],
    ['misroutesCaused', t('colMisroutesCaused')],
    ['overdueNow', t('colOverdueNow')],
  ];
  const known = new Set(labels.map(([k]) => k));
  const rest = Object.keys(defs)
    .filter((k) => !known.has(k))
    .map((k): [string, string] => [k, '']);
  return [...labels, ...rest].filter(([k]) => defs[k]).map(([key, label]) => ({ key, label, text: defs[key][lang] }));
}

// ---------------------------------------------------------------- live

/** At most one overview refetch per this long while live deltas arrive. */
export const LIVE_REFRESH_MIN_GAP_MS = 5_000;

/**
 * When to refetch after a live delta: now if the last fetch started long enough ago, else at the
 * end of the gap (one trailing fetch catches every delta that came in between).
 */
export function liveRefreshDelay(lastStartedAt: number | null, now: number, minGapMs = LIVE_REFRESH_MIN_GAP_MS): number {
  if (lastStartedAt === null) return 0;
  return Math.max(0, lastStartedAt + minGapMs - now);
}
