// The pure half of opd-view.svelte: the order of the complaints behind the numbers (overdue
// first, the longest overdue on top), the columns of its tables (what is shown and what an
// export carries: numbers stay numbers), and the due-period grid input.
import type { Lang } from '../i18n/messages.ts';
import type { ComplaintVerdict, OpdComplaintItem, OpdDatasetGrid, OpdIncidentView, OpdServiceView } from '../../../shared/pimpinan-api.ts';
import type { TableColumn } from '../screens/table-model.ts';
import { COMPLAINT_STATUSES } from '../../../shared/domain-constants.ts';
import type { DueItem } from './due-grid.ts';
import { viewsText, type ViewsTextKey } from './views-text.ts';

const VERDICT_ORDER: Record<ComplaintVerdict, number> = { overdue: 0, late: 1, running: 2, on_time: 3, not_judged: 4 };

/** Overdue first, most late first; then closed late (most late first), running, on time, not judged. Stable. */
export function orderComplaints(items: readonly OpdComplaintItem[]): OpdComplaintItem[] {
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => {
      const v = VERDICT_ORDER[a.item.verdict] - VERDICT_ORDER[b.item.verdict];
      if (v !== 0) return v;
      const late = (b.item.lateHours ?? -1) - (a.item.lateHours ?? -1);
      return late !== 0 ? late : a.index - b.index;
    })
    .map((x) => x.item);
}

const WIB = 'Asia/Jakarta';

