// GET/POST /api/v1/admin/users, PATCH /api/v1/admin/users/:id. Users are deactivated, never
// deleted (the audit log names them). Changing roles, OPD, password or deactivating ends the
// user's sessions on every node at once.
import express, { type Request, type Response, type Router } from 'express';
import { recordAudit } from '../audit/audit-log.ts';
import { passwordProblems, uuidSchema } from '../auth/account-rules.ts';
import { auditOrigin } from '../auth/http-auth.ts';
import { hashPassword } from '../auth/secrets.ts';
import { jsonBody, parseOr400 } from '../http/json-body.ts';
import { preferredLang } from '../ingest/validate-batch.ts';
import {
  countActiveAdmins,
  findUserById,
  insertUser,
  listUsers,
  revokeUserSessions,
  updateUser,
  userView,
  type UserChanges,
} from '../repositories/user-repository.ts';
import { adminOf, notFound, type AdminDeps } from './admin-deps.ts';
import { endsSessions, newUserBody, removesLastAdmin, userChangesBody } from './admin-rules.ts';

export function userRoutes(deps: AdminDeps): Router {
  const router = express.Router();
  const body = jsonBody();

  const unknownOpd = (code: string | null | undefined) => {
    if (!code) return false;
    const o = deps.reference.current().opd.get(code);
    return !o || o.external;
  };
  const weak = (req: Request, res: Response, password: string, username: string) => {
    const problems = passwordProblems(password, username);
    if (!problems.length) return false;
    const en = preferredLang(req.get('accept-language')) === 'en';
    res.status(400).json({
      error: 'weak_password',
      message: en ? 'The password is too weak.' : 'Kata sandi terlalu lemah.',
      errors: problems.map((p) => ({ field: 'password', message: en ? p.en : p.id })),
    });
    return true;
  };
  const badOpd = (res: Response) =>
    res.status(400).json({ error: 'validation_failed', message: 'OPD tidak dikenal. (Unknown OPD.)', errors: [{ field: 'opd', message: 'OPD tidak dikenal (unknown OPD)' }] });

  router.get('/users', async (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ users: (await listUsers(deps.db)).map(userView) });
  });

  router.post('/users', body, async (req, res) => {
    const input = parseOr400(newUserBody, req.body, req, res);
    if (!input) return;
    if (unknownOpd(input.opd)) return badOpd(res);
    if (weak(req, res, input.password, input.username)) return;
    const passwordHash = await hashPassword(input.password);
    const created = await deps.db.transaction(async (tx) => {
      const row = await insertUser(tx, { username: input.username, displayName: input.displayName ?? null, passwordHash, roles: input.roles, opdCode: input.opd ?? null });
      if (row) await recordAudit(tx, { actor: adminOf(req), action: 'user.create', target: `user:${row.id}`, after: userView(row), origin: auditOrigin(req) });
      return row;
    });
    if (!created) {
      res.status(409).json({ error: 'conflict', message: 'Nama pengguna sudah dipakai. (Username taken.)' });
      return;
    }
    res.status(201).json({ user: userView(created) });
  });

  router.patch('/users/:id', body, async (req, res) => {
    const id = uuidSchema.safeParse(req.params.id);
    if (!id.success) return void res.status(404).json(notFound('Pengguna'));
    const input = parseOr400(userChangesBody, req.body, req, res);
    if (!input) return;
    if (unknownOpd(input.opd)) return badOpd(res);
    const before = await findUserById(deps.db, id.data);
    if (!before) return void res.status(404).json(notFound('Pengguna'));
    if (input.password !== undefined && weak(req, res, input.password, before.username)) return;
    const changes: UserChanges = {
      ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
      ...(input.roles !== undefined ? { roles: input.roles } : {}),
      ...(input.opd !== undefined ? { opdCode: input.opd } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      ...(input.password !== undefined ? { passwordHash: await hashPassword(input.password) } : {}),
    };
    const result = await deps.db.transaction(async (tx) => {
      if (removesLastAdmin(await countActiveAdmins(tx), before, input)) return 'last_admin' as const;
      const after = await updateUser(tx, before.id, changes);
      if (!after) return null;
      const ended = endsSessions(input) ? await revokeUserSessions(tx, before.id, new Date(), 'account_changed') : [];
      await recordAudit(tx, {
        actor: adminOf(req),
        action: 'user.update',
        target: `user:${before.id}`,
        before: userView(before),
        after: { ...userView(after), ...(input.password !== undefined ? { passwordChanged: true } : {}), sessionsEnded: ended.length },
        origin: auditOrigin(req),
      });
      return { after, ended };
    });
    if (result === 'last_admin') {
      res.status(409).json({ error: 'last_admin', message: 'Harus tetap ada satu admin aktif. (At least one active admin must remain.)' });
      return;
    }
    if (!result) return void res.status(404).json(notFound('Pengguna'));
    if (result.ended.length) await deps.bus.publish({ kind: 'user', id: before.id });
    res.json({ user: userView(result.after) });
  });

  return router;
}
