// GET /api/v1/complaints/:id (operator, pimpinan, admin: never the reporter) and
// GET /api/v1/complaints/:id/reporter (operator, admin: every view audited). OPD-scoped users
// only see complaints that are with their OPD.
import express, { type Router } from 'express';
import type { Database } from '../infra/database.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { uuidSchema } from '../auth/account-rules.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { auditOrigin, refuse, requirePermission } from '../auth/http-auth.ts';
import { can, mayReadOpd } from '../auth/roles.ts';
import { complaintOpd, loadComplaintDetail, loadReporter } from '../repositories/complaint-detail-repository.ts';

const notFound = { error: 'not_found', message: 'Aduan tidak ditemukan. (Complaint not found.)' };

export function complaintRoutes(deps: { db: Database; authn: Authenticator }): Router {
  const router = express.Router();

  router.get('/api/v1/complaints/:id', ...requirePermission(deps.authn, 'complaint:read'), async (req, res) => {
    const id = uuidSchema.safeParse(req.params.id);
    if (!id.success) return void res.status(404).json(notFound);
    const opd = await complaintOpd(deps.db, id.data);
    if (opd === undefined) return void res.status(404).json(notFound);
    if (!mayReadOpd(req.principal, opd)) return refuse.forbidden(res);
    const detail = await loadComplaintDetail(deps.db, id.data, can(req.principal, 'complaint:secret'));
    res.set('Cache-Control', 'no-store').json({ complaint: detail });
  });

  router.get('/api/v1/complaints/:id/reporter', ...requirePermission(deps.authn, 'complaint:reporter'), async (req, res) => {
    const id = uuidSchema.safeParse(req.params.id);
    if (!id.success) return void res.status(404).json(notFound);
    const opd = await complaintOpd(deps.db, id.data);
    if (opd === undefined) return void res.status(404).json(notFound);
    if (!mayReadOpd(req.principal, opd)) return refuse.forbidden(res);
    const reporter = await loadReporter(deps.db, id.data);
    // Recorded before the answer leaves: no view without its trace. The identity itself is not copied.
    await recordAudit(deps.db, {
      actor: req.principal!,
      action: 'complaint.reporter_view',
      target: `complaint:${id.data}`,
      after: { fields: reporter ? Object.entries(reporter).filter(([, v]) => v).map(([k]) => k) : [] },
      origin: auditOrigin(req),
    });
    res.set('Cache-Control', 'no-store').json({ complaintId: id.data, reporter });
  });

  return router;
}
