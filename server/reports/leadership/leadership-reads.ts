// The reads behind the leadership reports: one read of records per request (for the period and
// the previous period together) and a few small lookups (dispatcher accounts, incidents,
// kelurahan), made into a job (../report-jobs.ts) for the pure builders of leadership-report.ts,
// which run on a worker thread (../report-pool.ts).
import { sql } from 'drizzle-orm';
import { OPEN_COMPLAINT_STATUSES } from '../../../shared/domain-constants.ts';
import { queryRows, timestamptz, type Database } from '../../infra/database.ts';
import { DEFAULT_SLA, earliestClockStartDueFrom } from '../../domain/complaints/complaint-sla.ts';
import type { ReferenceSnapshot } from '../../repositories/reference-repository.ts';
import { complaintStatesForPeriod } from '../../repositories/timeliness-repository.ts';
import { readTimelinessRecords, type ReportPeriod } from '../opd-timeliness-report.ts';
import type { DispatcherOpd, IncidentRecord } from './leadership-report.ts';
import { plainReference, type ReportJob } from '../report-jobs.ts';
import { weeksOf, type ReportWindow } from './report-window.ts';
import { backlogsAt, complaintFactsById, complaintMetricsFromFacts, complaintSeriesFromFacts, factsAnswerFor, opdExplainLists } from './complaint-facts.ts';
import { pageOf, rankOpdComplaints } from './opd-complaint-list.ts';
import { OPD_COMPLAINTS_PAGE } from '../../../shared/pimpinan-api.ts';

/** [previous.from, end): what both periods need. */
const spanning = (w: ReportWindow, to: Date = w.current.to) => ({ from: w.prior.from, to, now: w.current.now });

/** Accounts that can dispatch, with their OPD (null: the command center). */
export async function dispatcherOpd(db: Database): Promise<DispatcherOpd> {
  const rows = await queryRows<{ username: string; opd_code: string | null }>(db, sql`select username, opd_code from users`);
  return new Map(rows.map((r) => [r.username, r.opd_code]));
}

/** Incidents of city services overlapping [from, to), optionally of one OPD. */
export async function incidentRecords(db: Database, from: Date, to: Date, opd?: string): Promise<IncidentRecord[]> {
  const rows = await queryRows<{ id: string; code: string; opd: string; status: string; opened_at: Date | string; resolved_at: Date | string | null }>(
    db,
    sql`select i.id, m.code, m.opd_code as opd, i.status, i.opened_at, i.resolved_at
          from incidents i join monitors m on m.id = i.monitor_id join opd o on o.code = m.opd_code
         where not o.external and i.opened_at < ${timestamptz(to)} and (i.resolved_at is null or i.resolved_at >= ${timestamptz(from)})
           ${opd ? sql`and m.opd_code = ${opd}` : sql``}`,
  );
  return rows.map((r) => ({
    id: r.id,
    monitorCode: r.code,
    opd: r.opd,
    status: r.status,
    openedAt: new Date(r.opened_at),
    resolvedAt: r.resolved_at === null ? null : new Date(r.resolved_at),
  }));
}

/** The OPD that get a row in the reports (complaint-facts counts only theirs). */
const cityOpd = (ref: ReferenceSnapshot) => [...ref.opd.values()].filter((o) => !o.external).map((o) => o.code);

/** The complaint figures of a period from the stored facts (see complaint-facts.ts). */
const factsFor = (db: Database, ref: ReferenceSnapshot, period: { from: Date; to: Date; now: Date }, minCount: number, parts: 'ranking' | 'overview') =>
  complaintMetricsFromFacts(db, { ...period, calendar: ref.calendar, minCount, opdCodes: cityOpd(ref), parts });

