import { describe, expect, it } from 'vitest';
import { bilingualOf, createApiClient, failureOf, loginHref } from '../../../../client/src/screens/api-client.ts';

describe('failureOf', () => {
  it('turns statuses into plain words in both languages', () => {
    expect(failureOf(null, null)).toMatchObject({ kind: 'network', message: { id: expect.stringContaining('Tidak dapat menghubungi server'), en: expect.stringContaining('Cannot reach') } });
    expect(failureOf(401, null).kind).toBe('unauthorized');
    expect(failureOf(403, { message: 'Hanya OPD Anda. (Only your OPD.)' })).toMatchObject({ kind: 'forbidden', message: { id: 'Hanya OPD Anda.', en: 'Only your OPD.' } });
    expect(failureOf(500, { message: 'stack' })).toMatchObject({ kind: 'server', status: 500 });
    const busy = { id: 'Laporan lain sedang dihitung, coba lagi sebentar lagi.', en: 'Other reports are being computed, please try again in a moment.' };
    expect(failureOf(503, { error: 'busy', message: busy })).toEqual({ kind: 'server', status: 503, message: busy });
  });
  it('keeps a 409’s body, so a screen can say who acted first', () => {
    const body = { error: 'stale_version', message: { id: 'Sudah diubah.', en: 'Changed already.' }, lastChange: { actor: 'sari', at: '2026-12-07T02:15:00Z' } };
    expect(failureOf(409, body)).toEqual({ kind: 'conflict', status: 409, message: { id: 'Sudah diubah.', en: 'Changed already.' }, payload: body });
    expect(failureOf(409, null).message.id).toContain('diubah orang lain');
  });

  it('names every bad field of a 400', () => {
    const f = failureOf(400, { errors: [{ field: 'from', message: { id: 'harus tanggal', en: 'must be a date' } }, { field: 'to', message: 'wajib (required)' }] });
    expect(f.message.id).toBe('Permintaan belum benar: from: harus tanggal; to: wajib');
    expect(f.message.en).toBe('The request is not right yet: from: must be a date; to: required');
  });
  it('reads both shapes of server text', () => {
    expect(bilingualOf({ id: 'a', en: 'b' })).toEqual({ id: 'a', en: 'b' });
    expect(bilingualOf('Sama saja')).toEqual({ id: 'Sama saja', en: 'Sama saja' });
    expect(bilingualOf(3)).toBeNull();
  });
});

describe('createApiClient', () => {
  it('returns the data, or the failure and sends a 401 to the login page', async () => {
    let sent = 0;
    const api = createApiClient({
      fetchImpl: async (url) => (url === '/ok' ? new Response('{"a":1}', { status: 200 }) : new Response('{}', { status: 401 })),
      onUnauthorized: () => sent++,
    });
    expect(await api.get('/ok')).toEqual({ ok: true, data: { a: 1 } });
    expect(await api.get('/no')).toMatchObject({ ok: false, kind: 'unauthorized' });
    await Promise.resolve();
    expect(sent).toBe(1);
    const offline = createApiClient({ fetchImpl: async () => Promise.reject(new TypeError('failed')) });
    expect(await offline.get('/x')).toMatchObject({ ok: false, kind: 'network' });
  });
  it('sends PATCH and the page language, so bad fields come back in the words of the page', async () => {
    const seen: { method?: string; lang?: string | null }[] = [];
    const api = createApiClient({
      lang: 'en',
      fetchImpl: async (_url, init) => {
        seen.push({ method: init?.method, lang: new Headers(init?.headers).get('accept-language') });
        return new Response('{"ok":1}', { status: 200 });
      },
    });
    expect(await api.send('PATCH', '/api/v1/admin/users/x', { active: false })).toEqual({ ok: true, data: { ok: 1 } });
    await createApiClient({ fetchImpl: async (_url, init) => (seen.push({ lang: new Headers(init?.headers).get('accept-language') }), new Response('{}')) }).get('/x');
    expect(seen).toEqual([{ method: 'PATCH', lang: 'en' }, { lang: null }]);
  });
  it('comes back to the same address and language after login', () => {
    expect(loginHref('/pimpinan', '?period=7d&lang=en')).toBe('/login?next=%2Fpimpinan%3Fperiod%3D7d%26lang%3Den&lang=en');
  });
});
