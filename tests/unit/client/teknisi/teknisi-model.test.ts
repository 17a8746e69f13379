import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  activeIncidentRows,
  filterMonitors,
  foldText,
  httpListIsBehind,
  liveIncidentIds,
  monitorRows,
  newDownAlerts,
  sortIncidents,
  sortWorstFirst,
  STATE_RANK,
  type MonitorRow,
} from '../../../../client/src/teknisi/teknisi-model.ts';
import { MONITOR_STATES } from '../../../../shared/domain-constants.ts';
import { byMap, down, incident, live, opdNameOf, summary } from './teknisi-fixtures.ts';

describe('activeIncidentRows', () => {
  it('without live data shows the HTTP list, minus resolved and locally resolved ones', () => {
    const rows = activeIncidentRows(
      [
        incident('a', '2026-03-05T07:00:00Z'),
        incident('b', '2026-03-05T06:00:00Z', { status: 'resolved', resolvedAt: '2026-03-05T06:30:00Z' }),
        incident('c', '2026-03-05T06:50:00Z'),
      ],
      null,
      opdNameOf,
      new Set(['I-c']),
    );
    expect(rows.map((r) => r.id)).toEqual(['I-a']);
    expect(rows[0].opdName).toBe('Diskominfo (dari API)');
    expect(rows[0].monitorState).toBeNull();
  });

  it('with live data, the live store decides what is active; HTTP only enriches', () => {
    const rows = activeIncidentRows(
      // `gone-from-live` is still in an old HTTP list but the live store has no incident for it.
      [incident('x', '2026-03-05T07:00:00Z', { escalatedAt: '2026-03-05T07:15:00Z' }), incident('gone-from-live', '2026-03-05T06:00:00Z')],
      byMap(down('x', '2026-03-05T07:00:00Z'), down('new', '2026-03-05T07:20:00Z'), live('ok', 'up'), live('gone-from-live', 'up')),
      opdNameOf,
    );
    expect(rows.map((r) => r.id).sort()).toEqual(['I-new', 'I-x']);
    const x = rows.find((r) => r.id === 'I-x');
    expect(x?.escalatedAt).toBe('2026-03-05T07:15:00Z');
    expect(x?.opdName).toBe('Diskominfo (dari API)');
    // Not in the HTTP list yet: the OPD name comes from the reference data.
    expect(rows.find((r) => r.id === 'I-new')?.opdName).toBe('Dinas Komunikasi dan Informatika');
    expect(rows.find((r) => r.id === 'I-new')?.monitorState).toBe('down');
  });

  it('acknowledgement only goes one way: whichever source says acknowledged wins', () => {
    // Our own action's answer (HTTP) arrived before the push.
    const fromHttp = activeIncidentRows(
      [incident('a', '2026-03-05T07:00:00Z', { status: 'acknowledged', acknowledgedBy: 'rina', acknowledgedAt: '2026-03-05T07:05:00Z', ackNote: 'cek' })],
      byMap(down('a', '2026-03-05T07:00:00Z')),
      opdNameOf,
    );
    expect(fromHttp[0]).toMatchObject({ acknowledgedBy: 'rina', acknowledgedAt: '2026-03-05T07:05:00Z', ackNote: 'cek' });
    // The push arrived before the next fetch.
    const fromLive = activeIncidentRows([incident('a', '2026-03-05T07:00:00Z')], byMap(down('a', '2026-03-05T07:00:00Z', 'budi')), opdNameOf);
    expect(fromLive[0].acknowledgedBy).toBe('budi');
  });

  it('hides an incident the HTTP list or this page knows is resolved, even if a late push still shows it', () => {
    const m = byMap(down('a', '2026-03-05T07:00:00Z'), down('b', '2026-03-05T07:00:00Z'));
    const rows = activeIncidentRows([incident('a', '2026-03-05T07:00:00Z', { status: 'resolved' })], m, opdNameOf, new Set(['I-b']));
    expect(rows).toEqual([]);
  });

  it('sorts not yet handled first, then the longest outage first, then by name', () => {
    const rows = activeIncidentRows(
      null,
      byMap(
        down('acked-old', '2026-03-05T05:00:00Z', 'budi'),
        down('new', '2026-03-05T07:00:00Z'),
        down('old', '2026-03-05T06:00:00Z'),
        down('b-same', '2026-03-05T06:30:00Z'),
        down('a-same', '2026-03-05T06:30:00Z'),
      ),
      opdNameOf,
    );
    expect(rows.map((r) => r.monitorCode)).toEqual(['old', 'a-same', 'b-same', 'new', 'acked-old']);
  });

  it('sortIncidents puts every unacknowledged row before every acknowledged one (property)', () => {
    const row = fc.record({
      acknowledgedBy: fc.option(fc.constantFrom('a', 'b'), { nil: null }),
      openedAt: fc.integer({ min: 0, max: 10_000_000 }).map((ms) => new Date(Date.UTC(2026, 0, 1) + ms * 1000).toISOString()),
      monitorName: fc.string({ maxLength: 5 }),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), (rows) => {
        const sorted = sortIncidents(rows);
        const firstAcked = sorted.findIndex((r) => r.acknowledgedBy !== null);
        const lastOpen = sorted.map((r) => r.acknowledgedBy === null).lastIndexOf(true);
        expect(firstAcked === -1 || lastOpen < firstAcked).toBe(true);
        for (let i = 1; i < sorted.length; i++) {
          if ((sorted[i - 1].acknowledgedBy === null) === (sorted[i].acknowledgedBy === null)) {
            expect(Date.parse(sorted[i - 1].openedAt)).toBeLessThanOrEqual(Date.parse(sorted[i].openedAt));
          }
        }
        expect(sorted).toHaveLength(rows.length);
      }),
    );
  });
});

