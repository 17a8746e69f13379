// Turns a request body into a validated batch, or into a list of field-level problems that a
// channel vendor (or a civil servant reading their logs) can act on. Pure: no I/O.
import { batchSchemas, type EventByKind, type EventKind, type IngestFieldError } from '../../shared/events.ts';
import { INGEST_LIMITS } from '../../shared/domain-constants.ts';
import { datasetKey, type ReferenceSnapshot } from '../repositories/reference-repository.ts';
import { farOutside } from '../domain/geo/locate-area.ts';
import { ingestErrorMap, type Lang } from './ingest-messages.ts';

export type { Lang } from './ingest-messages.ts';

const errorMaps = { id: ingestErrorMap('id'), en: ingestErrorMap('en') };

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

/** Position of each top-level field in its event schema: errors of one event are listed in that order. */
const fieldOrder = Object.fromEntries(
  Object.entries(batchSchemas).map(([kind, batch]) => [kind, new Map(Object.keys(batch.shape.events.element.shape).map((k, i) => [k, i]))]),
) as Record<EventKind, Map<string, number>>;

interface Problem extends IngestFieldError {
  rank: number;
}

/**
 * Every problem of the batch in one answer: the schema's, and the checks against the API key
 * and the reference data, which run on every field the schema found well-formed even when
 * other fields (or other events) are wrong. A sender fixes everything in one round.
 */
export function validateBatch<K extends EventKind>(
  kind: K,
  body: unknown,
  sourceCode: string,
  ref: ReferenceSnapshot,
  lang: Lang,
): BatchValidation<K> {
  const parsed = batchSchemas[kind].safeParse(body, { error: errorMaps[lang] });
  const order = fieldOrder[kind];
  const problems: Problem[] = [];
  const add = (path: readonly PropertyKey[], message: string) => {
    const top = path[0] === 'events' && typeof path[1] === 'number' ? path[2] : undefined;
    problems.push({ ...fieldName(path), message, rank: typeof top === 'string' ? (order.get(top) ?? order.size) : -1 });
  };
  // Top-level fields of each event that the schema refused, as `index.field`.
  const refused = new Set<string>();
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      add(issue.path, issue.message);
      if (issue.path[0] === 'events' && typeof issue.path[1] === 'number' && issue.path.length > 2) refused.add(`${issue.path[1]}.${String(issue.path[2])}`);
    }
  }
  // Valid events as parsed (defaults filled in); otherwise what was sent, to check the rest.
  const events: unknown[] = parsed.success ? parsed.data.events : rawEvents(body);

  // PostgreSQL text cannot hold NUL, and jsonb refuses a lone UTF-16 surrogate: refuse both here
  // rather than fail later in a processor.
  const bad = unstorableStrings(events);
  for (const path of bad.nul) {
    add(['events', ...path], lang === 'en' ? 'contains a NUL character (\\u0000)' : 'berisi karakter NUL (\\u0000)');
  }
  for (const path of bad.loneSurrogate) {
    add(['events', ...path], lang === 'en' ? 'contains an invalid Unicode character (lone surrogate)' : 'berisi karakter Unicode yang tidak sah (surrogate tunggal)');
  }

  events.forEach((raw, i) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return;
    const event = raw as Record<string, unknown>;
    /** A field's value when it is a string the schema accepted. */
    const text = (field: string): string | undefined => {
      const v = event[field];
      return typeof v === 'string' && !refused.has(`${i}.${field}`) ? v : undefined;
    };
    const say = (field: string, id: string, en: string) => add(['events', i, field], lang === 'en' ? en : id);
    const source = text('source');
    if (source !== undefined && source !== sourceCode) {
      say('source', `harus "${sourceCode}", sesuai kunci API yang dipakai`, `must be "${sourceCode}", the source of the API key used`);
    }
    checkReferences(kind, text, event, ref, say);
    if (kind === 'complaints' && !refused.has(`${i}.location`)) checkLocation(event.location, ref, say, lang);
  });

  if (problems.length === 0 && parsed.success) return { ok: true, events: parsed.data.events as EventByKind[K][] };
  // Stable: within an event, the schema's own order of fields; the batch's own problems first.
  problems.sort((a, b) => (a.index ?? -1) - (b.index ?? -1) || a.rank - b.rank);
  return { ok: false, errors: problems.slice(0, MAX_ERRORS).map(({ index, field, message }) => ({ index, field, message })) };
}

