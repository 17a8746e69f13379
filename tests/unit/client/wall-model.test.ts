import { describe, expect, it } from 'vitest';
import {
  applyFrozenOrder,
  classOf,
  complaintPoints,
  kecamatanRates,
  newAlertTracker,
  niceBreaks,
  opdRows,
  pageCount,
  pageSlice,
  RECOVERY_SHOWN_MS,
  tickerItems,
  topKecamatan,
  trackAlerts,
} from '../../../client/src/wall/wall-model.ts';
import { routeOf } from '../../../client/src/router.ts';
import type { OpdLive, RateWithCounts } from '../../../shared/protocol.ts';
import { complaint, monitor, reference } from './fixtures.ts';
import { indexReference, localName } from '../../../client/src/live/reference.ts';

const rate = (numerator: number, denominator: number, r: number | null = denominator ? numerator / denominator : null): RateWithCounts => ({ numerator, denominator, rate: r });
const opd = (code: string, uploads: RateWithCounts, complaints: RateWithCounts): OpdLive => ({
  code,
  complaintsOpen: 0,
  complaintsOverdue: 0,
  complaintsOnTime: complaints,
  uploadsOnTime: uploads,
  servicesDown: 0,
  servicesTotal: 0,
});

describe('map model', () => {
  it('computes open complaints per 10,000 people, null without a population', () => {
    const rates = kecamatanRates(reference.kecamatan, {
      '12.71.01': { code: '12.71.01', open: 25, overdue: 0 },
      '12.71.03': { code: '12.71.03', open: 9, overdue: 0 },
    });
    expect(rates.map((r) => [r.code, r.open, r.per10k])).toEqual([
      ['12.71.01', 25, 5],
      ['12.71.02', 0, 0],
      ['12.71.03', 9, null],
    ]);
    expect(topKecamatan(rates, 3).map((r) => r.code)).toEqual(['12.71.01']);
  });

  it('makes round class breaks and classes values', () => {
    expect(niceBreaks([0, 3, 12.4, null])).toEqual([2.5, 5, 7.5, 10]);
    expect(niceBreaks([40])).toEqual([10, 20, 30, 40]);
    expect(niceBreaks([0.2])).toEqual([0.5, 1, 1.5, 2]);
    expect(niceBreaks([])).toEqual([0.5, 1, 1.5, 2]);
    const breaks = [5, 10, 15, 20];
    expect([0, 4.9, 5, 19.9, 20, 99].map((v) => classOf(v, breaks))).toEqual([0, 0, 1, 3, 4, 4]);
    expect(classOf(null, breaks)).toBeNull();
  });

  it('never puts a complaint without a location (or a secret one) on the map', () => {
    const points = complaintPoints(
      [complaint('a', 't'), complaint('b', 't', { location: null }), complaint('c', 't', { privacy: 'secret' })],
      () => 'infrastruktur',
    );
    expect(points.features.map((f) => f.properties.id)).toEqual(['a']);
    expect(points.features[0].geometry.coordinates).toEqual([98.68, 3.58]);
  });
});

describe('OPD rows', () => {
  it('lists every OPD worst first, those without enough data last', () => {
    const rows = opdRows(reference.opd, {
      DISKOMINFO: opd('DISKOMINFO', rate(9, 10), rate(8, 10)),
      DLH: opd('DLH', rate(1, 2, null), rate(3, 10)),
      EXTRA: opd('EXTRA', rate(5, 10), rate(0, 0)),
    });
    expect(rows.map((r) => [r.code, r.worst])).toEqual([
      ['DLH', 0.3],
      ['EXTRA', 0.5],
      ['DISKOMINFO', 0.8],
      ['DISHUB', null],
    ]);
    expect(rows.find((r) => r.code === 'DISHUB')?.uploads).toEqual({ numerator: 0, denominator: 0, rate: null });
  });

  it('pages through all rows', () => {
    const items = Array.from({ length: 25 }, (_, i) => i);
    expect(pageCount(25, 10)).toBe(3);
    expect(pageCount(0, 10)).toBe(1);
    expect(pageSlice(items, 2, 10)).toEqual([20, 21, 22, 23, 24]);
    expect(pageSlice(items, 3, 10)).toEqual(items.slice(0, 10));
  });

  it('keeps a frozen order for a paging cycle, new codes last', () => {
    const rows = opdRows(reference.opd, {});
    expect(applyFrozenOrder(rows, ['DLH', 'GONE', 'DISHUB']).map((r) => r.code)).toEqual(['DLH', 'DISHUB', 'DISKOMINFO']);
  });
});

