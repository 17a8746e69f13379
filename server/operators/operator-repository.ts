// The operators' reads: the queue (complaints waiting for the command center, or an OPD's open
// ones), its counts per state, and duplicate candidates near a complaint.
import { sql, type SQL } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import type { ComplaintStatus } from '../../shared/domain-constants.ts';
import type { QueueState } from '../../shared/operator-api.ts';
import { queryRows, type Queryable } from '../infra/database.ts';

/** Statuses waiting for the command center; an OPD's own queue holds its dispatched / in-progress ones. */
export const COMMAND_CENTER_STATUSES: readonly ComplaintStatus[] = ['received', 'verified', 'reopened'];
export const OPD_STATUSES: readonly ComplaintStatus[] = ['dispatched', 'in_progress'];

export interface QueueFilter {
  /** null: the command center's queue; a code: that OPD's. */
  opd: string | null;
  channels: string[];
  categories: string[];
  kecamatan: string[];
  states: QueueState[];
  limit: number;
}

export interface QueueRow {
  id: string;
  version: number;
  source: string;
  external_id: string;
  channel: string;
  category_code: string;
  kecamatan_code: string | null;
  kelurahan_code: string | null;
  status: ComplaintStatus;
  privacy: string;
  submitted_at: string;
  title: string | null;
  text: string;
  lat: number | null;
  lon: number | null;
  media: unknown;
  opd_code: string | null;
  emergency: boolean;
  due_at: string | null;
  resolution_due_at: string | null;
  state: QueueState;
  last_status: ComplaintStatus | null;
  last_actor: string | null;
  last_at: string | null;
  last_reason: string | null;
  /** For a hand-back: the OPD of the assignment it ended. */
  handed_back_opd: string | null;
}

const list = (values: readonly string[]) => sql`${sql.param(values)}::text[]`;

/**
 * The command center sees every OPD's open complaints too (to re-route one that went to the
 * wrong office), but its queue proper is what waits for it: those unless a state asks for more.
 */
export const COMMAND_CENTER_QUEUE: readonly QueueState[] = ['received', 'verified', 'reopened', 'handed_back'];

function whereOf(f: QueueFilter): SQL {
  const parts: SQL[] = [f.opd === null ? sql`c.status = any(${list([...COMMAND_CENTER_STATUSES, ...OPD_STATUSES])})` : sql`c.status = any(${list(OPD_STATUSES)}) and c.opd_code = ${f.opd}`];
  if (f.channels.length) parts.push(sql`c.channel = any(${list(f.channels)})`);
  if (f.categories.length) parts.push(sql`c.category_code = any(${list(f.categories)})`);
  if (f.kecamatan.length) parts.push(sql`c.kecamatan_code = any(${list(f.kecamatan)})`);
  return sql.join(parts, sql` and `);
}

// A complaint is `handed_back` when it is verified right after a dispatched / in-progress fact
// (history in the lifecycle's order: time, then id). Only a verified complaint that was triaged
// before (sent somewhere) can be one, so only those few get the look into their history.
const STATE = sql`case when c.status = 'verified' and prev.status in ('dispatched', 'in_progress') then 'handed_back' else c.status end`;
const PREV = sql`left join lateral (select h.status from ${t.complaintStatusHistory} h
                  where h.complaint_id = c.id and c.status = 'verified' and c.triaged_at is not null
                  order by h.at desc, h.id desc offset 1 limit 1) prev on true`;

