// Health of Medan's applications as a prober (or a push agent) would see it: mostly up with
// latency that follows office load, a few outages an hour across the fleet, sometimes a whole
// OPD at once, rarely the consolidated data center, plus single failed checks that must not
// open an incident. Outages are drawn per UTC hour from (seed, hour) alone, so any instant's
// state can be computed without replaying history.
import type { HeartbeatEventInput } from '../../shared/events.ts';
import type { CityReference, ServiceRef } from './reference-data.ts';
import { Rng, seedFrom } from './rng.ts';
import { HOUR, MINUTE, SECOND, formatWib, formatWibLocal, wibParts } from './wib-time.ts';

export type OutageCause = 'timeout' | 'http5xx' | 'refused';
export type OutageScope = 'service' | 'opd' | 'datacenter';

export interface Outage {
  services: string[];
  start: number;
  end: number;
  scope: OutageScope;
  cause: OutageCause;
  statusCode?: number;
  /** Latency climbs from here until the outage starts (an overloaded server before it falls over). */
  degradeFrom?: number;
}

export interface HourOutages {
  outages: Outage[];
  /** Single failed checks: one bad answer, not enough for an incident. */
  blips: Outage[];
}

export interface HealthRates {
  /** Single-service outages per hour across the fleet, in office hours and outside them. */
  servicePerHourOffice: number;
  servicePerHourOther: number;
  opdPerHour: number;
  datacenterPerHour: number;
  blipsPerHour: number;
}

export const DEFAULT_HEALTH_RATES: HealthRates = {
  servicePerHourOffice: 2.8,
  servicePerHourOther: 1.4,
  opdPerHour: 0.25,
  datacenterPerHour: 1 / 72,
  blipsPerHour: 6,
};

/** Outages never last longer than this, so looking one hour back finds every active one. */
export const MAX_OUTAGE_MS = 55 * MINUTE;
export const TIMEOUT_MS = 10_000;

export interface HealthModel {
  ref: CityReference;
  seed: number;
  idTag: string;
  rates: HealthRates;
  services: ServiceRef[];
  byOpd: Map<string, ServiceRef[]>;
  byCode: Map<string, ServiceRef>;
  cache: Map<number, HourOutages>;
}

export function createHealthModel(ref: CityReference, seed: number, idTag = '', rates = DEFAULT_HEALTH_RATES): HealthModel {
  const byOpd = new Map<string, ServiceRef[]>();
  for (const s of ref.services) byOpd.set(s.opd, [...(byOpd.get(s.opd) ?? []), s]);
  return { ref, seed, idTag, rates, services: ref.services, byOpd, byCode: new Map(ref.services.map((s) => [s.code, s])), cache: new Map() };
}

function isOfficeHour(ms: number): boolean {
  const p = wibParts(ms);
  return p.weekday <= 5 && p.hour >= 8 && p.hour < 17;
}

