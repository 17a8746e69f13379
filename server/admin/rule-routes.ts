// /api/v1/admin/categories and /api/v1/admin/calendar: the deadline rules. Thin: the checks are
// in server/rules/rules-input.ts, the saving (change + rule version + recompute of open
// complaints + audit, one transaction) in server/rules/rule-changes.ts. Every saving call takes
// ?dryRun=1 (the preview: how many open complaints the change moves, nothing stored). After a
// real save every node is told (the rule-change bus), so the wall moves within seconds.
import express, { type Request, type Response, type Router } from 'express';
import type {
  CalendarDayResponse,
  CalendarImportResponse,
  CalendarYearResponse,
  CategoriesResponse,
  CategoryResponse,
} from '../../shared/admin-rules-api.ts';
import { CATEGORY_GROUPS } from '../../shared/domain-constants.ts';
import { auditOrigin } from '../auth/http-auth.ts';
import { jsonBody, parseWithRulesOr400 } from '../http/json-body.ts';
import { preferredLang } from '../ingest/validate-batch.ts';
import { openComplaintsByCategory } from '../rules/recompute-open-complaints.ts';
import {
  calendarYear,
  findCategory,
  importCalendarYear,
  listCategories,
  removeCalendarDay,
  saveCategory,
  setCalendarDay,
  type ChangeContext,
} from '../rules/rule-changes.ts';
import {
  calendarDateSchema,
  calendarDayBody,
  calendarImportBody,
  calendarYearSchema,
  categoryChangesBody,
  categoryProblems,
  categoryView,
  isDryRun,
  mergeCategory,
  newCategoryBody,
  parseCalendarImport,
} from '../rules/rules-input.ts';
import { adminOf, notFound, type AdminDeps } from './admin-deps.ts';

