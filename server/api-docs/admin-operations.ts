// /api/v1/admin: users, display tokens and screens, ingest sources and keys, monitors, alert
// channels, the audit trail. Admins only; every change is audited with before and after.
import type { z } from 'zod';
import { auditQuery, emptyBody, keyChangesBody, newDisplayTokenBody, newKeyBody, newSourceBody, newUserBody, rotateKeyBody, userChangesBody } from '../admin/admin-rules.ts';
import { channelBody, channelChangesBody, monitorChangesBody, newMonitorBody } from '../admin/monitor-routes.ts';
import { discardBody } from '../admin/dead-letter-routes.ts';
import { httpCheckConfigSchema, pushConfigSchema } from '../prober/monitor-config.ts';
import { telegramConfigSchema, webhookConfigSchema } from '../alerting/alert-channels.ts';
import type { Answer, Operation } from './operation.ts';

const admin = { kind: 'roles' as const, roles: ['admin'] as const };
const uuidParam = (what: string) => ({ description: `${what} id.`, schema: { type: 'string', format: 'uuid' } });
const wrapped = (description: string, fields: Record<string, string | Record<string, unknown>>, optional: string[] = []): Answer => ({
  description,
  schema: {
    type: 'object',
    required: Object.keys(fields).filter((f) => !optional.includes(f)),
    properties: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? { $ref: `#/components/schemas/${v}` } : v])),
  },
});
const listOf = (name: string) => ({ type: 'array', items: { $ref: `#/components/schemas/${name}` } });
const shownOnce = { type: 'string', description: 'Shown this once; only its hash is stored.' };
const note = { type: 'string' };
const words = { type: 'object', required: ['id', 'en'], properties: { id: { type: 'string' }, en: { type: 'string' } } };
const deadLetterId = { description: 'Dead-letter stream entry id (`<ms>-<seq>`).', schema: { type: 'string' } };
const deadLetterSummary = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['complaints', 'uploads', 'heartbeats'] },
    at: { type: 'string', format: 'date-time' },
    receivedAt: { type: 'string', format: 'date-time' },
    batchId: { type: 'string' },
    source: { type: 'string' },
    eventCount: { type: 'integer' },
    reason: { type: 'string', description: 'First line of the error.' },
  },
};

/** Schemas the admin API checks after the body's own (a monitor's or channel's `config`, by kind). */
export const adminComponents: Record<string, z.ZodType> = {
  HttpCheckConfig: httpCheckConfigSchema,
  PushMonitorConfig: pushConfigSchema,
  WebhookChannelConfig: webhookConfigSchema,
  TelegramChannelConfig: telegramConfigSchema,
};

const op = (o: Omit<Operation, 'tag' | 'access'>): Operation => ({ tag: 'admin', access: admin, ...o });

