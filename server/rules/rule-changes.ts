// Saving a deadline rule (a category's SLA targets, a calendar day, a year's imported list): the
// change, its rule_versions row, the recompute of the open complaints it moves and its audit
// entry, all in one transaction, so nothing is half saved. A dry run goes the same way and rolls
// back: the preview's count is the count the save will move. The caller announces the change on
// the rule-change bus after the commit (every node reloads; the wall's overdue count moves).
import { and, asc, eq, sql } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import type { CalendarDayKind, CalendarDayView, CalendarImportDiff, CalendarYearResponse, RuleChangeOutcome } from '../../shared/admin-rules-api.ts';
import { recordAudit, type AuditOrigin } from '../audit/audit-log.ts';
import type { Principal } from '../auth/roles.ts';
import { actorName } from '../auth/roles.ts';
import type { Database, Queryable, Transaction } from '../infra/database.ts';
import { calendarOfRows } from '../repositories/reference-repository.ts';
import { recomputeOpenComplaints } from './recompute-open-complaints.ts';
import { recordRuleVersion } from './rule-versions.ts';
import { diffCalendarImport, slaSummary, type CategoryRecord, type ImportedYear } from './rules-input.ts';
import type { RuleKind } from './rule-change-bus.ts';

export interface ChangeContext {
  actor: Principal;
  origin: AuditOrigin;
  dryRun: boolean;
  now: Date;
}

class DryRunDone extends Error {
  constructor(readonly value: unknown) {
    super('dry run');
  }
}

/** Runs `work` in a transaction that commits, or on a dry run rolls back and still returns what it found. */
async function inChangeTransaction<T>(db: Database, dryRun: boolean, work: (tx: Transaction) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(async (tx) => {
      // One rule change at a time: two recomputes must not judge with each other's half.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('pantau:rule-change', 0))`);
      const out = await work(tx);
      if (dryRun) throw new DryRunDone(out);
      return out;
    });
  } catch (error) {
    if (error instanceof DryRunDone) return error.value as T;
    throw error;
  }
}

async function versionAndRecompute(
  tx: Transaction,
  ctx: ChangeContext,
  rule: { kind: RuleKind; target: string; summary: string; category?: string },
): Promise<RuleChangeOutcome> {
  const version = await recordRuleVersion(tx, { kind: rule.kind, target: rule.target, actor: actorName(ctx.actor), summary: rule.summary });
  const r = await recomputeOpenComplaints(tx, { category: rule.category, version, now: ctx.now, write: true });
  return { openComplaints: r.openComplaints, moved: r.moved, rulesVersion: ctx.dryRun ? null : version, dryRun: ctx.dryRun };
}

// ---------------------------------------------------------------- categories

export async function listCategories(db: Queryable): Promise<CategoryRecord[]> {
  return db.select().from(t.categories).orderBy(asc(t.categories.group), asc(t.categories.name));
}

export async function findCategory(db: Queryable, code: string): Promise<CategoryRecord | null> {
  const [row] = await db.select().from(t.categories).where(eq(t.categories.code, code));
  return row ?? null;
}

/** Creates (`before` null) or changes a category. null: a category with that code exists already (create). */
export async function saveCategory(db: Database, ctx: ChangeContext, before: CategoryRecord | null, after: CategoryRecord): Promise<RuleChangeOutcome | null> {
  return inChangeTransaction(db, ctx.dryRun, async (tx) => {
    const values = { name: after.name, nameEn: after.nameEn, group: after.group, opdCode: after.opdCode, emergency: after.emergency, sla: after.sla };
    if (before) {
      await tx.update(t.categories).set(values).where(eq(t.categories.code, before.code));
    } else {
      const inserted = await tx
        .insert(t.categories)
        .values({ code: after.code, externalCode: null, ...values })
        .onConflictDoNothing()
        .returning({ code: t.categories.code });
      if (!inserted.length) return null;
    }
    const outcome = await versionAndRecompute(tx, ctx, { kind: 'sla', target: after.code, summary: slaSummary(before, after), category: after.code });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: before ? 'category.update' : 'category.create',
      target: `category:${after.code}`,
      ...(before ? { before } : {}),
      after: { ...after, rulesVersion: outcome.rulesVersion, openComplaintsMoved: outcome.moved },
      origin: ctx.origin,
    });
    return outcome;
  });
}

// ---------------------------------------------------------------- calendar

type DayRow = typeof t.calendarDays.$inferSelect;

async function allDayRows(db: Queryable): Promise<DayRow[]> {
  return db.select().from(t.calendarDays).orderBy(asc(t.calendarDays.date));
}

export function yearView(rows: readonly DayRow[], year: number): CalendarYearResponse {
  const calendar = calendarOfRows(rows);
  const seen = new Set<string>();
  const days: CalendarDayView[] = [];
  for (const h of calendar.holidaysOf(year)) {
    if (h.kind === 'weekend' || seen.has(h.date)) continue;
    seen.add(h.date);
    days.push({ date: h.date, kind: h.kind, name: h.name, source: h.source === 'library' ? 'library' : 'official' });
  }
  const removed = rows.filter((r) => r.kind === 'removed' && r.year === year).map((r) => ({ date: r.date, name: r.name }));
  return { year, source: calendar.sourceForYear(year), days: days.sort((a, b) => a.date.localeCompare(b.date)), removed };
}

