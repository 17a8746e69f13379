// The leadership reports behind /pimpinan (GET /api/v1/reports/*): operations and answer shapes.
// The TypeScript contract is shared/pimpinan-api.ts; these schemas say the same for OpenAPI.
import { ACCESS } from '../auth/roles.ts';
import { PERIOD_PRESETS } from '../../shared/report-period.ts';
import { OPD_COMPLAINTS_MAX, OPD_COMPLAINTS_PAGE } from '../../shared/pimpinan-api.ts';
import type { Operation } from './operation.ts';
import { obj, ref, type JsonSchema } from './response-schemas.ts';

const str: JsonSchema = { type: 'string' };
const nstr: JsonSchema = { type: ['string', 'null'] };
const int: JsonSchema = { type: 'integer' };
const num: JsonSchema = { type: 'number' };
const nnum: JsonSchema = { type: ['number', 'null'] };
const bool: JsonSchema = { type: 'boolean' };
const date: JsonSchema = { type: 'string', format: 'date' };
const time: JsonSchema = { type: 'string', format: 'date-time' };
const ntime: JsonSchema = { type: ['string', 'null'], format: 'date-time' };
const arr = (items: JsonSchema): JsonSchema => ({ type: 'array', items });
const text = ref('LocalizedText');
const rate = ref('RateWithCounts');
const compared = (schema: JsonSchema): JsonSchema => obj({ value: schema, previous: schema });
const definitions: JsonSchema = { type: 'object', description: 'Each figure\'s formula in plain words, in both languages.', additionalProperties: text };
const rank: JsonSchema = { type: ['integer', 'null'], minimum: 1, description: '1 = best; null = not ranked ("data belum cukup").' };

const envelope = {
  period: ref('ReportPeriodView'),
  previous: ref('ReportPeriodView'),
  includesToday: bool,
  minCount: int,
};

