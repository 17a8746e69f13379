// Words of the parts every screen shares (period picker, tables, rates, deltas, errors).
// Kept beside those parts rather than in i18n/messages.ts so a screen's own words and the shared
// ones grow apart without stepping on each other; same rule: Indonesian first, English complete
// (the type makes a missing translation a compile error).
import type { Lang } from '../i18n/messages.ts';
import { textLookup } from '../i18n/i18n.ts';

const id = {
  periodLabel: 'Periode',
  preset_today: 'Hari ini',
  preset_7d: '7 hari',
  preset_30d: '30 hari',
  preset_month: 'Bulan ini',
  'preset_last-month': 'Bulan lalu',
  presetCustom: 'Pilih tanggal',
  periodFrom: 'Dari tanggal (WIB)',
  periodTo: 'Sampai tanggal (WIB)',
  periodApply: 'Tampilkan',
  periodRange: '{from} s.d. {to}',
  periodDays: '{n} hari',
  notEnough: 'data belum cukup',
  notEnoughHint: 'kurang dari {n} data, tidak diperingkat',
  rateOf: '{rate} ({num} dari {den})',
  countOf: '{num} dari {den}',
  none: 'tidak ada',
  deltaUp: 'naik {diff} dari {prev}',
  deltaDown: 'turun {diff} dari {prev}',
  deltaSame: 'sama dengan periode sebelumnya ({prev})',
  deltaNoPrev: 'periode sebelumnya tanpa data',
  deltaBetter: 'membaik',
  deltaWorse: 'memburuk',
  deltaVsPrev: 'dibanding {range}',
  points: 'poin',
  sortAsc: 'urut naik',
  sortDesc: 'urut turun',
  sortBy: 'Urutkan menurut {column}',
  exportCsv: 'Unduh CSV',
  exportXlsx: 'Unduh Excel (XLSX)',
  exporting: 'Menyiapkan berkas…',
  exportFailed: 'Berkas tidak dapat dibuat. Coba lagi.',
  tableEmpty: 'Tidak ada data untuk periode ini.',
  rowsShown: '{n} baris',
  errNetwork: 'Tidak dapat menghubungi server. Periksa jaringan, lalu coba lagi.',
  errForbidden: 'Akun Anda tidak berhak melihat data ini.',
  errNotFound: 'Data tidak ditemukan.',
  errConflict: 'Data ini baru saja diubah orang lain. Muat ulang, lalu coba lagi.',
  errInvalid: 'Permintaan belum benar: {detail}',
  errServer: 'Server sedang bermasalah. Coba lagi sebentar.',
  errUnauthorized: 'Sesi Anda berakhir. Silakan masuk lagi.',
  retry: 'Coba lagi',
  loading: 'Memuat…',
  fieldRequired: 'wajib diisi',
};

export type ScreenTextKey = keyof typeof id;

const en: Record<ScreenTextKey, string> = {
  periodLabel: 'Period',
  preset_today: 'Today',
  preset_7d: '7 days',
  preset_30d: '30 days',
  preset_month: 'This month',
  'preset_last-month': 'Last month',
  presetCustom: 'Pick dates',
  periodFrom: 'From (WIB date)',
  periodTo: 'To (WIB date)',
  periodApply: 'Show',
  periodRange: '{from} to {to}',
  periodDays: '{n} days',
  notEnough: 'not enough data',
  notEnoughHint: 'fewer than {n} items, not ranked',
  rateOf: '{rate} ({num} of {den})',
  countOf: '{num} of {den}',
  none: 'none',
  deltaUp: 'up {diff} from {prev}',
  deltaDown: 'down {diff} from {prev}',
  deltaSame: 'same as the previous period ({prev})',
  deltaNoPrev: 'no data in the previous period',
  deltaBetter: 'better',
  deltaWorse: 'worse',
  deltaVsPrev: 'compared with {range}',
  points: 'points',
  sortAsc: 'sorted ascending',
  sortDesc: 'sorted descending',
  sortBy: 'Sort by {column}',
  exportCsv: 'Download CSV',
  exportXlsx: 'Download Excel (XLSX)',
  exporting: 'Preparing the file…',
  exportFailed: 'The file could not be made. Try again.',
  tableEmpty: 'No data for this period.',
  rowsShown: '{n} rows',
  errNetwork: 'Cannot reach the server. Check the network, then try again.',
  errForbidden: 'Your account may not see this data.',
  errNotFound: 'Not found.',
  errConflict: 'Someone else just changed this. Reload, then try again.',
  errInvalid: 'The request is not right yet: {detail}',
  errServer: 'The server has a problem. Try again in a moment.',
  errUnauthorized: 'Your session ended. Please sign in again.',
  retry: 'Try again',
  loading: 'Loading…',
  fieldRequired: 'required',
};

const TEXT: Record<Lang, Record<ScreenTextKey, string>> = { id, en };

export type ScreenT = (key: ScreenTextKey, params?: Record<string, string | number>) => string;

export function screenText(lang: Lang): ScreenT {
  return textLookup(TEXT[lang]);
}
