// PostgreSQL is the source of truth; Redis live state can always be rebuilt from these tables.
import { sql } from 'drizzle-orm';
import type { MediaLink } from '../shared/operator-api.ts';
import {
  bigint,
  type AnyPgColumn,
  bigserial,
  boolean,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
/** A PostgreSQL tstzmultirange, written and read as its text form (`{[a,b),[c,)}`). */
const tstzMultirange = customType<{ data: string; driverData: string }>({ dataType: () => 'tstzmultirange' });
const createdAt = () => tz('created_at').notNull().defaultNow();

// ---------------------------------------------------------------- reference data

/** OPD of the city, and external bodies (PLN, PDAM, national roads) complaints can be routed to. */
export const opd = pgTable('opd', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  /** The common abbreviation ("Diskominfo", "BRIDA"), shown where the full name does not fit. */
  shortName: text('short_name'),
  kind: text('kind').notNull(),
  external: boolean('external').notNull().default(false),
  active: boolean('active').notNull().default(true),
  /** The OPD this one belongs to (a UPT under its dinas), for grouping; null at the top. */
  parentCode: text('parent_code').references((): AnyPgColumn => opd.code),
  createdAt: createdAt(),
});

export const kecamatan = pgTable('kecamatan', {
  code: text('code').primaryKey(),
  name: text('name').notNull().unique(),
  population: integer('population'),
  populationYear: integer('population_year'),
  areaKm2: doublePrecision('area_km2'),
  geometry: jsonb('geometry').notNull(),
});

export const kelurahan = pgTable('kelurahan', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  kecamatanCode: text('kecamatan_code')
    .notNull()
    .references(() => kecamatan.code),
  geometry: jsonb('geometry').notNull(),
});

export const channels = pgTable('channels', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  /** English name for ?lang=en; null where the name is a proper name that serves both. */
  nameEn: text('name_en'),
});

/** SLA in working days (or hours around the clock for emergency categories). */
export interface CategorySla {
  dispatchWorkingDays: number;
  firstResponseWorkingDays: number;
  resolutionWorkingDays: number;
  emergency?: { firstResponseHours: number; resolutionHours: number };
}

export const categories = pgTable('categories', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  opdCode: text('opd_code').references(() => opd.code),
  externalCode: text('external_code').references(() => opd.code),
  emergency: boolean('emergency').notNull().default(false),
  group: text('group').notNull(),
  sla: jsonb('sla').$type<CategorySla>().notNull(),
});

// ---------------------------------------------------------------- sources and keys

export const sources = pgTable('sources', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  createdAt: createdAt(),
});

export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sourceCode: text('source_code')
      .notNull()
      .references(() => sources.code),
    /** sha256 of the key: keys are long random strings, so a fast hash is enough to store them safely. */
    keyHash: text('key_hash').notNull().unique(),
    /** The first characters of the key, so people can tell keys apart without seeing them. */
    keyPrefix: text('key_prefix').notNull(),
    label: text('label'),
    createdAt: createdAt(),
    lastUsedAt: tz('last_used_at'),
    /** Revoked from this instant on; a rotation may set it in the future as a grace period. */
    revokedAt: tz('revoked_at'),
    /** Requests per minute this key may make; null means the deployment default. */
    rateLimitPerMinute: integer('rate_limit_per_minute'),
    createdBy: text('created_by'),
  },
  (t) => [index('api_keys_source_idx').on(t.sourceCode)],
);

/**
 * Where a source wants status changes of its complaints sent (issue 14): a signed webhook. The
 * secret is kept as is: signing needs it (HMAC-SHA256), unlike an API key which is only checked.
 */
export const sourceWebhooks = pgTable('source_webhooks', {
  sourceCode: text('source_code')
    .primaryKey()
    .references(() => sources.code),
  url: text('url').notNull(),
  secret: text('secret').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: tz('updated_at').notNull().defaultNow(),
  updatedBy: text('updated_by'),
});

