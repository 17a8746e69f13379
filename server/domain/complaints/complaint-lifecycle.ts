// Complaint lifecycle: the transition table for people acting in Pantau (`transition`) and the
// lenient, order-proof application of status updates coming from channels (`applyChannelUpdate`).
// Pure functions over plain records; times are ISO strings normalised to UTC ('...Z').
//
// The model: a complaint's history is a set of facts (status changes), kept sorted by source
// time. Everything else - current status, current OPD, which facts are dispatches and which
// dispatches are re-routes - is derived from that sorted set by one forward pass
// (`deriveHistory`). So the state is a function of the facts, not of the order they arrived in,
// and a late-arriving fact lands in its place in time without overwriting the newer state.
// Rules in README.md.
import { COMPLAINT_STATUSES, isOpenStatus, type ComplaintStatus } from '../../../shared/domain-constants.ts';

export type Bilingual = { id: string; en: string };

export const STATUS_LABELS: Record<ComplaintStatus, Bilingual> = {
  received: { id: 'Diterima', en: 'Received' },
  verified: { id: 'Diverifikasi', en: 'Verified' },
  dispatched: { id: 'Didisposisikan', en: 'Dispatched' },
  in_progress: { id: 'Sedang ditangani', en: 'In progress' },
  resolved: { id: 'Selesai ditangani', en: 'Resolved' },
  closed: { id: 'Ditutup', en: 'Closed' },
  rejected: { id: 'Dialihkan ke instansi luar', en: 'Routed to an external body' },
  duplicate: { id: 'Duplikat', en: 'Duplicate' },
  reopened: { id: 'Dibuka kembali', en: 'Reopened' },
};

/**
 * Transitions a person may make in Pantau. Channels are not held to this table (they report
 * what happened at the source, and may skip steps); see applyChannelUpdate.
 */
export const TRANSITIONS: Readonly<Record<ComplaintStatus, readonly ComplaintStatus[]>> = {
  received: ['verified', 'dispatched', 'rejected', 'duplicate'],
  verified: ['dispatched', 'rejected', 'duplicate'],
  // dispatched -> dispatched is a re-route (different OPD, reason required); dispatched or
  // in_progress -> verified is the OPD handing it back to the command center (reason required).
  dispatched: ['in_progress', 'dispatched', 'resolved', 'rejected', 'duplicate', 'verified'],
  in_progress: ['resolved', 'dispatched', 'rejected', 'duplicate', 'verified'],
  resolved: ['closed', 'reopened'],
  closed: ['reopened'],
  rejected: ['reopened'],
  duplicate: ['reopened'],
  reopened: ['dispatched', 'in_progress', 'resolved', 'rejected', 'duplicate'],
};

export function allowedTransitions(from: ComplaintStatus): readonly ComplaintStatus[] {
  return TRANSITIONS[from];
}

/** The entry is an OPD handing the complaint back to the command center (derived fields set). */
export function isHandBack(e: Pick<ComplaintHistoryEntry, 'from' | 'to'>): boolean {
  return e.to === 'verified' && (e.from === 'dispatched' || e.from === 'in_progress');
}

/** Statuses that count as the OPD's first response (when the in_progress step is skipped, the resolution is the response). */
export const RESPONSE_STATUSES: readonly ComplaintStatus[] = ['in_progress', 'resolved', 'closed'];
export const RESOLUTION_STATUSES: readonly ComplaintStatus[] = ['resolved', 'closed'];

/**
 * Set on a history entry that starts an OPD's clock.
 * - first: the first OPD the complaint went to;
 * - reroute: taken from an OPD that still held it open and given to another one. Counted as a
 *   misroute against whoever made the dispatch being corrected (`misroutedBy`) and the category;
 * - redispatch: a new dispatch after the previous OPD's work ended (resolved/closed/rejected/
 *   duplicate, then reopened). Not a misroute.
 * `implied` marks a channel that skipped the dispatch step: an in_progress/resolved/closed update
 * naming an OPD that did not hold the complaint is taken as its dispatch, at that update's time.
 */
export interface DispatchMark {
  kind: 'first' | 'reroute' | 'redispatch';
  opd: string;
  implied: boolean;
  previousOpd: string | null;
  /** For a re-route: the actor of the dispatch being corrected (null when unknown or implied). */
  misroutedBy: string | null;
}

