import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_SORT, hrefOf, RANKING_COLUMNS, readLocation, viewOf, type PimpinanState } from '../../../../client/src/pimpinan/pimpinan-url.ts';
import { PERIOD_PRESETS } from '../../../../shared/report-period.ts';

const today = '2026-12-07';

describe('pimpinan addresses', () => {
  it('reads the views', () => {
    expect(viewOf('/pimpinan')).toEqual({ view: 'city' });
    expect(viewOf('/pimpinan/')).toEqual({ view: 'city' });
    expect(viewOf('/pimpinan/opd/DISKOMINFO')).toEqual({ view: 'opd', code: 'DISKOMINFO' });
    expect(viewOf('/pimpinan/kecamatan/12.71.01')).toEqual({ view: 'kecamatan', code: '12.71.01' });
    expect(viewOf('/pimpinan/laporan')).toEqual({ view: 'report' });
    expect(viewOf('/pimpinan/opd/%E0%A4%A')).toEqual({ view: 'city' });
    expect(viewOf('/pimpinan/entah')).toEqual({ view: 'city' });
    expect(viewOf('/pimpinan/opd/..')).toEqual({ view: 'city' });
  });

  it('a plain /pimpinan is the city over 30 days, worst on-time first, in Indonesian', () => {
    expect(readLocation('/pimpinan', '', today)).toEqual({ state: { view: { view: 'city' }, period: { preset: '30d' }, sort: DEFAULT_SORT, lang: 'id' }, errors: [] });
    expect(hrefOf(readLocation('/pimpinan', '', today).state)).toBe('/pimpinan');
  });

  it('a shared link opens the same view: parse(write(state)) is the state', () => {
    const state = fc.record<PimpinanState>({
      view: fc.oneof(
        fc.constant({ view: 'city' as const }),
        fc.constant({ view: 'report' as const }),
        fc.record({ view: fc.constantFrom('opd' as const, 'kecamatan' as const), code: fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && !/^\.*$/.test(s)) }),
      ),
      period: fc.oneof(
        fc.constantFrom(...PERIOD_PRESETS).map((preset) => ({ preset })),
        fc.integer({ min: 0, max: 300 }).chain((back) =>
          fc.integer({ min: 0, max: 60 }).map((span) => {
            const to = new Date(Date.parse(`${today}T00:00:00Z`) - back * 86_400_000);
            const from = new Date(to.getTime() - span * 86_400_000);
            return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
          }),
        ),
      ),
      sort: fc.record({ column: fc.constantFrom(...RANKING_COLUMNS), direction: fc.constantFrom('asc' as const, 'desc' as const) }),
      lang: fc.constantFrom('id' as const, 'en' as const),
    });
    fc.assert(
      fc.property(state, (s) => {
        const href = hrefOf(s);
        const url = new URL(href, 'http://x');
        expect(readLocation(url.pathname, url.search, today)).toEqual({ state: s, errors: [] });
      }),
      { numRuns: 2000 },
    );
  });

  it('a mistyped link still opens the city, and says what it could not read', () => {
    const r = readLocation('/pimpinan', '?period=tahunan&sort=nama:naik&lang=fr', today);
    expect(r.state).toEqual({ view: { view: 'city' }, period: { preset: '30d' }, sort: DEFAULT_SORT, lang: 'id' });
    expect(r.errors.map((e) => e.field)).toEqual(['period', 'sort']);
  });
});