/**
 * Status webhooks to send, written in the same transaction as the complaint change (an outbox):
 * a change is never lost when a process dies, and every retry carries the same idempotency key.
 */
export const webhookOutbox = pgTable(
  'webhook_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    sourceCode: text('source_code').notNull(),
    complaintId: uuid('complaint_id').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: createdAt(),
    attempts: integer('attempts').notNull().default(0),
    /** Not before this instant; also the lease of a dispatcher that is sending it. */
    nextAttemptAt: tz('next_attempt_at').notNull().defaultNow(),
    /** pending, delivered, failed (gave up). */
    state: text('state').notNull().default('pending'),
    deliveredAt: tz('delivered_at'),
  },
  (t) => [
    index('webhook_outbox_due_idx').on(t.nextAttemptAt).where(sql`state = 'pending'`),
    // "an older message of this complaint is still pending" (one complaint's messages go in order)
    index('webhook_outbox_pending_complaint_idx').on(t.complaintId, t.id).where(sql`state = 'pending'`),
    index('webhook_outbox_source_idx').on(t.sourceCode, t.createdAt),
  ],
);

/** Every attempt to deliver a status webhook. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    outboxId: bigint('outbox_id', { mode: 'number' })
      .notNull()
      .references(() => webhookOutbox.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    at: tz('at').notNull().defaultNow(),
    httpStatus: integer('http_status'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('webhook_deliveries_outbox_idx').on(t.outboxId)],
);

// ---------------------------------------------------------------- complaints

export const complaints = pgTable(
  'complaints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
    channel: text('channel')
      .notNull()
      .references(() => channels.code),
    categoryCode: text('category_code')
      .notNull()
      .references(() => categories.code),
    title: text('title'),
    text: text('text').notNull().default(''),
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    kecamatanCode: text('kecamatan_code').references(() => kecamatan.code),
    kelurahanCode: text('kelurahan_code').references(() => kelurahan.code),
    privacy: text('privacy').notNull().default('public'),
    status: text('status').notNull(),
    /** Source time of the newest status applied; older updates never overwrite it. */
    statusAt: tz('status_at').notNull(),
    submittedAt: tz('submitted_at').notNull(),
    opdCode: text('opd_code').references(() => opd.code),
    duplicateOfExternalId: text('duplicate_of_external_id'),
    /** Bumped on every change; the live state keeps only the newest version it has seen. */
    version: integer('version').notNull().default(1),
    // Bookkeeping of the lifecycle model (server/domain/complaints): which update set what.
    submittedAtExplicit: boolean('submitted_at_explicit').notNull().default(false),
    categoryAt: tz('category_at').notNull(),
    kecamatanAt: tz('kecamatan_at'),
    /** Links to photos / videos the channel sent: [{ url, kind }] (shared/operator-api.ts MediaLink). */
    media: jsonb('media').$type<MediaLink[]>().notNull().default(sql`'[]'::jsonb`),
    /** Where the routing rules would send it, for the operator who dispatches. */
    suggestedOpd: text('suggested_opd'),
    routingRule: text('routing_rule'),
    // The citizen's clocks (from submission), kept current by the processor so the live
    // overdue counts are one indexed query. Deadlines come from the SLA and working calendar.
    emergency: boolean('emergency').notNull().default(false),
    dispatchDueAt: tz('dispatch_due_at'),
    triagedAt: tz('triaged_at'),
    responseDueAt: tz('response_due_at'),
    firstResponseAt: tz('first_response_at'),
    resolutionDueAt: tz('resolution_due_at'),
    resolvedAt: tz('resolved_at'),
    /** The OPD whose assignment is in force (ComplaintAssessment.current), open or done; null when none. */
    holderOpd: text('holder_opd'),
    /**
     * When the complaint was open (received .. in progress, reopened), from its history: the
     * leadership reports' backlog at the end of a past period is `open_spans @> instant`.
     */
    openSpans: tstzMultirange('open_spans'),
    /** The rule version (rule_versions.id) its deadlines were last set with; frozen once it is closed. */
    rulesVersion: integer('rules_version'),
    createdAt: createdAt(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('complaints_source_external_idx').on(t.source, t.externalId),
    index('complaints_submitted_idx').on(t.submittedAt),
    index('complaints_status_idx').on(t.status),
    index('complaints_opd_idx').on(t.opdCode),
    index('complaints_open_due_idx').on(t.resolutionDueAt).where(sql`status in ('received','verified','dispatched','in_progress','reopened')`),
    // The reports' candidates: "changed since" a period's earliest clock start (with the open ones,
    // through complaints_open_due_idx); without it every report reads the whole table.
    index('complaints_status_at_idx').on(t.statusAt),
    // The leadership reports count from these columns (server/reports/leadership/complaint-facts.ts):
    // each index leads with what a report picks (an OPD, the instant a period is a range of) and
    // carries what is counted, so a year is read from the index alone.
    index('complaints_facts_submitted_idx').on(t.submittedAt, t.kecamatanCode),
    index('complaints_facts_holder_idx').on(t.holderOpd, t.submittedAt),
    index('complaints_facts_resolution_due_idx').on(t.resolutionDueAt, t.resolvedAt, t.status, t.kecamatanCode),
    index('complaints_facts_first_response_idx').on(t.firstResponseAt, t.submittedAt, t.kecamatanCode),
    index('complaints_facts_resolved_idx').on(t.resolvedAt, t.submittedAt, t.kecamatanCode),
    index('complaints_facts_open_spans_idx').using('gist', t.openSpans),
  ],
);