export async function overviewJob(db: Database, ref: ReferenceSnapshot, window: ReportWindow, minCount: number, facts = true): Promise<ReportJob> {
  if (facts && (await factsAnswerFor(db, window.current.now))) {
    const [records, incidents, current, prior] = await Promise.all([
      readTimelinessRecords(db, ref, spanning(window), undefined, { complaints: false }),
      incidentRecords(db, window.prior.from, window.current.to),
      factsFor(db, ref, window.current, minCount, 'overview'),
      factsFor(db, ref, window.prior, minCount, 'overview'),
    ]);
    return { kind: 'overview', ref: plainReference(ref), ...records, window, incidents, minCount, facts: { current, prior } };
  }
  const [records, incidents] = await Promise.all([readTimelinessRecords(db, ref, spanning(window)), incidentRecords(db, window.prior.from, window.current.to)]);
  return { kind: 'overview', ref: plainReference(ref), ...records, window, incidents, minCount };
}

export async function rankingJob(db: Database, ref: ReferenceSnapshot, window: ReportWindow, minCount: number, facts = true): Promise<ReportJob> {
  if (facts && (await factsAnswerFor(db, window.current.now))) {
    const codes = cityOpd(ref);
    const [records, dispatchers, current, now] = await Promise.all([
      readTimelinessRecords(db, ref, window.current, undefined, { complaints: false }),
      dispatcherOpd(db),
      factsFor(db, ref, window.current, minCount, 'ranking'),
      backlogsAt(db, window.current.now, codes, { current: true, kecamatan: false }),
    ]);
    const overdueNow = Object.fromEntries(codes.map((c) => [c, now.opd.get(c)?.overdue ?? 0]));
    return { kind: 'ranking', ref: plainReference(ref), ...records, window, dispatchers, minCount, facts: { current, overdueNow } };
  }
  // Up to now as well as the period: "overdue now" needs the complaints open now.
  const until = new Date(Math.max(window.current.to.getTime(), window.current.now.getTime() + 1));
  const [records, dispatchers] = await Promise.all([
    readTimelinessRecords(db, ref, { from: window.current.from, to: until, now: window.current.now }),
    dispatcherOpd(db),
  ]);
  return { kind: 'ranking', ref: plainReference(ref), ...records, window, dispatchers, minCount };
}

/** The OPD's staff accounts (their dispatches are the misroutes it caused). */
const staffOf = (dispatchers: DispatcherOpd, code: string) => [...dispatchers].filter(([, opd]) => opd === code).map(([username]) => username);

/**
 * One page of an OPD's complaint list from the stored facts: every complaint behind its row
 * ranked (ids and times only), cut to [offset, offset + limit), and only the page's complaints
 * looked up. Call only when factsAnswerFor(now).
 */
async function opdListFromFacts(db: Database, code: string, period: ReportPeriod, offset: number, limit: number) {
  const lists = await opdExplainLists(db, code, period);
  const list = pageOf(rankOpdComplaints(lists, period.now, lists.backlogAt), offset, limit);
  const complaints = await complaintFactsById(db, list.page.map((r) => r.id));
  return { list, complaints };
}

/**
 * `scope`: the OPD the user is limited to (null: all), deciding which complaints link to their
 * detail. `limit`: the first page of the complaint list (default OPD_COMPLAINTS_PAGE).
 */
