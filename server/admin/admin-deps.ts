import type { Request } from 'express';
import type { Redis } from 'ioredis';
import type { Database } from '../infra/database.ts';
import type { Logger } from '../infra/logger.ts';
import type { Authenticator } from '../auth/authenticator.ts';
import type { RevocationBus } from '../auth/revocation-bus.ts';
import type { ReferenceCache } from '../repositories/reference-repository.ts';
import type { Principal } from '../auth/roles.ts';
import type { RuleChangeBus } from '../rules/rule-change-bus.ts';
import type { StreamKeys } from '../streams/stream-keys.ts';

export interface AdminDeps {
  db: Database;
  authn: Authenticator;
  bus: RevocationBus;
  reference: ReferenceCache;
  /** Tells every node that a timeliness rule changed (server/rules/rule-change-bus.ts). */
  rules: RuleChangeBus;
  /** Base URL for the wall links shown when a display token is created. */
  publicUrl: () => string;
  log: Logger;
  /** The event streams: the dead letters are read and settled there (dead-letter-routes.ts). */
  redis: Redis;
  streamKeys: StreamKeys;
}

/** Routes under requireRole('admin') always have a principal. */
export const adminOf = (req: Request): Principal => req.principal as Principal;

export const notFound = (what: string) => ({ error: 'not_found', message: `${what} tidak ditemukan. (${what} not found.)` });
