import { describe, expect, it } from 'vitest';
import { cleanString, normalizeUsername, passwordProblems, plainText, usernameSchema } from '../../../server/auth/account-rules.ts';
import { parseCookies } from '../../../server/auth/cookies.ts';
import { isSameOrigin } from '../../../server/auth/http-auth.ts';
import { loginRedirect } from '../../../server/auth/page-access.ts';
import { parseRevocation, revocationRoom } from '../../../server/auth/revocation-bus.ts';
import { auditRow, redactForAudit } from '../../../server/audit/audit-log.ts';
import { auditQuery, endsSessions, removesLastAdmin } from '../../../server/admin/admin-rules.ts';

describe('passwords and names', () => {
  it('refuses short, username-containing, repeated and control-character passwords', () => {
    expect(passwordProblems('kata-sandi-kuat-2026', 'budi')).toEqual([]);
    expect(passwordProblems('pendek', 'budi').map((p) => p.en)).toEqual(['at least 12 characters']);
    expect(passwordProblems('budi-santoso-2026', 'Budi').map((p) => p.en)).toEqual(['must not contain the username']);
    expect(passwordProblems('aaaaaaaaaaaaaaaa').map((p) => p.en)).toEqual(['must not be one repeated character']);
    expect(passwordProblems('kata\u0000sandi-kuat').map((p) => p.en)).toContain('must not contain control characters');
    expect(passwordProblems('x'.repeat(257)).map((p) => p.en)).toContain('at most 256 characters');
    // Length counts characters, not UTF-16 units.
    expect(passwordProblems('🙈🙈🙈🙈🙈🙈').map((p) => p.en)).toEqual(['at least 12 characters']);
  });

  it('normalizes usernames and refuses odd ones', () => {
    expect(normalizeUsername('  Budi.Santoso ')).toBe('budi.santoso');
    expect(usernameSchema.parse('Siti_Aminah')).toBe('siti_aminah');
    for (const bad of ['a', "admin'--", 'a b', '-lead', 'x'.repeat(65), 'budi\u0000', 'éclair']) expect(usernameSchema.safeParse(bad).success, bad).toBe(false);
  });

  it('keeps free text printable and valid Unicode', () => {
    expect(plainText(20).parse('  Videotron lobi ')).toBe('Videotron lobi');
    expect(plainText(20).safeParse('a\u0000b').success).toBe(false);
    expect(plainText(20).safeParse('a\u001bb').success).toBe(false);
    expect(plainText(20).safeParse('a\ud800b').success).toBe(false);
    expect(plainText(20).safeParse('   ').success).toBe(false);
    expect(plainText(20).safeParse('Layar 🙈 satu').success).toBe(true);
    expect(cleanString(10).safeParse('a\nb').success).toBe(false);
  });
});

describe('cookies and origins', () => {
  it('parses a Cookie header strictly', () => {
    const c = parseCookies('a=1; pantau_session=pss_abc%2Bdef; b="quoted"; broken=%E0%A4%A; =nameless; a=second');
    expect(c.get('a')).toBe('1');
    expect(c.get('pantau_session')).toBe('pss_abc+def');
    expect(c.get('b')).toBe('quoted');
    expect(c.has('broken')).toBe(false);
    expect(parseCookies(undefined).size).toBe(0);
    expect(parseCookies('x='.repeat(5000)).size).toBe(0);
  });

  it('accepts only our own origin (or a configured one) for cookie writes', () => {
    expect(isSameOrigin('http://localhost:8080', null, 'localhost:8080', [])).toBe(true);
    expect(isSameOrigin(null, 'http://localhost:8080/admin?x=1', 'localhost:8080', [])).toBe(true);
    expect(isSameOrigin('https://evil.example', 'http://localhost:8080/', 'localhost:8080', [])).toBe(false);
    expect(isSameOrigin('http://localhost:8081', null, 'localhost:8080', [])).toBe(false);
    expect(isSameOrigin(null, null, 'localhost:8080', [])).toBe(false);
    expect(isSameOrigin('null', null, 'localhost:8080', [])).toBe(false);
    expect(isSameOrigin('javascript:alert(1)', null, 'localhost:8080', [])).toBe(false);
    expect(isSameOrigin('https://pantau.medan.go.id', null, '127.0.0.1:8080', ['https://pantau.medan.go.id/'])).toBe(true);
    expect(isSameOrigin('https://pantau.medan.go.id.evil.example', null, '127.0.0.1:8080', ['https://pantau.medan.go.id'])).toBe(false);
  });
});

