import { describe, expect, it } from 'vitest';
import { batchSchemas } from '../../../shared/events.ts';
import { CitySimulation, type SimEvent } from '../../../server/simulator/city-simulation.ts';
import { LoadFiller, FILLER_MIX } from '../../../server/simulator/load-filler.ts';
import { loadCityReference } from '../../../server/simulator/reference-data.ts';
import { servicesFor } from '../../../server/simulator/service-health.ts';
import { wibDate } from '../../../shared/wib-time.ts';
import { DAY, HOUR, MINUTE, wibAt } from '../../../server/simulator/wib-time.ts';

const ref = loadCityReference();
const now = wibAt('2026-11-20', '14:37') + 12_345;

function run(sim: CitySimulation, to: number, step: number): SimEvent[] {
  const out: SimEvent[] = [];
  for (let t = sim.cursor; t < to; t += step) out.push(...sim.advance(Math.min(to, t + step)));
  return out;
}

function validate(events: SimEvent[]): void {
  for (const kind of ['complaints', 'uploads', 'heartbeats'] as const) {
    const batch = events.filter((e) => e.kind === kind).map((e) => e.event);
    for (let i = 0; i < batch.length; i += 1000) {
      const parsed = batchSchemas[kind].safeParse({ events: batch.slice(i, i + 1000) });
      if (!parsed.success) throw new Error(`${kind}: ${parsed.error.message.slice(0, 500)}`);
    }
  }
}

describe('the simulated city', () => {
  const options = { ref, source: 'simulator', complaintsPerDay: 400, windowStart: now - 3 * DAY, heartbeatsFrom: now - 2 * HOUR, carryOverDays: 20 };
  const sim = new CitySimulation(options);
  const history = run(sim, now, HOUR);

  it('backfills the whole window with valid events, oldest first', () => {
    validate(history);
    const complaints = history.filter((e) => e.kind === 'complaints');
    const created = complaints.filter((e) => e.kind === 'complaints' && e.event.status === 'received');
    const days = new Set(created.map((e) => wibDate(e.at)));
    expect(days.size).toBe(4); // the partial first day, two full days, today
    expect(created.length).toBeGreaterThan(900);
    expect(Math.min(...complaints.map((e) => e.at))).toBeGreaterThanOrEqual(options.windowStart);
    expect(Math.max(...history.map((e) => e.at))).toBeLessThan(now);
    // Carried-over complaints from before the window show up with their later steps.
    expect(complaints.some((e) => e.kind === 'complaints' && Date.parse(e.event.submittedAt!) < options.windowStart)).toBe(true);
    // Heartbeats only from their own start; uploads for the days in the window.
    const beats = history.filter((e) => e.kind === 'heartbeats');
    expect(Math.min(...beats.map((e) => e.at))).toBeGreaterThanOrEqual(options.heartbeatsFrom);
    expect(history.filter((e) => e.kind === 'uploads').length).toBeGreaterThan(20);
  });

  it('keeps pending steps and emits each when its time comes', () => {
    const next = sim.advance(now + 10 * MINUTE);
    expect(next.every((e) => e.at >= now && e.at < now + 10 * MINUTE)).toBe(true);
    expect(next.filter((e) => e.kind === 'heartbeats').length).toBeGreaterThan(ref.services.length * 15);
    const quiet = new CitySimulation({ ...options, heartbeatMode: 'none' });
    run(quiet, now, 6 * HOUR);
    expect(quiet.pendingSteps).toBeGreaterThan(1000);
    const live = run(quiet, now + 3 * DAY, 30 * MINUTE).filter((e) => e.kind === 'complaints');
    const updates = live.filter((e) => e.kind === 'complaints' && e.event.status !== 'received' && Date.parse(e.event.submittedAt!) < now);
    expect(updates.length).toBeGreaterThan(1000);
    expect(live.some((e) => e.kind === 'complaints' && e.event.status === 'received')).toBe(true);
  });

  it('gives the same events whether advanced in big steps or small ones, and on a restart', () => {
    const a = new CitySimulation(options);
    const b = new CitySimulation(options);
    const big = a.advance(now - 3 * DAY + 6 * HOUR);
    const small = run(b, now - 3 * DAY + 6 * HOUR, 7 * MINUTE + 13);
    const key = (e: SimEvent) => `${e.kind}|${e.event.externalId}|${e.event.occurredAt}`;
    expect(small.map(key).sort()).toEqual(big.map(key).sort());
    // A restarted simulator with a later window re-sends the same events for the overlap.
    const later = new CitySimulation({ ...options, windowStart: now - 2 * DAY, heartbeatsFrom: now - 2 * HOUR });
    const overlap = run(later, now, HOUR).filter((e) => e.kind === 'complaints' && e.at >= now - DAY);
    const original = new Set(history.filter((e) => e.at >= now - DAY).map(key));
    for (const e of overlap) expect(original.has(key(e))).toBe(true);
  });

  it('tells seeds apart in ids', () => {
    const other = new CitySimulation({ ...options, seed: 42, carryOverDays: 0, windowStart: now - HOUR });
    const events = other.advance(now);
    expect(events.some((e) => e.event.externalId.includes('s42-'))).toBe(true);
  });
});

describe('load filler', () => {
  const sim = new CitySimulation({ ref, source: 'simulator', windowStart: now, carryOverDays: 0 });
  const filler = new LoadFiller({
    complaints: sim.complaints,
    health: sim.health,
    uploads: sim.uploads,
    services: servicesFor(sim.health, 'all'),
    source: 'simulator',
    runTag: 'abc123',
    seed: 1,
  });
  const events = filler.generate(20_000, now);

  it('makes valid events in the target mix, all in the past, with unique ids', () => {
    validate(events);
    const n = events.length;
    expect(n).toBeGreaterThanOrEqual(20_000);
    for (const kind of ['complaints', 'heartbeats', 'uploads'] as const) {
      expect(Math.abs(events.filter((e) => e.kind === kind).length / n - FILLER_MIX[kind])).toBeLessThan(0.02);
    }
    expect(events.every((e) => e.at <= now)).toBe(true);
    const ids = events.filter((e) => e.kind !== 'complaints').map((e) => e.event.externalId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('squeezes whole lifecycles into minutes, each step strictly newer', () => {
    const byId = new Map<string, number[]>();
    for (const e of events) if (e.kind === 'complaints') byId.set(e.event.externalId, [...(byId.get(e.event.externalId) ?? []), Date.parse(e.event.occurredAt)]);
    for (const [id, times] of byId) {
      expect(id.startsWith('LOAD-abc123-')).toBe(true);
      for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]);
      expect(times[times.length - 1] - times[0]).toBeLessThanOrEqual(30 * MINUTE);
    }
  });
});