export const reportSchemas: Record<string, JsonSchema> = {
  ReportPeriodView: obj({ from: date, to: date, label: text, asOf: time }),
  ReportQueryError: obj({ error: { const: 'invalid_query' }, message: text, errors: arr(obj({ field: str, message: text })) }),
  AvailabilityFigure: obj({ percent: nnum, upMs: num, downMs: num, services: int }),
  OverviewReport: obj({
    ...envelope,
    complaints: obj({
      received: compared(int),
      closed: compared(int),
      open: compared(int),
      overdueCitizen: compared(int),
      overdueOpd: compared(int),
      onTime: compared(rate),
      opdOnTime: compared(rate),
      medianWorkingDaysToFirstResponse: compared(nnum),
      medianWorkingDaysToResolution: compared(nnum),
      firstResponseCount: compared(int),
      resolutionCount: compared(int),
    }),
    uploads: obj({ due: compared(int), onTime: compared(int), late: compared(int), missing: compared(int), pending: compared(int), onTimeRate: compared(rate) }),
    services: obj({ total: int, downNow: int, availability: compared(ref('AvailabilityFigure')), incidentsOpened: compared(int), downtimeMs: compared(num) }),
    kecamatan: arr(obj({ code: str, name: str, received: int, open: int, overdue: int, onTime: rate })),
    definitions,
  }),
  RankingReport: obj({
    ...envelope,
    rows: arr(
      obj({
        opd: obj({ code: str, name: str, shortName: nstr }),
        complaintsOnTime: rate,
        uploadsOnTime: rate,
        availability: ref('AvailabilityFigure'),
        services: int,
        misroutesReceived: int,
        misroutesCaused: int,
        overdueNow: int,
        received: int,
        ranks: obj({ complaints: rank, uploads: rank, availability: rank }),
      }),
    ),
    commandCenter: obj({ dispatches: int, misroutesCaused: int, rate, label: text }),
    unattributed: obj({ dispatches: int, misroutesCaused: int }),
    notRankedText: text,
    definitions,
  }),
  OpdReport: obj({
    ...envelope,
    opd: obj({ code: str, name: str, shortName: nstr }),
    summary: { type: 'object', description: 'Each figure beside the previous period (`value`, `previous`).', additionalProperties: obj({ value: {}, previous: {} }) },
    complaints: arr(ref('OpdComplaintItem')),
    datasets: arr(
      obj({
        code: str,
        name: str,
        schedule: str,
        onTime: rate,
        periods: arr(
          obj({ period: str, start: str, end: str, deadline: time, verdict: { type: 'string', enum: ['on_time', 'late', 'missing', 'pending'] }, receivedAt: ntime, lateByMs: nnum }),
        ),
      }),
    ),
    services: arr(obj({ code: str, name: str, state: str, availability: ref('AvailabilityFigure') })),
    incidents: arr(obj({ id: str, service: str, status: str, openedAt: time, resolvedAt: ntime, durationMs: num })),
    complaintsTotal: int,
    complaintsNextOffset: { type: ['integer', 'null'], description: 'Where the next page of `complaints` starts (GET /api/v1/reports/opd/:code/complaints); null: nothing more.' },
    trend: arr(obj({ weekStart: date, onTime: rate })),
    definitions,
  }),
  OpdComplaintItem: obj({
    id: str,
    category: obj({ code: str, name: text }),
    kecamatan: { anyOf: [obj({ code: str, name: str }), { type: 'null' }] },
    status: str,
    opdNow: nstr,
    verdict: { type: 'string', enum: ['overdue', 'late', 'on_time', 'running', 'not_judged'] },
    clock: { type: 'string', enum: ['opd', 'citizen'] },
    deadline: ntime,
    doneAt: ntime,
    lateWorkingDays: { type: ['integer', 'null'] },
    lateHours: nnum,
    in: arr(str),
    detailPath: { type: ['string', 'null'], description: 'The complaint\'s detail this viewer may open; null when they may not.' },
  }),
  OpdComplaintsPage: obj({
    period: ref('ReportPeriodView'),
    opd: obj({ code: str }),
    offset: int,
    complaints: arr(ref('OpdComplaintItem')),
    total: int,
    nextOffset: { type: ['integer', 'null'], description: 'Where the next page starts; null after the last.' },
  }),
  KecamatanReport: obj({
    ...envelope,
    kecamatan: obj({ code: str, name: str, population: { type: ['integer', 'null'] } }),
    received: compared(int),
    open: compared(int),
    overdue: compared(int),
    onTime: compared(rate),
    kelurahan: arr(obj({ code: str, name: str, received: int, open: int, overdue: int })),
    topCategories: arr(obj({ code: str, name: text, count: int })),
    opd: arr(obj({ code: str, name: str, complaints: int, overdue: int })),
    servingOpd: { anyOf: [obj({ code: str, name: str, complaints: int, share: rate }), { type: 'null' }] },
    definitions,
  }),
  TrendsReport: obj({
    ...envelope,
    daily: arr(obj({ date, received: int, closed: int })),
    weekly: arr(obj({ weekStart: date, onTime: rate })),
    participation: obj({
      months: arr(str),
      kecamatan: arr(obj({ code: str, name: str, population: { type: ['integer', 'null'] }, counts: arr(int), per10k: arr(num) }, ['per10k'])),
    }),
    definitions,
  }),
};

const periodParams = [
  { name: 'period', description: `A preset: ${PERIOD_PRESETS.join(', ')} (default 30d). Not with from/to.`, schema: { type: 'string', enum: [...PERIOD_PRESETS] } },
  { name: 'from', description: 'First day (WIB), YYYY-MM-DD; with `to`.', schema: date },
  { name: 'to', description: 'Last day (WIB, included), YYYY-MM-DD, not after today; at most 400 days after `from`.', schema: date },
];
const access = { kind: 'roles' as const, roles: ACCESS['report:read'] };
const badQuery = { description: '`invalid_query`: `errors` names every bad parameter (`period`, `from`, `to`), each message in both languages.', schema: 'ReportQueryError' };
/** The reports run on worker threads a few at a time (server/reports/report-pool.ts). */
export const reportsBusy = {
  description: '`busy`: other reports are being computed and the queue is full; retry after Retry-After seconds. Identical requests in flight share one computation.',
  schema: 'Error',
  headers: { 'Retry-After': 'Seconds to wait.' },
};
const common =
  'Each figure comes with the same figure for the previous period (same days of the month before for a month or month-to-date; else the same number of days just before). Every rate with its counts; reporter identity never appears.';

