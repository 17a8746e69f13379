// Who may do what: the one table of access rules. Pure (no I/O), so every rule is unit-tested
// and the README's table can be checked against it. A principal is either a person with a
// session (any set of roles, optionally scoped to one OPD) or a paired wall screen / display
// token, which only ever has the read-only `wall` role.
import type { Room } from '../../shared/protocol.ts';

import { ROLES, type Role } from '../../shared/auth-api.ts';

export { ROLES, type Role };

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

export type Principal =
  | {
      kind: 'user';
      userId: string;
      username: string;
      roles: Role[];
      /** Set for OPD-scoped users: they see their own OPD's details only. */
      opdCode: string | null;
      sessionId: string;
      sessionExpiresAt: Date;
    }
  | {
      kind: 'display';
      tokenId: string;
      tokenPrefix: string;
      /** Set when the screen is paired (device cookie); null for the raw token. */
      deviceId: string | null;
      label: string;
      screenName: string | null;
      roles: ['wall'];
    };

const ANY: readonly Role[] = ROLES;

/**
 * What each role may read or do. Names are `area:verb`. Unlisted means nobody: a new endpoint
 * must get an entry here before anyone can use it.
 */
export const ACCESS = {
  /** The wall's live room, reference data and map boundaries. */
  'live:read': ANY,
  'reference:read': ANY,
  'timeliness:read': ['pimpinan', 'operator', 'teknisi', 'admin'],
  /** The leadership reports behind /pimpinan (overview, ranking, drill-downs, trends). */
  'report:read': ['pimpinan', 'admin'],
  /** One complaint's full record, without reporter identity. */
  'complaint:read': ['operator', 'pimpinan', 'admin'],
  /** Reporter name, phone, email and NIK. Every view is audited. */
  'complaint:reporter': ['operator', 'admin'],
  /** Secret complaints' text and location (the people who act on them). */
  'complaint:secret': ['operator', 'admin'],
  /** Verify, dispatch, re-route (the command center's work; endpoints come with the operator screen). */
  'complaint:act': ['operator'],
  /** Incidents, monitors' checks and maintenance windows (the /teknisi screen's reads). */
  'incident:read': ['pimpinan', 'teknisi', 'operator', 'admin'],
  /** Acknowledge and resolve incidents, maintenance windows (endpoints come with /teknisi). */
  'incident:act': ['teknisi'],
  'admin:users': ['admin'],
  'admin:keys': ['admin'],
  'admin:displays': ['admin'],
  'admin:audit': ['admin'],
  /** GET /metrics from anywhere but the loopback interface. */
  'metrics:read': ['admin'],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof ACCESS;

export function hasAnyRole(principal: Pick<Principal, 'roles'> | null | undefined, allowed: readonly Role[]): boolean {
  if (!principal) return false;
  return principal.roles.some((r) => allowed.includes(r));
}

export function can(principal: Pick<Principal, 'roles'> | null | undefined, permission: Permission): boolean {
  return hasAnyRole(principal, ACCESS[permission]);
}

/** Socket.IO rooms and who may join them. Typed by `Room`, so a new room needs a rule here. */
export const ROOM_ROLES: Record<Room, readonly Role[]> = {
  wall: ACCESS['live:read'],
};

export function mayJoinRoom(principal: Pick<Principal, 'roles'> | null | undefined, room: string, rules: Record<string, readonly Role[]> = ROOM_ROLES): boolean {
  const allowed = Object.hasOwn(rules, room) ? rules[room] : undefined;
  return !!allowed && hasAnyRole(principal, allowed);
}

/**
 * Events a client may emit, and who may emit them. `subscribe`/`resync` only read. Anything not
 * listed is refused for everyone, so a write event (e.g. a technician's acknowledge, when it
 * comes) must be added here with its roles, and `wall` is never among a write event's roles.
 */
export const SOCKET_EVENT_ROLES: Record<string, readonly Role[]> = {
  subscribe: ANY,
  resync: ANY,
};
const READ_ONLY_EVENTS = new Set(['subscribe', 'resync']);

export function mayEmit(principal: Pick<Principal, 'roles' | 'kind'> | null | undefined, event: string, rules: Record<string, readonly Role[]> = SOCKET_EVENT_ROLES): boolean {
  if (!principal || typeof event !== 'string') return false;
  const allowed = Object.hasOwn(rules, event) ? rules[event] : undefined;
  if (!allowed) return false;
  // A display (wall screen or token) never writes, whatever a table says.
  if (principal.kind === 'display' && !READ_ONLY_EVENTS.has(event)) return false;
  return hasAnyRole(principal, allowed);
}

/** Screens (SPA routes) and who may open them; others are sent to /login. */
export const PAGE_ROLES: Record<string, readonly Role[]> = {
  '/wall': ANY,
  '/pimpinan': ['pimpinan', 'admin'],
  '/teknisi': ['teknisi', 'admin'],
  // Only operators act on complaints (complaint:act); an admin gives themselves the role to work the queue.
  '/operator': ['operator'],
  '/admin': ['admin'],
};

/**
 * The OPD whose details this principal may see: null means every OPD. A user with an OPD scope
 * sees only that one, whatever their roles.
 */
export function opdScope(principal: Principal | null | undefined): string | null {
  return principal?.kind === 'user' ? principal.opdCode : null;
}

export function mayReadOpd(principal: Principal | null | undefined, opdCode: string | null): boolean {
  return scopeAllowsOpd(opdScope(principal), opdCode);
}

/** mayReadOpd from the scope alone (plain data: what a report worker thread is given). */
export function scopeAllowsOpd(scope: string | null, opdCode: string | null): boolean {
  return scope === null || scope === opdCode;
}

/** Who an action is recorded as in the audit log. */
export function actorName(principal: Principal | null | undefined): string {
  if (!principal) return 'anonymous';
  if (principal.kind === 'user') return principal.username;
  return `display:${principal.tokenPrefix}${principal.deviceId ? `/${principal.deviceId.slice(0, 8)}` : ''}`;
}
