// HTTP contract of the leadership screen (/pimpinan): GET /api/v1/reports/{overview, ranking,
// opd/:code, kecamatan/:code, trends}. Used by the server routes and the client.
//
// Query of every endpoint: `period=today|7d|30d|month|last-month` or `from=YYYY-MM-DD&to=YYYY-MM-DD`
// (inclusive WIB dates, shared/report-period.ts); none = the default period (30 days).
// A bad query is refused with 400 and a ReportQueryError naming every bad field.
//
// Conventions, so a screen can render without thinking:
// - every rate is a RateWithCounts (`rate` 0..1, null below `minCount`: "data belum cukup");
// - every headline figure travels with its value for the previous period (`Compared`);
// - instants are ISO UTC strings; calendar dates are WIB `YYYY-MM-DD`;
// - texts for people are bilingual: `id` (Bahasa Indonesia) and `en`;
// - reporter identity (name, phone, email, NIK) never appears in any response.
import type { RateWithCounts } from './protocol.ts';

export type { RateWithCounts };

export interface Bilingual {
  id: string;
  en: string;
}

/** A figure for the period beside the same figure for the previous period (previousRange). */
export interface Compared<T> {
  value: T;
  previous: T;
}

/** The period a report covers. */
export interface ReportPeriodView {
  /** Inclusive WIB dates. */
  from: string;
  to: string;
  /** "1–7 Des 2026" / "1–7 Dec 2026". */
  label: Bilingual;
  /** When the numbers were computed (ISO UTC): verdicts use what was known then. */
  asOf: string;
}

/** 400 for a bad query: every bad field at once. */
export interface ReportQueryError {
  error: 'invalid_query';
  message: Bilingual;
  errors: { field: string; message: Bilingual }[];
}

/** 403 / 404 bodies. */
export interface ReportRefusal {
  error: string;
  message: Bilingual | string;
}

/** Fields every report response starts with. */
export interface ReportEnvelope {
  period: ReportPeriodView;
  /** The period the `previous` values are from. */
  previous: ReportPeriodView;
  /** True while the period includes today (WIB): headline numbers may move with the live socket. */
  includesToday: boolean;
  /** Below this many cases a rate is null and the row is not ranked. */
  minCount: number;
}

/** Time up / down of services over the part of the period that has passed (maintenance excluded). */
export interface AvailabilityFigure {
  /** 0..100; null when nothing was measured. */
  percent: number | null;
  upMs: number;
  downMs: number;
  /** Services measured (with any up or down time). */
  services: number;
}

// ------------------------------------------------------------------ GET /api/v1/reports/overview

export interface OverviewResponse extends ReportEnvelope {
  complaints: {
    /** Submitted in the period. */
    received: Compared<number>;
    /** Resolved (closed) in the period. */
    closed: Compared<number>;
    /** Open at the end of the period (now, when it includes today). */
    open: Compared<number>;
    /** Open and past the citizen's deadline (from submission), at the end of the period. */
    overdueCitizen: Compared<number>;
    /** OPD assignments open and past the OPD's deadline (from dispatch), at the end of the period. */
    overdueOpd: Compared<number>;
    /** City on time (citizen's clock): closed on time / (closed + open and overdue), deadlines in the period. */
    onTime: Compared<RateWithCounts>;
    /** All OPDs together (OPD clock), same formula. */
    opdOnTime: Compared<RateWithCounts>;
    /**
     * Median working days from submission to the first response / the resolution, over those that
     * happened in the period (same day 0, next working day 1); null when none. The counts say over how many.
     */
    medianWorkingDaysToFirstResponse: Compared<number | null>;
    medianWorkingDaysToResolution: Compared<number | null>;
    firstResponseCount: Compared<number>;
    resolutionCount: Compared<number>;
  };
  uploads: {
    /** Due periods whose deadline falls in the period (pending ones included). */
    due: Compared<number>;
    onTime: Compared<number>;
    late: Compared<number>;
    missing: Compared<number>;
    /** Deadline still ahead: not judged. */
    pending: Compared<number>;
    /** onTime / (onTime + late + missing). */
    onTimeRate: Compared<RateWithCounts>;
  };
  services: {
    /** Active services of the city (non-external OPDs). */
    total: number;
    /** Down now. */
    downNow: number;
    availability: Compared<AvailabilityFigure>;
    /** Incidents opened in the period. */
    incidentsOpened: Compared<number>;
    /** Time services were down in the period (sum over services, maintenance excluded). */
    downtimeMs: Compared<number>;
  };
  /**
   * Per kecamatan for the city map (colour by received or overdue), every kecamatan, zeros
   * included: received in the period; open and overdue (citizen's clock) at its end; on time.
   */
  kecamatan: { code: string; name: string; received: number; open: number; overdue: number; onTime: RateWithCounts }[];
  definitions: Record<string, Bilingual>;
}

