import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, gt, isNull, or } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import type { Database, Queryable } from '../infra/database.ts';
import type { ApiKeyView, SourceView } from '../../shared/admin-api.ts';

/** API keys are 32 random bytes, so a plain SHA-256 is enough to store them (no need for a slow hash). */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateApiKey(): string {
  return `pnt_${randomBytes(32).toString('base64url')}`;
}

export interface ApiKeyRecord {
  keyId: string;
  sourceCode: string;
  /** A rotated key may carry a revocation time in the future: it keeps working until then. */
  revokedAt: Date | null;
  /** Requests per minute; null means the deployment default. */
  rateLimitPerMinute: number | null;
}

export async function findApiKey(db: Database, keyHash: string): Promise<ApiKeyRecord | null> {
  const rows = await db
    .select({ keyId: t.apiKeys.id, sourceCode: t.apiKeys.sourceCode, revokedAt: t.apiKeys.revokedAt, rateLimitPerMinute: t.apiKeys.rateLimitPerMinute })
    .from(t.apiKeys)
    .where(eq(t.apiKeys.keyHash, keyHash))
    .limit(1);
  const row = rows[0];
  return row ? { keyId: row.keyId, sourceCode: row.sourceCode, revokedAt: row.revokedAt, rateLimitPerMinute: row.rateLimitPerMinute } : null;
}

export async function touchApiKey(db: Database, keyId: string, at: Date): Promise<void> {
  await db.update(t.apiKeys).set({ lastUsedAt: at }).where(eq(t.apiKeys.id, keyId));
}

/** Registers a source and the given key for it, if that key is not registered yet. */
export async function ensureSourceWithKey(db: Database, code: string, name: string, key: string, label: string): Promise<void> {
  await db.insert(t.sources).values({ code, name }).onConflictDoNothing();
  const keyHash = hashApiKey(key);
  await db
    .insert(t.apiKeys)
    .values({ sourceCode: code, keyHash, keyPrefix: key.slice(0, 8), label })
    .onConflictDoNothing();
}

export async function activeKeyCount(db: Database, code: string): Promise<number> {
  const now = new Date();
  const rows = await db
    .select({ id: t.apiKeys.id })
    .from(t.apiKeys)
    .where(and(eq(t.apiKeys.sourceCode, code), or(isNull(t.apiKeys.revokedAt), gt(t.apiKeys.revokedAt, now))));
  return rows.length;
}

// ---------------------------------------------------------------- administration (server/admin)

export type SourceRow = typeof t.sources.$inferSelect;
export type ApiKeyRow = typeof t.apiKeys.$inferSelect;

export type { ApiKeyView };

export function apiKeyView(k: ApiKeyRow): ApiKeyView {
  return {
    id: k.id,
    source: k.sourceCode,
    prefix: k.keyPrefix,
    label: k.label,
    createdAt: k.createdAt.toISOString(),
    createdBy: k.createdBy,
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
    rateLimitPerMinute: k.rateLimitPerMinute,
  };
}

export async function listSourcesWithKeys(db: Queryable): Promise<SourceView[]> {
  const sources = await db.select().from(t.sources).orderBy(asc(t.sources.code));
  const keys = await db.select().from(t.apiKeys).orderBy(asc(t.apiKeys.createdAt));
  return sources.map((s) => ({
    code: s.code,
    name: s.name,
    createdAt: s.createdAt.toISOString(),
    keys: keys.filter((k) => k.sourceCode === s.code).map(apiKeyView),
  }));
}

export async function findSource(db: Queryable, code: string): Promise<SourceRow | null> {
  const rows = await db.select().from(t.sources).where(eq(t.sources.code, code)).limit(1);
  return rows[0] ?? null;
}

/** Null when the code is taken. */
export async function insertSource(db: Queryable, code: string, name: string): Promise<SourceRow | null> {
  const rows = await db.insert(t.sources).values({ code, name }).onConflictDoNothing({ target: t.sources.code }).returning();
  return rows[0] ?? null;
}

export async function insertApiKey(
  db: Queryable,
  key: { sourceCode: string; key: string; label: string | null; rateLimitPerMinute: number | null; createdBy: string | null },
): Promise<ApiKeyRow> {
  const [row] = await db
    .insert(t.apiKeys)
    .values({
      sourceCode: key.sourceCode,
      keyHash: hashApiKey(key.key),
      keyPrefix: key.key.slice(0, 8),
      label: key.label,
      rateLimitPerMinute: key.rateLimitPerMinute,
      createdBy: key.createdBy,
    })
    .returning();
  return row;
}

export async function findApiKeyById(db: Queryable, id: string): Promise<ApiKeyRow | null> {
  const rows = await db.select().from(t.apiKeys).where(eq(t.apiKeys.id, id)).limit(1);
  return rows[0] ?? null;
}

/** Sets the revocation time of a key that is not revoked yet (or only revoked later than `at`). */
export async function revokeApiKeyAt(db: Queryable, id: string, at: Date): Promise<ApiKeyRow | null> {
  const rows = await db
    .update(t.apiKeys)
    .set({ revokedAt: at })
    .where(and(eq(t.apiKeys.id, id), or(isNull(t.apiKeys.revokedAt), gt(t.apiKeys.revokedAt, at))))
    .returning();
  return rows[0] ?? null;
}

export async function updateApiKey(db: Queryable, id: string, changes: { label?: string | null; rateLimitPerMinute?: number | null }): Promise<ApiKeyRow | null> {
  const rows = await db.update(t.apiKeys).set(changes).where(eq(t.apiKeys.id, id)).returning();
  return rows[0] ?? null;
}

export function isRevoked(k: Pick<ApiKeyRow, 'revokedAt'>, now = new Date()): boolean {
  return k.revokedAt !== null && k.revokedAt <= now;
}
