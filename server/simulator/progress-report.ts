// What the simulator prints: a progress line every few seconds, plain bilingual messages
// when something is wrong, and a summary at the end. Pure formatting.
import type { EventKind } from '../../shared/events.ts';
import type { ClientNotice, WindowStats } from './ingest-client.ts';
import { percentileOf } from './latency-histogram.ts';
import { formatWibClock } from './wib-time.ts';

const ms = (v: number | null) => (v === null ? '-' : v < 10 ? `${v.toFixed(1)} ms` : `${Math.round(v)} ms`);
const secs = (v: number) => (v < 10_000 ? `${(v / 1000).toFixed(1)}` : `${Math.round(v / 1000)}`);

export interface ProgressInput {
  now: number;
  windowMs: number;
  window: WindowStats;
  totals: Record<EventKind, number>;
  errorsTotal: number;
  backlog: number;
  phase: 'backfill' | 'live';
  /** While backfilling: how far the simulated clock has come. */
  simulatedAt?: number;
  paused: boolean;
  skipped: number;
}

export function formatProgressLine(p: ProgressInput): string {
  const accepted = p.window.accepted.complaints + p.window.accepted.uploads + p.window.accepted.heartbeats;
  const rate = accepted / Math.max(0.001, p.windowMs / 1000);
  const parts = [
    `[${formatWibClock(p.now, true)} WIB]`,
    p.phase === 'backfill' && p.simulatedAt !== undefined ? `riwayat/backfill s.d. ${formatWibClock(p.simulatedAt)} WIB |` : '',
    `diterima/accepted ${rate >= 100 ? Math.round(rate) : rate.toFixed(1)} ev/s`,
    `| aduan/complaints ${p.totals.complaints} · unggahan/uploads ${p.totals.uploads} · heartbeats ${p.totals.heartbeats}`,
    `| galat/errors ${p.errorsTotal}`,
    `| p50 ${ms(percentileOf(p.window.latencies, 0.5))} p99 ${ms(percentileOf(p.window.latencies, 0.99))}`,
    `| antrean/queue ${p.backlog}`,
  ];
  if (p.skipped > 0) parts.push(`| lewat/skipped ${p.skipped} (server lebih lambat dari --rate / server slower than --rate)`);
  if (p.paused) parts.push('| JEDA/PAUSED');
  return parts.filter(Boolean).join(' ');
}

export function formatNotice(notice: ClientNotice, url: string): string {
  switch (notice.kind) {
    case 'unreachable':
      return (
        `Server Pantau tidak dapat dihubungi di ${url} (${notice.detail}); mencoba lagi dalam ${secs(notice.retryInMs)} dtk. ` +
        `| Pantau server unreachable at ${url} (${notice.detail}); retrying in ${secs(notice.retryInMs)} s.`
      );
    case 'unauthorized':
      return (
        `Kunci API ditolak (HTTP ${notice.status}): periksa --key / PANTAU_API_KEY dan --source. Mencoba lagi dalam ${secs(notice.retryInMs)} dtk. ` +
        `| API key refused (HTTP ${notice.status}): check --key / PANTAU_API_KEY and --source; retrying in ${secs(notice.retryInMs)} s.` +
        (notice.message ? ` [${notice.message}]` : '')
      );
    case 'busy':
      return (
        `Server sibuk (HTTP ${notice.status}); kirim ulang dalam ${secs(notice.retryInMs)} dtk. ` +
        `| Server busy (HTTP ${notice.status}); resending in ${secs(notice.retryInMs)} s.`
      );
    case 'server_error':
      return (
        `Server menjawab HTTP ${notice.status}${notice.dropped ? `; ${notice.dropped} event dibuang setelah beberapa percobaan` : `; mencoba lagi dalam ${secs(notice.retryInMs)} dtk`}. ` +
        `| Server answered HTTP ${notice.status}${notice.dropped ? `; dropped ${notice.dropped} events after repeated attempts` : `; retrying in ${secs(notice.retryInMs)} s`}.` +
        (notice.message ? ` [${notice.message.slice(0, 200)}]` : '')
      );
    case 'validation': {
      const first = notice.errors[0];
      const detail = first ? ` #${first.index ?? '-'} ${first.field}: ${first.message}` : ` ${notice.message}`;
      const hint = notice.errors.some((e) => e.field === 'source' || e.field.endsWith('.source'))
        ? ' (--source harus sama dengan sumber kunci API / --source must equal the key\'s source)'
        : '';
      return (
        `Server menolak ${notice.dropped} event (validasi gagal)${notice.resent ? `, ${notice.resent} sisanya dikirim ulang` : ''}:${detail}${hint} ` +
        `| Server refused ${notice.dropped} events (validation failed)${notice.resent ? `, resent the other ${notice.resent}` : ''}.`
      );
    }
    case 'too_large':
      return notice.dropped
        ? `Satu event terlalu besar, dibuang. | One event is too large for the server, dropped.`
        : `Permintaan terlalu besar (${notice.events} event), dibagi dua. | Request too large (${notice.events} events), split in two.`;
    case 'recovered':
      return `Terhubung kembali ke server Pantau setelah ${secs(notice.downForMs)} dtk. | Reconnected to the Pantau server after ${secs(notice.downForMs)} s.`;
  }
}

export interface RunSummary {
  runMs: number;
  liveMs: number;
  accepted: Record<EventKind, number>;
  generated: Record<EventKind, number>;
  requests: number;
  errors: Record<string, number>;
  dropped: number;
  unsent: number;
  skipped: number;
  latencyP50: number | null;
  latencyP99: number | null;
  latencyMax: number | null;
  dryRun: boolean;
}

export function formatSummary(s: RunSummary): string {
  const total = s.accepted.complaints + s.accepted.uploads + s.accepted.heartbeats;
  const generated = s.generated.complaints + s.generated.uploads + s.generated.heartbeats;
  const errors = Object.entries(s.errors)
    .map(([k, v]) => `${k}×${v}`)
    .join(', ');
  if (s.dryRun) {
    return `Ringkasan/Summary (dry run): ${generated} event dibuat/generated in ${secs(s.runMs)} s (aduan/complaints ${s.generated.complaints}, unggahan/uploads ${s.generated.uploads}, heartbeats ${s.generated.heartbeats}).`;
  }
  return [
    `Ringkasan/Summary: ${secs(s.runMs)} s, diterima/accepted ${total} events`,
    `(${(total / Math.max(0.001, s.runMs / 1000)).toFixed(1)} ev/s rata-rata/avg)`,
    `- aduan/complaints ${s.accepted.complaints}, unggahan/uploads ${s.accepted.uploads}, heartbeats ${s.accepted.heartbeats};`,
    `requests ${s.requests}; galat/errors ${errors || 0}; dibuang/dropped ${s.dropped}; belum terkirim/unsent ${s.unsent}${s.skipped ? `; lewat/skipped ${s.skipped}` : ''};`,
    `latency p50 ${ms(s.latencyP50)} p99 ${ms(s.latencyP99)} max ${ms(s.latencyMax)}.`,
  ]
    .filter(Boolean)
    .join(' ');
}
