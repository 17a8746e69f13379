// Rules and request shapes of the admin API. Pure: no I/O.
import { z } from 'zod';
import { cleanString, opdCodeSchema, passwordSchema, plainText, rolesSchema, usernameSchema } from '../auth/account-rules.ts';
import type { Role } from '../auth/roles.ts';

/** Max ingest requests per minute an admin may give one key. */
export const MAX_RATE_LIMIT_PER_MINUTE = 1_000_000;
/** Longest overlap of an old and a new key during a rotation. */
export const MAX_ROTATION_GRACE_SECONDS = 7 * 24 * 3600;

const rateLimit = z.number().int().min(1).max(MAX_RATE_LIMIT_PER_MINUTE);

export const newUserBody = z
  .object({
    username: usernameSchema,
    displayName: plainText(200).optional(),
    password: passwordSchema,
    roles: rolesSchema,
    opd: opdCodeSchema.nullable().optional(),
  })
  .strict();

export const userChangesBody = z
  .object({
    displayName: plainText(200).nullable().optional(),
    roles: rolesSchema.optional(),
    opd: opdCodeSchema.nullable().optional(),
    active: z.boolean().optional(),
    password: passwordSchema.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'tidak ada yang diubah (nothing to change)' });

export const newDisplayTokenBody = z
  .object({
    label: plainText(100),
    /** Binds the token to one screen: it pairs that screen only, and is never used directly. */
    screenName: plainText(100).nullable().optional(),
  })
  .strict();

export const sourceCodeSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, { message: "2-64 karakter: a-z, 0-9, '.', '_' atau '-' (2-64 characters: a-z, 0-9, '.', '_' or '-')" });

export const newSourceBody = z.object({ code: sourceCodeSchema, name: plainText(200) }).strict();

export const newKeyBody = z
  .object({
    label: plainText(100).nullable().optional(),
    rateLimitPerMinute: rateLimit.nullable().optional(),
  })
  .strict();

export const rotateKeyBody = z
  .object({
    /** How long the old key keeps working, so the sender can switch without losing data. */
    graceSeconds: z.number().int().min(0).max(MAX_ROTATION_GRACE_SECONDS).optional(),
    label: plainText(100).nullable().optional(),
  })
  .strict();

export const keyChangesBody = z
  .object({
    label: plainText(100).nullable().optional(),
    rateLimitPerMinute: rateLimit.nullable().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'tidak ada yang diubah (nothing to change)' });

/** Action endpoints (revoke) take no fields: no body or `{}`. */
export const emptyBody = z.object({}).strict();

const instantOrDate = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);
const WIB = '+07:00';

export const auditQuery = z
  .object({
    actor: cleanString(200).optional(),
    action: z
      .string()
      .regex(/^[a-z_]+(\.[a-z_]*)?\*?$/)
      .max(64)
      .optional(),
    from: instantOrDate.optional(),
    to: instantOrDate.optional(),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict()
  .transform((q) => ({
    ...q,
    from: q.from ? new Date(q.from.length === 10 ? `${q.from}T00:00:00${WIB}` : q.from) : undefined,
    // A date as `to` includes that whole day (WIB).
    to: q.to ? (q.to.length === 10 ? new Date(Date.parse(`${q.to}T00:00:00${WIB}`) + 86_400_000) : new Date(q.to)) : undefined,
  }));

/** Would this change leave nobody able to administer Pantau? */
export function removesLastAdmin(
  activeAdmins: number,
  target: { active: boolean; roles: readonly string[] },
  changes: { active?: boolean; roles?: readonly Role[] },
): boolean {
  const isAdminNow = target.active && target.roles.includes('admin');
  if (!isAdminNow) return false;
  const staysActive = changes.active ?? target.active;
  const staysAdmin = (changes.roles ?? target.roles).includes('admin');
  return !(staysActive && staysAdmin) && activeAdmins <= 1;
}

/** Changes that must end the user's sessions (they change what the person may do). */
export function endsSessions(changes: { active?: boolean; roles?: readonly Role[]; opd?: string | null; password?: string }): boolean {
  return changes.active === false || changes.roles !== undefined || changes.opd !== undefined || changes.password !== undefined;
}
