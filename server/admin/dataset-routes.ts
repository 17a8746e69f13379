// Datasets and their upload schedules for admins: GET/POST /api/v1/admin/datasets,
// PATCH /api/v1/admin/datasets/:id, POST /api/v1/admin/datasets/preview (the next deadlines of a
// schedule being edited, with the real schedule functions and the working calendar).
//
// Rule changes and time: a changed schedule applies to periods due from the change on. The
// replaced schedule is kept in dataset_schedule_history with the instant it stopped applying,
// and every period is judged with the schedule in force at its deadline
// (server/domain/uploads/schedule-history.ts), so a period whose deadline has passed keeps its
// deadline and verdict. A new dataset is due from its creation on (datasets.schedule_from).
import express, { type Router } from 'express';
import { and, desc, eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import type { DatasetView, DeadlineView } from '../../shared/admin-config-api.ts';
import type { UploadSchedule } from '../../shared/upload-schedule.ts';
import { normalizeSchedule } from '../domain/uploads/index.ts';
import { upcomingDeadlines } from '../domain/uploads/schedule-history.ts';
import type { WorkingCalendar } from '../domain/calendar/working-calendar.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { uuidSchema } from '../auth/account-rules.ts';
import { auditOrigin } from '../auth/http-auth.ts';
import { actorName } from '../auth/roles.ts';
import { jsonBody, parseWithRulesOr400, type FieldProblem } from '../http/json-body.ts';
import { recordRuleVersion } from '../rules/rule-versions.ts';
import { adminOf, notFound, type AdminDeps } from './admin-deps.ts';
import { datasetChangesBody, datasetPreviewBody, newDatasetBody } from './config-rules.ts';

type DatasetRow = typeof t.datasets.$inferSelect;
type HistoryRow = typeof t.datasetScheduleHistory.$inferSelect;

const PREVIEW_COUNT = 5;

export function deadlineViews(schedule: UploadSchedule, from: Date, count: number, calendar: WorkingCalendar): DeadlineView[] {
  return upcomingDeadlines(schedule, from, count).map(({ period, deadline }) => {
    const reason = calendar.nonWorkingReason(calendar.localDateOf(deadline));
    return {
      period: period.key,
      start: period.start,
      end: period.end,
      deadline: deadline.toISOString(),
      nonWorkingDay: reason ? (reason.kind === 'weekend' ? { id: 'akhir pekan', en: 'weekend' } : { id: reason.name, en: reason.name }) : null,
    };
  });
}

const sameSchedule = (a: unknown, b: unknown) => JSON.stringify(normalizeSchedule(a as UploadSchedule)) === JSON.stringify(normalizeSchedule(b as UploadSchedule));

/** Plain words for a schedule, for the rule_versions summary and the audit trail. */
export function scheduleWords(s: UploadSchedule): string {
  switch (s.kind) {
    case 'daily':
      return `harian, pukul ${s.dueTime}${s.dueOffsetDays ? ` H+${s.dueOffsetDays}` : ''}`;
    case 'weekly':
      return `mingguan, hari ke-${s.weekday} pukul ${s.dueTime}${s.dueOffsetWeeks ? ` +${s.dueOffsetWeeks} minggu` : ''}`;
    case 'monthly':
      return `bulanan, tanggal ${s.dayOfMonth} pukul ${s.dueTime}${s.dueOffsetMonths !== 1 ? ` +${s.dueOffsetMonths} bulan` : ''}`;
    default:
      return 'sewaktu-waktu';
  }
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export function datasetAdminRoutes(deps: AdminDeps): Router {
  const router = express.Router();
  const body = jsonBody();

  function viewOf(d: DatasetRow, history: HistoryRow[], now = new Date()): DatasetView {
    const schedule = normalizeSchedule(d.schedule as UploadSchedule);
    return {
      id: d.id,
      opd: d.opdCode,
      code: d.code,
      name: d.name,
      schedule,
      active: d.active,
      scheduleFrom: d.scheduleFrom?.toISOString() ?? null,
      previousSchedules: history
        .filter((h) => h.datasetId === d.id)
        .sort((a, b) => b.until.getTime() - a.until.getTime())
        .map((h) => ({ schedule: normalizeSchedule(h.schedule as UploadSchedule), until: h.until.toISOString() })),
      nextDeadlines: d.active ? deadlineViews(schedule, now, PREVIEW_COUNT, deps.reference.current().calendar) : [],
    };
  }

  async function opdProblems(code: string | undefined): Promise<FieldProblem[]> {
    if (!code) return [];
    const [o] = await deps.db.select().from(t.opd).where(eq(t.opd.code, code));
    if (!o || !o.active) return [{ field: 'opd', message: { id: `OPD "${code}" tidak dikenal atau tidak aktif`, en: `OPD "${code}" is unknown or not active` } }];
    if (o.external) return [{ field: 'opd', message: { id: `${code} adalah instansi luar, bukan OPD Pemko`, en: `${code} is an external body, not a city OPD` } }];
    return [];
  }

  router.get('/datasets', async (_req, res) => {
    const [rows, history] = await Promise.all([
      deps.db.select().from(t.datasets).orderBy(t.datasets.opdCode, t.datasets.code),
      deps.db.select().from(t.datasetScheduleHistory).orderBy(desc(t.datasetScheduleHistory.until)),
    ]);
    const now = new Date();
    res.set('Cache-Control', 'no-store').json({ datasets: rows.map((d) => viewOf(d, history, now)) });
  });

  router.post('/datasets', body, async (req, res) => {
    const raw = req.body !== null && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
    const problems = await opdProblems(str(raw.opd));
    if (str(raw.opd) && str(raw.code)) {
      const [dup] = await deps.db
        .select({ id: t.datasets.id })
        .from(t.datasets)
        .where(and(eq(t.datasets.opdCode, str(raw.opd)!), eq(t.datasets.code, str(raw.code)!)));
      if (dup) problems.push({ field: 'code', message: { id: `OPD ini sudah punya dataset "${str(raw.code)}"`, en: `this OPD already has a dataset "${str(raw.code)}"` } });
    }
    const input = parseWithRulesOr400(newDatasetBody, req.body, req, res, () => problems);
    if (!input) return;
    const now = new Date();
    const created = await deps.db.transaction(async (tx) => {
      const [row] = await tx.insert(t.datasets).values({ opdCode: input.opd, code: input.code, name: input.name, schedule: input.schedule, scheduleFrom: now }).returning();
      await recordAudit(tx, { actor: adminOf(req), action: 'config.update', target: `dataset:${row.opdCode}/${row.code}`, after: { ...row }, origin: auditOrigin(req) });
      const version = await recordRuleVersion(tx, {
        kind: 'schedule',
        target: row.id,
        actor: actorName(adminOf(req)),
        summary: `Dataset baru ${row.opdCode}/${row.code}: ${scheduleWords(input.schedule)}`,
      });
      return { row, version };
    });
    await deps.rules.publish({ kind: 'schedule', version: created.version });
    res.status(201).json({ dataset: viewOf(created.row, [], now) });
  });

  router.patch('/datasets/:id', body, async (req, res) => {
    const id = uuidSchema.safeParse(req.params.id);
    const [before] = id.success ? await deps.db.select().from(t.datasets).where(eq(t.datasets.id, id.data)) : [];
    if (!before) return void res.status(404).json(notFound('Dataset'));
    const input = parseWithRulesOr400(datasetChangesBody, req.body, req, res, (raw) =>
      Object.keys(raw).length === 0 ? [{ field: '(body)', message: { id: 'tidak ada perubahan', en: 'nothing to change' } }] : [],
    );
    if (!input) return;
    const scheduleChanged = input.schedule !== undefined && !sameSchedule(input.schedule, before.schedule);
    const activeChanged = input.active !== undefined && input.active !== before.active;
    const now = new Date();
    const saved = await deps.db.transaction(async (tx) => {
      const version =
        scheduleChanged || activeChanged
          ? await recordRuleVersion(tx, {
              kind: 'schedule',
              target: before.id,
              actor: actorName(adminOf(req)),
              summary: scheduleChanged
                ? `Jadwal ${before.opdCode}/${before.code}: ${scheduleWords(normalizeSchedule(before.schedule as UploadSchedule))} -> ${scheduleWords(input.schedule!)}`
                : `Dataset ${before.opdCode}/${before.code} ${input.active ? 'diaktifkan' : 'dinonaktifkan'}`,
            })
          : null;
      // The replaced schedule keeps judging the periods due before now.
      if (scheduleChanged) await tx.insert(t.datasetScheduleHistory).values({ datasetId: before.id, schedule: before.schedule, until: now, endedByVersion: version });
      const [row] = await tx
        .update(t.datasets)
        .set({
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(scheduleChanged ? { schedule: input.schedule } : {}),
          ...(input.active !== undefined ? { active: input.active } : {}),
        })
        .where(eq(t.datasets.id, before.id))
        .returning();
      await recordAudit(tx, {
        actor: adminOf(req),
        action: 'config.update',
        target: `dataset:${before.opdCode}/${before.code}`,
        before: { name: before.name, schedule: before.schedule, active: before.active },
        after: { name: row.name, schedule: row.schedule, active: row.active, ...(scheduleChanged ? { scheduleChangedAt: now.toISOString() } : {}) },
        origin: auditOrigin(req),
      });
      return { row, version };
    });
    if (saved.version !== null) await deps.rules.publish({ kind: 'schedule', version: saved.version });
    const history = await deps.db.select().from(t.datasetScheduleHistory).where(eq(t.datasetScheduleHistory.datasetId, before.id));
    res.json({ dataset: viewOf(saved.row, history) });
  });

  router.post('/datasets/preview', body, async (req, res) => {
    const input = parseWithRulesOr400(datasetPreviewBody, req.body, req, res, () => []);
    if (!input) return;
    const now = new Date();
    const calendar = deps.reference.current().calendar;
    const count = input.count ?? PREVIEW_COUNT;
    const deadlines = deadlineViews(input.schedule, now, count, calendar);
    let current: DeadlineView[] | null = null;
    if (input.datasetId) {
      const [d] = await deps.db.select().from(t.datasets).where(eq(t.datasets.id, input.datasetId));
      if (!d) return void res.status(404).json(notFound('Dataset'));
      current = deadlineViews(normalizeSchedule(d.schedule as UploadSchedule), now, count, calendar);
    }
    const firstNew = deadlines[0];
    const effect = {
      id: `Berlaku sejak disimpan: periode yang tenggatnya sudah lewat tetap dinilai dengan jadwal lama. ${firstNew ? `Tenggat berikutnya menjadi periode ${firstNew.period}.` : 'Dataset sewaktu-waktu tidak punya tenggat.'}`,
      en: `Applies from saving on: periods whose deadline has passed keep the old schedule's verdict. ${firstNew ? `The next deadline becomes period ${firstNew.period}.` : 'An ad hoc dataset has no deadlines.'}`,
    };
    res.json({ deadlines, current, effect });
  });

  return router;
}
