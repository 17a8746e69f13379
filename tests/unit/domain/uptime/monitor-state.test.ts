import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_MONITOR_CONFIG,
  applyCheck,
  applyMaintenance,
  healthHint,
  initialMonitorState,
  missedHeartbeats,
  restoreMonitorState,
  silenceSince,
  syntheticFailures,
  type MonitorConfig,
  type MonitorStateRecord,
  type MonitorTransition,
} from '../../../../server/domain/uptime/index.ts';

const T0 = Date.parse('2026-03-01T08:00:00+07:00');
const at = (i: number) => new Date(T0 + i * 30_000);

type Step = 'u' | 'd' | 'U' | 'D'; // lower case = normal, upper case = during maintenance

/** Runs a string like "ddduu" through the machine, one check every 30 s. */
function run(steps: string, config: MonitorConfig = DEFAULT_MONITOR_CONFIG, start = initialMonitorState()) {
  let record = start;
  const trace: { state: string; events: string[] }[] = [];
  const events: MonitorTransition[] = [];
  [...steps].forEach((c, i) => {
    const s = c as Step;
    const step = applyCheck(record, { at: at(i), status: s.toLowerCase() === 'u' ? 'up' : 'down', latencyMs: 100 }, config, s === s.toUpperCase());
    record = step.record;
    events.push(...step.events);
    trace.push({ state: record.state, events: step.events.map((e) => e.type) });
  });
  return { record, trace, events, states: trace.map((t) => t.state).join(','), types: events.map((e) => e.type) };
}

describe('hysteresis', () => {
  it.each([
    // [checks, displayed states after each check, events]
    ['u', 'pending', []],
    ['uu', 'pending,up', []],
    ['d', 'pending', []],
    ['dd', 'pending,pending', []],
    ['ddd', 'pending,pending,down', ['went_down']],
    ['dddu', 'pending,pending,down,down', ['went_down']],
    ['ddduu', 'pending,pending,down,down,up', ['went_down', 'recovered']],
    ['uud', 'pending,up,up', []],
    ['uudd', 'pending,up,up,up', []],
    ['uuddd', 'pending,up,up,up,down', ['went_down']],
    ['uuddud', 'pending,up,up,up,up,up', []],
    ['uudddudu', 'pending,up,up,up,down,down,down,down', ['went_down']],
    ['uudddduu', 'pending,up,up,up,down,down,down,up', ['went_down', 'recovered']],
    ['dudu', 'pending,pending,pending,pending', []],
  ] as [string, string, string[]][])('%s -> %s %j', (steps, states, types) => {
    const r = run(steps);
    expect(r.states).toBe(states);
    expect(r.types).toEqual(types);
  });

  it('3 failures -> down at the third, with the count on the event', () => {
    const r = run('uuddd');
    expect(r.events[0]).toEqual({ type: 'went_down', at: at(4), consecutiveFailures: 3 });
    expect(r.record).toMatchObject({ state: 'down', since: at(4), health: 'down', outageOpen: true, consecutiveFailures: 3 });
  });

  it('2 successes -> up, and the recovery is announced', () => {
    const r = run('uudddduu');
    expect(r.events[1]).toEqual({ type: 'recovered', at: at(7), consecutiveSuccesses: 2, duringMaintenance: false });
    expect(r.record).toMatchObject({ state: 'up', since: at(7), outageOpen: false, consecutiveSuccesses: 2, consecutiveFailures: 0 });
  });

  it('flags a confirmed state that is being challenged, without changing it', () => {
    expect(healthHint(run('uud').record)).toBe('suspect');
    expect(healthHint(run('uuddddu').record)).toBe('recovering');
    expect(healthHint(run('uu').record)).toBeNull();
  });

  it('flapping fail/success after an initial up never goes down', () => {
    const r = run('uu' + 'du'.repeat(200));
    expect(r.types).toEqual([]);
    expect(new Set(r.trace.slice(1).map((t) => t.state))).toEqual(new Set(['up']));
  });

  it('per-monitor thresholds', () => {
    expect(run('d', { failuresToDown: 1, successesToUp: 1 }).types).toEqual(['went_down']);
    expect(run('du', { failuresToDown: 1, successesToUp: 1 }).types).toEqual(['went_down', 'recovered']);
    expect(run('uuddddd', { failuresToDown: 5, successesToUp: 3 }).states.split(',').at(-1)).toBe('down');
    expect(run('uudddd', { failuresToDown: 5, successesToUp: 3 }).types).toEqual([]);
    expect(() => run('u', { failuresToDown: 0, successesToUp: 2 })).toThrow(RangeError);
  });

  it('keeps the latest latency and check time', () => {
    const r = applyCheck(initialMonitorState(), { at: '2026-03-01T08:00:00+07:00', status: 'up', latencyMs: 182 });
    expect(r.record.lastLatencyMs).toBe(182);
    expect(r.record.lastCheckAt).toEqual(new Date('2026-03-01T08:00:00+07:00'));
    expect(r.stateChanged).toBe(true);
  });
});

