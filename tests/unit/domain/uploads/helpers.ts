import fc from 'fast-check';
import { DateTime } from 'luxon';
import type { UploadScheduleInput } from '../../../../shared/upload-schedule.ts';

/** `2026-03-01 23:58` or `2026-03-01 23:59:59.999`, read as WIB. */
export function wib(local: string): Date {
  const dt = DateTime.fromISO(local.replace(' ', 'T'), { zone: 'Asia/Jakarta' });
  if (!dt.isValid) throw new Error(`bad test time ${local}`);
  return dt.toJSDate();
}

export function wibString(at: Date): string {
  return DateTime.fromJSDate(at, { zone: 'Asia/Jakarta' }).toFormat('yyyy-MM-dd HH:mm:ss.SSS');
}

const arbDueTime = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);

export const arbScheduled: fc.Arbitrary<UploadScheduleInput> = fc.oneof(
  fc.record({ kind: fc.constant('daily' as const), dueTime: arbDueTime, dueOffsetDays: fc.integer({ min: 0, max: 31 }) }),
  fc.record({
    kind: fc.constant('weekly' as const),
    weekday: fc.integer({ min: 1, max: 7 }),
    dueTime: arbDueTime,
    dueOffsetWeeks: fc.integer({ min: 0, max: 4 }),
  }),
  fc.record({
    kind: fc.constant('monthly' as const),
    dayOfMonth: fc.integer({ min: 1, max: 31 }),
    dueTime: arbDueTime,
    dueOffsetMonths: fc.integer({ min: 0, max: 3 }),
  }),
);

/** Instants from 2025 to 2029 (leap year 2028 and ISO week 53 of 2026 included). */
export const arbInstantMs = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2029, 11, 31) });
