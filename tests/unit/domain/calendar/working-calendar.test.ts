import { describe, expect, it } from 'vitest';
import {
  OFFICIAL_NON_WORKING_DAYS,
  createDefaultWorkingCalendar,
  nonWorkingDaysFromOfficialFile,
} from '../../../../server/domain/calendar/official-non-working-days.ts';
import { createWorkingCalendar } from '../../../../server/domain/calendar/working-calendar.ts';

const cal = createDefaultWorkingCalendar();
const wib = (local: string) => new Date(`${local}+07:00`);
const iso = (d: Date) => d.toISOString();

describe('official data', () => {
  it('ships 2025 and 2026: 17 national holidays and 11 / 8 cuti bersama days', () => {
    const count = (year: string, kind: string) => OFFICIAL_NON_WORKING_DAYS.filter((d) => d.date.startsWith(year) && d.kind === kind).length;
    expect(count('2025', 'national')).toBe(17);
    expect(count('2025', 'cuti_bersama')).toBe(11);
    expect(count('2026', 'national')).toBe(17);
    expect(count('2026', 'cuti_bersama')).toBe(8);
  });

  it('refuses a file row outside the file year', () => {
    expect(() =>
      nonWorkingDaysFromOfficialFile({ year: 2027, national_holidays: [{ date: '2026-01-01', name: 'x' }], cuti_bersama: [] }),
    ).toThrow(RangeError);
  });
});

