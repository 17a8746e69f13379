// The ingest API for channel and portal vendors, and the Uptime Kuma-compatible push URL.
// Bodies are the schemas of shared/events.ts, with their working examples.
import { batchSchemas, EVENT_KINDS, ingestExamples, type EventKind } from '../../shared/events.ts';
import { INGEST_LIMITS } from '../../shared/domain-constants.ts';
import type { Answer, Operation } from './operation.ts';
import type { JsonSchema } from './response-schemas.ts';

const titles: Record<EventKind, { summary: string; description: string; batch: string }> = {
  complaints: {
    summary: 'Kirim aduan warga / Send citizen complaints',
    description:
      'New complaints and status updates from a channel (MRK, SP4N-LAPOR!, Mercy, social media desk, call center). ' +
      'Re-sending the same (source, externalId) updates the complaint; an update older than the newest one applied is ignored.',
    batch: 'ComplaintBatch',
  },
  uploads: {
    summary: 'Kirim catatan unggahan data OPD / Send OPD data upload records',
    description: 'One record per upload an OPD made to the data portal: which dataset, which period, when received.',
    batch: 'UploadBatch',
  },
  heartbeats: {
    summary: 'Kirim hasil cek / heartbeat layanan / Send service check results',
    description: 'Results of availability checks, or heartbeats a service sends about itself.',
    batch: 'HeartbeatBatch',
  },
};

const refused = (description: string, retryAfter = false): Answer => ({ description, schema: 'Error', ...(retryAfter ? { headers: { 'Retry-After': 'Seconds to wait before sending the same request again.' } } : {}) });

const ingest = (kind: EventKind): Operation => ({
  method: 'post',
  path: `/api/v1/${kind}`,
  operationId: `post_${kind}`,
  tag: 'ingest',
  summary: titles[kind].summary,
  description: `${titles[kind].description} At most ${INGEST_LIMITS.maxEventsPerBatch} events or ${INGEST_LIMITS.maxBodyBytes} bytes per request. The answer 202 means the whole batch is stored durably; a refused request stores nothing. Messages are in Bahasa Indonesia, in English with \`Accept-Language: en\`.`,
  access: { kind: 'ingestKey' },
  body: { name: titles[kind].batch, schema: batchSchemas[kind], example: ingestExamples[kind] },
  responses: {
    202: { description: 'Accepted: the whole batch is stored and will be processed within seconds.', schema: 'IngestAccepted' },
    400: refused('`validation_failed`: every problem of the batch, each with its event index and field; or `invalid_json`. Nothing stored.'),
    401: { ...refused('`unauthorized`: missing, unknown or revoked API key.'), headers: { 'WWW-Authenticate': 'Bearer' } },
    413: refused(`\`payload_too_large\`: more than ${INGEST_LIMITS.maxBodyBytes} bytes; split the batch.`),
    429: refused('`rate_limited`: more requests per minute than this key may make.', true),
    503: refused('`unavailable`: Pantau cannot take data right now; nothing stored.', true),
  },
});

/** What a push sender sends, in the query string only (a body is read and dropped, as Uptime Kuma does). */
export const pushFieldsSchema: JsonSchema = {
  type: 'object',
  description: 'As Uptime Kuma\'s push monitor reads them: only the query string counts.',
  properties: {
    status: { type: 'string', description: 'Exactly `up` (or none) is up; anything else (`down`, `pending`, `UP`, ...) is down.' },
    msg: { type: 'string', maxLength: 500, description: 'A short message shown with the check; none means `OK`.' },
    ping: { type: 'string', description: 'Response time in milliseconds, read as a leading number (`12ms` is 12), 0 to 100,000,000,000; no number means none.' },
  },
};

const pushAnswers: Operation['responses'] = {
  200: { description: 'Heartbeat recorded.', schema: 'PushAnswer' },
  400: { description: 'A ping Pantau cannot take; `msg` says why.', schema: 'PushAnswer' },
  404: { description: 'No active push monitor has this token.', schema: 'PushAnswer' },
  413: { description: 'A body larger than 100 KB (a body is never used).', schema: 'PushAnswer' },
  503: { description: 'Pantau cannot take it right now; retry.', schema: 'PushAnswer', headers: { 'Retry-After': 'Seconds to wait.' } },
};

/** The push URL answers every HTTP method as Kuma's does; GET and POST are the ones agents use. */
const push = (method: 'get' | 'post' | 'put' | 'patch' | 'delete'): Operation => ({
  method,
  path: '/api/push/:token',
  operationId: `push_${method}`,
  tag: 'push',
  summary: 'Push heartbeat (Uptime Kuma compatible) / Kirim detak layanan',
  description:
    'A service, or a cron job on its server, calls this URL on its interval, with any HTTP method; silence past the interval (plus a grace period) counts as a failure. The URL is shown once when an admin creates the push monitor. Pantau records its own clock, not the sender\'s.',
  access: { kind: 'pushToken' },
  params: { token: { description: 'The push monitor\'s token (part of its push URL).' } },
  queryParams: Object.entries(pushFieldsSchema.properties as Record<string, JsonSchema>).map(([name, schema]) => ({
    name,
    description: String(schema.description),
    schema: Object.fromEntries(Object.entries(schema).filter(([k]) => k !== 'description')),
  })),
  responses: pushAnswers,
});

export const ingestOperations: Operation[] = [...EVENT_KINDS.map(ingest), ...(['get', 'post', 'put', 'patch', 'delete'] as const).map(push)];

export const ingestComponents: Record<string, JsonSchema> = { PushFields: pushFieldsSchema };