describe('out-of-order and duplicate results', () => {
  it('ignores a result at or before the last check', () => {
    const { record } = run('uu');
    const dup = applyCheck(record, { at: at(1), status: 'down' });
    expect(dup).toEqual({ record, events: [], ignored: true, stateChanged: false });
    const older = applyCheck(record, { at: at(0).getTime() - 1, status: 'down' });
    expect(older.ignored).toBe(true);
    expect(older.record).toBe(record);
  });
});

describe('maintenance', () => {
  it('shows maintenance, keeps counting, opens nothing; on exit the counters decide and the outage is announced then', () => {
    const r = run('uuDDDDD');
    expect(r.states).toBe('pending,up,maintenance,maintenance,maintenance,maintenance,maintenance');
    expect(r.types).toEqual(['entered_maintenance']);
    expect(r.record).toMatchObject({ state: 'maintenance', health: 'down', outageOpen: false, consecutiveFailures: 5 });
    const exit = applyMaintenance(r.record, false, at(7));
    expect(exit.events.map((e) => e.type)).toEqual(['left_maintenance', 'went_down']);
    expect(exit.record).toMatchObject({ state: 'down', since: at(7), outageOpen: true });
    expect(exit.events[1]).toMatchObject({ at: at(7), consecutiveFailures: 5 });
  });

  it('a service that fails and recovers inside the window raises nothing', () => {
    const r = run('uuDDDUUu');
    expect(r.types).toEqual(['entered_maintenance', 'left_maintenance']);
    expect(r.record.state).toBe('up');
  });

  it('maintenance ending with the service still unconfirmed shows what the counters say', () => {
    const r = run('uuDDDU' + 'd'); // one success in maintenance after 3 failures: still down at exit
    expect(r.types).toEqual(['entered_maintenance', 'left_maintenance', 'went_down']);
    expect(r.record.state).toBe('down');
  });

  it('an outage announced before maintenance is not announced twice; its recovery is never suppressed', () => {
    const r = run('uudddDDDUU');
    expect(r.types).toEqual(['went_down', 'entered_maintenance', 'recovered']);
    const recovered = r.events[2] as Extract<MonitorTransition, { type: 'recovered' }>;
    expect(recovered.duringMaintenance).toBe(true);
    expect(r.record).toMatchObject({ state: 'maintenance', health: 'up', outageOpen: false });
    const still = run('uudddDDDd');
    expect(still.types).toEqual(['went_down', 'entered_maintenance', 'left_maintenance']);
    expect(still.record).toMatchObject({ state: 'down', outageOpen: true });
  });

  it('maintenance boundaries by timer tick are idempotent', () => {
    const { record } = run('uu');
    const enter = applyMaintenance(record, true, at(2));
    expect(enter.events).toEqual([{ type: 'entered_maintenance', at: at(2), health: 'up' }]);
    expect(enter.record).toMatchObject({ state: 'maintenance', since: at(2) });
    const again = applyMaintenance(enter.record, true, at(3));
    expect(again.events).toEqual([]);
    expect(again.record).toBe(enter.record);
    const leave = applyMaintenance(enter.record, false, at(4));
    expect(leave.events).toEqual([{ type: 'left_maintenance', at: at(4), state: 'up' }]);
    expect(leave.record).toMatchObject({ state: 'up', since: at(4) });
    expect(applyMaintenance(leave.record, false, at(5)).record).toBe(leave.record);
  });

  it('a never-checked monitor can sit in maintenance and comes out unknown', () => {
    const enter = applyMaintenance(initialMonitorState(), true, at(0));
    expect(enter.record.state).toBe('maintenance');
    expect(applyMaintenance(enter.record, false, at(1)).record.state).toBe('unknown');
  });
});

