import { describe, expect, it } from 'vitest';
import { createI18n, durationParts, langFromSearch } from '../../../client/src/i18n/i18n.ts';
import { MESSAGES } from '../../../client/src/i18n/messages.ts';
import { connectionText } from '../../../client/src/wall/connection-text.ts';

const at = Date.parse('2026-03-05T07:32:05Z'); // 14:32:05 WIB

describe('i18n', () => {
  it('defaults to Indonesian; ?lang=en selects English', () => {
    expect(langFromSearch('')).toBe('id');
    expect(langFromSearch('?lang=en&token=x')).toBe('en');
    expect(langFromSearch('?lang=fr')).toBe('id');
  });

  it('on /login without a language of its own, speaks the language of the page it leads to', () => {
    expect(langFromSearch('?next=%2Fwall%3Flang%3Den')).toBe('en');
    expect(langFromSearch('?next=%2Fwall%3Flang%3Den&lang=id')).toBe('id');
    expect(langFromSearch('?next=%2Fteknisi')).toBe('id');
    expect(langFromSearch('?next=garbage%3F%3F')).toBe('id');
  });

  it('has the same keys in both languages', () => {
    expect(Object.keys(MESSAGES.en).sort()).toEqual(Object.keys(MESSAGES.id).sort());
  });

  it('formats times in WIB whatever the machine time zone', () => {
    expect(createI18n('id').time(at)).toBe('14.32.05');
    expect(createI18n('en').time(at)).toBe('14:32:05');
    expect(createI18n('en').timeShort(at)).toBe('14:32');
  });

  it('formats numbers in the chosen locale', () => {
    expect(createI18n('id').number(12345)).toBe('12.345');
    expect(createI18n('en').number(12345)).toBe('12,345');
    expect(createI18n('id').percent(0.823)).toBe('82%');
  });

  it('gives durations in their two largest units', () => {
    expect(durationParts(90_061_000)).toEqual({ days: 1, hours: 1, minutes: 1, seconds: 1 });
    const id = createI18n('id');
    expect(id.duration(45_000)).toBe('45 dtk');
    expect(id.duration(6 * 60_000 + 21_000)).toBe('6 mnt 21 dtk');
    expect(id.duration(2 * 3600_000 + 5 * 60_000 + 7_000)).toBe('2 j 5 mnt');
    expect(createI18n('en').duration(3600_000)).toBe('1 h');
    expect(id.duration(-5)).toBe('0 dtk');
  });

  it('writes the connection badge exactly', () => {
    expect(connectionText('live', at, createI18n('en'))).toBe('LIVE');
    expect(connectionText('live', at, createI18n('id'))).toBe('LIVE');
    expect(connectionText('reconnecting', at, createI18n('en'))).toBe('RECONNECTING - data as of 14:32:05 WIB');
    expect(connectionText('reconnecting', at, createI18n('id'))).toBe('MENYAMBUNG ULANG - data per 14.32.05 WIB');
    expect(connectionText('connecting', null, createI18n('en'))).toBe('CONNECTING…');
    expect(connectionText('stale', at, createI18n('id'))).toBe('TERTUNDA - data per 14.32.05 WIB');
    expect(connectionText('stale', at, createI18n('en'))).toBe('DELAYED - data as of 14:32:05 WIB');
    expect(connectionText('stale', null, createI18n('en'))).toBe('DELAYED - no data yet');
  });
});
