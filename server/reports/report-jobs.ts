// A report computation as plain data: the records already read from the database, the reference
// data the builders need and the request's parameters, with the function that turns it into the
// response's JSON text. Everything in a job survives a structured clone (it crosses to the report
// worker thread, report-worker.ts), so it holds no functions and no class instances: the working
// calendar travels as its options and is rebuilt on the other side, and "which complaints may
// this user open" travels as the user's OPD scope.
//
// computeReportJson is the same code in the worker and in-thread (tests compare the two).
import type { ComplaintState } from '../domain/complaints/complaint-lifecycle.ts';
import { createWorkingCalendar, type WorkingCalendarOptions } from '../domain/calendar/working-calendar.ts';
import type { DatasetUploads } from '../domain/uploads/index.ts';
import type { MonitorTimeline } from '../repositories/timeliness-repository.ts';
import { scopeAllowsOpd } from '../auth/roles.ts';
import { buildOpdTimelinessReport, type ReportPeriod, type TimelinessRecords } from './opd-timeliness-report.ts';
import {
  buildKecamatanReport,
  buildOpdComplaintsPage,
  buildOpdReport,
  buildOverview,
  buildRanking,
  buildTrends,
  type IncidentRecord,
  type LeadershipReference,
  type OpdFacts,
  type OverviewFacts,
  type RankingFacts,
} from './leadership/leadership-report.ts';
import type { ComplaintSeries } from './leadership/complaint-series.ts';
import type { ReportWindow } from './leadership/report-window.ts';

/** LeadershipReference with the calendar as its options. */
export type PlainReference = Omit<LeadershipReference, 'calendar'> & { calendar: WorkingCalendarOptions };

export function plainReference(ref: LeadershipReference): PlainReference {
  const { opd, categories, maintenance, kecamatan, kelurahan, datasets, monitors } = ref;
  return { opd, categories, maintenance, kecamatan, kelurahan, datasets, monitors, calendar: ref.calendar.options };
}

// The calendar is rebuilt only when its data changes (the snapshot itself is reloaded every
// half minute): a new calendar starts with an empty memo of working days and loads the holidays.
let lastCalendar: { key: string; calendar: LeadershipReference['calendar'] } | null = null;
export function referenceOf(plain: PlainReference): LeadershipReference {
  const key = JSON.stringify(plain.calendar);
  if (lastCalendar?.key !== key) lastCalendar = { key, calendar: createWorkingCalendar(plain.calendar) };
  return { ...plain, calendar: lastCalendar.calendar };
}

interface JobBase {
  ref: PlainReference;
  /** The bulk of the records: sent to a worker in slices (report-pool.ts). */
  complaints: readonly ComplaintState[];
  minCount: number;
}
type WithUploadsAndServices = { datasets: readonly DatasetUploads[]; monitors: readonly MonitorTimeline[] };

export type ReportJob = JobBase &
  (
    | ({ kind: 'timeliness'; period: ReportPeriod; opd?: string; scope: string | null } & WithUploadsAndServices)
    | ({ kind: 'overview'; window: ReportWindow; incidents: readonly IncidentRecord[]; facts?: OverviewFacts } & WithUploadsAndServices)
    | ({ kind: 'ranking'; window: ReportWindow; dispatchers: ReadonlyMap<string, string | null>; facts?: RankingFacts } & WithUploadsAndServices)
    | ({
        kind: 'opd';
        window: ReportWindow;
        code: string;
        incidents: readonly IncidentRecord[];
        dispatchers: ReadonlyMap<string, string | null>;
        scope: string | null;
        limit?: number;
        facts?: OpdFacts;
      } & WithUploadsAndServices)
    | ({
        kind: 'opdComplaints';
        window: ReportWindow;
        code: string;
        scope: string | null;
        offset: number;
        limit: number;
        /** From the stored facts: the page already cut, and its complaints looked up. */
        facts?: Pick<OpdFacts, 'list' | 'complaints'>;
      } & Partial<WithUploadsAndServices>)
    | { kind: 'kecamatan'; window: ReportWindow; code: string; kelurahanOf: ReadonlyMap<string, string | null> }
    | { kind: 'trends'; window: ReportWindow; series?: ComplaintSeries }
  );

export type ReportKind = ReportJob['kind'];

/** The response body of a job (pure: `now` comes in the job). */
export function computeReport(job: ReportJob): unknown {
  const ref = referenceOf(job.ref);
  const { minCount } = job;
  const records = (j: WithUploadsAndServices): TimelinessRecords => ({ complaints: job.complaints, datasets: j.datasets, monitors: j.monitors });
  switch (job.kind) {
    case 'timeliness': {
      const report = buildOpdTimelinessReport(records(job), ref, job.period, { opd: job.opd, minCount });
      if (job.opd) return { period: report.period, minCount: report.minCount, definitions: report.definitions, ...report.opd[0] };
      // An OPD-scoped user sees the ranking (rates with their counts: every OPD sees the others'
      // progress) but the details of their own OPD only. Who misrouted what is the command
      // center's own business, not an OPD's.
      return job.scope === null
        ? report
        : { ...report, opd: report.opd.filter((r) => r.opd.code === job.scope), misrouting: { byCategory: report.misrouting.byCategory, byDispatcher: [] } };
    }
    case 'overview':
      return buildOverview(records(job), ref, job.window, job.incidents, minCount, job.facts);
    case 'ranking':
      return buildRanking(records(job), ref, job.window, job.dispatchers, minCount, job.facts);
    case 'opd': {
      const scope = job.scope;
      return buildOpdReport(records(job), ref, job.window, job.code, {
        incidents: job.incidents,
        dispatchers: job.dispatchers,
        minCount,
        mayOpen: (opdNow) => scopeAllowsOpd(scope, opdNow),
        limit: job.limit,
      }, job.facts);
    }
    case 'opdComplaints': {
      const scope = job.scope;
      return buildOpdComplaintsPage(records({ datasets: job.datasets ?? [], monitors: job.monitors ?? [] }), ref, job.window, job.code, {
        minCount,
        mayOpen: (opdNow) => scopeAllowsOpd(scope, opdNow),
        offset: job.offset,
        limit: job.limit,
      }, job.facts);
    }
    case 'kecamatan':
      return buildKecamatanReport(job.complaints, job.kelurahanOf, ref, job.window, job.code, minCount);
    case 'trends':
      return buildTrends(job.complaints, ref, job.window, minCount, job.series);
  }
}

/** The response as JSON text (what express's res.json would send): text crosses threads cheaply. */
export const computeReportJson = (job: ReportJob): string => JSON.stringify(computeReport(job));
