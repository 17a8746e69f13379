// Incidents: one per outage, `open -> acknowledged -> resolved` (open -> resolved is allowed too:
// a service can recover before anyone acknowledges, and a recovery is never suppressed).
//
// - `went_down` opens an incident unless one is still unresolved for the monitor (one per outage).
// - `recovered` resolves the unresolved incident automatically (actor `system`).
// - Acknowledging twice, acknowledging a resolved incident and resolving a resolved incident are
//   refused with a bilingual (Indonesian, English) error; nothing changes.
// - Escalation fires once per incident: when it is still `open` (not acknowledged) `afterMinutes`
//   after it opened and has not been escalated yet. Acknowledging stops it.
// - A technician may resolve by hand while the service is still down (e.g. "handled, waiting on
//   PLN"); the state machine will not open another incident until the service recovers and then
//   fails again, because the outage it announced is the same one.
// Every change appends to `timeline` (who, when, note): the audit trail of the incident.
import { DateTime } from 'luxon';
import { CITY_TIME_ZONE } from '../../../shared/domain-constants.ts';
import { MINUTE_MS, toMillis, type InstantInput } from '../time/local-time.ts';
import type { MonitorTransition } from './monitor-state.ts';

export const INCIDENT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export type IncidentEventKind =
  | 'opened'
  | 'acknowledged'
  | 'resolved'
  | 'escalated'
  | 'note'
  | 'maintenance_started'
  | 'maintenance_ended';

export interface IncidentTimelineEntry {
  at: Date;
  kind: IncidentEventKind;
  actor: string | null;
  note: string | null;
}

export interface Incident {
  id: string;
  monitor: string;
  status: IncidentStatus;
  openedAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  ackNote: string | null;
  resolvedAt: Date | null;
  /** Who resolved it; `system` when the service recovered by itself. */
  resolvedBy: string | null;
  escalatedAt: Date | null;
  /** Oldest first, in the order things happened to the record. */
  timeline: IncidentTimelineEntry[];
}

/** The actor for changes Pantau makes by itself (open on DOWN, resolve on recovery, escalate). */
export const SYSTEM_ACTOR = 'system';

export type IncidentErrorCode = 'already_acknowledged' | 'already_resolved' | 'actor_required';

export interface IncidentError {
  code: IncidentErrorCode;
  /** `id` = Bahasa Indonesia (shown by default), `en` = English. */
  message: { id: string; en: string };
}

export type IncidentResult = { ok: true; incident: Incident } | { ok: false; error: IncidentError };

function wib(at: Date): string {
  return DateTime.fromJSDate(at, { zone: CITY_TIME_ZONE }).toFormat("yyyy-MM-dd HH:mm 'WIB'");
}

function refuse(code: IncidentErrorCode, incident: Incident): IncidentResult {
  const messages: Record<IncidentErrorCode, () => { id: string; en: string }> = {
    already_acknowledged: () => ({
      id: `Insiden ini sudah ditangani oleh ${incident.acknowledgedBy ?? '-'} sejak ${wib(incident.acknowledgedAt as Date)}.`,
      en: `This incident was already acknowledged by ${incident.acknowledgedBy ?? '-'} at ${wib(incident.acknowledgedAt as Date)}.`,
    }),
    already_resolved: () => ({
      id: `Insiden ini sudah selesai sejak ${wib(incident.resolvedAt as Date)}; tidak dapat diubah lagi.`,
      en: `This incident was already resolved at ${wib(incident.resolvedAt as Date)}; it can no longer be changed.`,
    }),
    actor_required: () => ({
      id: 'Nama petugas wajib diisi.',
      en: 'The name of the person acting is required.',
    }),
  };
  return { ok: false, error: { code, message: messages[code]() } };
}

function cleanNote(note: string | null | undefined): string | null {
  const t = note?.trim();
  return t ? t : null;
}

function entry(at: InstantInput, kind: IncidentEventKind, actor: string | null, note: string | null): IncidentTimelineEntry {
  return { at: new Date(toMillis(at)), kind, actor, note };
}

export function openIncident(input: { id: string; monitor: string; at: InstantInput; note?: string | null }): Incident {
  const openedAt = new Date(toMillis(input.at));
  return {
    id: input.id,
    monitor: input.monitor,
    status: 'open',
    openedAt,
    acknowledgedAt: null,
    acknowledgedBy: null,
    ackNote: null,
    resolvedAt: null,
    resolvedBy: null,
    escalatedAt: null,
    timeline: [entry(openedAt, 'opened', SYSTEM_ACTOR, cleanNote(input.note))],
  };
}