// ------------------------------------------------------------------ GET /api/v1/reports/ranking

/** Rank 1 = best; null = not ranked (below minCount: "data belum cukup"). Ties share a rank. */
export type Rank = number | null;

export interface RankingRow {
  opd: { code: string; name: string; shortName: string | null };
  /** OPD clock, deadlines in the period. */
  complaintsOnTime: RateWithCounts;
  /** Upload periods due in the period. */
  uploadsOnTime: RateWithCounts;
  availability: AvailabilityFigure;
  /** Active services the OPD owns. */
  services: number;
  /** Dispatches to this OPD in the period later re-routed away (not its fault). */
  misroutesReceived: number;
  /** Dispatches made in the period by this OPD's staff later re-routed (their fault). */
  misroutesCaused: number;
  /** Complaints held by this OPD open and past its deadline now. */
  overdueNow: number;
  /** Complaints submitted in the period now with this OPD. */
  received: number;
  ranks: { complaints: Rank; uploads: Rank; availability: Rank };
}

export interface RankingResponse extends ReportEnvelope {
  /** Every non-external OPD, by code; the screen sorts. */
  rows: RankingRow[];
  /** Dispatches by accounts without an OPD (the command center, "Pusat Komando"). */
  commandCenter: { dispatches: number; misroutesCaused: number; rate: RateWithCounts; label: Bilingual };
  /** Dispatches whose dispatcher is unknown (a channel that skipped the dispatch step): nobody's line. */
  unattributed: { dispatches: number; misroutesCaused: number };
  /** Texts for a row without rank. */
  notRankedText: Bilingual;
  /** The formulas in plain words, one per column. */
  definitions: {
    complaintsOnTime: Bilingual;
    uploadsOnTime: Bilingual;
    availability: Bilingual;
    misroutesReceived: Bilingual;
    misroutesCaused: Bilingual;
    overdueNow: Bilingual;
    rank: Bilingual;
  } & Record<string, Bilingual>;
}

// ------------------------------------------------------------------ GET /api/v1/reports/opd/:code
// Query: the period, and `limit` (1..OPD_COMPLAINTS_MAX, default OPD_COMPLAINTS_PAGE) for the
// first page of the complaint list. The rest of the list comes a page at a time from
// GET /api/v1/reports/opd/:code/complaints (below): a busy OPD's year is tens of thousands of
// complaints, which nobody reads on a tablet and which made every drill-down slow.

/** Complaints in the first answer and in each "Muat lagi / Load more". */
export const OPD_COMPLAINTS_PAGE = 50;
/** The most one request lists: enough for every complaint of any OPD's year (the export asks for all). */
export const OPD_COMPLAINTS_MAX = 100_000;

export type ComplaintClock = 'opd' | 'citizen';
/**
 * overdue: open and past deadline; late: closed after deadline; on_time; running: open, deadline
 * ahead; not_judged: no deadline of this OPD's falls in the period (e.g. only received, or re-routed away).
 */
export type ComplaintVerdict = 'overdue' | 'late' | 'on_time' | 'running' | 'not_judged';

export interface OpdComplaintItem {
  id: string;
  category: { code: string; name: Bilingual };
  kecamatan: { code: string; name: string } | null;
  /** Current status (baru, diproses, selesai, ...). */
  status: string;
  /** The OPD holding it now (may differ after a re-route). */
  opdNow: string | null;
  verdict: ComplaintVerdict;
  clock: ComplaintClock;
  deadline: string | null;
  doneAt: string | null;
  /** How late (overdue: until now; late: until done), null when not late. */
  lateWorkingDays: number | null;
  lateHours: number | null;
  /** Which numbers of the report it is behind. */
  in: ('received' | 'onTime' | 'late' | 'overdue' | 'running' | 'responseOverdue' | 'open' | 'misroutedTo')[];
  /** Detail this viewer may open (API path), null when the viewer may not (e.g. re-routed to another OPD). */
  detailPath: string | null;
}

export type DuePeriodVerdict = 'on_time' | 'late' | 'missing' | 'pending';

export interface OpdDatasetGrid {
  code: string;
  name: string;
  /** daily | weekly | monthly | ... | adhoc (never due). */
  schedule: string;
  onTime: RateWithCounts;
  periods: {
    /** The period's key: `2026-03-06`, `2026-W10`, `2026-03`. */
    period: string;
    start: string;
    end: string;
    deadline: string;
    verdict: DuePeriodVerdict;
    receivedAt: string | null;
    lateByMs: number | null;
  }[];
}

