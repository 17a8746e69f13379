// OPD for admins: GET/POST /api/v1/admin/opd, PATCH /api/v1/admin/opd/:code. OPD are never
// deleted (complaints, uploads and the audit trail name them), only deactivated. Deactivating one
// is refused while routing rules still send complaints to it (move them first), and its datasets
// stop being due with it. Every change is audited, gets a rule_versions row and is announced to
// every node (the wall's names and the reference data).
import express, { type Request, type Router } from 'express';
import { and, eq, sql } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import type { OpdView } from '../../shared/admin-config-api.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { auditOrigin } from '../auth/http-auth.ts';
import { actorName } from '../auth/roles.ts';
import { jsonBody, parseWithRulesOr400, type FieldProblem } from '../http/json-body.ts';
import type { Database } from '../infra/database.ts';
import { recordRuleVersion } from '../rules/rule-versions.ts';
import { adminOf, notFound, type AdminDeps } from './admin-deps.ts';
import { newOpdBody, opdChangesBody } from './config-rules.ts';

type OpdRow = typeof t.opd.$inferSelect;

async function usesOf(db: Database): Promise<Map<string, OpdView['uses']>> {
  const [rules, datasets, monitors, users, children] = await Promise.all([
    db.select({ code: t.routingRules.targetCode, n: sql<number>`count(*)::int` }).from(t.routingRules).groupBy(t.routingRules.targetCode),
    db.select({ code: t.datasets.opdCode, n: sql<number>`count(*)::int` }).from(t.datasets).where(eq(t.datasets.active, true)).groupBy(t.datasets.opdCode),
    db.select({ code: t.monitors.opdCode, n: sql<number>`count(*)::int` }).from(t.monitors).where(eq(t.monitors.active, true)).groupBy(t.monitors.opdCode),
    db.select({ code: t.users.opdCode, n: sql<number>`count(*)::int` }).from(t.users).where(eq(t.users.active, true)).groupBy(t.users.opdCode),
    db.select({ code: t.opd.parentCode, n: sql<number>`count(*)::int` }).from(t.opd).where(eq(t.opd.active, true)).groupBy(t.opd.parentCode),
  ]);
  const out = new Map<string, OpdView['uses']>();
  const get = (code: string) => {
    let u = out.get(code);
    if (!u) out.set(code, (u = { routingRules: 0, activeDatasets: 0, monitors: 0, users: 0, children: 0 }));
    return u;
  };
  for (const r of rules) get(r.code).routingRules = r.n;
  for (const r of datasets) get(r.code).activeDatasets = r.n;
  for (const r of monitors) get(r.code).monitors = r.n;
  for (const r of users) if (r.code) get(r.code).users = r.n;
  for (const r of children) if (r.code) get(r.code).children = r.n;
  return out;
}

const NO_USES: OpdView['uses'] = { routingRules: 0, activeDatasets: 0, monitors: 0, users: 0, children: 0 };

export function opdView(o: OpdRow, uses: OpdView['uses'] = NO_USES): OpdView {
  return {
    code: o.code,
    name: o.name,
    shortName: o.shortName,
    kind: o.kind,
    external: o.external,
    parent: o.parentCode,
    active: o.active,
    createdAt: o.createdAt.toISOString(),
    uses,
  };
}

/** What the audit trail keeps of an OPD (no counts: they are not part of the change). */
const audited = (o: OpdRow) => ({ code: o.code, name: o.name, shortName: o.shortName, kind: o.kind, external: o.external, parent: o.parentCode, active: o.active });

