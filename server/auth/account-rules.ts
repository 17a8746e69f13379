// Rules for usernames, passwords and free text typed by people. Pure.
import { z } from 'zod';
import { ROLES } from './roles.ts';
import { hasLoneSurrogate } from '../ingest/validate-batch.ts';

export const PASSWORD_MIN = 12;
/** Long enough for any passphrase, short enough that hashing it cannot be used to burn CPU. */
export const PASSWORD_MAX = 256;

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,63}$/;

export function normalizeUsername(value: string): string {
  return value.trim().toLowerCase();
}

/** Why a password is refused (Indonesian and English), or an empty list. */
export function passwordProblems(password: string, username = ''): { id: string; en: string }[] {
  const problems: { id: string; en: string }[] = [];
  if ([...password].length < PASSWORD_MIN) problems.push({ id: `minimal ${PASSWORD_MIN} karakter`, en: `at least ${PASSWORD_MIN} characters` });
  if (password.length > PASSWORD_MAX) problems.push({ id: `maksimal ${PASSWORD_MAX} karakter`, en: `at most ${PASSWORD_MAX} characters` });
  if (username && password.toLowerCase().includes(normalizeUsername(username))) {
    problems.push({ id: 'tidak boleh memuat nama pengguna', en: 'must not contain the username' });
  }
  if (/^(.)\1+$/.test(password)) problems.push({ id: 'tidak boleh satu karakter berulang', en: 'must not be one repeated character' });
  if (/[\u0000-\u001f\u007f]/.test(password)) problems.push({ id: 'tidak boleh memuat karakter kendali', en: 'must not contain control characters' });
  return problems;
}

/** No control characters (NUL breaks PostgreSQL text and jsonb; the others have no place in a name). */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Free text typed by a person (labels, names, notes): trimmed, bounded, printable. */
export const plainText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !CONTROL.test(s), { message: 'tidak boleh memuat karakter kendali (must not contain control characters)' })
    .refine((s) => !hasLoneSurrogate(s), { message: 'memuat karakter yang tidak sah (must be valid Unicode)' });

export const usernameSchema = z
  .string()
  .max(64)
  .transform(normalizeUsername)
  .pipe(z.string().regex(USERNAME_PATTERN, { message: "2-64 characters: a-z, 0-9, '.', '_' or '-', starting with a letter or digit" }));

/** Any string without control characters and with valid Unicode (what PostgreSQL and jsonb accept). */
export const cleanString = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s) && !hasLoneSurrogate(s), { message: 'memuat karakter yang tidak diizinkan (contains characters that are not allowed)' });

export const passwordSchema = cleanString(PASSWORD_MAX);

export const rolesSchema = z
  .array(z.enum(ROLES))
  .min(1)
  .max(ROLES.length)
  .transform((r) => [...new Set(r)]);

export const opdCodeSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);

export const uuidSchema = z.uuid();
