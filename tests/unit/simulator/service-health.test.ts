import { describe, expect, it } from 'vitest';
import { heartbeatEventSchema } from '../../../shared/events.ts';
import { loadCityReference } from '../../../server/simulator/reference-data.ts';
import {
  activeOutage,
  checkOutcome,
  checkTimesBetween,
  createHealthModel,
  heartbeatsBetween,
  outagesInHour,
  servicesFor,
} from '../../../server/simulator/service-health.ts';
import { HOUR, SECOND, wibAt } from '../../../server/simulator/wib-time.ts';

const ref = loadCityReference();
const start = wibAt('2026-11-09', '00:00');

describe('service health', () => {
  const model = createHealthModel(ref, 3);

  it('checks every service every interval at a fixed phase', () => {
    const s = ref.services[0];
    const times = checkTimesBetween(s, start, start + 10 * 60 * SECOND);
    expect(times).toHaveLength(20);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBe(s.intervalSeconds * SECOND);
    expect(checkTimesBetween(s, start, start + 5 * 60 * SECOND).concat(checkTimesBetween(s, start + 5 * 60 * SECOND, start + 10 * 60 * SECOND))).toEqual(times);
  });

  it('has a few outages an hour across the fleet, sometimes a whole OPD, and single-check blips', () => {
    let outages = 0;
    let opdWide = 0;
    let blips = 0;
    const hours = 24 * 14;
    for (let h = 0; h < hours; h++) {
      const o = outagesInHour(model, Math.floor(start / HOUR) + h);
      outages += o.outages.length;
      opdWide += o.outages.filter((x) => x.scope === 'opd').length;
      blips += o.blips.length;
      for (const x of o.outages) expect(x.end - x.start).toBeLessThanOrEqual(55 * 60 * SECOND);
    }
    expect(outages / hours).toBeGreaterThan(1);
    expect(outages / hours).toBeLessThan(5);
    expect(opdWide).toBeGreaterThan(20);
    expect(blips / hours).toBeGreaterThan(3);
  });

  it('reports down during an outage (or silence for push services) and up with jittered latency otherwise', () => {
    const o = Array.from({ length: 48 }, (_, h) => outagesInHour(model, Math.floor(start / HOUR) + h).outages).flat()[0];
    const serviceCode = o.services[0];
    const service = ref.services.find((s) => s.code === serviceCode)!;
    const during = checkOutcome(model, service, o.start + 1000);
    if (service.kind === 'push') expect(during).toBeNull();
    else expect(during?.status).toBe('down');
    const http = ref.services.find((s) => s.kind === 'http')!;
    const latencies = new Set<number>();
    for (let t = start; t < start + 2 * HOUR; t += 30 * SECOND) {
      const r = checkOutcome(model, http, t);
      if (r?.status === 'up') {
        expect(r.statusCode).toBe(200);
        latencies.add(r.latencyMs!);
      }
    }
    expect(latencies.size).toBeGreaterThan(50);
  });

  it('produces valid heartbeat events with stable ids, in time order', () => {
    const beats = heartbeatsBetween(model, servicesFor(model, 'all'), start, start + HOUR, 'simulator');
    expect(beats.length).toBeGreaterThan(ref.services.length * 100);
    for (let i = 1; i < beats.length; i++) expect(beats[i].at).toBeGreaterThanOrEqual(beats[i - 1].at);
    for (const b of beats) expect(heartbeatEventSchema.safeParse(b.event).success).toBe(true);
    const again = heartbeatsBetween(createHealthModel(ref, 3), servicesFor(model, 'all'), start, start + HOUR, 'simulator');
    expect(again.map((b) => b.event)).toEqual(beats.map((b) => b.event));
    expect(new Set(beats.map((b) => b.event.externalId)).size).toBe(beats.length);
    const downs = heartbeatsBetween(model, servicesFor(model, 'all'), start + 8 * HOUR, start + 14 * HOUR, 'simulator').filter((b) => b.event.status === 'down');
    expect(downs.length).toBeGreaterThan(5);
    expect(servicesFor(model, 'push').every((s) => s.kind === 'push')).toBe(true);
    expect(servicesFor(model, 'none')).toEqual([]);
    expect(activeOutage(model, 'no-such-service', start)).toBeNull();
  });
});
