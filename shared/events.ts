// Ingest contracts: what a channel, an upload portal or a heartbeat sender posts to Pantau.
// The server validates with these schemas, the OpenAPI document is generated from them and
// the simulator builds its payloads with their types, so there is one definition of each event.
//
// No human messages here: the server words every problem in Indonesian or English, in plain
// words, with a zod error map (server/ingest/ingest-messages.ts). What a formatted field
// expects is said once, beside its schema, in `inputHints`; rules of our own (a time ahead of
// the clock, a period not begun) raise issues tagged with `params.rule`.
import { z } from 'zod';
import { CHECK_STATUSES, COMPLAINT_STATUSES, INGEST_LIMITS, MEDIA_KINDS, PRIVACY_LEVELS } from './domain-constants.ts';
import { wibDate } from './wib-time.ts';

/**
 * What a field with a pattern expects, in plain words (shown when a value does not match it).
 * Nested: a registry treats a top-level `id` as the schema's id and does not inherit it.
 */
export const inputHints = z.registry<{ expects: { id: string; en: string } }>();

/** Rules of Pantau's own, named in the issues they raise (`issue.params.rule`). */
export type IngestRule = 'not_in_future' | 'period_order' | 'period_not_started';
const rule = (name: IngestRule) => ({ params: { rule: name } });
/** A rule of ours speaks only about a value that is well-formed. */
const noIssuesYet = (payload: { issues: readonly unknown[] }) => payload.issues.length === 0;

const code = () =>
  z
    .string()
    // An empty code is only "required", not also "wrong characters".
    .min(1, { abort: true })
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/)
    .register(inputHints, {
      expects: {
        id: 'hanya boleh berisi huruf, angka, titik, garis bawah dan tanda hubung (mis. "jalan-rusak"), diawali huruf atau angka',
        en: 'may contain only letters, digits, dots, underscores and hyphens (e.g. "jalan-rusak"), starting with a letter or digit',
      },
    });

/** Not more than the allowed clock skew ahead of this machine's clock (a string that is no time at all passes: its format check speaks). */
export function notAheadOfClock(value: string, now = Date.now()): boolean {
  return !(Date.parse(value) > now + INGEST_LIMITS.maxClockSkewMs);
}

/**
 * Instant with an explicit offset, e.g. `2026-11-22T08:15:00+07:00` or `...Z`, at most
 * `INGEST_LIMITS.maxClockSkewMs` ahead of Pantau's clock.
 */
const instant = () =>
  z.iso
    .datetime({ offset: true })
    .refine((v) => notAheadOfClock(v), { ...rule('not_in_future'), when: noIssuesYet });
const localDate = z.iso.date();

const eventBase = {
  source: code().describe('The sending system, as registered with its API key (e.g. `mrk`).'),
  externalId: z
    .string()
    .min(1)
    .max(128)
    .describe('The id of this record in the sending system. (source, externalId) is unique: re-sending updates, never duplicates.'),
  occurredAt: instant().describe(
    `When this happened at the source (ISO 8601 with offset). At most ${INGEST_LIMITS.maxClockSkewMs / 60_000} minutes ahead of Pantau's clock.`,
  ),
};

export const complaintEventSchema = z
  .object({
    ...eventBase,
    channel: code().describe('Channel code from the reference data: MRK, LAPOR, MERCY, SOSMED, CALL.'),
    category: code().describe('Complaint category code, e.g. `jalan-rusak`.'),
    title: z.string().trim().max(200).optional(),
    text: z.string().max(5000).default('').describe('What the citizen wrote. Shown as plain text only.'),
    location: z
      .object({
        lat: z.number().min(-90).max(90),
        lon: z.number().min(-180).max(180),
      })
      .optional(),
    kecamatan: code().optional().describe('Kecamatan code (e.g. `12.71.01`); derived from location when omitted.'),
    kelurahan: code().optional().describe('Kelurahan code (e.g. `12.71.01.1001`); derived from location when omitted.'),
    privacy: z.enum(PRIVACY_LEVELS).default('public').describe('`secret` complaints are counted but never shown in detail on the wall.'),
    media: z
      .array(
        z.object({
          url: z
            .url({ protocol: /^https?$/ })
            .max(2000)
            .register(inputHints, { expects: { id: 'harus berupa alamat http(s)://', en: 'must be an http(s):// address' } }),
          kind: z.enum(MEDIA_KINDS).optional(),
        }),
      )
      .max(10)
      .optional()
      .describe('Links to photos, videos or documents the citizen sent (shown to operators). A later event with `media` replaces the list.'),
    reporter: z
      .object({
        name: z.string().max(200).optional(),
        phone: z
          .string()
          .max(32)
          .regex(/^[0-9+() -]*$/)
          .register(inputHints, { expects: { id: 'hanya boleh berisi angka, spasi, +, ( ) dan -', en: 'may contain only digits, spaces, +, ( ) and -' } })
          .optional(),
        email: z.email().max(200).optional(),
        nik: z
          .string()
          .regex(/^[0-9]{16}$/)
          .register(inputHints, { expects: { id: 'harus 16 angka', en: 'must be 16 digits' } })
          .optional(),
      })
      .optional()
      .describe('Kept private: never sent to any wall or live view.'),
    status: z
      .enum(COMPLAINT_STATUSES)
      .default('received')
      .describe('Status at `occurredAt`. A later event for the same externalId updates the complaint; an older one never overwrites a newer one.'),
    submittedAt: instant().optional().describe('When the citizen submitted the complaint; defaults to `occurredAt` of the first event seen.'),
    opd: code().optional().describe('OPD code when the channel already dispatched the complaint.'),
    duplicateOf: z.string().max(128).optional().describe('externalId of the original when status is `duplicate`.'),
    actor: z.string().max(200).optional().describe('Who made this status change at the source.'),
    note: z.string().max(2000).optional().describe('Note attached to this status change.'),
  })
  .meta({ id: 'ComplaintEvent' });

