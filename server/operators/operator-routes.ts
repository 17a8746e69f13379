// /api/v1/operator/*: the operators' screen (issue 14). Thin: parse, check who may, hand over to
// the lifecycle (complaint-actions.ts, which audits and writes the status webhook's outbox row in
// the same transaction), then tell the other screens. Contract: shared/operator-api.ts.
import express, { type Request, type Response, type Router } from 'express';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import * as t from '../../db/schema.ts';
import { OPEN_COMPLAINT_STATUSES, type ComplaintStatus } from '../../shared/domain-constants.ts';
import type {
  DuplicateCandidatesResponse,
  OperatorActionResponse,
  OperatorConflict,
  OperatorQueueResponse,
  OperatorReferenceResponse,
  QueueState,
  TakeResponse,
  TakenConflict,
} from '../../shared/operator-api.ts';
import { TAKE_TTL_SECONDS } from '../../shared/operator-api.ts';
import type { Database } from '../infra/database.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { auditOrigin, refuse, requirePermission } from '../auth/http-auth.ts';
import { actorName, can, mayReadOpd, opdScope, type Principal } from '../auth/roles.ts';
import { uuidSchema } from '../auth/account-rules.ts';
import type { ReferenceCache } from '../repositories/reference-repository.ts';
import type { LiveStateStore } from '../live-state/live-state-store.ts';
import { actOnComplaint, type ComplaintActionInput, type ComplaintActionResult } from '../complaints/complaint-actions.ts';
import { bodyErrorHandler, jsonBody, parseWithRulesOr400, type FieldProblem } from '../http/json-body.ts';
import { preferredLang } from '../ingest/validate-batch.ts';
import { COMMAND_CENTER_QUEUE, countQueue, findDuplicateCandidates, loadQueue } from './operator-repository.ts';
import { duplicateCandidateOf, opdOf, QUEUE_STATES, queueItemOf, suggestionFor } from './operator-queue.ts';
import type { OperatorLive } from './operator-live.ts';

export interface OperatorDeps {
  db: Database;
  authn: Authenticator;
  reference: ReferenceCache;
  live: LiveStateStore;
  operators: OperatorLive;
  duplicateDefaults: { km: number; days: number };
}

const NOT_FOUND = { error: 'not_found', message: { id: 'Aduan tidak ditemukan.', en: 'Complaint not found.' } };
const code = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);
const version = z.number().int().min(1);
const note = z.string().trim().max(2000);
const reason = z.string().trim().min(1).max(500);

const HELD: readonly ComplaintStatus[] = ['dispatched', 'in_progress'];

// Request bodies (also the API documentation's, server/api-docs/operator-operations.ts).
export const takeBody = z.object({ force: z.boolean().optional() }).strict();
export const dispatchBody = z.object({ version, opd: code.optional(), reason: reason.optional(), note: note.optional() }).strict();
export const rejectBody = z.object({ version, externalBody: code, reason, note: note.optional() }).strict();
export const mergeBody = z.object({ version, into: uuidSchema, note: note.optional() }).strict();
export const progressBody = z.object({ version, note: note.optional() }).strict();
export const resolveBody = z.object({ version, note: note.min(1), photoUrl: z.url({ protocol: /^https?$/ }).max(2000).optional() }).strict();
export const handBackBody = z.object({ version, reason, note: note.optional() }).strict();

/** What an action needs to know about its complaint before it goes to the lifecycle. */
interface Target {
  id: string;
  source: string;
  externalId: string;
  status: ComplaintStatus;
  opd: string | null;
  category: string;
  kecamatan: string | null;
  kelurahan: string | null;
  title: string | null;
  text: string;
  submittedAt: Date;
  lat: number | null;
  lon: number | null;
}

async function loadTarget(db: Database, id: string): Promise<Target | null> {
  const [row] = await db
    .select({
      id: t.complaints.id,
      source: t.complaints.source,
      externalId: t.complaints.externalId,
      status: t.complaints.status,
      opd: t.complaints.opdCode,
      category: t.complaints.categoryCode,
      kecamatan: t.complaints.kecamatanCode,
      kelurahan: t.complaints.kelurahanCode,
      title: t.complaints.title,
      text: t.complaints.text,
      submittedAt: t.complaints.submittedAt,
      lat: t.complaints.lat,
      lon: t.complaints.lon,
    })
    .from(t.complaints)
    .where(eq(t.complaints.id, id));
  return row ? { ...row, status: row.status as ComplaintStatus } : null;
}

