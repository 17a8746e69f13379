import { describe, expect, it } from 'vitest';
import { createI18n } from '../../../../client/src/i18n/i18n.ts';
import {
  availabilityText,
  clockOrDate,
  describeWindow,
  failureText,
  hhmmOf,
  latencyText,
  minutesOfDay,
  outageMs,
  resolvedLine,
  sinceText,
  timelineEvent,
  wallClock,
  wibDay,
} from '../../../../client/src/teknisi/teknisi-format.ts';

const id = createI18n('id');
const en = createI18n('en');
// 2026-03-05 14:32:05 WIB
const now = Date.parse('2026-03-05T07:32:05Z');

describe('times and durations', () => {
  it('says "since" with the clock today and with the date on another WIB day', () => {
    expect(sinceText('2026-03-05T06:45:00Z', now, id)).toBe('sejak 13.45 WIB');
    expect(sinceText('2026-03-05T06:45:00Z', now, en)).toBe('since 13:45 WIB');
    // 23:50 WIB the day before (16:50 UTC): another WIB day, although the same UTC day.
    expect(sinceText('2026-03-04T16:50:00Z', now, id)).toBe('sejak 4 Mar 23.50 WIB');
    expect(sinceText('2026-03-04T16:50:00Z', now, en)).toBe('since 4 Mar 23:50 WIB');
  });

  it('judges "today" by the WIB calendar, not UTC', () => {
    // 00:30 WIB on 6 March is still 5 March in UTC.
    expect(wibDay(Date.parse('2026-03-05T17:30:00Z'))).toBe('2026-03-06');
    expect(clockOrDate(Date.parse('2026-03-05T17:30:00Z'), Date.parse('2026-03-05T17:40:00Z'), id)).toBe('00.30');
  });

  it('measures an outage to now while open and to the resolution once resolved, never negative', () => {
    expect(outageMs('2026-03-05T06:45:00Z', null, now)).toBe(47 * 60_000 + 5_000);
    expect(outageMs('2026-03-05T06:45:00Z', '2026-03-05T07:00:00Z', now)).toBe(15 * 60_000);
    // A client clock behind the server's must not show a negative duration.
    expect(outageMs('2026-03-05T08:00:00Z', null, now)).toBe(0);
  });

  it('renders live durations with the two largest units', () => {
    expect(id.duration(outageMs('2026-03-05T06:45:00Z', null, now))).toBe('47 mnt 5 dtk');
    expect(en.duration(outageMs('2026-03-05T05:30:00Z', null, now))).toBe('2 h 2 min');
    expect(id.duration(outageMs('2026-03-03T05:00:00Z', null, now))).toBe('2 hr 2 j');
    expect(id.duration(0)).toBe('0 dtk');
  });

  it('converts wall-clock strings', () => {
    expect(minutesOfDay('01:30')).toBe(90);
    expect(minutesOfDay('24:00')).toBeNull();
    expect(minutesOfDay('1:30')).toBeNull();
    expect(hhmmOf(23 * 60 + 120)).toBe('01:00');
    expect(hhmmOf(-30)).toBe('23:30');
    expect(wallClock('01:30', 'id')).toBe('01.30');
    expect(wallClock('01:30', 'en')).toBe('01:30');
  });
});

describe('describeWindow', () => {
  it('describes a weekly window (Sunday 01:00-03:00 WIB)', () => {
    const w = { kind: 'weekly' as const, weekday: 7, startTime: '01:00', durationMinutes: 120 };
    expect(describeWindow(w, id)).toBe('Setiap Minggu 01.00–03.00 WIB');
    expect(describeWindow(w, en)).toBe('Every Sunday 01:00–03:00 WIB');
  });

  it('describes a daily window past midnight, with its limits', () => {
    const w = { kind: 'daily' as const, startTime: '23:30', durationMinutes: 90, activeFrom: '2026-03-01T00:00:00+07:00', activeUntil: '2026-04-30T00:00:00+07:00' };
    expect(describeWindow(w, id)).toBe('Setiap hari 23.30–01.00 WIB, mulai 1 Mar, sampai 30 Apr');
    expect(describeWindow({ ...w, activeFrom: null, activeUntil: null }, en)).toBe('Every day 23:30–01:00 WIB');
  });

  it('describes a weekly window of a day or more by its length', () => {
    expect(describeWindow({ kind: 'weekly', weekday: 6, startTime: '22:00', durationMinutes: 26 * 60 }, id)).toBe('Setiap Sabtu mulai 22.00 WIB selama 1 hr 2 j');
  });

  it('describes a one-off window with one date when it starts and ends on the same WIB day', () => {
    expect(describeWindow({ kind: 'once', start: '2026-03-05T22:00:00+07:00', end: '2026-03-05T23:30:00+07:00' }, id)).toBe('Sekali: 5 Mar 22.00 – 23.30 WIB');
    expect(describeWindow({ kind: 'once', start: '2026-03-05T22:00:00+07:00', end: '2026-03-06T02:00:00+07:00' }, en)).toBe('Once: 5 Mar 22:00 – 6 Mar 02:00 WIB');
  });
});