export const uploadEventSchema = z
  .object({
    ...eventBase,
    opd: code().describe('OPD code, e.g. `DISDUKCAPIL`.'),
    dataset: code().describe('Dataset code as registered for the OPD.'),
    period: z
      .object({ start: localDate, end: localDate })
      .refine((p) => p.start <= p.end, { ...rule('period_order'), path: ['end'], when: noIssuesYet })
      // Data cannot cover a period that has not begun (its end may lie ahead: a weekly dataset
      // due on Friday covers the week to Sunday).
      .refine((p) => p.start <= wibDate(Date.now() + INGEST_LIMITS.maxClockSkewMs), { ...rule('period_not_started'), path: ['start'], when: noIssuesYet })
      .optional()
      .describe('Period the upload covers (local dates, WIB); it must have begun. When omitted, it is matched to the due period by its time.'),
    rows: z.number().int().min(0).max(1e12).optional(),
    bytes: z.number().int().min(0).max(1e13).optional(),
    title: z.string().max(300).optional(),
  })
  .meta({ id: 'UploadEvent' });

export const heartbeatEventSchema = z
  .object({
    ...eventBase,
    monitor: code().describe('Monitor code, e.g. `mrk-web`.'),
    status: z.enum(CHECK_STATUSES).describe('Result of the check or heartbeat.'),
    latencyMs: z.number().min(0).max(600_000).optional(),
    statusCode: z.number().int().min(0).max(999).optional(),
    message: z.string().max(500).optional(),
  })
  .meta({ id: 'HeartbeatEvent' });

export type ComplaintEvent = z.output<typeof complaintEventSchema>;
export type ComplaintEventInput = z.input<typeof complaintEventSchema>;
export type UploadEvent = z.output<typeof uploadEventSchema>;
export type UploadEventInput = z.input<typeof uploadEventSchema>;
export type HeartbeatEvent = z.output<typeof heartbeatEventSchema>;
export type HeartbeatEventInput = z.input<typeof heartbeatEventSchema>;

const batchOf = <T extends z.ZodType>(event: T) =>
  z.object({
    events: z.array(event).min(1).max(INGEST_LIMITS.maxEventsPerBatch),
  });

export const complaintBatchSchema = batchOf(complaintEventSchema);
export const uploadBatchSchema = batchOf(uploadEventSchema);
export const heartbeatBatchSchema = batchOf(heartbeatEventSchema);

export const EVENT_KINDS = ['complaints', 'uploads', 'heartbeats'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface EventByKind {
  complaints: ComplaintEvent;
  uploads: UploadEvent;
  heartbeats: HeartbeatEvent;
}

export const batchSchemas = {
  complaints: complaintBatchSchema,
  uploads: uploadBatchSchema,
  heartbeats: heartbeatBatchSchema,
} as const;

/** A field-level problem in a refused request. `index` is the event's position in `events`. */
export interface IngestFieldError {
  index: number | null;
  field: string;
  message: string;
}

export interface IngestErrorBody {
  error: 'validation_failed' | 'unauthorized' | 'payload_too_large' | 'invalid_json' | 'unavailable' | 'rate_limited';
  message: string;
  errors?: IngestFieldError[];
}

export interface IngestAcceptedBody {
  accepted: number;
  batchId: string;
}

/**
 * Working request bodies for the API documentation. They use the `demo` source, so posting one
 * as-is with the demo API key succeeds. Timestamps are fixed: an old occurredAt is accepted.
 */
export const ingestExamples = {
  complaints: {
    events: [
      {
        source: 'demo',
        externalId: 'MRK-2026-000123',
        occurredAt: '2026-11-22T08:15:00+07:00',
        channel: 'MRK',
        category: 'jalan-rusak',
        title: 'Jalan berlubang di Jl. Gatot Subroto',
        text: 'Lubang besar di depan sekolah, sudah dua minggu belum diperbaiki.',
        location: { lat: 3.5952, lon: 98.6722 },
        privacy: 'public',
        reporter: { name: 'Budi Santoso', phone: '+6281234567890' },
        status: 'received',
      },
    ],
  } satisfies { events: ComplaintEventInput[] },
  uploads: {
    events: [
      {
        source: 'demo',
        externalId: 'dataku-upload-88412',
        occurredAt: '2026-11-21T22:47:00+07:00',
        opd: 'DISDUKCAPIL',
        dataset: 'rekap-layanan-harian',
        period: { start: '2026-11-21', end: '2026-11-21' },
        rows: 1250,
        bytes: 88000,
      },
    ],
  } satisfies { events: UploadEventInput[] },
  heartbeats: {
    events: [
      {
        source: 'demo',
        externalId: 'mrk-web-2026-11-22T08:15:00',
        occurredAt: '2026-11-22T08:15:00+07:00',
        monitor: 'mrk-web',
        status: 'up',
        latencyMs: 182,
        statusCode: 200,
      },
    ],
  } satisfies { events: HeartbeatEventInput[] },
};
