// The pure rules of the deadline-rule admin API: reading a year's official list (JSON or CSV),
// its difference with what is stored, a category's targets checked as a whole.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CalendarDayView } from '../../../shared/admin-rules-api.ts';
import { categoryProblems, diffCalendarImport, mergeCategory, parseCalendarImport, type CategoryRecord } from '../../../server/rules/rules-input.ts';
import { calendarOfRows } from '../../../server/repositories/reference-repository.ts';

const official2026 = fs.readFileSync(new URL('../../../db/seed-data/holidays-id-2026.json', import.meta.url), 'utf8');

describe('parseCalendarImport', () => {
  it('reads the shipped JSON file: 17 national holidays and 8 cuti bersama days of 2026', () => {
    const r = parseCalendarImport('json', official2026);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.value.year).toBe(2026);
    expect(r.value.days.filter((d) => d.kind === 'national')).toHaveLength(17);
    expect(r.value.days.filter((d) => d.kind === 'cuti_bersama')).toHaveLength(8);
    // No closures key: the file does not speak for closures, so stored closures stay.
    expect(r.value.kinds.sort()).toEqual(['cuti_bersama', 'national']);
  });

  it('reads CSV with ; or , and quoted names, and Indonesian column and kind names', () => {
    const r = parseCalendarImport('csv', '\uFEFFtanggal;jenis;keterangan\r\n2027-01-01;nasional;"Tahun Baru; 2027"\r\n2027-06-01;cuti bersama;Cuti\r\n2027-06-02;closure;Tutup\r\n');
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.value.days).toEqual([
      { date: '2027-01-01', kind: 'national', name: 'Tahun Baru; 2027' },
      { date: '2027-06-01', kind: 'cuti_bersama', name: 'Cuti' },
      { date: '2027-06-02', kind: 'closure', name: 'Tutup' },
    ]);
    expect(r.value.kinds).toContain('closure');
  });

  it('names every problem of a file, by line, in both languages', () => {
    const r = parseCalendarImport('csv', 'date,kind,name\n2027-02-30,national,A\n2027-03-01,libur,B\n2027-03-02,closure,\n2028-01-01,national,C\n2027-05-05,national,D\n2027-05-05,closure,E\n');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const en = r.problems.map((p) => p.message.en);
    expect(en).toContain('line 2: date "2027-02-30" must be YYYY-MM-DD');
    expect(en).toContain('line 3: kind must be national, cuti_bersama or closure');
    expect(en).toContain('line 4: the name is required');
    expect(en).toContain('2028-01-01 (C) is not in 2027; one file per year');
    expect(en).toContain('2027-05-05 is listed twice (D; E)');
    expect(r.problems.every((p) => p.field === 'content' && p.message.id.length > 0)).toBe(true);
    expect(parseCalendarImport('json', '{"year": 2027}').ok).toBe(false);
    expect(parseCalendarImport('json', 'not json').ok).toBe(false);
  });
});

describe('diffCalendarImport', () => {
  const stored: CalendarDayView[] = [
    { date: '2027-01-01', kind: 'national', name: 'Tahun Baru', source: 'official' },
    { date: '2027-05-01', kind: 'national', name: 'Hari Buruh', source: 'official' },
    { date: '2027-07-07', kind: 'closure', name: 'Tutup lokal', source: 'official' },
  ];
  it('added, changed (kind or name), removed; a kind the file does not cover is left alone', () => {
    const diff = diffCalendarImport(stored, {
      year: 2027,
      kinds: ['national', 'cuti_bersama'],
      days: [
        { date: '2027-01-01', kind: 'national', name: 'Tahun Baru Masehi' },
        { date: '2027-12-24', kind: 'cuti_bersama', name: 'Cuti Natal' },
      ],
    });
    expect(diff.added.map((d) => d.date)).toEqual(['2027-12-24']);
    expect(diff.changed.map((c) => [c.date, c.before.name, c.after.name])).toEqual([['2027-01-01', 'Tahun Baru', 'Tahun Baru Masehi']]);
    expect(diff.removed.map((d) => d.date)).toEqual(['2027-05-01']);
  });
});

describe('a removed day', () => {
  it('hides the official row of its date and the library holiday of a year without a list', () => {
    const cal = calendarOfRows([
      { date: '2026-12-25', kind: 'national', name: 'Natal' },
      { date: '2026-12-25', kind: 'removed', name: 'Natal' },
      { date: '2026-01-01', kind: 'national', name: 'Tahun Baru' },
      { date: '2028-01-01', kind: 'removed', name: 'Tahun Baru' },
    ]);
    expect(cal.isWorkingDay('2026-12-25')).toBe(true);
    expect(cal.isWorkingDay('2026-01-01')).toBe(false);
    expect(cal.sourceForYear(2028)).toBe('library');
    expect(cal.isWorkingDay('2028-12-25')).toBe(false); // the library's Christmas stands
    expect(cal.isWorkingDay('2028-01-03')).toBe(true);
    expect(cal.nonWorkingReason('2028-01-01')?.kind).toBe('weekend'); // a Saturday, no longer a holiday
  });
});

describe('category rules', () => {
  const base: CategoryRecord = {
    code: 'sampah',
    name: 'Sampah',
    nameEn: null,
    group: 'lingkungan',
    opdCode: 'DLH',
    externalCode: null,
    emergency: false,
    sla: { dispatchWorkingDays: 3, firstResponseWorkingDays: 5, resolutionWorkingDays: 10 },
  };
  const known = (c: string) => c === 'DLH';

  it('a change keeps the fields it does not name; turning emergency on with hours adds them, off drops them', () => {
    const on = mergeCategory(base, { emergency: true, firstResponseHours: 2, resolutionHours: 12 });
    expect(on.sla).toEqual({ dispatchWorkingDays: 3, firstResponseWorkingDays: 5, resolutionWorkingDays: 10, emergency: { firstResponseHours: 2, resolutionHours: 12 } });
    expect(mergeCategory(on, { emergency: false }).sla.emergency).toBeUndefined();
    expect(mergeCategory(base, { resolutionWorkingDays: 7 }).sla.resolutionWorkingDays).toBe(7);
  });

  it('every problem of the whole at once', () => {
    const raw = { firstResponseWorkingDays: 12, emergency: true, opd: 'X' };
    const problems = categoryProblems(mergeCategory(base, raw), raw, known).map((p) => p.field);
    expect(problems.sort()).toEqual(['firstResponseHours', 'opd', 'resolutionHours', 'resolutionWorkingDays']);
    expect(categoryProblems(base, {}, known)).toEqual([]);
  });
});
