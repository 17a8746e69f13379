// GET /api/v1/openapi.json: every HTTP endpoint of Pantau as OpenAPI 3.1. Request bodies and
// query strings are converted from the zod schemas the routes validate with (zod 4 emits JSON
// Schema 2020-12, which OpenAPI 3.1 takes as is); shared schemas live under components/schemas
// and are referred to, never repeated. Who may call each operation comes from the role table.
// tests/integration/api-docs.test.ts validates the document, compares it with the routes the
// Express app registers, and checks real answers against it.
import { z } from 'zod';
import { ACCESS } from '../auth/roles.ts';
import { DEVICE_COOKIE, SESSION_COOKIE } from '../auth/cookies.ts';
import type { Access, Answer, AnswerSpec, Operation } from './operation.ts';
import { ref, responseSchemas, type JsonSchema } from './response-schemas.ts';
import { serviceOperations } from './service-operations.ts';
import { ingestComponents, ingestOperations } from './ingest-operations.ts';
import { peopleOperations } from './people-operations.ts';
import { adminComponents, adminOperations } from './admin-operations.ts';
import { ruleOperations } from './rule-operations.ts';
import { reportOperations, reportSchemas } from './report-operations.ts';
import { operatorOperations, operatorSchemas } from './operator-operations.ts';
import { adminConfigOperations } from './admin-config-operations.ts';

export const OPERATIONS: readonly Operation[] = [...serviceOperations, ...ingestOperations, ...peopleOperations, ...operatorOperations, ...reportOperations, ...adminOperations, ...ruleOperations, ...adminConfigOperations];

const TAGS = [
  { name: 'ingest', description: 'Events from complaint channels, data portals and service monitors (API key per source).' },
  { name: 'push', description: 'The push URL of a push monitor, compatible with Uptime Kuma.' },
  { name: 'auth', description: 'Login sessions.' },
  { name: 'reference', description: 'Reference data and map boundaries for screens.' },
  { name: 'reports', description: 'Timeliness per OPD for any period (what leadership judges OPD by), and the leadership screen\'s reports.' },
  { name: 'complaints', description: 'One complaint, its reporter, and the command center\'s actions on it.' },
  { name: 'operator', description: 'The operators\' queue: verify, dispatch, re-route, reject, merge duplicates (command center); in progress, resolve, hand back (OPD staff). Every action takes the `version` seen and is refused with 409 when someone else acted first.' },
  { name: 'incidents', description: 'Outages: acknowledge and resolve.' },
  { name: 'monitors', description: 'Services, their checks and maintenance windows.' },
  { name: 'admin', description: 'Users, wall tokens and screens, ingest sources and keys, monitors, alert channels, audit trail. Every change is audited.' },
  { name: 'operations', description: 'Health, readiness, metrics and this document.' },
  { name: 'screens', description: 'The HTML screens; a screen opened by someone who may not use it is sent to /login.' },
];

const SECURITY_SCHEMES = {
  ingestKey: {
    type: 'http',
    scheme: 'bearer',
    description: 'The API key of the sending source, issued once by the Kominfo administrator (POST /api/v1/admin/sources/{code}/keys).',
  },
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description:
      'Set by POST /api/v1/auth/login (HTTP-only, SameSite=Strict). A write (POST, PUT, PATCH, DELETE) with it must carry an Origin (else Referer) naming Pantau itself or one of PANTAU_ALLOWED_ORIGINS, or it is refused with 403 `csrf`.',
  },
  wallDevice: {
    type: 'apiKey',
    in: 'cookie',
    name: DEVICE_COOKIE,
    description: 'A paired wall screen: set when a screen opens /wall?token=<display token>. Read-only (role `wall`).',
  },
  displayToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'A display token (role `wall`, read-only), for scripts and signage. A token bound to a screen name only pairs that screen and is not accepted here.',
  },
};

const errorAnswer = (description: string, headers?: Record<string, string>): Answer => ({ description, schema: 'Error', headers });

const COMMON_RESPONSES: Record<string, Answer> = {
  BadRequest: errorAnswer('`validation_failed` (every bad field in `errors`) or `invalid_json`; nothing was changed.'),
  Unauthorized: errorAnswer('`unauthorized`: not logged in, or the credential ended.'),
  Forbidden: errorAnswer('`forbidden`: not allowed for these roles (or another OPD\'s record); or `csrf`: a cookie-authenticated write without Pantau\'s own Origin.'),
  NotFound: errorAnswer('`not_found`.'),
  Conflict: errorAnswer('`conflict` (taken), or the change is not possible now; `message` says why.'),
  PayloadTooLarge: errorAnswer('`payload_too_large`: bodies of people-facing endpoints are at most 16 KB.'),
  UnsupportedMediaType: errorAnswer('`unsupported_media_type`: send JSON in UTF-8.'),
  TooManyRequests: errorAnswer('`rate_limited`: wait for Retry-After seconds.', { 'Retry-After': 'Seconds to wait.' }),
  Unavailable: errorAnswer('`unavailable`: a service Pantau needs did not answer; nothing was changed. Retry after Retry-After seconds.', { 'Retry-After': 'Seconds to wait.' }),
  InternalError: errorAnswer('`internal_error`, without details (they are in the server log).'),
};

