import { describe, expect, it } from 'vitest';
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
