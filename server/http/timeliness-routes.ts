// GET /api/v1/opd/timeliness and /api/v1/opd/:code/timeliness?from=&to=: the numbers leadership
// judges OPD by, for any period, in JSON, with their counts and definitions.
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Database } from '../infra/database.ts';
import type { ReferenceCache } from '../repositories/reference-repository.ts';
import { opdTimelinessJob } from '../reports/opd-timeliness-report.ts';
import type { ReportPool } from '../reports/report-pool.ts';
import { sendReport } from './report-response.ts';
import { fieldName, preferredLang } from '../ingest/validate-batch.ts';
import { addDays, DAY_MS, dayNumber, wallClockMillis } from '../domain/time/local-time.ts';
import { CITY_TIME_ZONE } from '../../shared/domain-constants.ts';
import { MAX_PERIOD_DAYS } from '../../shared/report-period.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import { refuse, requirePermission } from '../auth/http-auth.ts';
import { mayReadOpd, opdScope } from '../auth/roles.ts';

const MAX_SPAN_DAYS = MAX_PERIOD_DAYS;
/** Start of a local date in the city's zone. */
const localMidnight = (date: string) => new Date(wallClockMillis(dayNumber(date), 0, 0, CITY_TIME_ZONE));

/** A local date (start of that day in WIB) or an instant with an offset. */
const instantOrDate = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const periodQuery = z
  .object({ from: instantOrDate.optional(), to: instantOrDate.optional() })
  .transform((q) => {
    const now = new Date();
    // `to` as a date includes that whole day: the period ends at the next midnight WIB.
    const to = q.to ? (q.to.length === 10 ? localMidnight(addDays(q.to, 1)) : new Date(q.to)) : now;
    const from = q.from ? (q.from.length === 10 ? localMidnight(q.from) : new Date(q.from)) : new Date(to.getTime() - 30 * DAY_MS);
    return { from, to, now };
  })
  .refine((p) => p.from < p.to, { message: 'from must be before to', path: ['from'] })
  .refine((p) => p.to.getTime() - p.from.getTime() <= MAX_SPAN_DAYS * DAY_MS, { message: `at most ${MAX_SPAN_DAYS} days`, path: ['to'] });

export function timelinessRoutes(deps: { db: Database; reference: ReferenceCache; minCount: number; authn: Authenticator; reports: ReportPool }): Router {
  const router = express.Router();
  const allowed = requirePermission(deps.authn, 'timeliness:read');
  const parsePeriod = (req: Request, res: Response) => {
    const parsed = periodQuery.safeParse(req.query);
    if (parsed.success) return parsed.data;
    res.status(400).json({
      error: 'invalid_query',
      message:
        preferredLang(req.get('accept-language')) === 'en'
          ? 'Use from/to as YYYY-MM-DD (WIB) or ISO 8601 with an offset.'
          : 'Isi from/to dengan format YYYY-MM-DD (WIB) atau ISO 8601 dengan zona waktu.',
      errors: parsed.error.issues.map((i) => ({ field: fieldName(i.path).field, message: i.message })),
    });
    return null;
  };

  // Identical requests in flight share one computation: the same query (a missing `to` is "now",
  // close enough between requests a moment apart) and scope.
  const keyOf = (what: string, scope: string | null, req: Request) =>
    JSON.stringify(['timeliness', what, scope, String(req.query.from ?? ''), String(req.query.to ?? '')]);

  router.get('/api/v1/opd/timeliness', ...allowed, async (req, res) => {
    const period = parsePeriod(req, res);
    if (!period) return;
    // An OPD-scoped user sees the ranking but the details of their own OPD only (report-jobs.ts).
    const scope = opdScope(req.principal);
    await sendReport(res, deps.reports, keyOf('city', scope, req), () =>
      opdTimelinessJob(deps.db, deps.reference.current(), period, { minCount: deps.minCount, scope }),
    );
  });

  router.get('/api/v1/opd/:code/timeliness', ...allowed, async (req, res) => {
    const code = String(req.params.code);
    if (!mayReadOpd(req.principal, code)) return refuse.forbidden(res);
    const opd = deps.reference.current().opd.get(code);
    if (!opd || opd.external) {
      res.status(404).json({ error: 'not_found', message: `OPD "${code}" tidak dikenal. (Unknown OPD.)` });
      return;
    }
    const period = parsePeriod(req, res);
    if (!period) return;
    await sendReport(res, deps.reports, keyOf(code, null, req), () =>
      opdTimelinessJob(deps.db, deps.reference.current(), period, { opd: code, minCount: deps.minCount, scope: null }),
    );
  });
  return router;
}
