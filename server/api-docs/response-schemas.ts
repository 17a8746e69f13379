// What Pantau answers, as JSON Schema 2020-12 (components/schemas of the OpenAPI document).
// Request bodies come from the zod schemas the routes validate with; answers are built by
// TypeScript functions (views, reports), so their shapes are written here once, and
// tests/integration/api-docs.test.ts checks real answers of every operation against them.
import { ROLES } from '../auth/roles.ts';
import { COMPLAINT_STATUSES, MONITOR_STATES, PRIVACY_LEVELS } from '../../shared/domain-constants.ts';
import { SESSION_END_REASONS } from '../../shared/auth-api.ts';

export type JsonSchema = Record<string, unknown>;

export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const str: JsonSchema = { type: 'string' };
const nstr: JsonSchema = { type: ['string', 'null'] };
const int: JsonSchema = { type: 'integer' };
const num: JsonSchema = { type: 'number' };
const nnum: JsonSchema = { type: ['number', 'null'] };
const bool: JsonSchema = { type: 'boolean' };
const time: JsonSchema = { type: 'string', format: 'date-time' };
const ntime: JsonSchema = { type: ['string', 'null'], format: 'date-time' };
const uuid: JsonSchema = { type: 'string', format: 'uuid' };
const anyJson: JsonSchema = {};
const arr = (items: JsonSchema): JsonSchema => ({ type: 'array', items });
const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });
const describe = (description: string, schema: JsonSchema): JsonSchema => ({ ...schema, description });

/** An object whose properties are all present, except the `optional` ones. Extra fields may come. */
export function obj(properties: Record<string, JsonSchema>, optional: readonly string[] = []): JsonSchema {
  const required = Object.keys(properties).filter((k) => !optional.includes(k));
  return { type: 'object', properties, ...(required.length ? { required } : {}) };
}

const codeName = obj({ code: str, name: str });
const roles = arr({ type: 'string', enum: [...ROLES] });