export interface ComplaintHistoryEntry {
  /** Derived: status before this entry in time order (null for the first). */
  from: ComplaintStatus | null;
  to: ComplaintStatus;
  /** Source time of the change, ISO UTC. */
  at: string;
  actor: string | null;
  note: string | null;
  /** OPD (or external body, for `rejected`) named by this change; null when it names none. */
  opd: string | null;
  reason: string | null;
  duplicateOf: string | null;
  origin: 'manual' | 'channel';
  /** Bookkeeping reference of the ingest event or audit row; not part of the fact. */
  eventRef: string | null;
  /** Derived: set when this entry starts an OPD clock. */
  dispatch: DispatchMark | null;
}

export interface ComplaintState {
  id: string;
  category: string;
  kecamatan: string | null;
  /** When the citizen submitted it, ISO UTC: the citizen's clock starts here. */
  submittedAt: string;
  /** Whether a source stated submittedAt (else it is the earliest update time seen). */
  submittedAtExplicit: boolean;
  /** Source time of the update that set the category (the newest update wins). */
  categoryAt: string;
  /** Source time of the update that set the kecamatan (the newest update naming one wins); null if none did. */
  kecamatanAt: string | null;
  status: ComplaintStatus;
  /** Source time of the newest fact: the status of the newest fact is the current status. */
  statusAt: string;
  /** Current OPD, or the external body for a `rejected` complaint. */
  opd: string | null;
  duplicateOf: string | null;
  /** All facts, oldest first (see compareEntries for ties). */
  history: ComplaintHistoryEntry[];
}

/** What an applied change did, so the live-state layer can adjust counters without re-reading. */
export type ComplaintEffect =
  | { kind: 'created' }
  | { kind: 'opened' }
  | { kind: 'closed' }
  | { kind: 'statusChanged'; from: ComplaintStatus | null; to: ComplaintStatus }
  | { kind: 'opdChanged'; from: string | null; to: string | null }
  | { kind: 'categoryChanged'; from: string; to: string }
  | { kind: 'kecamatanChanged'; from: string | null; to: string | null }
  | { kind: 'rerouted'; at: string; fromOpd: string | null; toOpd: string; category: string; misroutedBy: string | null; reroutedBy: string | null }
  /** A late fact changed history so that an earlier re-route no longer counts (counters must go down). */
  | { kind: 'rerouteWithdrawn'; at: string; fromOpd: string | null; toOpd: string; category: string; misroutedBy: string | null }
  /** The update is older than the current status: recorded in history, state not overwritten. */
  | { kind: 'lateFact'; status: ComplaintStatus; at: string; currentStatus: ComplaintStatus; currentAt: string };

// ------------------------------------------------------------------ time and ordering

