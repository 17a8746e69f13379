// Turns a request body into a validated batch, or into a list of field-level problems that a
// channel vendor (or a civil servant reading their logs) can act on. Pure: no I/O.
import { z } from 'zod';
import { batchSchemas, type EventByKind, type EventKind, type IngestFieldError } from '../../shared/events.ts';
import { datasetKey, type ReferenceSnapshot } from '../repositories/reference-repository.ts';

export type Lang = 'id' | 'en';

const localeErrors = { id: z.locales.id().localeError, en: z.locales.en().localeError };

export type BatchValidation<K extends EventKind> =
  | { ok: true; events: EventByKind[K][] }
  | { ok: false; errors: IngestFieldError[] };

export function fieldName(path: readonly PropertyKey[]): { index: number | null; field: string } {
  let field = '';
  let index: number | null = null;
  path.forEach((p, i) => {
    if (typeof p === 'number') {
      field += `[${p}]`;
      if (i === 1 && path[0] === 'events') index = p;
    } else field += field ? `.${String(p)}` : String(p);
  });
  return { index, field: field || '(body)' };
}

const MAX_ERRORS = 100;

export function validateBatch<K extends EventKind>(
  kind: K,
  body: unknown,
  sourceCode: string,
  ref: ReferenceSnapshot,
  lang: Lang,
): BatchValidation<K> {
  const parsed = batchSchemas[kind].safeParse(body, { error: localeErrors[lang] });
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.slice(0, MAX_ERRORS).map((issue) => ({ ...fieldName(issue.path), message: issue.message })),
    };
  }
  const events = parsed.data.events as EventByKind[K][];
  const errors: IngestFieldError[] = [];
  // PostgreSQL text cannot hold NUL, and jsonb refuses a lone UTF-16 surrogate: refuse both here
  // rather than fail later in a processor.
  const bad = unstorableStrings(events);
  for (const path of bad.nul) {
    if (errors.length < MAX_ERRORS) {
      errors.push({ ...fieldName(['events', ...path]), message: lang === 'en' ? 'contains a NUL character (\\u0000)' : 'berisi karakter NUL (\\u0000)' });
    }
  }
  for (const path of bad.loneSurrogate) {
    if (errors.length < MAX_ERRORS) {
      errors.push({
        ...fieldName(['events', ...path]),
        message: lang === 'en' ? 'contains an invalid Unicode character (lone surrogate)' : 'berisi karakter Unicode yang tidak sah (surrogate tunggal)',
      });
    }
  }
  const say = (index: number, field: string, id: string, en: string) => {
    if (errors.length < MAX_ERRORS) errors.push({ index, field: `events[${index}].${field}`, message: lang === 'en' ? en : id });
  };
  events.forEach((event, i) => {
    if (event.source !== sourceCode) {
      say(i, 'source', `harus "${sourceCode}", sesuai kunci API yang dipakai`, `must be "${sourceCode}", the source of the API key used`);
    }
    checkReferences(kind, event, i, ref, say);
  });
  return errors.length ? { ok: false, errors } : { ok: true, events };
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hasLoneSurrogate(value: string): boolean {
  return LONE_SURROGATE.test(value);
}

/** Paths of strings holding a NUL or a lone surrogate. One walk, no allocation unless one is found (hot path). */
function unstorableStrings(value: unknown): { nul: (string | number)[][]; loneSurrogate: (string | number)[][] } {
  const out = { nul: [] as (string | number)[][], loneSurrogate: [] as (string | number)[][] };
  const path: (string | number)[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      if (v.includes('\u0000')) out.nul.push([...path]);
      if (hasLoneSurrogate(v)) out.loneSurrogate.push([...path]);
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        walk(v[i]);
        path.pop();
      }
    } else if (v && typeof v === 'object') {
      for (const k of Object.keys(v)) {
        path.push(k);
        walk((v as Record<string, unknown>)[k]);
        path.pop();
      }
    }
  };
  walk(value);
  return out;
}

type Say = (index: number, field: string, id: string, en: string) => void;

function checkReferences(kind: EventKind, event: EventByKind[EventKind], i: number, ref: ReferenceSnapshot, say: Say): void {
  const unknown = (field: string, value: string, what: { id: string; en: string }) =>
    say(i, field, `${what.id} "${value}" tidak dikenal`, `unknown ${what.en} "${value}"`);
  if (kind === 'complaints') {
    const e = event as EventByKind['complaints'];
    if (!ref.channels.has(e.channel)) unknown('channel', e.channel, { id: 'kanal', en: 'channel' });
    if (!ref.categories.has(e.category)) unknown('category', e.category, { id: 'kategori', en: 'category' });
    if (e.kecamatan && !ref.kecamatan.has(e.kecamatan)) unknown('kecamatan', e.kecamatan, { id: 'kecamatan', en: 'kecamatan' });
    if (e.kelurahan) {
      const kel = ref.kelurahan.get(e.kelurahan);
      if (!kel) unknown('kelurahan', e.kelurahan, { id: 'kelurahan', en: 'kelurahan' });
      else if (e.kecamatan && kel.kecamatanCode !== e.kecamatan) {
        say(i, 'kelurahan', `kelurahan "${e.kelurahan}" tidak berada di kecamatan "${e.kecamatan}"`, `kelurahan "${e.kelurahan}" is not in kecamatan "${e.kecamatan}"`);
      }
    }
    if (e.opd && !ref.opd.has(e.opd)) unknown('opd', e.opd, { id: 'OPD', en: 'OPD' });
    if (e.status === 'duplicate' && !e.duplicateOf) {
      say(i, 'duplicateOf', 'wajib diisi bila status "duplicate"', 'required when status is "duplicate"');
    }
  } else if (kind === 'uploads') {
    const e = event as EventByKind['uploads'];
    if (!ref.opd.has(e.opd)) unknown('opd', e.opd, { id: 'OPD', en: 'OPD' });
    else if (!ref.datasets.has(datasetKey(e.opd, e.dataset))) {
      say(i, 'dataset', `dataset "${e.dataset}" tidak terdaftar untuk OPD "${e.opd}"`, `dataset "${e.dataset}" is not registered for OPD "${e.opd}"`);
    }
  } else {
    const e = event as EventByKind['heartbeats'];
    if (!ref.monitors.has(e.monitor)) unknown('monitor', e.monitor, { id: 'monitor', en: 'monitor' });
  }
}

export function preferredLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'id';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'id';
}
