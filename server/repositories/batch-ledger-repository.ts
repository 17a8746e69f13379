// The ledger of processed batches. Inserting the batch row first makes a second consumer that
// races on the same batch wait for the first, then find the row and replay its stored effects.
import { eq, type SQLWrapper } from 'drizzle-orm';
import { runInOrder } from '../infra/database.ts';
import * as t from '../../db/schema.ts';
import type { Transaction } from '../infra/database.ts';
import type { LiveEffects } from '../live-state/live-effects.ts';
import type { IngestBatch } from '../streams/event-stream.ts';

/**
 * A batch's domain work: its live-state effects, and the statements that finish storing it. Those
 * are sent together with the ledger's own update, in one round trip.
 */
export interface BatchWork {
  effects: LiveEffects;
  writes?: (SQLWrapper | null)[];
}

export interface BatchOutcome {
  effects: LiveEffects;
  /** True when the batch was already in Postgres (a redelivery): effects come from the ledger. */
  replayed: boolean;
}

export async function recordBatch(
  tx: Transaction,
  batch: IngestBatch,
  work: (tx: Transaction) => Promise<BatchWork>,
): Promise<BatchOutcome> {
  const [inserted] = await runInOrder(tx, [
    tx
      .insert(t.ingestBatches)
      .values({
        batchId: batch.batchId,
        stream: batch.kind,
        source: batch.source,
        eventCount: batch.events.length,
        receivedAt: new Date(batch.receivedAt),
        effects: {},
      })
      .onConflictDoNothing()
      .returning({ batchId: t.ingestBatches.batchId }),
  ]);
  if (inserted.length === 0) {
    const [row] = await tx.select({ effects: t.ingestBatches.effects }).from(t.ingestBatches).where(eq(t.ingestBatches.batchId, batch.batchId));
    return { effects: row.effects as LiveEffects, replayed: true };
  }
  const { effects, writes = [] } = await work(tx);
  await runInOrder(tx, [
    ...writes,
    tx.update(t.ingestBatches).set({ effects, processedAt: new Date() }).where(eq(t.ingestBatches.batchId, batch.batchId)),
  ]);
  return { effects, replayed: false };
}
