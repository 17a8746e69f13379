import type { RateWithCounts } from '../../shared/protocol.ts';

/** Below this many cases a rate is "not enough data" and the OPD is left out of rankings. */
export const DEFAULT_MIN_COUNT = 5;

export function rateWithCounts(numerator: number, denominator: number, minCount = DEFAULT_MIN_COUNT): RateWithCounts {
  if (numerator < 0 || denominator < 0 || numerator > denominator) {
    throw new RangeError(`invalid rate ${numerator}/${denominator}`);
  }
  const rate = denominator === 0 || denominator < minCount ? null : numerator / denominator;
  return { numerator, denominator, rate };
}

/** Orders by rate, worst first; entries without a rate are left out (they are not ranked). */
export function rankWorstFirst<T>(items: T[], rateOf: (item: T) => RateWithCounts): T[] {
  return items
    .filter((i) => rateOf(i).rate !== null)
    .sort((a, b) => (rateOf(a).rate as number) - (rateOf(b).rate as number));
}