/** A parent must be another active city OPD, and not one below this OPD (no loops). */
function parentProblems(code: string, parent: string | null | undefined, all: Map<string, OpdRow>): FieldProblem[] {
  if (parent === undefined || parent === null) return [];
  const p = all.get(parent);
  if (!p || !p.active) return [{ field: 'parent', message: { id: `OPD induk "${parent}" tidak dikenal atau tidak aktif`, en: `parent OPD "${parent}" is unknown or not active` } }];
  if (p.external) return [{ field: 'parent', message: { id: 'induk harus OPD Pemko, bukan instansi luar', en: 'the parent must be a city OPD, not an external body' } }];
  for (let at: string | null = parent, steps = 0; at && steps < 100; steps++) {
    if (at === code) return [{ field: 'parent', message: { id: 'OPD tidak boleh menjadi induk dirinya sendiri atau induk dari induknya', en: 'an OPD cannot be its own parent or its parent’s parent' } }];
    at = all.get(at)?.parentCode ?? null;
  }
  return [];
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export function opdAdminRoutes(deps: AdminDeps): Router {
  const router = express.Router();
  const body = jsonBody();

  const allOpd = async () => new Map((await deps.db.select().from(t.opd)).map((o) => [o.code, o]));

  router.get('/opd', async (_req, res) => {
    const [rows, uses] = await Promise.all([deps.db.select().from(t.opd).orderBy(t.opd.external, t.opd.code), usesOf(deps.db)]);
    res.set('Cache-Control', 'no-store').json({ opd: rows.map((o) => opdView(o, uses.get(o.code))) });
  });

  router.post('/opd', body, async (req, res) => {
    const all = await allOpd();
    const input = parseWithRulesOr400(newOpdBody, req.body, req, res, (raw) => {
      const code = str(raw.code);
      return [
        ...(code && all.has(code) ? [{ field: 'code', message: { id: `kode "${code}" sudah dipakai`, en: `code "${code}" is already in use` } }] : []),
        ...(raw.external === true && raw.parent ? [{ field: 'parent', message: { id: 'instansi luar tidak punya induk OPD', en: 'an external body has no parent OPD' } }] : []),
        ...parentProblems(code ?? '', str(raw.parent), all),
      ];
    });
    if (!input) return;
    const created = await deps.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(t.opd)
        .values({ code: input.code, name: input.name, shortName: input.shortName ?? null, kind: input.kind, external: input.external ?? false, parentCode: input.parent ?? null })
        .returning();
      await recordAudit(tx, { actor: adminOf(req), action: 'config.update', target: `opd:${row.code}`, after: audited(row), origin: auditOrigin(req) });
      const version = await recordRuleVersion(tx, { kind: 'opd', target: row.code, actor: actorName(adminOf(req)), summary: `OPD baru: ${row.name}` });
      return { row, version };
    });
    await deps.rules.publish({ kind: 'opd', version: created.version });
    res.status(201).json({ opd: opdView(created.row) });
  });

  router.patch('/opd/:code', body, async (req: Request, res) => {
    const all = await allOpd();
    const before = all.get(String(req.params.code));
    if (!before) return void res.status(404).json(notFound('OPD'));
    const input = parseWithRulesOr400(opdChangesBody, req.body, req, res, (raw) => [
      ...(before.external && raw.parent ? [{ field: 'parent', message: { id: 'instansi luar tidak punya induk OPD', en: 'an external body has no parent OPD' } }] : []),
      ...parentProblems(before.code, str(raw.parent), all),
      ...(Object.keys(raw).length === 0 ? [{ field: '(body)', message: { id: 'tidak ada perubahan', en: 'nothing to change' } }] : []),
    ]);
    if (!input) return;
    if (input.active === false && before.active) {
      const rules = await deps.db.select({ id: t.routingRules.id }).from(t.routingRules).where(eq(t.routingRules.targetCode, before.code));
      if (rules.length) {
        const ids = rules.map((r) => r.id).join(', ');
        return void res.status(409).json({
          error: 'opd_in_use',
          message: {
            id: `${before.code} masih menjadi tujuan ${rules.length} aturan disposisi (${ids}). Pindahkan atau hapus aturan itu dulu di bagian Aturan disposisi.`,
            en: `${before.code} is still the target of ${rules.length} routing rule(s) (${ids}). Move or delete them first under Routing rules.`,
          },
          rules: rules.map((r) => r.id),
        });
      }
    }
    const changes = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.shortName !== undefined ? { shortName: input.shortName } : {}),
      ...(input.kind !== undefined ? { kind: input.kind } : {}),
      ...(input.parent !== undefined ? { parentCode: input.parent } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
    };
    const saved = await deps.db.transaction(async (tx) => {
      const [row] = await tx.update(t.opd).set(changes).where(eq(t.opd.code, before.code)).returning();
      // An OPD that is gone cannot be late: its datasets stop being due with it.
      const stopped =
        input.active === false && before.active
          ? await tx
              .update(t.datasets)
              .set({ active: false })
              .where(and(eq(t.datasets.opdCode, before.code), eq(t.datasets.active, true)))
              .returning({ code: t.datasets.code })
          : [];
      await recordAudit(tx, {
        actor: adminOf(req),
        action: 'config.update',
        target: `opd:${before.code}`,
        before: audited(before),
        after: { ...audited(row), ...(stopped.length ? { datasetsDeactivated: stopped.map((d) => d.code) } : {}) },
        origin: auditOrigin(req),
      });
      const what = input.active === false ? 'dinonaktifkan' : input.active === true ? 'diaktifkan' : 'diubah';
      const version = await recordRuleVersion(tx, { kind: 'opd', target: before.code, actor: actorName(adminOf(req)), summary: `OPD ${before.code} ${what}` });
      return { row, version };
    });
    await deps.rules.publish({ kind: 'opd', version: saved.version });
    const uses = await usesOf(deps.db);
    res.json({ opd: opdView(saved.row, uses.get(saved.row.code)) });
  });

  return router;
}
