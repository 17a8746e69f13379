import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  defaultForm,
  formFromSpec,
  formToRequest,
  isCalendarDate,
  normaliseTime,
  NOTE_MAX,
  wibInstant,
  wibParts,
  wibWeekday,
  type MaintenanceForm,
} from '../../../../client/src/teknisi/maintenance-form.ts';
// The server's own schema: whatever the form sends must pass it.
import { maintenanceWindowSchema } from '../../../../server/domain/uptime/maintenance-window.ts';

// Thursday 2026-03-05 14:32 WIB
const now = Date.parse('2026-03-05T07:32:00Z');

function form(extra: Partial<MaintenanceForm>): MaintenanceForm {
  return { ...defaultForm(now), ...extra };
}

function errorsOf(f: MaintenanceForm): string[] {
  const r = formToRequest(f, now);
  return r.ok ? [] : r.errors.map((e) => `${e.field}:${e.key}`);
}

describe('WIB dates and times', () => {
  it('splits an instant into the WIB date and clock time, whatever the machine zone', () => {
    expect(wibParts(Date.parse('2026-03-05T17:30:00Z'))).toEqual({ date: '2026-03-06', time: '00:30' });
    expect(wibInstant('2026-03-06', '00:30')).toBe('2026-03-06T00:30:00+07:00');
    expect(Date.parse(wibInstant('2026-03-06', '00:30') as string)).toBe(Date.parse('2026-03-05T17:30:00Z'));
    expect(wibWeekday(now)).toBe(4);
    expect(wibWeekday(Date.parse('2026-03-07T17:30:00Z'))).toBe(7); // Sunday 00:30 WIB
  });

  it('accepts HH:mm and HH:mm:ss, and real calendar dates only', () => {
    expect(normaliseTime('07:05')).toBe('07:05');
    expect(normaliseTime('07:05:00')).toBe('07:05');
    expect(normaliseTime('24:00')).toBeNull();
    expect(normaliseTime('7:05')).toBeNull();
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('05/03/2026')).toBe(false);
  });

  it('starts a new form at the next full hour for two hours, on today\'s weekday', () => {
    expect(defaultForm(now)).toMatchObject({ kind: 'once', startDate: '2026-03-05', startTime: '15:00', endDate: '2026-03-05', endTime: '17:00', weekday: 4, note: '' });
    // 23:30 WIB: the window runs into the next day.
    expect(defaultForm(Date.parse('2026-03-05T16:30:00Z'))).toMatchObject({ startDate: '2026-03-06', startTime: '00:00', endDate: '2026-03-06', endTime: '02:00' });
  });
});

