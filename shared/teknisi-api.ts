// HTTP contract of the technicians' screen (/teknisi): incidents, monitors and maintenance
// windows. Used by the server routes and the client; live changes arrive over the `wall` room.
import type { MonitorState } from './domain-constants.ts';

export type IncidentStatus = 'open' | 'acknowledged' | 'resolved';
export type IncidentEventKind = 'opened' | 'acknowledged' | 'resolved' | 'escalated' | 'note' | 'maintenance_started' | 'maintenance_ended';

export interface IncidentView {
  id: string;
  monitor: { code: string; name: string; opd: { code: string; name: string }; target: string | null };
  status: IncidentStatus;
  openedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  ackNote: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  escalatedAt: string | null;
  timeline: { at: string; kind: IncidentEventKind; actor: string | null; note: string | null }[];
}

/** GET /api/v1/incidents?state=active|resolved&limit= (active: open and acknowledged, unacknowledged first). */
export interface IncidentListResponse {
  incidents: IncidentView[];
}

/** POST /api/v1/incidents/:id/acknowledge and /resolve. */
export interface IncidentActionRequest {
  note?: string;
}

/** A refused action (409), e.g. already acknowledged: `message.id` is Indonesian, `message.en` English. */
export interface ActionRefusal {
  error: string;
  message: { id: string; en: string };
}

export interface AvailabilityView {
  percent: number | null;
  upMs: number;
  downMs: number;
  maintenanceMs: number;
}

export interface MonitorSummary {
  code: string;
  name: string;
  opd: { code: string; name: string };
  kind: 'http' | 'tcp' | 'push';
  target: string | null;
  state: MonitorState;
  since: string | null;
  lastCheckAt: string | null;
  latencyMs: number | null;
  availability24h: number | null;
}

/** GET /api/v1/monitors */
export interface MonitorListResponse {
  monitors: MonitorSummary[];
}

/**
 * Maintenance window as stored: once (start, end ISO), daily or weekly (startTime HH:mm WIB,
 * durationMinutes, weekday 1 = Monday for weekly).
 */
export type MaintenanceWindowSpec =
  | { kind: 'once'; start: string; end: string }
  | { kind: 'daily'; startTime: string; durationMinutes: number; activeFrom?: string | null; activeUntil?: string | null }
  | { kind: 'weekly'; weekday: number; startTime: string; durationMinutes: number; activeFrom?: string | null; activeUntil?: string | null };

export interface MaintenanceWindowView {
  id: string;
  /** null when the window covers all of an OPD's monitors. */
  monitorCode: string | null;
  opdCode: string | null;
  window: MaintenanceWindowSpec;
  note: string | null;
  createdBy: string | null;
  createdAt: string;
  /** Whether it is in force right now. */
  activeNow: boolean;
}

/** GET /api/v1/monitors/:code */
export interface MonitorDetailResponse {
  monitor: MonitorSummary & { intervalSeconds: number; timeoutMs: number; failuresToDown: number; successesToUp: number; tags: string[] };
  availability: { h24: AvailabilityView; d7: AvailabilityView; d30: AvailabilityView };
  /** Over the last 24 h. */
  latency: { count: number; p50: number | null; p95: number | null; p99: number | null };
  /** Newest first, the last 100. */
  checks: { at: string; status: 'up' | 'down'; latencyMs: number | null; statusCode: number | null; message: string | null }[];
  /** Last 24 h in 5-minute buckets, oldest first (average latency of successful checks; null when none). */
  responseTimes: { t: string; latencyMs: number | null; down: number }[];
  /** Newest first, the last 20. */
  incidents: IncidentView[];
  maintenance: MaintenanceWindowView[];
}

/** POST /api/v1/monitors/:code/maintenance, PUT /api/v1/maintenance/:id */
export interface MaintenanceWindowRequest {
  window: MaintenanceWindowSpec;
  note?: string;
}
