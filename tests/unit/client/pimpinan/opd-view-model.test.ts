import { describe, expect, it } from 'vitest';
import { complaintColumns, dueItemsOf, durationText, lateText, orderComplaints, wibDateTime } from '../../../../client/src/pimpinan/opd-view-model.ts';
import type { OpdComplaintItem } from '../../../../shared/pimpinan-api.ts';

const complaint = (id: string, verdict: OpdComplaintItem['verdict'], lateHours: number | null): OpdComplaintItem => ({
  id,
  category: { code: 'JALAN', name: { id: 'Jalan rusak', en: 'Damaged road' } },
  kecamatan: { code: '12.71.01', name: 'Medan Kota' },
  status: 'diproses',
  opdNow: 'PU',
  verdict,
  clock: 'opd',
  deadline: '2026-12-01T09:00:00Z',
  doneAt: null,
  lateWorkingDays: lateHours === null ? null : Math.floor(lateHours / 24),
  lateHours,
  in: ['received'],
  detailPath: `/api/v1/complaints/${id}`,
});

describe('OPD view model', () => {
  it('puts overdue first, the longest overdue on top, then late, running, on time', () => {
    const order = orderComplaints([
      complaint('a', 'on_time', null),
      complaint('b', 'late', 5),
      complaint('c', 'overdue', 2),
      complaint('d', 'running', null),
      complaint('e', 'overdue', 50),
      complaint('f', 'not_judged', null),
    ]).map((c) => c.id);
    expect(order).toEqual(['e', 'c', 'b', 'd', 'a', 'f']);
  });

  it('says how late in working days and hours, and by which clock', () => {
    expect(lateText({ lateWorkingDays: 2, lateHours: 50.5 }, 'id')).toBe('2 hari kerja (50,5 jam)');
    expect(lateText({ lateWorkingDays: null, lateHours: null }, 'en')).toBe('');
    const cols = complaintColumns('id');
    const row = complaint('x', 'overdue', 30);
    expect(cols.find((c) => c.key === 'clock')!.text(row)).toBe('jam OPD');
    expect(cols.find((c) => c.key === 'verdict')!.text(row)).toBe('Lewat batas');
    // The export keeps the numbers as numbers.
    expect(cols.find((c) => c.key === 'late')!.exportAs!.values(row)).toEqual([1, 30]);
  });

  it('writes instants in WIB', () => {
    expect(wibDateTime('2026-12-01T09:00:00Z', 'id')).toBe('01/12/2026 16.00');
    expect(wibDateTime('2026-12-01T09:00:00Z', 'en')).toBe('01/12/2026 16:00');
  });

  it('writes durations with their two largest units', () => {
    expect(durationText(2 * 3600_000 + 5 * 60_000 + 7000, 'id')).toBe('2 j 5 mnt');
    expect(durationText(0, 'en')).toBe('0 s');
    expect(durationText(90_000, 'en')).toBe('1 min 30 s');
  });

  it('feeds the due grid every dataset in the report\'s order', () => {
    const { items, order, names } = dueItemsOf([
      { code: 'D2', name: 'Data dua', schedule: 'daily', onTime: { numerator: 0, denominator: 0, rate: null }, periods: [] },
      {
        code: 'D1',
        name: 'Data satu',
        schedule: 'monthly',
        onTime: { numerator: 1, denominator: 1, rate: 1 },
        periods: [{ period: '2026-11', start: 'a', end: 'b', deadline: 'c', verdict: 'on_time', receivedAt: 'd', lateByMs: null }],
      },
    ]);
    expect(order).toEqual(['D2', 'D1']);
    expect(names.get('D1')).toBe('Data satu');
    expect(items).toEqual([{ dataset: 'D1', period: '2026-11', deadline: 'c', status: 'on_time', receivedAt: 'd', lateByMs: null }]);
  });
});

describe('OPD view words', () => {
  it('says statuses in the page language and shortens long ids on screen only', async () => {
    const { statusWord, shortId } = await import('../../../../client/src/pimpinan/opd-view-model.ts');
    expect(statusWord('dispatched', 'id')).toBe('didisposisikan');
    expect(statusWord('in_progress', 'en')).toBe('in progress');
    expect(statusWord('something-new', 'id')).toBe('something-new');
    expect(shortId('4cb033e1-f12c-4a5a-a036-27dc760b7602')).toBe('4cb033e1…');
    expect(shortId('LAPOR-123')).toBe('LAPOR-123');
    const id = complaintColumns('id').find((c) => c.key === 'id')!;
    expect(id.exportAs!.values(complaint('4cb033e1-f12c-4a5a-a036-27dc760b7602', 'late', 1))).toEqual(['4cb033e1-f12c-4a5a-a036-27dc760b7602']);
  });
});
