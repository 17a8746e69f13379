// GET /api/v1/openapi.json: the ingest API for channel vendors, generated from the same zod
// schemas the server validates with. Every request body carries a working example.
import { z } from 'zod';
import { batchSchemas, EVENT_KINDS, ingestExamples, type EventKind } from '../../shared/events.ts';
import { INGEST_LIMITS } from '../../shared/domain-constants.ts';

const titles: Record<EventKind, { summary: string; description: string }> = {
  complaints: {
    summary: 'Kirim aduan warga / Send citizen complaints',
    description:
      'New complaints and status updates from a channel (MRK, SP4N-LAPOR!, Mercy, social media desk, call center). ' +
      'Re-sending the same (source, externalId) updates the complaint; an update older than the newest one applied is ignored.',
  },
  uploads: {
    summary: 'Kirim catatan unggahan data OPD / Send OPD data upload records',
    description: 'One record per upload an OPD made to the data portal: which dataset, which period, when received.',
  },
  heartbeats: {
    summary: 'Kirim hasil cek / heartbeat layanan / Send service check results',
    description: 'Results of availability checks, or heartbeats a service sends about itself.',
  },
};

const errorBody = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', enum: ['validation_failed', 'unauthorized', 'payload_too_large', 'invalid_json', 'unavailable', 'rate_limited'] },
    message: { type: 'string', description: 'Human-readable, Indonesian by default; English with Accept-Language: en.' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['index', 'field', 'message'],
        properties: {
          index: { type: ['integer', 'null'], description: 'Position of the bad event in `events`.' },
          field: { type: 'string', example: 'events[3].occurredAt' },
          message: { type: 'string' },
        },
      },
    },
  },
};

export function buildOpenApi(serverUrl: string): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const kind of EVENT_KINDS) {
    const schema = z.toJSONSchema(batchSchemas[kind], { io: 'input', target: 'openapi-3.0', unrepresentable: 'any' }) as Record<string, unknown>;
    delete schema.$schema;
    paths[`/api/v1/${kind}`] = {
      post: {
        operationId: `post_${kind}`,
        tags: ['ingest'],
        summary: titles[kind].summary,
        description: `${titles[kind].description} At most ${INGEST_LIMITS.maxEventsPerBatch} events or ${INGEST_LIMITS.maxBodyBytes} bytes per request. The answer 202 means the batch is stored durably; a refused request stores nothing.`,
        security: [{ apiKey: [] }],
        requestBody: {
          required: true,
          content: { 'application/json': { schema, example: ingestExamples[kind] } },
        },
        responses: {
          '202': {
            description: 'Accepted: the whole batch is stored and will be processed.',
            content: {
              'application/json': {
                schema: { type: 'object', properties: { accepted: { type: 'integer' }, batchId: { type: 'string' } } },
                example: { accepted: ingestExamples[kind].events.length, batchId: '01JD3Q7Z8K5X2M4N6P8R0T2V4W' },
              },
            },
          },
          '400': { description: 'Invalid data; nothing stored. Each problem names its field and event index.', content: { 'application/json': { schema: errorBody } } },
          '401': { description: 'Missing, unknown or revoked API key.', content: { 'application/json': { schema: errorBody } } },
          '413': { description: 'Body too large.', content: { 'application/json': { schema: errorBody } } },
          '429': { description: 'Too many requests for this key; retry after the Retry-After header.', content: { 'application/json': { schema: errorBody } } },
          '503': { description: 'Temporarily unable to accept; nothing stored; retry after the Retry-After header.', content: { 'application/json': { schema: errorBody } } },
        },
      },
    };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Pantau ingest API',
      version: '1',
      description:
        'How complaint channels, data portals and service monitors send events to Pantau. ' +
        'Authenticate with `Authorization: Bearer <api key>` (one key per source, issued by the Kominfo administrator). ' +
        'Every event carries `source`, `externalId` and `occurredAt`; (source, externalId) makes re-sending safe.',
    },
    servers: [{ url: serverUrl }],
    components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'API key of the sending source' } } },
    paths,
  };
}
