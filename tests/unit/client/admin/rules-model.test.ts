import { describe, expect, it } from 'vitest';
import { dayMark, monthWeeks, previewSentence } from '../../../../client/src/admin/rules-model.ts';
import { rulesText } from '../../../../client/src/admin/rules-text.ts';

describe('the year view', () => {
  it('a month as weeks, Monday first', () => {
    const feb = monthWeeks(2026, 2); // 1 Feb 2026 is a Sunday
    expect(feb[0]).toEqual([null, null, null, null, null, null, '2026-02-01']);
    expect(feb.flat().filter(Boolean)).toHaveLength(28);
    expect(feb.every((w) => w.length === 7)).toBe(true);
  });

  it('marks a day off, a weekend, or nothing', () => {
    const days = new Map([['2026-03-20', { date: '2026-03-20', kind: 'cuti_bersama' as const, name: 'Cuti bersama Idul Fitri', source: 'official' as const }]]);
    expect(dayMark('2026-03-20', days)).toEqual({ kind: 'cuti_bersama', name: 'Cuti bersama Idul Fitri', library: false });
    expect(dayMark('2026-03-21', days)).toEqual({ kind: 'weekend' });
    expect(dayMark('2026-03-25', days)).toBeNull();
  });

  it('the preview sentence says how many open complaints move, in both languages', () => {
    expect(previewSentence(rulesText('id'), { moved: 3, openComplaints: 12 })).toBe('Perubahan ini menggeser batas waktu 3 dari 12 aduan terbuka. Aduan yang sudah selesai tidak berubah.');
    expect(previewSentence(rulesText('en'), { moved: 0, openComplaints: 4 })).toBe('This change moves no open complaint’s time limit (4 open complaints judged again).');
  });
});