export function ruleRoutes(deps: AdminDeps): Router {
  const router = express.Router();
  const body = jsonBody();

  const ctxOf = (req: Request): ChangeContext => ({ actor: adminOf(req), origin: auditOrigin(req), dryRun: isDryRun(req.query), now: new Date() });
  const knownOpd = (code: string) => {
    const o = deps.reference.current().opd.get(code);
    return !!o && !o.external;
  };
  /** After a real save: every node reloads its rules; the wall's overdue count follows. */
  const announce = async (kind: 'sla' | 'calendar', version: number | null) => {
    if (version !== null) await deps.rules.publish({ kind, version });
  };
  const badDate = (req: Request, res: Response) => {
    const en = preferredLang(req.get('accept-language')) === 'en';
    res.status(400).json({
      error: 'validation_failed',
      message: en ? 'Some fields are missing or wrong.' : 'Ada isian yang kosong atau salah.',
      errors: [{ field: 'date', message: en ? 'must be a date YYYY-MM-DD, e.g. 2026-12-07' : 'harus berupa tanggal TTTT-BB-HH, mis. 2026-12-07' }],
    });
  };

  // ---------------------------------------------------------------- categories

  router.get('/categories', async (_req, res) => {
    const [rows, open] = await Promise.all([listCategories(deps.db), openComplaintsByCategory(deps.db)]);
    const answer: CategoriesResponse = { categories: rows.map((c) => categoryView(c, open.get(c.code) ?? 0)), groups: CATEGORY_GROUPS };
    res.set('Cache-Control', 'no-store').json(answer);
  });

  router.post('/categories', body, async (req, res) => {
    const input = parseWithRulesOr400(newCategoryBody, req.body, req, res, (raw) =>
      categoryProblems(mergeCategory(null, { ...(raw as object), code: String(raw.code ?? '') } as never), raw, knownOpd),
    );
    if (!input) return;
    const after = mergeCategory(null, input);
    const ctx = ctxOf(req);
    const outcome = await saveCategory(deps.db, ctx, null, after);
    if (!outcome) {
      res.status(409).json({ error: 'conflict', message: 'Kode kategori sudah dipakai. (Category code taken.)', errors: [{ field: 'code', message: 'sudah dipakai / taken' }] });
      return;
    }
    await announce('sla', outcome.rulesVersion);
    const answer: CategoryResponse = { ...outcome, category: categoryView(after, 0) };
    res.status(ctx.dryRun ? 200 : 201).json(answer);
  });

  router.patch('/categories/:code', body, async (req, res) => {
    const before = await findCategory(deps.db, String(req.params.code));
    if (!before) return void res.status(404).json(notFound('Kategori'));
    const input = parseWithRulesOr400(categoryChangesBody, req.body, req, res, (raw) => categoryProblems(mergeCategory(before, raw as never), raw, knownOpd));
    if (!input) return;
    const after = mergeCategory(before, input);
    const outcome = await saveCategory(deps.db, ctxOf(req), before, after);
    if (!outcome) return void res.status(404).json(notFound('Kategori'));
    await announce('sla', outcome.rulesVersion);
    const open = await openComplaintsByCategory(deps.db);
    const answer: CategoryResponse = { ...outcome, category: categoryView(after, open.get(after.code) ?? 0) };
    res.json(answer);
  });

  // ---------------------------------------------------------------- calendar

  router.get('/calendar', async (req, res) => {
    const year = calendarYearSchema.safeParse(req.query.year ?? new Date().getFullYear());
    if (!year.success) {
      const en = preferredLang(req.get('accept-language')) === 'en';
      res.status(400).json({ error: 'validation_failed', message: en ? 'Unknown year.' : 'Tahun tidak dikenal.', errors: [{ field: 'year', message: en ? 'a year 2000-2100' : 'tahun 2000-2100' }] });
      return;
    }
    const answer: CalendarYearResponse = await calendarYear(deps.db, year.data);
    res.set('Cache-Control', 'no-store').json(answer);
  });

  router.put('/calendar/days/:date', body, async (req, res) => {
    const date = calendarDateSchema.safeParse(req.params.date);
    // The date in the address and the fields of the body: every problem in one answer.
    const input = parseWithRulesOr400(calendarDayBody, req.body, req, res, () =>
      date.success ? [] : [{ field: 'date', message: { id: 'harus berupa tanggal TTTT-BB-HH, mis. 2026-12-07', en: 'must be a date YYYY-MM-DD, e.g. 2026-12-07' } }],
    );
    if (!input || !date.success) return;
    const outcome = await setCalendarDay(deps.db, ctxOf(req), date.data, input);
    await announce('calendar', outcome.rulesVersion);
    const answer: CalendarDayResponse = { openComplaints: outcome.openComplaints, moved: outcome.moved, rulesVersion: outcome.rulesVersion, dryRun: outcome.dryRun, day: outcome.day };
    res.json(answer);
  });

  router.delete('/calendar/days/:date', async (req, res) => {
    const date = calendarDateSchema.safeParse(req.params.date);
    if (!date.success) return badDate(req, res);
    const outcome = await removeCalendarDay(deps.db, ctxOf(req), date.data);
    if (!outcome) return void res.status(404).json(notFound('Hari libur'));
    await announce('calendar', outcome.rulesVersion);
    const answer: CalendarDayResponse = { openComplaints: outcome.openComplaints, moved: outcome.moved, rulesVersion: outcome.rulesVersion, dryRun: outcome.dryRun, day: null };
    res.json(answer);
  });

  router.post('/calendar/import', body, async (req, res) => {
    let file: ReturnType<typeof parseCalendarImport> | null = null;
    const input = parseWithRulesOr400(calendarImportBody, req.body, req, res, (raw) => {
      if ((raw.format !== 'json' && raw.format !== 'csv') || typeof raw.content !== 'string' || !raw.content) return [];
      file = parseCalendarImport(raw.format, raw.content);
      if (file.ok) return [];
      // One field, every problem of the file in it: the person fixes the file once.
      const ps = file.problems;
      return [{ field: 'content', message: { id: ps.map((p) => p.message.id).join('; '), en: ps.map((p) => p.message.en).join('; ') } }];
    });
    if (!input || !file) return;
    const parsed = file as ReturnType<typeof parseCalendarImport>;
    if (!parsed.ok) return;
    const outcome = await importCalendarYear(deps.db, ctxOf(req), parsed.value);
    await announce('calendar', outcome.rulesVersion);
    const answer: CalendarImportResponse = outcome;
    res.json(answer);
  });

  return router;
}
