// The leadership reports count complaints from the stored facts in PostgreSQL
// (server/reports/leadership/complaint-facts.ts) instead of folding every history in JavaScript.
// For random histories (steps skipped and out of order, over the Lebaran holidays), written the
// way the processor writes them, and random periods (WIB midnights; periods ending in the past,
// and periods holding `now`), every number must equal computeComplaintMetrics / complaintSeries
// over the raw records.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../../db/schema.ts';
import { repoRoot } from '../../server/config.ts';
import { seedDatabase } from '../../db/seed.ts';
import { openDatabase, type Database, type DatabaseHandle } from '../../server/infra/database.ts';
import { computeComplaintMetrics, type AreaComplaintMetrics, type ComplaintMetrics } from '../../server/domain/complaints/complaint-metrics.ts';
import type { ComplaintState } from '../../server/domain/complaints/complaint-lifecycle.ts';
import { assessComplaint, DEFAULT_SLA } from '../../server/domain/complaints/complaint-sla.ts';
import { assignmentRows, historyRowOf, lifecycleColumns } from '../../server/repositories/complaint-repository.ts';
import { backlogsAt, complaintMetricsFromFacts, complaintSeriesFromFacts, factsAnswerFor } from '../../server/reports/leadership/complaint-facts.ts';
import { complaintSeries } from '../../server/reports/leadership/complaint-series.ts';
import { instantsOf, weeksOf } from '../../server/reports/leadership/report-window.ts';
import { addDays } from '../../shared/calendar-date.ts';
import { calendar, HOUR, policies, setArb, T0 } from '../unit/domain/complaints/complaint-arbitraries.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-env.ts';

const policyOf = (c: string) => (policies as Record<string, typeof DEFAULT_SLA>)[c] ?? DEFAULT_SLA;
const START = new Date(T0 + 7 * HOUR).toISOString().slice(0, 10);
const OPD = ['DLH', 'SDABMBK'];
/** The statement of migration 0007 that fills holder_opd and open_spans from the raw tables. */
const REBUILD = fs
  .readFileSync(path.join(repoRoot, 'db/migrations/0007_report-facts.sql'), 'utf8')
  .split('--> statement-breakpoint')
  .find((s) => s.includes('UPDATE "complaints"'))!;

/** The statement of migration 0008 that fills complaint_assignments.held from the raw tables. */
const REBUILD_HELD = fs
  .readFileSync(path.join(repoRoot, 'db/migrations/0008_assignment-held.sql'), 'utf8')
  .split('--> statement-breakpoint')
  .find((s) => s.includes('UPDATE "complaint_assignments"'))!;

let tdb: TestDatabase;
let handle: DatabaseHandle;
let db: Database;
let kecamatanCodes: string[];

beforeAll(async () => {
  tdb = await createTestDatabase();
  handle = await openDatabase(tdb.url, '', pino({ level: 'silent' }));
  db = handle.db;
  await seedDatabase(db);
  kecamatanCodes = ((await db.execute(sql`select code from kecamatan order by code limit 2`)) as unknown as { code: string }[]).map((r) => r.code);
});
afterAll(async () => {
  await handle?.close();
  await tdb?.drop();
});

const uuidOf = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** The arbitraries' states with database ids and seeded kecamatan codes. */
function statesOf(list: readonly ComplaintState[]): ComplaintState[] {
  return list.map((s, i) => ({ ...s, id: uuidOf(i), kecamatan: s.kecamatan === null ? null : kecamatanCodes[s.kecamatan.endsWith('1') ? 0 : 1] }));
}

/** Writes the complaints as the processor does (complaint-writer.ts): row, history, assignments. */
async function store(states: readonly ComplaintState[]): Promise<void> {
  await db.execute(sql`truncate complaints cascade`);
  for (const s of states) {
    const asOf = new Date(Math.max(Date.parse(s.statusAt), Date.parse(s.submittedAt)));
    const a = assessComplaint(s, { policy: policyOf(s.category), calendar, now: asOf });
    await db.insert(t.complaints).values({ id: s.id, source: 'test', externalId: s.id, channel: 'LAPOR', ...lifecycleColumns(s, a) });
    if (s.history.length) await db.insert(t.complaintStatusHistory).values(s.history.map((e) => historyRowOf(s.id, e)));
    const rows = assignmentRows(s.id, s.category, a, a?.open ?? false, s);
    if (rows.length) await db.insert(t.complaintAssignments).values(rows);
  }
}

const zeroArea = (k: string | null, minCount: number): Omit<AreaComplaintMetrics, 'explain'> => ({
  kecamatan: k,
  received: 0,
  onTime: {
    rate: { numerator: 0, denominator: 0, rate: null },
    closedOnTime: 0,
    closedLate: 0,
    openOverdue: 0,
    running: 0,
    text: { id: `0 / (0 + 0): data belum cukup (minimal ${minCount})`, en: `0 / (0 + 0): not enough data (at least ${minCount})` },
    explain: null,
  },
  firstResponse: { count: 0, medianMs: null, medianWorkingDays: null },
  close: { count: 0, medianMs: null, medianWorkingDays: null },
  openBacklog: 0,
  overdueBacklog: 0,
  misrouted: 0,
});

/** The raw result restricted to what the facts answer: the report's OPD; kecamatan rows with nothing in them dropped on both sides. */
function comparable(m: ComplaintMetrics) {
  const empty = (r: AreaComplaintMetrics) => JSON.stringify({ ...r, explain: undefined }) === JSON.stringify({ ...zeroArea(r.kecamatan, m.minCount), explain: undefined });
  return {
    ...m,
    opd: m.opd.filter((r) => OPD.includes(r.opd)),
    kecamatan: m.kecamatan.filter((r) => !empty(r)),
  };
}