const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);

function securityOf(access: Access): Record<string, string[]>[] {
  switch (access.kind) {
    case 'public':
    case 'pushToken':
      return [];
    case 'ingestKey':
      return [{ ingestKey: [] }];
    case 'metrics':
      // `{}`: no credential needed (from this machine); otherwise an admin session.
      return [{}, { session: [] }];
    case 'roles':
      return access.roles.includes('wall') ? [{ session: [] }, { wallDevice: [] }, { displayToken: [] }] : [{ session: [] }];
    case 'page':
      return access.roles === null ? [] : access.roles.includes('wall') ? [{ session: [] }, { wallDevice: [] }] : [{ session: [] }];
  }
}

function whoLine(access: Access): string {
  switch (access.kind) {
    case 'public':
      return 'Anyone.';
    case 'ingestKey':
      return 'An ingest source, with its API key.';
    case 'pushToken':
      return 'Whoever holds the push URL (its token is the credential).';
    case 'metrics':
      return `From the machine Pantau runs on (not relayed by a proxy); from elsewhere an admin session (roles: ${ACCESS['metrics:read'].join(', ')}).`;
    case 'roles':
      return `Roles: ${access.roles.join(', ')}.${access.roles.includes('wall') ? ' Wall screens (display token or paired screen) read it too.' : ''}`;
    case 'page':
      return access.roles === null ? 'Anyone.' : `Roles: ${access.roles.join(', ')}; anyone else is sent to /login.`;
  }
}

/** Pulls `$defs` (schemas with an id, e.g. ComplaintEvent) up into components/schemas. */
function hoistDefs(schema: JsonSchema, components: Record<string, JsonSchema>): JsonSchema {
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/') ? `#/components/schemas/${v.slice(8)}` : rewrite(v)]),
      );
    }
    return value;
  };
  const { $defs, $schema: _dialect, ...rest } = schema as JsonSchema & { $defs?: Record<string, JsonSchema> };
  for (const [name, def] of Object.entries($defs ?? {})) addComponent(components, name, rewrite(def) as JsonSchema);
  return rewrite(rest) as JsonSchema;
}

function addComponent(components: Record<string, JsonSchema>, name: string, schema: JsonSchema): void {
  const existing = components[name];
  if (existing && JSON.stringify(existing) !== JSON.stringify(schema)) throw new Error(`two different schemas are both called ${name}`);
  components[name] = schema;
}

/** The JSON Schema of what a client sends (zod's input side: defaults optional, no transforms). */
function fromZod(schema: z.ZodType, components: Record<string, JsonSchema>): JsonSchema {
  return hoistDefs(z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as JsonSchema, components);
}

function answerObject(a: Answer): Record<string, unknown> {
  const types = a.mediaType === undefined ? ['application/json'] : [a.mediaType].flat();
  const schema = typeof a.schema === 'string' ? ref(a.schema) : a.schema;
  return {
    description: a.description,
    ...(a.headers ? { headers: Object.fromEntries(Object.entries(a.headers).map(([h, d]) => [h, { description: d, schema: { type: 'string' } }])) } : {}),
    ...(schema ? { content: Object.fromEntries(types.map((t) => [t, { schema }])) } : {}),
  };
}

function responsesOf(op: Operation): Record<string, unknown> {
  const spec: Record<number, AnswerSpec> = { ...op.responses };
  // The CSRF guard covers every write but the key-authenticated ones (ingest, push).
  const guarded = UNSAFE.has(op.method) && op.access.kind !== 'ingestKey' && op.access.kind !== 'pushToken';
  if (op.access.kind === 'roles') {
    spec[401] ??= 'Unauthorized';
    spec[403] ??= 'Forbidden';
    spec[503] ??= 'Unavailable';
  }
  if (guarded) spec[403] ??= 'Forbidden';
  if (op.query) spec[400] ??= 'BadRequest';
  if (op.body && op.access.kind !== 'ingestKey') {
    spec[400] ??= 'BadRequest';
    spec[413] ??= 'PayloadTooLarge';
    spec[415] ??= 'UnsupportedMediaType';
  }
  if (op.access.kind !== 'page') spec[500] ??= 'InternalError';
  return Object.fromEntries(
    Object.entries(spec)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([status, a]) => [status, typeof a === 'string' ? { $ref: `#/components/responses/${a}` } : answerObject(a)]),
  );
}

