import { afterAll, describe, expect, it } from 'vitest';
import { loadCityReference } from '../../../server/simulator/reference-data.ts';
import { createHealthModel } from '../../../server/simulator/service-health.ts';
import { startLocalTargets, type LocalTargets } from '../../../server/simulator/local-targets.ts';

let targets: LocalTargets | null = null;
afterAll(async () => {
  await targets?.close();
});

describe('local HTTP targets for the prober', () => {
  it('serves the listed services only, answering like the simulated service', async () => {
    const model = createHealthModel(loadCityReference(), 1);
    targets = await startLocalTargets(model, ['sipandu', 'mrk-web']);
    const res = await fetch(targets.urlOf('sipandu'), { signal: AbortSignal.timeout(5000) }).catch(() => null);
    // Up (200) most of the time; during a simulated outage a 5xx, a refusal or a hang.
    if (res) expect([200, 500, 502, 503]).toContain(res.status);
    expect((await fetch(targets.urlOf('dataku'))).status).toBe(404);
    expect(targets.urlOf('x')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/x$/);
  });
});
