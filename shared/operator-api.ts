// HTTP contract of the operators' screen (/operator): the command center's queue and actions, the
// OPD staff's actions, duplicate merging, "taken by" locks, and the signed status webhooks sent
// back to the channels. Used by the server routes (server/operators) and the client.
//
// Conventions (as in the other shared/*-api.ts):
// - instants are ISO UTC strings; durations are milliseconds;
// - texts for people are bilingual `{ id, en }` (Bahasa Indonesia first);
// - reporter identity (name, phone, email, NIK) never appears here;
// - every action takes the complaint's `version` as the screen last saw it. When the complaint
//   changed since (another operator acted, a channel sent an update), the action is refused with
//   409 and an OperatorConflict saying who acted and when: nothing is ever applied twice.
// - a bad body is refused with 400 `ValidationFailed` naming every bad field at once (message in
//   Bahasa Indonesia, or English with `Accept-Language: en`), nothing stored.
// - every action is audited (GET /api/v1/admin/audit?action=complaint.dispatch, ...).
//
// Who: `operator` without an OPD scope is the command center (the queue of complaints waiting for
// dispatch, all actions). `operator` with an OPD scope is OPD staff: their OPD's dispatched / in
// progress complaints, and only progress / resolve / hand back.
//
// Live: the server puts every operator's socket (the same Socket.IO connection as the wall's) in
// its operator room on connect, and emits `operator` events (OperatorQueueEvent) there: a
// complaint taken or released, any change an operator made, and (at most once a second) that
// channels changed complaints. A screen updates the "taken by" mark from the event and re-reads
// the queue (GET /api/v1/operator/queue) on `changed` and `stale`.
import type { ComplaintStatus, MediaKind, Privacy } from './domain-constants.ts';
import type { Bilingual } from './pimpinan-api.ts';

export type { Bilingual };

// ------------------------------------------------------------------ common pieces

export interface CodeName {
  code: string;
  name: string;
}

/** Who last changed a complaint (from its history), and who holds it open on a screen. */
export interface ActorAt {
  /** Username (or a channel's actor name, or null when the channel did not say). */
  actor: string | null;
  at: string;
}

/** An operator has the complaint open on their screen (advisory; expires unless refreshed). */
export interface TakenBy {
  username: string;
  displayName: string | null;
  /** When it was taken. */
  since: string;
  /** When the mark lapses unless the screen takes it again (POST .../take every ~TAKE_TTL/2). */
  expiresAt: string;
}

/** Seconds a "taken" mark lasts without a refresh. */
export const TAKE_TTL_SECONDS = 120;

/** Which conditions of the routing rule that chose the suggestion matched. */
export type RoutingBasis = 'category' | 'area' | 'keyword';

/** Where the routing rules would send the complaint, and why (server/domain/complaints/complaint-routing.ts). */
export interface RoutingSuggestion {
  /** The OPD, or the external body (then `external` is true: the one-tap action is a reject to it). */
  target: CodeName;
  external: boolean;
  ruleId: string;
  /** Always includes 'category'; 'area' when the rule is limited to kecamatan, 'keyword' when words matched. */
  basis: RoutingBasis[];
  matchedKeywords: string[];
  /** Kecamatan named by the rule that matched, or null. */
  matchedKecamatan: string | null;
  /** "Didisposisikan ke DLH menurut aturan default:sampah: kategori "sampah"." */
  explanation: Bilingual;
}

/** A link to a photo / video / document the channel sent with the complaint. */
export interface MediaLink {
  url: string;
  /** image, video, audio, document, or null when the channel did not say. */
  kind: MediaKind | null;
}

/** States counted in the queue. `handed_back` = `verified` after an OPD handed it back. */
export type QueueState = 'received' | 'verified' | 'reopened' | 'handed_back' | 'dispatched' | 'in_progress';

// ------------------------------------------------------------------ GET /api/v1/operator/queue

