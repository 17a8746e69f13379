// Request shapes of the configuration admin API (OPD, routing rules, datasets). Pure: no I/O.
// Rules that need the reference data (does this OPD exist?) are in the routes, and come back in
// the same 400 as these (parseWithRulesOr400), so a person fixes the form once.
import { z } from 'zod';
import { inputHints } from '../../shared/events.ts';
import { uploadScheduleSchema } from '../../shared/upload-schedule.ts';
import { plainText } from '../auth/account-rules.ts';

export const opdCode = z
  .string()
  .min(1, { abort: true })
  .max(32)
  .regex(/^[A-Z0-9][A-Z0-9._-]*$/)
  .register(inputHints, {
    expects: {
      id: 'huruf besar, angka, titik, garis bawah atau tanda hubung (mis. "DISKOMINFO"), diawali huruf atau angka',
      en: 'capital letters, digits, dots, underscores or hyphens (e.g. "DISKOMINFO"), starting with a letter or digit',
    },
  });

const lowerCode = z
  .string()
  .min(1, { abort: true })
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/)
  .register(inputHints, {
    expects: {
      id: 'huruf kecil, angka, titik, garis bawah atau tanda hubung (mis. "rekap-harian"), diawali huruf atau angka',
      en: 'lowercase letters, digits, dots, underscores or hyphens (e.g. "daily-summary"), starting with a letter or digit',
    },
  });

const opdKind = z
  .string()
  .min(1, { abort: true })
  .max(32)
  .regex(/^[a-z][a-z_-]*$/)
  .register(inputHints, { expects: { id: 'jenis dengan huruf kecil, mis. "dinas", "badan", "lain"', en: 'a kind in lowercase, e.g. "dinas", "badan", "lain"' } });

export const newOpdBody = z
  .object({
    code: opdCode,
    name: plainText(200),
    shortName: plainText(40).nullable().optional(),
    kind: opdKind,
    external: z.boolean().optional(),
    parent: opdCode.nullable().optional(),
  })
  .strict();

export const opdChangesBody = z
  .object({
    name: plainText(200).optional(),
    shortName: plainText(40).nullable().optional(),
    kind: opdKind.optional(),
    parent: opdCode.nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict();

const keyword = plainText(60);

export const routingRuleBody = z
  .object({
    category: lowerCode,
    targetKind: z.enum(['opd', 'external']),
    targetCode: opdCode,
    kecamatan: z.string().trim().max(64).nullable().optional(),
    keywords: z.array(keyword).max(30).optional(),
    priority: z.number().int().min(-1000).max(1000).optional(),
  })
  .strict();

export const routingReorderBody = z
  .object({
    category: lowerCode,
    ids: z.array(z.string().min(1).max(100)).min(1).max(500),
  })
  .strict();

export const routingTryBody = z
  .object({
    category: lowerCode,
    kecamatan: z.string().trim().max(64).nullable().optional(),
    title: z.string().max(500).nullable().optional(),
    text: z.string().max(5000).nullable().optional(),
    draft: routingRuleBody.extend({ id: z.string().max(100).nullable().optional() }).nullable().optional(),
  })
  .strict();

export const newDatasetBody = z
  .object({
    opd: opdCode,
    code: lowerCode,
    name: plainText(200),
    schedule: uploadScheduleSchema,
  })
  .strict();

export const datasetChangesBody = z
  .object({
    name: plainText(200).optional(),
    schedule: uploadScheduleSchema.optional(),
    active: z.boolean().optional(),
  })
  .strict();

export const datasetPreviewBody = z
  .object({
    schedule: uploadScheduleSchema,
    datasetId: z.uuid().nullable().optional(),
    count: z.number().int().min(1).max(12).optional(),
  })
  .strict();

/** A value as routing rules store it: the keywords trimmed, empty and repeated ones dropped. */
export function cleanKeywords(list: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const k of list ?? []) if (k.trim() && !out.some((o) => o.toLowerCase() === k.trim().toLowerCase())) out.push(k.trim());
  return out;
}