export async function countQueue(db: Queryable, f: QueueFilter): Promise<Record<string, number>> {
  const rows = await queryRows<{ state: string; n: string }>(db, sql`select ${STATE} as state, count(*)::text as n from ${t.complaints} c ${PREV} where ${whereOf(f)} group by 1`);
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

export async function loadQueue(db: Queryable, f: QueueFilter): Promise<QueueRow[]> {
  const wanted = f.states.length ? f.states : f.opd === null ? COMMAND_CENTER_QUEUE : [];
  const states = wanted.length ? sql`and ${STATE} = any(${list(wanted)})` : sql``;
  // Command center: the verification (dispatch) deadline; an OPD: its response deadline until the
  // first response, then the resolution deadline (also for a complaint the command center opens
  // among those already with an OPD, to re-route it). Nearest first; none last.
  const opdDue = sql`case when c.first_response_at is null then c.response_due_at else c.resolution_due_at end`;
  const due = f.opd === null ? sql`case when c.status in ('dispatched', 'in_progress') then ${opdDue} else c.dispatch_due_at end` : opdDue;
  // The page is chosen first; only its rows get their newest fact looked up.
  return queryRows<QueueRow>(
    db,
    sql`select q.*, last.status as last_status, last.actor as last_actor, last.at as last_at, last.reason as last_reason,
               case when q.state = 'handed_back' then
                 (select a.opd_code from ${t.complaintAssignments} a where a.complaint_id = q.id and a.ended_by = 'handed_back' order by a.idx desc limit 1)
               end as handed_back_opd
          from (select c.id, c.version, c.source, c.external_id, c.channel, c.category_code, c.kecamatan_code, c.kelurahan_code, c.status,
                       c.privacy, c.submitted_at, c.title, c.text, c.lat, c.lon, c.media, c.opd_code, c.emergency,
                       ${due} as due_at, c.resolution_due_at, ${STATE} as state
                  from ${t.complaints} c ${PREV}
                 where ${whereOf(f)} ${states}
                 order by ${due} asc nulls last, c.submitted_at asc, c.id
                 limit ${f.limit}) q
          left join lateral (select h.status, h.actor, h.at, h.reason from ${t.complaintStatusHistory} h
                              where h.complaint_id = q.id order by h.at desc, h.id desc limit 1) last on true
         order by q.due_at asc nulls last, q.submitted_at asc, q.id`,
  );
}

export interface DuplicateRow {
  id: string;
  version: number;
  channel: string;
  status: ComplaintStatus;
  opd_code: string | null;
  submitted_at: string;
  distance_km: number | null;
  kecamatan_code: string | null;
  kelurahan_code: string | null;
  privacy: string;
  title: string | null;
  text: string;
}

const EARTH_KM = 6371.0088;

/**
 * Open complaints of the same category, other than `of` and not merged, submitted within `days`
 * of it and within `km` of its location (great-circle distance); when either has no location,
 * the same kelurahan counts as near. Nearest first, at most 50.
 */
export async function findDuplicateCandidates(
  db: Queryable,
  of: { id: string; category: string; submittedAt: Date; lat: number | null; lon: number | null; kelurahan: string | null },
  search: { km: number; days: number },
  openStatuses: readonly ComplaintStatus[],
): Promise<DuplicateRow[]> {
  const span = search.days * 86_400;
  const at = of.submittedAt.toISOString();
  const f = (n: number) => sql`${n}::float8`;
  const distance =
    of.lat !== null && of.lon !== null
      ? sql`case when c.lat is null or c.lon is null then null else
              2 * ${f(EARTH_KM)} * asin(sqrt(power(sin(radians(c.lat - ${f(of.lat)}) / 2), 2)
                + cos(radians(${f(of.lat)})) * cos(radians(c.lat)) * power(sin(radians(c.lon - ${f(of.lon)}) / 2), 2))) end`
      : sql`null::float8`;
  const sameKelurahan = of.kelurahan ? sql`d.kelurahan_code = ${of.kelurahan}` : sql`false`;
  return queryRows<DuplicateRow>(
    db,
    sql`select * from (
          select c.id, c.version, c.channel, c.status, c.opd_code, c.submitted_at, ${distance} as distance_km,
                 c.kecamatan_code, c.kelurahan_code, c.privacy, c.title, c.text
            from ${t.complaints} c
           where c.category_code = ${of.category} and c.id <> ${of.id}
             and c.status = any(${list(openStatuses)})
             and c.submitted_at between ${at}::timestamptz - make_interval(secs => ${f(span)}) and ${at}::timestamptz + make_interval(secs => ${f(span)})
        ) d
        where (d.distance_km is not null and d.distance_km <= ${f(search.km)})
           or (d.distance_km is null and ${sameKelurahan})
        order by d.distance_km asc nulls last, d.submitted_at desc
        limit 50`,
  );
}
