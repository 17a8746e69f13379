// The report pool's admission: one slot, one waiting, the next refused with a Retry-After;
// identical keys share the running report; a failing read or computation frees its slot.
import { afterAll, describe, expect, it } from 'vitest';
import { ReportPool, ReportsBusyError } from '../../../server/reports/report-pool.ts';
import type { ReportJob } from '../../../server/reports/report-jobs.ts';

const pool = new ReportPool({ workers: 1, queue: 1 });
afterAll(() => pool.close());

function deferred() {
  let reject!: (e: Error) => void;
  const promise = new Promise<ReportJob>((_resolve, r) => (reject = r));
  return { promise, reject };
}

describe('ReportPool', () => {
  it('runs one, queues one, refuses the next; the same key joins the running one', async () => {
    const a = deferred();
    const b = deferred();
    let readsOfA = 0;
    let readsOfB = 0;
    const first = pool.run('a', () => (readsOfA++, a.promise));
    const again = pool.run('a', () => (readsOfA++, a.promise));
    expect(again).toBe(first);
    const queued = pool.run('b', () => (readsOfB++, b.promise));
    const refused = pool.run('c', () => a.promise);
    await expect(refused).rejects.toBeInstanceOf(ReportsBusyError);
    await expect(refused).rejects.toMatchObject({ retryAfterSeconds: 5 });
    expect(pool.load).toEqual({ active: 1, waiting: 1 });
    await new Promise((r) => setImmediate(r));
    expect([readsOfA, readsOfB]).toEqual([1, 0]);

    a.reject(new Error('database away'));
    await expect(first).rejects.toThrow('database away');
    // The slot went to the waiting report.
    await new Promise((r) => setImmediate(r));
    expect(readsOfB).toBe(1);
    expect(pool.load).toEqual({ active: 1, waiting: 0 });
    b.reject(new Error('again'));
    await expect(queued).rejects.toThrow('again');
    expect(pool.load).toEqual({ active: 0, waiting: 0 });
  });

  it('turns a failure inside the worker into a rejection, and keeps serving', async () => {
    const broken = { kind: 'trends', complaints: [], minCount: 5, ref: {} } as unknown as ReportJob;
    await expect(pool.run('broken', async () => broken)).rejects.toThrow(/report worker/);
    expect(pool.load).toEqual({ active: 0, waiting: 0 });
    await expect(pool.run('broken', async () => broken)).rejects.toThrow(/report worker/);
  });
});