describe('alerts', () => {
  it('shows down monitors, not-yet-handled first, then the longest outage', () => {
    const { banners, newlyDown } = trackAlerts(
      newAlertTracker(),
      {
        a: monitor('a', 'down', { since: '2026-03-05T06:00:00.000Z', incident: { id: 'i', openedAt: '2026-03-05T06:00:00.000Z', acknowledgedBy: 'Budi', acknowledgedAt: null, note: null } }),
        b: monitor('b', 'down', { since: '2026-03-05T07:10:00.000Z', incident: { id: 'j', openedAt: '2026-03-05T07:10:00.000Z', acknowledgedBy: null, acknowledgedAt: null, note: null } }),
        c: monitor('c', 'down', { since: '2026-03-05T07:00:00.000Z', incident: { id: 'k', openedAt: '2026-03-05T07:00:00.000Z', acknowledgedBy: null, acknowledgedAt: null, note: null } }),
        d: monitor('d', 'up'),
        e: monitor('e', 'maintenance'),
      },
      0,
    );
    expect(banners.map((b) => [b.code, b.acknowledgedBy])).toEqual([
      ['c', null],
      ['b', null],
      ['a', 'Budi'],
    ]);
    expect(newlyDown.sort()).toEqual(['a', 'b', 'c']);
  });

  it('shows a recovery briefly, then drops it; a removed monitor is not a recovery', () => {
    let step = trackAlerts(newAlertTracker(), { a: monitor('a', 'down'), b: monitor('b', 'down') }, 0);
    step = trackAlerts(step.tracker, { a: monitor('a', 'up') }, 1_000);
    expect(step.banners.map((b) => [b.code, b.kind])).toEqual([['a', 'recovered']]);
    expect(step.newlyDown).toEqual([]);
    step = trackAlerts(step.tracker, { a: monitor('a', 'up') }, 1_000 + RECOVERY_SHOWN_MS - 1);
    expect(step.banners).toHaveLength(1);
    step = trackAlerts(step.tracker, { a: monitor('a', 'up') }, 1_000 + RECOVERY_SHOWN_MS);
    expect(step.banners).toHaveLength(0);
  });

  it('replaces a recovery banner when the monitor goes down again', () => {
    let step = trackAlerts(newAlertTracker(), { a: monitor('a', 'down') }, 0);
    step = trackAlerts(step.tracker, { a: monitor('a', 'up') }, 1_000);
    step = trackAlerts(step.tracker, { a: monitor('a', 'down') }, 2_000);
    expect(step.banners.map((b) => b.kind)).toEqual(['down']);
    expect(step.newlyDown).toEqual(['a']);
  });
});

describe('ticker', () => {
  it('names category, kecamatan and channel; unknown codes fall back to the code', () => {
    const items = tickerItems(
      [complaint('a', '2026-03-05T07:00:00.000Z', { category: 'kebakaran' }), complaint('b', 't', { kecamatan: null, channel: 'X', category: 'zzz' })],
      reference,
      10,
    );
    expect(items[0]).toMatchObject({ categoryName: 'Kebakaran', group: 'darurat', emergency: true, kecamatanName: 'Medan Kota', channelName: 'Medan Rumah Kita' });
    expect(items[1]).toMatchObject({ categoryName: 'zzz', kecamatanName: null, channelName: 'X', group: 'layanan' });
  });

  it('tells a complaint located outside the city from one without a location', () => {
    const [outside, unplaced, secret] = tickerItems(
      [
        complaint('a', 't', { kecamatan: null, location: { lat: 3.6001, lon: 98.4854 } }),
        complaint('b', 't', { kecamatan: null, location: null }),
        complaint('c', 't', { kecamatan: null, location: null, privacy: 'secret' }),
      ],
      reference,
      10,
    );
    expect(outside).toMatchObject({ kecamatanName: null, outsideCity: true });
    expect(unplaced).toMatchObject({ kecamatanName: null, outsideCity: false });
    // A secret complaint's location is never sent: nothing is said about where it is.
    expect(secret).toMatchObject({ kecamatanName: null, outsideCity: false });
  });

  it('speaks the page language: English names where the reference has them, else the Indonesian one', () => {
    const complaints = [complaint('a', 't', { category: 'kebakaran', channel: 'SOSMED' }), complaint('b', 't', { category: 'jalan-rusak', channel: 'MRK' })];
    const en = tickerItems(complaints, reference, 10, 'en');
    expect(en.map((i) => [i.categoryName, i.channelName])).toEqual([
      ['Fire', 'Social media'],
      ['Jalan rusak', 'Medan Rumah Kita'],
    ]);
    const id = tickerItems(complaints, reference, 10, 'id');
    expect(id.map((i) => [i.categoryName, i.channelName])).toEqual([
      ['Kebakaran', 'Media sosial'],
      ['Jalan rusak', 'Medan Rumah Kita'],
    ]);
  });
});

describe('router', () => {
  it('routes on the path', () => {
    expect(routeOf('/wall')).toBe('wall');
    expect(routeOf('/wall/')).toBe('wall');
    expect(routeOf('/teknisi')).toBe('teknisi');
    expect(routeOf('/')).toBe('home');
    expect(routeOf('/nope')).toBe('home');
  });
});

describe('reference names by language', () => {
  it('picks the English name for ?lang=en and falls back to the Indonesian one', () => {
    expect(localName({ name: 'Media sosial', nameEn: 'Social media' }, 'en')).toBe('Social media');
    expect(localName({ name: 'Media sosial', nameEn: 'Social media' }, 'id')).toBe('Media sosial');
    expect(localName({ name: 'Medan Rumah Kita', nameEn: null }, 'en')).toBe('Medan Rumah Kita');
    expect(localName({ name: 'Medan Rumah Kita', nameEn: '  ' }, 'en')).toBe('Medan Rumah Kita');
  });

  it('indexes channel and category names in the page language, OPD short names beside the full ones', () => {
    const en = indexReference(reference, 'en');
    expect(en.channelName.get('SOSMED')).toBe('Social media');
    expect(en.categoryName.get('kebakaran')).toBe('Fire');
    expect(en.categoryName.get('jalan-rusak')).toBe('Jalan rusak');
    expect(en.opdName.get('DISKOMINFO')).toBe('Dinas Komunikasi dan Informatika');
    expect(en.opdShortName.get('DISKOMINFO')).toBe('Diskominfo');
    // No short name: the full one stands in.
    expect(en.opdShortName.get('DISHUB')).toBe('Dinas Perhubungan');
    const id = indexReference(reference);
    expect(id.channelName.get('SOSMED')).toBe('Media sosial');
    expect(id.categoryName.get('kebakaran')).toBe('Kebakaran');
  });
});
