import type { I18n } from '../i18n/i18n.ts';
import type { ConnectionStatus } from '../live/live-sync.ts';

/** The badge text: "LIVE", or "RECONNECTING - data as of HH:MM:SS WIB" (HH.MM.SS in Indonesian). */
export function connectionText(status: ConnectionStatus, lastDataAt: number | null, i18n: I18n): string {
  if (status === 'live') return i18n.t('connLive');
  if (status === 'connecting' && lastDataAt === null) return i18n.t('connConnecting');
  if (lastDataAt === null) return i18n.t('connNoData');
  return i18n.t('connReconnecting', { time: i18n.time(lastDataAt) });
}
