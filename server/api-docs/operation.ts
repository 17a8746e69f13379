// One documented HTTP operation, as the catalogues (*-operations.ts) declare it; the document
// builder turns it into OpenAPI. Request bodies and query strings are the zod schemas the routes
// validate with; who may call is a role list (server/auth/roles.ts), turned into security.
import type { z } from 'zod';
import type { Role } from '../auth/roles.ts';
import type { JsonSchema } from './response-schemas.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export type Access =
  /** Anyone. */
  | { kind: 'public' }
  /** An ingest source's API key (Authorization: Bearer). */
  | { kind: 'ingestKey' }
  /** The push token in the URL is the credential. */
  | { kind: 'pushToken' }
  /** This machine itself, or an admin session. */
  | { kind: 'metrics' }
  /** A session with one of these roles; display tokens and paired screens when `wall` is among them. */
  | { kind: 'roles'; roles: readonly Role[] }
  /** A screen: served to these roles (null: to everyone), others are sent to /login (303). */
  | { kind: 'page'; roles: readonly Role[] | null };

export interface Answer {
  description: string;
  /** A components/schemas name or a schema; none for an empty answer. */
  schema?: string | JsonSchema;
  /** Default application/json. */
  mediaType?: string | string[];
  headers?: Record<string, string>;
}

/** A components/responses name (e.g. 'NotFound'), or an answer of this operation's own. */
export type AnswerSpec = string | Answer;

export interface Operation {
  method: Method;
  /** Express syntax, as the route registers it: /api/v1/users/:id */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  /** What each path parameter (`:name`) is. */
  params?: Record<string, { description: string; schema?: JsonSchema }>;
  /** The query's zod schema: each field of its input becomes a query parameter. */
  query?: z.ZodType;
  /** Query parameters read without a zod schema. */
  queryParams?: { name: string; description: string; schema: JsonSchema }[];
  body?: {
    /** Name under components/schemas. */
    name: string;
    schema: z.ZodType;
    required?: boolean;
    description?: string;
    example?: unknown;
    /** Default application/json. */
    mediaTypes?: string[];
  };
  /** Hand-described body (the push URL's form fields), when there is no zod schema. */
  rawBody?: { schema: string; mediaTypes: string[]; description: string };
  responses: Record<number, AnswerSpec>;
}
