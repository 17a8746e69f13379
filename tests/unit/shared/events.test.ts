import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { complaintEventSchema, heartbeatEventSchema, ingestExamples, uploadEventSchema, complaintBatchSchema } from '../../../shared/events.ts';
import { INGEST_LIMITS } from '../../../shared/domain-constants.ts';
import { wibDate } from '../../../shared/wib-time.ts';

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

  it('refuse every event time more than the allowed skew ahead of the clock, and accept one within it', () => {
    const at = (ms: number) => new Date(Date.now() + ms).toISOString();
    const ahead = at(INGEST_LIMITS.maxClockSkewMs + 60_000);
    const within = at(INGEST_LIMITS.maxClockSkewMs - 60_000);
    expect(INGEST_LIMITS.maxClockSkewMs).toBe(5 * 60_000);
    const refused = (schema: typeof complaintEventSchema | typeof uploadEventSchema | typeof heartbeatEventSchema, event: unknown) => {
      const r = schema.safeParse(event);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}:${(i as { params?: { rule?: string } }).params?.rule ?? i.code}`);
    };
    const complaint = ingestExamples.complaints.events[0];
    expect(refused(complaintEventSchema, { ...complaint, occurredAt: '2030-01-01T08:00:00+07:00' })).toEqual(['occurredAt:not_in_future']);
    expect(refused(complaintEventSchema, { ...complaint, occurredAt: ahead })).toEqual(['occurredAt:not_in_future']);
    expect(refused(complaintEventSchema, { ...complaint, occurredAt: within })).toEqual([]);
    expect(refused(complaintEventSchema, { ...complaint, submittedAt: ahead })).toEqual(['submittedAt:not_in_future']);
    // WIB written as UTC ("Z") is seven hours ahead: a time-zone mistake, refused.
    const wibAsUtc = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 19) + 'Z';
    expect(refused(complaintEventSchema, { ...complaint, occurredAt: wibAsUtc })).toEqual(['occurredAt:not_in_future']);

    const upload = ingestExamples.uploads.events[0];
    expect(refused(uploadEventSchema, { ...upload, occurredAt: ahead })).toEqual(['occurredAt:not_in_future']);
    // A period must have begun; it may end ahead (a weekly dataset due Friday covers the week to Sunday).
    const tomorrow = wibDate(Date.now() + 24 * 3600_000 + INGEST_LIMITS.maxClockSkewMs);
    const today = wibDate(Date.now());
    expect(refused(uploadEventSchema, { ...upload, period: { start: tomorrow, end: tomorrow } })).toEqual(['period.start:period_not_started']);
    expect(refused(uploadEventSchema, { ...upload, period: { start: today, end: tomorrow } })).toEqual([]);

    const beat = ingestExamples.heartbeats.events[0];
    expect(refused(heartbeatEventSchema, { ...beat, occurredAt: ahead })).toEqual(['occurredAt:not_in_future']);
    expect(refused(heartbeatEventSchema, { ...beat, occurredAt: within })).toEqual([]);
    // A time that is no time at all is a format problem, said once.
    expect(refused(heartbeatEventSchema, { ...beat, occurredAt: '2030-01-01' })).toEqual(['occurredAt:invalid_format']);
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