const problem = (field: string, id: string, en: string): FieldProblem => ({ field, message: { id, en } });
const missing = (raw: Record<string, unknown>, field: string) => typeof raw[field] !== 'string' || (raw[field] as string).trim() === '';

/** Query values that may repeat (?a=1&a=2) or be comma-separated (?a=1,2). */
function listParam(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
}

export function operatorRoutes(deps: OperatorDeps): Router {
  const router = express.Router();
  const guard = requirePermission(deps.authn, 'complaint:act');
  const body = jsonBody();

  router.get('/api/v1/operator/queue', ...guard, async (req, res) => {
    const ref = deps.reference.current();
    const en = preferredLang(req.get('accept-language')) === 'en';
    const q = { channel: listParam(req.query.channel), category: listParam(req.query.category), kecamatan: listParam(req.query.kecamatan), state: listParam(req.query.state) };
    const errors: { field: string; message: string }[] = [];
    const unknown = (field: string, values: string[], known: (v: string) => boolean) => {
      const bad = values.filter((v) => !known(v));
      if (bad.length) errors.push({ field, message: en ? `unknown: ${bad.join(', ')}` : `tidak dikenal: ${bad.join(', ')}` });
    };
    unknown('channel', q.channel, (v) => ref.channels.has(v));
    unknown('category', q.category, (v) => ref.categories.has(v));
    unknown('kecamatan', q.kecamatan, (v) => ref.kecamatan.has(v));
    unknown('state', q.state, (v) => (QUEUE_STATES as readonly string[]).includes(v));
    const limitRaw = req.query.limit === undefined ? '200' : String(req.query.limit);
    const limit = /^\d{1,3}$/.test(limitRaw) ? Number(limitRaw) : NaN;
    if (!(limit >= 1 && limit <= 500)) errors.push({ field: 'limit', message: en ? 'must be a whole number from 1 to 500' : 'harus bilangan bulat 1 sampai 500' });
    if (errors.length) {
      return void res.status(400).json({ error: 'validation_failed', message: en ? 'Some fields are missing or wrong.' : 'Ada isian yang kosong atau salah.', errors });
    }
    const scope = opdScope(req.principal);
    const filter = { opd: scope, channels: q.channel, categories: q.category, kecamatan: q.kecamatan, states: q.state as QueueState[], limit };
    const asOf = new Date();
    const [rows, counted] = await Promise.all([loadQueue(deps.db, filter), countQueue(deps.db, { ...filter, states: [] })]);
    const taken = await deps.operators.takenBy(rows.map((r) => r.id));
    const counts = Object.fromEntries(QUEUE_STATES.map((s) => [s, counted[s] ?? 0])) as Record<QueueState, number>;
    const countedStates: readonly string[] = q.state.length ? q.state : scope === null ? COMMAND_CENTER_QUEUE : QUEUE_STATES;
    const total = countedStates.reduce((sum, s) => sum + (counts[s as QueueState] ?? 0), 0);
    const withSecret = can(req.principal, 'complaint:secret');
    const answer: OperatorQueueResponse = {
      view: scope === null ? 'command_center' : 'opd',
      opd: opdOf(ref, scope),
      total,
      counts,
      items: rows.map((r) => queueItemOf(r, ref, taken.get(r.id) ?? null, asOf, withSecret)),
      asOf: asOf.toISOString(),
    };
    res.set('Cache-Control', 'no-store').json(answer);
  });

  router.get('/api/v1/operator/reference', ...guard, (_req, res) => {
    const ref = deps.reference.current();
    const all = [...ref.opd.values()].sort((a, b) => a.name.localeCompare(b.name, 'id'));
    const answer: OperatorReferenceResponse = {
      opd: all.filter((o) => !o.external).map((o) => ({ code: o.code, name: o.name, shortName: o.shortName })),
      externalBodies: all.filter((o) => o.external).map((o) => ({ code: o.code, name: o.name })),
      duplicateDefaults: deps.duplicateDefaults,
      takeTtlSeconds: TAKE_TTL_SECONDS,
    };
    res.set('Cache-Control', 'no-store').json(answer);
  });

  /** The complaint of `:id` when the principal may act on it; otherwise answered (404/403) and null. */
  async function targetOf(req: Request, res: Response, who: 'command_center' | 'opd' | 'any'): Promise<Target | null> {
    const id = uuidSchema.safeParse(req.params.id);
    if (!id.success) return void res.status(404).json(NOT_FOUND), null;
    const target = await loadTarget(deps.db, id.data);
    if (!target) return void res.status(404).json(NOT_FOUND), null;
    const scope = opdScope(req.principal);
    // OPD staff see and act on their OPD's complaints only; the command center's work is not theirs.
    if ((who === 'command_center' && scope !== null) || !mayReadOpd(req.principal, target.opd)) return void refuse.forbidden(res), null;
    return target;
  }

  router.post('/api/v1/operator/complaints/:id/take', ...guard, body, async (req, res) => {
    const target = await targetOf(req, res, 'any');
    if (!target) return;
    const input = parseWithRulesOr400(takeBody, req.body, req, res, () => []);
    if (!input) return;
    const p = req.principal as Principal & { kind: 'user' };
    const displayName = await displayNameOf(deps.db, p.userId);
    const result = await deps.operators.take(target.id, { username: p.username, displayName }, input.force ?? false);
    if (!result.ok) {
      const conflict: TakenConflict = {
        error: 'taken',
        message: {
          id: `Aduan ini sedang dibuka oleh ${result.takenBy.displayName ?? result.takenBy.username} sejak ${result.takenBy.since}.`,
          en: `${result.takenBy.displayName ?? result.takenBy.username} has had this complaint open since ${result.takenBy.since}.`,
        },
        takenBy: result.takenBy,
      };
      return void res.status(409).json(conflict);
    }
    deps.operators.emit([target.opd], { kind: 'taken', complaintId: target.id, takenBy: result.takenBy });
    res.json({ complaintId: target.id, takenBy: result.takenBy } satisfies TakeResponse);
  });

  router.delete('/api/v1/operator/complaints/:id/take', ...guard, async (req, res) => {
    const target = await targetOf(req, res, 'any');
    if (!target) return;
    const username = actorName(req.principal);
    if (await deps.operators.release(target.id, username)) deps.operators.emit([target.opd], { kind: 'released', complaintId: target.id, username });
    res.status(204).end();
  });

  router.get('/api/v1/operator/complaints/:id/duplicates', ...guard, async (req, res) => {
    const target = await targetOf(req, res, 'command_center');
    if (!target) return;
    const en = preferredLang(req.get('accept-language')) === 'en';
    const num = (v: unknown, fallback: number) => (v === undefined ? fallback : Number(v));
    const km = num(req.query.km, deps.duplicateDefaults.km);
    const days = num(req.query.days, deps.duplicateDefaults.days);
    const errors: { field: string; message: string }[] = [];
    if (!(km > 0 && km <= 50)) errors.push({ field: 'km', message: en ? 'must be a number above 0, at most 50' : 'harus angka di atas 0, paling besar 50' });
    if (!(days > 0 && days <= 90)) errors.push({ field: 'days', message: en ? 'must be a number above 0, at most 90' : 'harus angka di atas 0, paling besar 90' });
    if (errors.length) return void res.status(400).json({ error: 'validation_failed', message: en ? 'Some fields are missing or wrong.' : 'Ada isian yang kosong atau salah.', errors });
    const rows = await findDuplicateCandidates(deps.db, { ...target }, { km, days }, OPEN_COMPLAINT_STATUSES);
    const ref = deps.reference.current();
    const withSecret = can(req.principal, 'complaint:secret');
    res.set('Cache-Control', 'no-store').json({
      complaintId: target.id,
      search: { km, days },
      candidates: rows.map((r) => duplicateCandidateOf(r, ref, withSecret)),
    } satisfies DuplicateCandidatesResponse);
  });

  // ---------------------------------------------------------------- actions

  /** Runs the change, answers 200 / 404 / 409, releases my "taken" mark and tells the other screens. */
  async function act(req: Request, res: Response, target: Target, input: Omit<ComplaintActionInput, 'complaintId' | 'principal' | 'origin'>, extra: { routingCorrection?: boolean } = {}) {
    const result: ComplaintActionResult = await actOnComplaint(deps.db, deps.live, deps.reference.current(), {
      ...input,
      complaintId: target.id,
      principal: req.principal!,
      origin: auditOrigin(req),
    });
    if (!result.ok) {
      if (result.status === 404) return void res.status(404).json(NOT_FOUND);
      const conflict: OperatorConflict = { error: result.error.code, message: result.error.message, current: result.current, lastChange: result.lastChange };
      return void res.status(409).json(conflict);
    }
    const username = actorName(req.principal);
    await deps.operators.release(target.id, username).catch(() => false);
    deps.operators.emit([result.before.opd, result.complaint.opd], {
      kind: 'changed',
      complaintId: target.id,
      status: result.complaint.status,
      opd: result.complaint.opd,
      version: result.complaint.version,
      by: username,
      at: result.entry.at,
    });
    const dispatch = result.entry.dispatch;
    const answer: OperatorActionResponse = {
      complaint: result.complaint,
      action: result.action,
      routingCorrection: extra.routingCorrection ?? false,
      misroute: dispatch?.kind === 'reroute' ? { fromOpd: dispatch.previousOpd, misroutedBy: dispatch.misroutedBy } : null,
    };
    res.json(answer);
  }

  router.post('/api/v1/operator/complaints/:id/dispatch', ...guard, body, async (req, res) => {
    const target = await targetOf(req, res, 'command_center');
    if (!target) return;
    const ref = deps.reference.current();
    const held = HELD.includes(target.status);
    const suggestion = suggestionFor(ref, target);
    const input = parseWithRulesOr400(dispatchBody, req.body, req, res, (raw) => {
      const out: FieldProblem[] = [];
      const opd = typeof raw.opd === 'string' ? raw.opd : null;
      if (opd !== null && (!ref.opd.has(opd) || ref.opd.get(opd)!.external)) {
        out.push(problem('opd', `OPD "${opd}" tidak dikenal (instansi luar: pakai "Alihkan").`, `Unknown OPD "${opd}" (an external body: use reject).`));
      }
      if (held) {
        if (opd === null) out.push(problem('opd', 'wajib diisi: OPD tujuan pengalihan', 'required: the OPD to re-route to'));
        if (missing(raw, 'reason')) out.push(problem('reason', 'wajib diisi: alasan pengalihan (dihitung sebagai salah disposisi)', 'required: why it is re-routed (counted as a misroute)'));
      } else if (opd === null) {
        if (!suggestion) out.push(problem('opd', 'wajib diisi: tidak ada saran disposisi untuk aduan ini', 'required: there is no routing suggestion for this complaint'));
        else if (suggestion.external) out.push(problem('opd', `wajib diisi: saran aturan adalah instansi luar ${suggestion.target.code} (pakai "Alihkan")`, `required: the suggestion is the external body ${suggestion.target.code} (use reject)`));
      } else if (opd !== suggestion?.target.code && missing(raw, 'reason')) {
        out.push(problem('reason', `wajib diisi: alasan memilih OPD selain saran (${suggestion?.target.code ?? '-'})`, `required: why not the suggested OPD (${suggestion?.target.code ?? '-'})`));
      }
      return out;
    });
    if (!input) return;
    const opd = input.opd ?? suggestion!.target.code;
    const routingCorrection = !held && opd !== suggestion?.target.code;
    await act(
      req,
      res,
      target,
      {
        to: 'dispatched',
        opd,
        note: input.note ?? null,
        reason: input.reason ?? null,
        expectedVersion: input.version,
        auditDetail: held ? {} : { suggested: suggestion?.target.code ?? null, rule: suggestion?.ruleId ?? null, routingCorrection },
      },
      { routingCorrection },
    );
  });

  router.post('/api/v1/operator/complaints/:id/reject', ...guard, body, async (req, res) => {
    const target = await targetOf(req, res, 'command_center');
    if (!target) return;
    const ref = deps.reference.current();
    const input = parseWithRulesOr400(rejectBody, req.body, req, res, (raw) => {
      const body = typeof raw.externalBody === 'string' ? raw.externalBody : null;
      return body !== null && !ref.opd.get(body)?.external
        ? [problem('externalBody', `"${body}" bukan instansi luar yang dikenal (lihat daftar instansi luar).`, `"${body}" is not a known external body (see the list).`)]
        : [];
    });
    if (!input) return;
    await act(req, res, target, { to: 'rejected', opd: input.externalBody, reason: input.reason, note: input.note ?? null, expectedVersion: input.version });
  });

  router.post('/api/v1/operator/complaints/:id/merge', ...guard, body, async (req, res) => {
    const target = await targetOf(req, res, 'command_center');
    if (!target) return;
    const intoId = typeof req.body?.into === 'string' ? req.body.into : null;
    const original = intoId && uuidSchema.safeParse(intoId).success ? await loadTarget(deps.db, intoId) : null;
    const input = parseWithRulesOr400(mergeBody, req.body, req, res, () => {
      if (intoId === null || !uuidSchema.safeParse(intoId).success) return [];
      if (intoId === target.id) return [problem('into', 'aduan tidak dapat digabung ke dirinya sendiri', 'a complaint cannot be merged into itself')];
      if (!original) return [problem('into', 'aduan asli tidak ditemukan', 'the original complaint was not found')];
      return [];
    });
    if (!input || !original) return;
    await act(req, res, target, {
      to: 'duplicate',
      duplicateOf: original.id,
      note: input.note ?? null,
      expectedVersion: input.version,
      auditAs: 'complaint.merge',
      auditDetail: { into: original.id },
      // The original must still be open and not itself merged: merging into a closed or merged
      // complaint would hide this one from every count for nothing. Both are locked, so two
      // merges into each other cannot both pass.
      alsoLock: [{ source: original.source, externalId: original.externalId }],
      check: async (tx) => {
        const [now] = await tx.select({ status: t.complaints.status }).from(t.complaints).where(eq(t.complaints.id, original.id));
        const status = now?.status ?? 'missing';
        return (OPEN_COMPLAINT_STATUSES as readonly string[]).includes(status)
          ? null
          : {
              code: 'merge_target_closed',
              message: {
                id: `Aduan asli berstatus "${status}": hanya bisa digabung ke aduan yang masih terbuka.`,
                en: `The original is "${status}": merge only into an open complaint.`,
              },
            };
      },
    });
  });

  router.post('/api/v1/operator/complaints/:id/progress', ...guard, body, async (req, res) => {
    const target = await targetOf(req, res, 'opd');
    if (!target) return;
    const input = parseWithRulesOr400(progressBody, req.body, req, res, () => []);
    if (!input) return;
    await act(req, res, target, { to: 'in_progress', note: input.note ?? null, expectedVersion: input.version, auditAs: 'complaint.progress' });
  });

  router.post('/api/v1/operator/complaints/:id/resolve', ...guard, body, async (req, res) => {
    const target = await targetOf(req, res, 'opd');
    if (!target) return;
    const input = parseWithRulesOr400(resolveBody, req.body, req, res, () => []);
    if (!input) return;
    // The photo link travels in the public note: the history, the detail view and the channel's webhook all show it.
    const text = input.photoUrl ? `${input.note}\nFoto: ${input.photoUrl}` : input.note;
    await act(req, res, target, { to: 'resolved', note: text, expectedVersion: input.version, auditAs: 'complaint.resolve', auditDetail: { photoUrl: input.photoUrl ?? null } });
  });

  router.post('/api/v1/operator/complaints/:id/hand-back', ...guard, body, async (req, res) => {
    const target = await targetOf(req, res, 'opd');
    if (!target) return;
    const input = parseWithRulesOr400(handBackBody, req.body, req, res, () => []);
    if (!input) return;
    await act(req, res, target, {
      to: 'verified',
      reason: input.reason,
      note: input.note ?? null,
      expectedVersion: input.version,
      auditAs: 'complaint.hand_back',
      auditDetail: { opd: target.opd },
      precondition: ({ status, opd }) =>
        HELD.includes(status)
          ? null
          : {
              code: 'not_with_opd',
              message: {
                id: `Aduan tidak sedang ditangani OPD (status "${status}", OPD ${opd ?? '-'}): tidak ada yang dikembalikan.`,
                en: `The complaint is not with an OPD (status "${status}", OPD ${opd ?? '-'}): nothing to hand back.`,
              },
            },
    });
  });

  router.use('/api/v1/operator', bodyErrorHandler);
  return router;
}

async function displayNameOf(db: Database, userId: string): Promise<string | null> {
  const [row] = await db.select({ displayName: t.users.displayName }).from(t.users).where(eq(t.users.id, userId));
  return row?.displayName ?? null;
}
