// Pure rules of the configuration sections (opd, rute, dataset): a schedule in plain words, a
// deadline in WIB, and which neighbour a routing rule may swap places with.
import type { RoutingRuleView } from '../../../shared/admin-config-api.ts';
import type { UploadScheduleInput } from '../../../shared/upload-schedule.ts';
import type { Lang } from '../i18n/messages.ts';

const WEEKDAYS = {
  id: ['', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu'],
  en: ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

export const weekdayName = (n: number, lang: Lang) => WEEKDAYS[lang][n] ?? String(n);

/** "Harian, pukul 23:59 WIB" / "Weekly, Friday 12:00 WIB". */
export function scheduleText(s: UploadScheduleInput, lang: Lang): string {
  const en = lang === 'en';
  switch (s.kind) {
    case 'daily': {
      const off = s.dueOffsetDays ?? 0;
      return en ? `Daily, by ${s.dueTime} WIB${off ? ` (${off} day(s) later)` : ''}` : `Harian, paling lambat pukul ${s.dueTime} WIB${off ? ` (H+${off})` : ''}`;
    }
    case 'weekly': {
      const off = s.dueOffsetWeeks ?? 0;
      return en
        ? `Weekly, by ${weekdayName(s.weekday, lang)} ${s.dueTime} WIB${off ? ` (${off} week(s) later)` : ''}`
        : `Mingguan, paling lambat ${weekdayName(s.weekday, lang)} pukul ${s.dueTime} WIB${off ? ` (+${off} minggu)` : ''}`;
    }
    case 'monthly': {
      const off = s.dueOffsetMonths ?? 1;
      return en
        ? `Monthly, by day ${s.dayOfMonth} at ${s.dueTime} WIB, ${off === 0 ? 'of the same month' : `${off} month(s) later`}`
        : `Bulanan, paling lambat tanggal ${s.dayOfMonth} pukul ${s.dueTime} WIB, ${off === 0 ? 'bulan yang sama' : `${off} bulan kemudian`}`;
    }
    default:
      return en ? 'Ad hoc: never late, never missing' : 'Sewaktu-waktu: tidak pernah terlambat';
  }
}

/** A deadline in WIB with its weekday: "Jumat, 11 Des 2026 12.00". */
export function deadlineText(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', {
    timeZone: 'Asia/Jakarta',
    weekday: 'long',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

/**
 * The order of a category's rules after moving one up or down; null when it cannot move there
 * (the list's end, or a neighbour of another specificity: a more specific rule always comes first).
 */
export function movedOrder(rules: readonly RoutingRuleView[], id: string, by: -1 | 1): string[] | null {
  const i = rules.findIndex((r) => r.id === id);
  const j = i + by;
  if (i < 0 || j < 0 || j >= rules.length || rules[i]!.specificity !== rules[j]!.specificity) return null;
  const ids = rules.map((r) => r.id);
  [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  return ids;
}

/** Keywords as typed in one box, separated by commas. */
export const keywordsOf = (text: string) =>
  text
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
