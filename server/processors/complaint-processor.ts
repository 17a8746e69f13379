// Complaint batches: lock the complaints the batch touches, fold each event into its complaint
// with the lifecycle model (order-proof: a late update never overwrites a newer one), assess the
// SLA clocks, write the row, its new history facts and its OPD assignments, and derive the
// live-state effects from each complaint's before/after.
import { randomUUID } from 'node:crypto';
import * as t from '../../db/schema.ts';
import type { ComplaintEvent } from '../../shared/events.ts';
import type { ReferenceCache, ReferenceSnapshot } from '../repositories/reference-repository.ts';
import { locateArea } from '../domain/geo/locate-area.ts';
import { applyChannelUpdate, type ComplaintState } from '../domain/complaints/complaint-lifecycle.ts';
import { complaintSnapshotOf } from '../live-state/complaint-effects.ts';
import { loadComplaints, lockComplaintKeys, stateOf, type ComplaintRow } from '../repositories/complaint-repository.ts';
import { planComplaintWrites, type ComplaintChange } from '../complaints/complaint-writer.ts';
import { insertRowsStatement } from '../repositories/bulk-rows.ts';
import type { BatchHandler } from './stream-processor.ts';


export function complaintHandler(reference: ReferenceCache): BatchHandler<'complaints'> {
  return async (tx, batch) => {
    const ref = reference.current();
    const now = new Date();
    const events = batch.events
      .map((event, index) => ({ event, index }))
      .sort((a, b) => Date.parse(a.event.occurredAt) - Date.parse(b.event.occurredAt) || a.index - b.index);
    const externalIds = [...new Set(events.map((e) => e.event.externalId))];
    await lockComplaintKeys(tx, batch.source, externalIds);
    const stored = await loadComplaints(tx, batch.source, externalIds);

    const work = new Map<string, ComplaintChange>();
    for (const [externalId, { row, history }] of stored) {
      work.set(externalId, { row: { ...row }, state: stateOf(row, history), before: complaintSnapshotOf(row), isNew: false, changed: false, added: [] });
    }
    const reporters = new Map<string, NonNullable<ComplaintEvent['reporter']>>();

    for (const { event, index } of events) {
      const area = areaOf(event, ref);
      let w = work.get(event.externalId);
      if (!w) {
        const row = newRow(event, batch.source, area, now);
        w = { row, state: null as unknown as ComplaintState, before: null, isNew: true, changed: true, added: [] };
        work.set(event.externalId, w);
      }
      const result = applyChannelUpdate(w.isNew && w.added.length === 0 ? null : w.state, {
        id: w.row.id,
        category: event.category,
        kecamatan: area.kecamatan,
        status: event.status,
        occurredAt: event.occurredAt,
        submittedAt: event.submittedAt ?? null,
        opd: event.opd ?? null,
        duplicateOf: event.duplicateOf ?? null,
        actor: event.actor ?? null,
        note: event.note ?? null,
        eventRef: `${batch.batchId}:${index}`,
      });
      w.state = result.state;
      w.added.push(...result.historyAdded);
      if (result.historyAdded.length || foldDescriptive(w.row, event, area, result.applied)) w.changed = true;
      if (event.reporter && Object.values(event.reporter).some(Boolean)) reporters.set(event.externalId, event.reporter);
    }

    const { effects, statements } = planComplaintWrites(ref, [...work.values()], now);
    const reporterRows = [...reporters].map(([externalId, r]) => ({
      complaintId: work.get(externalId)!.row.id,
      name: r.name ?? null,
      phone: r.phone ?? null,
      email: r.email ?? null,
      nik: r.nik ?? null,
    }));
    // A channel that sends the reporter again without, say, the phone does not erase it.
    const reporterWrite = insertRowsStatement(t.complaintReporters, reporterRows, { fillConflictsOn: ['complaintId'] });
    return { effects, writes: [...statements, reporterWrite] };
  };
}

interface Area {
  kecamatan: string | null;
  kelurahan: string | null;
}

function areaOf(event: ComplaintEvent, ref: ReferenceSnapshot): Area {
  if (event.kelurahan) {
    return { kelurahan: event.kelurahan, kecamatan: ref.kelurahan.get(event.kelurahan)?.kecamatanCode ?? event.kecamatan ?? null };
  }
  if (event.location) {
    const area = locateArea(ref.areas, event.location.lat, event.location.lon);
    if (area && (!event.kecamatan || area.kecamatanCode === event.kecamatan)) return { kelurahan: area.code, kecamatan: area.kecamatanCode };
  }
  return { kecamatan: event.kecamatan ?? null, kelurahan: null };
}

function newRow(event: ComplaintEvent, source: string, area: Area, now: Date): ComplaintRow {
  const occurredAt = new Date(event.occurredAt);
  return {
    id: randomUUID(),
    source,
    externalId: event.externalId,
    channel: event.channel,
    categoryCode: event.category,
    title: event.title ?? null,
    text: event.text,
    lat: event.location?.lat ?? null,
    lon: event.location?.lon ?? null,
    kecamatanCode: area.kecamatan,
    kelurahanCode: area.kelurahan,
    privacy: event.privacy,
    media: mediaOf(event) ?? [],
    status: event.status,
    statusAt: occurredAt,
    submittedAt: event.submittedAt ? new Date(event.submittedAt) : occurredAt,
    opdCode: null,
    duplicateOfExternalId: null,
    version: 1,
    submittedAtExplicit: false,
    categoryAt: occurredAt,
    kecamatanAt: null,
    suggestedOpd: null,
    routingRule: null,
    emergency: false,
    dispatchDueAt: null,
    triagedAt: null,
    responseDueAt: null,
    firstResponseAt: null,
    resolutionDueAt: null,
    resolvedAt: null,
    holderOpd: null,
    openSpans: null,
    rulesVersion: null,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Descriptive fields (text, title, location, privacy) follow the newest update that states them;
 * privacy only ever becomes stricter, so a later default `public` cannot expose a secret one.
 * Returns true when something changed.
 */
function foldDescriptive(row: ComplaintRow, event: ComplaintEvent, area: Area, newest: boolean): boolean {
  let changed = false;
  const set = <K extends keyof ComplaintRow>(key: K, value: ComplaintRow[K]) => {
    if (row[key] !== value) {
      row[key] = value;
      changed = true;
    }
  };
  const rank: Record<string, number> = { public: 0, anonymous: 1, secret: 2 };
  if (rank[event.privacy] > rank[row.privacy]) set('privacy', event.privacy);
  if (newest) {
    if (event.title !== undefined) set('title', event.title);
    if (event.text !== '') set('text', event.text);
    if (event.channel !== row.channel) set('channel', event.channel);
  }
  const media = mediaOf(event);
  if (newest && media && JSON.stringify(media) !== JSON.stringify(row.media)) {
    row.media = media;
    changed = true;
  }
  if (event.location && (newest || row.lat === null)) {
    set('lat', event.location.lat);
    set('lon', event.location.lon);
    if (area.kelurahan) set('kelurahanCode', area.kelurahan);
  }
  return changed;
}

function mediaOf(event: ComplaintEvent): ComplaintRow['media'] | null {
  return event.media ? event.media.map((m) => ({ url: m.url, kind: m.kind ?? null })) : null;
}
