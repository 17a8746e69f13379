import { describe, expect, it } from 'vitest';
import { deltaView, rateView } from '../../../../client/src/screens/figures.ts';

// Intl puts a no-break space between a number and "%" in some locales.
const plain = (s: string) => s.replace(/\s/g, ' ');

describe('rateView', () => {
  it('shows a rate with its counts in either language', () => {
    expect(plain(rateView(145, 176, 'id').text)).toBe('82,4% (145 dari 176)');
    expect(plain(rateView(145, 176, 'en').text)).toBe('82.4% (145 of 176)');
  });
  it('says "data belum cukup" under the minimum and "tidak ada" with nothing to count', () => {
    const few = rateView(3, 4, 'id', 5);
    expect(few.kind).toBe('not-enough');
    expect(few.text).toBe('data belum cukup (3 dari 4)');
    expect(rateView(0, 0, 'id', 5).kind).toBe('none');
    expect(rateView(5, 5, 'id', 5).kind).toBe('rate');
  });
});

describe('deltaView', () => {
  it('says up or down in words, with whether it is better', () => {
    const more = deltaView(152, 140, 'count', 'down', 'id');
    expect(more).toMatchObject({ direction: 'up', tone: 'worse', arrow: '▲' });
    expect(more.words).toBe('naik 12 dari 140 · memburuk');
    const share = deltaView(0.8, 0.75, 'share', 'up', 'en');
    expect(share.tone).toBe('better');
    expect(plain(share.words)).toBe('up 5 points from 75.0% · better');
    expect(deltaView(3.25, 4, 'days', 'down', 'id').words).toBe('turun 0,8 dari 4 · membaik');
  });
  it('calls a change too small to show no change, and a missing previous figure unknown', () => {
    expect(deltaView(0.8001, 0.8, 'share', 'up', 'id').direction).toBe('same');
    expect(deltaView(10, 10, 'count', 'neither', 'id').words).toBe('sama dengan periode sebelumnya (10)');
    expect(deltaView(10, null, 'count', 'up', 'id')).toMatchObject({ direction: 'none', tone: 'neutral' });
    expect(deltaView(12, 10, 'count', 'neither', 'id').tone).toBe('neutral');
  });
});

describe('rateView with the server verdict', () => {
  it('follows the server: null is not enough, a number is the share', () => {
    expect(rateView(3, 4, 'id', 1, null).kind).toBe('not-enough');
    expect(rateView(0, 0, 'id', 1, null).kind).toBe('none');
    expect(plain(rateView(1, 3, 'id', 5, 1 / 3).text)).toBe('33,3% (1 dari 3)');
  });
});
