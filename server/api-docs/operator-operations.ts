// /api/v1/operator: the operators' queue and actions, and the admin API of each source's status
// webhook (issue 14). Types: shared/operator-api.ts; answers' shapes below are checked against
// real answers by tests/integration/api-docs.test.ts.
import { COMPLAINT_STATUSES, MEDIA_KINDS, PRIVACY_LEVELS } from '../../shared/domain-constants.ts';
import { ACCESS } from '../auth/roles.ts';
import { webhookBody } from '../admin/source-webhook-routes.ts';
import { dispatchBody, handBackBody, mergeBody, progressBody, rejectBody, resolveBody, takeBody } from '../operators/operator-routes.ts';
import { QUEUE_STATES } from '../operators/operator-queue.ts';
import type { Operation } from './operation.ts';
import { obj, ref, type JsonSchema } from './response-schemas.ts';

const str: JsonSchema = { type: 'string' };
const nstr: JsonSchema = { type: ['string', 'null'] };
const int: JsonSchema = { type: 'integer' };
const nint: JsonSchema = { type: ['integer', 'null'] };
const num: JsonSchema = { type: 'number' };
const nnum: JsonSchema = { type: ['number', 'null'] };
const bool: JsonSchema = { type: 'boolean' };
const time: JsonSchema = { type: 'string', format: 'date-time' };
const ntime: JsonSchema = { type: ['string', 'null'], format: 'date-time' };
const uuid: JsonSchema = { type: 'string', format: 'uuid' };
const arr = (items: JsonSchema): JsonSchema => ({ type: 'array', items });
const nullable = (schema: JsonSchema): JsonSchema => ({ anyOf: [schema, { type: 'null' }] });
const status: JsonSchema = { type: 'string', enum: [...COMPLAINT_STATUSES] };
const codeName = ref('CodeName');
const ncodeName = nullable(ref('CodeName'));
const actorAt = obj({ actor: nstr, at: time, status });

