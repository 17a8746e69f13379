// Service health per OPD (the OPD that owns each monitored application).
//
// - owned: active monitors of the OPD; `down`, `up`, `maintenance`, `pending`, `unknown`: how many
//   are in that displayed state now (they add up to `owned`).
// - upNow: up / (up + down): monitors in maintenance or without a confirmed state are not judged.
// - availability: pooled over the OPD's services, time-weighted: sum(up time) / sum(up + down
//   time) over the window, maintenance and unknown time excluded as in availability.ts. Pooling
//   means a service measured for the whole window weighs more than one added yesterday.
//   `services` says how many services had any measured time: the count behind the percentage.
// - meetingTarget: services whose own availability is >= targetPercent, out of the services with
//   a measured availability. This one is a rate over a count of services, so it follows
//   rateWithCounts: null below `minCount`, and such OPDs are left out of rankings.
import type { MonitorState } from '../../../shared/domain-constants.ts';
import type { RateWithCounts } from '../../../shared/protocol.ts';
import { DEFAULT_MIN_COUNT, rateWithCounts } from '../rate-with-counts.ts';

/** Default availability target (percent) per service when no SLA target is configured. */
export const DEFAULT_AVAILABILITY_TARGET = 99;

export interface ServiceInput {
  code: string;
  opd: string;
  state: MonitorState;
  /** Inactive (paused) monitors are not counted at all. Default true. */
  active?: boolean;
  /** Time up/down over the window, e.g. from `availability()`; omit when not computed. */
  availability?: { upMs: number; downMs: number } | null;
  /** Per-service SLA target in percent; defaults to the options' target. */
  targetPercent?: number | null;
}

export interface OpdServiceMetrics {
  opd: string;
  owned: number;
  up: number;
  down: number;
  maintenance: number;
  pending: number;
  unknown: number;
  /** Codes of the services down now, for the wall's "who must act". */
  downServices: string[];
  upNow: RateWithCounts;
  availability: { upMs: number; downMs: number; percent: number | null; services: number };
  meetingTarget: RateWithCounts;
}

export interface ServiceMetricsOptions {
  targetPercent?: number;
  minCount?: number;
}

export function opdServiceMetrics(
  services: readonly ServiceInput[],
  options: ServiceMetricsOptions = {},
): Record<string, OpdServiceMetrics> {
  const target = options.targetPercent ?? DEFAULT_AVAILABILITY_TARGET;
  const minCount = options.minCount ?? DEFAULT_MIN_COUNT;
  const acc = new Map<
    string,
    { counts: Record<MonitorState, number>; downServices: string[]; upMs: number; downMs: number; measured: number; meeting: number }
  >();
  for (const s of services) {
    if (s.active === false) continue;
    let a = acc.get(s.opd);
    if (!a) {
      a = { counts: { up: 0, down: 0, maintenance: 0, pending: 0, unknown: 0 }, downServices: [], upMs: 0, downMs: 0, measured: 0, meeting: 0 };
      acc.set(s.opd, a);
    }
    a.counts[s.state]++;
    if (s.state === 'down') a.downServices.push(s.code);
    const av = s.availability;
    if (av && av.upMs + av.downMs > 0) {
      a.upMs += av.upMs;
      a.downMs += av.downMs;
      a.measured++;
      if ((av.upMs / (av.upMs + av.downMs)) * 100 >= (s.targetPercent ?? target)) a.meeting++;
    }
  }
  const out: Record<string, OpdServiceMetrics> = {};
  for (const [opd, a] of [...acc].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    const c = a.counts;
    const measuredMs = a.upMs + a.downMs;
    out[opd] = {
      opd,
      owned: c.up + c.down + c.maintenance + c.pending + c.unknown,
      up: c.up,
      down: c.down,
      maintenance: c.maintenance,
      pending: c.pending,
      unknown: c.unknown,
      downServices: a.downServices.sort(),
      // A share of currently-running services is meaningful for a single service, so no minimum.
      upNow: rateWithCounts(c.up, c.up + c.down, 1),
      availability: { upMs: a.upMs, downMs: a.downMs, percent: measuredMs === 0 ? null : (a.upMs / measuredMs) * 100, services: a.measured },
      meetingTarget: rateWithCounts(a.meeting, a.measured, minCount),
    };
  }
  return out;
}
