// Requests of the deadline-rule admin API (categories with their SLA targets, the holiday
// calendar) and the pure rules around them: what a category row becomes, how an imported year's
// list is read and how it differs from what is stored. No I/O.
import { z } from 'zod';
import { CATEGORY_GROUPS } from '../../shared/domain-constants.ts';
import { inputHints } from '../../shared/events.ts';
import {
  CALENDAR_DAY_KINDS,
  type CalendarDayKind,
  type CalendarDayView,
  type CalendarImportDiff,
  type CategoryView,
} from '../../shared/admin-rules-api.ts';
import { isLocalDate } from '../../shared/calendar-date.ts';
import { plainText } from '../auth/account-rules.ts';
import type { CategorySla } from '../../db/schema.ts';
import type { FieldProblem } from '../http/json-body.ts';

/** Longest SLA target in working days (three months); longer is a typo, not a target. */
export const MAX_WORKING_DAYS = 60;
/** Longest emergency target in hours around the clock (a month). */
export const MAX_EMERGENCY_HOURS = 720;

export const categoryCodeSchema = z
  .string()
  .max(40)
  .regex(/^[a-z0-9][a-z0-9-]{1,39}$/)
  .register(inputHints, {
    expects: {
      id: '2-40 karakter: huruf kecil, angka atau tanda hubung, mis. "jalan-rusak"',
      en: '2-40 characters: lower-case letters, digits or hyphens, e.g. "jalan-rusak"',
    },
  });

const workingDays = z.number().int().min(1).max(MAX_WORKING_DAYS);
const hours = z.number().int().min(1).max(MAX_EMERGENCY_HOURS);

const categoryFields = {
  name: plainText(120),
  nameEn: plainText(120).nullable().optional(),
  group: z.enum(CATEGORY_GROUPS),
  opd: z.string().max(64).nullable().optional(),
  emergency: z.boolean(),
  dispatchWorkingDays: workingDays,
  firstResponseWorkingDays: workingDays,
  resolutionWorkingDays: workingDays,
  firstResponseHours: hours.nullable().optional(),
  resolutionHours: hours.nullable().optional(),
};

export const newCategoryBody = z.object({ code: categoryCodeSchema, ...categoryFields }).strict();
export const categoryChangesBody = z
  .object(Object.fromEntries(Object.entries(categoryFields).map(([k, v]) => [k, v.optional()])) as { [K in keyof typeof categoryFields]: z.ZodOptional<(typeof categoryFields)[K]> })
  .strict();

export type NewCategory = z.output<typeof newCategoryBody>;
export type CategoryChanges = z.output<typeof categoryChangesBody>;

/** A stored category as the API shows it. */
export interface CategoryRecord {
  code: string;
  name: string;
  nameEn: string | null;
  group: string;
  opdCode: string | null;
  externalCode: string | null;
  emergency: boolean;
  sla: CategorySla;
}

export function categoryView(c: CategoryRecord, openComplaints: number): CategoryView {
  return {
    code: c.code,
    name: c.name,
    nameEn: c.nameEn,
    group: c.group,
    opd: c.opdCode,
    external: c.externalCode,
    emergency: c.emergency,
    dispatchWorkingDays: c.sla.dispatchWorkingDays,
    firstResponseWorkingDays: c.sla.firstResponseWorkingDays,
    resolutionWorkingDays: c.sla.resolutionWorkingDays,
    firstResponseHours: c.sla.emergency?.firstResponseHours ?? null,
    resolutionHours: c.sla.emergency?.resolutionHours ?? null,
    openComplaints,
  };
}