describe('restoreMonitorState (from the monitors table)', () => {
  it('uses the stored state outside maintenance', () => {
    const r = restoreMonitorState(
      { state: 'down', since: '2026-03-01T08:00:00+07:00', consecutiveFailures: 4, consecutiveSuccesses: 0, lastCheckAt: T0 },
      false,
    );
    expect(r).toMatchObject({ state: 'down', health: 'down', outageOpen: true });
    expect(applyCheck(r, { at: T0 + 1, status: 'down' }).events).toEqual([]);
  });

  it('restores health from the counters during maintenance and takes the open incident into account', () => {
    const base = { state: 'maintenance' as const, since: T0, lastCheckAt: T0 };
    expect(restoreMonitorState({ ...base, consecutiveFailures: 3, consecutiveSuccesses: 0 }, true).health).toBe('down');
    expect(restoreMonitorState({ ...base, consecutiveFailures: 0, consecutiveSuccesses: 2 }, false).health).toBe('up');
    expect(restoreMonitorState({ ...base, consecutiveFailures: 1, consecutiveSuccesses: 0 }, false).health).toBe('pending');
    expect(restoreMonitorState({ ...base, consecutiveFailures: 0, consecutiveSuccesses: 0 }, false).health).toBe('unknown');
    const open = restoreMonitorState({ ...base, consecutiveFailures: 0, consecutiveSuccesses: 2 }, true);
    expect(applyMaintenance(open, true, T0 + 1).events.map((e) => e.type)).toEqual(['recovered']);
  });
});

describe('push monitors: missed heartbeats', () => {
  const last = Date.parse('2026-03-01T08:00:00+07:00');
  it.each([
    [0, 0],
    [30_000, 0],
    [40_000, 0],
    [40_001, 1],
    [70_000, 1],
    [70_001, 2],
    [3_600_000, 119],
  ])('silence %i ms with interval 30 s, grace 10 s -> %i missed', (silence, missed) => {
    expect(missedHeartbeats(last, 30, 10, last + silence)).toBe(missed);
  });

  it('synthetic failures bring a silent push monitor down after three missed beats, and repeating a tick adds nothing', () => {
    let record = run('uu').record;
    const lastHeartbeatAt = record.lastCheckAt!;
    const now = lastHeartbeatAt.getTime() + 100_001; // beats due at +30, +60, +90 s (+10 s grace) missed
    const failures = syntheticFailures({ lastHeartbeatAt, lastCheckAt: record.lastCheckAt, intervalSeconds: 30, graceSeconds: 10, now });
    expect(failures.map((f) => (f.at as Date).getTime() - lastHeartbeatAt.getTime())).toEqual([40_000, 70_000, 100_000]);
    const events: string[] = [];
    for (const f of failures) {
      const s = applyCheck(record, f);
      record = s.record;
      events.push(...s.events.map((e) => e.type));
    }
    expect(events).toEqual(['went_down']);
    expect(syntheticFailures({ lastHeartbeatAt, lastCheckAt: record.lastCheckAt, intervalSeconds: 30, graceSeconds: 10, now })).toEqual([]);
    const later = syntheticFailures({ lastHeartbeatAt, lastCheckAt: record.lastCheckAt, intervalSeconds: 30, graceSeconds: 10, now: now + 30_000 });
    expect(later.map((f) => (f.at as Date).getTime() - lastHeartbeatAt.getTime())).toEqual([130_000]);
  });

  it('counts silence only since Pantau was listening again: a fresh interval + grace after a start', () => {
    const lastHeartbeatAt = Date.parse('2026-03-01T08:00:00+07:00');
    const listeningSince = lastHeartbeatAt + 10 * 60_000; // Pantau was down for ten minutes
    const at = (now: number) =>
      syntheticFailures({ lastHeartbeatAt, listeningSince, intervalSeconds: 30, graceSeconds: 10, now }).map((f) => (f.at as Date).getTime() - listeningSince);
    expect(at(listeningSince)).toEqual([]);
    expect(at(listeningSince + 40_000)).toEqual([]);
    expect(at(listeningSince + 40_001)).toEqual([40_000]);
    expect(at(listeningSince + 100_001)).toEqual([40_000, 70_000, 100_000]);
    // A heartbeat after the start is what counts then; an earlier "listening since" changes nothing.
    expect(silenceSince(listeningSince + 5_000, listeningSince)).toBe(listeningSince + 5_000);
    expect(silenceSince(lastHeartbeatAt, null)).toBe(lastHeartbeatAt);
  });

  it('caps a long silence and continues where it left off', () => {
    const first = syntheticFailures({ lastHeartbeatAt: 0, intervalSeconds: 30, graceSeconds: 0, now: 86_400_000, limit: 5 });
    expect(first).toHaveLength(5);
    const next = syntheticFailures({ lastHeartbeatAt: 0, lastCheckAt: first[4].at, intervalSeconds: 30, graceSeconds: 0, now: 86_400_000, limit: 2 });
    expect(next.map((f) => f.at)).toEqual([new Date(180_000), new Date(210_000)]);
  });
});

