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

  const checks = new EventChecks(kind, sourceCode, ref, lang, refused, add);
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    if (event && typeof event === 'object' && !Array.isArray(event)) checks.run(event as Record<string, unknown>, i);
  }

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

const kmFormat = { id: new Intl.NumberFormat('id-ID'), en: new Intl.NumberFormat('en-US') };

/**
 * The checks of one batch that need more than the schema: the API key's source, the reference
 * data, the city's boundary. They look only at fields the schema accepted. One object per
 * request and no closure per event: this runs for every event ingested.
 */
class EventChecks {
  private event: Record<string, unknown> = {};
  private index = 0;

  constructor(
    private readonly kind: EventKind,
    private readonly sourceCode: string,
    private readonly ref: ReferenceSnapshot,
    private readonly lang: Lang,
    private readonly refused: Set<string>,
    private readonly add: (path: readonly PropertyKey[], message: string) => void,
  ) {}

  run(event: Record<string, unknown>, index: number): void {
    this.event = event;
    this.index = index;
    const source = this.text('source');
    if (source !== undefined && source !== this.sourceCode) {
      this.say('source', `harus "${this.sourceCode}", sesuai kunci API yang dipakai`, `must be "${this.sourceCode}", the source of the API key used`);
    }
    if (this.kind === 'complaints') {
      this.complaint();
      if (!this.isRefused('location')) this.location(event.location);
    } else if (this.kind === 'uploads') this.upload();
    else this.heartbeat();
  }

  private isRefused(field: string): boolean {
    return this.refused.size !== 0 && this.refused.has(`${this.index}.${field}`);
  }

  /** A field's value when it is a string the schema accepted. */
  private text(field: string): string | undefined {
    const v = this.event[field];
    return typeof v === 'string' && !this.isRefused(field) ? v : undefined;
  }

  private say(field: string, id: string, en: string): void {
    this.add(['events', this.index, field], this.lang === 'en' ? en : id);
  }

  private unknown(field: string, value: string, what: { id: string; en: string }): void {
    this.say(field, `${what.id} "${value}" tidak dikenal`, `unknown ${what.en} "${value}"`);
  }

  private complaint(): void {
    const ref = this.ref;
    const channel = this.text('channel');
    if (channel !== undefined && !ref.channels.has(channel)) this.unknown('channel', channel, { id: 'kanal', en: 'channel' });
    const category = this.text('category');
    if (category !== undefined && !ref.categories.has(category)) this.unknown('category', category, { id: 'kategori', en: 'category' });
    const kecamatan = this.text('kecamatan');
    if (kecamatan !== undefined && !ref.kecamatan.has(kecamatan)) this.unknown('kecamatan', kecamatan, { id: 'kecamatan', en: 'kecamatan' });
    const kelurahan = this.text('kelurahan');
    if (kelurahan !== undefined) {
      const kel = ref.kelurahan.get(kelurahan);
      if (!kel) this.unknown('kelurahan', kelurahan, { id: 'kelurahan', en: 'kelurahan' });
      else if (kecamatan !== undefined && kel.kecamatanCode !== kecamatan) {
        this.say('kelurahan', `kelurahan "${kelurahan}" tidak berada di kecamatan "${kecamatan}"`, `kelurahan "${kelurahan}" is not in kecamatan "${kecamatan}"`);
      }
    }
    const opd = this.text('opd');
    if (opd !== undefined && !ref.opd.has(opd)) this.unknown('opd', opd, { id: 'OPD', en: 'OPD' });
    // `status` defaults to "received"; a refused one says nothing about duplicateOf.
    const status = this.event.status === undefined ? 'received' : this.text('status');
    if (status === 'duplicate' && !this.event.duplicateOf) {
      this.say('duplicateOf', 'wajib diisi bila status "duplicate"', 'required when status is "duplicate"');
    }
  }

  private upload(): void {
    const opd = this.text('opd');
    const dataset = this.text('dataset');
    if (opd !== undefined && !this.ref.opd.has(opd)) this.unknown('opd', opd, { id: 'OPD', en: 'OPD' });
    else if (opd !== undefined && dataset !== undefined && !this.ref.datasets.has(datasetKey(opd, dataset))) {
      this.say('dataset', `dataset "${dataset}" tidak terdaftar untuk OPD "${opd}"`, `dataset "${dataset}" is not registered for OPD "${opd}"`);
    }
  }

  private heartbeat(): void {
    const monitor = this.text('monitor');
    if (monitor !== undefined && !this.ref.monitors.has(monitor)) this.unknown('monitor', monitor, { id: 'monitor', en: 'monitor' });
  }

  /**
   * A point just across the city's border is a real place (accepted; the processor finds no
   * kecamatan for it and the wall says "outside the city"); one further out is a wrong point.
   */
  private location(location: unknown): void {
    if (!location || typeof location !== 'object') return;
    const { lat, lon } = location as { lat?: unknown; lon?: unknown };
    if (typeof lat !== 'number' || typeof lon !== 'number') return;
    const km = farOutside(this.ref.areas ?? [], lat, lon, INGEST_LIMITS.maxKmOutsideCity);
    if (km === null) return;
    const about = kmFormat[this.lang].format(km < 100 ? Math.round(km) : Math.round(km / 10) * 10);
    const max = INGEST_LIMITS.maxKmOutsideCity;
    const city = this.ref.city?.name ?? 'kota';
    this.say(
      'location',
      `berada sekitar ${about} km di luar ${city}; titik lebih dari ${max} km di luar batas kota ditolak (periksa koordinatnya: lat lalu lon, dengan tanda minus di selatan khatulistiwa)`,
      `lies about ${about} km outside ${city}; points more than ${max} km beyond the city boundary are refused (check the coordinates: lat then lon, negative south of the equator)`,
    );
  }
}

export function preferredLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'id';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'id';
}
