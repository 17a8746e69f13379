import { describe, expect, it } from 'vitest';
import { batchSchemas, type ComplaintEventInput } from '../../../shared/events.ts';
import { EventPool } from '../../../bench/load/event-pool.ts';

describe('EventPool', () => {
  const pool = new EventPool({ source: 'demo', runTag: 'unit', size: 2000 });

  it('holds the simulator mix and every event it hands out passes the ingest schema', () => {
    expect(pool.size('complaints')).toBeGreaterThan(0);
    expect(pool.size('heartbeats')).toBeGreaterThan(pool.size('complaints'));
    expect(pool.size('uploads')).toBeGreaterThan(0);
    const now = Date.parse('2026-11-22T03:00:00Z');
    for (const kind of ['complaints', 'heartbeats', 'uploads'] as const) {
      const parsed = batchSchemas[kind].safeParse({ events: pool.take(kind, 300, now) });
      expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 2))).toBe(true);
    }
  });

  it('gives every event a new id in each round through the pool, and moves its time to now', () => {
    const n = pool.size('heartbeats');
    const t1 = Date.parse('2026-11-22T03:00:00Z');
    const first = pool.take('heartbeats', n, t1);
    const second = pool.take('heartbeats', n, t1 + 60_000);
    const ids = new Set([...first, ...second].map((e) => e.externalId));
    expect(ids.size).toBe(2 * n);
    expect(Date.parse(second[0].occurredAt) - Date.parse(first[0].occurredAt)).toBe(60_000);
  });

  it('keeps a lifecycle together: its events share the complaint id and move in order', () => {
    const events = pool.take('complaints', 40, Date.now()) as ComplaintEventInput[];
    const byId = new Map<string, ComplaintEventInput[]>();
    for (const e of events) byId.set(e.externalId, [...(byId.get(e.externalId) ?? []), e]);
    const multi = [...byId.values()].find((list) => list.length > 1)!;
    expect(multi).toBeDefined();
    expect(new Set(multi.map((e) => e.submittedAt)).size).toBe(1);
    const times = multi.map((e) => Date.parse(e.occurredAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('in unique mode makes every complaint event a new, open complaint', () => {
    const unique = new EventPool({ source: 'demo', runTag: 'unit2', size: 1000, mode: 'unique' });
    const events = unique.take('complaints', unique.size('complaints') + 5, Date.now()) as ComplaintEventInput[];
    expect(events.every((e) => e.status === 'received')).toBe(true);
    expect(new Set(events.map((e) => e.externalId)).size).toBe(events.length);
  });

  it('makes markers submitted exactly at the given instant, public, recognisable by title', () => {
    const at = Date.parse('2026-11-22T03:00:00.123Z');
    const m = pool.marker(at, 'bench-marker-x-');
    const m2 = pool.marker(at, 'bench-marker-x-');
    expect(m.submittedAt).toBe('2026-11-22T03:00:00.123Z');
    expect(m.occurredAt).toBe(m.submittedAt);
    expect(m.privacy).toBe('public');
    expect(m.status).toBe('received');
    expect(m.title).toBe('bench-marker-x-1');
    expect(m.reporter).toBeUndefined();
    expect(m2.externalId).not.toBe(m.externalId);
    expect(batchSchemas.complaints.safeParse({ events: [m, m2] }).success).toBe(true);
  });
});