export const operatorSchemas: Record<string, JsonSchema> = {
  CodeName: obj({ code: str, name: str }),
  TakenBy: obj({ username: str, displayName: nstr, since: time, expiresAt: time }),
  RoutingSuggestion: obj({
    target: codeName,
    external: { ...bool, description: 'The target is an external body: the one-tap action is a rejection to it.' },
    ruleId: str,
    basis: { ...arr({ type: 'string', enum: ['category', 'area', 'keyword'] }), description: 'Which conditions of the matching rule held.' },
    matchedKeywords: arr(str),
    matchedKecamatan: nstr,
    explanation: ref('LocalizedText'),
  }),
  QueueItem: obj({
    id: uuid,
    version: { ...int, description: 'Send it back with every action: a changed complaint is refused (409 `stale_version`).' },
    source: str,
    externalId: str,
    channel: codeName,
    category: codeName,
    kecamatan: ncodeName,
    kelurahan: ncodeName,
    status,
    state: { type: 'string', enum: [...QUEUE_STATES] },
    privacy: { type: 'string', enum: [...PRIVACY_LEVELS] },
    submittedAt: time,
    title: nstr,
    text: nstr,
    location: nullable(obj({ lat: num, lon: num })),
    media: arr(obj({ url: str, kind: { type: ['string', 'null'], enum: [...MEDIA_KINDS, null] } })),
    opd: ncodeName,
    clock: obj({ dueAt: ntime, msLeft: nnum, overdue: bool, resolutionDueAt: ntime, emergency: bool }),
    suggestion: nullable(ref('RoutingSuggestion')),
    handedBack: nullable(obj({ opd: ncodeName, reason: nstr, by: nstr, at: time })),
    lastChange: actorAt,
    takenBy: nullable(ref('TakenBy')),
  }),
  OperatorQueue: obj({
    view: { type: 'string', enum: ['command_center', 'opd'] },
    opd: ncodeName,
    total: int,
    counts: obj(Object.fromEntries(QUEUE_STATES.map((s) => [s, int]))),
    items: arr(ref('QueueItem')),
    asOf: time,
  }),
  OperatorReference: obj({
    opd: arr(obj({ code: str, name: str, shortName: nstr })),
    externalBodies: arr(codeName),
    duplicateDefaults: obj({ km: num, days: num }),
    takeTtlSeconds: int,
  }),
  TakeAnswer: obj({ complaintId: uuid, takenBy: ref('TakenBy') }),
  TakenConflict: obj({ error: { const: 'taken' }, message: ref('LocalizedText'), takenBy: ref('TakenBy') }),
  OperatorActionAnswer: obj({
    complaint: obj({ id: uuid, status, opd: nstr, version: int }),
    action: str,
    routingCorrection: bool,
    misroute: nullable(obj({ fromOpd: nstr, misroutedBy: nstr })),
  }),
  OperatorConflict: obj({
    error: { ...str, description: '`stale_version` (changed since `version`), `merge_target_closed`, `not_with_opd`, or a lifecycle code such as `illegal_transition`.' },
    message: ref('LocalizedText'),
    current: obj({ id: uuid, status, opd: nstr, version: int }, ['id']),
    lastChange: actorAt,
  }),
  DuplicateCandidates: obj({
    complaintId: uuid,
    search: obj({ km: num, days: num }),
    candidates: arr(
      obj({
        id: uuid,
        version: int,
        channel: codeName,
        status,
        opd: ncodeName,
        submittedAt: time,
        distanceKm: nnum,
        kecamatan: ncodeName,
        kelurahan: ncodeName,
        title: nstr,
        text: nstr,
      }),
    ),
  }),
  SourceWebhook: obj({ source: str, url: str, active: bool, secretPrefix: str, createdAt: time, updatedAt: time, updatedBy: nstr }),
  SourceWebhookAnswer: obj({ webhook: ref('SourceWebhook'), secret: { ...str, description: 'Only when generated: shown this once.' }, note: str }, ['secret', 'note']),
  WebhookDeliveries: obj({
    deliveries: arr(
      obj({
        idempotencyKey: str,
        complaintId: uuid,
        externalId: str,
        status,
        createdAt: time,
        state: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
        nextAttemptAt: ntime,
        deliveredAt: ntime,
        attempts: arr(obj({ attempt: int, at: time, httpStatus: nint, error: nstr, durationMs: int })),
      }),
    ),
  }),
};

const operators = { kind: 'roles' as const, roles: ACCESS['complaint:act'] };
const admin = { kind: 'roles' as const, roles: ['admin'] as const };
const id = { id: { description: 'Complaint id.', schema: { type: 'string', format: 'uuid' } } };
const conflict = { description: 'Changed since `version` (who acted and when in `lastChange`), or not possible in this state.', schema: 'OperatorConflict' };
const done = { description: 'Done, audited, pushed live; the status webhook is queued for the source.', schema: 'OperatorActionAnswer' };
const op = (o: Omit<Operation, 'tag' | 'access'>): Operation => ({ tag: 'operator', access: operators, ...o });

