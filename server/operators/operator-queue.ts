// The queue as operators see it: plain functions from stored rows and reference data to the
// shared contract (shared/operator-api.ts). The routing suggestion is computed here, from the
// rules in force now, so it says which rule matched and why (category, area, keyword).
import type { Privacy } from '../../shared/domain-constants.ts';
import type { CodeName, DuplicateCandidate, MediaLink, QueueItem, QueueState, RoutingBasis, RoutingSuggestion, TakenBy } from '../../shared/operator-api.ts';
import { routeComplaint } from '../domain/complaints/complaint-routing.ts';
import type { ReferenceSnapshot } from '../repositories/reference-repository.ts';
import type { DuplicateRow, QueueRow } from './operator-repository.ts';

export const QUEUE_STATES: readonly QueueState[] = ['received', 'verified', 'reopened', 'handed_back', 'dispatched', 'in_progress'];

const iso = (v: string | Date | null | undefined): string | null => (v === null || v === undefined ? null : new Date(v).toISOString());

export function opdOf(ref: ReferenceSnapshot, code: string | null): CodeName | null {
  if (!code) return null;
  return { code, name: ref.opd.get(code)?.name ?? code };
}

const categoryOf = (ref: ReferenceSnapshot, code: string): CodeName => ({ code, name: ref.categories.get(code)?.name ?? code });
const channelOf = (ref: ReferenceSnapshot, code: string): CodeName => ({ code, name: ref.channels.get(code) ?? code });
const kecamatanOf = (ref: ReferenceSnapshot, code: string | null): CodeName | null => (code ? { code, name: ref.kecamatan.get(code)?.name ?? code } : null);
const kelurahanOf = (ref: ReferenceSnapshot, code: string | null): CodeName | null => (code ? { code, name: ref.kelurahan.get(code)?.name ?? code } : null);

/** Where the routing rules send this complaint now, and which of the rule's conditions matched. */
export function suggestionFor(
  ref: ReferenceSnapshot,
  complaint: { category: string; kecamatan: string | null; title: string | null; text: string | null },
): RoutingSuggestion | null {
  const decision = routeComplaint(
    {
      category: complaint.category,
      kecamatan: complaint.kecamatan,
      kecamatanName: complaint.kecamatan ? (ref.kecamatan.get(complaint.kecamatan)?.name ?? null) : null,
      title: complaint.title,
      text: complaint.text,
    },
    ref.routingRules,
  );
  if (!decision.routed) return null;
  const basis: RoutingBasis[] = ['category'];
  if (decision.matchedKecamatan) basis.push('area');
  if (decision.matchedKeywords.length) basis.push('keyword');
  return {
    target: opdOf(ref, decision.target.code)!,
    external: decision.target.kind === 'external',
    ruleId: decision.ruleId,
    basis,
    matchedKeywords: decision.matchedKeywords,
    matchedKecamatan: decision.matchedKecamatan,
    explanation: decision.explanation,
  };
}

function mediaOf(value: unknown): MediaLink[] {
  const list = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(list) ? (list as MediaLink[]).map((m) => ({ url: m.url, kind: m.kind ?? null })) : [];
}

/** Secret complaints' text, place and media only for those who may see them (operators, admins). */
export function queueItemOf(row: QueueRow, ref: ReferenceSnapshot, takenBy: TakenBy | null, asOf: Date, withSecret: boolean): QueueItem {
  const hidden = row.privacy === 'secret' && !withSecret;
  const due = iso(row.due_at);
  const msLeft = due === null ? null : Date.parse(due) - asOf.getTime();
  const lastAt = iso(row.last_at) ?? iso(row.submitted_at)!;
  return {
    id: row.id,
    version: Number(row.version),
    source: row.source,
    externalId: row.external_id,
    channel: channelOf(ref, row.channel),
    category: categoryOf(ref, row.category_code),
    kecamatan: kecamatanOf(ref, row.kecamatan_code),
    kelurahan: hidden ? null : kelurahanOf(ref, row.kelurahan_code),
    status: row.status,
    state: row.state,
    privacy: row.privacy as Privacy,
    submittedAt: iso(row.submitted_at)!,
    title: hidden ? null : row.title,
    text: hidden ? null : row.text,
    location: hidden || row.lat === null || row.lon === null ? null : { lat: Number(row.lat), lon: Number(row.lon) },
    media: hidden ? [] : mediaOf(row.media),
    opd: opdOf(ref, row.opd_code),
    clock: {
      dueAt: due,
      msLeft,
      overdue: msLeft !== null && msLeft < 0,
      resolutionDueAt: iso(row.resolution_due_at),
      emergency: !!row.emergency,
    },
    // OPD staff act on what they were given; the suggestion is the command center's.
    suggestion:
      row.status === 'dispatched' || row.status === 'in_progress'
        ? null
        : suggestionFor(ref, { category: row.category_code, kecamatan: row.kecamatan_code, title: row.title, text: row.text }),
    handedBack:
      row.state === 'handed_back' ? { opd: opdOf(ref, row.handed_back_opd), reason: row.last_reason, by: row.last_actor, at: lastAt } : null,
    lastChange: { actor: row.last_actor, at: lastAt, status: row.last_status ?? row.status },
    takenBy,
  };
}

export function duplicateCandidateOf(row: DuplicateRow, ref: ReferenceSnapshot, withSecret: boolean): DuplicateCandidate {
  const hidden = row.privacy === 'secret' && !withSecret;
  return {
    id: row.id,
    version: Number(row.version),
    channel: channelOf(ref, row.channel),
    status: row.status,
    opd: opdOf(ref, row.opd_code),
    submittedAt: iso(row.submitted_at)!,
    distanceKm: row.distance_km === null ? null : Math.round(Number(row.distance_km) * 1000) / 1000,
    kecamatan: kecamatanOf(ref, row.kecamatan_code),
    kelurahan: hidden ? null : kelurahanOf(ref, row.kelurahan_code),
    title: hidden ? null : row.title,
    text: hidden ? null : row.text,
  };
}