describe('pages, revocations and audit entries', () => {
  it('sends people to /login with where they wanted to go, never with the token', () => {
    expect(loginRedirect('/wall', { token: 'pdt_secret', lang: 'en' }, { pairing: 'invalid' })).toBe('/login?next=%2Fwall%3Flang%3Den&lang=en&pairing=invalid');
    expect(loginRedirect('/admin', {}, { denied: true })).toBe('/login?next=%2Fadmin&denied=1');
    expect(loginRedirect('/wall', { lang: ['a', 'b'] }, {})).toBe('/login?next=%2Fwall');
  });

  it('keeps the language of the page asked for on the way to /login (Indonesian is the default)', () => {
    expect(loginRedirect('/teknisi', { lang: 'en' }, {})).toBe('/login?next=%2Fteknisi%3Flang%3Den&lang=en');
    expect(loginRedirect('/teknisi', { lang: 'id' }, {})).toBe('/login?next=%2Fteknisi%3Flang%3Did');
    expect(loginRedirect('/teknisi', { lang: 'xx' }, {})).toBe('/login?next=%2Fteknisi%3Flang%3Dxx');
  });

  it('reads only well-formed revocation messages', () => {
    expect(parseRevocation('{"kind":"session","id":"abc"}')).toEqual({ kind: 'session', id: 'abc' });
    for (const bad of ['', 'x', '{"kind":"root","id":"a"}', '{"kind":"session"}', '{"kind":"session","id":5}']) expect(parseRevocation(bad)).toBeNull();
    expect(revocationRoom('display_token', 't1')).toBe('auth:display_token:t1');
  });

  it('never writes secrets, NUL or lone surrogates into the audit log', () => {
    const redacted = redactForAudit({ username: 'budi', password: 'x', passwordHash: '$argon2id$', nested: { token: 't', keyHash: 'h', ok: 1 }, list: [{ secret: 's' }], bad: 'a\u0000b\ud800', n: Infinity, d: new Date(0) });
    expect(redacted).toEqual({
      username: 'budi',
      password: '[hidden]',
      passwordHash: '[hidden]',
      nested: { token: '[hidden]', keyHash: '[hidden]', ok: 1 },
      list: [{ secret: '[hidden]' }],
      bad: 'a\uFFFDb\uFFFD',
      n: 'Infinity',
      d: '1970-01-01T00:00:00.000Z',
    });
    const row = auditRow({ actor: 'x'.repeat(500), action: 'auth.login_failed', origin: { ip: '1.2.3.4', userAgent: 'UA' } }, new Date(0));
    expect(row.actor).toHaveLength(101);
    expect(row).toMatchObject({ action: 'auth.login_failed', ip: '1.2.3.4', userAgent: 'UA', before: null, after: null, actorRoles: null });
  });

  it('parses audit queries with WIB days', () => {
    const q = auditQuery.parse({ from: '2026-11-20', to: '2026-11-20', action: 'auth.*' });
    expect(q.from?.toISOString()).toBe('2026-11-19T17:00:00.000Z');
    expect(q.to?.toISOString()).toBe('2026-11-20T17:00:00.000Z');
    expect(q).toMatchObject({ page: 1, pageSize: 50, action: 'auth.*' });
    for (const bad of [{ page: '0' }, { pageSize: '501' }, { action: "x' or 1=1" }, { from: 'kemarin' }, { extra: '1' }]) expect(auditQuery.safeParse(bad).success).toBe(false);
  });
});

describe('admin rules', () => {
  it('keeps at least one active admin', () => {
    const admin = { active: true, roles: ['admin'] };
    expect(removesLastAdmin(1, admin, { roles: ['pimpinan'] })).toBe(true);
    expect(removesLastAdmin(1, admin, { active: false })).toBe(true);
    expect(removesLastAdmin(2, admin, { active: false })).toBe(false);
    expect(removesLastAdmin(1, admin, { roles: ['admin', 'pimpinan'] })).toBe(false);
    expect(removesLastAdmin(1, { active: true, roles: ['pimpinan'] }, { active: false })).toBe(false);
  });

  it('ends sessions when what a person may do changes', () => {
    expect(endsSessions({ roles: ['admin'] })).toBe(true);
    expect(endsSessions({ active: false })).toBe(true);
    expect(endsSessions({ opd: null })).toBe(true);
    expect(endsSessions({ password: 'x' })).toBe(true);
    expect(endsSessions({ active: true })).toBe(false);
    expect(endsSessions({})).toBe(false);
  });
});