/** Normalises an instant to ISO UTC; throws on an unparseable value. */
export function toIsoInstant(value: Date | string): string {
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a valid instant: ${JSON.stringify(value)}`);
  return d.toISOString();
}

// Same-millisecond facts are ordered along the lifecycle so that, e.g., a channel reporting
// `resolved` and `closed` with one timestamp ends `closed`, not `resolved`.
const STATUS_RANK: Record<ComplaintStatus, number> = {
  received: 0,
  verified: 1,
  dispatched: 2,
  in_progress: 3,
  resolved: 4,
  closed: 5,
  rejected: 6,
  duplicate: 6,
  reopened: 7,
};

const cmpStr = (a: string | null, b: string | null) => {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Total order on facts: source time, then lifecycle rank, then content (so any arrival order sorts the same). */
export function compareEntries(a: ComplaintHistoryEntry, b: ComplaintHistoryEntry): number {
  const t = Date.parse(a.at) - Date.parse(b.at);
  if (t !== 0) return t;
  const r = STATUS_RANK[a.to] - STATUS_RANK[b.to];
  if (r !== 0) return r;
  return (
    cmpStr(a.to, b.to) ||
    cmpStr(a.opd, b.opd) ||
    cmpStr(a.actor, b.actor) ||
    cmpStr(a.note, b.note) ||
    cmpStr(a.reason, b.reason) ||
    cmpStr(a.duplicateOf, b.duplicateOf) ||
    cmpStr(a.origin, b.origin)
  );
}

function sameFact(a: ComplaintHistoryEntry, b: ComplaintHistoryEntry): boolean {
  return (
    a.to === b.to &&
    Date.parse(a.at) === Date.parse(b.at) &&
    a.opd === b.opd &&
    a.actor === b.actor &&
    a.note === b.note &&
    a.reason === b.reason &&
    a.duplicateOf === b.duplicateOf &&
    a.origin === b.origin
  );
}

// ------------------------------------------------------------------ derivation

/**
 * Recomputes the derived fields (`from`, `dispatch`) of a history sorted by compareEntries.
 * One forward pass; each entry's derived fields depend only on the entries before it, so a
 * prefix of the result is the result for that prefix (SLA "as of" evaluation relies on this).
 */
export function deriveHistory(sorted: readonly ComplaintHistoryEntry[]): ComplaintHistoryEntry[] {
  let assignment: { opd: string; open: boolean; startedBy: string | null } | null = null;
  let prev: ComplaintStatus | null = null;
  return sorted.map((e) => {
    let dispatch: DispatchMark | null = null;
    const startAssignment = (opd: string, implied: boolean) => {
      const kind: DispatchMark['kind'] = !assignment ? 'first' : assignment.open ? 'reroute' : 'redispatch';
      dispatch = {
        kind,
        opd,
        implied,
        previousOpd: assignment?.opd ?? null,
        misroutedBy: kind === 'reroute' ? (assignment?.startedBy ?? null) : null,
      };
      // An implied dispatch was made by nobody we know: the update's actor is the OPD's operator.
      assignment = { opd, open: true, startedBy: implied ? null : e.actor };
    };
    if (e.to === 'dispatched') {
      // A repeated dispatch to the OPD that already holds it open is not a new dispatch: it does
      // not restart the OPD's clock (channels re-send). A dispatch naming no OPD starts nothing.
      if (e.opd && !(assignment && assignment.open && assignment.opd === e.opd)) startAssignment(e.opd, false);
    } else if (RESPONSE_STATUSES.includes(e.to)) {
      if (e.opd && (!assignment || assignment.opd !== e.opd)) startAssignment(e.opd, true);
      else if (assignment && !assignment.open && e.to === 'in_progress') assignment.open = true; // resumed after a reopen
      if (RESOLUTION_STATUSES.includes(e.to) && assignment) assignment.open = false;
    } else if (e.to === 'rejected' || e.to === 'duplicate') {
      if (assignment) assignment.open = false;
    } else if (e.to === 'verified' && assignment?.open) {
      // Handed back to the command center: the OPD's work ends here, and the next dispatch is a
      // new one (a redispatch), not a re-route of work the OPD still held.
      assignment.open = false;
    }
    const out: ComplaintHistoryEntry = { ...e, from: prev, dispatch };
    prev = e.to;
    return out;
  });
}

interface Details {
  id: string;
  category: string;
  categoryAt: string;
  kecamatan: string | null;
  kecamatanAt: string | null;
  submittedAt: string;
  submittedAtExplicit: boolean;
}

function buildState(details: Details, sortedFacts: readonly ComplaintHistoryEntry[]): ComplaintState {
  if (sortedFacts.length === 0) throw new Error('a complaint needs at least one history entry');
  const history = deriveHistory(sortedFacts);
  let opd: string | null = null;
  let prev: ComplaintStatus | null = null;
  for (const e of history) {
    if (e.to === 'rejected') opd = e.opd; // the external body, or nobody
    else if (e.to === 'verified' && (prev === 'dispatched' || prev === 'in_progress')) opd = null; // handed back
    else if (e.to === 'reopened' && (prev === 'rejected' || prev === 'duplicate')) opd = e.opd; // back to triage
    else if (e.opd) opd = e.opd;
    prev = e.to;
  }
  const last = history[history.length - 1];
  return {
    ...details,
    status: last.to,
    statusAt: last.at,
    opd,
    duplicateOf: last.to === 'duplicate' ? last.duplicateOf : null,
    history,
  };
}

// Identity of a counted re-route: the whole fact plus what it is counted against. Two facts at
// the same instant naming the same OPD (e.g. `dispatched` and `closed`) are two re-routes; a
// late fact that changes who the misroute counts against withdraws one and adds the other.
function rerouteKey(e: ComplaintHistoryEntry): string {
  return JSON.stringify([e.at, e.to, e.opd, e.actor, e.note, e.reason, e.duplicateOf, e.origin, e.dispatch?.previousOpd ?? null, e.dispatch?.misroutedBy ?? null]);
}

/** Effects of going from `before` to `after` (null before = new complaint). */
export function diffEffects(before: ComplaintState | null, after: ComplaintState): ComplaintEffect[] {
  const effects: ComplaintEffect[] = [];
  const wasOpen = before !== null && isOpenStatus(before.status);
  const isOpen = isOpenStatus(after.status);
  if (!before) effects.push({ kind: 'created' });
  if (!wasOpen && isOpen) effects.push({ kind: 'opened' });
  if (wasOpen && !isOpen) effects.push({ kind: 'closed' });
  if (!before || before.status !== after.status) effects.push({ kind: 'statusChanged', from: before?.status ?? null, to: after.status });
  // For a new complaint, a first OPD / kecamatan is reported as a change from null, so a
  // consumer that follows only these effects always knows both.
  if ((before?.opd ?? null) !== after.opd) effects.push({ kind: 'opdChanged', from: before?.opd ?? null, to: after.opd });
  if (before && before.category !== after.category) effects.push({ kind: 'categoryChanged', from: before.category, to: after.category });
  if ((before?.kecamatan ?? null) !== after.kecamatan) effects.push({ kind: 'kecamatanChanged', from: before?.kecamatan ?? null, to: after.kecamatan });
  const reroutes = (s: ComplaintState | null) => new Map((s?.history ?? []).filter((e) => e.dispatch?.kind === 'reroute').map((e) => [rerouteKey(e), e]));
  const old = reroutes(before);
  const now = reroutes(after);
  for (const [k, e] of now) {
    if (!old.has(k)) {
      effects.push({
        kind: 'rerouted',
        at: e.at,
        fromOpd: e.dispatch!.previousOpd,
        toOpd: e.dispatch!.opd,
        category: after.category,
        misroutedBy: e.dispatch!.misroutedBy,
        reroutedBy: e.actor,
      });
    }
  }
  for (const [k, e] of old) {
    if (!now.has(k)) {
      effects.push({ kind: 'rerouteWithdrawn', at: e.at, fromOpd: e.dispatch!.previousOpd, toOpd: e.dispatch!.opd, category: before!.category, misroutedBy: e.dispatch!.misroutedBy });
    }
  }
  return effects;
}

function insertSorted(history: readonly ComplaintHistoryEntry[], entry: ComplaintHistoryEntry): { list: ComplaintHistoryEntry[]; index: number } {
  let i = history.length;
  while (i > 0 && compareEntries(history[i - 1], entry) > 0) i--;
  return { list: [...history.slice(0, i), entry, ...history.slice(i)], index: i };
}

const clean = (s: string | null | undefined): string | null => {
  if (s === undefined || s === null) return null;
  const t = s.trim();
  return t === '' ? null : t;
};

function assertStatus(status: unknown): asserts status is ComplaintStatus {
  if (!COMPLAINT_STATUSES.includes(status as ComplaintStatus)) throw new RangeError(`unknown complaint status ${JSON.stringify(status)}`);
}

// ------------------------------------------------------------------ creation and manual transitions

export interface NewComplaint {
  id: string;
  category: string;
  kecamatan?: string | null;
  submittedAt: Date | string;
  actor?: string | null;
  note?: string | null;
  origin?: 'manual' | 'channel';
  eventRef?: string | null;
}

/** A new complaint in status `received`, with its first history entry at submission. */
export function createComplaint(input: NewComplaint): ComplaintState {
  if (!clean(input.id)) throw new RangeError('a complaint needs an id');
  if (!clean(input.category)) throw new RangeError('a complaint needs a category');
  const at = toIsoInstant(input.submittedAt);
  const entry: ComplaintHistoryEntry = {
    from: null,
    to: 'received',
    at,
    actor: clean(input.actor),
    note: clean(input.note),
    opd: null,
    reason: null,
    duplicateOf: null,
    origin: input.origin ?? 'manual',
    eventRef: input.eventRef ?? null,
    dispatch: null,
  };
  return buildState(
    {
      id: input.id,
      category: input.category,
      categoryAt: at,
      kecamatan: clean(input.kecamatan),
      kecamatanAt: clean(input.kecamatan) ? at : null,
      submittedAt: at,
      submittedAtExplicit: true,
    },
    [entry],
  );
}

export interface TransitionRequest {
  to: ComplaintStatus;
  at: Date | string;
  actor: string;
  note?: string | null;
  /** Required for `dispatched` (the OPD); for `rejected` the external body it goes to. */
  opd?: string | null;
  /** Required for a re-route; for `rejected` without an external body. */
  reason?: string | null;
  /** Required for `duplicate`. */
  duplicateOf?: string | null;
  eventRef?: string | null;
}

export type TransitionErrorCode =
  | 'unknown_status'
  | 'illegal_transition'
  | 'missing_actor'
  | 'invalid_time'
  | 'time_before_current'
  | 'missing_opd'
  | 'same_opd'
  | 'missing_reason'
  | 'missing_target'
  | 'missing_duplicate_of'
  | 'self_duplicate'
  | 'no_opd_assigned';

export interface TransitionError {
  code: TransitionErrorCode;
  message: Bilingual;
}

export type TransitionResult =
  | { ok: true; state: ComplaintState; entry: ComplaintHistoryEntry; effects: ComplaintEffect[] }
  | { ok: false; error: TransitionError };

const refuse = (code: TransitionErrorCode, id: string, en: string): TransitionResult => ({ ok: false, error: { code, message: { id, en } } });

/**
 * A change made by a person in Pantau (command-center dispatcher, OPD operator). Strict: only
 * TRANSITIONS, with the data each one needs; never earlier than the current status.
 */
export function transition(state: ComplaintState, req: TransitionRequest): TransitionResult {
  if (!COMPLAINT_STATUSES.includes(req.to)) {
    return refuse('unknown_status', `Status tidak dikenal: ${String(req.to)}.`, `Unknown status: ${String(req.to)}.`);
  }
  const from = state.status;
  const to = req.to;
  const fromL = STATUS_LABELS[from];
  const toL = STATUS_LABELS[to];
  if (!TRANSITIONS[from].includes(to)) {
    const allowed = TRANSITIONS[from];
    return refuse(
      'illegal_transition',
      `Status tidak dapat diubah dari "${fromL.id}" ke "${toL.id}". Yang diizinkan: ${allowed.map((s) => `"${STATUS_LABELS[s].id}"`).join(', ') || '-'}.`,
      `Cannot change status from "${fromL.en}" to "${toL.en}". Allowed: ${allowed.map((s) => `"${STATUS_LABELS[s].en}"`).join(', ') || '-'}.`,
    );
  }
  const actor = clean(req.actor);
  if (!actor) return refuse('missing_actor', 'Setiap perubahan status harus mencatat siapa yang melakukannya.', 'Every status change must record who made it.');
  let at: string;
  try {
    at = toIsoInstant(req.at);
  } catch {
    return refuse('invalid_time', 'Waktu perubahan tidak valid.', 'The time of the change is not valid.');
  }
  const opd = clean(req.opd);
  const reason = clean(req.reason);
  const duplicateOf = clean(req.duplicateOf);
  // An OPD "holds" the complaint while it is dispatched or in progress: changing OPD then is a re-route.
  const held = (from === 'dispatched' || from === 'in_progress') && state.opd !== null;

  if (to === 'dispatched') {
    if (!opd) return refuse('missing_opd', 'Disposisi harus menyebut OPD tujuan.', 'A dispatch must name the OPD it goes to.');
    if (held && opd === state.opd) {
      return refuse('same_opd', `Aduan sudah didisposisikan ke ${opd}.`, `The complaint is already dispatched to ${opd}.`);
    }
    if (held && !reason) {
      return refuse(
        'missing_reason',
        `Pengalihan dari ${state.opd ?? '-'} ke ${opd} harus disertai alasan (dihitung sebagai salah disposisi).`,
        `Re-routing from ${state.opd ?? '-'} to ${opd} needs a reason (it counts as a misroute).`,
      );
    }
  }
  if (to === 'verified' && held && !reason) {
    return refuse(
      'missing_reason',
      `Pengembalian ke command center oleh ${state.opd ?? '-'} harus disertai alasan.`,
      `Handing it back to the command center (from ${state.opd ?? '-'}) needs a reason.`,
    );
  }
  if (to === 'rejected' && !opd && !reason) {
    return refuse(
      'missing_target',
      'Aduan yang dialihkan harus menyebut instansi tujuan (mis. PLN) atau alasannya.',
      'A rejected complaint must name the external body it goes to (e.g. PLN) or a reason.',
    );
  }
  if (to === 'duplicate') {
    if (!duplicateOf) return refuse('missing_duplicate_of', 'Aduan duplikat harus menyebut aduan aslinya.', 'A duplicate must name the original complaint.');
    if (duplicateOf === state.id) return refuse('self_duplicate', 'Aduan tidak dapat menjadi duplikat dirinya sendiri.', 'A complaint cannot be a duplicate of itself.');
  }
  // Only a dispatch can give an OPD; an OPD sent along with in_progress/resolved is not one.
  if ((to === 'in_progress' || to === 'resolved') && from === 'reopened' && !state.opd) {
    return refuse(
      'no_opd_assigned',
      'Aduan yang dibuka kembali belum memiliki OPD; disposisikan dulu.',
      'The reopened complaint has no OPD; dispatch it first.',
    );
  }

  const entry: ComplaintHistoryEntry = {
    from,
    to,
    at,
    actor,
    note: clean(req.note),
    // Only the changes that name a target keep one; an OPD sent along with e.g. `resolved` by a
    // person is ignored, so a person can never re-route without the re-route rules above.
    opd: to === 'dispatched' || to === 'rejected' ? opd : null,
    reason,
    duplicateOf: to === 'duplicate' ? duplicateOf : null,
    origin: 'manual',
    eventRef: req.eventRef ?? null,
    dispatch: null,
  };
  const last = state.history[state.history.length - 1];
  if (last && compareEntries(last, entry) >= 0) {
    return refuse(
      'time_before_current',
      `Waktu perubahan (${at}) tidak boleh sebelum status terakhir (${state.statusAt}).`,
      `The change (${at}) cannot be earlier than the latest status (${state.statusAt}).`,
    );
  }
  const next = buildState(detailsOf(state), [...state.history, entry]);
  return { ok: true, state: next, entry: next.history[next.history.length - 1], effects: diffEffects(state, next) };
}

function newerValue(at: string, value: string, currentAt: string, current: string): boolean {
  const d = Date.parse(at) - Date.parse(currentAt);
  return d > 0 || (d === 0 && value > current);
}

function detailsOf(s: ComplaintState): Details {
  return {
    id: s.id,
    category: s.category,
    kecamatan: s.kecamatan,
    categoryAt: s.categoryAt,
    kecamatanAt: s.kecamatanAt,
    submittedAt: s.submittedAt,
    submittedAtExplicit: s.submittedAtExplicit,
  };
}

// ------------------------------------------------------------------ channel updates

/** A status update from a channel, as the processor hands it over (a ComplaintEvent fits). */
export interface ChannelUpdate {
  /** Pantau's complaint id. */
  id: string;
  category: string;
  kecamatan?: string | null;
  status: ComplaintStatus;
  /** Source time of this status. */
  occurredAt: Date | string;
  submittedAt?: Date | string | null;
  opd?: string | null;
  duplicateOf?: string | null;
  actor?: string | null;
  note?: string | null;
  reason?: string | null;
  eventRef?: string | null;
}

export interface ChannelUpdateResult {
  state: ComplaintState;
  /** History entries this update added (none when it was already recorded). */
  historyAdded: ComplaintHistoryEntry[];
  effects: ComplaintEffect[];
  /** The update is now the current status. False for a late fact or a repeat. */
  applied: boolean;
}

/**
 * Applies a channel's status update. Lenient: channels report what happened at the source, may
 * skip steps and arrive in any order. Rules:
 * - the fact is inserted into the history at its source time; the newest fact gives the status.
 *   An update older than the current status is kept in history (a late-arriving fact: it still
 *   counts for the clocks, e.g. a late `in_progress` is the first response) but does not
 *   overwrite the newer state (effect `lateFact`);
 * - exactly the same fact again (a re-delivery) changes nothing;
 * - category and kecamatan: the update with the newest source time wins (for kecamatan, the
 *   newest one that names a kecamatan);
 * - submittedAt: the earliest stated submittedAt; without any, the earliest update time.
 * The result depends only on the set of updates, never on their arrival order.
 */
export function applyChannelUpdate(state: ComplaintState | null, update: ChannelUpdate): ChannelUpdateResult {
  assertStatus(update.status);
  if (!clean(update.id)) throw new RangeError('a channel update needs the complaint id');
  if (!clean(update.category)) throw new RangeError('a channel update needs a category');
  if (state && state.id !== update.id) throw new RangeError(`update for ${update.id} applied to complaint ${state.id}`);
  const at = toIsoInstant(update.occurredAt);
  const entry: ComplaintHistoryEntry = {
    from: null,
    to: update.status,
    at,
    actor: clean(update.actor),
    note: clean(update.note),
    opd: clean(update.opd),
    reason: clean(update.reason),
    duplicateOf: update.status === 'duplicate' ? clean(update.duplicateOf) : null,
    origin: 'channel',
    eventRef: update.eventRef ?? null,
    dispatch: null,
  };
  const stated = update.submittedAt ? toIsoInstant(update.submittedAt) : null;
  // null and absent both mean "this update does not say": a later update without a kecamatan
  // never erases a known one.
  const kecamatan = clean(update.kecamatan);

  if (!state) {
    const next = buildState(
      {
        id: update.id,
        category: update.category,
        categoryAt: at,
        kecamatan,
        kecamatanAt: kecamatan ? at : null,
        submittedAt: stated ?? at,
        submittedAtExplicit: stated !== null,
      },
      [entry],
    );
    return { state: next, historyAdded: [next.history[0]], effects: diffEffects(null, next), applied: true };
  }

  const details = detailsOf(state);
  // Last writer by source time wins; at equal times the larger value wins, so the order of
  // arrival never matters.
  if (newerValue(at, update.category, details.categoryAt, details.category)) {
    details.category = update.category;
    details.categoryAt = at;
  }
  if (kecamatan && (details.kecamatanAt === null || newerValue(at, kecamatan, details.kecamatanAt, details.kecamatan ?? ''))) {
    details.kecamatan = kecamatan;
    details.kecamatanAt = at;
  }
  if (stated) {
    if (!details.submittedAtExplicit || Date.parse(stated) < Date.parse(details.submittedAt)) {
      details.submittedAt = stated;
      details.submittedAtExplicit = true;
    }
  } else if (!details.submittedAtExplicit && Date.parse(at) < Date.parse(details.submittedAt)) {
    details.submittedAt = at;
  }

  const facts = state.history;
  const repeat = facts.some((f) => sameFact(f, entry));
  const { list, index } = repeat ? { list: [...facts], index: -1 } : insertSorted(facts, entry);
  const next = buildState(details, list);
  const effects = diffEffects(state, next);
  const isLast = !repeat && index === list.length - 1;
  if (!repeat && !isLast) {
    effects.push({ kind: 'lateFact', status: entry.to, at, currentStatus: next.status, currentAt: next.statusAt });
  }
  return { state: next, historyAdded: repeat ? [] : [next.history[index]], effects, applied: isLast };
}

/** The complaint as it stood at `asOf`: only facts up to then (null if it did not exist yet). */
export function stateAsOf(state: ComplaintState, asOf: Date | string): ComplaintState | null {
  const t = Date.parse(toIsoInstant(asOf));
  if (Date.parse(state.submittedAt) > t) return null;
  const facts = state.history.filter((e) => Date.parse(e.at) <= t);
  if (facts.length === state.history.length) return state;
  if (facts.length === 0) {
    // Submitted, but the first update we hold is later: it was received then.
    return { ...state, status: 'received', statusAt: state.submittedAt, opd: null, duplicateOf: null, history: [] };
  }
  return buildState(detailsOf(state), facts);
}