export interface OpdServiceView {
  code: string;
  name: string;
  state: string;
  availability: AvailabilityFigure;
}

export interface OpdIncidentView {
  id: string;
  service: string;
  status: string;
  openedAt: string;
  resolvedAt: string | null;
  /** Until resolved, or until now / the end of the period. */
  durationMs: number;
}

export interface OpdReportResponse extends ReportEnvelope {
  opd: { code: string; name: string; shortName: string | null };
  summary: {
    received: Compared<number>;
    onTime: Compared<RateWithCounts>;
    closedOnTime: Compared<number>;
    closedLate: Compared<number>;
    openOverdue: Compared<number>;
    running: Compared<number>;
    open: Compared<number>;
    responseOverdue: Compared<number>;
    misroutesReceived: Compared<number>;
    misroutesCaused: Compared<number>;
    medianWorkingDaysToFirstResponse: Compared<number | null>;
    medianWorkingDaysToResolution: Compared<number | null>;
    uploadsOnTime: Compared<RateWithCounts>;
    availability: Compared<AvailabilityFigure>;
  };
  /**
   * The complaints behind the numbers: overdue first (most late first), then late, running, on
   * time, not judged. The first page of them (query `limit`, default OPD_COMPLAINTS_PAGE): the
   * summary's counts are always complete; `complaintsTotal` says how many there are in all and
   * `complaintsNextOffset` where the next page starts (null: nothing more).
   */
  complaints: OpdComplaintItem[];
  complaintsTotal: number;
  complaintsNextOffset: number | null;
  datasets: OpdDatasetGrid[];
  services: OpdServiceView[];
  incidents: OpdIncidentView[];
  /** On time per week (weeks start Monday, WIB) within the period; first/last week may be partial. */
  trend: { weekStart: string; onTime: RateWithCounts }[];
  definitions: Record<string, Bilingual>;
}

// ------------------------------------------------------------------ GET /api/v1/reports/opd/:code/complaints
// Query: the period, `offset` (0.., default 0) and `limit` (1..OPD_COMPLAINTS_MAX, default
// OPD_COMPLAINTS_PAGE). The same list, in the same order, as the OPD report's `complaints`:
// offset 0 is its first page; `offset=0&limit=OPD_COMPLAINTS_MAX` is every row (the exports).
// The order is taken when each page is asked for: while the period includes today a complaint
// can move between pages (a running one becomes overdue), so a screen appending pages drops an
// id it already shows.

export interface OpdComplaintsPage {
  period: ReportPeriodView;
  opd: { code: string };
  /** [offset, offset + complaints.length) of the list. */
  offset: number;
  complaints: OpdComplaintItem[];
  /** The whole list's length (the OPD report's complaintsTotal). */
  total: number;
  /** Where the next page starts; null after the last. */
  nextOffset: number | null;
}

// ------------------------------------------------------------------ GET /api/v1/reports/kecamatan/:code

export interface KecamatanReportResponse extends ReportEnvelope {
  kecamatan: { code: string; name: string; population: number | null };
  received: Compared<number>;
  open: Compared<number>;
  /** Citizen's clock, at the end of the period. */
  overdue: Compared<number>;
  onTime: Compared<RateWithCounts>;
  /** Per kelurahan (for map colouring); every kelurahan of the kecamatan, zeros included. */
  kelurahan: { code: string; name: string; received: number; open: number; overdue: number }[];
  /** Received in the period, most first (at most 10). */
  topCategories: { code: string; name: Bilingual; count: number }[];
  /** OPDs holding the complaints received here, most first; `servingOpd` is the first. */
  opd: { code: string; name: string; complaints: number; overdue: number }[];
  servingOpd: { code: string; name: string; complaints: number; share: RateWithCounts } | null;
  definitions: Record<string, Bilingual>;
}

// ------------------------------------------------------------------ GET /api/v1/reports/trends

export interface TrendsResponse extends ReportEnvelope {
  /** Every date of the period. */
  daily: { date: string; received: number; closed: number }[];
  /** City on time (citizen's clock) per week (Monday start, WIB) within the period. */
  weekly: { weekStart: string; onTime: RateWithCounts }[];
  /** Complaints received per kecamatan per month (months the period touches, `YYYY-MM`). */
  participation: {
    months: string[];
    kecamatan: {
      code: string;
      name: string;
      population: number | null;
      /** One per month, same order as `months`. */
      counts: number[];
      /** Per 10,000 residents, only when the reference data has the population. */
      per10k?: number[];
    }[];
  };
  definitions: Record<string, Bilingual>;
}
