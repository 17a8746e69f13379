// Display tokens (read-only credentials for wall screens) and the screens paired with them.
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import type { Queryable } from '../infra/database.ts';

export type DisplayTokenRow = typeof t.displayTokens.$inferSelect;
export type DisplayDeviceRow = typeof t.displayDevices.$inferSelect;

import type { DisplayDeviceView, DisplayTokenView } from '../../shared/admin-api.ts';

export type { DisplayDeviceView, DisplayTokenView };

export function deviceView(d: DisplayDeviceRow): DisplayDeviceView {
  return {
    id: d.id,
    pairedAt: d.pairedAt.toISOString(),
    lastSeenAt: d.lastSeenAt?.toISOString() ?? null,
    ip: d.ip,
    userAgent: d.userAgent,
    revokedAt: d.revokedAt?.toISOString() ?? null,
  };
}

export function tokenView(row: DisplayTokenRow, devices: DisplayDeviceRow[] = []): DisplayTokenView {
  return {
    id: row.id,
    prefix: row.tokenPrefix,
    label: row.label,
    screenName: row.screenName,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    devices: devices.map(deviceView),
  };
}

export async function insertDisplayToken(
  db: Queryable,
  token: { tokenHash: string; tokenPrefix: string; label: string; screenName: string | null; createdBy: string | null },
): Promise<DisplayTokenRow | null> {
  const rows = await db.insert(t.displayTokens).values(token).onConflictDoNothing({ target: t.displayTokens.tokenHash }).returning();
  return rows[0] ?? null;
}

export async function findDisplayTokenByHash(db: Queryable, tokenHash: string): Promise<DisplayTokenRow | null> {
  const rows = await db.select().from(t.displayTokens).where(eq(t.displayTokens.tokenHash, tokenHash)).limit(1);
  return rows[0] ?? null;
}

export async function findDisplayToken(db: Queryable, id: string): Promise<DisplayTokenRow | null> {
  const rows = await db.select().from(t.displayTokens).where(eq(t.displayTokens.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function findDisplayTokens(db: Queryable, ids: string[]): Promise<DisplayTokenRow[]> {
  if (!ids.length) return [];
  return db.select().from(t.displayTokens).where(inArray(t.displayTokens.id, ids));
}

export async function listDisplayTokens(db: Queryable): Promise<DisplayTokenView[]> {
  const tokens = await db.select().from(t.displayTokens).orderBy(desc(t.displayTokens.createdAt));
  const devices = tokens.length
    ? await db
        .select()
        .from(t.displayDevices)
        .where(
          inArray(
            t.displayDevices.tokenId,
            tokens.map((x) => x.id),
          ),
        )
        .orderBy(asc(t.displayDevices.pairedAt))
    : [];
  return tokens.map((tok) => tokenView(tok, devices.filter((d) => d.tokenId === tok.id)));
}

export async function revokeDisplayToken(db: Queryable, id: string, at: Date): Promise<DisplayTokenRow | null> {
  const rows = await db
    .update(t.displayTokens)
    .set({ revokedAt: at })
    .where(and(eq(t.displayTokens.id, id), isNull(t.displayTokens.revokedAt)))
    .returning();
  return rows[0] ?? null;
}

export async function touchDisplayToken(db: Queryable, id: string, at: Date): Promise<void> {
  await db.update(t.displayTokens).set({ lastUsedAt: at }).where(eq(t.displayTokens.id, id));
}

export async function activeDeviceCount(db: Queryable, tokenId: string): Promise<number> {
  const rows = await db
    .select({ id: t.displayDevices.id })
    .from(t.displayDevices)
    .where(and(eq(t.displayDevices.tokenId, tokenId), isNull(t.displayDevices.revokedAt)));
  return rows.length;
}

export async function insertDevice(
  db: Queryable,
  device: { tokenId: string; secretHash: string; ip: string | null; userAgent: string | null },
): Promise<DisplayDeviceRow> {
  const [row] = await db.insert(t.displayDevices).values({ ...device, lastSeenAt: new Date() }).returning();
  return row;
}

export async function findDeviceBySecretHash(db: Queryable, secretHash: string): Promise<{ device: DisplayDeviceRow; token: DisplayTokenRow } | null> {
  const rows = await db
    .select({ d: t.displayDevices, k: t.displayTokens })
    .from(t.displayDevices)
    .innerJoin(t.displayTokens, eq(t.displayTokens.id, t.displayDevices.tokenId))
    .where(eq(t.displayDevices.secretHash, secretHash))
    .limit(1);
  return rows[0] ? { device: rows[0].d, token: rows[0].k } : null;
}

export async function findDevices(db: Queryable, ids: string[]): Promise<{ device: DisplayDeviceRow; token: DisplayTokenRow }[]> {
  if (!ids.length) return [];
  const rows = await db
    .select({ d: t.displayDevices, k: t.displayTokens })
    .from(t.displayDevices)
    .innerJoin(t.displayTokens, eq(t.displayTokens.id, t.displayDevices.tokenId))
    .where(inArray(t.displayDevices.id, ids));
  return rows.map((r) => ({ device: r.d, token: r.k }));
}

export async function findDevice(db: Queryable, id: string): Promise<DisplayDeviceRow | null> {
  const rows = await db.select().from(t.displayDevices).where(eq(t.displayDevices.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function revokeDevice(db: Queryable, id: string, at: Date): Promise<DisplayDeviceRow | null> {
  const rows = await db
    .update(t.displayDevices)
    .set({ revokedAt: at })
    .where(and(eq(t.displayDevices.id, id), isNull(t.displayDevices.revokedAt)))
    .returning();
  return rows[0] ?? null;
}

export async function touchDevice(db: Queryable, id: string, at: Date): Promise<void> {
  await db.update(t.displayDevices).set({ lastSeenAt: at }).where(eq(t.displayDevices.id, id));
}

/** Registers a display token given in configuration (PANTAU_DEMO_WALL_TOKEN), if not known yet. */
export async function ensureDisplayToken(db: Queryable, tokenHash: string, tokenPrefix: string, label: string): Promise<void> {
  await db.insert(t.displayTokens).values({ tokenHash, tokenPrefix, label, createdBy: 'configuration' }).onConflictDoNothing({ target: t.displayTokens.tokenHash });
}
