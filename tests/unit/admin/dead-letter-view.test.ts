// What a person sees of a dead letter: reporter identity cut out of the events and of the error.
import { describe, expect, it } from 'vitest';
import { REDACTED } from '../../../shared/admin-ops-api.ts';
import { detailOf, parseDeadLetter, redactEvents, summaryOf } from '../../../server/dead-letters/dead-letter-view.ts';

const reporter = { name: 'Siti Rahmawati', phone: '+62 811 2222 3333', email: 'siti@example.id', nik: '1271014404800002' };
const fields = (events: unknown[], reason: string) => ['kind', 'complaints', 'entryId', '1-1', 'batch', 'B1', 'source', 'demo', 'receivedAt', '2026-12-07T10:00:00.000Z', 'reason', reason, 'events', JSON.stringify(events)];

describe('dead letter view', () => {
  it('replaces each reporter field, at any depth, and keeps the rest', () => {
    const out = redactEvents([{ externalId: 'A', text: 'Jalan rusak', reporter }, { event: { reporter: 'Siti' } }]);
    expect(out[0]).toEqual({ externalId: 'A', text: 'Jalan rusak', reporter: { name: REDACTED, phone: REDACTED, email: REDACTED, nik: REDACTED } });
    expect(out[1]).toEqual({ event: { reporter: REDACTED } });
  });

  it('cuts reporter values out of the error text; the summary keeps its first line only', () => {
    const r = parseDeadLetter('1700000000000-0', fields([{ externalId: 'A', reporter }], `\nerror: Key (nik)=(${reporter.nik}) already exists\n  at x (${reporter.email})`))!;
    const s = summaryOf(r);
    expect(s).toMatchObject({ kind: 'complaints', batchId: 'B1', source: 'demo', eventCount: 1, at: '2023-11-14T22:13:20.000Z' });
    expect(s.reason).toBe(`error: Key (nik)=(${REDACTED}) already exists`);
    const d = detailOf(r);
    for (const v of Object.values(reporter)) expect(JSON.stringify(d)).not.toContain(v);
  });

  it('refuses an entry that is not a dead letter', () => {
    expect(parseDeadLetter('1-0', ['kind', 'nonsense', 'batch', 'B'])).toBeNull();
    expect(parseDeadLetter('1-0', fields([], 'x').map((f) => (f === '[]' ? 'not json' : f)))?.events).toEqual([]);
  });
});