/** Reporter identity lives apart from the complaint so no live query can pick it up by accident. */
export const complaintReporters = pgTable('complaint_reporters', {
  complaintId: uuid('complaint_id')
    .primaryKey()
    .references(() => complaints.id, { onDelete: 'cascade' }),
  name: text('name'),
  phone: text('phone'),
  email: text('email'),
  nik: text('nik'),
});

export const complaintStatusHistory = pgTable(
  'complaint_status_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id, { onDelete: 'cascade' }),
    status: text('status').notNull(),
    at: tz('at').notNull(),
    actor: text('actor'),
    note: text('note'),
    opdCode: text('opd_code'),
    reason: text('reason'),
    duplicateOf: text('duplicate_of'),
    /** 'channel' (reported by a source) or 'manual' (a person in Pantau). */
    origin: text('origin').notNull().default('channel'),
    /** `<batchId>:<index>` of the ingest event that recorded this change. */
    eventRef: text('event_ref'),
    recordedAt: tz('recorded_at').notNull().defaultNow(),
  },
  (t) => [index('complaint_status_history_complaint_idx').on(t.complaintId, t.at)],
);

/**
 * One row per OPD assignment (dispatch) of a complaint, with the OPD's clocks. Rewritten by the
 * processor whenever the complaint changes; the live OPD on-time figures are SQL over this table.
 */
