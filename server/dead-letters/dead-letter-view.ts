// What a person may see of a dead letter. Pure: no I/O. Reporter identity (name, phone, e-mail,
// NIK) never leaves the server for display, nor goes into the audit trail: a dead letter holds
// the raw batch, so it is cut out here, from the events and from the error text alike.
import { EVENT_KINDS, type EventKind } from '../../shared/events.ts';
import { REDACTED, type DeadLetterDetail, type DeadLetterSummary } from '../../shared/admin-ops-api.ts';

/** A dead-letter stream entry as stored by server/streams/event-stream.ts deadLetter(). */
export interface DeadLetterRecord {
  id: string;
  kind: EventKind;
  entryId: string;
  batchId: string;
  source: string;
  receivedAt: string;
  reason: string;
  events: unknown[];
}

export function parseDeadLetter(id: string, fields: string[]): DeadLetterRecord | null {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]] = fields[i + 1];
  if (!(EVENT_KINDS as readonly string[]).includes(f.kind) || !f.batch) return null;
  let events: unknown[] = [];
  try {
    const parsed: unknown = JSON.parse(f.events ?? '[]');
    events = Array.isArray(parsed) ? parsed : [];
  } catch {
    events = [];
  }
  return { id, kind: f.kind as EventKind, entryId: f.entryId ?? '', batchId: f.batch, source: f.source ?? '', receivedAt: f.receivedAt ?? '', reason: f.reason ?? '', events };
}

/** Stream IDs are `<ms>-<seq>` of Redis's clock: the moment the batch was moved aside. */
export function atOf(id: string): string {
  const ms = Number(id.split('-')[0]);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : '';
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every reporter identity value in the events (to cut out of free text such as an error). */
function identityValues(events: unknown[]): string[] {
  const out: string[] = [];
  const visit = (v: unknown, depth: number): void => {
    if (depth > 8) return;
    if (Array.isArray(v)) return v.forEach((x) => visit(x, depth + 1));
    if (!isRecord(v)) return;
    for (const [k, x] of Object.entries(v)) {
      if (k !== 'reporter') {
        visit(x, depth + 1);
        continue;
      }
      const values = isRecord(x) ? Object.values(x) : [x];
      for (const y of values) if (typeof y === 'string' && y.trim().length >= 3) out.push(y);
    }
  };
  visit(events, 0);
  return out.sort((a, b) => b.length - a.length);
}

/** The events with each reporter's fields replaced by a mark (the field names stay: they say what was there). */
export function redactEvents(events: unknown[]): Record<string, unknown>[] {
  const scrub = (v: unknown, depth: number): unknown => {
    if (depth > 8) return '[…]';
    if (Array.isArray(v)) return v.map((x) => scrub(x, depth + 1));
    if (!isRecord(v)) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === 'reporter') out[k] = isRecord(x) ? Object.fromEntries(Object.keys(x).map((f) => [f, REDACTED])) : x == null ? x : REDACTED;
      else out[k] = scrub(x, depth + 1);
    }
    return out;
  };
  return events.map((e) => (isRecord(e) ? (scrub(e, 0) as Record<string, unknown>) : { value: scrub(e, 0) }));
}

/** The error text with any reporter identity of the batch cut out (a database error may quote a value). */
export function redactReason(reason: string, events: unknown[]): string {
  let out = reason;
  for (const v of identityValues(events)) out = out.split(v).join(REDACTED);
  return out;
}

export function summaryOf(r: DeadLetterRecord): DeadLetterSummary {
  const firstLine = redactReason(r.reason, r.events).split('\n').find((l) => l.trim()) ?? '';
  return { id: r.id, kind: r.kind, at: atOf(r.id), receivedAt: r.receivedAt, batchId: r.batchId, source: r.source, eventCount: r.events.length, reason: firstLine.trim().slice(0, 300) };
}

export function detailOf(r: DeadLetterRecord): DeadLetterDetail {
  return { ...summaryOf(r), reasonFull: redactReason(r.reason, r.events), events: redactEvents(r.events) };
}