export async function opdJob(
  db: Database,
  ref: ReferenceSnapshot,
  window: ReportWindow,
  code: string,
  minCount: number,
  scope: string | null,
  limit?: number,
  facts = true,
): Promise<ReportJob> {
  if (facts && (await factsAnswerFor(db, window.current.now))) {
    const dispatchers = await dispatcherOpd(db);
    const opdFacts = (period: ReportPeriod) =>
      complaintMetricsFromFacts(db, {
        ...period,
        calendar: ref.calendar,
        minCount,
        opdCodes: [code],
        parts: 'opd',
        onlyOpd: { code, explain: false, dispatchers: staffOf(dispatchers, code) },
      });
    // The list is read beside the counts (not after them), and only its first page is looked up.
    const [records, incidents, current, prior, series, page] = await Promise.all([
      readTimelinessRecords(db, ref, spanning(window), code, { complaints: false }),
      incidentRecords(db, window.prior.from, window.current.to, code),
      opdFacts(window.current),
      opdFacts(window.prior),
      // The OPD report shows the weekly on-time only.
      complaintSeriesFromFacts(db, { ...window.current, minCount, weeks: weeksOf(window.range), opd: code, weeklyOnly: true }),
      opdListFromFacts(db, code, window.current, 0, limit ?? OPD_COMPLAINTS_PAGE),
    ]);
    return {
      kind: 'opd',
      ref: plainReference(ref),
      ...records,
      window,
      code,
      incidents,
      dispatchers,
      minCount,
      scope,
      limit,
      facts: { current, prior, series, ...page },
    };
  }
  const [records, incidents, dispatchers] = await Promise.all([
    readTimelinessRecords(db, ref, spanning(window), code),
    incidentRecords(db, window.prior.from, window.current.to, code),
    dispatcherOpd(db),
  ]);
  return { kind: 'opd', ref: plainReference(ref), ...records, window, code, incidents, dispatchers, minCount, scope, limit };
}

/** One page of an OPD's complaint list (GET /api/v1/reports/opd/:code/complaints), nothing else of its report. */
export async function opdComplaintsJob(
  db: Database,
  ref: ReferenceSnapshot,
  window: ReportWindow,
  code: string,
  minCount: number,
  scope: string | null,
  offset: number,
  limit: number,
  facts = true,
): Promise<ReportJob> {
  const base = { kind: 'opdComplaints' as const, ref: plainReference(ref), window, code, minCount, scope, offset, limit };
  if (facts && (await factsAnswerFor(db, window.current.now))) {
    const page = await opdListFromFacts(db, code, window.current, offset, limit);
    return { ...base, complaints: [], facts: page };
  }
  // The raw records of the period alone (the list is the current period's).
  const records = await readTimelinessRecords(db, ref, window.current, code);
  return { ...base, ...records };
}

const activeSince = (ref: ReferenceSnapshot, from: Date) => earliestClockStartDueFrom(from, [DEFAULT_SLA, ...[...ref.categories.values()].map((c) => c.sla)], ref.calendar);

export async function kecamatanJob(db: Database, ref: ReferenceSnapshot, window: ReportWindow, code: string, minCount: number): Promise<ReportJob> {
  const since = activeSince(ref, window.prior.from);
  const [complaints, kelurahan] = await Promise.all([
    complaintStatesForPeriod(db, since, window.current.to, undefined, code),
    queryRows<{ id: string; kelurahan_code: string | null }>(
      db,
      // The same complaints as the records (see complaintStatesForPeriod): the open ones however old.
      sql`select id, kelurahan_code from complaints
           where kecamatan_code = ${code} and submitted_at < ${timestamptz(window.current.to)}
             and (status in (${sql.join(
               OPEN_COMPLAINT_STATUSES.map((s) => sql`${s}`),
               sql`, `,
             )}) or status_at >= ${timestamptz(since)})`,
    ),
  ]);
  const kelurahanOf = new Map(kelurahan.map((r) => [r.id, r.kelurahan_code]));
  return { kind: 'kecamatan', ref: plainReference(ref), complaints, kelurahanOf, window, code, minCount };
}

export async function trendsJob(db: Database, ref: ReferenceSnapshot, window: ReportWindow, minCount: number, facts = true): Promise<ReportJob> {
  if (facts && (await factsAnswerFor(db, window.current.now))) {
    const series = await complaintSeriesFromFacts(db, { ...window.current, minCount, weeks: weeksOf(window.range) });
    return { kind: 'trends', ref: plainReference(ref), complaints: [], series, window, minCount };
  }
  const complaints = await complaintStatesForPeriod(db, activeSince(ref, window.current.from), window.current.to);
  return { kind: 'trends', ref: plainReference(ref), complaints, window, minCount };
}
