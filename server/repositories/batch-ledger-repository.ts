// The ledger of processed batches. Inserting the batch row first makes a second consumer that
// races on the same batch wait for the first, then find the row and replay its stored effects.
import { eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import type { Transaction } from '../infra/database.ts';
import type { LiveEffects } from '../live-state/live-effects.ts';
import type { IngestBatch } from '../streams/event-stream.ts';

export interface BatchOutcome {
  effects: LiveEffects;
  /** True when the batch was already in Postgres (a redelivery): effects come from the ledger. */
  replayed: boolean;
}

export async function recordBatch(
  tx: Transaction,
  batch: IngestBatch,
  work: (tx: Transaction) => Promise<LiveEffects>,
): Promise<BatchOutcome> {
  const inserted = await tx
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
    .returning({ batchId: t.ingestBatches.batchId });
  if (inserted.length === 0) {
    const [row] = await tx.select({ effects: t.ingestBatches.effects }).from(t.ingestBatches).where(eq(t.ingestBatches.batchId, batch.batchId));
    return { effects: row.effects as LiveEffects, replayed: true };
  }
  const effects = await work(tx);
  await tx.update(t.ingestBatches).set({ effects, processedAt: new Date() }).where(eq(t.ingestBatches.batchId, batch.batchId));
  return { effects, replayed: false };
}
