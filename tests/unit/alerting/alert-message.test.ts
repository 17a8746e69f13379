import { describe, expect, it } from 'vitest';
import { buildAlertMessage, formatDuration, groupAlerts, type AlertItem } from '../../../server/alerting/alert-message.ts';

const item = (id: number, code: string, opd: string, target: string | null, kind: AlertItem['kind'] = 'down'): AlertItem => ({
  outboxId: id,
  kind,
  incidentId: `i${id}`,
  monitor: { code, name: `Layanan ${code}`, target },
  opd: { code: opd, name: `Dinas ${opd}` },
  openedAt: new Date('2026-11-22T03:04:00Z'),
  resolvedAt: kind === 'recovery' ? new Date('2026-11-22T04:34:00Z') : null,
  acknowledgedBy: null,
});

describe('alert grouping', () => {
  it('puts services of one dead host in one message whatever their OPD, the rest one per OPD and kind', () => {
    const groups = [
      ...groupAlerts([
        item(1, 'a', 'DLH', 'http://10.0.0.5/a'),
        item(2, 'b', 'DISHUB', 'http://10.0.0.5:8080/b'),
        item(3, 'c', 'DLH', 'http://10.0.0.9/c'),
        item(4, 'd', 'DLH', null),
        item(5, 'e', 'DLH', 'http://10.0.0.9/e', 'recovery'),
      ]).values(),
    ].map((g) => g.map((i) => i.outboxId));
    expect(groups).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('writes a plain Indonesian message naming each service and how long it has been down', () => {
    const now = new Date('2026-11-22T03:20:00Z');
    const down = buildAlertMessage('down', [item(1, 'a', 'DLH', 'http://10.0.0.5/a'), item(2, 'b', 'DISHUB', 'http://10.0.0.5/b')], now, 'http://pantau');
    expect(down.text).toBe('🔴 LAYANAN MATI (2) - server 10.0.0.5\n• Layanan a sejak 10.04 WIB\n• Layanan b sejak 10.04 WIB\nTangani di http://pantau/teknisi');
    expect(down.webhook).toMatchObject({ type: 'pantau.alert', event: 'down', group: { by: 'host' } });
    const up = buildAlertMessage('recovery', [item(5, 'e', 'DLH', null, 'recovery')], now, 'http://pantau');
    expect(up.text).toBe('🟢 PULIH (1) - Dinas DLH\n• Layanan e pulih setelah 1 jam 30 menit');
    expect(formatDuration(59 * 60_000)).toBe('59 menit');
  });
});