const caseArb = fc.record({
  complaints: setArb,
  /** Hours after the last event (0: the report is made at the instant of the last event). */
  nowAfter: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40 * 24 })),
  fromDay: fc.integer({ min: -5, max: 50 }),
  days: fc.integer({ min: 1, max: 40 }),
  minCount: fc.integer({ min: 1, max: 3 }),
});

describe('complaint facts', () => {
  it('give the same numbers as computeComplaintMetrics and complaintSeries over the raw records', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ complaints, nowAfter, fromDay, days, minCount }) => {
        const states = statesOf(complaints);
        await store(states);
        const last = Math.max(...states.map((s) => Math.max(Date.parse(s.statusAt), Date.parse(s.submittedAt))));
        const now = new Date(last + nowAfter * HOUR);
        expect(await factsAnswerFor(db, now)).toBe(true);
        // The migration's rebuild of the facts from the raw tables gives what the processor wrote.
        const written = await db.execute(sql`select id, holder_opd, open_spans::text from complaints order by id`);
        await db.execute(sql.raw(REBUILD));
        expect(await db.execute(sql`select id, holder_opd, open_spans::text from complaints order by id`)).toEqual(written);
        // ... and of when each OPD held each complaint (migration 0008).
        const held = await db.execute(sql`select complaint_id, idx, held::text from complaint_assignments order by 1, 2`);
        await db.execute(sql.raw(REBUILD_HELD));
        expect(await db.execute(sql`select complaint_id, idx, held::text from complaint_assignments order by 1, 2`)).toEqual(held);
        if (last > T0) expect(await factsAnswerFor(db, new Date(last - 1))).toBe(false);

        const range = { from: addDays(START, fromDay), to: addDays(START, fromDay + days - 1) };
        const period = instantsOf(range, now);
        const raw = computeComplaintMetrics(states, { ...period, calendar, policies: policyOf, minCount, opdCodes: OPD, explain: 'counts' });
        const facts = await complaintMetricsFromFacts(db, { ...period, calendar, minCount, opdCodes: OPD });
        expect(comparable(facts)).toEqual(comparable(raw));

        // One OPD's report: over the complaints ever assigned to it, its row with the complaints behind each number.
        const everDlh = states.filter((s) =>
          assessComplaint(s, { policy: policyOf(s.category), calendar, now: new Date(Math.max(Date.parse(s.statusAt), Date.parse(s.submittedAt))) })?.assignments.some(
            (a) => a.opd === 'DLH',
          ),
        );
        const rawDlh = computeComplaintMetrics(everDlh, { ...period, calendar, policies: policyOf, minCount, opdCodes: ['DLH'], explain: 'ids' });
        const factsDlh = await complaintMetricsFromFacts(db, { ...period, calendar, minCount, opdCodes: ['DLH'], parts: 'opd', onlyOpd: { code: 'DLH', explain: true } });
        expect(factsDlh.opd).toEqual(rawDlh.opd.filter((r) => r.opd === 'DLH'));
        expect(factsDlh.misrouting.byDispatcher).toEqual(rawDlh.misrouting.byDispatcher.map((r) => ({ ...r, explain: null })));
        // ... counting misroutes by dispatcher for its staff's accounts only.
        const staffDlh = await complaintMetricsFromFacts(db, {
          ...period,
          calendar,
          minCount,
          opdCodes: ['DLH'],
          parts: 'opd',
          onlyOpd: { code: 'DLH', explain: true, dispatchers: ['d1'] },
        });
        expect(staffDlh.opd).toEqual(factsDlh.opd);
        expect(staffDlh.misrouting.byDispatcher).toEqual(factsDlh.misrouting.byDispatcher.filter((r) => r.key === 'd1'));

        // The ranking's "overdue now": the backlog at now.
        const nowRaw = computeComplaintMetrics(states, { from: new Date(now.getTime() - 1), to: new Date(now.getTime() + 1), now, calendar, policies: policyOf, minCount, opdCodes: OPD, explain: 'counts' });
        // From the live rows, and from the history as for a past instant: the same.
        for (const current of [true, false]) {
          const nowFacts = await backlogsAt(db, now, OPD, { current });
          for (const r of nowRaw.opd) if (OPD.includes(r.opd)) expect(nowFacts.opd.get(r.opd)?.overdue ?? 0).toBe(r.overdueBacklog);
          expect(nowFacts.undispatched).toBe(nowRaw.city.undispatched);
        }

        const weeks = weeksOf(range);
        for (const opd of [undefined, 'DLH']) {
          const s = complaintSeries(states, { ...period, calendar, policyOf, minCount, weeks, opd });
          const f = await complaintSeriesFromFacts(db, { ...period, minCount, weeks, opd });
          expect(f.weekly).toEqual(s.weekly);
          expect(Object.fromEntries(f.receivedByDate)).toEqual(Object.fromEntries(s.receivedByDate));
          expect(Object.fromEntries(f.closedByDate)).toEqual(Object.fromEntries(s.closedByDate));
          const months = (m: Map<string, Map<string, number>>) => Object.fromEntries([...m].map(([k, v]) => [k, Object.fromEntries(v)]));
          expect(months(f.receivedByKecamatanMonth)).toEqual(months(s.receivedByKecamatanMonth));
        }
      }),
      { numRuns: 60 },
    );
  }, 180_000);
});
