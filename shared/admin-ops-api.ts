// The contract of the admin console's operations endpoints: dead letters, "check now" and
// "send a test message". Used by the server's routes and by client/src/admin.
import type { EventKind } from './events.ts';

/** One batch a processor gave up on, as listed (GET /api/v1/admin/dead-letters). */
export interface DeadLetterSummary {
  /** The dead-letter stream's entry ID: what replay and discard name. */
  id: string;
  kind: EventKind;
  /** When it was moved aside (ISO). */
  at: string;
  /** When ingest accepted the batch (ISO). */
  receivedAt: string;
  batchId: string;
  source: string;
  eventCount: number;
  /** The first line of the error that stopped it. */
  reason: string;
}

export interface DeadLettersResponse {
  deadLetters: DeadLetterSummary[];
  /** All dead letters waiting, even when the list is cut. */
  total: number;
}

/** One dead letter opened (GET /api/v1/admin/dead-letters/:id): reporter identity is never in it. */
export interface DeadLetterDetail extends DeadLetterSummary {
  /** The whole error text (a stack trace for a technician). */
  reasonFull: string;
  /** The batch's events, with each reporter's name, phone, e-mail and NIK replaced by a mark. */
  events: Record<string, unknown>[];
}

export interface DeadLetterResponse {
  deadLetter: DeadLetterDetail;
}

/** POST /api/v1/admin/dead-letters/:id/replay */
export interface DeadLetterReplayResponse {
  replayed: DeadLetterSummary;
  /** The batch was already stored in PostgreSQL (partly processed before): it is not stored again. */
  alreadyStored: boolean;
  message: { id: string; en: string };
}

/** POST /api/v1/admin/dead-letters/:id/discard { reason } */
export interface DeadLetterDiscardResponse {
  discarded: DeadLetterSummary;
}

/** What the API puts in place of a reporter's identity. */
export const REDACTED = '[disembunyikan / hidden]';

/** POST /api/v1/admin/monitors/:code/check */
export interface MonitorCheckResponse {
  code: string;
  kind: 'http' | 'tcp' | 'push';
  at: string;
  /**
   * A check run now (HTTP, TCP with an address); for a push monitor, or one without an address
   * whose results another source sends, when its last result came.
   */
  result:
    | { kind: 'check'; status: 'up' | 'down'; latencyMs: number | null; statusCode: number | null; message: { id: string; en: string } }
    | { kind: 'lastReport'; lastPushAt: string | null; secondsAgo: number | null; message: { id: string; en: string } };
}

/** POST /api/v1/admin/notification-channels/:id/test */
export interface ChannelTestResponse {
  channelId: string;
  delivered: boolean;
  httpStatus: number | null;
  message: { id: string; en: string };
}