/**
 * Query: `channel`, `category`, `kecamatan` (codes; each may repeat or be comma-separated),
 * `state` (QueueState, may repeat), `limit` (1..500, default 200).
 * Command center: complaints in received, verified (incl. handed back) and reopened, nearest
 * verification deadline (`clock.dueAt`) first; with `state=dispatched` / `in_progress`, every
 * OPD's complaints in that state (to re-route one), nearest OPD deadline first. `counts` covers
 * all six states; `total` the queue proper (or the states asked for). OPD staff: their OPD's
 * dispatched and in_progress complaints, nearest OPD deadline first.
 */
export interface OperatorQueueResponse {
  /** 'command_center', or 'opd' for an OPD-scoped operator (then `opd` names it). */
  view: 'command_center' | 'opd';
  opd: CodeName | null;
  /** After filters, before `limit`. */
  total: number;
  /** Per state, after the channel/category/kecamatan filters (not `state`). */
  counts: Record<QueueState, number>;
  items: QueueItem[];
  /** When this was read; the `clock.msLeft` values are as of this instant. */
  asOf: string;
}

export interface QueueItem {
  id: string;
  /** Send back with every action (optimistic concurrency). */
  version: number;
  source: string;
  externalId: string;
  channel: CodeName;
  category: CodeName;
  kecamatan: CodeName | null;
  kelurahan: CodeName | null;
  status: ComplaintStatus;
  state: QueueState;
  privacy: Privacy;
  submittedAt: string;
  /** Null for secret complaints unless the viewer may see them (operator, admin: always here). */
  title: string | null;
  text: string | null;
  location: { lat: number; lon: number } | null;
  media: MediaLink[];
  /** Current OPD (dispatched / in progress; for a handed-back one, the OPD that handed it back is in `handedBack`). */
  opd: CodeName | null;
  /** The citizen's clock, counted from submission in working time. */
  clock: {
    /** Command center: the verification (dispatch) deadline; OPD: the response deadline until the first response, then the resolution deadline. */
    dueAt: string | null;
    /** dueAt minus asOf; negative when overdue. */
    msLeft: number | null;
    overdue: boolean;
    /** The citizen's resolution deadline. */
    resolutionDueAt: string | null;
    emergency: boolean;
  };
  suggestion: RoutingSuggestion | null;
  /** Set when the last change was an OPD handing it back. */
  handedBack: { opd: CodeName | null; reason: string | null; by: string | null; at: string } | null;
  /** The newest history entry. */
  lastChange: ActorAt & { status: ComplaintStatus };
  takenBy: TakenBy | null;
}

// ------------------------------------------------------------------ GET /api/v1/operator/reference

/** What the screen's pickers need: OPD, external bodies (reject targets), duplicate search defaults. */
export interface OperatorReferenceResponse {
  opd: (CodeName & { shortName: string | null })[];
  /** PLN, PDAM Tirtanadi, BBPJN (national roads), ... : where a rejected complaint is sent. */
  externalBodies: CodeName[];
  duplicateDefaults: DuplicateSearch;
  takeTtlSeconds: number;
}

// ------------------------------------------------------------------ taking a complaint

/**
 * POST /api/v1/operator/complaints/:id/take  (body {} or { force: true }): marks it as opened by
 * me, shown to the others live. Taking again refreshes the mark. Held by someone else: 409
 * TakenConflict, unless `force` (then it is mine, and they are told live).
 * DELETE /api/v1/operator/complaints/:id/take: releases my mark (204). A successful action
 * releases it too.
 */
export interface TakeRequest {
  force?: boolean;
}
export interface TakeResponse {
  complaintId: string;
  takenBy: TakenBy;
}
export interface TakenConflict {
  error: 'taken';
  message: Bilingual;
  takenBy: TakenBy;
}

// ------------------------------------------------------------------ actions

/** Fields every action body has. */
export interface ActionBase {
  /** The complaint's version as the screen saw it. */
  version: number;
  /** Public note (sent to the channel in the status webhook); max 2000 characters. */
  note?: string;
}

