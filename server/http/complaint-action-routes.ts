// POST /api/v1/complaints/:id/transitions: the command center's actions on a complaint (verify,
// dispatch, re-route with a reason, reject to an external body, mark duplicate, ...). Operators
// only; OPD-scoped operators only for complaints with their OPD. Refusals say why, in both languages.
import express, { type Router } from 'express';
import { z } from 'zod';
import { COMPLAINT_STATUSES } from '../../shared/domain-constants.ts';
import type { Database } from '../infra/database.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { auditOrigin, refuse, requirePermission } from '../auth/http-auth.ts';
import { mayReadOpd } from '../auth/roles.ts';
import { uuidSchema } from '../auth/account-rules.ts';
import type { ReferenceCache } from '../repositories/reference-repository.ts';
import type { LiveStateStore } from '../live-state/live-state-store.ts';
import { complaintOpd } from '../repositories/complaint-detail-repository.ts';
import { actOnComplaint } from '../complaints/complaint-actions.ts';
import { jsonBody, parseOr400 } from './json-body.ts';
import type { OperatorLive } from '../operators/operator-live.ts';

const code = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);
export const transitionSchema = z.object({
  to: z.enum(COMPLAINT_STATUSES),
  opd: code.optional(),
  note: z.string().trim().max(2000).optional(),
  reason: z.string().trim().max(500).optional(),
  duplicateOf: z.string().trim().min(1).max(128).optional(),
  /** The version the caller saw: refused with 409 when the complaint changed since. */
  version: z.number().int().min(1).optional(),
});

export function complaintActionRoutes(deps: { db: Database; authn: Authenticator; reference: ReferenceCache; live: LiveStateStore; operators?: OperatorLive }): Router {
  const router = express.Router();
  router.post('/api/v1/complaints/:id/transitions', ...requirePermission(deps.authn, 'complaint:act'), jsonBody(), async (req, res) => {
    const id = uuidSchema.safeParse(req.params.id);
    const notFound = { error: 'not_found', message: { id: 'Aduan tidak ditemukan.', en: 'Complaint not found.' } };
    if (!id.success) return void res.status(404).json(notFound);
    const body = parseOr400(transitionSchema, req.body, req, res);
    if (!body) return;
    const ref = deps.reference.current();
    if (body.opd && !ref.opd.has(body.opd)) {
      return void res.status(400).json({
        error: 'validation_failed',
        message: 'Ada isian yang salah. (A field is wrong.)',
        errors: [{ field: 'opd', message: `OPD "${body.opd}" tidak dikenal / unknown OPD` }],
      });
    }
    const opd = await complaintOpd(deps.db, id.data);
    if (opd === undefined) return void res.status(404).json(notFound);
    if (!mayReadOpd(req.principal, opd)) return refuse.forbidden(res);
    const { version, ...change } = body;
    const result = await actOnComplaint(deps.db, deps.live, ref, { complaintId: id.data, ...change, expectedVersion: version, principal: req.principal!, origin: auditOrigin(req) });
    if (!result.ok) {
      if (result.status === 404) return void res.status(404).json(notFound);
      return void res.status(409).json({ error: result.error.code, message: result.error.message, current: result.current, lastChange: result.lastChange });
    }
    // The operators' screens follow changes made here too.
    deps.operators?.emit([result.before.opd, result.complaint.opd], {
      kind: 'changed',
      complaintId: result.complaint.id,
      status: result.complaint.status,
      opd: result.complaint.opd,
      version: result.complaint.version,
      by: result.entry.actor,
      at: result.entry.at,
    });
    res.json({ complaint: result.complaint, action: result.action });
  });
  return router;
}
