// GET /api/v1/reports/{overview, ranking, opd/:code, kecamatan/:code, trends}: the leadership
// screen (/pimpinan). Thin: read the period, check who may see what, call the report.
// Contract: shared/pimpinan-api.ts. An OPD-scoped user (a kepala dinas) sees the city figures,
// the ranking, the trends and any kecamatan, but drills only into their own OPD.
import express, { type Request, type Response, type Router } from 'express';
import { OPD_COMPLAINTS_MAX, type ReportQueryError } from '../../shared/pimpinan-api.ts';
import type { Database } from '../infra/database.ts';
import type { ReferenceCache } from '../repositories/reference-repository.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { refuse, requirePermission } from '../auth/http-auth.ts';
import { mayReadOpd } from '../auth/roles.ts';
import { parseLimit, parseReportQuery, type ReportWindow } from '../reports/leadership/report-window.ts';
import { kecamatanReport, opdReport, overviewReport, rankingReport, trendsReport } from '../reports/leadership/leadership-reads.ts';

export function pimpinanRoutes(deps: { db: Database; reference: ReferenceCache; minCount: number; authn: Authenticator; now?: () => Date }): Router {
  const router = express.Router();
  const allowed = requirePermission(deps.authn, 'report:read');
  const now = deps.now ?? (() => new Date());

  const windowOf = (req: Request, res: Response, withLimit = false): ReportWindow | null => {
    const query = req.query as Record<string, unknown>;
    const parsed = parseReportQuery(query, now());
    const limit = withLimit ? parseLimit(query, OPD_COMPLAINTS_MAX) : null;
    const errors = [...(parsed.ok ? [] : parsed.errors), ...(limit && !limit.ok ? [limit.error] : [])];
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
  const send = (res: Response, body: unknown) => res.set('Cache-Control', 'private, no-store').json(body);

  router.get('/api/v1/reports/overview', ...allowed, async (req, res) => {
    const window = windowOf(req, res);
    if (window) send(res, await overviewReport(deps.db, deps.reference.current(), window, deps.minCount));
  });

  router.get('/api/v1/reports/ranking', ...allowed, async (req, res) => {
    const window = windowOf(req, res);
    if (window) send(res, await rankingReport(deps.db, deps.reference.current(), window, deps.minCount));
  });

  router.get('/api/v1/reports/trends', ...allowed, async (req, res) => {
    const window = windowOf(req, res);
    if (window) send(res, await trendsReport(deps.db, deps.reference.current(), window, deps.minCount));
  });

  router.get('/api/v1/reports/opd/:code', ...allowed, async (req, res) => {
    const code = String(req.params.code);
    // Before anything else: another OPD's page says nothing, not even whether it exists.
    if (!mayReadOpd(req.principal, code)) return refuse.forbidden(res);
    const ref = deps.reference.current();
    const opd = ref.opd.get(code);
    if (!opd || opd.external) {
      res.status(404).json({ error: 'not_found', message: { id: `OPD "${code}" tidak dikenal.`, en: `Unknown OPD "${code}".` } });
      return;
    }
    const window = windowOf(req, res, true);
    if (!window) return;
    const principal = req.principal;
    const limit = parseLimit(req.query as Record<string, unknown>, OPD_COMPLAINTS_MAX);
    send(res, await opdReport(deps.db, ref, window, code, deps.minCount, (opdNow) => mayReadOpd(principal, opdNow), limit.ok ? limit.limit : undefined));
  });

  router.get('/api/v1/reports/kecamatan/:code', ...allowed, async (req, res) => {
    const code = String(req.params.code);
    const ref = deps.reference.current();
    if (!ref.kecamatan.has(code)) {
      res.status(404).json({ error: 'not_found', message: { id: `Kecamatan "${code}" tidak dikenal.`, en: `Unknown kecamatan "${code}".` } });
      return;
    }
    const window = windowOf(req, res);
    if (window) send(res, await kecamatanReport(deps.db, ref, window, code, deps.minCount));
  });

  return router;
}