/** An instant as a WIB date and time: "07/12/2026 14.30" (id) or "07/12/2026 14:30" (en). */
export function wibDateTime(iso: string | null, lang: Lang): string {
  if (!iso) return '';
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: WIB, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}${lang === 'en' ? ':' : '.'}${parts.minute}`;
}

/** A WIB calendar date (YYYY-MM-DD) as "7 Des" / "7 Dec". */
export function shortDate(date: string, lang: Lang, withYear = false): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { timeZone: 'UTC', day: 'numeric', month: 'short', ...(withYear ? { year: 'numeric' } : {}) }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

function num(lang: Lang, n: number, digits = 0): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: digits }).format(n);
}

/** "3 hari kerja (50 jam)"; empty when not late. */
export function lateText(item: Pick<OpdComplaintItem, 'lateWorkingDays' | 'lateHours'>, lang: Lang): string {
  if (item.lateHours === null && item.lateWorkingDays === null) return '';
  const t = viewsText(lang);
  return t('lateDaysHours', { days: num(lang, item.lateWorkingDays ?? 0), hours: num(lang, item.lateHours ?? 0, 1) });
}

export function complaintColumns(lang: Lang): TableColumn<OpdComplaintItem>[] {
  const t = viewsText(lang);
  const verdict = (v: ComplaintVerdict) => t(`verdict_${v}` as ViewsTextKey);
  // The number links to the detail this viewer may open (data-table's row link), when there is one.
  return [
    // A long internal id is shortened on screen (its start tells it apart); the export has it whole.
    { key: 'id', label: t('colId'), text: (r) => shortId(r.id), sortValue: (r) => r.id, rowHeader: true, exportAs: { headers: [t('colId')], values: (r) => [r.id] } },
    {
      key: 'verdict',
      label: t('colVerdict'),
      text: (r) => verdict(r.verdict),
      sortValue: (r) => VERDICT_ORDER[r.verdict],
    },
    {
      key: 'late',
      label: t('colLate'),
      text: (r) => lateText(r, lang),
      sortValue: (r) => r.lateHours,
      align: 'end',
      exportAs: { headers: [t('colLateDays'), t('colLateHours')], values: (r) => [r.lateWorkingDays, r.lateHours] },
    },
    { key: 'clock', label: t('colClock'), text: (r) => t(`clock_${r.clock}` as ViewsTextKey), sortValue: (r) => r.clock },
    { key: 'deadline', label: t('colDeadline'), text: (r) => (r.deadline ? wibDateTime(r.deadline, lang) : t('noDeadline')), sortValue: (r) => r.deadline },
    { key: 'category', label: t('colCategory'), text: (r) => r.category.name[lang] || r.category.name.id, sortValue: (r) => r.category.name[lang] || r.category.name.id },
    { key: 'kecamatan', label: t('colKecamatan'), text: (r) => r.kecamatan?.name ?? '', sortValue: (r) => r.kecamatan?.name ?? null },
    { key: 'status', label: t('colStatus'), text: (r) => statusWord(r.status, lang), sortValue: (r) => r.status },
    { key: 'opdNow', label: t('colOpdNow'), text: (r) => r.opdNow ?? '', sortValue: (r) => r.opdNow },
  ];
}

export function shortId(id: string): string {
  return id.length > 14 ? `${id.slice(0, 8)}…` : id;
}

export function statusWord(status: string, lang: Lang): string {
  const key = `cstatus_${status}` as ViewsTextKey;
  return (COMPLAINT_STATUSES as readonly string[]).includes(status) ? viewsText(lang)(key) : status;
}

export function stateWord(state: string, lang: Lang): string {
  const t = viewsText(lang);
  const key = `state_${state}` as ViewsTextKey;
  return ['up', 'down', 'maintenance', 'pending', 'unknown'].includes(state) ? t(key) : state;
}

export function availabilityText(a: { percent: number | null; upMs: number; downMs: number }, lang: Lang): string {
  if (a.percent === null) return '–';
  return `${num(lang, a.percent, 2)}%`;
}

/** "2 j 5 mnt" / "2 h 5 min": the two largest units. */
export function durationText(ms: number, lang: Lang): string {
  const units = lang === 'en' ? ['d', 'h', 'min', 's'] : ['hr', 'j', 'mnt', 'dtk'];
  let s = Math.max(0, Math.floor(ms / 1000));
  const parts = [Math.floor(s / 86400), Math.floor((s %= 86400) / 3600), Math.floor((s %= 3600) / 60), s % 60];
  const first = parts.findIndex((p) => p > 0);
  if (first === -1) return `0 ${units[3]}`;
  return [first, first + 1]
    .filter((i) => i < 4 && parts[i] > 0)
    .map((i) => `${parts[i]} ${units[i]}`)
    .join(' ');
}

export function serviceColumns(lang: Lang): TableColumn<OpdServiceView>[] {
  const t = viewsText(lang);
  return [
    { key: 'name', label: t('colService'), text: (r) => r.name, sortValue: (r) => r.name, rowHeader: true },
    { key: 'state', label: t('colState'), text: (r) => stateWord(r.state, lang), sortValue: (r) => r.state },
    {
      key: 'availability',
      label: t('colAvailability'),
      text: (r) => availabilityText(r.availability, lang),
      sortValue: (r) => r.availability.percent,
      align: 'end',
      exportAs: { headers: [`${t('colAvailability')} (%)`], values: (r) => [r.availability.percent] },
    },
    {
      key: 'updown',
      label: t('colUpDown'),
      text: (r) => (r.availability.upMs + r.availability.downMs === 0 ? '–' : `${durationText(r.availability.upMs, lang)} / ${durationText(r.availability.downMs, lang)}`),
      sortValue: (r) => r.availability.downMs,
      align: 'end',
      exportAs: { headers: [`${t('state_up')} (ms)`, `${t('state_down')} (ms)`], values: (r) => [r.availability.upMs, r.availability.downMs] },
    },
  ];
}

export function incidentColumns(lang: Lang, serviceName: (code: string) => string): TableColumn<OpdIncidentView>[] {
  const t = viewsText(lang);
  return [
    { key: 'service', label: t('colService'), text: (r) => serviceName(r.service), sortValue: (r) => serviceName(r.service), rowHeader: true },
    { key: 'status', label: t('colStatus'), text: (r) => r.status, sortValue: (r) => r.status },
    { key: 'opened', label: t('colOpened'), text: (r) => wibDateTime(r.openedAt, lang), sortValue: (r) => r.openedAt },
    { key: 'resolved', label: t('colResolved'), text: (r) => (r.resolvedAt ? wibDateTime(r.resolvedAt, lang) : t('stillOpen')), sortValue: (r) => r.resolvedAt },
    {
      key: 'duration',
      label: t('colDuration'),
      text: (r) => durationText(r.durationMs, lang),
      sortValue: (r) => r.durationMs,
      align: 'end',
      exportAs: { headers: [`${t('colDuration')} (ms)`], values: (r) => [r.durationMs] },
    },
  ];
}

/** The grid's input: every dataset's due periods, datasets in the report's order. */
export function dueItemsOf(datasets: readonly OpdDatasetGrid[]): { items: DueItem[]; order: string[]; names: Map<string, string> } {
  const items = datasets.flatMap((d) =>
    d.periods.map((p) => ({ dataset: d.code, period: p.period, deadline: p.deadline, status: p.verdict, receivedAt: p.receivedAt, lateByMs: p.lateByMs })),
  );
  return { items, order: datasets.map((d) => d.code), names: new Map(datasets.map((d) => [d.code, d.name])) };
}