describe('httpListIsBehind', () => {
  it('is behind without a list, with an unknown active incident, or an acknowledgement it lacks', () => {
    const m = byMap(down('a', '2026-03-05T07:00:00Z'));
    expect(httpListIsBehind(null, m)).toBe(true);
    expect(httpListIsBehind([], m)).toBe(true);
    expect(httpListIsBehind([incident('a', '2026-03-05T07:00:00Z')], m)).toBe(false);
    expect(httpListIsBehind([incident('a', '2026-03-05T07:00:00Z')], byMap(down('a', '2026-03-05T07:00:00Z', 'budi')))).toBe(true);
    expect(httpListIsBehind([], byMap(live('ok', 'up')))).toBe(false);
  });
});

describe('newDownAlerts', () => {
  it('announces only incidents it has not seen, on monitors that are down now', () => {
    const before = byMap(down('a', '2026-03-05T07:00:00Z'), live('b', 'up'), live('c', 'up'));
    const known = liveIncidentIds(before);
    const after = byMap(
      down('a', '2026-03-05T07:00:00Z'),
      down('b', '2026-03-05T07:10:00Z'),
      // An incident on a monitor that is no longer down (e.g. already recovering) is not a new DOWN.
      live('c', 'pending', { incident: { id: 'I-c', openedAt: '2026-03-05T07:09:00Z', acknowledgedBy: null, acknowledgedAt: null, note: null } }),
    );
    const result = newDownAlerts(known, after);
    expect(result.alerts.map((m) => m.code)).toEqual(['b']);
    expect([...result.known].sort()).toEqual(['I-a', 'I-b', 'I-c']);
    // Seen once, never again; a second outage of the same service is a new incident and is announced.
    expect(newDownAlerts(result.known, after).alerts).toEqual([]);
    const again = byMap(down('b', '2026-03-05T08:00:00Z', null, { incident: { id: 'I-b2', openedAt: '2026-03-05T08:00:00Z', acknowledgedBy: null, acknowledgedAt: null, note: null } }));
    expect(newDownAlerts(result.known, again).alerts.map((m) => m.incident?.id)).toEqual(['I-b2']);
  });

  it('lists several new outages longest first', () => {
    const result = newDownAlerts(new Set(), byMap(down('late', '2026-03-05T07:10:00Z'), down('early', '2026-03-05T07:00:00Z')));
    expect(result.alerts.map((m) => m.code)).toEqual(['early', 'late']);
  });
});