export const reportOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/v1/reports/overview',
    operationId: 'report_overview',
    tag: 'reports',
    summary: 'The city for a period: complaints, uploads, services',
    description: `Complaints received, closed, open, overdue (citizen's clock and OPD clock), on time, median working days; uploads due, on time, late, missing; availability and incidents. ${common}`,
    access,
    queryParams: periodParams,
    responses: { 200: { description: 'The overview.', schema: 'OverviewReport' }, 400: badQuery, 503: reportsBusy },
  },
  {
    method: 'get',
    path: '/api/v1/reports/ranking',
    operationId: 'report_ranking',
    tag: 'reports',
    summary: 'One row per OPD, ranked per column',
    description:
      'Complaint on time, upload on time, availability, misroutes received and caused, overdue now. Rank 1 = best; below the minimum count a row is not ranked. Misroutes by accounts without an OPD are on the `commandCenter` line. OPD-scoped users see the whole ranking too.',
    access,
    queryParams: periodParams,
    responses: { 200: { description: 'The ranking.', schema: 'RankingReport' }, 400: badQuery, 503: reportsBusy },
  },
  {
    method: 'get',
    path: '/api/v1/reports/opd/:code',
    operationId: 'report_opd',
    tag: 'reports',
    summary: 'One OPD: the complaints behind each number, uploads per due period, services, weekly trend',
    description: `Complaints overdue first, with how late (working days, hours) and by which clock. An OPD-scoped user may open only their own OPD (else 403). ${common}`,
    access,
    params: { code: { description: 'OPD code, e.g. `DLH`.' } },
    queryParams: [
      ...periodParams,
      { name: 'limit', description: `How many complaints to list, most urgent first (default ${OPD_COMPLAINTS_PAGE}, at most ${OPD_COMPLAINTS_MAX}); \`complaintsTotal\` counts them all, the rest come from \`/api/v1/reports/opd/:code/complaints\`.`, schema: { type: 'integer', minimum: 1, maximum: OPD_COMPLAINTS_MAX } },
    ],
    responses: { 200: { description: 'The OPD\'s report.', schema: 'OpdReport' }, 400: badQuery, 404: { description: '`not_found`: no such OPD.', schema: 'Error' }, 503: reportsBusy },
  },
  {
    method: 'get',
    path: '/api/v1/reports/opd/:code/complaints',
    operationId: 'report_opd_complaints',
    tag: 'reports',
    summary: 'One OPD: a page of the complaints behind its numbers ("Muat lagi"), or all of them (the exports)',
    description: `The OPD report's complaint list in the same order (overdue first); \`offset=0\` is the report's first page, \`offset=0&limit=${OPD_COMPLAINTS_MAX}\` every row. The order is taken at each request. An OPD-scoped user may open only their own OPD (else 403). ${common}`,
    access,
    params: { code: { description: 'OPD code, e.g. `DLH`.' } },
    queryParams: [
      ...periodParams,
      { name: 'offset', description: 'Where the page starts in the list (default 0).', schema: { type: 'integer', minimum: 0 } },
      { name: 'limit', description: `How many complaints (default ${OPD_COMPLAINTS_PAGE}, at most ${OPD_COMPLAINTS_MAX}).`, schema: { type: 'integer', minimum: 1, maximum: OPD_COMPLAINTS_MAX } },
    ],
    responses: { 200: { description: 'The page.', schema: 'OpdComplaintsPage' }, 400: badQuery, 404: { description: '`not_found`: no such OPD.', schema: 'Error' }, 503: reportsBusy },
  },
  {
    method: 'get',
    path: '/api/v1/reports/kecamatan/:code',
    operationId: 'report_kecamatan',
    tag: 'reports',
    summary: 'One kecamatan: counts per kelurahan, top categories, the OPD serving it',
    description: common,
    access,
    params: { code: { description: 'Kecamatan code, e.g. `12.71.05`.' } },
    queryParams: periodParams,
    responses: { 200: { description: 'The kecamatan\'s report.', schema: 'KecamatanReport' }, 400: badQuery, 404: { description: '`not_found`: no such kecamatan.', schema: 'Error' }, 503: reportsBusy },
  },
  {
    method: 'get',
    path: '/api/v1/reports/trends',
    operationId: 'report_trends',
    tag: 'reports',
    summary: 'Received and closed per day, on time per week, participation per kecamatan per month',
    access,
    queryParams: periodParams,
    responses: { 200: { description: 'The trends.', schema: 'TrendsReport' }, 400: badQuery, 503: reportsBusy },
  },
];
