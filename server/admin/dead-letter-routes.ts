// Dead letters, for admins: GET /api/v1/admin/dead-letters, GET /api/v1/admin/dead-letters/:id,
// POST /api/v1/admin/dead-letters/:id/replay, POST /api/v1/admin/dead-letters/:id/discard
// { reason }. Reporter identity never leaves (dead-letter-view.ts). Replay and discard are audited;
// the audit row is written in the transaction that settles the letter, and the transaction
// rolls back when the letter was settled meanwhile or Redis refused the step.
import express, { type Router } from 'express';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { actorName } from '../auth/roles.ts';
import { auditOrigin } from '../auth/http-auth.ts';
import { emptyBody } from './admin-rules.ts';
import { jsonBody, parseOr400 } from '../http/json-body.ts';
import { claimDeadLetter, forgetDeadLetter, listDeadLetters, readDeadLetter, releaseDeadLetter, requeueBatch, settlementOf } from '../dead-letters/dead-letter-store.ts';
import { detailOf, redactEvents, summaryOf } from '../dead-letters/dead-letter-view.ts';
import type { DeadLetterDiscardResponse, DeadLetterReplayResponse, DeadLettersResponse, DeadLetterResponse } from '../../shared/admin-ops-api.ts';
import { adminOf, notFound, type AdminDeps } from './admin-deps.ts';

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
export const discardBody = z
  .object({
    reason: z
      .string()
      .trim()
      .min(5)
      .max(500)
      .refine((s) => !CONTROL.test(s), { message: 'tidak boleh memuat karakter kendali (must not contain control characters)' }),
  })
  .strict();

/** Thrown inside the transaction when the letter was settled by someone else first. */
class AlreadySettled extends Error {}

const gone = { error: 'conflict', message: 'Data ini sudah diproses ulang atau dibuang oleh orang lain tepat saat ini. (Replayed or discarded by someone else just now.)' };

export function deadLetterRoutes(deps: AdminDeps): Router {
  const router = express.Router();
  const body = jsonBody();
  const { redis, streamKeys: keys } = deps;

  router.get('/dead-letters', async (_req, res) => {
    const { records, total } = await listDeadLetters(redis, keys);
    const answer: DeadLettersResponse = { deadLetters: records.map(summaryOf), total };
    res.set('Cache-Control', 'no-store').json(answer);
  });

  router.get('/dead-letters/:id', async (req, res) => {
    const record = await readDeadLetter(redis, keys, String(req.params.id));
    if (!record) return void res.status(404).json(notFound('Data gagal diproses'));
    const answer: DeadLetterResponse = { deadLetter: detailOf(record) };
    res.set('Cache-Control', 'no-store').json(answer);
  });

  /** 409 when the letter was settled already (saying how), else 404. */
  async function missing(res: express.Response, id: string) {
    const s = await settlementOf(redis, keys, id);
    if (!s) return void res.status(404).json(notFound('Data gagal diproses'));
    res.status(409).json({
      error: 'conflict',
      message:
        s.action === 'replayed'
          ? `Data ini sudah diproses ulang oleh ${s.by}. (Already replayed by ${s.by}.)`
          : `Data ini sudah dibuang oleh ${s.by}. (Already discarded by ${s.by}.)`,
      settled: s,
    });
  }

  router.post('/dead-letters/:id/replay', body, async (req, res) => {
    if (!parseOr400(emptyBody, req.body, req, res)) return;
    const id = String(req.params.id);
    const record = await readDeadLetter(redis, keys, id);
    if (!record) return missing(res, id);
    const summary = summaryOf(record);
    // Already in PostgreSQL (a write that committed although the processor saw an error): the
    // pipeline finds it in the ledger and stores nothing twice. Said to the admin, not hidden.
    const [stored] = await deps.db.select({ batchId: t.ingestBatches.batchId }).from(t.ingestBatches).where(eq(t.ingestBatches.batchId, record.batchId));
    let requeued: string | null = null;
    try {
      await deps.db.transaction(async (tx) => {
        await recordAudit(tx, { actor: adminOf(req), action: 'dead_letter.replay', target: `dead-letter:${id}`, before: summary, after: { ...summary, requeued: true, alreadyStored: Boolean(stored) }, origin: auditOrigin(req) });
        if (!(await claimDeadLetter(redis, keys, id, { action: 'replayed', by: actorName(adminOf(req)), at: new Date().toISOString() }))) throw new AlreadySettled();
        try {
          requeued = await requeueBatch(redis, keys, record);
        } catch (error) {
          await releaseDeadLetter(redis, keys, id);
          throw error;
        }
      });
    } catch (error) {
      if (error instanceof AlreadySettled) return void res.status(409).json(gone);
      throw error;
    }
    await forgetDeadLetter(redis, keys, id);
    deps.log.info({ deadLetter: id, batchId: record.batchId, requeued }, 'dead letter replayed');
    const answer: DeadLetterReplayResponse = {
      replayed: summary,
      alreadyStored: Boolean(stored),
      message: stored
        ? { id: 'Dikirim ulang. Data ini sudah ada di basis data, jadi tidak disimpan dua kali.', en: 'Sent again. This batch is already in the database, so it is not stored twice.' }
        : { id: 'Dikirim ulang ke pemrosesan; hasilnya muncul dalam beberapa detik.', en: 'Sent back to processing; it shows up within seconds.' },
    };
    res.json(answer);
  });

  router.post('/dead-letters/:id/discard', body, async (req, res) => {
    const id = String(req.params.id);
    const record = await readDeadLetter(redis, keys, id);
    const input = parseOr400(discardBody, req.body, req, res);
    if (!input) return;
    if (!record) return missing(res, id);
    const summary = summaryOf(record);
    try {
      await deps.db.transaction(async (tx) => {
        // What was thrown away stays readable in the audit trail, without reporter identity.
        // The error is `error` here, so the admin's `reason` reads as what was added, not as a change of it.
        const { reason: error, ...rest } = summary;
        await recordAudit(tx, { actor: adminOf(req), action: 'dead_letter.discard', target: `dead-letter:${id}`, before: { ...rest, error, events: redactEvents(record.events) }, after: { discarded: true, reason: input.reason }, origin: auditOrigin(req) });
        if (!(await claimDeadLetter(redis, keys, id, { action: 'discarded', by: actorName(adminOf(req)), at: new Date().toISOString() }))) throw new AlreadySettled();
      });
    } catch (error) {
      if (error instanceof AlreadySettled) return void res.status(409).json(gone);
      throw error;
    }
    await forgetDeadLetter(redis, keys, id);
    const answer: DeadLetterDiscardResponse = { discarded: summary };
    res.json(answer);
  });

  return router;
}
