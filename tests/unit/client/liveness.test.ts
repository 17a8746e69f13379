// The screen's liveness rule: LIVE only for data from a working pipeline within the last few
// seconds; a connected socket alone is no proof (a server whose Redis died keeps it open).
import { describe, expect, it } from 'vitest';
import { judgeLiveness, type LivenessFacts } from '../../../client/src/live/liveness.ts';
import { LIVE_WITHIN_MS } from '../../../shared/protocol.ts';

const heard = 1_000_000;
const facts = (over: Partial<LivenessFacts> = {}): LivenessFacts => ({ connected: true, hasData: true, inSync: true, heardAt: heard, pipelineOk: true, ...over });

describe('judgeLiveness', () => {
  it('is live while in sync and the last word, recent enough, says the pipeline works', () => {
    expect(judgeLiveness(facts(), heard)).toBe('live');
    expect(judgeLiveness(facts(), heard + LIVE_WITHIN_MS)).toBe('live');
  });

  it('goes stale when nothing came in time, whatever the last word said', () => {
    expect(judgeLiveness(facts(), heard + LIVE_WITHIN_MS + 1)).toBe('stale');
    expect(judgeLiveness(facts({ inSync: false }), heard + LIVE_WITHIN_MS + 1)).toBe('stale');
  });

  it('goes stale at once when the server says its pipeline is degraded, data or not', () => {
    expect(judgeLiveness(facts({ pipelineOk: false }), heard)).toBe('stale');
    // A screen opened while the server is degraded says so at once, instead of "connecting".
    expect(judgeLiveness(facts({ pipelineOk: false, hasData: false, inSync: false }), heard)).toBe('stale');
  });

  it('waits for the snapshot after a (re)connect: connecting without data, reconnecting with it', () => {
    expect(judgeLiveness(facts({ inSync: false, hasData: false }), heard)).toBe('connecting');
    expect(judgeLiveness(facts({ inSync: false }), heard)).toBe('reconnecting');
    expect(judgeLiveness(facts({ inSync: false, heardAt: null, pipelineOk: null }), heard)).toBe('reconnecting');
  });

  it('is reconnecting when the connection is gone, connecting when there was never any data', () => {
    expect(judgeLiveness(facts({ connected: false }), heard)).toBe('reconnecting');
    expect(judgeLiveness(facts({ connected: false, hasData: false, inSync: false, heardAt: null, pipelineOk: null }), heard)).toBe('connecting');
  });
});