describe('state machine properties', () => {
  const arbConfig = fc.record({ failuresToDown: fc.integer({ min: 1, max: 5 }), successesToUp: fc.integer({ min: 1, max: 5 }) });
  const arbInput = fc.array(
    fc.record({
      gap: fc.integer({ min: -60_000, max: 120_000 }), // negative: an out-of-order result
      up: fc.boolean(),
      maintenance: fc.boolean(),
      tick: fc.boolean(), // a maintenance tick before the check
    }),
    { maxLength: 120 },
  );

  function simulate(config: MonitorConfig, input: { gap: number; up: boolean; maintenance: boolean; tick: boolean }[]) {
    let record: MonitorStateRecord = initialMonitorState();
    let t = T0;
    const events: MonitorTransition[] = [];
    const checks: { record: MonitorStateRecord; inMaintenance: boolean }[] = [];
    for (const i of input) {
      t += i.gap;
      if (i.tick) {
        const s = applyMaintenance(record, i.maintenance, t);
        record = s.record;
        events.push(...s.events);
      }
      const s = applyCheck(record, { at: t, status: i.up ? 'up' : 'down' }, config, i.maintenance);
      if (s.ignored) expect(s.record).toBe(record);
      record = s.record;
      events.push(...s.events);
      checks.push({ record, inMaintenance: i.maintenance });
    }
    return { record, events, checks };
  }

  it('went_down and recovered alternate, starting with went_down (so downs <= recoveries + 1)', () => {
    fc.assert(
      fc.property(arbConfig, arbInput, (config, input) => {
        const outage = simulate(config, input).events.filter((e) => e.type === 'went_down' || e.type === 'recovered').map((e) => e.type);
        outage.forEach((type, i) => expect(type).toBe(i % 2 === 0 ? 'went_down' : 'recovered'));
        const downs = outage.filter((t) => t === 'went_down').length;
        expect(downs).toBeLessThanOrEqual(outage.length - downs + 1);
      }),
    );
  });

  it('entered/left maintenance alternate; outside maintenance the display equals health and an outage is open iff down', () => {
    fc.assert(
      fc.property(arbConfig, arbInput, (config, input) => {
        const { events, checks } = simulate(config, input);
        const maint = events.filter((e) => e.type.endsWith('_maintenance')).map((e) => e.type);
        maint.forEach((type, i) => expect(type).toBe(i % 2 === 0 ? 'entered_maintenance' : 'left_maintenance'));
        for (const { record } of checks) {
          if (record.state !== 'maintenance') {
            expect(record.state).toBe(record.health);
            expect(record.outageOpen).toBe(record.health === 'down');
          }
          expect(record.consecutiveFailures === 0 || record.consecutiveSuccesses === 0).toBe(true);
        }
      }),
    );
  });

  it('no went_down while in maintenance', () => {
    fc.assert(
      fc.property(arbConfig, arbInput, (config, input) => {
        let record = initialMonitorState();
        let t = T0;
        for (const i of input) {
          t += Math.abs(i.gap) + 1;
          const s = applyCheck(record, { at: t, status: i.up ? 'up' : 'down' }, config, i.maintenance);
          if (i.maintenance) expect(s.events.map((e) => e.type)).not.toContain('went_down');
          record = s.record;
        }
      }),
    );
  });

  it('stale results interleaved into a sequence change nothing', () => {
    fc.assert(
      fc.property(
        arbConfig,
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 60_000 }), fc.boolean(), fc.integer({ min: 0, max: 10 })), { maxLength: 80 }),
        (config, seq) => {
          let clean = initialMonitorState();
          let noisy = initialMonitorState();
          let t = T0;
          for (const [up, gap, injectStale, back] of seq) {
            t += gap;
            clean = applyCheck(clean, { at: t, status: up ? 'up' : 'down' }, config).record;
            noisy = applyCheck(noisy, { at: t, status: up ? 'up' : 'down' }, config).record;
            if (injectStale) {
              const stale = applyCheck(noisy, { at: t - back * 1000, status: up ? 'down' : 'up' }, config);
              expect(stale.ignored).toBe(true);
              noisy = stale.record;
            }
          }
          expect(noisy).toEqual(clean);
        },
      ),
    );
  });

  it('with default thresholds, down needs 3 failures in a row and up 2 successes in a row', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 100 }), (seq) => {
        let record = initialMonitorState();
        let run = { up: 0, down: 0 };
        seq.forEach((up, i) => {
          const prev = record.state;
          run = up ? { up: run.up + 1, down: 0 } : { up: 0, down: run.down + 1 };
          record = applyCheck(record, { at: T0 + i, status: up ? 'up' : 'down' }).record;
          if (record.state === 'down' && prev !== 'down') expect(run.down).toBe(3);
          if (record.state === 'up' && prev !== 'up') expect(run.up).toBe(2);
        });
      }),
    );
  });
});