export const complaintAssignments = pgTable(
  'complaint_assignments',
  {
    complaintId: uuid('complaint_id')
      .notNull()
      .references(() => complaints.id, { onDelete: 'cascade' }),
    idx: integer('idx').notNull(),
    opdCode: text('opd_code').notNull(),
    kind: text('kind').notNull(),
    dispatchedAt: tz('dispatched_at').notNull(),
    dispatchedBy: text('dispatched_by'),
    misroutedBy: text('misrouted_by'),
    endedBy: text('ended_by'),
    endedAt: tz('ended_at'),
    responseDueAt: tz('response_due_at').notNull(),
    firstResponseAt: tz('first_response_at'),
    resolutionDueAt: tz('resolution_due_at').notNull(),
    resolvedAt: tz('resolved_at'),
    /** The assignment in force on an open complaint: its clocks are still running. */
    live: boolean('live').notNull(),
    categoryCode: text('category_code').notNull(),
    /**
     * When this OPD held the complaint while it was open: its open spans from this dispatch to the
     * next (or to a hand-back). The leadership reports' OPD backlog at a past instant is
     * `held @> instant`, one GiST probe instead of a look at every complaint open then.
     */
    held: tstzMultirange('held'),
  },
  (t) => [
    primaryKey({ columns: [t.complaintId, t.idx] }),
    index('complaint_assignments_opd_resolved_idx').on(t.opdCode, t.resolvedAt),
    index('complaint_assignments_live_idx').on(t.opdCode, t.resolutionDueAt).where(sql`live`),
    index('complaint_assignments_dispatched_idx').on(t.dispatchedAt),
    // The leadership reports (see complaints_facts_*).
    index('complaint_assignments_facts_resolution_due_idx').on(t.opdCode, t.resolutionDueAt, t.resolvedAt, t.live),
    index('complaint_assignments_facts_dispatched_idx').on(t.dispatchedAt, t.opdCode, t.categoryCode, t.dispatchedBy, t.endedBy),
    index('complaint_assignments_facts_opd_dispatched_idx').on(t.opdCode, t.dispatchedAt, t.endedBy),
    index('complaint_assignments_facts_first_response_idx').on(t.opdCode, t.firstResponseAt, t.dispatchedAt),
    index('complaint_assignments_facts_resolved_idx').on(t.opdCode, t.resolvedAt, t.dispatchedAt),
    index('complaint_assignments_facts_held_idx').using('gist', t.held),
  ],
);

/** Configurable routing: category (optionally refined by kecamatan or keywords) -> OPD or external body. */
export const routingRules = pgTable('routing_rules', {
  id: text('id').primaryKey(),
  categoryCode: text('category_code')
    .notNull()
    .references(() => categories.code),
  targetKind: text('target_kind').notNull(),
  targetCode: text('target_code')
    .notNull()
    .references(() => opd.code),
  kecamatanCode: text('kecamatan_code').references(() => kecamatan.code),
  keywords: jsonb('keywords').$type<string[]>(),
  priority: integer('priority').notNull().default(0),
});

// ---------------------------------------------------------------- uploads

export const datasets = pgTable(
  'datasets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    opdCode: text('opd_code')
      .notNull()
      .references(() => opd.code),
    code: text('code').notNull(),
    name: text('name').notNull(),
    schedule: jsonb('schedule').notNull(),
    active: boolean('active').notNull().default(true),
    /**
     * When the dataset's first schedule took effect: periods due before it are not judged (a
     * dataset added today is not missing last month's uploads). Null: always (seeded datasets).
     */
    scheduleFrom: tz('schedule_from'),
  },
  (t) => [uniqueIndex('datasets_opd_code_idx').on(t.opdCode, t.code)],
);

/**
 * Schedules a dataset had before its current one: each was in force until `until`. A due period
 * is judged with the schedule in force at its deadline, so changing a schedule moves the periods
 * due from then on and never re-judges one whose deadline has passed.
 */
export const datasetScheduleHistory = pgTable(
  'dataset_schedule_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => datasets.id),
    schedule: jsonb('schedule').notNull(),
    until: tz('until').notNull(),
    /** The rule_versions row of the change that ended it. */
    endedByVersion: integer('ended_by_version'),
  },
  (t) => [index('dataset_schedule_history_dataset_idx').on(t.datasetId, t.until)],
);

