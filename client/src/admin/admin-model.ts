// Pure rules of the /admin console: passwords made for a person, a 400 split into its fields, an
// audit entry's before/after as a list of changed fields, and the sections in the address.
import { bilingualOf, type ApiFailure } from '../screens/api-client.ts';
import type { Lang } from '../i18n/messages.ts';

export const ADMIN_SECTIONS = ['pengguna', 'audit', 'layar', 'sumber', 'monitor', 'opd', 'kategori', 'rute', 'kalender', 'dataset', 'gagal'] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

/** /admin and /admin/<section>; an unknown section falls back to the first. */
export function sectionOf(pathname: string): AdminSection {
  const second = pathname.replace(/\/+$/, '').split('/')[2] ?? '';
  return (ADMIN_SECTIONS as readonly string[]).includes(second) ? (second as AdminSection) : 'pengguna';
}

/** The address of a section, keeping `?lang=en` and adding the section's own query. */
export function sectionHref(section: AdminSection, lang: Lang, query: Record<string, string | null | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
  if (lang === 'en') params.set('lang', 'en');
  const qs = params.toString();
  return `/admin/${section}${qs ? `?${qs}` : ''}`;
}

// No 0/O, 1/l/I: the password is read out or copied by hand to the person.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password of 16 characters (about 93 bits), grouped by 4 for reading aloud. */
export function generatePassword(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const out: string[] = [];
  // Rejection sampling: no character more likely than another.
  const limit = 256 - (256 % ALPHABET.length);
  while (out.length < 16) {
    for (const b of random(new Uint8Array(32))) {
      if (b < limit && out.length < 16) out.push(ALPHABET[b % ALPHABET.length]!);
    }
  }
  return [0, 4, 8, 12].map((i) => out.slice(i, i + 4).join('')).join('-');
}

/** A 400's bad fields by name (`errors: [{ field, message }]`), in the page's language. */
export function fieldErrorsOf(failure: Pick<ApiFailure, 'kind' | 'payload'> | null, lang: Lang): Record<string, string> {
  if (!failure || failure.kind !== 'invalid') return {};
  const errors = (failure.payload as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return {};
  const byField: Record<string, string> = {};
  for (const e of errors as { field?: unknown; message?: unknown }[]) {
    const field = typeof e?.field === 'string' && e.field ? e.field : '_';
    const text = bilingualOf(e?.message)?.[lang] ?? '';
    byField[field] = byField[field] ? `${byField[field]}; ${text}` : text;
  }
  return byField;
}

/** Is this failure the refusal to remove the last active administrator? */
export function isLastAdmin(failure: Pick<ApiFailure, 'kind' | 'payload'>): boolean {
  return failure.kind === 'conflict' && (failure.payload as { error?: unknown } | null)?.error === 'last_admin';
}

export interface FieldChange {
  field: string;
  before: string;
  after: string;
  changed: boolean;
}

/** A value as a person reads it in one cell: text as is, lists joined, objects as compact JSON. */
export function shownValue(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) return value.map((v) => shownValue(v)).join(', ');
  return JSON.stringify(value);
}

/**
 * The fields of an audit entry's before and after, changed ones first (in field order), then the
 * unchanged ones. A created thing has no before; a removed one no after.
 */
export function auditDiff(before: unknown, after: unknown): FieldChange[] {
  const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : v === null || v === undefined ? {} : { value: v });
  const b = asRecord(before);
  const a = asRecord(after);
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const rows = fields.map((field) => {
    const bv = shownValue(b[field]);
    const av = shownValue(a[field]);
    return { field, before: bv, after: av, changed: bv !== av };
  });
  return [...rows.filter((r) => r.changed), ...rows.filter((r) => !r.changed)];
}

/** A date-time in WIB, short: "7 Des 2026 20.41". */
export function wibTime(iso: string | null, lang: Lang): string {
  if (!iso) return '';
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { timeZone: 'Asia/Jakarta', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}
