// One complaint as people in the command center see it, and, apart, its reporter. Two
// functions on purpose: the complaint never carries the reporter, so no view can leak it by
// picking up a field too many.
import { asc, eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import type { Queryable } from '../infra/database.ts';

export interface ComplaintDetail {
  id: string;
  source: string;
  externalId: string;
  channel: string;
  category: string;
  privacy: string;
  status: string;
  statusAt: string;
  submittedAt: string;
  title: string | null;
  text: string | null;
  location: { lat: number; lon: number } | null;
  kecamatan: string | null;
  kelurahan: string | null;
  opd: string | null;
  suggestedOpd: string | null;
  duplicateOf: string | null;
  emergency: boolean;
  clocks: {
    dispatchDueAt: string | null;
    triagedAt: string | null;
    responseDueAt: string | null;
    firstResponseAt: string | null;
    resolutionDueAt: string | null;
    resolvedAt: string | null;
  };
  history: { status: string; at: string; actor: string | null; note: string | null; opd: string | null; reason: string | null; origin: string }[];
  assignments: { opd: string; kind: string; dispatchedAt: string; dispatchedBy: string | null; endedAt: string | null; endedBy: string | null; resolvedAt: string | null; live: boolean }[];
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The complaint without any reporter field. `withSecret` false hides a secret complaint's text and location. */
export async function loadComplaintDetail(db: Queryable, id: string, withSecret: boolean): Promise<ComplaintDetail | null> {
  const [row] = await db.select().from(t.complaints).where(eq(t.complaints.id, id)).limit(1);
  if (!row) return null;
  const history = await db
    .select()
    .from(t.complaintStatusHistory)
    .where(eq(t.complaintStatusHistory.complaintId, id))
    .orderBy(asc(t.complaintStatusHistory.at), asc(t.complaintStatusHistory.id));
  const assignments = await db
    .select()
    .from(t.complaintAssignments)
    .where(eq(t.complaintAssignments.complaintId, id))
    .orderBy(asc(t.complaintAssignments.idx));
  const hidden = row.privacy === 'secret' && !withSecret;
  return {
    id: row.id,
    source: row.source,
    externalId: row.externalId,
    channel: row.channel,
    category: row.categoryCode,
    privacy: row.privacy,
    status: row.status,
    statusAt: row.statusAt.toISOString(),
    submittedAt: row.submittedAt.toISOString(),
    title: hidden ? null : row.title,
    text: hidden ? null : row.text,
    location: hidden || row.lat === null || row.lon === null ? null : { lat: row.lat, lon: row.lon },
    kecamatan: row.kecamatanCode,
    kelurahan: hidden ? null : row.kelurahanCode,
    opd: row.opdCode,
    suggestedOpd: row.suggestedOpd,
    duplicateOf: row.duplicateOfExternalId,
    emergency: row.emergency,
    clocks: {
      dispatchDueAt: iso(row.dispatchDueAt),
      triagedAt: iso(row.triagedAt),
      responseDueAt: iso(row.responseDueAt),
      firstResponseAt: iso(row.firstResponseAt),
      resolutionDueAt: iso(row.resolutionDueAt),
      resolvedAt: iso(row.resolvedAt),
    },
    history: history.map((h) => ({ status: h.status, at: h.at.toISOString(), actor: h.actor, note: hidden ? null : h.note, opd: h.opdCode, reason: h.reason, origin: h.origin })),
    assignments: assignments.map((a) => ({
      opd: a.opdCode,
      kind: a.kind,
      dispatchedAt: a.dispatchedAt.toISOString(),
      dispatchedBy: a.dispatchedBy,
      endedAt: iso(a.endedAt),
      endedBy: a.endedBy,
      resolvedAt: iso(a.resolvedAt),
      live: a.live,
    })),
  };
}

/** Which OPD a complaint is with (for OPD-scoped access), or undefined when it does not exist. */
export async function complaintOpd(db: Queryable, id: string): Promise<string | null | undefined> {
  const [row] = await db.select({ opd: t.complaints.opdCode }).from(t.complaints).where(eq(t.complaints.id, id)).limit(1);
  return row ? row.opd : undefined;
}

export interface ReporterIdentity {
  name: string | null;
  phone: string | null;
  email: string | null;
  nik: string | null;
}

export async function loadReporter(db: Queryable, complaintId: string): Promise<ReporterIdentity | null> {
  const [row] = await db
    .select({ name: t.complaintReporters.name, phone: t.complaintReporters.phone, email: t.complaintReporters.email, nik: t.complaintReporters.nik })
    .from(t.complaintReporters)
    .where(eq(t.complaintReporters.complaintId, complaintId))
    .limit(1);
  return row ?? null;
}