export const adminOperations: Operation[] = [
  op({
    method: 'get',
    path: '/api/v1/admin/users',
    operationId: 'admin_users',
    summary: 'List users',
    responses: { 200: wrapped('Every user (deactivated ones too).', { users: listOf('User') }) },
  }),
  op({
    method: 'post',
    path: '/api/v1/admin/users',
    operationId: 'admin_user_create',
    summary: 'Create a user',
    description: 'Passwords: 12 characters or more, not containing the username; stored with argon2id.',
    body: { name: 'NewUser', schema: newUserBody, example: { username: 'siti.aminah', displayName: 'Siti Aminah', password: 'sebuah-kata-sandi-panjang', roles: ['operator'], opd: 'DLH' } },
    responses: {
      201: wrapped('Created.', { user: 'User' }),
      400: { description: '`validation_failed` or `weak_password` (reasons in `errors`), or `invalid_json`.', schema: 'Error' },
      409: 'Conflict',
    },
  }),
  op({
    method: 'patch',
    path: '/api/v1/admin/users/:id',
    operationId: 'admin_user_update',
    summary: 'Change roles, OPD, password, name; deactivate',
    description: 'A change of roles, OPD, password or activity ends the user\'s sessions at once. Users are never deleted (the audit trail names them).',
    params: { id: uuidParam('User') },
    body: { name: 'UserChanges', schema: userChangesBody },
    responses: {
      200: wrapped('Changed.', { user: 'User' }),
      400: { description: '`validation_failed` (also for an empty change) or `weak_password`, or `invalid_json`.', schema: 'Error' },
      404: 'NotFound',
      409: { description: '`last_admin`: at least one active admin must remain.', schema: 'Error' },
    },
  }),
  op({
    method: 'get',
    path: '/api/v1/admin/display-tokens',
    operationId: 'admin_display_tokens',
    summary: 'List wall display tokens and their paired screens',
    responses: { 200: wrapped('Tokens (never the token itself).', { displayTokens: listOf('DisplayToken') }) },
  }),
  op({
    method: 'post',
    path: '/api/v1/admin/display-tokens',
    operationId: 'admin_display_token_create',
    summary: 'Issue a display token for wall screens',
    description: 'Open the returned `wallUrl` once on the screen to pair it. A token with `screenName` pairs that one screen only.',
    body: { name: 'NewDisplayToken', schema: newDisplayTokenBody, example: { label: 'Videotron lobi' } },
    responses: { 201: wrapped('Issued.', { displayToken: 'DisplayToken', token: shownOnce, wallUrl: { type: 'string', description: 'The wall address with the token, for pairing.' }, note }) },
  }),
  op({
    method: 'post',
    path: '/api/v1/admin/display-tokens/:id/revoke',
    operationId: 'admin_display_token_revoke',
    summary: 'Revoke a display token (its screens disconnect within a second)',
    params: { id: uuidParam('Display token') },
    body: { name: 'NoFields', schema: emptyBody, required: false },
    responses: { 200: wrapped('Revoked.', { displayToken: 'DisplayToken' }), 404: 'NotFound' },
  }),
  op({
    method: 'post',
    path: '/api/v1/admin/display-devices/:id/revoke',
    operationId: 'admin_display_device_revoke',
    summary: 'Unpair one screen (it disconnects within a second)',
    params: { id: uuidParam('Paired screen') },
    body: { name: 'NoFields', schema: emptyBody, required: false },
    responses: { 200: wrapped('Unpaired.', { device: 'DisplayDevice' }), 404: 'NotFound' },
  }),
  op({
    method: 'get',
    path: '/api/v1/admin/sources',
    operationId: 'admin_sources',
    summary: 'List ingest sources and their API keys',
    responses: { 200: wrapped('Sources with their keys (prefix, creation, last use, revocation).', { sources: listOf('Source') }) },
  }),
  op({
    method: 'post',
    path: '/api/v1/admin/sources',
    operationId: 'admin_source_create',
    summary: 'Register an ingest source',
    body: { name: 'NewSource', schema: newSourceBody, example: { code: 'mrk', name: 'Medan Rumah Kita' } },
    responses: { 201: wrapped('Registered.', { source: 'Source' }), 409: 'Conflict' },
  }),
  op({
    method: 'post',
    path: '/api/v1/admin/sources/:code/keys',
    operationId: 'admin_api_key_create',
    summary: 'Issue an API key for a source',
    params: { code: { description: 'Source code, e.g. `mrk`.' } },
    body: { name: 'NewApiKey', schema: newKeyBody, required: false, example: { label: 'server MRK', rateLimitPerMinute: 6000 } },
    responses: { 201: wrapped('Issued.', { apiKey: 'ApiKey', key: shownOnce, note }), 404: 'NotFound' },
  }),
  op({
    method: 'post',
    path: '/api/v1/admin/api-keys/:id/rotate',
    operationId: 'admin_api_key_rotate',
    summary: 'Rotate an API key (the old one keeps working for graceSeconds)',
    params: { id: uuidParam('API key') },
    body: { name: 'RotateApiKey', schema: rotateKeyBody, required: false, example: { graceSeconds: 86400 } },
    responses: {
      201: wrapped('The new key; the old one ends after the grace period.', { apiKey: 'ApiKey', key: shownOnce, previous: { anyOf: [{ $ref: '#/components/schemas/ApiKey' }, { type: 'null' }] }, note }),
      404: 'NotFound',
    },
  }),
  op({
    method: 'post',
    path: '/api/v1/admin/api-keys/:id/revoke',
    operationId: 'admin_api_key_revoke',
    summary: 'Revoke an API key (at once, on every node)',
    params: { id: uuidParam('API key') },
    body: { name: 'NoFields', schema: emptyBody, required: false },
    responses: { 200: wrapped('Revoked.', { apiKey: 'ApiKey' }), 404: 'NotFound' },
  }),
  op({
    method: 'patch',
    path: '/api/v1/admin/api-keys/:id',
    operationId: 'admin_api_key_update',
    summary: 'Change an API key\'s label or requests-per-minute limit',
    params: { id: uuidParam('API key') },
    body: { name: 'ApiKeyChanges', schema: keyChangesBody },
    responses: { 200: wrapped('Changed.', { apiKey: 'ApiKey' }), 404: 'NotFound' },
  }),
  op({
    method: 'get',
    path: '/api/v1/admin/audit',
    operationId: 'admin_audit',
    summary: 'Browse the audit trail, newest first',
    description: '`action` exact or a prefix (`auth.*`); `from`/`to` as days (WIB, `to` includes that day) or instants with an offset.',
    query: auditQuery,
    responses: {
      200: wrapped('One page of entries.', { page: { type: 'integer' }, pageSize: { type: 'integer' }, total: { type: 'integer' }, entries: listOf('AuditEntry') }),
      400: 'BadRequest',
    },
  }),
  op({
    method: 'get',
    path: '/api/v1/admin/monitors',
    operationId: 'admin_monitors',
    summary: 'List monitors with their settings',
    responses: { 200: wrapped('Every monitor.', { monitors: listOf('AdminMonitor') }) },
  }),
  op({
    method: 'post',
    path: '/api/v1/admin/monitors',
    operationId: 'admin_monitor_create',
    summary: 'Add an HTTP(S), TCP or push monitor',
    description:
      '`target`: an http(s) URL (http) or host:port (tcp); none for push. `config`: HttpCheckConfig for http (status range, keyword or its absence, latency limit, TLS expiry warning), PushMonitorConfig for push. A push monitor\'s URL is in the answer, once.',
    body: { name: 'NewMonitor', schema: newMonitorBody, example: { code: 'sipandu', kind: 'http', name: 'Sipandu (perizinan)', opd: 'DPMPTSP', target: 'https://sipandu.pemkomedan.go.id/', intervalSeconds: 30 } },
    responses: {
      201: wrapped('Added.', { monitor: 'AdminMonitor', pushUrl: { type: 'string', description: 'Push monitors only: the URL to call, shown once.' }, note }, ['pushUrl', 'note']),
      409: 'Conflict',
    },
  }),
  op({
    method: 'patch',
    path: '/api/v1/admin/monitors/:code',
    operationId: 'admin_monitor_update',
    summary: 'Change a monitor',
    params: { code: { description: 'Monitor code.' } },
    body: { name: 'MonitorChanges', schema: monitorChangesBody },
    responses: { 200: wrapped('Changed.', { monitor: 'AdminMonitor' }), 404: 'NotFound' },
  }),
  op({
    method: 'get',
    path: '/api/v1/admin/notification-channels',
    operationId: 'admin_channels',
    summary: 'List alert channels',
    responses: { 200: wrapped('Every channel (never a bot token).', { channels: listOf('NotificationChannel') }) },
  }),
  op({
    method: 'post',
    path: '/api/v1/admin/notification-channels',
    operationId: 'admin_channel_create',
    summary: 'Add an alert channel: a JSON webhook or a Telegram chat',
    description: 'For all alerts, one OPD\'s (`opd`) or one monitor\'s (`monitor`). `config`: WebhookChannelConfig or TelegramChannelConfig.',
    body: { name: 'NewNotificationChannel', schema: channelBody, example: { name: 'Grup teknisi Diskominfo', kind: 'telegram', config: { botToken: '123456:ABC...', chatId: '-1001234567890' }, opd: 'DISKOMINFO' } },
    responses: { 201: wrapped('Added.', { channel: 'NotificationChannel' }) },
  }),
  op({
    method: 'patch',
    path: '/api/v1/admin/notification-channels/:id',
    operationId: 'admin_channel_update',
    summary: 'Change or switch off an alert channel',
    params: { id: uuidParam('Channel') },
    body: { name: 'NotificationChannelChanges', schema: channelChangesBody },
    responses: { 200: wrapped('Changed.', { channel: 'NotificationChannel' }), 404: 'NotFound' },
  }),
  op({
    method: 'get',
    path: '/api/v1/admin/dead-letters',
    operationId: 'admin_dead_letters',
    summary: 'List batches a processor could not process (dead letters)',
    description: 'Newest first, at most 200 (`total` counts all waiting): kind, when, the first line of the error, event count, source.',
    responses: { 200: wrapped('Dead letters waiting.', { deadLetters: { type: 'array', items: deadLetterSummary }, total: { type: 'integer' } }) },
  }),
  op({
    method: 'get',
    path: '/api/v1/admin/dead-letters/:id',
    operationId: 'admin_dead_letter',
    summary: 'Open one dead letter: its events and the whole error',
    description: 'Reporter identity (name, phone, e-mail, NIK) is replaced by a mark, in the events and in the error text.',
    params: { id: deadLetterId },
    responses: { 200: wrapped('The dead letter.', { deadLetter: { ...deadLetterSummary, properties: { ...deadLetterSummary.properties, reasonFull: { type: 'string' }, events: { type: 'array', items: { type: 'object' } } } } }), 404: 'NotFound' },
  }),
  op({
    method: 'post',
    path: '/api/v1/admin/dead-letters/:id/replay',
    operationId: 'admin_dead_letter_replay',
    summary: 'Send a dead letter back through processing',
    description: 'The batch goes back to its stream under its own batch id; the ledger of processed batches and (source, externalId) uniqueness make it land in PostgreSQL once. A letter is replayed or discarded once: a second try answers 409.',
    params: { id: deadLetterId },
    body: { name: 'NoFields', schema: emptyBody, required: false },
    responses: { 200: wrapped('Sent back.', { replayed: deadLetterSummary, alreadyStored: { type: 'boolean' }, message: words }), 404: 'NotFound', 409: 'Conflict' },
  }),
  op({
    method: 'post',
    path: '/api/v1/admin/dead-letters/:id/discard',
    operationId: 'admin_dead_letter_discard',
    summary: 'Throw a dead letter away, with a reason',
    description: 'The reason (5-500 characters) and what was thrown away (without reporter identity) go into the audit trail.',
    params: { id: deadLetterId },
    body: { name: 'DeadLetterDiscard', schema: discardBody, example: { reason: 'Uji coba sumber lama, datanya sudah dikirim ulang dengan benar.' } },
    responses: { 200: wrapped('Thrown away.', { discarded: deadLetterSummary }), 400: 'BadRequest', 404: 'NotFound', 409: 'Conflict' },
  }),
  op({
    method: 'post',
    path: '/api/v1/admin/monitors/:code/check',
    operationId: 'admin_monitor_check',
    summary: 'Check a monitor now',
    description: 'HTTP and TCP: one check at once, its result (up/down, latency, why in plain words); it does not change the monitor\'s state. Push, or a monitor without an address whose results another source sends: when the last result came (`result.kind: lastReport`).',
    params: { code: { description: 'Monitor code.' } },
    body: { name: 'NoFields', schema: emptyBody, required: false },
    responses: { 200: wrapped('The result.', { code: { type: 'string' }, kind: { type: 'string', enum: ['http', 'tcp', 'push'] }, at: { type: 'string', format: 'date-time' }, result: { type: 'object' } }), 404: 'NotFound' },
  }),
  op({
    method: 'post',
    path: '/api/v1/admin/notification-channels/:id/test',
    operationId: 'admin_channel_test',
    summary: 'Send a test message through an alert channel',
    description: 'One message marked as a test (webhook: `type: "pantau.test"`, `test: true`). The answer says whether it was delivered, or why not.',
    params: { id: uuidParam('Channel') },
    body: { name: 'NoFields', schema: emptyBody, required: false },
    responses: { 200: wrapped('Tried.', { channelId: { type: 'string' }, delivered: { type: 'boolean' }, httpStatus: { type: ['integer', 'null'] }, message: words }), 404: 'NotFound' },
  }),
];
