// The audit trail (non-repudiation): who did what, when, from where, with the before and after.
// Append-only: this module only inserts and reads, and a trigger in the database (migration
// 0001) rejects UPDATE, DELETE and TRUNCATE on audit_log, whatever the application tries.
import { and, count, desc, eq, gte, like, lt, type SQL } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import type { Queryable } from '../infra/database.ts';
import type { AuditEntryView } from '../../shared/admin-api.ts';
import { actorName, type Principal } from '../auth/roles.ts';

/** Every action Pantau records. Later features add theirs here (one list, one spelling). */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.login_locked',
  'auth.logout',
  'user.create',
  'user.update',
  'user.password_change',
  'user.password_reset',
  'display_token.create',
  'display_token.revoke',
  'display_device.pair',
  'display_device.revoke',
  'source.create',
  'api_key.create',
  'api_key.rotate',
  'api_key.revoke',
  'api_key.update',
  'complaint.reporter_view',
  // Recorded by the operator and technician screens' endpoints when they land:
  'complaint.verify',
  'complaint.dispatch',
  'complaint.reroute',
  'complaint.reject',
  'complaint.status',
  'complaint.merge',
  'complaint.progress',
  'complaint.resolve',
  'complaint.hand_back',
  'source.webhook_set',
  'source.webhook_delete',
  'incident.acknowledge',
  'incident.resolve',
  'maintenance.create',
  'maintenance.update',
  'maintenance.delete',
  'config.update',
  'dead_letter.replay',
  'dead_letter.discard',
  'monitor.check',
  'notification_channel.test',
  'category.create',
  'category.update',
  'calendar.day_set',
  'calendar.day_remove',
  'calendar.import',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Where a request came from. */
export interface AuditOrigin {
  ip: string | null;
  userAgent: string | null;
}

export interface AuditEntry {
  /** The principal who acted, or a plain name ('cli', 'system', or the username tried at a failed login). */
  actor: Principal | string | null;
  action: AuditAction;
  target?: string | null;
  before?: unknown;
  after?: unknown;
  origin?: AuditOrigin;
}

/** Field names whose values never go into the audit log, at any depth. */
const SECRET_FIELDS = /^(password|passwordHash|currentPassword|newPassword|keyHash|tokenHash|secretHash|secret|token|key|apiKey|sessionToken)$/i;
/** jsonb cannot hold NUL; control characters are replaced rather than refused (an audit write must not fail). */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export function redactForAudit(value: unknown, depth = 0): unknown {
  if (value === undefined) return null;
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string') return clip(value, 2000);
  if (value instanceof Date) return value.toISOString();
  if (depth > 6) return '[depth]';
  if (Array.isArray(value)) return value.slice(0, 200).map((v) => redactForAudit(v, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>).slice(0, 200)) {
      out[clip(k, 100)] = SECRET_FIELDS.test(k) ? '[hidden]' : redactForAudit(v, depth + 1);
    }
    return out;
  }
  return String(value);
}

/** jsonb refuses a lone UTF-16 surrogate as well. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function clip(s: string, max: number): string {
  const clean = s.replace(CONTROL, '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

export function auditRow(entry: AuditEntry, at = new Date()): typeof t.auditLog.$inferInsert {
  const principal = typeof entry.actor === 'object' && entry.actor !== null ? entry.actor : null;
  const actor = principal ? actorName(principal) : clip(String(entry.actor ?? 'anonymous'), 100) || 'anonymous';
  return {
    at,
    actor,
    actorRoles: principal ? [...principal.roles] : null,
    ip: entry.origin?.ip ? clip(entry.origin.ip, 64) : null,
    userAgent: entry.origin?.userAgent ? clip(entry.origin.userAgent, 300) : null,
    action: entry.action,
    target: entry.target ? clip(entry.target, 200) : null,
    before: entry.before === undefined ? null : redactForAudit(entry.before),
    after: entry.after === undefined ? null : redactForAudit(entry.after),
  };
}

/** Records one entry. Pass the transaction of the change itself, so there is no change without its entry. */
export async function recordAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.insert(t.auditLog).values(auditRow(entry));
}

export interface AuditQuery {
  actor?: string;
  /** Exact action, or a prefix ending in '.' or '*' (e.g. `auth.` or `api_key*`). */
  action?: string;
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
}

export type { AuditEntryView };

export async function queryAudit(db: Queryable, q: AuditQuery): Promise<{ total: number; entries: AuditEntryView[] }> {
  const where: SQL[] = [];
  if (q.actor) where.push(eq(t.auditLog.actor, q.actor));
  if (q.action) {
    if (q.action.endsWith('*') || q.action.endsWith('.')) where.push(like(t.auditLog.action, `${escapeLike(q.action.replace(/\*$/, ''))}%`));
    else where.push(eq(t.auditLog.action, q.action));
  }
  if (q.from) where.push(gte(t.auditLog.at, q.from));
  if (q.to) where.push(lt(t.auditLog.at, q.to));
  const condition = where.length ? and(...where) : undefined;
  const [{ n }] = await db.select({ n: count() }).from(t.auditLog).where(condition);
  const rows = await db
    .select()
    .from(t.auditLog)
    .where(condition)
    .orderBy(desc(t.auditLog.at), desc(t.auditLog.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return {
    total: Number(n),
    entries: rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actor: r.actor,
      actorRoles: r.actorRoles ?? null,
      ip: r.ip,
      userAgent: r.userAgent,
      action: r.action,
      target: r.target,
      before: r.before,
      after: r.after,
    })),
  };
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