/** The stored category after `changes` (a new one: `before` null). */
export function mergeCategory(before: CategoryRecord | null, changes: CategoryChanges & { code?: string }): CategoryRecord {
  const base: CategoryRecord = before ?? {
    code: changes.code ?? '',
    name: '',
    nameEn: null,
    group: 'layanan',
    opdCode: null,
    externalCode: null,
    emergency: false,
    sla: { dispatchWorkingDays: 3, firstResponseWorkingDays: 5, resolutionWorkingDays: 10 },
  };
  const emergency = changes.emergency ?? base.emergency;
  const firstResponseHours = changes.firstResponseHours ?? base.sla.emergency?.firstResponseHours ?? null;
  const resolutionHours = changes.resolutionHours ?? base.sla.emergency?.resolutionHours ?? null;
  const sla: CategorySla = {
    dispatchWorkingDays: changes.dispatchWorkingDays ?? base.sla.dispatchWorkingDays,
    firstResponseWorkingDays: changes.firstResponseWorkingDays ?? base.sla.firstResponseWorkingDays,
    resolutionWorkingDays: changes.resolutionWorkingDays ?? base.sla.resolutionWorkingDays,
    ...(emergency && firstResponseHours !== null && resolutionHours !== null ? { emergency: { firstResponseHours, resolutionHours } } : {}),
  };
  return {
    ...base,
    name: changes.name ?? base.name,
    nameEn: changes.nameEn !== undefined ? changes.nameEn : base.nameEn,
    group: changes.group ?? base.group,
    opdCode: changes.opd !== undefined ? (changes.opd ?? null) : base.opdCode,
    emergency,
    sla,
  };
}

/**
 * Rules that look at the whole category: the targets in order, an emergency category with its
 * hours, a known OPD. Every problem at once, each on its field.
 */
export function categoryProblems(merged: CategoryRecord, raw: Record<string, unknown>, knownOpd: (code: string) => boolean): FieldProblem[] {
  const out: FieldProblem[] = [];
  const num = (k: string) => (typeof raw[k] === 'number' ? (raw[k] as number) : null);
  const resolution = num('resolutionWorkingDays') ?? merged.sla.resolutionWorkingDays;
  const response = num('firstResponseWorkingDays') ?? merged.sla.firstResponseWorkingDays;
  if (response > resolution) {
    out.push({
      field: 'resolutionWorkingDays',
      message: { id: 'tidak boleh lebih pendek dari batas tanggapan pertama', en: 'must not be shorter than the first-response target' },
    });
  }
  if (merged.emergency === true) {
    const fr = num('firstResponseHours') ?? merged.sla.emergency?.firstResponseHours ?? null;
    const rs = num('resolutionHours') ?? merged.sla.emergency?.resolutionHours ?? null;
    if (fr === null) out.push({ field: 'firstResponseHours', message: { id: 'wajib diisi untuk kategori darurat', en: 'required for an emergency category' } });
    if (rs === null) out.push({ field: 'resolutionHours', message: { id: 'wajib diisi untuk kategori darurat', en: 'required for an emergency category' } });
    if (fr !== null && rs !== null && fr > rs) {
      out.push({ field: 'resolutionHours', message: { id: 'tidak boleh lebih pendek dari batas tanggapan pertama', en: 'must not be shorter than the first-response target' } });
    }
  }
  if (merged.opdCode && !knownOpd(merged.opdCode)) out.push({ field: 'opd', message: { id: 'OPD tidak dikenal', en: 'unknown OPD' } });
  return out;
}

/** "SLA Jalan rusak: penyelesaian 10 -> 7 hari kerja" for rule_versions.summary. */
export function slaSummary(before: CategoryRecord | null, after: CategoryRecord): string {
  if (!before) return `Kategori baru ${after.name} (${after.code}): ${slaWords(after.sla)}`;
  const changes: string[] = [];
  const d = (label: string, a: number | undefined, b: number | undefined, unit: string) => {
    if (a !== b) changes.push(`${label} ${a ?? '-'} -> ${b ?? '-'} ${unit}`);
  };
  d('penugasan', before.sla.dispatchWorkingDays, after.sla.dispatchWorkingDays, 'hari kerja');
  d('tanggapan pertama', before.sla.firstResponseWorkingDays, after.sla.firstResponseWorkingDays, 'hari kerja');
  d('penyelesaian', before.sla.resolutionWorkingDays, after.sla.resolutionWorkingDays, 'hari kerja');
  d('tanggapan darurat', before.sla.emergency?.firstResponseHours, after.sla.emergency?.firstResponseHours, 'jam');
  d('penyelesaian darurat', before.sla.emergency?.resolutionHours, after.sla.emergency?.resolutionHours, 'jam');
  return `SLA ${after.name}: ${changes.join('; ') || 'nama atau OPD saja'}`;
}