function pickCause(rng: Rng): { cause: OutageCause; statusCode?: number } {
  const x = rng.next();
  if (x < 0.45) return { cause: 'timeout' };
  if (x < 0.85) return { cause: 'http5xx', statusCode: rng.pick([503, 503, 503, 502, 502, 500]) };
  return { cause: 'refused' };
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Outages and blips that start in UTC hour `hour` (epoch hours). */
export function outagesInHour(model: HealthModel, hour: number): HourOutages {
  const cached = model.cache.get(hour);
  if (cached) return cached;
  const rng = Rng.of(model.seed, 'gangguan', hour);
  const hourStart = hour * HOUR;
  const { rates, services } = model;
  const outages: Outage[] = [];
  const blips: Outage[] = [];
  if (services.length > 0) {
    const perHour = isOfficeHour(hourStart + 30 * MINUTE) ? rates.servicePerHourOffice : rates.servicePerHourOther;
    const single = rng.poisson(perHour);
    for (let i = 0; i < single; i++) {
      const start = hourStart + Math.floor(rng.float(0, HOUR) / SECOND) * SECOND;
      const duration = clamp(rng.logNormal(4, 0.7), 1, 45) * MINUTE;
      const outage: Outage = { services: [rng.pick(services).code], start, end: start + duration, scope: 'service', ...pickCause(rng) };
      if (rng.chance(0.3)) outage.degradeFrom = start - rng.float(3, 10) * MINUTE;
      outages.push(outage);
    }
    const opdCodes = [...model.byOpd.keys()].filter((o) => (model.byOpd.get(o)?.length ?? 0) >= 2);
    const whole = opdCodes.length > 0 ? rng.poisson(rates.opdPerHour) : 0;
    for (let i = 0; i < whole; i++) {
      const opd = rng.pick(opdCodes);
      const start = hourStart + Math.floor(rng.float(0, HOUR) / SECOND) * SECOND;
      const duration = clamp(rng.logNormal(8, 0.6), 2, 50) * MINUTE;
      outages.push({ services: (model.byOpd.get(opd) ?? []).map((s) => s.code), start, end: start + duration, scope: 'opd', ...pickCause(rng) });
    }
    if (rng.chance(rates.datacenterPerHour)) {
      // The consolidated data center hiccups: most, not all, applications time out together.
      const share = rng.float(0.5, 0.8);
      const hit = services.filter(() => rng.chance(share)).map((s) => s.code);
      const start = hourStart + Math.floor(rng.float(0, HOUR) / SECOND) * SECOND;
      outages.push({ services: hit, start, end: start + clamp(rng.logNormal(6, 0.5), 3, 15) * MINUTE, scope: 'datacenter', cause: 'timeout' });
    }
    const blipCount = rng.poisson(rates.blipsPerHour);
    for (let i = 0; i < blipCount; i++) {
      const service = rng.pick(services);
      const interval = service.intervalSeconds * SECOND;
      const start = hourStart + Math.floor(rng.float(0, HOUR - interval) / SECOND) * SECOND;
      // Exactly one check interval: a single failed check.
      blips.push({ services: [service.code], start, end: start + interval, scope: 'service', cause: 'timeout' });
    }
  }
  const result = { outages, blips };
  if (model.cache.size > 400) model.cache.clear();
  model.cache.set(hour, result);
  return result;
}

/** The outage (or blip) a service is in at `at`, if any. */
export function activeOutage(model: HealthModel, serviceCode: string, at: number): Outage | null {
  const hour = Math.floor(at / HOUR);
  for (const h of [hour, hour - 1]) {
    const { outages, blips } = outagesInHour(model, h);
    for (const o of outages) if (o.start <= at && at < o.end && o.services.includes(serviceCode)) return o;
    for (const b of blips) if (b.start <= at && at < b.end && b.services.includes(serviceCode)) return b;
  }
  return null;
}

function isDegrading(model: HealthModel, serviceCode: string, at: number): boolean {
  const hour = Math.floor(at / HOUR);
  for (const h of [hour, hour + 1]) {
    for (const o of outagesInHour(model, h).outages) {
      if (o.degradeFrom !== undefined && o.degradeFrom <= at && at < o.start && o.services.includes(serviceCode)) return true;
    }
  }
  return false;
}

/** Typical latency of a service, between 60 and 400 ms. */
export function baseLatencyMs(serviceCode: string): number {
  return 60 + (seedFrom('latensi', serviceCode) % 340);
}

export interface CheckOutcome {
  status: 'up' | 'down';
  latencyMs?: number;
  statusCode?: number;
  message?: string;
}

/**
 * What a check of this service at `at` finds, or null when a push service is silent (a host
 * that is down sends no heartbeat: the server must notice the silence).
 */
export function checkOutcome(model: HealthModel, service: ServiceRef, at: number, rng: Rng = Rng.of(model.seed, 'cek', service.code, at)): CheckOutcome | null {
  const push = service.kind === 'push';
  const outage = activeOutage(model, service.code, at);
  if (outage) {
    if (push) return null;
    switch (outage.cause) {
      case 'timeout':
        return { status: 'down', latencyMs: TIMEOUT_MS, message: `timeout: tidak ada jawaban dalam ${TIMEOUT_MS / 1000} dtk` };
      case 'http5xx': {
        const code = outage.statusCode ?? 503;
        const text = code === 503 ? 'Service Unavailable' : code === 502 ? 'Bad Gateway' : 'Internal Server Error';
        return { status: 'down', latencyMs: Math.round(rng.logNormal(baseLatencyMs(service.code) * 0.4, 0.4)), statusCode: code, message: `HTTP ${code} ${text}` };
      }
      case 'refused':
        return { status: 'down', latencyMs: rng.int(1, 5), message: 'connect ECONNREFUSED' };
    }
  }
  let latency = baseLatencyMs(service.code) * (isOfficeHour(at) ? 1.5 : 1) * rng.logNormal(1, 0.3);
  if (rng.chance(0.01)) latency *= rng.float(3, 8);
  if (isDegrading(model, service.code, at)) latency *= rng.float(3, 6);
  const outcome: CheckOutcome = { status: 'up', latencyMs: Math.min(TIMEOUT_MS - 1, Math.round(latency)) };
  if (!push) outcome.statusCode = 200;
  return outcome;
}

/** When a service is checked: every interval, at a fixed per-service phase so checks spread out. */
export function checkTimesBetween(service: ServiceRef, from: number, to: number): number[] {
  const interval = service.intervalSeconds * SECOND;
  const phase = (seedFrom('fase', service.code) % service.intervalSeconds) * SECOND;
  const out: number[] = [];
  let t = Math.ceil((from - phase) / interval) * interval + phase;
  for (; t < to; t += interval) out.push(t);
  return out;
}

export function heartbeatEvent(model: HealthModel, service: ServiceRef, at: number, outcome: CheckOutcome, source: string, idSuffix = ''): HeartbeatEventInput {
  const event: HeartbeatEventInput = {
    source,
    externalId: `${service.code}-${model.idTag}${formatWibLocal(at)}${idSuffix}`,
    occurredAt: formatWib(at),
    monitor: service.code,
    status: outcome.status,
  };
  if (outcome.latencyMs !== undefined) event.latencyMs = outcome.latencyMs;
  if (outcome.statusCode !== undefined) event.statusCode = outcome.statusCode;
  if (outcome.message !== undefined) event.message = outcome.message;
  return event;
}

/** Which services' heartbeats the simulator sends. */
export type HeartbeatMode = 'all' | 'push' | 'none';

export function servicesFor(model: HealthModel, mode: HeartbeatMode, exclude: readonly string[] = []): ServiceRef[] {
  if (mode === 'none') return [];
  const reported = model.services.filter((s) => !exclude.includes(s.code));
  return mode === 'push' ? reported.filter((s) => s.kind === 'push') : reported;
}

/** Every heartbeat due in [from, to), sorted by time. */
export function heartbeatsBetween(model: HealthModel, services: ServiceRef[], from: number, to: number, source: string): { at: number; event: HeartbeatEventInput }[] {
  const out: { at: number; event: HeartbeatEventInput }[] = [];
  for (const service of services) {
    for (const at of checkTimesBetween(service, from, to)) {
      const outcome = checkOutcome(model, service, at);
      if (outcome) out.push({ at, event: heartbeatEvent(model, service, at, outcome, source) });
    }
  }
  out.sort((a, b) => a.at - b.at);
  return out;
}
