// The report worker thread: receives a job from report-pool.ts (its head, then its complaints
// in slices), computes the report with the pure builders (report-jobs.ts) and answers with the
// response's JSON text. Off the server's main thread, so a year-long report leaves the wall's
// live push, ingest and /healthz running.
import { parentPort } from 'node:worker_threads';
import type { ComplaintState } from '../domain/complaints/complaint-lifecycle.ts';
import { computeReportJson, type ReportJob } from './report-jobs.ts';
import type { ToWorker, FromWorker } from './report-pool.ts';

const port = parentPort;
if (!port) throw new Error('report-worker.ts runs as a worker thread (see report-pool.ts)');

let pending: { id: number; head: ReportJob; complaints: ComplaintState[] } | null = null;

port.on('message', (m: ToWorker) => {
  if (m.type === 'begin') pending = { id: m.id, head: m.job, complaints: [] };
  else if (m.type === 'complaints') {
    if (pending?.id === m.id) for (const c of m.complaints) pending.complaints.push(c);
  } else if (m.type === 'end' && pending?.id === m.id) {
    const { id, head, complaints } = pending;
    pending = null;
    let answer: FromWorker;
    try {
      answer = { id, ok: true, json: computeReportJson({ ...head, complaints }) };
    } catch (e) {
      answer = { id, ok: false, message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    port.postMessage(answer);
  }
});
