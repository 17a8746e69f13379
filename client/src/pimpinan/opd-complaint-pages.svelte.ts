// The OPD drill-down's complaint list, a page at a time: the first page comes with the report,
// "Muat lagi / Load more" appends the next one, and the exports ask the server for every row
// (the table on screen may hold only the first pages). A new report (another period) starts
// the list again and drops what an older request would still append.
import { OPD_COMPLAINTS_MAX, OPD_COMPLAINTS_PAGE, type OpdComplaintItem, type OpdComplaintsPage, type OpdReportResponse } from '../../../shared/pimpinan-api.ts';
import type { PeriodChoice } from '../../../shared/report-period.ts';
import type { PimpinanApi } from './pimpinan-api.ts';

/**
 * The list with a page appended. The server ranks the list again at each request: while the
 * period includes today a complaint can move up across the page boundary, so an id already
 * shown is not added twice (a keyed table needs unique rows).
 */
export function appendPage(items: readonly OpdComplaintItem[], page: Pick<OpdComplaintsPage, 'complaints'>): OpdComplaintItem[] {
  const seen = new Set(items.map((i) => i.id));
  return [...items, ...page.complaints.filter((c) => !seen.has(c.id))];
}

export class OpdComplaintPages {
  items = $state.raw<OpdComplaintItem[]>([]);
  total = $state(0);
  nextOffset = $state<number | null>(null);
  loading = $state(false);
  failed = $state(false);

  #api: PimpinanApi;
  #generation = 0;
  #abort: AbortController | null = null;
  #source: { code: string; period: PeriodChoice } | null = null;

  constructor(api: PimpinanApi) {
    this.#api = api;
  }

  /** Starts again from a report's first page. */
  reset(report: OpdReportResponse, code: string, period: PeriodChoice): void {
    this.#generation++;
    this.#abort?.abort();
    this.#source = { code, period };
    this.items = report.complaints;
    this.total = report.complaintsTotal;
    this.nextOffset = report.complaintsNextOffset;
    this.loading = false;
    this.failed = false;
  }

  async more(): Promise<void> {
    const source = this.#source;
    if (!source || this.nextOffset === null || this.loading) return;
    const generation = this.#generation;
    const abort = new AbortController();
    this.#abort = abort;
    this.loading = true;
    this.failed = false;
    try {
      const result = await this.#api.opdComplaints(source.code, source.period, this.nextOffset, OPD_COMPLAINTS_PAGE, abort.signal);
      if (generation !== this.#generation) return;
      if (!result.ok) {
        this.failed = true;
        return;
      }
      this.items = appendPage(this.items, result.data);
      this.total = result.data.total;
      this.nextOffset = result.data.nextOffset;
    } catch (error) {
      if (generation === this.#generation) {
        console.warn('next complaints failed', error);
        this.failed = true;
      }
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** Every row of the list, for an export: what is shown when it is all here, else asked for in one request. */
  async all(): Promise<OpdComplaintItem[]> {
    const source = this.#source;
    if (!source || this.nextOffset === null) return this.items;
    const result = await this.#api.opdComplaints(source.code, source.period, 0, OPD_COMPLAINTS_MAX);
    if (!result.ok) throw new Error(`complaint list: ${result.message.en}`);
    return result.data.complaints;
  }

  dispose(): void {
    this.#generation++;
    this.#abort?.abort();
  }
}
