import { describe, expect, it } from 'vitest';
import { auditDiff, fieldErrorsOf, generatePassword, isLastAdmin, sectionHref, sectionOf, shownValue } from '../../../../client/src/admin/admin-model.ts';
import { failureOf } from '../../../../client/src/screens/api-client.ts';

describe('admin sections in the address', () => {
  it('reads the section, falling back to the first', () => {
    expect(sectionOf('/admin')).toBe('pengguna');
    expect(sectionOf('/admin/audit')).toBe('audit');
    expect(sectionOf('/admin/audit/')).toBe('audit');
    expect(sectionOf('/admin/nope')).toBe('pengguna');
  });
  it('keeps English and the query', () => {
    expect(sectionHref('audit', 'en', { action: 'user.update', actor: null })).toBe('/admin/audit?action=user.update&lang=en');
    expect(sectionHref('layar', 'id')).toBe('/admin/layar');
  });
});

describe('generatePassword', () => {
  it('16 unambiguous characters in groups of 4, different each time', () => {
    const p = generatePassword();
    expect(p).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{4}(-[a-km-zA-HJ-NP-Z2-9]{4}){3}$/);
    expect(generatePassword()).not.toBe(p);
  });
  it('does not favour characters (bytes past the last full alphabet round are skipped)', () => {
    let calls = 0;
    const p = generatePassword((b) => {
      calls += 1;
      return b.fill(calls === 1 ? 255 : 0);
    });
    expect(p).toBe('aaaa-aaaa-aaaa-aaaa');
    expect(calls).toBe(2);
  });
});

describe('fieldErrorsOf', () => {
  it('splits a 400 by field, in the page language', () => {
    const f = failureOf(400, { errors: [{ field: 'username', message: 'salah' }, { field: 'roles', message: 'paling sedikit 1 isi' }, { field: 'username', message: 'terlalu panjang' }] });
    expect(fieldErrorsOf(f, 'id')).toEqual({ username: 'salah; terlalu panjang', roles: 'paling sedikit 1 isi' });
    expect(fieldErrorsOf(failureOf(409, {}), 'id')).toEqual({});
  });
  it('knows the last-admin refusal', () => {
    expect(isLastAdmin(failureOf(409, { error: 'last_admin', message: 'x' }))).toBe(true);
    expect(isLastAdmin(failureOf(409, { error: 'conflict' }))).toBe(false);
  });
});

describe('auditDiff', () => {
  it('changed fields first, then the unchanged ones', () => {
    const rows = auditDiff({ username: 'budi', roles: ['operator'], active: true }, { username: 'budi', roles: ['operator', 'pimpinan'], active: false, sessionsEnded: 1 });
    expect(rows.map((r) => [r.field, r.changed])).toEqual([
      ['roles', true],
      ['active', true],
      ['sessionsEnded', true],
      ['username', false],
    ]);
    expect(rows[0]).toMatchObject({ before: 'operator', after: 'operator, pimpinan' });
  });
  it('a creation has no before; a plain value is one field', () => {
    expect(auditDiff(null, { code: 'x' })).toEqual([{ field: 'code', before: '', after: 'x', changed: true }]);
    expect(auditDiff(undefined, 5)).toEqual([{ field: 'value', before: '', after: '5', changed: true }]);
  });
  it('shows values plainly', () => {
    expect(shownValue(null)).toBe('—');
    expect(shownValue({ a: 1 })).toBe('{"a":1}');
  });
});
