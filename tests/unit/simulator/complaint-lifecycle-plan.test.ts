import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LEGAL_NEXT_STATUS,
  MAX_PLAN_DAYS,
  planLifecycle,
  type LifecyclePlan,
} from '../../../server/simulator/complaint-lifecycle-plan.ts';
import { loadCityReference, type CategoryRef } from '../../../server/simulator/reference-data.ts';
import { Rng } from '../../../server/simulator/rng.ts';
import { DAY, HOUR, MINUTE, wibAt, wibParts } from '../../../server/simulator/wib-time.ts';
import { WORKING_DAY_MS } from '../../../server/simulator/working-time.ts';
import { createDefaultWorkingCalendar } from '../../../server/domain/calendar/official-non-working-days.ts';

const ref = loadCityReference();
const calendar = createDefaultWorkingCalendar();
const opdName = (code: string) => ref.opd.find((o) => o.code === code)?.name ?? code;
const category = (code: string) => ref.categories.find((c) => c.code === code) as CategoryRef;
const base = wibAt('2026-11-02', '00:00');

function plan(seed: number, cat: CategoryRef, submittedAt: number, duplicateOf: string | null = null): LifecyclePlan {
  return planLifecycle(Rng.of(seed, 'alur'), { submittedAt, category: cat, duplicateOf, opdName }, calendar);
}

function assertLegal(p: LifecyclePlan, cat: CategoryRef): void {
  const steps = p.steps;
  expect(steps[0].status).toBe('received');
  for (let i = 1; i < steps.length; i++) {
    const prev = steps[i - 1];
    const next = steps[i];
    expect(next.at - prev.at).toBeGreaterThanOrEqual(MINUTE);
    expect(next.at % 1000).toBe(0);
    expect(LEGAL_NEXT_STATUS[prev.status]).toContain(next.status);
    if (next.status === 'dispatched') expect(next.opd).toBeTruthy();
    if (next.status === 'dispatched' && prev.status === 'dispatched') {
      expect(next.opd).not.toBe(prev.opd);
      expect(next.note).toMatch(/Dialihkan/);
      expect(next.actor).toBeTruthy();
    }
  }
  const last = steps[steps.length - 1];
  expect(['closed', 'rejected', 'duplicate']).toContain(last.status);
  if (cat.external && last.status === 'rejected') expect(last.opd).toBe(cat.external);
  // The final OPD is always the category's owner (external bodies aside).
  const lastDispatch = [...steps].reverse().find((s) => s.status === 'dispatched');
  if (lastDispatch) expect(lastDispatch.opd).toBe(cat.opd);
}

describe('complaint lifecycle plans', () => {
  it('are ordered in time and only make legal transitions (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.constantFrom(...ref.categories),
        fc.integer({ min: 0, max: 60 * 24 * 60 }),
        fc.boolean(),
        (seed, cat, minutes, dup) => {
          const p = plan(seed, cat, base + minutes * MINUTE, dup && !cat.external ? 'MRK-20261101-0800-01' : null);
          assertLegal(p, cat);
        },
      ),
      { numRuns: 600 },
    );
  });

  it('sends external categories to the external body as rejected', () => {
    for (const code of ['listrik', 'air-bersih', 'jalan-nasional']) {
      const p = plan(3, category(code), base + 10 * HOUR);
      expect(p.steps.map((s) => s.status)).toEqual(['received', 'rejected']);
      expect(p.steps[1].opd).toBe(category(code).external);
      expect(p.steps[1].note).toMatch(/Bukan kewenangan/);
    }
  });

  it('handles fires and disasters within hours, around the clock', () => {
    for (let seed = 0; seed < 200; seed++) {
      const submittedAt = wibAt('2026-11-22', '02:30'); // a Sunday night
      const p = plan(seed, category(seed % 2 ? 'kebakaran' : 'bencana'), submittedAt);
      const resolved = p.steps.find((s) => s.status === 'resolved')!;
      const started = p.steps.find((s) => s.status === 'in_progress')!;
      expect(started.at - submittedAt).toBeLessThan(2 * HOUR);
      expect(resolved.at - submittedAt).toBeLessThan(24 * HOUR);
    }
  });

  it('misroutes about 9% of routable complaints, and re-routes them with a reason', () => {
    let misrouted = 0;
    let total = 0;
    for (let seed = 0; seed < 3000; seed++) {
      const p = plan(seed, category('drainase'), base + (seed % 500) * 37 * MINUTE);
      if (!p.steps.some((s) => s.status === 'dispatched')) continue;
      total++;
      if (p.misroutedTo) {
        misrouted++;
        const dispatches = p.steps.filter((s) => s.status === 'dispatched');
        expect(dispatches).toHaveLength(2);
        expect(dispatches[0].opd).toBe(p.misroutedTo);
        expect(dispatches[1].opd).toBe('SDABMBK');
      }
    }
    expect(misrouted / total).toBeGreaterThan(0.06);
    expect(misrouted / total).toBeLessThan(0.12);
  });

  it('dispatches most complaints within 3 working days and makes slow OPD slower than fast ones', () => {
    const responseDays = (code: string) => {
      const values: number[] = [];
      let late = 0;
      for (let seed = 0; seed < 1500; seed++) {
        const submittedAt = base + (seed % 300) * 47 * MINUTE;
        const p = plan(seed, category(code), submittedAt);
        const dispatched = p.steps.filter((s) => s.status === 'dispatched').pop();
        const started = p.steps.find((s) => s.status === 'in_progress');
        if (!dispatched || !started) continue;
        if (dispatched.at - submittedAt > 5 * DAY) late++;
        values.push((started.at - dispatched.at) / WORKING_DAY_MS);
      }
      values.sort((a, b) => a - b);
      return { median: values[Math.floor(values.length / 2)], lateShare: late / values.length };
    };
    const roads = responseDays('jalan-rusak'); // SDABMBK: slow
    const idCards = responseDays('adminduk'); // DISDUKCAPIL: fast
    expect(roads.median).toBeGreaterThan(2 * idCards.median);
    expect(roads.lateShare).toBeLessThan(0.2);
  });

  it('reopens a few complaints and finishes each plan within the carry-over horizon', () => {
    let reopened = 0;
    for (let seed = 0; seed < 2000; seed++) {
      const p = plan(seed, category(seed % 3 ? 'jalan-rusak' : 'sampah'), base + seed * 13 * MINUTE);
      if (p.steps.some((s) => s.status === 'reopened')) reopened++;
      expect(p.steps[p.steps.length - 1].at - p.steps[0].at).toBeLessThanOrEqual(MAX_PLAN_DAYS * DAY);
    }
    expect(reopened).toBeGreaterThan(20);
    expect(reopened).toBeLessThan(200);
  });

  it('lets OPD steps happen in office hours (with a little slack) on working days', () => {
    let outside = 0;
    let n = 0;
    for (let seed = 0; seed < 500; seed++) {
      const p = plan(seed, category('sampah'), base + seed * 29 * MINUTE);
      for (const s of p.steps.filter((x) => x.status === 'in_progress' || x.status === 'resolved')) {
        const w = wibParts(s.at);
        n++;
        if (w.weekday >= 6 || w.hour < 8 || w.hour >= 19) outside++;
      }
    }
    expect(outside / n).toBeLessThan(0.03);
  });
});
