// The complaints behind one OPD's numbers as the drill-down lists them: overdue first (most late
// first), then closed late, running, on time, not judged; and one page of that list made into
// the items the screen shows. Split in two so the order needs nothing but the explain lists
// (ids, deadlines, done times): the page is cut before anything else is read or sent, and only
// its few complaints are looked up (category, kecamatan, status, holder) and serialised. A busy
// OPD's 30 days are thousands of complaints; its year tens of thousands.
import type { ComplaintVerdict, OpdComplaintItem } from '../../../shared/pimpinan-api.ts';
import type { ExplainItem, OpdComplaintMetrics } from '../../domain/complaints/complaint-metrics.ts';
import type { LeadershipReference } from './leadership-report.ts';
import type { ComplaintFacts } from './complaint-facts.ts';

export const VERDICT_ORDER: Record<ComplaintVerdict, number> = { overdue: 0, late: 1, running: 2, on_time: 3, not_judged: 4 };

type Bucket = OpdComplaintItem['in'][number];

/** One complaint of the list before it is looked up: what orders it and what it is behind. */
export interface RankedComplaint {
  id: string;
  verdict: ComplaintVerdict;
  deadline: string | null;
  doneAt: string | null;
  /** Late or overdue: until when (done, now, or the end of the period), for the working days. */
  lateUntil: string | null;
  lateHours: number | null;
  in: Bucket[];
}

/** The explain lists of one OPD row (computeComplaintMetrics with explain 'ids'). */
export type OpdRowExplain = {
  onTime: NonNullable<OpdComplaintMetrics['onTime']['explain']>;
  row: NonNullable<OpdComplaintMetrics['explain']>;
};

/** Every complaint behind the row, in the list's order. Pure. */
export function rankOpdComplaints(explain: OpdRowExplain, now: Date, backlogAsOf: Date): RankedComplaint[] {
  const items = new Map<string, RankedComplaint>();
  const entry = (id: string): RankedComplaint => {
    let item = items.get(id);
    if (!item) items.set(id, (item = { id, verdict: 'not_judged', deadline: null, doneAt: null, lateUntil: null, lateHours: null, in: [] }));
    return item;
  };
  const tag = (item: RankedComplaint, bucket: Bucket) => {
    if (!item.in.includes(bucket)) item.in.push(bucket);
  };
  /** Files an item under a bucket; the first verdict given (in VERDICT_ORDER) wins. */
  const judge = (e: ExplainItem, bucket: Bucket, verdict: ComplaintVerdict, lateUntil: Date | null) => {
    const item = entry(e.id);
    tag(item, bucket);
    if (VERDICT_ORDER[verdict] >= VERDICT_ORDER[item.verdict]) return;
    item.verdict = verdict;
    item.deadline = e.deadline;
    item.doneAt = e.doneAt;
    const until = e.doneAt ? new Date(e.doneAt) : lateUntil;
    if ((verdict === 'late' || verdict === 'overdue') && e.deadline && until) {
      item.lateUntil = until.toISOString();
      item.lateHours = Math.round(((until.getTime() - Date.parse(e.deadline)) / 3_600_000) * 10) / 10;
    } else {
      item.lateUntil = null;
      item.lateHours = null;
    }
  };
  const { onTime, row } = explain;
  for (const e of onTime.openOverdue) judge(e, 'overdue', 'overdue', now);
  for (const e of row.overdueBacklog) judge(e, 'overdue', 'overdue', backlogAsOf);
  for (const e of onTime.closedLate) judge(e, 'late', 'late', null);
  for (const e of onTime.running) judge(e, 'running', 'running', null);
  for (const e of onTime.closedOnTime) judge(e, 'onTime', 'on_time', null);
  for (const e of row.responseOverdue) tag(entry(e.id), 'responseOverdue');
  for (const id of row.received) tag(entry(id), 'received');
  for (const id of row.openBacklog) tag(entry(id), 'open');
  for (const id of row.misroutedTo) tag(entry(id), 'misroutedTo');
  return [...items.values()].sort(
    (a, b) =>
      VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] ||
      (b.lateHours ?? 0) - (a.lateHours ?? 0) ||
      (a.deadline ?? '\uffff').localeCompare(b.deadline ?? '\uffff') ||
      (a.id < b.id ? -1 : 1),
  );
}

/** [offset, offset + limit) of the list, with where the next page starts. */
export function pageOf<T>(list: readonly T[], offset: number, limit: number): { page: T[]; total: number; nextOffset: number | null } {
  const page = list.slice(offset, offset + limit);
  const end = offset + page.length;
  return { page, total: list.length, nextOffset: end < list.length ? end : null };
}

/** The screen's items of a page: looked up in `states` (the page's complaints), late in working days. */
export function complaintItems(
  page: readonly RankedComplaint[],
  states: ReadonlyMap<string, ComplaintFacts>,
  ref: Pick<LeadershipReference, 'categories' | 'kecamatan' | 'calendar'>,
  mayOpen: (opdNow: string | null) => boolean,
): OpdComplaintItem[] {
  return page.map((r) => {
    const s = states.get(r.id);
    const category = s ? ref.categories.get(s.category) : undefined;
    const kec = s?.kecamatan ? ref.kecamatan.get(s.kecamatan) : undefined;
    return {
      id: r.id,
      category: { code: s?.category ?? '', name: { id: category?.name ?? s?.category ?? '', en: category?.nameEn ?? category?.name ?? s?.category ?? '' } },
      kecamatan: kec ? { code: kec.code, name: kec.name } : s?.kecamatan ? { code: s.kecamatan, name: s.kecamatan } : null,
      status: s?.status ?? 'unknown',
      opdNow: s?.opd ?? null,
      verdict: r.verdict,
      clock: 'opd',
      deadline: r.deadline,
      doneAt: r.doneAt,
      lateWorkingDays: r.deadline && r.lateUntil ? ref.calendar.workingDaysBetween(new Date(r.deadline), new Date(r.lateUntil)) : null,
      lateHours: r.lateHours,
      in: r.in,
      detailPath: mayOpen(s?.opd ?? null) ? `/api/v1/complaints/${r.id}` : null,
    };
  });
}
