// People who log in: users, their roles and their sessions. Password hashes never leave this
// module except to the password check; `UserView` is what anything else (and the audit log) sees.
import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import type { Queryable } from '../infra/database.ts';
import { isRole, type Role } from '../auth/roles.ts';

export type UserRow = typeof t.users.$inferSelect;

import type { UserView } from '../../shared/admin-api.ts';

export type { UserView };

export function userView(row: UserRow): UserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    roles: row.roles.filter(isRole),
    opd: row.opdCode,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    passwordChangedAt: row.passwordChangedAt.toISOString(),
  };
}

export async function findUserByUsername(db: Queryable, username: string): Promise<UserRow | null> {
  const rows = await db.select().from(t.users).where(eq(t.users.username, username)).limit(1);
  return rows[0] ?? null;
}

export async function findUserById(db: Queryable, id: string): Promise<UserRow | null> {
  const rows = await db.select().from(t.users).where(eq(t.users.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function listUsers(db: Queryable): Promise<UserRow[]> {
  return db.select().from(t.users).orderBy(asc(t.users.username));
}

export async function countUsers(db: Queryable): Promise<number> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(t.users);
  return Number(n);
}

export async function countActiveAdmins(db: Queryable): Promise<number> {
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(t.users)
    .where(and(eq(t.users.active, true), sql`${t.users.roles} ? 'admin'`));
  return Number(n);
}

export interface NewUser {
  username: string;
  displayName?: string | null;
  passwordHash: string;
  roles: Role[];
  opdCode?: string | null;
}

/** Null when the username is taken. */
export async function insertUser(db: Queryable, user: NewUser): Promise<UserRow | null> {
  const rows = await db
    .insert(t.users)
    .values({ username: user.username, displayName: user.displayName ?? null, passwordHash: user.passwordHash, roles: user.roles, opdCode: user.opdCode ?? null })
    .onConflictDoNothing({ target: t.users.username })
    .returning();
  return rows[0] ?? null;
}

export interface UserChanges {
  displayName?: string | null;
  roles?: Role[];
  opdCode?: string | null;
  active?: boolean;
  passwordHash?: string;
}

export async function updateUser(db: Queryable, id: string, changes: UserChanges): Promise<UserRow | null> {
  const now = new Date();
  const rows = await db
    .update(t.users)
    .set({ ...changes, updatedAt: now, ...(changes.passwordHash ? { passwordChangedAt: now } : {}) })
    .where(eq(t.users.id, id))
    .returning();
  return rows[0] ?? null;
}

export async function markLoggedIn(db: Queryable, id: string, at: Date): Promise<void> {
  await db.update(t.users).set({ lastLoginAt: at }).where(eq(t.users.id, id));
}

// ---------------------------------------------------------------- sessions

export interface SessionWithUser {
  sessionId: string;
  expiresAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
  revokedReason: RevocationReason | null;
  user: UserRow;
}

/** Why a session was revoked (kept with it, so its holder can be told). */
export type RevocationReason = 'logout' | 'replaced' | 'account_changed' | 'password_changed';

export async function insertSession(
  db: Queryable,
  session: { tokenHash: string; userId: string; expiresAt: Date; ip: string | null; userAgent: string | null },
): Promise<{ id: string }> {
  const [row] = await db.insert(t.sessions).values(session).returning({ id: t.sessions.id });
  return row;
}

export async function findSessionByHash(db: Queryable, tokenHash: string): Promise<SessionWithUser | null> {
  const rows = await db
    .select({ s: t.sessions, u: t.users })
    .from(t.sessions)
    .innerJoin(t.users, eq(t.users.id, t.sessions.userId))
    .where(eq(t.sessions.tokenHash, tokenHash))
    .limit(1);
  const r = rows[0];
  return r ? sessionWithUser(r.s, r.u) : null;
}

export async function findSessionsById(db: Queryable, ids: string[]): Promise<SessionWithUser[]> {
  if (!ids.length) return [];
  const rows = await db
    .select({ s: t.sessions, u: t.users })
    .from(t.sessions)
    .innerJoin(t.users, eq(t.users.id, t.sessions.userId))
    .where(inArray(t.sessions.id, ids));
  return rows.map((r) => sessionWithUser(r.s, r.u));
}

function sessionWithUser(s: typeof t.sessions.$inferSelect, user: UserRow): SessionWithUser {
  return {
    sessionId: s.id,
    expiresAt: s.expiresAt,
    lastSeenAt: s.lastSeenAt,
    revokedAt: s.revokedAt,
    revokedReason: (s.revokedReason as RevocationReason | null) ?? null,
    user,
  };
}

export async function touchSession(db: Queryable, id: string, at: Date): Promise<void> {
  await db.update(t.sessions).set({ lastSeenAt: at }).where(eq(t.sessions.id, id));
}

export async function revokeSession(db: Queryable, id: string, at: Date, reason: RevocationReason): Promise<void> {
  await db.update(t.sessions).set({ revokedAt: at, revokedReason: reason }).where(and(eq(t.sessions.id, id), isNull(t.sessions.revokedAt)));
}

/** Ends every live session of a user (roles changed, deactivated, password changed), but `keep`. */
export async function revokeUserSessions(db: Queryable, userId: string, at: Date, reason: RevocationReason, keep?: string): Promise<string[]> {
  const rows = await db
    .update(t.sessions)
    .set({ revokedAt: at, revokedReason: reason })
    .where(and(eq(t.sessions.userId, userId), isNull(t.sessions.revokedAt), gt(t.sessions.expiresAt, at), keep ? sql`${t.sessions.id} <> ${keep}` : sql`true`))
    .returning({ id: t.sessions.id });
  return rows.map((r) => r.id);
}
