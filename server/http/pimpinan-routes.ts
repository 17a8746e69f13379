// GET /api/v1/reports/{overview, ranking, opd/:code, opd/:code/complaints, kecamatan/:code, trends}: the leadership
// screen (/pimpinan). Thin: read the period, check who may see what, call the report.
// Contract: shared/pimpinan-api.ts. An OPD-scoped user (a kepala dinas) sees the city figures,
// the ranking, the trends and any kecamatan, but drills only into their own OPD. The reports are
// computed on a worker thread, a few at a time (server/reports/report-pool.ts).
import express, { type Request, type Response, type Router } from 'express';
import { OPD_COMPLAINTS_MAX, OPD_COMPLAINTS_PAGE, type ReportQueryError } from '../../shared/pimpinan-api.ts';
import type { Database } from '../infra/database.ts';
import type { ReferenceCache } from '../repositories/reference-repository.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { refuse, requirePermission } from '../auth/http-auth.ts';
import { mayReadOpd, opdScope } from '../auth/roles.ts';
import { parseLimit, parseOffset, parseReportQuery, type ReportWindow } from '../reports/leadership/report-window.ts';
import { kecamatanJob, opdComplaintsJob, opdJob, overviewJob, rankingJob, trendsJob } from '../reports/leadership/leadership-reads.ts';
import type { ReportJob } from '../reports/report-jobs.ts';
import type { ReportPool } from '../reports/report-pool.ts';
import { sendReport } from './report-response.ts';

export function pimpinanRoutes(deps: {
  db: Database;
  reference: ReferenceCache;
  minCount: number;
  authn: Authenticator;
  reports: ReportPool;
  now?: () => Date;
  /** Count complaints from the stored facts when they answer for now (default true). */
  facts?: boolean;
}): Router {
  const router = express.Router();
  const allowed = requirePermission(deps.authn, 'report:read');
  const now = deps.now ?? (() => new Date());
  const facts = deps.facts !== false;

  const windowOf = (req: Request, res: Response, list: 'none' | 'limit' | 'page' = 'none'): ReportWindow | null => {
    const query = req.query as Record<string, unknown>;
    const parsed = parseReportQuery(query, now());
    const offset = list === 'page' ? parseOffset(query) : null;
    const limit = list !== 'none' ? parseLimit(query, OPD_COMPLAINTS_MAX) : null;
    const errors = [...(parsed.ok ? [] : parsed.errors), ...(offset && !offset.ok ? [offset.error] : []), ...(limit && !limit.ok ? [limit.error] : [])];
    if (parsed.ok && !errors.length) return parsed.window;
    res.status(400).json({
      error: 'invalid_query',
      message: {
        id: 'Periode tidak dapat dibaca: isi period (today, 7d, 30d, month, last-month) atau from dan to (YYYY-MM-DD, WIB).',
        en: 'The period cannot be read: give period (today, 7d, 30d, month, last-month) or from and to (YYYY-MM-DD, WIB).',
      },
      errors,
    } satisfies ReportQueryError);
    return null;
  };
  // Same endpoint, period and scope: one computation for every request while it runs.
  const send = (res: Response, key: (string | number | null | undefined)[], window: ReportWindow, read: () => Promise<ReportJob>) =>
    sendReport(res, deps.reports, JSON.stringify(['reports', ...key, window.range.from, window.range.to]), read, { 'Cache-Control': 'private, no-store' });

  router.get('/api/v1/reports/overview', ...allowed, async (req, res) => {
    const window = windowOf(req, res);
    if (window) await send(res, ['overview'], window, () => overviewJob(deps.db, deps.reference.current(), window, deps.minCount, facts));
  });

  router.get('/api/v1/reports/ranking', ...allowed, async (req, res) => {
    const window = windowOf(req, res);
    if (window) await send(res, ['ranking'], window, () => rankingJob(deps.db, deps.reference.current(), window, deps.minCount, facts));
  });

  router.get('/api/v1/reports/trends', ...allowed, async (req, res) => {
    const window = windowOf(req, res);
    if (window) await send(res, ['trends'], window, () => trendsJob(deps.db, deps.reference.current(), window, deps.minCount, facts));
  });

  /** The OPD of the path when this user may drill into it and it is a city OPD; else answered 403 / 404. */
  const opdOf = (req: Request, res: Response): string | null => {
    const code = String(req.params.code);
    // Before anything else: another OPD's page says nothing, not even whether it exists.
    if (!mayReadOpd(req.principal, code)) {
      refuse.forbidden(res);
      return null;
    }
    const opd = deps.reference.current().opd.get(code);
    if (!opd || opd.external) {
      res.status(404).json({ error: 'not_found', message: { id: `OPD "${code}" tidak dikenal.`, en: `Unknown OPD "${code}".` } });
      return null;
    }
    return code;
  };
  const listParams = (req: Request) => {
    const query = req.query as Record<string, unknown>;
    const limit = parseLimit(query, OPD_COMPLAINTS_MAX);
    const offset = parseOffset(query);
    return { limit: limit.ok ? limit.limit : undefined, offset: offset.ok ? offset.offset : 0 };
  };

  router.get('/api/v1/reports/opd/:code', ...allowed, async (req, res) => {
    const code = opdOf(req, res);
    if (!code) return;
    const window = windowOf(req, res, 'limit');
    if (!window) return;
    const ref = deps.reference.current();
    const scope = opdScope(req.principal);
    const { limit } = listParams(req);
    await send(res, ['opd', code, scope, limit], window, () => opdJob(deps.db, ref, window, code, deps.minCount, scope, limit, facts));
  });

  // The rest of the OPD's complaint list, a page at a time ("Muat lagi"), or all of it (the exports).
  router.get('/api/v1/reports/opd/:code/complaints', ...allowed, async (req, res) => {
    const code = opdOf(req, res);
    if (!code) return;
    const window = windowOf(req, res, 'page');
    if (!window) return;
    const ref = deps.reference.current();
    const scope = opdScope(req.principal);
    const { offset, limit = OPD_COMPLAINTS_PAGE } = listParams(req);
    await send(res, ['opd-complaints', code, scope, offset, limit], window, () =>
      opdComplaintsJob(deps.db, ref, window, code, deps.minCount, scope, offset, limit, facts),
    );
  });

  router.get('/api/v1/reports/kecamatan/:code', ...allowed, async (req, res) => {
    const code = String(req.params.code);
    const ref = deps.reference.current();
    if (!ref.kecamatan.has(code)) {
      res.status(404).json({ error: 'not_found', message: { id: `Kecamatan "${code}" tidak dikenal.`, en: `Unknown kecamatan "${code}".` } });
      return;
    }
    const window = windowOf(req, res);
    if (window) await send(res, ['kecamatan', code], window, () => kecamatanJob(deps.db, ref, window, code, deps.minCount));
  });

  return router;
}