function parametersOf(op: Operation, components: Record<string, JsonSchema>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const [, name] of op.path.matchAll(/:(\w+)/g)) {
    const p = op.params?.[name];
    if (!p) throw new Error(`${op.method} ${op.path}: say what :${name} is`);
    out.push({ name, in: 'path', required: true, description: p.description, schema: p.schema ?? { type: 'string' } });
  }
  if (op.query) {
    const schema = fromZod(op.query, components) as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, s] of Object.entries(schema.properties ?? {})) {
      const { description, ...rest } = s;
      out.push({ name, in: 'query', required: schema.required?.includes(name) ?? false, ...(description ? { description } : {}), schema: rest });
    }
  }
  for (const q of op.queryParams ?? []) out.push({ name: q.name, in: 'query', required: false, description: q.description, schema: q.schema });
  return out;
}

function operationObject(op: Operation, components: Record<string, JsonSchema>): Record<string, unknown> {
  const parameters = parametersOf(op, components);
  let requestBody: Record<string, unknown> | undefined;
  if (op.body) {
    addComponent(components, op.body.name, fromZod(op.body.schema, components));
    const media = { schema: ref(op.body.name), ...(op.body.example !== undefined ? { example: op.body.example } : {}) };
    requestBody = {
      required: op.body.required ?? true,
      ...(op.body.description ? { description: op.body.description } : {}),
      content: Object.fromEntries((op.body.mediaTypes ?? ['application/json']).map((t) => [t, media])),
    };
  } else if (op.rawBody) {
    requestBody = { required: false, description: op.rawBody.description, content: Object.fromEntries(op.rawBody.mediaTypes.map((t) => [t, { schema: ref(op.rawBody!.schema) }])) };
  }
  const who = whoLine(op.access);
  return {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    description: op.description ? `${op.description}\n\n${who}` : who,
    security: securityOf(op.access),
    ...(op.access.kind === 'roles' || (op.access.kind === 'page' && op.access.roles) ? { 'x-pantau-roles': op.access.roles } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses: responsesOf(op),
  };
}

let built: Record<string, unknown> | null = null;

/** The document (built once: it depends on code only, never on a request or the database). */
export function buildOpenApi(): Record<string, unknown> {
  if (built) return built;
  const components: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries({ ...responseSchemas, ...reportSchemas, ...operatorSchemas, ...ingestComponents })) addComponent(components, name, schema);
  for (const [name, schema] of Object.entries(adminComponents)) addComponent(components, name, fromZod(schema, components));
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const p = op.path.replace(/:(\w+)/g, '{$1}');
    paths[p] ??= {};
    if (paths[p][op.method]) throw new Error(`${op.method} ${op.path} is documented twice`);
    paths[p][op.method] = operationObject(op, components);
  }
  built = {
    openapi: '3.1.1',
    info: {
      title: 'Pantau API',
      version: '1',
      description: [
        'Pantau is the live wall of a city command center. This document describes every HTTP endpoint it serves.',
        '',
        '- **Channels, data portals and monitors** send events to `POST /api/v1/complaints`, `/uploads`, `/heartbeats` with `Authorization: Bearer <api key>` (one key per source). Every event carries `source`, `externalId` and `occurredAt`; (source, externalId) makes re-sending safe. A 202 means the whole batch is stored; any other answer means nothing from the request was stored. See docs/api.md in the repository for a walk-through.',
        '- **Services** with a push monitor call their push URL (`/api/push/{token}`), as they would Uptime Kuma\'s.',
        '- **People** log in with `POST /api/v1/auth/login` and use the session cookie; **wall screens** use a display token or the cookie of a paired screen (read-only).',
        '',
        'Refusals share one shape (`Error`): a code, a message for people, and every bad field at once. Messages are in Bahasa Indonesia (some in both languages); ingest answers in English with `Accept-Language: en`. Times are ISO 8601; dates without a time are days in WIB (Asia/Jakarta). An /api path that does not exist answers 404 with the same shape.',
      ].join('\n'),
    },
    // Relative: the document is served by the Pantau it describes, behind whatever proxy.
    servers: [{ url: '/' }],
    tags: TAGS,
    paths,
    components: {
      schemas: components,
      responses: Object.fromEntries(Object.entries(COMMON_RESPONSES).map(([name, a]) => [name, answerObject(a)])),
      securitySchemes: SECURITY_SCHEMES,
    },
  };
  return built;
}
