// The official Indonesian non-working days shipped with Pantau (SKB 3 Menteri lists). The
// files in db/seed-data/ are the one copy: the seeder loads them into `calendar_days`, where
// admins edit them; this module turns the same files into calendar input for defaults and tests.
import holidays2025 from '../../../db/seed-data/holidays-id-2025.json' with { type: 'json' };
import holidays2026 from '../../../db/seed-data/holidays-id-2026.json' with { type: 'json' };
import { assertLocalDate } from '../time/local-time.ts';
import { createWorkingCalendar, type NonWorkingDay, type WorkingCalendar, type WorkingCalendarOptions } from './working-calendar.ts';

/** Shape of db/seed-data/holidays-id-<year>.json. */
export interface OfficialHolidayFile {
  year: number;
  national_holidays: { date: string; name: string }[];
  cuti_bersama: { date: string; name: string }[];
  closures?: { date: string; name: string }[];
}

export function nonWorkingDaysFromOfficialFile(file: OfficialHolidayFile): NonWorkingDay[] {
  const out: NonWorkingDay[] = [];
  const push = (rows: { date: string; name: string }[] | undefined, kind: NonWorkingDay['kind']) => {
    for (const r of rows ?? []) {
      assertLocalDate(r.date);
      if (Number(r.date.slice(0, 4)) !== file.year) throw new RangeError(`${r.date} (${r.name}) is not in the file's year ${file.year}`);
      out.push({ date: r.date, kind, name: r.name });
    }
  };
  push(file.national_holidays, 'national');
  push(file.cuti_bersama, 'cuti_bersama');
  push(file.closures, 'closure');
  return out;
}

export const OFFICIAL_NON_WORKING_DAYS: readonly NonWorkingDay[] = Object.freeze([
  ...nonWorkingDaysFromOfficialFile(holidays2025),
  ...nonWorkingDaysFromOfficialFile(holidays2026),
]);

/** A calendar with the shipped official lists (2025, 2026) plus the library for other years. */
export function createDefaultWorkingCalendar(options: Omit<WorkingCalendarOptions, 'officialDays'> & { extraDays?: readonly NonWorkingDay[] } = {}): WorkingCalendar {
  const { extraDays = [], ...rest } = options;
  return createWorkingCalendar({ ...rest, officialDays: [...OFFICIAL_NON_WORKING_DAYS, ...extraDays] });
}
