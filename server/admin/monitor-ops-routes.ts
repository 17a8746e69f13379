// "Check now" and "send a test message", for admins:
// POST /api/v1/admin/monitors/:code/check runs one check of an HTTP or TCP monitor at once and
// answers with its result (a push monitor cannot be called, nor one without an address whose
// results another source sends: the answer says when the last one came). The result is not fed to the monitor's state: a single manual look must not open or
// close an incident; the scheduled checks keep doing that.
// POST /api/v1/admin/notification-channels/:id/test sends one message marked as a test through
// the channel and answers delivered, or why not, in plain words. Both are audited.
import express, { type Router } from 'express';
import { eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { uuidSchema } from '../auth/account-rules.ts';
import { actorName } from '../auth/roles.ts';
import { auditOrigin } from '../auth/http-auth.ts';
import { jsonBody, parseOr400 } from '../http/json-body.ts';
import { checkHttp, checkTcp, type CheckOutcome } from '../prober/run-check.ts';
import { sendToChannel, type DeliveryResult } from '../alerting/alert-channels.ts';
import { buildTestMessage } from '../alerting/alert-message.ts';
import type { ChannelTestResponse, MonitorCheckResponse } from '../../shared/admin-ops-api.ts';
import { emptyBody } from './admin-rules.ts';
import { adminOf, notFound, type AdminDeps } from './admin-deps.ts';

type Words = { id: string; en: string };

/** run-check.ts words its failures "indonesian / english" (or one text for both). */
export function splitWords(text: string): Words {
  const at = text.indexOf(' / ');
  return at < 0 ? { id: text, en: text } : { id: text.slice(0, at), en: text.slice(at + 3) };
}

export function checkWords(o: CheckOutcome): Words {
  if (o.status === 'up') {
    const extra = o.message ? splitWords(o.message) : null;
    return {
      id: `Hidup: menjawab dalam ${o.latencyMs ?? '?'} ms${o.statusCode ? ` (HTTP ${o.statusCode})` : ''}.${extra ? ` ${extra.id}.` : ''}`,
      en: `Up: answered in ${o.latencyMs ?? '?'} ms${o.statusCode ? ` (HTTP ${o.statusCode})` : ''}.${extra ? ` ${extra.en}.` : ''}`,
    };
  }
  const why = splitWords(o.message ?? 'tidak diketahui / unknown');
  return { id: `Mati: ${why.id}.`, en: `Down: ${why.en}.` };
}

function ago(seconds: number): Words {
  if (seconds < 90) return { id: `${seconds} detik lalu`, en: `${seconds} seconds ago` };
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return { id: `${minutes} menit lalu`, en: `${minutes} minutes ago` };
  const hours = Math.round(minutes / 60);
  if (hours < 48) return { id: `${hours} jam lalu`, en: `${hours} hours ago` };
  const days = Math.round(hours / 24);
  return { id: `${days} hari lalu`, en: `${days} days ago` };
}

/** Why a delivery failed, in words an administrator can act on. */
export function deliveryWords(kind: string, r: DeliveryResult): Words {
  if (r.ok) return { id: `Terkirim: penerima menjawab HTTP ${r.httpStatus ?? 200}.`, en: `Delivered: the receiver answered HTTP ${r.httpStatus ?? 200}.` };
  const e = r.error ?? '';
  if (r.httpStatus === 401 || r.httpStatus === 403 || r.httpStatus === 404) {
    if (kind === 'telegram') return { id: `Tidak terkirim: Telegram menolak token bot atau ID obrolan (HTTP ${r.httpStatus}). Periksa keduanya.`, en: `Not delivered: Telegram refused the bot token or the chat ID (HTTP ${r.httpStatus}). Check both.` };
    return { id: `Tidak terkirim: penerima menolak (HTTP ${r.httpStatus}). Periksa alamat webhook.`, en: `Not delivered: the receiver refused it (HTTP ${r.httpStatus}). Check the webhook address.` };
  }
  if (r.httpStatus) return { id: `Tidak terkirim: penerima menjawab HTTP ${r.httpStatus}.`, en: `Not delivered: the receiver answered HTTP ${r.httpStatus}.` };
  if (e.includes('ECONNREFUSED')) return { id: 'Tidak terkirim: koneksi ditolak; tidak ada layanan yang menerima di alamat itu.', en: 'Not delivered: connection refused; nothing is listening at that address.' };
  if (e.includes('ENOTFOUND') || e.includes('EAI_AGAIN')) return { id: 'Tidak terkirim: nama server di alamat itu tidak ditemukan.', en: 'Not delivered: the host name in the address was not found.' };
  if (e.includes('TIMEOUT')) return { id: 'Tidak terkirim: penerima tidak menjawab dalam 10 detik.', en: 'Not delivered: the receiver did not answer within 10 seconds.' };
  if (e.includes('config')) return { id: 'Tidak terkirim: pengaturan kanal tidak lengkap atau salah.', en: 'Not delivered: the channel settings are incomplete or wrong.' };
  return { id: `Tidak terkirim: ${e || 'kesalahan tidak diketahui'}.`, en: `Not delivered: ${e || 'unknown error'}.` };
}

export function monitorOpsRoutes(deps: AdminDeps): Router {
  const router = express.Router();
  const body = jsonBody();

  router.post('/monitors/:code/check', body, async (req, res) => {
    if (!parseOr400(emptyBody, req.body, req, res)) return;
    const [m] = await deps.db.select().from(t.monitors).where(eq(t.monitors.code, String(req.params.code)));
    if (!m) return void res.status(404).json(notFound('Monitor'));
    const now = new Date();
    const kind = m.kind as MonitorCheckResponse['kind'];
    let result: MonitorCheckResponse['result'];
    if (kind === 'push' || !m.target) {
      const last = m.lastHeartbeatAt;
      const secondsAgo = last ? Math.max(0, Math.round((now.getTime() - last.getTime()) / 1000)) : null;
      const a = secondsAgo === null ? null : ago(secondsAgo);
      const why =
        kind === 'push'
          ? { id: 'Monitor push tidak bisa diperiksa dari sini', en: 'A push monitor cannot be checked from here' }
          : { id: 'Monitor ini tidak punya alamat untuk diperiksa; hasilnya dikirim sumber data lain', en: 'This monitor has no address to check; another source sends its results' };
      result = {
        kind: 'lastReport',
        lastPushAt: last?.toISOString() ?? null,
        secondsAgo,
        message: a
          ? { id: `${why.id}. Kiriman terakhir datang ${a.id}.`, en: `${why.en}. Its last push came ${a.en}.` }
          : { id: `${why.id}, dan belum pernah ada kiriman.`, en: `${why.en}, and none has come yet.` },
      };
    } else {
      const outcome = kind === 'http' ? await checkHttp(m.target ?? '', m.timeoutMs, m.config) : await checkTcp(m.target ?? '', m.timeoutMs);
      result = { kind: 'check', status: outcome.status === 'up' ? 'up' : 'down', latencyMs: outcome.latencyMs, statusCode: outcome.statusCode ?? null, message: checkWords(outcome) };
    }
    await deps.db.transaction((tx) => recordAudit(tx, { actor: adminOf(req), action: 'monitor.check', target: `monitor:${m.code}`, after: { target: m.target, ...result }, origin: auditOrigin(req) }));
    const answer: MonitorCheckResponse = { code: m.code, kind, at: now.toISOString(), result };
    res.json(answer);
  });

  router.post('/notification-channels/:id/test', body, async (req, res) => {
    if (!parseOr400(emptyBody, req.body, req, res)) return;
    const id = uuidSchema.safeParse(req.params.id);
    const [c] = id.success ? await deps.db.select().from(t.notificationChannels).where(eq(t.notificationChannels.id, id.data)) : [];
    if (!c) return void res.status(404).json(notFound('Kanal notifikasi'));
    const message = buildTestMessage(c.name, actorName(adminOf(req)), new Date(), deps.publicUrl());
    const delivery = await sendToChannel(c, message);
    const words = deliveryWords(c.kind, delivery);
    await deps.db.transaction((tx) =>
      recordAudit(tx, { actor: adminOf(req), action: 'notification_channel.test', target: `notification-channel:${c.id}`, after: { name: c.name, kind: c.kind, delivered: delivery.ok, httpStatus: delivery.httpStatus ?? null, message: words }, origin: auditOrigin(req) }),
    );
    const answer: ChannelTestResponse = { channelId: c.id, delivered: delivery.ok, httpStatus: delivery.httpStatus ?? null, message: words };
    res.json(answer);
  });

  return router;
}