export const responseSchemas: Record<string, JsonSchema> = {
  LocalizedText: describe('The same message in Bahasa Indonesia (`id`) and English (`en`).', obj({ id: str, en: str })),
  FieldError: describe(
    'One problem with one field. For ingest, `index` is the position of the event in `events` (null for the request as a whole).',
    obj({ index: { type: ['integer', 'null'] }, field: str, message: str }, ['index']),
  ),
  Error: describe(
    'Every refusal. `error` is a stable code (e.g. `validation_failed`, `invalid_json`, `unauthorized`, `forbidden`, `csrf`, `not_found`, `conflict`, `rate_limited`, `payload_too_large`, `unsupported_media_type`, `unavailable`, `busy`, `internal_error`); `message` is for people: one string (Indonesian, or both languages, or English with `Accept-Language: en` where the endpoint says so) or `{id, en}`; `errors` lists every bad field at once. Never a stack trace.',
    obj(
      {
        error: str,
        message: { anyOf: [str, ref('LocalizedText')] },
        errors: arr(ref('FieldError')),
        reason: describe('401 only, and only to the holder of the session cookie: why that session ended.', { type: 'string', enum: [...SESSION_END_REASONS] }),
      },
      ['errors', 'reason'],
    ),
  ),
  PushAnswer: describe('Uptime Kuma\'s answer shape: `ok`, and `msg` when not ok.', obj({ ok: bool, msg: str }, ['msg'])),
  Health: obj({ status: { const: 'ok' } }),
  Readiness: obj({
    status: describe('`ready`; `degraded` while PostgreSQL is away (ingest keeps accepting, events wait in Redis); `not_ready` without Redis or the live state.', {
      type: 'string',
      enum: ['ready', 'degraded', 'not_ready'],
    }),
    checks: obj({ database: bool, redis: bool, liveState: bool }),
  }),
  IngestAccepted: obj({ accepted: describe('Events in the batch, all stored.', int), batchId: str }),

  User: obj({
    id: uuid,
    username: str,
    displayName: nstr,
    roles,
    opd: describe('Set for OPD-scoped users: they see their own OPD only.', nstr),
    active: bool,
    createdAt: time,
    lastLoginAt: ntime,
    passwordChangedAt: time,
  }),
  LoginAnswer: obj({ user: ref('User'), expiresAt: time }),
  Me: {
    oneOf: [
      obj({ kind: { const: 'user' }, username: str, roles, opd: nstr, expiresAt: time }),
      obj({ kind: { const: 'display' }, roles, label: str, screenName: nstr, paired: bool }),
    ],
  },

  ReferenceData: obj({
    city: obj({ name: str, code: str, timezone: str, bbox: { type: 'array', items: num, minItems: 4, maxItems: 4 } }),
    opd: arr(obj({ code: str, name: str, shortName: describe('For where the full name does not fit (walls); null when the name is short.', nstr), kind: str })),
    externalBodies: arr(codeName),
    kecamatan: arr(obj({ code: str, name: str, population: { type: ['integer', 'null'] }, areaKm2: nnum })),
    categories: arr(obj({ code: str, name: str, nameEn: describe('English name; null where the Indonesian one is used in English too.', nstr), opd: nstr, external: nstr, emergency: bool, group: str })),
    channels: arr(obj({ code: str, name: str, nameEn: nstr })),
  }),
  KecamatanGeoJson: obj({
    type: { const: 'FeatureCollection' },
    features: arr(obj({ type: { const: 'Feature' }, properties: codeName, geometry: obj({ type: str, coordinates: { type: 'array' } }) })),
  }),

  KelurahanGeoJson: obj({
    type: { const: 'FeatureCollection' },
    features: arr(obj({ type: { const: 'Feature' }, properties: obj({ code: str, name: str, kecamatan: str }), geometry: obj({ type: str, coordinates: { type: 'array' } }) })),
  }),

  RateWithCounts: describe(
    'A rate always comes with its counts; `rate` is null below the minimum count ("data belum cukup").',
    obj({ numerator: num, denominator: num, rate: nnum }),
  ),
  ReportPeriod: obj({ from: time, to: time, asOf: time }),
  OpdTimelinessRow: obj({
    opd: codeName,
    complaints: describe(
      'On time % = closed on time / (closed + still open and overdue), with medians, backlogs and misroutes (see `definitions`).',
      obj({ received: int, onTime: obj({ rate: ref('RateWithCounts') }), openBacklog: int, overdueBacklog: int }),
    ),
    uploads: describe('Due periods in the range: on time, late, missing, pending.', obj({ onTimeRate: ref('RateWithCounts') })),
    services: describe('Services owned, up, down, availability.', obj({ owned: int, availability: { type: 'object' } })),
  }),
  TimelinessReport: obj({
    period: ref('ReportPeriod'),
    minCount: int,
    definitions: describe('Each figure\'s formula in both languages.', { type: 'object', additionalProperties: ref('LocalizedText') }),
    opd: arr(ref('OpdTimelinessRow')),
    city: describe('The citizen\'s clock (from submission) for the whole city.', { type: 'object' }),
    kecamatan: arr({ type: 'object' }),
    misrouting: obj({ byCategory: arr({ type: 'object' }), byDispatcher: arr({ type: 'object' }) }),
    ranking: obj({
      complaints: arr(obj({ rank: int, opd: str, rate: ref('RateWithCounts') })),
      uploads: arr(obj({ rank: int, opd: str, rate: ref('RateWithCounts') })),
    }),
    notRanked: obj({ complaints: arr(str), uploads: arr(str) }),
  }),
  OpdTimeliness: describe(
    'One OPD over the period, with the complaint ids behind each number (`complaints.explain`).',
    obj({ period: ref('ReportPeriod'), minCount: int, definitions: { type: 'object' }, opd: codeName, complaints: { type: 'object' }, uploads: { type: 'object' }, services: { type: 'object' } }),
  ),

  ComplaintDetail: obj({
    id: uuid,
    source: str,
    externalId: str,
    channel: str,
    category: str,
    privacy: { type: 'string', enum: [...PRIVACY_LEVELS] },
    status: { type: 'string', enum: [...COMPLAINT_STATUSES] },
    statusAt: time,
    submittedAt: time,
    title: nstr,
    text: describe('Null for a secret complaint unless the reader is an operator or admin.', nstr),
    location: nullable(obj({ lat: num, lon: num })),
    kecamatan: nstr,
    kelurahan: nstr,
    opd: nstr,
    suggestedOpd: nstr,
    duplicateOf: nstr,
    emergency: bool,
    clocks: obj({ dispatchDueAt: ntime, triagedAt: ntime, responseDueAt: ntime, firstResponseAt: ntime, resolutionDueAt: ntime, resolvedAt: ntime }),
    history: arr(obj({ status: str, at: time, actor: nstr, note: nstr, opd: nstr, reason: nstr, origin: str })),
    assignments: arr(obj({ opd: str, kind: str, dispatchedAt: time, dispatchedBy: nstr, endedAt: ntime, endedBy: nstr, resolvedAt: ntime, live: bool })),
  }),
  ComplaintReporter: obj({
    complaintId: uuid,
    reporter: describe('Null when the channel sent no reporter.', nullable(obj({ name: nstr, phone: nstr, email: nstr, nik: nstr }))),
  }),
  TransitionAnswer: obj({
    complaint: obj({ id: uuid, status: { type: 'string', enum: [...COMPLAINT_STATUSES] }, opd: nstr, version: int }),
    action: describe('What the audit trail calls it, e.g. `complaint.verify`, `complaint.dispatch`, `complaint.reroute`.', str),
  }),

  Incident: obj({
    id: uuid,
    monitor: obj({ code: str, name: str, opd: codeName, target: nstr }),
    status: { type: 'string', enum: ['open', 'acknowledged', 'resolved'] },
    openedAt: time,
    acknowledgedAt: ntime,
    acknowledgedBy: nstr,
    ackNote: nstr,
    resolvedAt: ntime,
    resolvedBy: nstr,
    escalatedAt: ntime,
    timeline: arr(obj({ at: time, kind: str, actor: nstr, note: nstr })),
  }),
  Availability: obj({ percent: nnum, upMs: num, downMs: num, maintenanceMs: num }),
  MonitorSummary: obj({
    code: str,
    name: str,
    opd: codeName,
    kind: { type: 'string', enum: ['http', 'tcp', 'push'] },
    target: nstr,
    state: { type: 'string', enum: [...MONITOR_STATES] },
    since: ntime,
    lastCheckAt: ntime,
    latencyMs: nnum,
    availability24h: nnum,
  }),
  MaintenanceWindowView: obj({
    id: uuid,
    monitorCode: nstr,
    opdCode: nstr,
    window: ref('MaintenanceWindow'),
    note: nstr,
    createdBy: nstr,
    createdAt: time,
    activeNow: bool,
  }),
  MonitorDetail: obj({
    monitor: {
      allOf: [ref('MonitorSummary'), obj({ intervalSeconds: int, timeoutMs: int, failuresToDown: int, successesToUp: int, tags: arr(str) })],
    },
    availability: obj({ h24: ref('Availability'), d7: ref('Availability'), d30: ref('Availability') }),
    latency: obj({ count: int, p50: nnum, p95: nnum, p99: nnum }),
    checks: arr(obj({ at: time, status: { type: 'string', enum: ['up', 'down'] }, latencyMs: nnum, statusCode: { type: ['integer', 'null'] }, message: nstr })),
    responseTimes: arr(obj({ t: time, latencyMs: nnum, down: int })),
    incidents: arr(ref('Incident')),
    maintenance: arr(ref('MaintenanceWindowView')),
  }),

  DisplayDevice: obj({ id: uuid, pairedAt: time, lastSeenAt: ntime, ip: nstr, userAgent: nstr, revokedAt: ntime }),
  DisplayToken: obj({
    id: uuid,
    prefix: describe('The first characters of the token, to recognise it; the token itself is shown once.', str),
    label: str,
    screenName: describe('Set when the token pairs one named screen only.', nstr),
    createdBy: nstr,
    createdAt: time,
    lastUsedAt: ntime,
    revokedAt: ntime,
    devices: arr(ref('DisplayDevice')),
  }),
  ApiKey: obj({
    id: uuid,
    source: str,
    prefix: str,
    label: nstr,
    createdAt: time,
    createdBy: nstr,
    lastUsedAt: ntime,
    revokedAt: describe('When it stopped (or, after a rotation with a grace period, will stop) working.', ntime),
    rateLimitPerMinute: { type: ['integer', 'null'] },
  }),
  Source: obj({ code: str, name: str, createdAt: time, keys: arr(ref('ApiKey')) }),
  AuditEntry: obj({
    id: int,
    at: time,
    actor: str,
    actorRoles: nullable(arr(str)),
    ip: nstr,
    userAgent: nstr,
    action: str,
    target: nstr,
    before: describe('The record before the change (never a password, hash, token or key).', anyJson),
    after: anyJson,
  }),
  AdminMonitor: obj(
    {
      id: uuid,
      code: str,
      name: str,
      opdCode: str,
      kind: { type: 'string', enum: ['http', 'tcp', 'push'] },
      target: nstr,
      intervalSeconds: int,
      timeoutMs: int,
      failuresToDown: int,
      successesToUp: int,
      config: { type: 'object' },
      tags: arr(str),
      active: bool,
      state: str,
      stateSince: ntime,
      lastCheckAt: ntime,
      lastLatencyMs: nnum,
      version: int,
      createdAt: time,
      pushUrlSet: describe('In lists: whether the monitor has a push URL (the URL itself is shown once, at creation).', bool),
    },
    ['pushUrlSet'],
  ),
  NotificationChannel: obj({
    id: uuid,
    name: str,
    kind: { type: 'string', enum: ['webhook', 'telegram'] },
    config: describe('As given, except a Telegram bot token, of which only the start is shown.', { type: 'object' }),
    opd: nstr,
    monitor: nstr,
    active: bool,
    createdAt: time,
  }),
};
