// What is wrong with a field, in the plain words of the person who reads a refused request's
// answer in their logs (often not a programmer): "wajib diisi", "harus berupa angka", with an
// example where a format is expected. A zod error map per language, given to safeParse, so
// every issue is worded where it is raised; zod's own locale only for issues we never expect.
import { z } from 'zod';
import { CITY_TIME_ZONE, INGEST_LIMITS } from '../../shared/domain-constants.ts';
import { inputHints, type IngestRule } from '../../shared/events.ts';
import { wibDate } from '../../shared/wib-time.ts';

export type Lang = 'id' | 'en';

type RawIssue = z.core.$ZodRawIssue;
type Words = { id: string; en: string };

const EXAMPLE_INSTANT = '2026-12-07T14:32:05+07:00';
const SKEW_MINUTES = INGEST_LIMITS.maxClockSkewMs / 60_000;

const TYPES: Record<string, Words> = {
  string: { id: 'teks', en: 'text' },
  number: { id: 'angka', en: 'a number' },
  int: { id: 'bilangan bulat', en: 'a whole number' },
  boolean: { id: 'true atau false', en: 'true or false' },
  object: { id: 'objek JSON ({ ... })', en: 'a JSON object ({ ... })' },
  array: { id: 'daftar JSON ([ ... ])', en: 'a JSON list ([ ... ])' },
};

const FORMATS: Record<string, Words> = {
  datetime: {
    id: `harus berupa tanggal dan jam ISO 8601 dengan zona waktu, mis. ${EXAMPLE_INSTANT}`,
    en: `must be an ISO 8601 date and time with its time zone, e.g. ${EXAMPLE_INSTANT}`,
  },
  date: { id: 'harus berupa tanggal ISO 8601 (TTTT-BB-HH), mis. 2026-12-07', en: 'must be an ISO 8601 date (YYYY-MM-DD), e.g. 2026-12-07' },
  email: { id: 'harus berupa alamat email, mis. nama@contoh.id', en: 'must be an email address, e.g. name@example.id' },
};

