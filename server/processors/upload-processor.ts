// Upload batches: store each upload record once per (source, externalId), judge it against its
// dataset's schedule (the period it counts for, that period's deadline, on time or late), and
// count it.
import { randomUUID } from 'node:crypto';
import * as t from '../../db/schema.ts';
import type { UploadEvent } from '../../shared/events.ts';
import { epochMinute, wibDate } from '../../shared/wib-time.ts';
import { addIncrement, emptyEffects } from '../live-state/live-effects.ts';
import { MINUTE_BUCKET_TTL_SECONDS } from '../live-state/live-keys.ts';
import { datasetKey, type DatasetRef, type ReferenceCache } from '../repositories/reference-repository.ts';
import { judgeUploadOverTime } from '../domain/uploads/index.ts';
import { currentRuleVersion } from '../rules/rule-versions.ts';
import { insertRows } from '../repositories/bulk-rows.ts';
import type { BatchHandler } from './stream-processor.ts';

/**
 * The verdict on one upload: the due period it fulfils and whether it came by the deadline, under
 * the schedule in force at that period's deadline (a period due before a schedule change keeps
 * the deadline it had).
 */
export function judgeUpload(dataset: Pick<DatasetRef, 'schedule'> & Partial<Pick<DatasetRef, 'segments'>>, upload: Pick<UploadEvent, 'occurredAt' | 'period'>) {
  const segments = dataset.segments?.length ? dataset.segments : [{ schedule: dataset.schedule, fromMs: null, untilMs: null }];
  return judgeUploadOverTime(segments, { receivedAt: upload.occurredAt, period: upload.period ?? null });
}

export function uploadHandler(reference: ReferenceCache): BatchHandler<'uploads'> {
  return async (tx, batch) => {
    const ref = reference.current();
    const now = new Date();
    // Which rules judged these verdicts, so a report can say so after a schedule change.
    const rulesVersion = await currentRuleVersion(tx);
    const rows = batch.events.map((e) => {
      const dataset = ref.datasets.get(datasetKey(e.opd, e.dataset))!;
      return {
        id: randomUUID(),
        source: batch.source,
        externalId: e.externalId,
        opdCode: e.opd,
        datasetId: dataset.id,
        periodStart: e.period?.start ?? null,
        periodEnd: e.period?.end ?? null,
        receivedAt: new Date(e.occurredAt),
        rows: e.rows ?? null,
        bytes: e.bytes ?? null,
        title: e.title ?? null,
        ...judgeUpload(dataset, e),
        rulesVersion,
      };
    });
    const inserted = (
      await insertRows(tx, t.uploadRecords, rows, { skipConflictsOn: ['source', 'externalId'], returning: ['receivedAt', 'onTime'] })
    ).map((r) => ({ receivedAt: new Date(r.receivedAt as Date | string), onTime: r.onTime as boolean | null }));
    const effects = emptyEffects();
    for (const r of inserted) {
      const day = `day:${wibDate(r.receivedAt)}`;
      addIncrement(effects, day, 'uploads', 1, 'kpi');
      if (r.onTime) addIncrement(effects, day, 'uploadsOnTime', 1, 'kpi');
      const minute = epochMinute(r.receivedAt);
      if (now.getTime() - minute * 60_000 < MINUTE_BUCKET_TTL_SECONDS * 1000) addIncrement(effects, `min:${minute}`, 'uploads', 1, `min:${minute}`);
    }
    return { effects };
  };
}
