// What a technician's phone receives. Pure: grouped alerts in, a webhook payload and a
// Telegram message out. One message per OPD per kind, so one dead server does not page 20 times.

export type AlertKind = 'down' | 'recovery' | 'escalation';

export interface AlertItem {
  outboxId: number;
  kind: AlertKind;
  incidentId: string;
  monitor: { code: string; name: string; target: string | null };
  opd: { code: string; name: string };
  openedAt: Date;
  resolvedAt: Date | null;
  acknowledgedBy: string | null;
}

export interface AlertMessage {
  kind: AlertKind;
  /** What the group is: one OPD, or one host serving several services (of any OPD). */
  group: { by: 'opd' | 'host'; label: string };
  opd: { code: string; name: string };
  items: AlertItem[];
  text: string;
  webhook: Record<string, unknown>;
}

const wibClock = new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Jakarta', hour: '2-digit', minute: '2-digit', hour12: false });

export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} menit`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} jam ${m} menit` : `${h} jam`;
}

const HEADLINE: Record<AlertKind, (n: number, opd: string) => string> = {
  down: (n, opd) => `🔴 LAYANAN MATI (${n}) - ${opd}`,
  recovery: (n, opd) => `🟢 PULIH (${n}) - ${opd}`,
  escalation: (n, opd) => `⚠️ BELUM DITANGANI (${n}) - ${opd}`,
};

export function buildAlertMessage(kind: AlertKind, items: AlertItem[], now: Date, publicUrl: string): AlertMessage {
  const opd = items[0].opd;
  const host = hostOf(items[0]);
  const byHost = items.length > 1 && host !== null && items.every((i) => hostOf(i) === host);
  const group = byHost ? { by: 'host' as const, label: `server ${host}` } : { by: 'opd' as const, label: opd.name };
  const lines = items.map((i) => {
    const since = `sejak ${wibClock.format(i.openedAt)} WIB`;
    if (kind === 'recovery') {
      return `• ${i.monitor.name} pulih setelah ${formatDuration((i.resolvedAt ?? now).getTime() - i.openedAt.getTime())}`;
    }
    if (kind === 'escalation') return `• ${i.monitor.name} mati ${since}, ${formatDuration(now.getTime() - i.openedAt.getTime())} tanpa penanganan`;
    return `• ${i.monitor.name} ${since}`;
  });
  const footer = kind === 'recovery' ? '' : `\nTangani di ${publicUrl}/teknisi`;
  const text = `${HEADLINE[kind](items.length, group.label)}\n${lines.join('\n')}${footer}`;
  return {
    kind,
    group,
    opd,
    items,
    text,
    webhook: {
      type: 'pantau.alert',
      event: kind,
      group,
      opd,
      at: now.toISOString(),
      text,
      incidents: items.map((i) => ({
        id: i.incidentId,
        monitor: i.monitor,
        openedAt: i.openedAt.toISOString(),
        resolvedAt: i.resolvedAt?.toISOString() ?? null,
        acknowledgedBy: i.acknowledgedBy,
      })),
    },
  };
}

export function hostOf(item: AlertItem): string | null {
  const target = item.monitor.target;
  if (!target) return null;
  try {
    return new URL(target).hostname;
  } catch {
    return target.replace(/:\d+$/, '') || null;
  }
}

/**
 * Groups pending alerts into messages. Services on one host that fail together are one message
 * (one dead server must not page 20 times, whichever OPD owns the services); the rest are one
 * message per OPD.
 */
export function groupAlerts(items: AlertItem[]): Map<string, AlertItem[]> {
  const hostCount = new Map<string, number>();
  for (const item of items) {
    const host = hostOf(item);
    if (host) hostCount.set(`${item.kind}\u0000${host}`, (hostCount.get(`${item.kind}\u0000${host}`) ?? 0) + 1);
  }
  const groups = new Map<string, AlertItem[]>();
  for (const item of items) {
    const host = hostOf(item);
    const sharedHost = host !== null && (hostCount.get(`${item.kind}\u0000${host}`) ?? 0) > 1;
    const key = sharedHost ? `${item.kind}\u0000host\u0000${host}` : `${item.kind}\u0000opd\u0000${item.opd.code}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}

/** Wait before retry n (1-based): 2 s, 5 s, 15 s, 1 min, 5 min. */
export const RETRY_DELAYS_MS = [2_000, 5_000, 15_000, 60_000, 300_000];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/**
 * The admin console's "send a test message": marked as a test in its first words and in its
 * payload (`type: 'pantau.test'`, `test: true`), so a receiver and a reader both tell it from an
 * alert.
 */
export function buildTestMessage(channelName: string, actor: string, now: Date, publicUrl: string): { text: string; webhook: Record<string, unknown> } {
  const text =
    `🧪 PESAN UJI dari Pantau - bukan peringatan sungguhan.\n` +
    `Kanal "${channelName}" bekerja: peringatan monitor akan sampai di sini.\n` +
    `Dikirim oleh ${actor} pukul ${wibClock.format(now)} WIB dari ${publicUrl}/admin\n` +
    `(Test message from Pantau - not a real alert.)`;
  return { text, webhook: { type: 'pantau.test', test: true, event: 'test', channel: channelName, at: now.toISOString(), text } };
}