describe('isWorkingDay / nonWorkingReason', () => {
  it.each([
    // Idul Fitri 2026 with Nyepi: 18-24 Mar are all closed
    ['2026-03-17', true],
    ['2026-03-18', false],
    ['2026-03-19', false],
    ['2026-03-20', false],
    ['2026-03-21', false],
    ['2026-03-22', false],
    ['2026-03-23', false],
    ['2026-03-24', false],
    ['2026-03-25', true],
    // Idul Fitri 2025: 28 Mar - 7 Apr all closed
    ['2025-03-27', true],
    ['2025-03-28', false],
    ['2025-03-31', false],
    ['2025-04-01', false],
    ['2025-04-02', false],
    ['2025-04-04', false],
    ['2025-04-07', false],
    ['2025-04-08', true],
    // year end
    ['2025-12-24', true],
    ['2025-12-25', false],
    ['2025-12-26', false],
    ['2025-12-29', true],
    ['2025-12-31', true],
    ['2026-01-01', false],
    ['2026-01-02', true],
    ['2026-12-23', true],
    ['2026-12-24', false],
    ['2026-12-25', false],
    ['2026-12-28', true],
    // plain weekend and weekday
    ['2026-03-14', false],
    ['2026-03-16', true],
  ])('%s working=%s', (date, working) => {
    expect(cal.isWorkingDay(date)).toBe(working);
    expect(cal.nonWorkingReason(date) === null).toBe(working);
  });

  it('names the official reason, holidays before the weekend', () => {
    expect(cal.nonWorkingReason('2026-03-20')).toEqual({ date: '2026-03-20', kind: 'cuti_bersama', name: 'Cuti bersama Idul Fitri', source: 'official' });
    expect(cal.nonWorkingReasons('2026-03-21').map((r) => r.kind)).toEqual(['national', 'weekend']);
    expect(cal.nonWorkingReason('2026-03-21')?.name).toBe('Idul Fitri 1447 H');
    expect(cal.nonWorkingReason('2026-03-14')).toEqual({ date: '2026-03-14', kind: 'weekend', name: 'Sabtu', source: 'weekday' });
    expect(cal.nonWorkingReason('2026-03-15')?.name).toBe('Minggu');
  });

  it('uses the official list, not the library, for a year with an official list (1 Muharam 2025 is 27 Jun, not 26 Jun)', () => {
    expect(cal.sourceForYear(2025)).toBe('official');
    expect(cal.isWorkingDay('2025-06-26')).toBe(true);
    expect(cal.isWorkingDay('2025-06-27')).toBe(false);
    // Idul Fitri 2025: the library says 30-31 Mar; officially 31 Mar + 1 Apr
    expect(cal.nonWorkingReasons('2025-03-30').map((r) => r.kind)).toEqual(['weekend']);
    expect(cal.nonWorkingReason('2025-04-01')?.name).toBe('Idul Fitri 1446 H');
    // the library calls 16 Jan 2026 "Maulid"; the official list says Isra Mikraj
    expect(cal.nonWorkingReason('2026-01-16')).toMatchObject({ name: 'Isra Mikraj Nabi Muhammad SAW', source: 'official' });
    expect(cal.holidaysOf(2026).every((r) => r.source === 'official')).toBe(true);
  });

  it('falls back to the library for a year without an official national list', () => {
    const libOnly = createWorkingCalendar();
    expect(libOnly.sourceForYear(2025)).toBe('library');
    expect(libOnly.isWorkingDay('2025-06-26')).toBe(false); // the library's (unofficial) 1 Muharam
    expect(libOnly.isWorkingDay('2025-06-27')).toBe(true);
    expect(libOnly.isWorkingDay('2025-04-02')).toBe(true); // no cuti bersama without the list
    expect(cal.sourceForYear(2027)).toBe('library');
    expect(cal.isWorkingDay('2027-08-17')).toBe(false);
    expect(cal.nonWorkingReason('2027-01-01')).toMatchObject({ kind: 'national', source: 'library' });
  });

  it('always adds cuti bersama and closures, even in a library year', () => {
    const c = createWorkingCalendar({
      officialDays: [
        { date: '2027-03-11', kind: 'cuti_bersama', name: 'Cuti bersama Idul Fitri' },
        { date: '2027-02-10', kind: 'closure', name: 'Pemilihan kepala daerah' },
      ],
    });
    expect(c.sourceForYear(2027)).toBe('library');
    expect(c.isWorkingDay('2027-03-11')).toBe(false);
    expect(c.nonWorkingReason('2027-02-10')).toMatchObject({ kind: 'closure', source: 'official' });
    expect(c.isWorkingDay('2027-08-17')).toBe(false); // library national holiday still there
  });

  it('can run without the library (weekends only)', () => {
    const c = createWorkingCalendar({ useLibraryHolidays: false });
    expect(c.sourceForYear(2027)).toBe('none');
    expect(c.isWorkingDay('2027-08-17')).toBe(true);
  });

  it('refuses bad input', () => {
    expect(() => cal.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => cal.isWorkingDay('26-03-01')).toThrow(RangeError);
    expect(() => createWorkingCalendar({ officialDays: [{ date: '2026-13-01', kind: 'national', name: 'x' }] })).toThrow(RangeError);
    expect(() => createWorkingCalendar({ officeHours: { start: '16:00', end: '08:00' } })).toThrow(RangeError);
    expect(() => createWorkingCalendar({ zone: 'Mars/Olympus' })).toThrow(RangeError);
    expect(() => cal.addWorkingDays(wib('2026-03-16T10:00'), -1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays(wib('2026-03-16T10:00'), 1.5)).toThrow(RangeError);
    expect(() => cal.addWorkingDays(new Date('nope'), 1)).toThrow(RangeError);
  });
});

describe('nextWorkingStart (office hours 08:00-16:00 WIB)', () => {
  it.each([
    ['inside office hours: starts at once', '2026-03-17T10:00', '2026-03-17T10:00'],
    ['at office start', '2026-03-17T08:00', '2026-03-17T08:00'],
    ['before office hours: 08:00 the same day', '2026-03-17T06:30', '2026-03-17T08:00'],
    ['at 16:00 sharp: next working day', '2026-03-17T16:00', '2026-03-25T08:00'],
    ['after hours before Nyepi and Idul Fitri', '2026-03-17T17:00', '2026-03-25T08:00'],
    ['on cuti bersama', '2026-03-20T10:00', '2026-03-25T08:00'],
    ['Saturday', '2026-03-14T10:00', '2026-03-16T08:00'],
    ['Friday night', '2026-03-13T22:00', '2026-03-16T08:00'],
  ])('%s', (_label, start, expected) => {
    expect(iso(cal.nextWorkingStart(wib(start)))).toBe(iso(wib(expected)));
  });

  it('reads the local date in WIB, not UTC', () => {
    // 2026-03-16T23:30Z is Tue 17 Mar 06:30 WIB
    expect(iso(cal.nextWorkingStart(new Date('2026-03-16T23:30:00Z')))).toBe(iso(wib('2026-03-17T08:00')));
    expect(cal.isWithinOfficeHours(new Date('2026-03-17T02:00:00Z'))).toBe(true); // 09:00 WIB
    expect(cal.isWithinOfficeHours(new Date('2026-03-17T09:00:00Z'))).toBe(false); // 16:00 WIB
  });
});

describe('addWorkingDays: due at 16:00 WIB on the n-th working day after the clock-start day', () => {
  it.each([
    // [case, start (WIB), n, due (WIB)]
    ['Idul Fitri 2026, inside hours', '2026-03-17T10:00', 3, '2026-03-27T16:00'],
    ['Idul Fitri 2026, before hours counts the day as day 0', '2026-03-17T07:00', 3, '2026-03-27T16:00'],
    ['Idul Fitri 2026, after hours', '2026-03-17T17:00', 3, '2026-03-30T16:00'],
    ['Nyepi 2026: one working day spans the whole break', '2026-03-17T10:00', 1, '2026-03-25T16:00'],
    ['received on cuti bersama', '2026-03-20T10:00', 1, '2026-03-26T16:00'],
    ['10 days across Idul Fitri and Wafat Yesus Kristus 2026', '2026-03-16T09:00', 10, '2026-04-07T16:00'],
    ['5 days from before the break', '2026-03-16T09:00', 5, '2026-03-30T16:00'],
    ['n = 0: the same working day', '2026-03-16T10:00', 0, '2026-03-16T16:00'],
    ['n = 0 after hours: the next working day', '2026-03-16T18:00', 0, '2026-03-17T16:00'],
    ['weekend receipt', '2026-03-14T10:00', 3, '2026-03-26T16:00'],
    ['Idul Fitri 2025 (Nyepi Sat 29 Mar, break to 7 Apr)', '2025-03-27T10:00', 3, '2025-04-10T16:00'],
    ['Idul Fitri 2025, after hours', '2025-03-27T16:30', 1, '2025-04-09T16:00'],
    ['Idul Fitri 2025, received on Idul Fitri', '2025-03-31T09:00', 1, '2025-04-09T16:00'],
    ['Nyepi 2025 (Sat) with cuti Fri 28 Mar', '2025-03-26T10:00', 1, '2025-03-27T16:00'],
    ['Christmas 2025', '2025-12-24T11:00', 2, '2025-12-30T16:00'],
    ['year end 2025 -> 2026', '2025-12-24T11:00', 3, '2025-12-31T16:00'],
    ['year end 2025 -> 2026 across New Year', '2025-12-24T11:00', 4, '2026-01-02T16:00'],
    ['Christmas 2026 (24 cuti, 25 holiday)', '2026-12-23T15:00', 1, '2026-12-28T16:00'],
    ['Christmas 2026, at 16:00 sharp', '2026-12-23T16:00', 1, '2026-12-29T16:00'],
    ['1 Muharam 2025 is 27 Jun (officially), not 26 Jun', '2025-06-25T10:00', 1, '2025-06-26T16:00'],
    ['1 Muharam 2025, next day', '2025-06-26T10:00', 1, '2025-06-30T16:00'],
  ])('%s: %s + %i -> %s', (_label, start, n, due) => {
    expect(iso(cal.addWorkingDays(wib(start), n))).toBe(iso(wib(due)));
  });

  it('accepts instants in any offset', () => {
    // 09:30Z = 16:30 WIB: after hours
    expect(iso(cal.addWorkingDays(new Date('2026-03-17T09:30:00Z'), 3))).toBe(iso(wib('2026-03-30T16:00')));
  });
});

describe('workingDaysBetween', () => {
  it.each([
    ['2026-03-17T10:00', '2026-03-25T10:00', 1],
    ['2026-03-16T09:00', '2026-04-07T16:00', 10],
    ['2026-04-07T16:00', '2026-03-16T09:00', -10],
    ['2026-03-17T08:00', '2026-03-17T20:00', 0],
    ['2025-12-24T11:00', '2026-01-02T16:00', 4],
  ])('%s -> %s = %i', (a, b, n) => {
    expect(cal.workingDaysBetween(wib(a), wib(b))).toBe(n);
  });

  it('counts local dates', () => {
    expect(cal.workingDaysBetweenDates('2025-03-27', '2025-04-08')).toBe(1);
    expect(cal.workingDaysBetweenDates('2025-03-27', '2025-03-27')).toBe(0);
  });
});

describe('addHours (emergency categories, around the clock)', () => {
  it('ignores holidays and office hours', () => {
    expect(iso(cal.addHours(wib('2026-03-20T22:30'), 24))).toBe(iso(wib('2026-03-21T22:30')));
    expect(iso(cal.addHours(wib('2026-03-21T23:30'), 1))).toBe(iso(wib('2026-03-22T00:30')));
  });
  it('refuses negative hours', () => {
    expect(() => cal.addHours(wib('2026-03-20T22:30'), -1)).toThrow(RangeError);
  });
});

describe('explainWorkingDays and formatting', () => {
  it('spells out an after-hours start across Idul Fitri 2026', () => {
    const e = cal.explainWorkingDays(wib('2026-03-17T17:00'), 3);
    expect(iso(e.clockStart)).toBe(iso(wib('2026-03-25T08:00')));
    expect(e.startShift).toEqual({ kind: 'after_office_hours', reason: null });
    expect(e.countedDays).toEqual(['2026-03-26', '2026-03-27', '2026-03-30']);
    expect(e.skippedDays.map((s) => s.date)).toEqual([
      '2026-03-18',
      '2026-03-19',
      '2026-03-20',
      '2026-03-21',
      '2026-03-22',
      '2026-03-23',
      '2026-03-24',
      '2026-03-28',
      '2026-03-29',
    ]);
    expect(iso(e.deadline)).toBe(iso(cal.addWorkingDays(wib('2026-03-17T17:00'), 3)));
    expect(e.text.en).toContain('Due by Mon 30 Mar 2026 16:00 WIB');
    expect(e.text.id).toContain('Batas waktu: Senin 30 Mar 2026 16:00 WIB');
    expect(e.text.en).toContain('after office hours');
  });

  it('names the holiday when the receipt falls on one', () => {
    const e = cal.explainWorkingDays(wib('2026-03-20T10:00'), 1);
    expect(e.startShift?.kind).toBe('non_working_day');
    expect(e.startShift?.reason?.name).toBe('Cuti bersama Idul Fitri');
    expect(e.skippedDays[0].date).toBe('2026-03-20');
    expect(e.countedDays).toEqual(['2026-03-26']);
  });

  it('formats WIB times in Indonesian and English', () => {
    expect(cal.formatInstant(wib('2026-03-24T16:00'), 'en')).toBe('Tue 24 Mar 2026 16:00 WIB');
    expect(cal.formatInstant(wib('2026-03-24T16:00'), 'id')).toBe('Selasa 24 Mar 2026 16:00 WIB');
    expect(cal.formatInstant(new Date('2026-03-24T09:00:00Z'))).toBe('Selasa 24 Mar 2026 16:00 WIB');
  });
});

describe('configuration', () => {
  it('honours other office hours', () => {
    const c = createDefaultWorkingCalendar({ officeHours: { start: '07:30', end: '16:30' } });
    expect(iso(c.nextWorkingStart(wib('2026-03-16T16:15')))).toBe(iso(wib('2026-03-16T16:15')));
    expect(iso(c.addWorkingDays(wib('2026-03-16T10:00'), 1))).toBe(iso(wib('2026-03-17T16:30')));
  });

  it('honours other weekends', () => {
    const c = createWorkingCalendar({ useLibraryHolidays: false, weekendDays: [7] });
    expect(c.isWorkingDay('2026-03-14')).toBe(true);
    expect(c.isWorkingDay('2026-03-15')).toBe(false);
  });
});