export async function calendarYear(db: Queryable, year: number): Promise<CalendarYearResponse> {
  return yearView(await allDayRows(db), year);
}

function dayOf(view: CalendarYearResponse, date: string): CalendarDayView | null {
  return view.days.find((d) => d.date === date) ?? null;
}

const kindWords: Record<CalendarDayKind, string> = { national: 'libur nasional', cuti_bersama: 'cuti bersama', closure: 'penutupan kantor' };

/** Adds a non-working day or changes it (one entry per date). */
export async function setCalendarDay(db: Database, ctx: ChangeContext, date: string, day: { kind: CalendarDayKind; name: string }): Promise<RuleChangeOutcome & { before: CalendarDayView | null; day: CalendarDayView }> {
  const year = Number(date.slice(0, 4));
  return inChangeTransaction(db, ctx.dryRun, async (tx) => {
    const before = dayOf(yearView(await allDayRows(tx), year), date);
    await tx.delete(t.calendarDays).where(eq(t.calendarDays.date, date));
    await tx.insert(t.calendarDays).values({ date, kind: day.kind, name: day.name, year });
    const after: CalendarDayView = { date, kind: day.kind, name: day.name, source: 'official' };
    const summary = before ? `Kalender ${date}: ${before.name} -> ${day.name} (${kindWords[day.kind]})` : `Kalender ${date}: hari libur baru ${day.name} (${kindWords[day.kind]})`;
    const outcome = await versionAndRecompute(tx, ctx, { kind: 'calendar', target: date, summary });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: 'calendar.day_set',
      target: `calendar:${date}`,
      before,
      after: { ...after, rulesVersion: outcome.rulesVersion, openComplaintsMoved: outcome.moved },
      origin: ctx.origin,
    });
    return { ...outcome, before, day: after };
  });
}

/** Takes a day off the list: a working day after all. null when it is not a non-working day. */
export async function removeCalendarDay(db: Database, ctx: ChangeContext, date: string): Promise<(RuleChangeOutcome & { before: CalendarDayView }) | null> {
  const year = Number(date.slice(0, 4));
  return inChangeTransaction(db, ctx.dryRun, async (tx) => {
    const before = dayOf(yearView(await allDayRows(tx), year), date);
    if (!before) return null;
    await tx.delete(t.calendarDays).where(eq(t.calendarDays.date, date));
    // The marker keeps a shipped or library holiday off the list (a re-seed does not bring it back).
    await tx.insert(t.calendarDays).values({ date, kind: 'removed', name: before.name, year });
    const outcome = await versionAndRecompute(tx, ctx, { kind: 'calendar', target: date, summary: `Kalender ${date}: ${before.name} dihapus, jadi hari kerja` });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: 'calendar.day_remove',
      target: `calendar:${date}`,
      before,
      after: { date, kind: 'removed', rulesVersion: outcome.rulesVersion, openComplaintsMoved: outcome.moved },
      origin: ctx.origin,
    });
    return { ...outcome, before };
  });
}

/** Applies a year's imported official list: the difference (added, changed, removed) and its recompute. */
export async function importCalendarYear(db: Database, ctx: ChangeContext, file: ImportedYear): Promise<RuleChangeOutcome & { diff: CalendarImportDiff }> {
  return inChangeTransaction(db, ctx.dryRun, async (tx) => {
    const diff = diffCalendarImport(yearView(await allDayRows(tx), file.year).days, file);
    const touched = [...diff.added.map((d) => d.date), ...diff.changed.map((d) => d.date), ...diff.removed.map((d) => d.date)];
    if (touched.length) {
      await tx.delete(t.calendarDays).where(and(eq(t.calendarDays.year, file.year), sql`${t.calendarDays.date} = any(${sql.param(touched)}::text[]::date[])`));
      const rows = [
        ...diff.added.map((d) => ({ date: d.date, kind: d.kind as string, name: d.name, year: file.year })),
        ...diff.changed.map((c) => ({ date: c.date, kind: c.after.kind as string, name: c.after.name, year: file.year })),
        ...diff.removed.map((d) => ({ date: d.date, kind: 'removed', name: d.name, year: file.year })),
      ];
      await tx.insert(t.calendarDays).values(rows);
    }
    const summary = `Kalender ${file.year} diimpor: ${diff.added.length} ditambah, ${diff.changed.length} diubah, ${diff.removed.length} dihapus`;
    const outcome = await versionAndRecompute(tx, ctx, { kind: 'calendar', target: String(file.year), summary });
    await recordAudit(tx, {
      actor: ctx.actor,
      action: 'calendar.import',
      target: `calendar:${file.year}`,
      before: { year: file.year, changed: diff.changed.map((c) => c.before), removed: diff.removed },
      after: { year: file.year, added: diff.added, changed: diff.changed.map((c) => c.after), rulesVersion: outcome.rulesVersion, openComplaintsMoved: outcome.moved },
      origin: ctx.origin,
    });
    return { ...outcome, diff };
  });
}
