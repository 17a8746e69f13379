import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { complaintEventSchema, heartbeatEventSchema, ingestExamples, uploadEventSchema, complaintBatchSchema } from '../../../shared/events.ts';

describe('ingest event schemas', () => {
  it('accept the documented examples', () => {
    for (const e of ingestExamples.complaints.events) expect(complaintEventSchema.safeParse(e).success).toBe(true);
    for (const e of ingestExamples.uploads.events) expect(uploadEventSchema.safeParse(e).success).toBe(true);
    for (const e of ingestExamples.heartbeats.events) expect(heartbeatEventSchema.safeParse(e).success).toBe(true);
  });

  it('fill defaults for a minimal complaint', () => {
    const parsed = complaintEventSchema.parse({
      source: 'mrk',
      externalId: '1',
      occurredAt: '2026-11-22T08:00:00+07:00',
      channel: 'MRK',
      category: 'sampah',
    });
    expect(parsed).toMatchObject({ status: 'received', privacy: 'public', text: '' });
  });

  it.each([
    ['occurredAt without offset', { occurredAt: '2026-11-22T08:00:00' }, 'occurredAt'],
    ['unknown status', { status: 'done' }, 'status'],
    ['NIK of 15 digits', { reporter: { nik: '127101010101000' } }, 'reporter.nik'],
    ['latitude out of range', { location: { lat: 91, lon: 98.6 } }, 'location.lat'],
    ['empty externalId', { externalId: '' }, 'externalId'],
    ['source with spaces', { source: 'a b' }, 'source'],
    ['text too long', { text: 'x'.repeat(5001) }, 'text'],
    ['privacy unknown', { privacy: 'hidden' }, 'privacy'],
  ])('refuse %s', (_label, patch, field) => {
    const base = { source: 'mrk', externalId: '1', occurredAt: '2026-11-22T08:00:00+07:00', channel: 'MRK', category: 'sampah' };
    const r = complaintEventSchema.safeParse({ ...base, ...patch });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toContain(field);
  });

  it('refuse an upload period that ends before it starts, and a heartbeat without status', () => {
    const up = uploadEventSchema.safeParse({ ...ingestExamples.uploads.events[0], period: { start: '2026-11-22', end: '2026-11-21' } });
    expect(up.success).toBe(false);
    const hb = heartbeatEventSchema.safeParse({ ...ingestExamples.heartbeats.events[0], status: undefined });
    expect(hb.success).toBe(false);
  });

  it('never throw on arbitrary input, and refuse anything that is not a batch', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const r = complaintBatchSchema.safeParse(value);
        return r.success === false || Array.isArray((value as { events?: unknown }).events);
      }),
      { numRuns: 500 },
    );
  });
});
