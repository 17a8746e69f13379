// The OPD drill-down's list order and its pages: overdue first (most late first), then late,
// running, on time, not judged; a complaint in several buckets once, under its most urgent
// verdict; pages that continue each other; and, on the screen's side, a page appended without
// an id shown twice.
import { describe, expect, it } from 'vitest';
import { pageOf, rankOpdComplaints, type OpdRowExplain } from '../../../../server/reports/leadership/opd-complaint-list.ts';
import { appendPage } from '../../../../client/src/pimpinan/opd-complaint-pages.svelte.ts';
import type { OpdComplaintItem } from '../../../../shared/pimpinan-api.ts';

const T = (h: number) => new Date(Date.UTC(2026, 10, 2, 0, 0) + h * 3_600_000).toISOString();
const item = (id: string, deadline: number, doneAt: number | null = null) => ({ id, opd: 'DLH', startedAt: T(0), deadline: T(deadline), doneAt: doneAt === null ? null : T(doneAt) });

const explain: OpdRowExplain = {
  onTime: {
    closedOnTime: [item('on1', 30, 20), item('dup', 40, 35)],
    closedLate: [item('late-small', 10, 12), item('late-big', 10, 40)],
    openOverdue: [item('od-old', 5), item('od-new', 50)],
    running: [item('run', 200)],
  },
  row: {
    received: ['recv-only', 'on1', 'od-old'],
    openBacklog: ['od-old', 'od-new', 'run', 'blog'],
    overdueBacklog: [item('blog', 60), item('od-old', 5)],
    responseOverdue: [item('run', 20)],
    misroutedTo: ['mis'],
    handedBack: [],
  },
};
const now = new Date(T(100));

describe('rankOpdComplaints', () => {
  const list = rankOpdComplaints(explain, now, now);

  it('orders overdue (most late first), late (most late first), running, on time, not judged; each complaint once', () => {
    expect(list.map((r) => r.id)).toEqual(['od-old', 'od-new', 'blog', 'late-big', 'late-small', 'run', 'on1', 'dup', 'mis', 'recv-only']);
    expect(new Set(list.map((r) => r.id)).size).toBe(list.length);
  });

  it('keeps how late and what each is behind', () => {
    const odOld = list.find((r) => r.id === 'od-old')!;
    expect(odOld).toMatchObject({ verdict: 'overdue', lateHours: 95, lateUntil: now.toISOString(), deadline: T(5) });
    expect(odOld.in).toEqual(['overdue', 'received', 'open']);
    expect(list.find((r) => r.id === 'late-big')).toMatchObject({ verdict: 'late', lateHours: 30, doneAt: T(40) });
    expect(list.find((r) => r.id === 'run')).toMatchObject({ verdict: 'running', lateHours: null, in: ['running', 'responseOverdue', 'open'] });
    expect(list.find((r) => r.id === 'mis')).toMatchObject({ verdict: 'not_judged', in: ['misroutedTo'] });
  });

  it('pages continue each other: no gap, nothing twice, the last says there is no more', () => {
    const ids: string[] = [];
    let offset: number | null = 0;
    const nexts: (number | null)[] = [];
    while (offset !== null) {
      const p: ReturnType<typeof pageOf<(typeof list)[number]>> = pageOf(list, offset, 3);
      expect(p.total).toBe(list.length);
      ids.push(...p.page.map((r) => r.id));
      nexts.push((offset = p.nextOffset));
    }
    expect(ids).toEqual(list.map((r) => r.id));
    expect(nexts).toEqual([3, 6, 9, null]);
    expect(pageOf(list, 99, 3)).toEqual({ page: [], total: list.length, nextOffset: null });
  });
});

describe('appendPage', () => {
  const c = (id: string) => ({ id }) as OpdComplaintItem;
  it('appends a page after what is shown, leaving out an id already there', () => {
    expect(appendPage([c('a'), c('b')], { complaints: [c('b'), c('c'), c('d')] }).map((x) => x.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(appendPage([], { complaints: [c('x')] }).map((x) => x.id)).toEqual(['x']);
  });
});