export const uploadRecords = pgTable(
  'upload_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
    opdCode: text('opd_code')
      .notNull()
      .references(() => opd.code),
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => datasets.id),
    periodStart: date('period_start', { mode: 'string' }),
    periodEnd: date('period_end', { mode: 'string' }),
    receivedAt: tz('received_at').notNull(),
    rows: integer('rows'),
    bytes: doublePrecision('bytes'),
    title: text('title'),
    /** The due period it counts for (e.g. 2026-11-21, 2026-W47, 2026-11), its deadline and verdict. */
    periodKey: text('period_key'),
    deadlineAt: tz('deadline_at'),
    onTime: boolean('on_time'),
    lateByMs: doublePrecision('late_by_ms'),
    /** The rule version (rule_versions.id) the verdict was judged with. */
    rulesVersion: integer('rules_version'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('upload_records_source_external_idx').on(t.source, t.externalId),
    index('upload_records_received_idx').on(t.receivedAt),
    index('upload_records_dataset_period_idx').on(t.datasetId, t.periodStart),
  ],
);

// ---------------------------------------------------------------- uptime

export const monitors = pgTable(
  'monitors',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    opdCode: text('opd_code')
      .notNull()
      .references(() => opd.code),
    kind: text('kind').notNull(),
    target: text('target'),
    intervalSeconds: integer('interval_seconds').notNull().default(30),
    timeoutMs: integer('timeout_ms').notNull().default(10_000),
    failuresToDown: integer('failures_to_down').notNull().default(3),
    successesToUp: integer('successes_to_up').notNull().default(2),
    pushToken: text('push_token').unique(),
    config: jsonb('config').notNull().default(sql`'{}'::jsonb`),
    tags: jsonb('tags').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    active: boolean('active').notNull().default(true),
    state: text('state').notNull().default('unknown'),
    stateSince: tz('state_since'),
    /** What the checks say regardless of maintenance (server/domain/uptime/monitor-state.ts). */
    health: text('health').notNull().default('unknown'),
    /** A DOWN was announced and its recovery not yet. */
    outageOpen: boolean('outage_open').notNull().default(false),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    consecutiveSuccesses: integer('consecutive_successes').notNull().default(0),
    lastCheckAt: tz('last_check_at'),
    /** Last result that came from the service or a probe (not a "silence" failure Pantau made up). */
    lastHeartbeatAt: tz('last_heartbeat_at'),
    lastLatencyMs: doublePrecision('last_latency_ms'),
    /** Bumped on every change; the live state keeps only the newest version it has seen. */
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
  },
  (t) => [index('monitors_opd_idx').on(t.opdCode)],
);

export const checkResults = pgTable(
  'check_results',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    monitorId: uuid('monitor_id')
      .notNull()
      .references(() => monitors.id, { onDelete: 'cascade' }),
    source: text('source').notNull(),
    externalId: text('external_id').notNull(),
    at: tz('at').notNull(),
    status: text('status').notNull(),
    latencyMs: doublePrecision('latency_ms'),
    statusCode: integer('status_code'),
    message: text('message'),
  },
  (t) => [
    uniqueIndex('check_results_source_external_idx').on(t.source, t.externalId),
    index('check_results_monitor_at_idx').on(t.monitorId, t.at),
  ],
);

/** Every change of a monitor's displayed state: the timeline availability is computed from. */
export const monitorStateChanges = pgTable(
  'monitor_state_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    monitorId: uuid('monitor_id')
      .notNull()
      .references(() => monitors.id, { onDelete: 'cascade' }),
    at: tz('at').notNull(),
    state: text('state').notNull(),
  },
  (t) => [index('monitor_state_changes_monitor_at_idx').on(t.monitorId, t.at)],
);

export const incidents = pgTable(
  'incidents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    monitorId: uuid('monitor_id')
      .notNull()
      .references(() => monitors.id, { onDelete: 'cascade' }),
    status: text('status').notNull().default('open'),
    openedAt: tz('opened_at').notNull(),
    acknowledgedAt: tz('acknowledged_at'),
    acknowledgedBy: text('acknowledged_by'),
    ackNote: text('ack_note'),
    resolvedAt: tz('resolved_at'),
    /** Who resolved it; `system` when the service recovered by itself. */
    resolvedBy: text('resolved_by'),
    /** When the "still not acknowledged" escalation went out (once per incident). */
    escalatedAt: tz('escalated_at'),
    /** When Pantau learned of it (for a late-arriving outage, after openedAt): escalation counts from here. */
    createdAt: createdAt(),
  },
  (t) => [index('incidents_monitor_idx').on(t.monitorId, t.openedAt)],
);

