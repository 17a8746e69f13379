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
import { deadlineOf, isScheduled, matchUploadToPeriod, normalizeSchedule } from '../domain/uploads/index.ts';
import { insertRows } from '../repositories/bulk-rows.ts';
import type { BatchHandler } from './stream-processor.ts';

/** The verdict on one upload: the due period it fulfils and whether it came by the deadline. */
export function judgeUpload(dataset: DatasetRef, upload: Pick<UploadEvent, 'occurredAt' | 'period'>) {
  const schedule = normalizeSchedule(dataset.schedule);
  if (!isScheduled(schedule)) return { periodKey: null, deadlineAt: null, onTime: null, lateByMs: null };
  const receivedAt = new Date(upload.occurredAt);
  const period = matchUploadToPeriod(schedule, { receivedAt, period: upload.period ?? null });
  if (!period) return { periodKey: null, deadlineAt: null, onTime: null, lateByMs: null };
  const deadline = deadlineOf(schedule, period);
  if (!deadline) return { periodKey: period.key, deadlineAt: null, onTime: null, lateByMs: null };
  const late = receivedAt.getTime() - deadline.getTime();
  return { periodKey: period.key, deadlineAt: deadline, onTime: late <= 0, lateByMs: late > 0 ? late : 0 };
}

export function uploadHandler(reference: ReferenceCache): BatchHandler<'uploads'> {
  return async (tx, batch) => {
    const ref = reference.current();
    const now = new Date();
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