describe('monitor list', () => {
  const row = (code: string, state: MonitorRow['state'], extra: Partial<MonitorRow> = {}): MonitorRow => ({
    code,
    name: `Layanan ${code}`,
    opdCode: 'DLH',
    opdName: 'Dinas Lingkungan Hidup',
    state,
    since: null,
    lastCheckAt: null,
    latencyMs: null,
    kind: null,
    target: null,
    availability24h: null,
    incidentId: null,
    acknowledgedBy: null,
    ...extra,
  });

  it('merges: live decides which monitors exist and their state; HTTP adds kind, target, availability', () => {
    const rows = monitorRows(
      [summary('a', 'up', { latencyMs: 999 }), summary('removed', 'up')],
      byMap(down('a', '2026-03-05T07:00:00Z', 'budi'), live('b', 'up')),
      opdNameOf,
    );
    expect(rows.map((r) => r.code).sort()).toEqual(['a', 'b']);
    const a = rows.find((r) => r.code === 'a');
    expect(a).toMatchObject({ state: 'down', latencyMs: null, kind: 'http', availability24h: 99.5, opdName: 'Dinas Lingkungan Hidup', incidentId: 'I-a', acknowledgedBy: 'budi' });
    expect(rows.find((r) => r.code === 'b')).toMatchObject({ kind: null, opdName: 'Dinas Komunikasi dan Informatika' });
  });

  it('falls back to the HTTP list before live data arrives', () => {
    expect(monitorRows([summary('a', 'pending')], null, opdNameOf).map((r) => [r.code, r.state])).toEqual([['a', 'pending']]);
    expect(monitorRows(null, null, opdNameOf)).toEqual([]);
  });

  it('sorts worst first: down (longest first), pending, unknown, maintenance, up; then by name', () => {
    const sorted = sortWorstFirst([
      row('u2', 'up', { name: 'Beta' }),
      row('m', 'maintenance'),
      row('d-new', 'down', { since: '2026-03-05T07:00:00Z' }),
      row('u1', 'up', { name: 'alpha' }),
      row('p', 'pending'),
      row('d-old', 'down', { since: '2026-03-05T06:00:00Z' }),
      row('x', 'unknown'),
    ]);
    expect(sorted.map((r) => r.code)).toEqual(['d-old', 'd-new', 'p', 'x', 'm', 'u1', 'u2']);
  });

  it('ranks every state', () => {
    expect(Object.keys(STATE_RANK).sort()).toEqual([...MONITOR_STATES].sort());
  });

  it('filters on every word, ignoring case and accents, across name, code and OPD', () => {
    const rows = [
      row('mrk-web', 'up', { name: 'Medan Rumah Kita (MRK)', opdCode: 'DISKOMINFO', opdName: 'Dinas Komunikasi dan Informatika' }),
      row('sibisa', 'up', { name: 'Sibisa (administrasi kependudukan)', opdCode: 'DISDUKCAPIL', opdName: 'Dinas Kependudukan dan Pencatatan Sipil' }),
      row('cafe', 'up', { name: 'Café Layanan' }),
    ];
    expect(filterMonitors(rows, '').map((r) => r.code)).toEqual(['mrk-web', 'sibisa', 'cafe']);
    expect(filterMonitors(rows, '  mrk ').map((r) => r.code)).toEqual(['mrk-web']);
    expect(filterMonitors(rows, 'dinas KOMUNIKASI').map((r) => r.code)).toEqual(['mrk-web']);
    expect(filterMonitors(rows, 'disdukcapil').map((r) => r.code)).toEqual(['sibisa']);
    expect(filterMonitors(rows, 'cafe').map((r) => r.code)).toEqual(['cafe']);
    expect(filterMonitors(rows, 'mrk sibisa')).toEqual([]);
    expect(foldText('Ïndonésia')).toBe('indonesia');
  });
});
