// The JS twin of APPLY_EFFECTS_LUA must leave exactly what the Lua leaves. The same scenario runs
// through LiveStateStore (the production code path) against the real Redis and the stand-in; the
// results, the announcements and every key under the prefix must be the same.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECENT_COMPLAINTS_LIMIT, type MonitorLive, type PublicComplaint } from '../../../shared/protocol.ts';
import { liveKeys } from '../../../server/live-state/live-keys.ts';
import { LiveStateStore } from '../../../server/live-state/live-state-store.ts';
import type { LiveEffects } from '../../../server/live-state/live-effects.ts';
import { deletePrefix, dumpPrefix, REAL_REDIS_URL, sleep, uniquePrefix, useStandIn } from './stand-in-fixture.ts';

const fixture = useStandIn();
let real: Redis;

beforeAll(async () => {
  real = new Redis(REAL_REDIS_URL, { maxRetriesPerRequest: 1 });
  await real.ping();
});
afterAll(() => real?.disconnect());

const day = '2026-11-22';
const minute = 29_876_543;

function complaint(i: number, overrides: Partial<PublicComplaint> = {}): PublicComplaint {
  return {
    id: `C-${String(i).padStart(4, '0')}`,
    channel: 'MRK',
    category: 'jalan-rusak',
    kecamatan: '12.71.01',
    opd: 'DPUPR',
    status: 'received',
    privacy: 'public',
    submittedAt: new Date(Date.UTC(2026, 10, 22, 1, 0, i)).toISOString(),
    title: `Jalan berlubang — nomor ${i}`,
    text: 'Lubang besar di depan sekolah, “sudah dua minggu” ✓',
    location: { lat: 3.5952, lon: 98.6722 },
    ...overrides,
  };
}

function monitor(code: string, state: MonitorLive['state']): MonitorLive {
  return { code, name: `Layanan ${code}`, opd: 'DISKOMINFO', state, since: '2026-11-22T01:00:00.000Z', lastCheckAt: null, latencyMs: 120, incident: null };
}

function effects(parts: Partial<LiveEffects>): LiveEffects {
  return { incr: {}, monitors: [], complaints: [], changed: ['kpi'], ...parts };
}

interface ScenarioResult {
  results: string[];
  announcements: string[];
  keys: Record<string, unknown>;
  state: unknown;
}

async function scenario(redis: Redis, subscriber: Redis, prefix: string): Promise<ScenarioResult> {
  const keys = liveKeys(prefix);
  const store = new LiveStateStore(redis, keys);
  const stream = `${prefix}stream:complaints`;
  const announcements: string[] = [];
  subscriber.on('message', (ch: string, msg: string) => {
    if (ch === keys.changedChannel) announcements.push(msg);
  });
  await subscriber.subscribe(keys.changedChannel);

  await redis.xgroup('CREATE', stream, 'processors', '0', 'MKSTREAM');
  const ids: string[] = [];
  for (let i = 1; i <= 4; i++) ids.push((await redis.xadd(stream, `${i}-0`, 'batch', `b${i}`))!);
  await redis.xreadgroup('GROUP', 'processors', 'c', 'COUNT', 10, 'STREAMS', stream, '>');
  const entry = (i: number) => ({ stream, group: 'processors', entryId: ids[i] });

  const results: string[] = [];
  const first = effects({
    incr: {
      kpi: { complaintsOpen: 2, servicesUp: 1 },
      [`day:${day}`]: { complaints: 2 },
      [`min:${minute}`]: { complaints: 2 },
      'kec:12.71.01': { open: 2 },
    },
    monitors: [{ version: 3, value: monitor('M1', 'up') }],
    complaints: [
      { version: 1, isNew: true, value: complaint(1) },
      { version: 1, isNew: true, value: complaint(2) },
    ],
  });
  // Not ready yet: nothing happens, the entry stays pending.
  results.push(await store.applyEffects(first, 'b1', entry(0)));
  await redis.set(keys.ready, 'yes');
  results.push(await store.applyEffects(first, 'b1', entry(0)));
  // The same entry again (a racing consumer): already acknowledged.
  results.push(await store.applyEffects(first, 'b1', entry(0)));
  // A batch the rebuild already counted: acknowledged, not applied.
  await redis.sadd(keys.rebuiltBatches, 'b2');
  results.push(await store.applyEffects(first, 'b2', entry(1)));
  // Versions: an older monitor update and an older complaint update are ignored; a newer one wins;
  // an update to a complaint no longer (or never) in the recent list is ignored.
  results.push(
    await store.applyEffects(
      effects({
        incr: { kpi: { complaintsOpen: -1 }, 'opd:DPUPR': { complaintsOpen: 1 } },
        monitors: [
          { version: 2, value: monitor('M1', 'down') },
          { version: 1, value: monitor('M2', 'down') },
        ],
        complaints: [
          { version: 1, isNew: false, value: complaint(1, { status: 'closed' }) },
          { version: 2, isNew: false, value: complaint(2, { status: 'in_progress' }) },
          { version: 5, isNew: false, value: complaint(99) },
        ],
      }),
      'b3',
      entry(2),
    ),
  );
  const beforeTrim = await dumpPrefix(redis, prefix);
  // Effects without a stream entry (replays), with many new complaints: the recent list is trimmed.
  const many = Array.from({ length: RECENT_COMPLAINTS_LIMIT + 5 }, (_, i) => ({
    version: 1,
    isNew: true,
    value: complaint(100 + i),
  }));
  results.push(await store.applyEffects(effects({ complaints: many, incr: { [`min:${minute + 1}`]: { uploads: 3 } } }), 'b5', null));
  // Empty effects still acknowledge and announce.
  results.push(await store.applyEffects(effects({ changed: [] }), 'b4', entry(3)));

  await sleep(100);
  const pending = await redis.xpending(stream, 'processors');
  const { state } = await store.readState({ now: new Date(minute * 60_000), day, kecamatanCodes: ['12.71.01', '12.71.02'], opdCodes: ['DPUPR'] });
  const dumped = await dumpPrefix(redis, prefix);
  return { results, announcements, keys: { ...dumped, pending, beforeTrim }, state };
}

describe('APPLY_EFFECTS: the stand-in twin matches the Lua on real Redis', () => {
  it('gives the same results, announcements, keys and live state', async () => {
    const prefix = uniquePrefix('apply-effects');
    const realSub = new Redis(REAL_REDIS_URL);
    const standIn = fixture.client();
    const standInSub = fixture.client();
    try {
      const expected = await scenario(real, realSub, prefix);
      const actual = await scenario(standIn, standInSub, prefix);
      expect(expected.results).toEqual([
        'not-ready',
        'applied',
        'already-acked',
        'counted-by-rebuild',
        'applied',
        'applied',
        'applied',
      ]);
      expect(actual.results).toEqual(expected.results);
      expect(actual.announcements).toEqual(expected.announcements);
      expect(actual.keys).toEqual(expected.keys);
      expect(actual.state).toEqual(expected.state);
      // The scenario really exercised trimming and TTLs.
      const recent = expected.keys['live:recent'] as { value: string[] };
      expect(recent.value.length).toBe(RECENT_COMPLAINTS_LIMIT * 2);
      expect((expected.keys[`live:day:${day}`] as { ttl: string }).ttl).toBe('set');
      const versions = (expected.keys.beforeTrim as Record<string, { value: Record<string, string> }>)['live:recent:v'].value;
      expect(versions).toEqual({ 'C-0001': '1', 'C-0002': '2' });
    } finally {
      realSub.disconnect();
      await deletePrefix(real, prefix);
      await deletePrefix(standIn, prefix);
    }
  });
});