export const operatorOperations: Operation[] = [
  op({
    method: 'get',
    path: '/api/v1/operator/queue',
    operationId: 'operator_queue',
    summary: 'The queue: waiting complaints (command center) or the OPD\'s own (OPD staff)',
    description:
      'Command center (operator without an OPD scope): received, verified (incl. handed back) and reopened complaints, nearest verification deadline first, with the routing suggestion and why. OPD staff: their OPD\'s dispatched and in-progress complaints. `counts` per state ignore `state` and `limit`.',
    queryParams: [
      { name: 'channel', description: 'Channel codes, repeated or comma-separated.', schema: { type: 'string' } },
      { name: 'category', description: 'Category codes, repeated or comma-separated.', schema: { type: 'string' } },
      { name: 'kecamatan', description: 'Kecamatan codes, repeated or comma-separated.', schema: { type: 'string' } },
      { name: 'state', description: `Queue states (${QUEUE_STATES.join(', ')}), repeated or comma-separated.`, schema: { type: 'string' } },
      { name: 'limit', description: '1..500, default 200.', schema: { type: 'integer', minimum: 1, maximum: 500 } },
    ],
    responses: { 200: { description: 'The queue.', schema: 'OperatorQueue' }, 400: 'BadRequest' },
  }),
  op({
    method: 'get',
    path: '/api/v1/operator/reference',
    operationId: 'operator_reference',
    summary: 'OPD, external bodies and duplicate search defaults for the pickers',
    responses: { 200: { description: 'Pickers\' data.', schema: 'OperatorReference' } },
  }),
  op({
    method: 'post',
    path: '/api/v1/operator/complaints/:id/take',
    operationId: 'operator_take',
    summary: 'Mark a complaint as opened by me (shown to the other operators live)',
    description: 'Taking again refreshes the mark (it lapses after `takeTtlSeconds`). Held by someone else: 409 unless `force`.',
    params: id,
    body: { name: 'TakeRequest', schema: takeBody, required: false, example: {} },
    responses: { 200: { description: 'Mine now.', schema: 'TakeAnswer' }, 404: 'NotFound', 409: { description: '`taken`: someone else has it open.', schema: 'TakenConflict' } },
  }),
  op({
    method: 'delete',
    path: '/api/v1/operator/complaints/:id/take',
    operationId: 'operator_release',
    summary: 'Release my mark',
    params: id,
    responses: { 204: { description: 'Released (or it was not mine).' }, 404: 'NotFound' },
  }),
  op({
    method: 'get',
    path: '/api/v1/operator/complaints/:id/duplicates',
    operationId: 'operator_duplicates',
    summary: 'Open complaints of the same category near this one (merge candidates)',
    params: id,
    queryParams: [
      { name: 'km', description: 'Distance, default PANTAU_DUPLICATE_KM (0.5).', schema: { type: 'number' } },
      { name: 'days', description: 'Days either side of its submission, default PANTAU_DUPLICATE_DAYS (7).', schema: { type: 'number' } },
    ],
    responses: { 200: { description: 'Nearest first.', schema: 'DuplicateCandidates' }, 400: 'BadRequest', 404: 'NotFound' },
  }),
  op({
    method: 'post',
    path: '/api/v1/operator/complaints/:id/dispatch',
    operationId: 'operator_dispatch',
    summary: 'Verify and dispatch (to the suggestion, or another OPD with a reason); re-route with a reason',
    description:
      'Without `opd`: to the routing suggestion. Another OPD than the suggestion needs `reason` (a routing correction). A complaint an OPD holds (dispatched, in progress) is re-routed: `opd` and `reason` required, counted as a misroute against whoever dispatched it.',
    params: id,
    body: { name: 'DispatchRequest', schema: dispatchBody, example: { version: 1 } },
    responses: { 200: done, 404: 'NotFound', 409: conflict },
  }),
  op({
    method: 'post',
    path: '/api/v1/operator/complaints/:id/reject',
    operationId: 'operator_reject',
    summary: 'Hand a complaint to an external body (PLN, PDAM Tirtanadi, BBPJN, ...) with a reason',
    params: id,
    body: { name: 'RejectRequest', schema: rejectBody, example: { version: 1, externalBody: 'PLN', reason: 'Gangguan listrik kewenangan PLN' } },
    responses: { 200: done, 404: 'NotFound', 409: conflict },
  }),
  op({
    method: 'post',
    path: '/api/v1/operator/complaints/:id/merge',
    operationId: 'operator_merge',
    summary: 'Merge a duplicate into its original (counted once in every number)',
    params: id,
    body: { name: 'MergeRequest', schema: mergeBody },
    responses: { 200: done, 404: 'NotFound', 409: conflict },
  }),
  op({
    method: 'post',
    path: '/api/v1/operator/complaints/:id/progress',
    operationId: 'operator_progress',
    summary: 'OPD: work has started',
    params: id,
    body: { name: 'ProgressRequest', schema: progressBody, example: { version: 2, note: 'Petugas menuju lokasi' } },
    responses: { 200: done, 404: 'NotFound', 409: conflict },
  }),
  op({
    method: 'post',
    path: '/api/v1/operator/complaints/:id/resolve',
    operationId: 'operator_resolve',
    summary: 'OPD: resolved, with a note and optionally a photo link',
    params: id,
    body: { name: 'ResolveRequest', schema: resolveBody, example: { version: 3, note: 'Sampah sudah diangkut', photoUrl: 'https://dlh.example/foto/1.jpg' } },
    responses: { 200: done, 404: 'NotFound', 409: conflict },
  }),
  op({
    method: 'post',
    path: '/api/v1/operator/complaints/:id/hand-back',
    operationId: 'operator_hand_back',
    summary: 'OPD: not ours; back to the command center\'s queue with a reason (counted)',
    params: id,
    body: { name: 'HandBackRequest', schema: handBackBody, example: { version: 2, reason: 'Lokasi di luar wilayah kerja kami' } },
    responses: { 200: done, 404: 'NotFound', 409: conflict },
  }),
  {
    method: 'get',
    path: '/api/v1/admin/sources/:code/webhook',
    operationId: 'admin_source_webhook',
    tag: 'admin',
    access: admin,
    summary: 'A source\'s status webhook',
    params: { code: { description: 'Source code, e.g. `mrk`.' } },
    responses: { 200: { description: 'Configured.', schema: { type: 'object', required: ['webhook'], properties: { webhook: ref('SourceWebhook') } } }, 404: 'NotFound' },
  },
  {
    method: 'put',
    path: '/api/v1/admin/sources/:code/webhook',
    operationId: 'admin_source_webhook_set',
    tag: 'admin',
    access: admin,
    summary: 'Set a source\'s status webhook (URL, secret)',
    description:
      'Every status change made in Pantau to one of the source\'s complaints is POSTed to `url`, signed: `X-Pantau-Signature: sha256=<hex HMAC-SHA256 of the raw body with the secret>`, with `X-Pantau-Idempotency-Key` (apply each key once: a retry or a resend after a crash carries the same one). Without `secret`, one is generated the first time (or with `rotateSecret`) and shown once.',
    params: { code: { description: 'Source code, e.g. `mrk`.' } },
    body: { name: 'SourceWebhookRequest', schema: webhookBody, example: { url: 'https://mrk.example/pantau-status' } },
    responses: { 200: { description: 'Saved and audited.', schema: 'SourceWebhookAnswer' }, 404: 'NotFound' },
  },
  {
    method: 'delete',
    path: '/api/v1/admin/sources/:code/webhook',
    operationId: 'admin_source_webhook_delete',
    tag: 'admin',
    access: admin,
    summary: 'Stop sending status webhooks to a source',
    params: { code: { description: 'Source code, e.g. `mrk`.' } },
    responses: { 204: { description: 'Removed and audited.' }, 404: 'NotFound' },
  },
  {
    method: 'get',
    path: '/api/v1/admin/sources/:code/webhook/deliveries',
    operationId: 'admin_source_webhook_deliveries',
    tag: 'admin',
    access: admin,
    summary: 'Status webhooks to a source and every attempt to deliver them (newest first)',
    params: { code: { description: 'Source code, e.g. `mrk`.' } },
    queryParams: [{ name: 'limit', description: '1..500, default 50.', schema: { type: 'integer', minimum: 1, maximum: 500 } }],
    responses: { 200: { description: 'Messages with their attempts.', schema: 'WebhookDeliveries' }, 404: 'NotFound' },
  },
];
