// Routing rules for admins: GET/POST /api/v1/admin/routing-rules, PUT/DELETE .../:id,
// POST .../reorder (the order among equally specific rules of a category) and POST .../try
// ("try a complaint": which rule fires and why, with the saved rules or with the one being
// edited). A change applies to complaints routed from then on: it gets a rule_versions row
// (kind 'routing') with its audit entry, and every node reloads its rules at once.
import { randomBytes } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { asc, eq, inArray } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import type { RoutingRuleInput, RoutingRuleView, RoutingTryResponse } from '../../shared/admin-config-api.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { auditOrigin } from '../auth/http-auth.ts';
import { actorName } from '../auth/roles.ts';
import { normalizeText, specificityOf, validateRoutingRules, type RoutingRule } from '../domain/complaints/complaint-routing.ts';
import { routingOrder, tryRouting } from '../domain/complaints/routing-trial.ts';
import { jsonBody, parseOr400, parseWithRulesOr400, type FieldProblem } from '../http/json-body.ts';
import type { Transaction } from '../infra/database.ts';
import { preferredLang } from '../ingest/validate-batch.ts';
import { recordRuleVersion } from '../rules/rule-versions.ts';
import { adminOf, notFound, type AdminDeps } from './admin-deps.ts';
import { cleanKeywords, routingReorderBody, routingRuleBody, routingTryBody } from './config-rules.ts';

type RuleRow = typeof t.routingRules.$inferSelect;

export function ruleOfRow(r: RuleRow): RoutingRule {
  return {
    id: r.id,
    category: r.categoryCode,
    target: { kind: r.targetKind as 'opd' | 'external', code: r.targetCode },
    ...(r.kecamatanCode ? { kecamatan: [r.kecamatanCode] } : {}),
    ...(r.keywords?.length ? { keywords: r.keywords } : {}),
    priority: r.priority,
  };
}

/** Every rule, by category, each category's in the order they are tried. */
export function ruleViews(rules: readonly RoutingRule[]): RoutingRuleView[] {
  const byCategory = new Map<string, RoutingRule[]>();
  for (const r of rules) byCategory.set(r.category, [...(byCategory.get(r.category) ?? []), r]);
  return [...byCategory.keys()].sort().flatMap((c) => routingOrder(byCategory.get(c)!).map((r, i) => viewOf(r, i + 1)));
}

