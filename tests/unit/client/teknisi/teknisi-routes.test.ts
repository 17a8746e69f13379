import { describe, expect, it } from 'vitest';
import { keptQuery, loginHref, teknisiHref, teknisiViewOf } from '../../../../client/src/teknisi/teknisi-routes.ts';
import { routeOf } from '../../../../client/src/router.ts';

describe('teknisi routes', () => {
  it('maps paths to views', () => {
    expect(teknisiViewOf('/teknisi')).toEqual({ view: 'home' });
    expect(teknisiViewOf('/teknisi/')).toEqual({ view: 'home' });
    expect(teknisiViewOf('/teknisi/monitor/mrk-web')).toEqual({ view: 'monitor', code: 'mrk-web' });
    expect(teknisiViewOf('/teknisi/monitor/a%20b/')).toEqual({ view: 'monitor', code: 'a b' });
    expect(teknisiViewOf('/teknisi/monitor/%E0%A4%A')).toEqual({ view: 'home' });
    expect(teknisiViewOf('/teknisi/monitor/')).toEqual({ view: 'home' });
    expect(routeOf('/teknisi/monitor/mrk-web')).toBe('teknisi');
  });

  it('builds links that keep only the language', () => {
    expect(keptQuery('?lang=en&token=secret&x=1')).toBe('?lang=en');
    expect(keptQuery('?lang=id')).toBe('');
    expect(teknisiHref({ view: 'monitor', code: 'a/b' }, '?lang=en&token=t')).toBe('/teknisi/monitor/a%2Fb?lang=en');
    expect(teknisiHref({ view: 'home' }, '')).toBe('/teknisi');
  });

  it('sends an expired session to /login and back here afterwards', () => {
    // The login page speaks the technician's language too.
    expect(loginHref('/teknisi/monitor/mrk-web', '?lang=en')).toBe('/login?next=%2Fteknisi%2Fmonitor%2Fmrk-web%3Flang%3Den&lang=en');
    expect(loginHref('/teknisi', '')).toBe('/login?next=%2Fteknisi');
  });
});
