// Delivery to one notification channel: a generic JSON webhook, or the Telegram Bot API's
// sendMessage (its base URL is configurable, so tests and air-gapped sites can point it to a
// local relay). Never throws; the result is logged as a delivery attempt.
import { z } from 'zod';
import type { AlertMessage } from './alert-message.ts';

export interface ChannelRow {
  id: string;
  name: string;
  kind: string;
  config: unknown;
  opdCode: string | null;
  monitorId: string | null;
}

export const webhookConfigSchema = z.object({ url: z.url() });
export const telegramConfigSchema = z.object({
  botToken: z.string().min(10).max(200),
  chatId: z.union([z.string().min(1).max(100), z.number().int()]),
  apiBase: z.url().default('https://api.telegram.org'),
});

export interface DeliveryResult {
  ok: boolean;
  httpStatus?: number;
  error?: string;
  /** What was sent (the bot token is not part of it). */
  payload: Record<string, unknown>;
}

const TIMEOUT_MS = 10_000;

/** What a channel sends: an alert message, or the test message of the admin console (alert-message.ts). */
export type ChannelMessage = Pick<AlertMessage, 'text' | 'webhook'>;

export async function sendToChannel(channel: ChannelRow, message: ChannelMessage): Promise<DeliveryResult> {
  if (channel.kind === 'webhook') {
    const cfg = webhookConfigSchema.safeParse(channel.config);
    if (!cfg.success) return { ok: false, error: 'invalid webhook config', payload: message.webhook };
    return post(cfg.data.url, message.webhook, message.webhook);
  }
  if (channel.kind === 'telegram') {
    const cfg = telegramConfigSchema.safeParse(channel.config);
    const payload = { chat_id: cfg.success ? cfg.data.chatId : null, text: message.text, disable_web_page_preview: true };
    if (!cfg.success) return { ok: false, error: 'invalid telegram config', payload };
    return post(`${cfg.data.apiBase.replace(/\/$/, '')}/bot${cfg.data.botToken}/sendMessage`, payload, payload);
  }
  return { ok: false, error: `unknown channel kind ${channel.kind}`, payload: message.webhook };
}

async function post(url: string, body: unknown, payload: Record<string, unknown>): Promise<DeliveryResult> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Pantau-alerts/1' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.arrayBuffer().catch(() => undefined);
    return res.ok ? { ok: true, httpStatus: res.status, payload } : { ok: false, httpStatus: res.status, error: `HTTP ${res.status}`, payload };
  } catch (error) {
    // fetch says only "fetch failed"; the reason (refused, unknown host, timeout) is its cause.
    const e = error as Error & { cause?: { code?: string; message?: string } };
    const why = e.name === 'TimeoutError' ? 'TIMEOUT' : (e.cause?.code ?? e.cause?.message);
    return { ok: false, error: why ? `${e.message} (${why})` : e.message, payload };
  }
}
