import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiKeyRecord } from '../../../server/repositories/api-key-repository.ts';

// The repository is the one thing mocked: it stands for Postgres answering, hanging or failing.
const repo = vi.hoisted(() => ({ find: vi.fn<(hash: string) => Promise<ApiKeyRecord | null>>() }));
vi.mock('../../../server/repositories/api-key-repository.ts', () => ({
  findApiKey: (_db: unknown, hash: string) => repo.find(hash),
  hashApiKey: (key: string) => `h:${key}`,
  touchApiKey: async () => {},
}));
const { apiKeyAuth } = await import('../../../server/ingest/api-key-auth.ts');

const KEY: ApiKeyRecord = { keyId: 'k1', sourceCode: 'mrk', revokedAt: null, rateLimitPerMinute: null };
const never = () => new Promise<never>(() => {});

async function call(auth: ReturnType<typeof apiKeyAuth>, key: string): Promise<{ status: number | 'next' }> {
  const out: { status: number | 'next' } = { status: 0 };
  const res = {
    status(code: number) {
      out.status = code;
      return this;
    },
    set() {
      return this;
    },
    json() {
      return this;
    },
  };
  const req = { get: (h: string) => (h.toLowerCase() === 'authorization' ? `Bearer ${key}` : undefined) };
  await auth(req as never, res as never, () => {
    out.status = 'next';
  });
  return out;
}

describe('ingest API key check', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-22T03:00:00Z') });
    repo.find.mockReset();
  });
  afterEach(() => vi.useRealTimers());

  it('keeps accepting a known key while Postgres does not answer, and re-checks in the background', async () => {
    const auth = apiKeyAuth({} as never);
    repo.find.mockResolvedValueOnce(KEY);
    expect(await call(auth, 'good')).toEqual({ status: 'next' });
    vi.advanceTimersByTime(60_000);
    repo.find.mockImplementation(never);
    expect(await call(auth, 'good')).toEqual({ status: 'next' });
    expect(await call(auth, 'good')).toEqual({ status: 'next' });
    // One background re-check in flight, not one per request.
    expect(repo.find).toHaveBeenCalledTimes(2);
  });

  it('answers 503 (not a hang) for a key it has never seen while Postgres does not answer', async () => {
    const auth = apiKeyAuth({} as never);
    repo.find.mockImplementation(never);
    const pending = call(auth, 'unknown');
    await vi.advanceTimersByTimeAsync(2_100);
    expect(await pending).toEqual({ status: 503 });
  });

  it('a rotated key stops at its revocation time even when answered from the cache', async () => {
    const auth = apiKeyAuth({} as never);
    repo.find.mockResolvedValue({ ...KEY, revokedAt: new Date(Date.now() + 2_000) });
    expect(await call(auth, 'old')).toEqual({ status: 'next' });
    vi.advanceTimersByTime(2_500);
    expect(await call(auth, 'old')).toEqual({ status: 401 });
  });

  it('refuses an unknown key with 401', async () => {
    const auth = apiKeyAuth({} as never);
    repo.find.mockResolvedValue(null);
    expect(await call(auth, 'nope')).toEqual({ status: 401 });
  });
});
