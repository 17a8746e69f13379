// PANTAU_TRUST_PROXY and PANTAU_ALLOWED_ORIGINS: what Express's `trust proxy` accepts, and a clear
// refusal at start for anything else (a typo must not silently trust or distrust a proxy).
import { describe, expect, it } from 'vitest';
import { parseOrigins, parseTrustProxy } from '../../../server/config.ts';

describe('PANTAU_TRUST_PROXY', () => {
  it('trusts nobody unless told', () => {
    for (const v of [undefined, '', ' ', 'false', 'off', '0', 'no']) expect(parseTrustProxy(v)).toBe(false);
  });

  it('takes a hop count, true, names, addresses and CIDR ranges', () => {
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('true')).toBe(true);
    expect(parseTrustProxy('loopback')).toEqual(['loopback']);
    expect(parseTrustProxy('loopback, 10.0.0.0/8,192.168.1.7, fd00::/8, 172.16.0.0/255.240.0.0')).toEqual([
      'loopback',
      '10.0.0.0/8',
      '192.168.1.7',
      'fd00::/8',
      '172.16.0.0/255.240.0.0',
    ]);
  });

  it('refuses anything else, naming it', () => {
    for (const v of ['yes please', 'localhost', '10.0.0.0/33', '10.0.0.0/8/1', 'proxy.example', '1.2.3']) {
      expect(() => parseTrustProxy(v), v).toThrow(/PANTAU_TRUST_PROXY: ".+" is not/);
    }
  });
});

describe('PANTAU_ALLOWED_ORIGINS', () => {
  it('takes origins, normalised', () => {
    expect(parseOrigins('https://Pantau.Medan.go.id, http://10.1.2.3:8080/')).toEqual(['https://pantau.medan.go.id', 'http://10.1.2.3:8080']);
    expect(parseOrigins(undefined)).toEqual([]);
  });

  it('refuses what is not an origin (it goes into the CSP)', () => {
    for (const v of ['pantau.medan.go.id', 'https://x.example/wall', "https://x.example; script-src 'unsafe-inline'", 'ftp://x.example']) {
      expect(() => parseOrigins(v), v).toThrow(/PANTAU_ALLOWED_ORIGINS/);
    }
  });
});
