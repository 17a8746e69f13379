import { beforeEach, describe, expect, it } from 'vitest';
import { forgetDisplayToken, getDisplayToken, searchWithoutToken, socketAuth } from '../../../client/src/auth/display-token.ts';
import { homeFor, safeNext } from '../../../client/src/auth/auth-api.ts';

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
    expect(homeFor(['operator'])).toBe('/wall');
  });
});