function slaWords(s: CategorySla): string {
  return s.emergency
    ? `tanggapan ${s.emergency.firstResponseHours} jam, penyelesaian ${s.emergency.resolutionHours} jam (24 jam sehari)`
    : `penugasan ${s.dispatchWorkingDays}, tanggapan ${s.firstResponseWorkingDays}, penyelesaian ${s.resolutionWorkingDays} hari kerja`;
}

// ---------------------------------------------------------------- calendar

export const calendarDateSchema = z.iso.date();
export const calendarYearSchema = z.coerce.number().int().min(2000).max(2100);
export const calendarDayBody = z.object({ kind: z.enum(CALENDAR_DAY_KINDS), name: plainText(200) }).strict();
/** Largest import: a year's file is a few kilobytes. */
export const MAX_IMPORT_CHARS = 12_000;
export const calendarImportBody = z.object({ format: z.enum(['json', 'csv']), content: z.string().min(1).max(MAX_IMPORT_CHARS) }).strict();
/** `?dryRun=1` (or true): check and count, store nothing. */
export const isDryRun = (q: unknown) => ['1', 'true'].includes(String((q as Record<string, unknown> | undefined)?.dryRun ?? ''));

export interface ImportedYear {
  year: number;
  days: { date: string; kind: CalendarDayKind; name: string }[];
  /** The kinds the file speaks for: days of these kinds it does not list are taken off. */
  kinds: CalendarDayKind[];
}

const officialFileSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    national_holidays: z.array(z.object({ date: calendarDateSchema, name: plainText(200) }).loose()).max(60),
    cuti_bersama: z.array(z.object({ date: calendarDateSchema, name: plainText(200) }).loose()).max(60).optional(),
    closures: z.array(z.object({ date: calendarDateSchema, name: plainText(200) }).loose()).max(60).optional(),
  })
  .loose();

const KIND_ALIASES: Record<string, CalendarDayKind> = {
  national: 'national',
  nasional: 'national',
  libur_nasional: 'national',
  cuti_bersama: 'cuti_bersama',
  cuti: 'cuti_bersama',
  closure: 'closure',
  penutupan: 'closure',
  libur_lokal: 'closure',
};

/**
 * A year's official list, as the JSON file of shared/reference/holidays-id-<year>.json or as CSV
 * with a header `date,kind,name` (`;` works too; kind: national, cuti_bersama, closure). Every
 * problem at once, as `content` problems naming the line or entry.
 */