/**
 * POST /api/v1/operator/complaints/:id/dispatch (command center).
 * - No `opd`: verify + dispatch to the routing suggestion (400 on `opd` when there is none, or
 *   when the suggestion is an external body: reject to it then).
 * - `opd` other than the suggestion: `reason` required, else 400 on `reason` (a routing
 *   correction: recorded in the audit entry as `routingCorrection`, `suggested`).
 * - The complaint is dispatched / in progress already: a re-route; `opd` and `reason` required
 *   (400 naming each missing one), counted as a misroute against whoever made the dispatch being
 *   corrected (`misroute` in the answer).
 * A hand-back and the dispatch after it are not a misroute: the hand-back is counted for the OPD
 * (`handedBack` in the OPD timeliness figures).
 */
export interface DispatchRequest extends ActionBase {
  opd?: string;
  /** Max 500 characters. */
  reason?: string;
}

/** POST /api/v1/operator/complaints/:id/reject (command center): hand it to an external body. */
export interface RejectRequest extends ActionBase {
  /** Code of an external body (OperatorReferenceResponse.externalBodies). */
  externalBody: string;
  reason: string;
}

/**
 * POST /api/v1/operator/complaints/:id/merge (command center): this complaint is a duplicate of
 * `into`. It then counts nowhere on its own (wall today/open, reports' received): the original
 * stands for both. 409 `merge_target_closed` when the original is no longer open.
 */
export interface MergeRequest extends ActionBase {
  /** Pantau id of the original (an open complaint, not itself a duplicate). */
  into: string;
}

/** POST /api/v1/operator/complaints/:id/progress (OPD staff, or command center): the OPD started work. */
export type ProgressRequest = ActionBase;

/** POST /api/v1/operator/complaints/:id/resolve (OPD staff, or command center). */
export interface ResolveRequest extends ActionBase {
  /** What was done; required. */
  note: string;
  /** http(s) link to a photo of the result; kept in the public note as a line "Foto: <url>". */
  photoUrl?: string;
}

/**
 * POST /api/v1/operator/complaints/:id/hand-back (OPD staff): not ours; back to the command
 * center's queue (status `verified`, no OPD; queue state `handed_back`). 409 `not_with_opd` when
 * the complaint is not dispatched / in progress.
 */
export interface HandBackRequest extends ActionBase {
  reason: string;
}

/** 200 answer of every action. */
export interface OperatorActionResponse {
  complaint: { id: string; status: ComplaintStatus; opd: string | null; version: number };
  /** The audit action recorded: complaint.dispatch, complaint.reroute, complaint.reject, complaint.merge, complaint.progress, complaint.resolve, complaint.hand_back. */
  action: string;
  /** Dispatch: the OPD chosen differs from the suggestion. */
  routingCorrection: boolean;
  /** Dispatch of a complaint an OPD held: counted as a misroute against `misroutedBy`. */
  misroute: { fromOpd: string | null; misroutedBy: string | null } | null;
}

/**
 * 409 when the complaint changed since `version` (error `stale_version`), or when the action is
 * not allowed from its current status (the lifecycle's codes: `illegal_transition`,
 * `same_opd`, ...). `lastChange` says who acted and when; `current` is the state now.
 */
export interface OperatorConflict {
  error: string;
  message: Bilingual;
  current: { status: ComplaintStatus; opd: string | null; version: number };
  lastChange: ActorAt & { status: ComplaintStatus };
}

/** 400: every bad field at once. */
export interface ValidationFailed {
  error: 'validation_failed';
  message: string;
  errors: { field: string; message: string }[];
}

// ------------------------------------------------------------------ duplicates

/** Open complaints of the same category within `km` of it, submitted within `days` of it. */
export interface DuplicateSearch {
  km: number;
  days: number;
}

/** GET /api/v1/operator/complaints/:id/duplicates?km=&days= (defaults: OperatorReferenceResponse.duplicateDefaults). */
export interface DuplicateCandidatesResponse {
  complaintId: string;
  search: DuplicateSearch;
  /** Nearest first. Without a location on either side, same kelurahan counts (distanceKm null). */
  candidates: DuplicateCandidate[];
}

