import type { I18n } from '../i18n/i18n.ts';
import type { ConnectionStatus } from '../live/live-sync.ts';

/**
 * The badge text: "LIVE", "RECONNECTING - data as of HH:MM:SS WIB" (HH.MM.SS in Indonesian), or
 * "DELAYED - data as of ..." while connected to a server whose pipeline does not deliver.
 */
export function connectionText(status: ConnectionStatus, lastDataAt: number | null, i18n: I18n): string {
  if (status === 'live') return i18n.t('connLive');
  if (status === 'stale') return lastDataAt === null ? i18n.t('connStaleNoData') : i18n.t('connStale', { time: i18n.time(lastDataAt) });
  if (status === 'connecting' && lastDataAt === null) return i18n.t('connConnecting');
  if (lastDataAt === null) return i18n.t('connNoData');
  return i18n.t('connReconnecting', { time: i18n.time(lastDataAt) });
}