const nf = { id: new Intl.NumberFormat('id-ID', { maximumFractionDigits: 6 }), en: new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 }) };
const wibClock = new Intl.DateTimeFormat('sv-SE', {
  timeZone: CITY_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Pantau's clock as a sender would write it: `2026-12-07T14:32:05+07:00` (WIB has no DST). */
export function wibNow(now = Date.now()): string {
  return `${wibClock.format(now).replace(' ', 'T')}+07:00`;
}

const isEventsList = (path: readonly PropertyKey[]) => path.length === 1 && path[0] === 'events';

function words(issue: RawIssue, now: () => number): Words | undefined {
  const path = issue.path ?? [];
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return { id: 'wajib diisi', en: 'required' };
      if (path.length === 0 && issue.expected === 'object') {
        return { id: 'harus berupa objek JSON: {"events": [ ... ]}', en: 'must be a JSON object: {"events": [ ... ]}' };
      }
      const type = TYPES[issue.expected] ?? { id: String(issue.expected), en: String(issue.expected) };
      if (issue.input === null) {
        // An optional field is left out, not sent as null; an element of a list cannot be left out.
        return typeof path[path.length - 1] === 'string'
          ? { id: `harus berupa ${type.id}, bukan null; bila tidak ada isinya, hapus kolom ini`, en: `must be ${type.en}, not null; leave the field out when it has no value` }
          : { id: `harus berupa ${type.id}, bukan null`, en: `must be ${type.en}, not null` };
      }
      if (issue.expected === 'int') return { id: 'harus berupa bilangan bulat, mis. 1250', en: 'must be a whole number, e.g. 1250' };
      if (issue.expected === 'string') {
        // A date or a code sent as a number: say what the text must look like.
        const schema = issue.inst as z.core.$ZodType | undefined;
        const format = FORMATS[String((schema?._zod.def as { format?: string } | undefined)?.format)];
        const hint = schema ? inputHints.get(schema)?.expects : undefined;
        if (format) return { id: `${format.id}, dalam tanda kutip`, en: `${format.en}, in quotes` };
        if (hint) return { id: `harus berupa teks dalam tanda kutip; ${hint.id}`, en: `must be text in quotes; ${hint.en}` };
      }
      if ((issue.expected === 'number' || issue.expected === 'boolean') && typeof issue.input === 'string') {
        return { id: `harus berupa ${type.id}, tanpa tanda kutip`, en: `must be ${type.en}, without quotes` };
      }
      return { id: `harus berupa ${type.id}`, en: `must be ${type.en}` };
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => String(v));
      if (values.length === 1) return { id: `harus "${values[0]}"`, en: `must be "${values[0]}"` };
      return { id: `harus salah satu dari: ${values.join(', ')}`, en: `must be one of: ${values.join(', ')}` };
    }
    case 'invalid_format': {
      if (issue.format === 'regex') {
        const owner = (issue as { schema?: z.core.$ZodType }).schema ?? (issue.inst as z.core.$ZodType | undefined);
        return (owner && inputHints.get(owner)?.expects) || { id: 'bentuknya tidak sesuai', en: 'is not in the expected form' };
      }
      return FORMATS[issue.format];
    }
    case 'too_small': {
      const n = Number(issue.minimum);
      if (issue.origin === 'string') {
        if (n === 1) return { id: 'wajib diisi, tidak boleh kosong', en: 'required; must not be empty' };
        return { id: `paling sedikit ${nf.id.format(n)} karakter`, en: `must be at least ${nf.en.format(n)} characters` };
      }
      if (issue.origin === 'array') {
        if (isEventsList(path)) return { id: 'harus berisi paling sedikit satu kejadian', en: 'must hold at least one event' };
        return { id: `paling sedikit ${nf.id.format(n)} isi`, en: `must hold at least ${nf.en.format(n)} items` };
      }
      return issue.inclusive === false
        ? { id: `harus lebih dari ${nf.id.format(n)}`, en: `must be more than ${nf.en.format(n)}` }
        : { id: `paling kecil ${nf.id.format(n)}`, en: `must be at least ${nf.en.format(n)}` };
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      if (issue.origin === 'string') return { id: `paling banyak ${nf.id.format(n)} karakter`, en: `must be at most ${nf.en.format(n)} characters` };
      if (issue.origin === 'array') {
        if (isEventsList(path)) {
          return { id: `paling banyak ${nf.id.format(n)} kejadian per permintaan; bagi menjadi beberapa kiriman`, en: `at most ${nf.en.format(n)} events per request; split the batch` };
        }
        return { id: `paling banyak ${nf.id.format(n)} isi`, en: `must hold at most ${nf.en.format(n)} items` };
      }
      return issue.inclusive === false
        ? { id: `harus kurang dari ${nf.id.format(n)}`, en: `must be less than ${nf.en.format(n)}` }
        : { id: `paling besar ${nf.id.format(n)}`, en: `must be at most ${nf.en.format(n)}` };
    }
    case 'unrecognized_keys':
      return { id: `kolom tidak dikenal: ${issue.keys.join(', ')}`, en: `unknown field(s): ${issue.keys.join(', ')}` };
    case 'custom':
      return ruleWords((issue.params as { rule?: IngestRule } | undefined)?.rule, now());
    default:
      return undefined;
  }
}

function ruleWords(rule: IngestRule | undefined, now: number): Words | undefined {
  switch (rule) {
    case 'not_in_future':
      return {
        id: `tidak boleh lebih dari ${SKEW_MINUTES} menit di depan jam Pantau (sekarang ${wibNow(now)}); periksa jam dan zona waktu pengirim`,
        en: `must not be more than ${SKEW_MINUTES} minutes ahead of Pantau's clock (now ${wibNow(now)}); check the sender's clock and time zone`,
      };
    case 'period_order':
      return { id: 'tidak boleh sebelum period.start', en: 'must not be before period.start' };
    case 'period_not_started': {
      const today = wibDate(now + INGEST_LIMITS.maxClockSkewMs);
      return { id: `periode ini belum dimulai; paling lambat hari ini (${today} WIB)`, en: `this period has not begun; at the latest today (${today} WIB)` };
    }
    default:
      return undefined;
  }
}

const locales = { id: z.locales.id().localeError, en: z.locales.en().localeError };

/** The error map for one language: plain words for every issue the ingest schemas raise. */
export function ingestErrorMap(lang: Lang, now: () => number = () => Date.now()): z.core.$ZodErrorMap {
  return (issue) => words(issue, now)?.[lang] ?? locales[lang](issue);
}
