import type { MonitorLive } from '../../../../shared/protocol.ts';
import type { IncidentView, MonitorSummary } from '../../../../shared/teknisi-api.ts';

export const OPD_NAMES: Record<string, string> = { DISKOMINFO: 'Dinas Komunikasi dan Informatika', DLH: 'Dinas Lingkungan Hidup' };
export const opdNameOf = (code: string) => OPD_NAMES[code] ?? code;

export function live(code: string, state: MonitorLive['state'], extra: Partial<MonitorLive> = {}): MonitorLive {
  return {
    code,
    name: `Layanan ${code}`,
    opd: 'DISKOMINFO',
    state,
    since: '2026-03-05T07:00:00.000Z',
    lastCheckAt: '2026-03-05T07:30:00.000Z',
    latencyMs: state === 'up' ? 120 : null,
    incident: null,
    ...extra,
  };
}

export function down(code: string, openedAt: string, ackBy: string | null = null, extra: Partial<MonitorLive> = {}): MonitorLive {
  return live(code, 'down', {
    since: openedAt,
    incident: { id: `I-${code}`, openedAt, acknowledgedBy: ackBy, acknowledgedAt: ackBy ? openedAt : null, note: null },
    ...extra,
  });
}

export function incident(code: string, openedAt: string, extra: Partial<IncidentView> = {}): IncidentView {
  return {
    id: `I-${code}`,
    monitor: { code, name: `Layanan ${code}`, opd: { code: 'DISKOMINFO', name: 'Diskominfo (dari API)' }, target: null },
    status: 'open',
    openedAt,
    acknowledgedAt: null,
    acknowledgedBy: null,
    ackNote: null,
    resolvedAt: null,
    resolvedBy: null,
    escalatedAt: null,
    timeline: [{ at: openedAt, kind: 'opened', actor: 'system', note: null }],
    ...extra,
  };
}

export function summary(code: string, state: MonitorSummary['state'], extra: Partial<MonitorSummary> = {}): MonitorSummary {
  return {
    code,
    name: `Layanan ${code}`,
    opd: { code: 'DLH', name: 'Dinas Lingkungan Hidup' },
    kind: 'http',
    target: `https://${code}.example/`,
    state,
    since: '2026-03-05T06:00:00.000Z',
    lastCheckAt: '2026-03-05T07:00:00.000Z',
    latencyMs: 90,
    availability24h: 99.5,
    ...extra,
  };
}

export const byMap = (...ms: MonitorLive[]): Record<string, MonitorLive> => Object.fromEntries(ms.map((m) => [m.code, m]));
