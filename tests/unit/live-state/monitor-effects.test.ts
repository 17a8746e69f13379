// A monitor's last check alone (time, latency) is announced as `check:<code>`, which the push
// layer may hold back while the city is busy; anything a screen must show at once is `monitor:`.
import { describe, expect, it } from 'vitest';
import type { MonitorLive } from '../../../shared/protocol.ts';
import { emptyEffects, onlyLastCheckChanged, putMonitor } from '../../../server/live-state/live-effects.ts';

const up: MonitorLive = {
  code: 'sibisa',
  name: 'Sibisa',
  opd: 'DISDUKCAPIL',
  state: 'up',
  since: '2026-12-04T01:00:00.000Z',
  lastCheckAt: '2026-12-04T02:00:00.000Z',
  latencyMs: 80,
  incident: null,
};

describe('monitor effects', () => {
  it('tells a new check from a change a screen must show', () => {
    expect(onlyLastCheckChanged(up, { ...up, lastCheckAt: '2026-12-04T02:00:30.000Z', latencyMs: 95 })).toBe(true);
    expect(onlyLastCheckChanged(up, { ...up, state: 'down', since: '2026-12-04T02:00:30.000Z' })).toBe(false);
    expect(onlyLastCheckChanged(up, { ...up, incident: { id: 'i', openedAt: up.since!, acknowledgedBy: null, acknowledgedAt: null, note: null } })).toBe(false);
    expect(onlyLastCheckChanged(up, { ...up, name: 'Sibisa (baru)' })).toBe(false);
  });

  it('announces check:<code> for a new check and monitor:<code> otherwise, keeping the newest value', () => {
    const routine = emptyEffects();
    putMonitor(routine, 8, { ...up, lastCheckAt: '2026-12-04T02:00:30.000Z' }, up);
    expect(routine.changed).toEqual(['check:sibisa']);
    expect(routine.monitors).toEqual([{ version: 8, value: { ...up, lastCheckAt: '2026-12-04T02:00:30.000Z' } }]);

    const down = emptyEffects();
    putMonitor(down, 9, { ...up, state: 'down' }, up);
    expect(down.changed).toEqual(['monitor:sibisa']);

    // Without the view before (an acknowledgement, an admin's edit) it is always urgent.
    const unknown = emptyEffects();
    putMonitor(unknown, 9, up);
    expect(unknown.changed).toEqual(['monitor:sibisa']);
  });
});
