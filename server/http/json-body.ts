// JSON bodies for people-facing endpoints (login, admin): small, strict, and every parse problem
// answered as a 4xx with a plain message, never a stack trace.
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import { fieldName, preferredLang } from '../ingest/validate-batch.ts';
import { ingestErrorMap } from '../ingest/ingest-messages.ts';

/** The same plain words as ingest's answers: "wajib diisi", not "expected string, received undefined". */
const errorMaps = { id: ingestErrorMap('id'), en: ingestErrorMap('en') };

/** Far more than any form needs; bigger bodies are refused with 413 before they are read. */
export const PEOPLE_BODY_LIMIT = '16kb';

const JSON_TYPES = ['application/json', 'application/*+json'];

/** Refuses bytes that are not UTF-8 instead of quietly turning them into U+FFFD. */
export function strictUtf8(_req: unknown, _res: unknown, buf: Buffer): void {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    // body-parser reports it as 'entity.verify.failed'; the error handlers answer 400.
    throw new Error('body is not valid UTF-8');
  }
}

/**
 * Parses a JSON body (UTF-8, at most PEOPLE_BODY_LIMIT); a body of any other type is refused with
 * 415, so a form post never gets through.
 */
export function jsonBody(): RequestHandler {
  const parse = express.json({ limit: PEOPLE_BODY_LIMIT, strict: true, type: JSON_TYPES, verify: strictUtf8 });
  return (req, res, next) => {
    const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
    if (hasBody && !req.is(JSON_TYPES)) {
      const en = preferredLang(req.get('accept-language')) === 'en';
      return void res.status(415).json({ error: 'unsupported_media_type', message: en ? 'Send JSON (application/json).' : 'Kirim JSON (application/json).' });
    }
    parse(req, res, next);
  };
}

/** Error handler for body parsing: 413, 415 and 400 with the usual error body. */
export function bodyErrorHandler(error: unknown, req: Request, res: Response, next: NextFunction) {
  if (res.headersSent) return next(error);
  const e = error as { type?: string; status?: number };
  const en = preferredLang(req.get('accept-language')) === 'en';
  if (e.type === 'entity.too.large') {
    return res.status(413).json({ error: 'payload_too_large', message: en ? 'Request body too large.' : 'Isi permintaan terlalu besar.' });
  }
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
    return res.status(415).json({ error: 'unsupported_media_type', message: en ? 'Send JSON in UTF-8.' : 'Kirim JSON dalam UTF-8.' });
  }
  if (e.type === 'entity.parse.failed' || e.type === 'entity.verify.failed' || error instanceof SyntaxError || (typeof e.status === 'number' && e.status >= 400 && e.status < 500)) {
    return res.status(400).json({ error: 'invalid_json', message: en ? 'The body is not valid JSON.' : 'Isi permintaan bukan JSON yang sah.' });
  }
  next(error);
}

/** Parses with a zod schema, or answers 400 naming the fields and returns null. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, req: Request, res: Response): z.output<S> | null {
  return parseWithRulesOr400(schema, value, req, res, () => []);
}

/** A bad field found by a rule that needs more than the body (the complaint's state, the reference data). */
export interface FieldProblem {
  field: string;
  message: { id: string; en: string };
}

/**
 * parseOr400 plus rules that look at the (raw) body in context: every problem, from the schema
 * and from the rules, in one 400 answer, so a person fixes the form once.
 */
export function parseWithRulesOr400<S extends z.ZodType>(schema: S, value: unknown, req: Request, res: Response, rules: (raw: Record<string, unknown>) => FieldProblem[]): z.output<S> | null {
  const en = preferredLang(req.get('accept-language')) === 'en';
  const parsed = schema.safeParse(value ?? {}, { error: errorMaps[en ? 'en' : 'id'] });
  const raw = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const errors = parsed.success ? [] : parsed.error.issues.map((i) => ({ field: fieldName(i.path).field, message: i.message }));
  for (const p of rules(raw)) if (!errors.some((e) => e.field === p.field)) errors.push({ field: p.field, message: en ? p.message.en : p.message.id });
  if (parsed.success && errors.length === 0) return parsed.data;
  res.status(400).json({
    error: 'validation_failed',
    message: en ? 'Some fields are missing or wrong.' : 'Ada isian yang kosong atau salah.',
    errors: errors.slice(0, 20),
  });
  return null;
}