export interface DuplicateCandidate {
  id: string;
  version: number;
  channel: CodeName;
  status: ComplaintStatus;
  opd: CodeName | null;
  submittedAt: string;
  distanceKm: number | null;
  kecamatan: CodeName | null;
  kelurahan: CodeName | null;
  title: string | null;
  text: string | null;
}

// ------------------------------------------------------------------ live events (Socket.IO `operator`)

export type OperatorQueueEvent =
  | { kind: 'taken'; complaintId: string; takenBy: TakenBy }
  | { kind: 'released'; complaintId: string; username: string }
  /** A complaint in (or leaving, or entering) the queue changed: re-read the queue. */
  | { kind: 'changed'; complaintId: string; status: ComplaintStatus; opd: string | null; version: number; by: string | null; at: string }
  /**
   * Complaints changed through the channels (new ones arrived, updates): re-read the queue when
   * convenient. At most one a second, to every operator; `complaints` is how many changed since
   * the last one.
   */
  | { kind: 'stale'; complaints: number; at: string };

// ------------------------------------------------------------------ status webhooks to the channels

/**
 * POST to the source's configured URL when a person in Pantau changes a complaint's status
 * (changes the source itself reported are not sent back to it).
 * Headers: `Content-Type: application/json`,
 *   `X-Pantau-Signature: sha256=<hex HMAC-SHA256 of the raw body with the source's secret>`,
 *   `X-Pantau-Idempotency-Key: <idempotencyKey>`, `X-Pantau-Attempt: <n>`.
 * Any 2xx means received. Otherwise it is retried with backoff (the same body and key), so the
 * receiver must apply each idempotencyKey once.
 */
export interface StatusWebhookPayload {
  /** Unique per status change; the same on every retry. */
  idempotencyKey: string;
  event: 'complaint.status';
  source: string;
  externalId: string;
  complaintId: string;
  status: ComplaintStatus;
  statusLabel: Bilingual;
  previousStatus: ComplaintStatus | null;
  /** The OPD now responsible (or the external body for `rejected`). */
  opd: CodeName | null;
  /** Public note for the citizen (the action's note, or for a rejection its reason), or null. */
  note: string | null;
  /** For `duplicate`: the original's source and externalId. */
  duplicateOf: { source: string; externalId: string } | null;
  /** When the change was made. */
  at: string;
  /** The complaint's version after the change: a receiver may drop anything older than what it has. */
  version: number;
}

/** Admin: GET /api/v1/admin/sources/:code/webhook (404 when none is configured). */
export interface SourceWebhookView {
  source: string;
  url: string;
  active: boolean;
  /** First characters of the secret, to tell secrets apart. */
  secretPrefix: string;
  createdAt: string;
  updatedAt: string;
  updatedBy: string | null;
}

/**
 * Admin: PUT /api/v1/admin/sources/:code/webhook. Without `secret` a new one is generated when
 * none exists (or `rotateSecret`), and shown once in the answer. Audited (source.webhook_set).
 * DELETE /api/v1/admin/sources/:code/webhook removes it (204; audited source.webhook_delete).
 */
export interface SourceWebhookRequest {
  /** http(s) URL. */
  url: string;
  /** At least 32 characters when given. */
  secret?: string;
  rotateSecret?: boolean;
  active?: boolean;
}
export interface SourceWebhookResponse {
  webhook: SourceWebhookView;
  /** Only when a secret was generated; shown this once. */
  secret?: string;
}

/** Admin: GET /api/v1/admin/sources/:code/webhook/deliveries?limit= (newest first). */
export interface WebhookDeliveriesResponse {
  deliveries: WebhookDeliveryView[];
}
export interface WebhookDeliveryView {
  idempotencyKey: string;
  complaintId: string;
  externalId: string;
  status: ComplaintStatus;
  createdAt: string;
  /** pending (will be tried / retried), delivered, failed (gave up after the last attempt). */
  state: 'pending' | 'delivered' | 'failed';
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  attempts: { attempt: number; at: string; httpStatus: number | null; error: string | null; durationMs: number }[];
}