export function parseCalendarImport(format: 'json' | 'csv', content: string): { ok: true; value: ImportedYear } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const bad = (id: string, en: string) => problems.push({ field: 'content', message: { id, en } });
  let year: number | null = null;
  const days: ImportedYear['days'] = [];
  const kinds = new Set<CalendarDayKind>(['national', 'cuti_bersama']);
  if (format === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(content.replace(/^\uFEFF/, ''));
    } catch {
      bad('bukan JSON yang sah', 'is not valid JSON');
      return { ok: false, problems };
    }
    const file = officialFileSchema.safeParse(parsed);
    if (!file.success) {
      for (const i of file.error.issues.slice(0, 10)) {
        const where = i.path.join('.') || '(berkas)';
        bad(`${where}: ${i.code === 'invalid_type' && i.input === undefined ? 'wajib ada' : 'isinya tidak sesuai'}`, `${where}: ${i.code === 'invalid_type' && i.input === undefined ? 'missing' : 'not in the expected form'}`);
      }
      return { ok: false, problems };
    }
    year = file.data.year;
    for (const d of file.data.national_holidays) days.push({ date: d.date, kind: 'national', name: d.name });
    for (const d of file.data.cuti_bersama ?? []) days.push({ date: d.date, kind: 'cuti_bersama', name: d.name });
    if (file.data.closures) kinds.add('closure');
    for (const d of file.data.closures ?? []) days.push({ date: d.date, kind: 'closure', name: d.name });
  } else {
    const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
    const sep = (lines[0] ?? '').includes(';') ? ';' : ',';
    const header = splitCsvLine(lines[0] ?? '', sep).map((h) => h.trim().toLowerCase());
    const col = (names: string[]) => header.findIndex((h) => names.includes(h));
    const [iDate, iKind, iName] = [col(['date', 'tanggal']), col(['kind', 'jenis']), col(['name', 'nama', 'keterangan'])];
    if (iDate < 0 || iKind < 0 || iName < 0) {
      bad('baris pertama harus berisi judul kolom: date,kind,name', 'the first line must name the columns: date,kind,name');
      return { ok: false, problems };
    }
    lines.slice(1).forEach((line, i) => {
      if (!line.trim()) return;
      const cells = splitCsvLine(line, sep).map((c) => c.trim());
      const n = i + 2;
      const date = cells[iDate] ?? '';
      const kind = KIND_ALIASES[(cells[iKind] ?? '').toLowerCase().replace(/[\s-]+/g, '_')];
      const name = cells[iName] ?? '';
      if (!isLocalDate(date)) bad(`baris ${n}: tanggal "${date}" harus TTTT-BB-HH`, `line ${n}: date "${date}" must be YYYY-MM-DD`);
      if (!kind) bad(`baris ${n}: jenis harus national, cuti_bersama atau closure`, `line ${n}: kind must be national, cuti_bersama or closure`);
      if (!name) bad(`baris ${n}: nama wajib diisi`, `line ${n}: the name is required`);
      if (isLocalDate(date) && kind && name) {
        days.push({ date, kind, name: name.slice(0, 200) });
        kinds.add(kind);
      }
    });
    // The year most of the lines are in: a stray line of another year is the one named.
    const counts = new Map<number, number>();
    for (const d of days) counts.set(Number(d.date.slice(0, 4)), (counts.get(Number(d.date.slice(0, 4))) ?? 0) + 1);
    year = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? null;
    if (year === null && !problems.length) bad('tidak ada satu hari pun', 'lists no day at all');
  }
  if (year !== null) {
    for (const d of days) {
      if (Number(d.date.slice(0, 4)) !== year) bad(`${d.date} (${d.name}) tidak di tahun ${year}; satu berkas untuk satu tahun`, `${d.date} (${d.name}) is not in ${year}; one file per year`);
    }
    const seen = new Map<string, string>();
    for (const d of days) {
      if (seen.has(d.date)) bad(`${d.date} tercantum dua kali (${seen.get(d.date)}; ${d.name})`, `${d.date} is listed twice (${seen.get(d.date)}; ${d.name})`);
      seen.set(d.date, d.name);
    }
  }
  if (problems.length || year === null) return { ok: false, problems: problems.slice(0, 20) };
  return { ok: true, value: { year, days: days.sort((a, b) => a.date.localeCompare(b.date)), kinds: [...kinds] } };
}

function splitCsvLine(line: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * What importing `file` would do to the stored days of its year (one entry per date): days it
 * adds, days whose kind or name it changes, and days of the kinds it speaks for that it drops.
 */
export function diffCalendarImport(stored: readonly CalendarDayView[], file: ImportedYear): CalendarImportDiff {
  const mine = stored.filter((d) => d.date.startsWith(`${file.year}-`));
  const byDate = new Map(mine.map((d) => [d.date, d]));
  const fileDates = new Set(file.days.map((d) => d.date));
  const diff: CalendarImportDiff = { year: file.year, added: [], changed: [], removed: [] };
  for (const d of file.days) {
    const after: CalendarDayView = { ...d, source: 'official' };
    const before = byDate.get(d.date);
    if (!before) diff.added.push(after);
    else if (before.kind !== d.kind || before.name !== d.name) diff.changed.push({ date: d.date, before, after });
  }
  for (const d of mine) if (!fileDates.has(d.date) && file.kinds.includes(d.kind)) diff.removed.push(d);
  return diff;
}