describe('formToRequest', () => {
  it('builds a one-off window with WIB offsets', () => {
    const r = formToRequest(form({ kind: 'once', startDate: '2026-03-05', startTime: '22:00', endDate: '2026-03-06', endTime: '02:00', note: '  Migrasi server  ' }), now);
    expect(r).toEqual({
      ok: true,
      durationMinutes: 240,
      request: { window: { kind: 'once', start: '2026-03-05T22:00:00+07:00', end: '2026-03-06T02:00:00+07:00' }, note: 'Migrasi server' },
    });
  });

  it('refuses a one-off window that ends before it starts, or has already ended', () => {
    expect(errorsOf(form({ kind: 'once', startDate: '2026-03-05', startTime: '22:00', endDate: '2026-03-05', endTime: '21:00' }))).toEqual(['endTime:tkErrEndBeforeStart']);
    expect(errorsOf(form({ kind: 'once', startDate: '2026-03-05', startTime: '22:00', endDate: '2026-03-05', endTime: '22:00' }))).toEqual(['endTime:tkErrEndBeforeStart']);
    expect(errorsOf(form({ kind: 'once', startDate: '2026-03-05', startTime: '10:00', endDate: '2026-03-05', endTime: '12:00' }))).toEqual(['endTime:tkErrEndPast']);
    // Started already but still running: fine (e.g. recording an emergency fix).
    expect(errorsOf(form({ kind: 'once', startDate: '2026-03-05', startTime: '14:00', endDate: '2026-03-05', endTime: '16:00' }))).toEqual([]);
  });

  it('points at each bad field', () => {
    expect(errorsOf(form({ kind: 'once', startDate: '2026-02-30', endDate: '', startTime: '25:00' })).sort()).toEqual(['endDate:tkErrDate', 'startDate:tkErrDate', 'startTime:tkErrTime']);
    expect(errorsOf(form({ note: 'x'.repeat(NOTE_MAX + 1) }))).toEqual(['note:tkErrNoteLong']);
    expect(errorsOf(form({ kind: 'weekly', weekday: 0 }))).toEqual(['weekday:tkErrWeekday']);
  });

  it('turns a start and end time into startTime + durationMinutes; an earlier end is the next day', () => {
    expect(formToRequest(form({ kind: 'daily', startTime: '23:00', endTime: '01:30' }), now)).toMatchObject({
      ok: true,
      request: { window: { kind: 'daily', startTime: '23:00', durationMinutes: 150 } },
    });
    expect(formToRequest(form({ kind: 'weekly', weekday: 7, startTime: '01:00', endTime: '03:00' }), now)).toMatchObject({
      ok: true,
      request: { window: { kind: 'weekly', weekday: 7, startTime: '01:00', durationMinutes: 120 } },
    });
    expect(errorsOf(form({ kind: 'daily', startTime: '01:00', endTime: '01:00' }))).toEqual(['endTime:tkErrSameTime']);
  });

  it('ignores the fields the kind does not use, and keeps limits of an edited window', () => {
    const r = formToRequest(form({ kind: 'daily', startDate: 'rubbish', endDate: '', startTime: '02:00', endTime: '03:00', activeFrom: '2026-03-01T00:00:00+07:00', activeUntil: null }), now);
    expect(r).toMatchObject({ ok: true, request: { window: { kind: 'daily', startTime: '02:00', durationMinutes: 60, activeFrom: '2026-03-01T00:00:00+07:00' } } });
    expect(r.ok && 'note' in r.request).toBe(false);
    expect(r.ok && 'activeUntil' in r.request.window).toBe(false);
  });

  it('sends only what the server schema accepts (property)', () => {
    const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    const date = fc.integer({ min: 0, max: 400 }).map((d) => wibParts(now + d * 86_400_000).date);
    fc.assert(
      fc.property(fc.constantFrom('once', 'daily', 'weekly' as const), date, hhmm, date, hhmm, fc.integer({ min: -2, max: 9 }), (kind, startDate, startTime, endDate, endTime, weekday) => {
        const r = formToRequest(form({ kind: kind as MaintenanceForm['kind'], startDate, startTime, endDate, endTime, weekday }), now);
        if (r.ok) expect(maintenanceWindowSchema.safeParse(r.request.window).success).toBe(true);
      }),
    );
  });
});

describe('formFromSpec', () => {
  it('fills the form from a stored window, and saving it unchanged gives the same window (property)', () => {
    const recurring = fc.oneof(
      fc.record({ kind: fc.constant('daily' as const), startTime: fc.constantFrom('00:00', '01:30', '23:45'), durationMinutes: fc.integer({ min: 1, max: 1439 }) }),
      fc.record({
        kind: fc.constant('weekly' as const),
        weekday: fc.integer({ min: 1, max: 7 }),
        startTime: fc.constantFrom('00:00', '12:05', '22:00'),
        durationMinutes: fc.integer({ min: 1, max: 1439 }),
      }),
    );
    fc.assert(
      fc.property(recurring, (spec) => {
        const r = formToRequest(formFromSpec(spec, 'catatan', now), now);
        expect(r).toMatchObject({ ok: true, request: { window: spec, note: 'catatan' } });
      }),
    );
  });

  it('round-trips a one-off window through WIB fields', () => {
    const spec = { kind: 'once' as const, start: '2026-03-06T17:00:00Z', end: '2026-03-06T19:30:00Z' };
    const f = formFromSpec(spec, null, now);
    expect(f).toMatchObject({ kind: 'once', startDate: '2026-03-07', startTime: '00:00', endDate: '2026-03-07', endTime: '02:30', note: '' });
    const r = formToRequest(f, now);
    expect(r.ok && Date.parse((r.request.window as { start: string }).start)).toBe(Date.parse(spec.start));
    expect(r.ok && Date.parse((r.request.window as { end: string }).end)).toBe(Date.parse(spec.end));
  });
});