function viewOf(r: RoutingRule, order: number): RoutingRuleView {
  return {
    id: r.id,
    category: r.category,
    targetKind: r.target.kind,
    targetCode: r.target.code,
    kecamatan: r.kecamatan?.[0] ?? null,
    keywords: [...(r.keywords ?? [])],
    priority: r.priority ?? 0,
    specificity: specificityOf(r),
    order,
  };
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export function routingRuleAdminRoutes(deps: AdminDeps): Router {
  const router = express.Router();
  const body = jsonBody();

  const allRules = async (db: Pick<Transaction, 'select'> = deps.db) => (await db.select().from(t.routingRules).orderBy(asc(t.routingRules.id))).map(ruleOfRow);

  /** A kecamatan typed as its code or its name, as its code; undefined when unknown. */
  async function kecamatanCode(value: string | null | undefined): Promise<string | null | undefined> {
    if (value === null || value === undefined || value.trim() === '') return null;
    const rows = await deps.db.select({ code: t.kecamatan.code, name: t.kecamatan.name }).from(t.kecamatan);
    const v = normalizeText(value);
    return rows.find((k) => normalizeText(k.code) === v || normalizeText(k.name) === v)?.code;
  }

  /** The checks that need the database, as field problems; the rule as it will be stored. */
  async function checkRule(raw: Record<string, unknown>, id: string | null): Promise<{ problems: FieldProblem[]; kecamatan: string | null }> {
    const problems: FieldProblem[] = [];
    const category = str(raw.category);
    if (category) {
      const [c] = await deps.db.select({ code: t.categories.code }).from(t.categories).where(eq(t.categories.code, category));
      if (!c) problems.push({ field: 'category', message: { id: `kategori "${category}" tidak dikenal`, en: `unknown category "${category}"` } });
    }
    const code = str(raw.targetCode);
    if (code) {
      const [o] = await deps.db.select().from(t.opd).where(eq(t.opd.code, code));
      if (!o || !o.active) problems.push({ field: 'targetCode', message: { id: `tujuan "${code}" tidak dikenal atau tidak aktif`, en: `target "${code}" is unknown or not active` } });
      else if (raw.targetKind === 'opd' && o.external) problems.push({ field: 'targetCode', message: { id: `${code} adalah instansi luar; pilih "instansi luar"`, en: `${code} is an external body; choose "external body"` } });
      else if (raw.targetKind === 'external' && !o.external) problems.push({ field: 'targetCode', message: { id: `${code} adalah OPD Pemko; pilih "OPD"`, en: `${code} is a city OPD; choose "OPD"` } });
    }
    const kecRaw = str(raw.kecamatan);
    const kecamatan = await kecamatanCode(kecRaw);
    if (kecamatan === undefined) problems.push({ field: 'kecamatan', message: { id: `kecamatan "${kecRaw}" tidak dikenal`, en: `unknown kecamatan "${kecRaw}"` } });
    // Two rules with the same conditions and order but different targets: the winner would be a coin toss.
    if (category && code && kecamatan !== undefined && !problems.length) {
      const candidate: RoutingRule = {
        id: id ?? '(baru)',
        category,
        target: { kind: raw.targetKind === 'external' ? 'external' : 'opd', code },
        ...(kecamatan ? { kecamatan: [kecamatan] } : {}),
        ...(Array.isArray(raw.keywords) && cleanKeywords(raw.keywords.filter((k): k is string => typeof k === 'string')).length
          ? { keywords: cleanKeywords(raw.keywords.filter((k): k is string => typeof k === 'string')) }
          : {}),
        priority: typeof raw.priority === 'number' ? raw.priority : 0,
      };
      const others = (await allRules()).filter((r) => r.id !== id);
      for (const p of validateRoutingRules([...others, candidate])) {
        if (p.ruleId === candidate.id) problems.push({ field: 'priority', message: p.message });
      }
    }
    return { problems, kecamatan: kecamatan ?? null };
  }

  async function saveRule(req: Request, res: Response, id: string | null) {
    const raw = req.body !== null && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
    const before = id ? (await deps.db.select().from(t.routingRules).where(eq(t.routingRules.id, id)))[0] : undefined;
    if (id && !before) return void res.status(404).json(notFound('Aturan disposisi'));
    const checked = await checkRule(raw, id);
    const input = parseWithRulesOr400(routingRuleBody, req.body, req, res, () => checked.problems);
    if (!input) return;
    const values = {
      categoryCode: input.category,
      targetKind: input.targetKind,
      targetCode: input.targetCode,
      kecamatanCode: checked.kecamatan,
      keywords: cleanKeywords(input.keywords).length ? cleanKeywords(input.keywords) : null,
      priority: input.priority ?? 0,
    };
    const saved = await deps.db.transaction(async (tx) => {
      const [row] = before
        ? await tx.update(t.routingRules).set(values).where(eq(t.routingRules.id, before.id)).returning()
        : await tx
            .insert(t.routingRules)
            .values({ id: `${input.category}-${randomBytes(3).toString('hex')}`, ...values })
            .returning();
      await recordAudit(tx, { actor: adminOf(req), action: 'config.update', target: `routing-rule:${row.id}`, before: before ? ruleOfRow(before) : undefined, after: ruleOfRow(row), origin: auditOrigin(req) });
      const version = await recordRuleVersion(tx, {
        kind: 'routing',
        target: row.id,
        actor: actorName(adminOf(req)),
        summary: `Aturan disposisi ${row.id} ${before ? 'diubah' : 'ditambah'}: ${row.categoryCode} -> ${row.targetCode}`,
      });
      return { row, version };
    });
    await deps.rules.publish({ kind: 'routing', version: saved.version });
    const view = ruleViews(await allRules()).find((r) => r.id === saved.row.id)!;
    res.status(before ? 200 : 201).json({ rule: view });
  }

  router.get('/routing-rules', async (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ rules: ruleViews(await allRules()) });
  });

  router.post('/routing-rules', body, (req, res) => saveRule(req, res, null));
  router.put('/routing-rules/:id', body, (req, res) => saveRule(req, res, String(req.params.id)));

  router.delete('/routing-rules/:id', async (req, res) => {
    const [before] = await deps.db.select().from(t.routingRules).where(eq(t.routingRules.id, String(req.params.id)));
    if (!before) return void res.status(404).json(notFound('Aturan disposisi'));
    const version = await deps.db.transaction(async (tx) => {
      await tx.delete(t.routingRules).where(eq(t.routingRules.id, before.id));
      await recordAudit(tx, { actor: adminOf(req), action: 'config.update', target: `routing-rule:${before.id}`, before: ruleOfRow(before), after: null, origin: auditOrigin(req) });
      return recordRuleVersion(tx, { kind: 'routing', target: before.id, actor: actorName(adminOf(req)), summary: `Aturan disposisi ${before.id} dihapus` });
    });
    await deps.rules.publish({ kind: 'routing', version });
    res.json({ deleted: before.id });
  });

  router.post('/routing-rules/reorder', body, async (req, res) => {
    const input = parseOr400(routingReorderBody, req.body, req, res);
    if (!input) return;
    const rows = await deps.db.select().from(t.routingRules).where(eq(t.routingRules.categoryCode, input.category));
    const have = new Set(rows.map((r) => r.id));
    if (input.ids.length !== have.size || new Set(input.ids).size !== have.size || input.ids.some((id) => !have.has(id))) {
      const en = preferredLang(req.get('accept-language')) === 'en';
      return void res.status(400).json({
        error: 'validation_failed',
        message: en ? 'The list does not match this category’s rules; reload the page.' : 'Daftar aturan tidak sama dengan aturan kategori ini; muat ulang halaman.',
        errors: [{ field: 'ids', message: en ? 'must hold every rule of this category exactly once' : 'harus memuat setiap aturan kategori ini tepat sekali' }],
      });
    }
    // First in the list, highest priority. Specificity still comes first (routeComplaint).
    const priorityOf = new Map(input.ids.map((id, i) => [id, (input.ids.length - i) * 10]));
    const version = await deps.db.transaction(async (tx) => {
      for (const r of rows) await tx.update(t.routingRules).set({ priority: priorityOf.get(r.id)! }).where(eq(t.routingRules.id, r.id));
      await recordAudit(tx, {
        actor: adminOf(req),
        action: 'config.update',
        target: `routing-rules:${input.category}`,
        before: { order: ruleViews(rows.map(ruleOfRow)).map((r) => r.id) },
        after: { order: ruleViews(rows.map((r) => ruleOfRow({ ...r, priority: priorityOf.get(r.id)! }))).map((r) => r.id) },
        origin: auditOrigin(req),
      });
      return recordRuleVersion(tx, { kind: 'routing', target: input.category, actor: actorName(adminOf(req)), summary: `Urutan aturan disposisi ${input.category} diubah` });
    });
    await deps.rules.publish({ kind: 'routing', version });
    const after = await deps.db.select().from(t.routingRules).where(inArray(t.routingRules.id, input.ids));
    res.json({ rules: ruleViews(after.map(ruleOfRow)) });
  });

  router.post('/routing-rules/try', body, async (req, res) => {
    const raw = req.body !== null && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
    const kecRaw = str(raw.kecamatan);
    const kecamatan = await kecamatanCode(kecRaw);
    const input = parseWithRulesOr400(routingTryBody, req.body, req, res, () =>
      kecamatan === undefined ? [{ field: 'kecamatan', message: { id: `kecamatan "${kecRaw}" tidak dikenal`, en: `unknown kecamatan "${kecRaw}"` } }] : [],
    );
    if (!input) return;
    let rules = await allRules();
    const draftId = input.draft ? (input.draft.id ?? '(aturan baru)') : null;
    if (input.draft) {
      const d = input.draft as RoutingRuleInput & { id?: string | null };
      const draftKec = await kecamatanCode(d.kecamatan);
      const draft: RoutingRule = {
        id: draftId!,
        category: d.category,
        target: { kind: d.targetKind, code: d.targetCode },
        ...(draftKec ? { kecamatan: [draftKec] } : {}),
        ...(cleanKeywords(d.keywords).length ? { keywords: cleanKeywords(d.keywords) } : {}),
        priority: d.priority ?? 0,
      };
      rules = [...rules.filter((r) => r.id !== draft.id), draft];
    }
    const kecName = kecamatan ? (await deps.db.select({ name: t.kecamatan.name }).from(t.kecamatan).where(eq(t.kecamatan.code, kecamatan)))[0]?.name : null;
    const trial = tryRouting({ category: input.category, kecamatan: kecamatan ?? null, kecamatanName: kecName ?? null, title: input.title ?? null, text: input.text ?? null }, rules);
    const d = trial.decision;
    const answer: RoutingTryResponse = {
      routed: d.routed,
      target: d.routed ? d.target : null,
      ruleId: d.routed ? d.ruleId : null,
      explanation: d.explanation,
      rules: trial.rules.map((r) => ({ id: r.rule.id, draft: r.rule.id === draftId, verdict: r.verdict, reason: r.reason, targetKind: r.rule.target.kind, targetCode: r.rule.target.code })),
    };
    res.json(answer);
  });

  return router;
}
