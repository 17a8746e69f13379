import { z } from 'zod';
import { inputHints } from './events.ts';

// Worded by the error map from its hint (Indonesian or English), like the ingest fields.
const hhmm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
  .register(inputHints, { expects: { id: 'jam harus berbentuk JJ:MM (WIB), mis. 23:59', en: 'time must be HH:mm (WIB), e.g. 23:59' } });

/**
 * When an OPD dataset is due. Times are local (WIB).
 * - daily: the period is one local date D; due on D + dueOffsetDays at dueTime.
 * - weekly: the period is an ISO week (Mon-Sun); due on ISO `weekday` (1 = Monday) of that week
 *   + dueOffsetWeeks, at dueTime.
 * - monthly: the period is a calendar month M; due on `dayOfMonth` of M + dueOffsetMonths
 *   (default 1: next month) at dueTime; a day past the end of a short month means its last day.
 * - adhoc: uploaded when there is something to upload; never late, never missing.
 */
export const uploadScheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('daily'), dueTime: hhmm, dueOffsetDays: z.number().int().min(0).max(31).default(0) }),
  z.object({
    kind: z.literal('weekly'),
    weekday: z.number().int().min(1).max(7),
    dueTime: hhmm,
    dueOffsetWeeks: z.number().int().min(0).max(4).default(0),
  }),
  z.object({
    kind: z.literal('monthly'),
    dayOfMonth: z.number().int().min(1).max(31),
    dueTime: hhmm,
    dueOffsetMonths: z.number().int().min(0).max(3).default(1),
  }),
  z.object({ kind: z.literal('adhoc') }),
]);

export type UploadSchedule = z.output<typeof uploadScheduleSchema>;
export type UploadScheduleInput = z.input<typeof uploadScheduleSchema>;
