import { describe, expect, it } from 'vitest';
import { createTeknisiApi, failureOf, textIn, type FetchLike } from '../../../../client/src/teknisi/teknisi-api.ts';

function recorder(respond: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl: FetchLike = async (url, init = {}) => {
    calls.push({ url, init });
    return respond(url, init);
  };
  return { calls, api: createTeknisiApi(fetchImpl) };
}

const json = (status: number, body: unknown) => new Response(body === null ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('teknisi-api', () => {
  it('reads the lists with the session cookie and unwraps them', async () => {
    const { calls, api } = recorder((url) => json(200, url.includes('monitors') ? { monitors: [{ code: 'a' }] } : { incidents: [{ id: 'i1' }] }));
    expect(await api.activeIncidents()).toEqual({ ok: true, data: [{ id: 'i1' }] });
    expect(await api.resolvedIncidents(5)).toEqual({ ok: true, data: [{ id: 'i1' }] });
    expect(await api.monitors()).toEqual({ ok: true, data: [{ code: 'a' }] });
    expect(calls.map((c) => [c.init.method, c.url])).toEqual([
      ['GET', '/api/v1/incidents?state=active'],
      ['GET', '/api/v1/incidents?state=resolved&limit=5'],
      ['GET', '/api/v1/monitors'],
    ]);
    for (const c of calls) expect(c.init.credentials).toBe('same-origin');
  });

  it('posts actions as JSON, with a trimmed note or none, and escapes ids in the path', async () => {
    const { calls, api } = recorder(() => json(200, {}));
    await api.acknowledge('I/1 x', '  sedang dicek  ');
    await api.resolve('I-2', '   ');
    expect(calls[0].url).toBe('/api/v1/incidents/I%2F1%20x/acknowledge');
    expect(calls[0].init.method).toBe('POST');
    expect(calls[0].init.body).toBe(JSON.stringify({ note: 'sedang dicek' }));
    expect((calls[0].init.headers as Record<string, string>)['content-type']).toBe('application/json');
    expect(calls[1].url).toBe('/api/v1/incidents/I-2/resolve');
    expect(calls[1].init.body).toBe('{}');
  });

  it('uses the contract\'s paths for maintenance windows', async () => {
    const { calls, api } = recorder((_url, init) => (init.method === 'DELETE' ? new Response(null, { status: 204 }) : json(200, {})));
    const request = { window: { kind: 'daily' as const, startTime: '01:00', durationMinutes: 60 } };
    await api.createMaintenance('mrk-web', request);
    await api.updateMaintenance('MW-1', request);
    expect(await api.deleteMaintenance('MW-1')).toEqual({ ok: true, data: null });
    expect(calls.map((c) => [c.init.method, c.url])).toEqual([
      ['POST', '/api/v1/monitors/mrk-web/maintenance'],
      ['PUT', '/api/v1/maintenance/MW-1'],
      ['DELETE', '/api/v1/maintenance/MW-1'],
    ]);
    expect(JSON.parse(calls[0].init.body as string)).toEqual(request);
  });

  it('turns a 409 into a bilingual refusal and a dropped connection into "network"', async () => {
    const refusal = { error: 'already_acknowledged', message: { id: 'Sudah ditangani oleh Budi.', en: 'Already acknowledged by Budi.' } };
    const { api } = recorder(() => json(409, refusal));
    expect(await api.acknowledge('I-1', '')).toEqual({ ok: false, kind: 'refused', refusal });
    const offline = createTeknisiApi(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await offline.monitors()).toEqual({ ok: false, kind: 'network' });
  });

  it('classifies the other failures', () => {
    expect(failureOf(401, { error: 'unauthorized', message: 'Silakan masuk. (Please log in.)' })).toEqual({ kind: 'unauthorized' });
    expect(failureOf(403, null)).toEqual({ kind: 'forbidden' });
    expect(failureOf(404, { error: 'not_found', message: { id: 'Insiden tidak ditemukan.', en: 'Incident not found.' } })).toEqual({
      kind: 'not_found',
      message: { id: 'Insiden tidak ditemukan.', en: 'Incident not found.' },
    });
    expect(failureOf(400, { error: 'invalid', message: 'x', errors: [{ field: 'window.end', message: 'end must be after start' }] })).toEqual({
      kind: 'invalid',
      message: 'window.end: end must be after start',
    });
    expect(failureOf(409, { error: 'conflict', message: 'Bentrok. (Conflict.)' })).toMatchObject({ kind: 'refused', refusal: { message: { id: 'Bentrok. (Conflict.)' } } });
    expect(failureOf(502, 'not json')).toEqual({ kind: 'server', status: 502 });
  });

  it('picks the language out of a server message', () => {
    expect(textIn('Silakan masuk terlebih dahulu. (Please log in.)', 'id')).toBe('Silakan masuk terlebih dahulu.');
    expect(textIn('Silakan masuk terlebih dahulu. (Please log in.)', 'en')).toBe('Please log in.');
    expect(textIn('Hanya satu bahasa', 'en')).toBe('Hanya satu bahasa');
    expect(textIn({ id: 'A', en: 'B' }, 'en')).toBe('B');
  });
});
