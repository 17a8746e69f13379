// What the auth API tells a browser about its own session; used by the server's 401 answers and
// the login page.

/**
 * Why the session a request carried has ended, told only to the holder of that session's cookie:
 * - `account_changed`: an administrator changed the account (roles, OPD, password) or deactivated it;
 * - `password_changed`: the person changed their password in another session;
 * - `expired`: the session reached its maximum age;
 * - `idle`: nothing was done with it for longer than the idle limit.
 * Logging out (or in again) needs no explanation and gives none.
 */
export const SESSION_END_REASONS = ['account_changed', 'password_changed', 'expired', 'idle'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

/** The body of every 401 from /api/v1. */
export interface UnauthorizedBody {
  error: 'unauthorized';
  message: string;
  reason?: SessionEndReason;
}

/** Every role a person (or, `wall` only, a screen) can hold; server/auth/roles.ts says what each may do. */
export const ROLES = ['wall', 'pimpinan', 'teknisi', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];