export const incidentEvents = pgTable(
  'incident_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    at: tz('at').notNull(),
    kind: text('kind').notNull(),
    actor: text('actor'),
    note: text('note'),
  },
  (t) => [index('incident_events_incident_idx').on(t.incidentId, t.at)],
);

/** Maintenance windows: checks go on, alerts are silenced. For one monitor or all of an OPD's. */
export const maintenanceWindows = pgTable('maintenance_windows', {
  id: uuid('id').primaryKey().defaultRandom(),
  monitorId: uuid('monitor_id').references(() => monitors.id, { onDelete: 'cascade' }),
  opdCode: text('opd_code').references(() => opd.code),
  window: jsonb('window').notNull(),
  note: text('note'),
  createdBy: text('created_by'),
  createdAt: createdAt(),
  active: boolean('active').notNull().default(true),
});

// ---------------------------------------------------------------- alerting

/** Where alerts go: a generic JSON webhook or a Telegram chat, for all, one OPD, or one monitor. */
export const notificationChannels = pgTable('notification_channels', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  /** webhook: { url }; telegram: { botToken, chatId, apiBase? } */
  config: jsonb('config').notNull(),
  opdCode: text('opd_code').references(() => opd.code),
  monitorId: uuid('monitor_id').references(() => monitors.id, { onDelete: 'cascade' }),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
});

/**
 * Alerts to send, written in the same transaction as the incident change that causes them (an
 * outbox), so an alert is never lost nor sent twice when a process dies.
 */
export const alertOutbox = pgTable(
  'alert_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    at: tz('at').notNull(),
    createdAt: createdAt(),
    /** Set when every channel has it (delivered or given up). */
    doneAt: tz('done_at'),
  },
  (t) => [
    uniqueIndex('alert_outbox_incident_kind_idx').on(t.incidentId, t.kind),
    index('alert_outbox_pending_idx').on(t.createdAt).where(sql`done_at is null`),
  ],
);

/** Every attempt to deliver an alert message to a channel. */
export const alertDeliveries = pgTable(
  'alert_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => notificationChannels.id, { onDelete: 'cascade' }),
    /** The outbox rows this message carried (grouped alerts carry several). */
    outboxIds: jsonb('outbox_ids').$type<number[]>().notNull(),
    kind: text('kind').notNull(),
    attempt: integer('attempt').notNull(),
    status: text('status').notNull(),
    httpStatus: integer('http_status'),
    error: text('error'),
    payload: jsonb('payload').notNull(),
    at: tz('at').notNull().defaultNow(),
  },
  (t) => [index('alert_deliveries_channel_idx').on(t.channelId, t.at)],
);

// ---------------------------------------------------------------- calendar

/** Non-working days by year: national holidays, cuti bersama and one-off closures. */
export const calendarDays = pgTable(
  'calendar_days',
  {
    date: date('date', { mode: 'string' }).notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    year: integer('year').notNull(),
  },
  (t) => [uniqueIndex('calendar_days_date_kind_idx').on(t.date, t.kind), index('calendar_days_year_idx').on(t.year)],
);

/**
 * One row per change of a rule that judges timeliness (an SLA target, a routing rule, a calendar
 * day, an upload schedule), so a verdict can say which rules judged it: complaints and upload
 * records keep the id in force when they were judged (issue 15, "rule changes and time").
 */
