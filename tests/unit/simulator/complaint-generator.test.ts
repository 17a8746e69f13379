import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { complaintEventSchema } from '../../../shared/events.ts';
import {
  CATEGORY_WEIGHTS,
  CHANNEL_WEIGHTS,
  complaintEvent,
  complaintIntensity,
  complaintsInMinute,
  createComplaintModel,
  expectedComplaintsInMinute,
  type SimComplaint,
} from '../../../server/simulator/complaint-generator.ts';
import { estimatePopulation, loadCityReference } from '../../../server/simulator/reference-data.ts';
import { DAY, HOUR, MINUTE, wibAt } from '../../../server/simulator/wib-time.ts';

const ref = loadCityReference();

function day(seed: number, date = '2026-11-18', perDay = 3000): SimComplaint[] {
  const model = createComplaintModel({ ref, seed, source: 'simulator', complaintsPerDay: perDay });
  const start = wibAt(date, '00:00') / MINUTE;
  const out: SimComplaint[] = [];
  for (let m = start; m < start + 1440; m++) out.push(...complaintsInMinute(model, m));
  return out;
}

describe('reference and weights', () => {
  it('has a population for every kecamatan, estimated where BPS 2013 is missing', () => {
    expect(ref.kecamatan).toHaveLength(21);
    for (const k of ref.kecamatan) {
      expect(k.population).toBeGreaterThan(30_000);
      expect(k.code).toMatch(/^12\.71\.\d\d$/);
      expect(k.kelurahan.length).toBeGreaterThan(0);
    }
    expect(estimatePopulation({ name: 'x', area_km2: 4, pop_2013: null, note: 'about 22,800 people/km2 in 2007' })).toEqual({ population: 91_200, basis: 'density-note' });
    expect(estimatePopulation({ name: 'x', area_km2: 10, pop_2013: null, pop_2020: 5 }).basis).toBe('bps-2020');
    // Medan Deli stays the most populous, as the reference says.
    const top = [...ref.kecamatan].sort((a, b) => b.population - a.population)[0];
    expect(top.name).toBe('Medan Deli');
  });

  it('is quiet at night and busy mid-morning and in the evening, averaging 1 over a week', () => {
    const monday = wibAt('2026-11-16', '00:00');
    let sum = 0;
    for (let t = monday; t < monday + 7 * DAY; t += 10 * MINUTE) sum += complaintIntensity(t);
    expect(sum / ((7 * DAY) / (10 * MINUTE))).toBeCloseTo(1, 1);
    expect(complaintIntensity(monday + 3 * HOUR)).toBeLessThan(0.2);
    expect(complaintIntensity(monday + 10 * HOUR)).toBeGreaterThan(1.5);
    expect(complaintIntensity(monday + 20 * HOUR)).toBeGreaterThan(1.2);
  });
});

