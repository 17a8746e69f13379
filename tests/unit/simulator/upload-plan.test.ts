import { describe, expect, it } from 'vitest';
import { uploadEventSchema } from '../../../shared/events.ts';
import { duePeriods } from '../../../server/domain/uploads/index.ts';
import { loadCityReference } from '../../../server/simulator/reference-data.ts';
import {
  createUploadModel,
  periodsWithDeadlineIn,
  planPeriodUploads,
  uploadEvent,
  uploadsBetween,
  type PlannedUpload,
} from '../../../server/simulator/upload-plan.ts';
import { DAY, HOUR, MINUTE, wibAt, wibParts } from '../../../server/simulator/wib-time.ts';

const ref = loadCityReference();

describe('planned uploads', () => {
  const model = createUploadModel(ref, 5);
  const from = wibAt('2026-09-01', '00:00');
  const to = wibAt('2026-11-20', '00:00');

  function allPlans(): { opd: string; uploads: PlannedUpload[]; deadline: number }[] {
    const out: { opd: string; uploads: PlannedUpload[]; deadline: number }[] = [];
    for (const d of ref.datasets) {
      for (const p of periodsWithDeadlineIn(d.schedule, from, to)) out.push({ opd: d.opd, uploads: planPeriodUploads(model, d, p), deadline: p.deadlineMs });
    }
    return out;
  }
  const plans = allPlans();

  it("use the server's due periods and deadlines (server/domain/uploads), so the labels match its verdicts", () => {
    for (const d of ref.datasets) {
      const ours = periodsWithDeadlineIn(d.schedule, from, to).map((p) => [p.period, p.deadlineMs]);
      expect(ours).toEqual(duePeriods(d.schedule, from, to).map((p) => [p.period, p.deadline.getTime()]));
    }
  });

  it('give every OPD a habit, with the story OPD fixed', () => {
    expect(model.habits.get('DISDUKCAPIL')).toBe('tepat');
    expect(model.habits.get('PERKIMCIKATARU')).toBe('bolong');
    expect(model.habits.get('SDABMBK')).toBe('terlambat');
    expect(model.habits.get('DLH')).toBe('malam');
    for (const d of ref.datasets) expect(model.habits.has(d.opd)).toBe(true);
  });

  it('are on time or late as labelled, cover the period and pass the schema', () => {
    for (const { uploads, deadline } of plans) {
      for (const u of uploads) {
        if (u.attempt === 1) {
          if (u.outcome === 'on_time') expect(u.at).toBeLessThanOrEqual(deadline);
          else expect(u.at).toBeGreaterThan(deadline);
        }
        expect(u.at).toBeGreaterThan(wibAt(u.period.start, '00:00'));
        const parsed = uploadEventSchema.safeParse(uploadEvent(u, 'simulator'));
        expect(parsed.success).toBe(true);
      }
    }
  });

  it('follow each habit: punctual mostly on time, habitually late mostly late, some often missing', () => {
    const share = (opd: string) => {
      const mine = plans.filter((p) => p.opd === opd);
      const missing = mine.filter((p) => p.uploads.length === 0).length / mine.length;
      const late = mine.filter((p) => p.uploads[0]?.outcome === 'late').length / mine.length;
      return { missing, late, n: mine.length };
    };
    const punctual = share('DISDUKCAPIL');
    const late = share('SDABMBK');
    const missing = share('PERKIMCIKATARU');
    expect(punctual.late + punctual.missing).toBeLessThan(0.2);
    expect(late.late).toBeGreaterThan(0.45);
    expect(missing.missing).toBeGreaterThan(0.25);
  });

  it('night uploaders send just before a 23:59 deadline', () => {
    const dlh = plans.filter((p) => p.opd === 'DLH' && wibParts(p.deadline).hour === 23);
    const onTime = dlh.flatMap((p) => p.uploads.filter((u) => u.attempt === 1 && u.outcome === 'on_time').map((u) => ({ u, deadline: p.deadline })));
    expect(onTime.length).toBeGreaterThan(30);
    // Within 90 minutes of 23:59:00, the due time as written (the deadline itself is 23:59:59.999).
    for (const { u, deadline } of onTime) expect(deadline - (MINUTE - 1) - u.at).toBeLessThanOrEqual(90 * MINUTE + 1000);
  });

  it('replay identically and include uploads made before a backfill window for periods due in it', () => {
    const windowStart = wibAt('2026-11-10', '12:00');
    const a = uploadsBetween(model, windowStart, windowStart + 5 * DAY, { deadlineFrom: windowStart });
    const b = uploadsBetween(model, windowStart, windowStart + 5 * DAY, { deadlineFrom: windowStart });
    expect(b).toEqual(a);
    const carried = a.filter((u) => u.at < windowStart);
    expect(carried.length).toBeGreaterThan(0);
    for (const u of carried) expect(u.deadline).toBeGreaterThanOrEqual(windowStart);
    // Splitting the window into hours gives the same uploads.
    const pieces: PlannedUpload[] = [];
    for (let t = windowStart; t < windowStart + 5 * DAY; t += HOUR) pieces.push(...uploadsBetween(model, t, t + HOUR));
    expect(pieces.map((u) => u.externalId)).toEqual(a.filter((u) => u.at >= windowStart).map((u) => u.externalId));
  });

  it('makes a few ad-hoc uploads a week', () => {
    const adhoc = uploadsBetween(model, from, from + 28 * DAY).filter((u) => u.outcome === 'adhoc');
    expect(adhoc.length).toBeGreaterThan(1);
    expect(adhoc.length).toBeLessThan(25);
  });
});
