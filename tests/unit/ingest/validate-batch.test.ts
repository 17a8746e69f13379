import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { areaPolygon } from '../../../server/domain/geo/locate-area.ts';
import { fieldName, preferredLang, validateBatch } from '../../../server/ingest/validate-batch.ts';
import { ingestExamples } from '../../../shared/events.ts';
import type { ReferenceSnapshot } from '../../../server/repositories/reference-repository.ts';

// A small reference snapshot as plain data (what the cache would hold after loading).
const ref = {
  channels: new Map([['MRK', 'Medan Rumah Kita']]),
  categories: new Map([['jalan-rusak', {}]]),
  kecamatan: new Map([['12.71.01', {}]]),
  kelurahan: new Map([['12.71.01.1001', { code: '12.71.01.1001', name: 'x', kecamatanCode: '12.71.01' }]]),
  opd: new Map([['DISDUKCAPIL', {}]]),
  datasets: new Map([['DISDUKCAPIL/rekap-layanan-harian', {}]]),
  monitors: new Map([['mrk-web', {}]]),
} as unknown as ReferenceSnapshot;

describe('validateBatch', () => {
  it('accepts the documented examples', () => {
    expect(validateBatch('complaints', ingestExamples.complaints, 'demo', ref, 'id').ok).toBe(true);
    expect(validateBatch('uploads', ingestExamples.uploads, 'demo', ref, 'id').ok).toBe(true);
    expect(validateBatch('heartbeats', ingestExamples.heartbeats, 'demo', ref, 'id').ok).toBe(true);
  });

  it('names each bad field with its event index, in Indonesian or English', () => {
    const e = ingestExamples.complaints.events[0];
    const body = { events: [e, { ...e, channel: 'FAX', kelurahan: '12.71.01.1001', kecamatan: '12.71.02' }, { ...e, source: 'other' }] };
    const r = validateBatch('complaints', body, 'demo', ref, 'en');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((x) => [x.index, x.field])).toEqual([
      [1, 'events[1].channel'],
      [1, 'events[1].kecamatan'],
      [1, 'events[1].kelurahan'],
      [2, 'events[2].source'],
    ]);
    expect(r.errors[0].message).toBe('unknown channel "FAX"');
    const id = validateBatch('complaints', body, 'demo', ref, 'id');
    expect(!id.ok && id.errors[0].message).toBe('kanal "FAX" tidak dikenal');
  });

  // The body of issue 12, item 5: the unknown channel and category used to come only on the
  // second try, after the schema's problems were fixed.
  const fiveProblems = {
    events: [
      {
        source: 'demo',
        externalId: 'MRK-2026-000999',
        occurredAt: '2026-12-07 14:32',
        channel: 'FAX',
        category: 'jalan-berlubang',
        location: { lat: '3.5952', lon: 98.6722 },
        status: 'selesai',
      },
    ],
  };

  it('lists every problem of the batch in one answer: schema and reference data together', () => {
    const r = validateBatch('complaints', fiveProblems, 'demo', ref, 'en');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.index, e.field])).toEqual([
      [0, 'events[0].occurredAt'],
      [0, 'events[0].channel'],
      [0, 'events[0].category'],
      [0, 'events[0].location.lat'],
      [0, 'events[0].status'],
    ]);
    // Every event, every field: a second, otherwise valid event with only reference problems,
    // and a third with a wrong source and an unknown kelurahan next to a schema problem.
    const e = ingestExamples.complaints.events[0];
    const more = validateBatch(
      'complaints',
      { events: [...fiveProblems.events, { ...e, category: 'banjir-bandang' }, { ...e, source: 'lapor', kelurahan: '12.71.99.9999', rows: 3, privacy: 'rahasia' }] },
      'demo',
      ref,
      'id',
    );
    expect(!more.ok && more.errors.map((x) => x.field)).toEqual([
      'events[0].occurredAt',
      'events[0].channel',
      'events[0].category',
      'events[0].location.lat',
      'events[0].status',
      'events[1].category',
      'events[2].source',
      'events[2].kelurahan',
      'events[2].privacy',
    ]);
  });

  it('says what is wrong in plain words, in Indonesian or English', () => {
    const messages = (lang: 'id' | 'en') => {
      const r = validateBatch('complaints', fiveProblems, 'demo', ref, lang);
      return Object.fromEntries((r.ok ? [] : r.errors).map((e) => [e.field.replace('events[0].', ''), e.message]));
    };
    expect(messages('id')).toEqual({
      occurredAt: 'harus berupa tanggal dan jam ISO 8601 dengan zona waktu, mis. 2026-12-07T14:32:05+07:00',
      channel: 'kanal "FAX" tidak dikenal',
      category: 'kategori "jalan-berlubang" tidak dikenal',
      'location.lat': 'harus berupa angka, tanpa tanda kutip',
      status: 'harus salah satu dari: received, verified, dispatched, in_progress, resolved, closed, rejected, duplicate, reopened',
    });
    expect(messages('en')).toEqual({
      occurredAt: 'must be an ISO 8601 date and time with its time zone, e.g. 2026-12-07T14:32:05+07:00',
      channel: 'unknown channel "FAX"',
      category: 'unknown category "jalan-berlubang"',
      'location.lat': 'must be a number, without quotes',
      status: 'must be one of: received, verified, dispatched, in_progress, resolved, closed, rejected, duplicate, reopened',
    });

    const e = ingestExamples.complaints.events[0] as Record<string, unknown>;
    const { channel: _missing, ...withoutChannel } = e;
    const said = (patch: Record<string, unknown>, lang: 'id' | 'en', base: Record<string, unknown> = e) => {
      const r = validateBatch('complaints', { events: [{ ...base, ...patch }] }, 'demo', ref, lang);
      return r.ok ? [] : r.errors.map((x) => `${x.field}: ${x.message}`);
    };
    expect(said({}, 'id', withoutChannel)).toEqual(['events[0].channel: wajib diisi']);
    expect(said({}, 'en', withoutChannel)).toEqual(['events[0].channel: required']);
    expect(said({ channel: '' }, 'id')).toEqual(['events[0].channel: wajib diisi, tidak boleh kosong']);
    expect(said({ category: 'jalan rusak' }, 'en')).toEqual([
      'events[0].category: may contain only letters, digits, dots, underscores and hyphens (e.g. "jalan-rusak"), starting with a letter or digit',
    ]);
    expect(said({ title: 42 }, 'id')).toEqual(['events[0].title: harus berupa teks']);
    expect(said({ occurredAt: 20261207 }, 'id')).toEqual(['events[0].occurredAt: harus berupa tanggal dan jam ISO 8601 dengan zona waktu, mis. 2026-12-07T14:32:05+07:00, dalam tanda kutip']);
    expect(said({ reporter: { nik: 1271010101010001 } }, 'en')).toEqual(['events[0].reporter.nik: must be text in quotes; must be 16 digits']);
    expect(said({ title: null }, 'en')).toEqual(['events[0].title: must be text, not null; leave the field out when it has no value']);
    expect(said({ title: null }, 'id')).toEqual(['events[0].title: harus berupa teks, bukan null; bila tidak ada isinya, hapus kolom ini']);
    expect(said({ location: [3.59, 98.67] }, 'id')).toEqual(['events[0].location: harus berupa objek JSON ({ ... })']);
    expect(said({ location: { lat: 91, lon: 98.6 } }, 'id')).toEqual(['events[0].location.lat: paling besar 90']);
    expect(said({ text: 'x'.repeat(5001) }, 'id')).toEqual(['events[0].text: paling banyak 5.000 karakter']);
    expect(said({ text: 'x'.repeat(5001) }, 'en')).toEqual(['events[0].text: must be at most 5,000 characters']);
    expect(said({ reporter: { nik: '12710101' } }, 'id')).toEqual(['events[0].reporter.nik: harus 16 angka']);
    expect(said({ reporter: { email: 'budi' } }, 'en')).toEqual(['events[0].reporter.email: must be an email address, e.g. name@example.id']);
    expect(said({ privacy: 'rahasia' }, 'id')).toEqual(['events[0].privacy: harus salah satu dari: public, anonymous, secret']);
    expect(said({ status: 'duplicate' }, 'id')).toEqual(['events[0].duplicateOf: wajib diisi bila status "duplicate"']);
    expect(said({ status: 'duplicate', duplicateOf: '', privacy: 'x' }, 'en')).toEqual([
      'events[0].privacy: must be one of: public, anonymous, secret',
      'events[0].duplicateOf: required when status is "duplicate"',
    ]);

    const up = ingestExamples.uploads.events[0];
    const upload = (patch: Record<string, unknown>, lang: 'id' | 'en') => {
      const r = validateBatch('uploads', { events: [{ ...up, ...patch }] }, 'demo', ref, lang);
      return r.ok ? [] : r.errors.map((x) => `${x.field}: ${x.message}`);
    };
    expect(upload({ rows: 12.5 }, 'id')).toEqual(['events[0].rows: harus berupa bilangan bulat, mis. 1250']);
    expect(upload({ period: { start: '2026-11-21', end: '21-11-2026' } }, 'en')).toEqual(['events[0].period.end: must be an ISO 8601 date (YYYY-MM-DD), e.g. 2026-12-07']);
    expect(upload({ period: { start: '2026-11-22', end: '2026-11-21' } }, 'id')).toEqual(['events[0].period.end: tidak boleh sebelum period.start']);

    const batch = (body: unknown, lang: 'id' | 'en') => {
      const r = validateBatch('heartbeats', body, 'demo', ref, lang);
      return r.ok ? [] : r.errors.map((x) => `${x.field}: ${x.message}`);
    };
    expect(batch([], 'id')).toEqual(['(body): harus berupa objek JSON: {"events": [ ... ]}']);
    expect(batch({}, 'en')).toEqual(['events: required']);
    expect(batch({ events: [] }, 'id')).toEqual(['events: harus berisi paling sedikit satu kejadian']);
    const tooMany = batch({ events: Array.from({ length: 1001 }, () => ingestExamples.heartbeats.events[0]) }, 'en');
    expect(tooMany).toEqual(['events: at most 1,000 events per request; split the batch']);
  });

  it('says how far ahead of the clock an event time may be, and what the clock says', () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-07T10:00:00+07:00'), toFake: ['Date'] });
    try {
      const e = ingestExamples.complaints.events[0];
      const r = validateBatch('complaints', { events: [{ ...e, occurredAt: '2026-12-07T10:06:00+07:00' }, { ...e, occurredAt: '2026-12-07T10:04:00+07:00' }] }, 'demo', ref, 'id');
      expect(!r.ok && r.errors).toEqual([
        {
          index: 0,
          field: 'events[0].occurredAt',
          message: 'tidak boleh lebih dari 5 menit di depan jam Pantau (sekarang 2026-12-07T10:00:00+07:00); periksa jam dan zona waktu pengirim',
        },
      ]);
      const up = ingestExamples.uploads.events[0];
      const u = validateBatch('uploads', { events: [{ ...up, occurredAt: '2030-01-01T00:00:00Z', period: { start: '2026-12-08', end: '2026-12-08' } }] }, 'demo', ref, 'en');
      expect(!u.ok && u.errors.map((x) => `${x.field}: ${x.message}`)).toEqual([
        "events[0].occurredAt: must not be more than 5 minutes ahead of Pantau's clock (now 2026-12-07T10:00:00+07:00); check the sender's clock and time zone",
        'events[0].period.start: this period has not begun; at the latest today (2026-12-07 WIB)',
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('never answers in jargon, whatever the input', () => {
    // zod's own wording: "diharapkan string, diterima undefined", "Invalid input: expected ...".
    const jargon = /diharapkan|diterima|expected|received (undefined|string|number|boolean|object|array|null)|Invalid|tidak valid|instanceof|undefined|\^\[|<=|>=/;
    const e = ingestExamples.complaints.events[0];
    const bodies: unknown[] = [
      null,
      'events',
      { events: 'x' },
      { events: [null, 1, 'x', []] },
      { events: [{ ...e, occurredAt: 20261207, externalId: '', source: 'a b', text: 5, location: { lat: 'x' }, reporter: { phone: 'abc', nik: 1 }, status: null, privacy: 1, submittedAt: 'kemarin' }] },
      { events: [{}] },
    ];
    for (const lang of ['id', 'en'] as const) {
      for (const body of bodies) {
        const r = validateBatch('complaints', body, 'demo', ref, lang);
        expect(r.ok).toBe(false);
        for (const x of r.ok ? [] : r.errors) expect(`${x.field}: ${x.message}`).not.toMatch(jargon);
      }
    }
  });

  it('walks a refused body as sent without overflowing on deep nesting', () => {
    let deep: unknown = 'a\u0000b';
    for (let i = 0; i < 20_000; i++) deep = { x: deep };
    const r = validateBatch('complaints', { events: [{ channel: 'FAX', unknownField: deep }] }, 'demo', ref, 'id');
    expect(!r.ok && r.errors.map((e) => e.field)).toEqual(['events[0].source', 'events[0].externalId', 'events[0].occurredAt', 'events[0].channel', 'events[0].category']);
  });

  it('refuses a location far outside the city, naming the field; accepts one just across the border', () => {
    const geo = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../../../db/seed-data/medan-kelurahan.geojson'), 'utf8')) as FeatureCollection<Polygon | MultiPolygon, { code: string; kecamatan_code: string }>;
    const medan = { ...ref, city: { name: 'Kota Medan' }, areas: geo.features.map((f) => areaPolygon(f.properties.code, f.properties.kecamatan_code, f.geometry)) } as ReferenceSnapshot;
    const e = ingestExamples.complaints.events[0];
    const at = (lat: number, lon: number, lang: 'id' | 'en' = 'id') => {
      const r = validateBatch('complaints', { events: [{ ...e, location: { lat, lon } }] }, 'demo', medan, lang);
      return r.ok ? 'accepted' : r.errors.map((x) => `${x.field}: ${x.message}`);
    };
    expect(at(3.5905, 98.6776)).toBe('accepted'); // Lapangan Merdeka
    expect(at(3.6001, 98.4854)).toBe('accepted'); // Binjai, ~13 km outside
    expect(at(3.5536, 98.8697)).toBe('accepted'); // Lubuk Pakam, ~14 km outside
    expect(at(-6.1754, 106.8272)).toEqual([
      'events[0].location: berada sekitar 1.400 km di luar Kota Medan; titik lebih dari 25 km di luar batas kota ditolak (periksa koordinatnya: lat lalu lon, dengan tanda minus di selatan khatulistiwa)',
    ]);
    expect(at(-6.1754, 106.8272, 'en')).toEqual([
      'events[0].location: lies about 1,400 km outside Kota Medan; points more than 25 km beyond the city boundary are refused (check the coordinates: lat then lon, negative south of the equator)',
    ]);
    expect(at(3.3285, 99.1626)).toHaveLength(1); // Tebing Tinggi, ~51 km
    expect(at(0, 0)).toHaveLength(1);
    expect(at(-3.5905, 98.6776)).toHaveLength(1); // the sign of lat lost
  });

  it('refuses NUL characters anywhere in a string', () => {
    const e = ingestExamples.complaints.events[0];
    const r = validateBatch('complaints', { events: [{ ...e, title: 'a\u0000b' }] }, 'demo', ref, 'en');
    expect(!r.ok && r.errors[0].field).toBe('events[0].title');
  });

  it('formats paths and picks the language', () => {
    expect(fieldName(['events', 3, 'location', 'lat'])).toEqual({ index: 3, field: 'events[3].location.lat' });
    expect(fieldName(['events'])).toEqual({ index: null, field: 'events' });
    expect(fieldName([])).toEqual({ index: null, field: '(body)' });
    expect(preferredLang('en-US,en;q=0.9')).toBe('en');
    expect(preferredLang('id-ID')).toBe('id');
    expect(preferredLang(undefined)).toBe('id');
  });
});