/** `open -> acknowledged`: someone is on it. */
export function acknowledgeIncident(
  incident: Incident,
  input: { by: string; at: InstantInput; note?: string | null },
): IncidentResult {
  if (incident.status === 'resolved') return refuse('already_resolved', incident);
  if (incident.status === 'acknowledged') return refuse('already_acknowledged', incident);
  const by = input.by?.trim();
  if (!by) return refuse('actor_required', incident);
  const at = new Date(toMillis(input.at));
  const note = cleanNote(input.note);
  return {
    ok: true,
    incident: {
      ...incident,
      status: 'acknowledged',
      acknowledgedAt: at,
      acknowledgedBy: by,
      ackNote: note,
      timeline: [...incident.timeline, entry(at, 'acknowledged', by, note)],
    },
  };
}

/** `open | acknowledged -> resolved`. `by` defaults to `system` (automatic recovery). */
export function resolveIncident(
  incident: Incident,
  input: { at: InstantInput; by?: string | null; note?: string | null },
): IncidentResult {
  if (incident.status === 'resolved') return refuse('already_resolved', incident);
  const by = input.by === undefined || input.by === null ? SYSTEM_ACTOR : input.by.trim();
  if (!by) return refuse('actor_required', incident);
  const at = new Date(toMillis(input.at));
  return {
    ok: true,
    incident: {
      ...incident,
      status: 'resolved',
      resolvedAt: at,
      resolvedBy: by,
      timeline: [...incident.timeline, entry(at, 'resolved', by, cleanNote(input.note))],
    },
  };
}

/** A note on the timeline; allowed in every status (a post-mortem note after resolution too). */
export function addIncidentNote(incident: Incident, input: { by: string; at: InstantInput; note: string }): IncidentResult {
  const by = input.by?.trim();
  if (!by) return refuse('actor_required', incident);
  return { ok: true, incident: { ...incident, timeline: [...incident.timeline, entry(input.at, 'note', by, cleanNote(input.note))] } };
}

/** Still unacknowledged `afterMinutes` after opening, and not escalated yet. */
export function needsEscalation(incident: Incident, now: InstantInput, afterMinutes: number): boolean {
  return (
    incident.status === 'open' &&
    incident.escalatedAt === null &&
    toMillis(now) - incident.openedAt.getTime() >= afterMinutes * MINUTE_MS
  );
}

/** Records that the escalation went out (so it goes out once). */
export function markEscalated(incident: Incident, at: InstantInput, note?: string | null): Incident {
  if (incident.escalatedAt !== null || incident.status === 'resolved') return incident;
  const when = new Date(toMillis(at));
  return { ...incident, escalatedAt: when, timeline: [...incident.timeline, entry(when, 'escalated', SYSTEM_ACTOR, cleanNote(note))] };
}

export function isUnresolved(incident: Incident | null | undefined): incident is Incident {
  return !!incident && incident.status !== 'resolved';
}

/**
 * What a monitor transition does to the monitor's incident. `current` = its latest incident (or
 * null). Returns the incident to store (the same object when nothing changed) and what happened.
 */
export function applyMonitorTransition(
  current: Incident | null,
  transition: MonitorTransition,
  context: { monitor: string; newId: () => string },
): { incident: Incident | null; opened: boolean; resolved: boolean } {
  const unchanged = { incident: current, opened: false, resolved: false };
  switch (transition.type) {
    case 'went_down': {
      if (isUnresolved(current)) return unchanged;
      // The system writes no notes: a note is in one language for every reader; the kind says it.
      const incident = openIncident({ id: context.newId(), monitor: context.monitor, at: transition.at });
      return { incident, opened: true, resolved: false };
    }
    case 'recovered': {
      if (!isUnresolved(current)) return unchanged;
      const r = resolveIncident(current, { at: transition.at });
      return r.ok ? { incident: r.incident, opened: false, resolved: true } : unchanged;
    }
    case 'entered_maintenance':
    case 'left_maintenance': {
      if (!isUnresolved(current)) return unchanged;
      const kind = transition.type === 'entered_maintenance' ? 'maintenance_started' : 'maintenance_ended';
      return { incident: { ...current, timeline: [...current.timeline, entry(transition.at, kind, SYSTEM_ACTOR, null)] }, opened: false, resolved: false };
    }
  }
}