function rawEvents(body: unknown): unknown[] {
  const events = body && typeof body === 'object' ? (body as { events?: unknown }).events : undefined;
  return Array.isArray(events) ? events : [];
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hasLoneSurrogate(value: string): boolean {
  return LONE_SURROGATE.test(value);
}

/**
 * The deepest string any event schema holds, counted from the list of events
 * (`events[i].reporter.name` is 3). A refused body is walked as sent, and may nest a field we
 * do not know thousands deep; such a field is never stored, so the walk stops here.
 */
const MAX_EVENT_DEPTH = 3;

/** Paths of strings holding a NUL or a lone surrogate. One walk, no allocation unless one is found (hot path). */
function unstorableStrings(value: unknown): { nul: (string | number)[][]; loneSurrogate: (string | number)[][] } {
  const out = { nul: [] as (string | number)[][], loneSurrogate: [] as (string | number)[][] };
  const path: (string | number)[] = [];
  const walk = (v: unknown): void => {
    if (path.length > MAX_EVENT_DEPTH) return;
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

type Say = (field: string, id: string, en: string) => void;
type Text = (field: string) => string | undefined;

function checkReferences(kind: EventKind, text: Text, event: Record<string, unknown>, ref: ReferenceSnapshot, say: Say): void {
  const unknown = (field: string, value: string, what: { id: string; en: string }) =>
    say(field, `${what.id} "${value}" tidak dikenal`, `unknown ${what.en} "${value}"`);
  if (kind === 'complaints') {
    const channel = text('channel');
    if (channel !== undefined && !ref.channels.has(channel)) unknown('channel', channel, { id: 'kanal', en: 'channel' });
    const category = text('category');
    if (category !== undefined && !ref.categories.has(category)) unknown('category', category, { id: 'kategori', en: 'category' });
    const kecamatan = text('kecamatan');
    if (kecamatan !== undefined && !ref.kecamatan.has(kecamatan)) unknown('kecamatan', kecamatan, { id: 'kecamatan', en: 'kecamatan' });
    const kelurahan = text('kelurahan');
    if (kelurahan !== undefined) {
      const kel = ref.kelurahan.get(kelurahan);
      if (!kel) unknown('kelurahan', kelurahan, { id: 'kelurahan', en: 'kelurahan' });
      else if (kecamatan !== undefined && kel.kecamatanCode !== kecamatan) {
        say('kelurahan', `kelurahan "${kelurahan}" tidak berada di kecamatan "${kecamatan}"`, `kelurahan "${kelurahan}" is not in kecamatan "${kecamatan}"`);
      }
    }
    const opd = text('opd');
    if (opd !== undefined && !ref.opd.has(opd)) unknown('opd', opd, { id: 'OPD', en: 'OPD' });
    // `status` defaults to "received"; a refused one says nothing about duplicateOf.
    const status = event.status === undefined ? 'received' : text('status');
    if (status === 'duplicate' && event.duplicateOf === undefined) {
      say('duplicateOf', 'wajib diisi bila status "duplicate"', 'required when status is "duplicate"');
    }
  } else if (kind === 'uploads') {
    const opd = text('opd');
    const dataset = text('dataset');
    if (opd !== undefined && !ref.opd.has(opd)) unknown('opd', opd, { id: 'OPD', en: 'OPD' });
    else if (opd !== undefined && dataset !== undefined && !ref.datasets.has(datasetKey(opd, dataset))) {
      say('dataset', `dataset "${dataset}" tidak terdaftar untuk OPD "${opd}"`, `dataset "${dataset}" is not registered for OPD "${opd}"`);
    }
  } else {
    const monitor = text('monitor');
    if (monitor !== undefined && !ref.monitors.has(monitor)) unknown('monitor', monitor, { id: 'monitor', en: 'monitor' });
  }
}

const kmFormat = { id: new Intl.NumberFormat('id-ID'), en: new Intl.NumberFormat('en-US') };

/**
 * A point just across the city's border is a real place (accepted; the processor finds no
 * kecamatan for it and the wall says "outside the city"); one further out is a wrong point.
 */
function checkLocation(location: unknown, ref: ReferenceSnapshot, say: Say, lang: Lang): void {
  if (!location || typeof location !== 'object') return;
  const { lat, lon } = location as { lat?: unknown; lon?: unknown };
  if (typeof lat !== 'number' || typeof lon !== 'number') return;
  const km = farOutside(ref.areas ?? [], lat, lon, INGEST_LIMITS.maxKmOutsideCity);
  if (km === null) return;
  const about = kmFormat[lang].format(km < 100 ? Math.round(km) : Math.round(km / 10) * 10);
  const max = INGEST_LIMITS.maxKmOutsideCity;
  const city = ref.city?.name ?? 'kota';
  say(
    'location',
    `berada sekitar ${about} km di luar ${city}; titik lebih dari ${max} km di luar batas kota ditolak (periksa koordinatnya: lat lalu lon, dengan tanda minus di selatan khatulistiwa)`,
    `lies about ${about} km outside ${city}; points more than ${max} km beyond the city boundary are refused (check the coordinates: lat then lon, negative south of the equator)`,
  );
}

export function preferredLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'id';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'id';
}
