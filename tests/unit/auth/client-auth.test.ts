import { beforeEach, describe, expect, it } from 'vitest';
import { forgetDisplayToken, getDisplayToken, searchWithoutToken, socketAuth } from '../../../client/src/auth/display-token.ts';
import { endedSessionReason, homeFor, languageHref, safeNext, withLang } from '../../../client/src/auth/auth-api.ts';

describe('display token in the address bar', () => {
  beforeEach(() => forgetDisplayToken());

  it('reads ?token= once, strips it and keeps the rest of the address', () => {
    const replaced: string[] = [];
    const hist = { state: { a: 1 }, replaceState: (_d: unknown, _u: string, url?: string | URL | null) => void replaced.push(String(url)) };
    const loc = { pathname: '/wall', search: '?lang=en&token=pdt_abcdefghijkl', hash: '#x' };
    expect(getDisplayToken(loc, hist)).toBe('pdt_abcdefghijkl');
    expect(replaced).toEqual(['/wall?lang=en#x']);
    // Later calls (after the address changed) still know it, without touching history again.
    expect(getDisplayToken({ ...loc, search: '?lang=en' }, hist)).toBe('pdt_abcdefghijkl');
    expect(replaced).toHaveLength(1);
    expect(socketAuth()).toEqual({ token: 'pdt_abcdefghijkl' });
  });

  it('does nothing without a token', () => {
    const replaced: string[] = [];
    const hist = { state: null, replaceState: () => void replaced.push('x') };
    expect(getDisplayToken({ pathname: '/wall', search: '?lang=en', hash: '' }, hist)).toBeNull();
    expect(replaced).toEqual([]);
    expect(socketAuth(null)).toEqual({});
    expect(searchWithoutToken('?token=a')).toBe('');
    expect(searchWithoutToken('?a=1&token=b&c=2')).toBe('?a=1&c=2');
  });
});

describe('after login', () => {
  it('follows only local paths', () => {
    expect(safeNext('/wall?lang=en')).toBe('/wall?lang=en');
    for (const bad of [null, '', 'https://evil.example', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '/x\nSet-Cookie']) expect(safeNext(bad)).toBeNull();
  });

  it('goes to the screen of the strongest role', () => {
    expect(homeFor(['pimpinan', 'admin'])).toBe('/admin');
    expect(homeFor(['teknisi'])).toBe('/teknisi');
    expect(homeFor(['operator'])).toBe('/operator');
    expect(homeFor(['operator', 'teknisi'])).toBe('/operator');
  });
});

describe('the login page in two languages', () => {
  it('switches language in place, keeping where to go next and why', () => {
    // Indonesian is said explicitly: without it the page would follow `next`'s language.
    expect(languageHref('?next=%2Fwall%3Flang%3Den&lang=en&denied=1', 'id')).toBe('?next=%2Fwall%3Flang%3Den&lang=id&denied=1');
    expect(languageHref('?next=%2Fteknisi', 'en')).toBe('?next=%2Fteknisi&lang=en');
    expect(languageHref('', 'id')).toBe('?lang=id');
  });

  it('carries the language chosen at login on to the next page', () => {
    expect(withLang('/wall?lang=en', 'id')).toBe('/wall');
    expect(withLang('/teknisi', 'en')).toBe('/teknisi?lang=en');
    expect(withLang('/wall?chime=1', 'en')).toBe('/wall?chime=1&lang=en');
    expect(withLang('/teknisi/monitor/mrk-web?lang=en', 'en')).toBe('/teknisi/monitor/mrk-web?lang=en');
  });
});

describe('why the last session ended', () => {
  const answer = (status: number, body: unknown) => (async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })) as unknown as typeof fetch;

  it('reads the reason the server gives this browser, and only known reasons', async () => {
    expect(await endedSessionReason(answer(401, { error: 'unauthorized', message: 'x', reason: 'account_changed' }))).toBe('account_changed');
    expect(await endedSessionReason(answer(401, { error: 'unauthorized', message: 'x', reason: 'idle' }))).toBe('idle');
    expect(await endedSessionReason(answer(401, { error: 'unauthorized', message: 'x' }))).toBeNull();
    expect(await endedSessionReason(answer(401, { error: 'unauthorized', reason: '<script>' }))).toBeNull();
    expect(await endedSessionReason(answer(200, { kind: 'user', reason: 'idle' }))).toBeNull();
    expect(await endedSessionReason((async () => new Response('<html>', { status: 401 })) as unknown as typeof fetch)).toBeNull();
    expect(await endedSessionReason((async () => { throw new TypeError('offline'); }) as unknown as typeof fetch)).toBeNull();
  });
});
