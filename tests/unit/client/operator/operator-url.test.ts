import { describe, expect, it } from 'vitest';
import { hrefOf, NO_FILTERS, queueUrl, readLocation } from '../../../../client/src/operator/operator-url.ts';

const ID = '0b6f3a52-1c2d-4e5f-8a9b-0c1d2e3f4a5b';

describe('operator-url', () => {
  it('reads the opened complaint, the filters and the language from the address', () => {
    expect(readLocation(`?c=${ID}&channel=LAPOR&category=sampah&kecamatan=12.71.05&state=handed_back&lang=en`)).toEqual({
      selected: ID,
      filters: { channel: 'LAPOR', category: 'sampah', kecamatan: '12.71.05', state: 'handed_back' },
      lang: 'en',
    });
  });

  it('ignores what it cannot use instead of failing: a bad id, an unknown state, odd codes', () => {
    expect(readLocation('?c=../../etc&state=everything&channel=%3Cscript%3E&lang=fr')).toEqual({ selected: null, filters: NO_FILTERS, lang: 'id' });
  });

  it('writes a state back into the same address (round trip), defaults left out', () => {
    const states = [
      { selected: null, filters: NO_FILTERS, lang: 'id' as const },
      { selected: ID, filters: { ...NO_FILTERS, category: 'drainase' }, lang: 'en' as const },
      { selected: ID, filters: { channel: 'MRK', category: 'sampah', kecamatan: '12.71.01', state: 'received' as const }, lang: 'id' as const },
    ];
    expect(hrefOf(states[0])).toBe('/operator');
    for (const s of states) expect(readLocation(hrefOf(s).replace('/operator', ''))).toEqual(s);
  });

  it('asks the API for the same filters', () => {
    expect(queueUrl(NO_FILTERS)).toBe('/api/v1/operator/queue');
    expect(queueUrl({ ...NO_FILTERS, kecamatan: '12.71.05', state: 'reopened' })).toBe('/api/v1/operator/queue?kecamatan=12.71.05&state=reopened');
  });
});
