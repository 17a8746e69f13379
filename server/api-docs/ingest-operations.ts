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

/** The fields a push sender may send, in the query or (POST) as a form or JSON body. */
export const pushFieldsSchema: JsonSchema = {
  type: 'object',
  description: 'As Uptime Kuma\'s push monitor reads them; a query parameter wins over the same field in the body.',
  properties: {
    status: { type: 'string', description: '`up` (the default) or `down`.' },
    msg: { type: 'string', maxLength: 500, description: 'A short message shown with the check.' },
    ping: { type: ['number', 'string'], description: 'Response time in milliseconds (empty means none).' },
  },
};

const pushAnswers: Operation['responses'] = {
  200: { description: 'Heartbeat recorded.', schema: 'PushAnswer' },
  400: { description: 'A field Pantau cannot read; `msg` says which.', schema: 'PushAnswer' },
  404: { description: 'No active push monitor has this token.', schema: 'PushAnswer' },
  503: { description: 'Pantau cannot take it right now; retry.', schema: 'PushAnswer', headers: { 'Retry-After': 'Seconds to wait.' } },
};

const push = (method: 'get' | 'post'): Operation => ({
  method,
  path: '/api/push/:token',
  operationId: `push_${method}`,
  tag: 'push',
  summary: 'Push heartbeat (Uptime Kuma compatible) / Kirim detak layanan',
  description:
    'A service, or a cron job on its server, calls this URL on its interval; silence past the interval (plus a grace period) counts as a failure. The URL is shown once when an admin creates the push monitor. Pantau records its own clock, not the sender\'s.',
  access: { kind: 'pushToken' },
  params: { token: { description: 'The push monitor\'s token (part of its push URL).' } },
  queryParams: Object.entries(pushFieldsSchema.properties as Record<string, JsonSchema>).map(([name, schema]) => ({
    name,
    description: String(schema.description),
    schema: Object.fromEntries(Object.entries(schema).filter(([k]) => k !== 'description')),
  })),
  ...(method === 'post'
    ? { rawBody: { schema: 'PushFields', mediaTypes: ['application/x-www-form-urlencoded', 'application/json'], description: 'The same fields as the query, at most 16 KB.' } }
    : {}),
  responses: method === 'post' ? { ...pushAnswers, 413: { description: 'Body larger than 16 KB.', schema: { anyOf: [{ $ref: '#/components/schemas/PushAnswer' }, { $ref: '#/components/schemas/Error' }] } } } : pushAnswers,
});

export const ingestOperations: Operation[] = [...EVENT_KINDS.map(ingest), push('get'), push('post')];

export const ingestComponents: Record<string, JsonSchema> = { PushFields: pushFieldsSchema };
