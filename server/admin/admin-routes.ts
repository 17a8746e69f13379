// /api/v1/admin/*: users, display tokens, sources and API keys, monitors and alert channels, the audit trail, dead letters. Admins only;
// every change is written with its audit entry in one transaction.
import express, { type Router } from 'express';
import { requireRole } from '../auth/http-auth.ts';
import { bodyErrorHandler } from '../http/json-body.ts';
import type { AdminDeps } from './admin-deps.ts';
import { auditRoutes } from './audit-routes.ts';
import { displayTokenRoutes } from './display-token-routes.ts';
import { sourceKeyRoutes } from './source-key-routes.ts';
import { sourceWebhookRoutes } from './source-webhook-routes.ts';
import { userRoutes } from './user-routes.ts';
import { monitorAdminRoutes } from './monitor-routes.ts';
import { deadLetterRoutes } from './dead-letter-routes.ts';
import { monitorOpsRoutes } from './monitor-ops-routes.ts';
import { ruleRoutes } from './rule-routes.ts';
import { opdAdminRoutes } from './opd-routes.ts';
import { routingRuleAdminRoutes } from './routing-rule-routes.ts';
import { datasetAdminRoutes } from './dataset-routes.ts';

export type { AdminDeps } from './admin-deps.ts';

export function adminRoutes(deps: AdminDeps): Router {
  const router = express.Router();
  router.use('/api/v1/admin', ...requireRole(deps.authn, 'admin'), userRoutes(deps), displayTokenRoutes(deps), sourceKeyRoutes(deps), sourceWebhookRoutes(deps), auditRoutes(deps), monitorAdminRoutes(deps), deadLetterRoutes(deps), monitorOpsRoutes(deps), ruleRoutes(deps), opdAdminRoutes(deps), routingRuleAdminRoutes(deps), datasetAdminRoutes(deps));
  router.use('/api/v1/admin', bodyErrorHandler);
  return router;
}