export const ruleVersions = pgTable(
  'rule_versions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: tz('at').notNull().defaultNow(),
    /** 'sla' | 'routing' | 'calendar' | 'schedule' | 'opd' */
    kind: text('kind').notNull(),
    /** What changed: a category code, a rule id, a date, a dataset id. */
    target: text('target'),
    actor: text('actor').notNull(),
    /** Plain words for a report ("SLA Jalan rusak: penyelesaian 5 -> 7 hari kerja"). */
    summary: text('summary').notNull(),
  },
  (t) => [index('rule_versions_at_idx').on(t.at)],
);

// ---------------------------------------------------------------- pipeline bookkeeping and audit

/**
 * One row per ingested batch once its events are in Postgres. `effects` is what the batch did to
 * the live state, so a processor that crashed before updating Redis can replay exactly that.
 */
export const ingestBatches = pgTable('ingest_batches', {
  batchId: text('batch_id').primaryKey(),
  stream: text('stream').notNull(),
  source: text('source').notNull(),
  eventCount: integer('event_count').notNull(),
  receivedAt: tz('received_at').notNull(),
  processedAt: tz('processed_at').notNull().defaultNow(),
  effects: jsonb('effects').notNull(),
});

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: tz('at').notNull().defaultNow(),
    actor: text('actor').notNull(),
    actorRoles: jsonb('actor_roles').$type<string[]>(),
    ip: text('ip'),
    action: text('action').notNull(),
    target: text('target'),
    before: jsonb('before'),
    after: jsonb('after'),
    userAgent: text('user_agent'),
  },
  // Append-only: migration 0001 adds a trigger that rejects UPDATE, DELETE and TRUNCATE.
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_action_idx').on(t.action), index('audit_log_actor_idx').on(t.actor, t.at)],
);

// ---------------------------------------------------------------- access control (issue #4)
// People log in with a password (argon2id) and get a session; wall screens are paired with a
// display token and keep a device cookie. Secrets are stored only as hashes (sha256 for the long
// random ones, argon2id for passwords). See server/auth/.

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Lower case, letters/digits/._- (server/auth/account-rules.ts). */
  username: text('username').notNull().unique(),
  displayName: text('display_name'),
  passwordHash: text('password_hash').notNull(),
  /** Any of wall, pimpinan, teknisi, operator, admin (server/auth/roles.ts). */
  roles: jsonb('roles').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  /** Set for OPD-scoped users: they see their own OPD's details only. */
  opdCode: text('opd_code').references(() => opd.code),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: tz('updated_at').notNull().defaultNow(),
  passwordChangedAt: tz('password_changed_at').notNull().defaultNow(),
  lastLoginAt: tz('last_login_at'),
});

export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** sha256 of the cookie value: a copy of this table does not let anyone log in. */
    tokenHash: text('token_hash').notNull().unique(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: tz('expires_at').notNull(),
    lastSeenAt: tz('last_seen_at').notNull().defaultNow(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    revokedAt: tz('revoked_at'),
    /** Why it was revoked: `logout`, `replaced` (a new login in that browser), `account_changed`, `password_changed`. */
    revokedReason: text('revoked_reason'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Read-only tokens for wall screens. A token with a screen name pairs one screen only. */
export const displayTokens = pgTable('display_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  tokenHash: text('token_hash').notNull().unique(),
  tokenPrefix: text('token_prefix').notNull(),
  label: text('label').notNull(),
  screenName: text('screen_name'),
  createdBy: text('created_by'),
  createdAt: createdAt(),
  lastUsedAt: tz('last_used_at'),
  revokedAt: tz('revoked_at'),
});

/** A screen paired by opening /wall?token=...; it keeps a long-lived HTTP-only device cookie. */
export const displayDevices = pgTable(
  'display_devices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenId: uuid('token_id')
      .notNull()
      .references(() => displayTokens.id, { onDelete: 'cascade' }),
    secretHash: text('secret_hash').notNull().unique(),
    pairedAt: tz('paired_at').notNull().defaultNow(),
    lastSeenAt: tz('last_seen_at'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    revokedAt: tz('revoked_at'),
  },
  (t) => [index('display_devices_token_idx').on(t.tokenId)],
);