describe('generated complaints', () => {
  const complaints = day(11);
  const model = createComplaintModel({ ref, seed: 11, source: 'simulator', complaintsPerDay: 3000 });

  it('roughly matches the expected daily volume', () => {
    const start = wibAt('2026-11-18', '00:00');
    let expected = 0;
    for (let t = start; t < start + DAY; t += MINUTE) expected += expectedComplaintsInMinute(model, t);
    expect(Math.abs(complaints.length - expected) / expected).toBeLessThan(0.06);
  });

  it('every event of every lifecycle passes the shared schema', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    onTestFinished(() => void vi.useRealTimers());
    let n = 0;
    for (const c of complaints.slice(0, 800)) {
      for (const step of c.plan.steps) {
        const event = complaintEvent(model, c, step);
        // As the server judges it when the step is sent (no event time ahead of its clock).
        vi.setSystemTime(step.at);
        const parsed = complaintEventSchema.safeParse(event);
        if (!parsed.success) throw new Error(`${c.externalId} ${step.status}: ${parsed.error.message}`);
        n++;
      }
    }
    expect(n).toBeGreaterThan(2000);
  });

  it('places each complaint inside its kecamatan and names the right kelurahan', () => {
    for (const c of complaints.slice(0, 400)) {
      const event = complaintEvent(model, c, c.plan.steps[0]);
      const k = ref.kecamatan.find((x) => x.code === event.kecamatan)!;
      expect(booleanPointInPolygon([event.location!.lon, event.location!.lat], k.feature as any)).toBe(true);
      if (event.kelurahan) expect(event.kelurahan.startsWith(`${event.kecamatan}.`)).toBe(true);
      expect(event.externalId).toMatch(/^(MRK|LAPOR|MERCY|SOSMED|CALL)-\d{8}-\d{4}-\d{2}$/);
    }
  });

  it('spreads complaints by population, category and channel weights', () => {
    const many = [...complaints, ...day(12), ...day(13)];
    const n = many.length;
    const totalPop = ref.kecamatan.reduce((a, k) => a + k.population, 0);
    for (const k of ref.kecamatan) {
      const share = many.filter((c) => c.core.kecamatan.code === k.code).length / n;
      // Category mix shifts a little by area (duplicates copy the original's kecamatan), so allow slack.
      expect(Math.abs(share - k.population / totalPop)).toBeLessThan(0.015);
    }
    const catTotal = ref.categories.reduce((a, c) => a + (CATEGORY_WEIGHTS[c.code] ?? 1), 0);
    const share = (code: string) => many.filter((c) => c.core.category.code === code).length / n;
    expect(Math.abs(share('sampah') - 14 / catTotal)).toBeLessThan(0.02);
    // The four street categories dominate.
    const top4 = ['jalan-rusak', 'drainase', 'sampah', 'lampu-jalan'].reduce((a, c) => a + share(c), 0);
    expect(top4).toBeGreaterThan(0.55);
    const channel = (code: string) => many.filter((c) => c.core.channel === code).length / n;
    expect(channel('MRK')).toBeGreaterThan(channel('LAPOR'));
    expect(channel('LAPOR')).toBeGreaterThan(channel('SOSMED'));
    expect(channel('SOSMED')).toBeGreaterThan(channel('MERCY'));
    expect(Math.abs(channel('MRK') - CHANNEL_WEIGHTS.MRK / 100)).toBeLessThan(0.05);
  });

  it('keeps most complaints public, some anonymous, a few secret, and reporters private-looking', () => {
    const n = complaints.length;
    const by = (p: string) => complaints.filter((c) => c.core.privacy === p).length / n;
    expect(by('public')).toBeGreaterThan(0.7);
    expect(by('anonymous')).toBeGreaterThan(0.08);
    expect(by('secret')).toBeGreaterThan(0.02);
    expect(by('secret')).toBeLessThan(0.1);
    const events = complaints.slice(0, 300).map((c) => complaintEvent(model, c, c.plan.steps[0]));
    const withNik = events.filter((e) => e.reporter?.nik);
    expect(withNik.length).toBeGreaterThan(10);
    for (const e of withNik) expect(e.reporter!.nik).toMatch(/^1271\d{12}$/);
  });

  it('makes a few duplicates that point at an earlier complaint of the same category', () => {
    const many = [...complaints, ...day(12)];
    const dups = many.filter((c) => c.original);
    expect(dups.length / many.length).toBeGreaterThan(0.015);
    expect(dups.length / many.length).toBeLessThan(0.05);
    for (const d of dups) {
      expect(d.original!.core.submittedAt).toBeLessThan(d.core.submittedAt);
      expect(d.original!.core.category.code).toBe(d.core.category.code);
      const last = d.plan.steps[d.plan.steps.length - 1];
      expect(last.status).toBe('duplicate');
      expect(last.duplicateOf).toBe(d.original!.externalId);
    }
  });

  it('is deterministic for a seed and different for another seed', () => {
    const again = day(11);
    expect(again.map((c) => c.externalId)).toEqual(complaints.map((c) => c.externalId));
    const e1 = complaintEvent(model, complaints[5], complaints[5].plan.steps[0]);
    const e2 = complaintEvent(model, again[5], again[5].plan.steps[0]);
    expect(e2).toEqual(e1);
    const other = day(99);
    expect(other.slice(0, 20).map((c) => c.core.category.code)).not.toEqual(complaints.slice(0, 20).map((c) => c.core.category.code));
  });
});