describe('numbers', () => {
  it('never rounds an outage away into 100%', () => {
    expect(availabilityText({ percent: 100, downMs: 0 }, 'id')).toBe('100%');
    expect(availabilityText({ percent: 99.9999, downMs: 60_000 }, 'id')).toBe('99,99%');
    expect(availabilityText({ percent: 99.95, downMs: 1 }, 'en')).toBe('99.95%');
    expect(availabilityText({ percent: 97.26, downMs: 1 }, 'en')).toBe('97.2%');
    expect(availabilityText({ percent: null, downMs: 0 }, 'id')).toBe('–');
  });

  it('shows latency in ms below a second and in seconds above', () => {
    expect(latencyText(123.4, 'id')).toBe('123 ms');
    expect(latencyText(1234, 'id')).toBe('1,2 s');
    expect(latencyText(1234, 'en')).toBe('1.2 s');
    expect(latencyText(null, 'en')).toBe('–');
  });
});

describe('resolvedLine', () => {
  it('names who handled it only when someone else resolved it', () => {
    const base = { openedAt: '2026-03-05T04:58:00Z', resolvedAt: '2026-03-05T05:31:00Z' };
    expect(resolvedLine({ ...base, acknowledgedBy: 'Andi P.', resolvedBy: 'system' }, wibDay(now), id)).toBe('11.58 → 12.31 WIB · ditangani oleh Andi P. · pulih sendiri');
    expect(resolvedLine({ ...base, acknowledgedBy: 'Dedi K.', resolvedBy: 'Dedi K.' }, wibDay(now), id)).toBe('11.58 → 12.31 WIB · diselesaikan oleh Dedi K.');
    expect(resolvedLine({ ...base, acknowledgedBy: null, resolvedBy: null }, wibDay(now), en)).toBe('11:58 → 12:31 WIB · recovered by itself');
  });
});

describe('failureText', () => {
  it('shows a refusal in the page language', () => {
    const refused = { kind: 'refused' as const, refusal: { error: 'already_acknowledged', message: { id: 'Sudah ditangani oleh Budi.', en: 'Already acknowledged by Budi.' } } };
    expect(failureText(refused, id)).toBe('Sudah ditangani oleh Budi.');
    expect(failureText(refused, en)).toBe('Already acknowledged by Budi.');
  });

  it('splits the server\'s "Indonesian. (English.)" messages and has words for the rest', () => {
    const invalid = { kind: 'invalid' as const, message: 'Isian tidak valid. (Invalid input.)' };
    expect(failureText(invalid, id)).toBe('Isian belum benar: Isian tidak valid.');
    expect(failureText(invalid, en)).toBe('Please check the form: Invalid input.');
    expect(failureText({ kind: 'network' }, id)).toBe(id.t('tkErrNetwork'));
    expect(failureText({ kind: 'server', status: 503 }, en)).toBe(en.t('tkErrServer'));
    expect(failureText({ kind: 'not_found', message: null }, id)).toBe(id.t('tkErrNotFound'));
  });
});

describe('malformed timestamps', () => {
  it('cost one text, never an exception (Intl throws on an invalid date)', () => {
    expect(sinceText('not a date', now, id)).toBe('sejak – WIB');
    expect(clockOrDate(Number.NaN, now, en)).toBe('–');
    expect(outageMs('', null, now)).toBe(0);
    expect(wibDay(Number.NaN)).toBe('');
  });
});

describe('timelineEvent', () => {
  const recovered = { at: '2026-03-05T07:00:00Z', kind: 'resolved' as const, actor: 'system', note: 'pulih otomatis / recovered' };

  it('says a service recovered by itself in the page language only, whatever the stored note says', () => {
    expect(timelineEvent(recovered, id)).toEqual({ label: 'Pulih sendiri', actor: 'sistem', note: null });
    expect(timelineEvent(recovered, en)).toEqual({ label: 'Recovered by itself', actor: 'system', note: null });
    expect(timelineEvent({ ...recovered, note: null }, en).label).toBe('Recovered by itself');
  });

  it('drops notes the system wrote (they were never in the reader\'s language) and keeps people\'s notes', () => {
    const escalated = { at: recovered.at, kind: 'escalated' as const, actor: 'system', note: 'belum ditangani 15 menit' };
    expect(timelineEvent(escalated, en)).toEqual({ label: 'Escalated (not acknowledged in time)', actor: 'system', note: null });
    const resolvedByHand = { at: recovered.at, kind: 'resolved' as const, actor: 'andi', note: 'kabel diganti' };
    expect(timelineEvent(resolvedByHand, en)).toEqual({ label: 'Resolved', actor: 'andi', note: 'kabel diganti' });
    expect(timelineEvent({ ...resolvedByHand, kind: 'opened', actor: null, note: null }, id)).toEqual({ label: 'Layanan mati, insiden dibuka', actor: 'sistem', note: null });
  });
});
