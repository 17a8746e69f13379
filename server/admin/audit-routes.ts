// GET /api/v1/admin/audit?actor=&action=&from=&to=&page=&pageSize=: the audit trail, newest first.
import express, { type Router } from 'express';
import { queryAudit } from '../audit/audit-log.ts';
import { parseOr400 } from '../http/json-body.ts';
import type { AdminDeps } from './admin-deps.ts';
import { auditQuery } from './admin-rules.ts';

export function auditRoutes(deps: AdminDeps): Router {
  const router = express.Router();
  router.get('/audit', async (req, res) => {
    const q = parseOr400(auditQuery, req.query, req, res);
    if (!q) return;
    const { total, entries } = await queryAudit(deps.db, q);
    res.set('Cache-Control', 'no-store').json({ page: q.page, pageSize: q.pageSize, total, entries });
  });
  return router;
}
