// Answers a report request from the report pool (server/reports/report-pool.ts): the JSON text
// a worker computed, or 503 with Retry-After when other reports fill every slot and the queue.
import type { Response } from 'express';
import { ReportsBusyError, type ReportPool } from '../reports/report-pool.ts';
import type { ReportJob } from '../reports/report-jobs.ts';

export const REPORTS_BUSY_MESSAGE = {
  id: 'Laporan lain sedang dihitung, coba lagi sebentar lagi.',
  en: 'Other reports are being computed, please try again in a moment.',
};

export async function sendReport(
  res: Response,
  pool: ReportPool,
  key: string,
  read: () => Promise<ReportJob>,
  headers: Record<string, string> = {},
): Promise<void> {
  let json: string;
  try {
    json = await pool.run(key, read);
  } catch (e) {
    if (!(e instanceof ReportsBusyError)) throw e;
    res.status(503).set('Retry-After', String(e.retryAfterSeconds)).set('Cache-Control', 'no-store').json({ error: 'busy', message: REPORTS_BUSY_MESSAGE });
    return;
  }
  res.set(headers).type('application/json').send(json);
}
