// Writes changed complaints: assesses their SLA clocks, suggests an OPD for new ones, stores
// rows, new history facts and OPD assignments, and returns the live-state effects. Shared by
// the processor (channel updates) and the operator's actions, so both write the same way.
import * as t from '../../db/schema.ts';
import type { Transaction } from '../infra/database.ts';
import type { SQL } from 'drizzle-orm';
import { insertRowsStatement, updateRowsByIdStatement } from '../repositories/bulk-rows.ts';
import { runInOrder } from '../infra/database.ts';
import type { ReferenceSnapshot } from '../repositories/reference-repository.ts';
import type { ComplaintHistoryEntry, ComplaintState } from '../domain/complaints/complaint-lifecycle.ts';
import { assessComplaint, DEFAULT_SLA } from '../domain/complaints/complaint-sla.ts';
import { routeComplaint } from '../domain/complaints/complaint-routing.ts';
import { emptyEffects, type LiveEffects } from '../live-state/live-effects.ts';
import { complaintEffects, complaintSnapshotOf, type ComplaintSnapshot } from '../live-state/complaint-effects.ts';
import {
  assignmentRows,
  historyRowOf,
  lifecycleColumns,
  replaceAssignmentsStatements,
  type AssignmentRow,
  type ComplaintRow,
} from '../repositories/complaint-repository.ts';

/** A complaint being changed: its row (mutated here), lifecycle state, and what it was before. */
export interface ComplaintChange {
  row: ComplaintRow;
  state: ComplaintState;
  before: ComplaintSnapshot | null;
  isNew: boolean;
  changed: boolean;
  /** History facts added by this change. */
  added: ComplaintHistoryEntry[];
}

export async function writeComplaintChanges(tx: Transaction, ref: ReferenceSnapshot, changes: ComplaintChange[], now: Date): Promise<LiveEffects> {
  const { effects, statements } = planComplaintWrites(ref, changes, now);
  await runInOrder(tx, statements);
  return effects;
}

/**
 * What writeComplaintChanges does, without doing it: the live-state effects and the statements
 * that store the changes, in the order they must run (a caller can add its own and send them
 * all at once).
 */
export function planComplaintWrites(ref: ReferenceSnapshot, changes: ComplaintChange[], now: Date): { effects: LiveEffects; statements: (SQL | null)[] } {
  const inserts: ComplaintRow[] = [];
  const updates: ComplaintRow[] = [];
  const assignments: AssignmentRow[] = [];
  const effects = emptyEffects();
  for (const c of changes) {
    if (!c.changed) continue;
    const policy = ref.categories.get(c.state.category)?.sla ?? DEFAULT_SLA;
    // Assess as of the newest fact if a source's clock runs ahead of ours.
    const asOf = new Date(Math.max(now.getTime(), Date.parse(c.state.statusAt)));
    const assessment = assessComplaint(c.state, { policy, calendar: ref.calendar, now: asOf });
    Object.assign(c.row, lifecycleColumns(c.state, assessment), { version: c.row.version + (c.isNew ? 0 : 1), updatedAt: now });
    // Judged now, with the rules of this snapshot: say which (a report can name the version).
    if (ref.rulesVersion !== undefined) c.row.rulesVersion = ref.rulesVersion;
    if (c.isNew && !c.state.opd) {
      const decision = routeComplaint({ category: c.state.category, kecamatan: c.state.kecamatan, title: c.row.title, text: c.row.text }, ref.routingRules);
      if (decision.routed) {
        c.row.suggestedOpd = decision.target.code;
        c.row.routingRule = decision.ruleId;
      }
    }
    (c.isNew ? inserts : updates).push(c.row);
    assignments.push(...assignmentRows(c.row.id, c.state.category, assessment, assessment?.open ?? false, c.state));
    complaintEffects(effects, c.before, complaintSnapshotOf(c.row), now);
  }
  const historyRows = changes.flatMap((c) => c.added.map((e) => historyRowOf(c.row.id, e)));
  const statements = [
    insertRowsStatement(t.complaints, inserts),
    updateRowsByIdStatement(t.complaints, updates, { keep: ['createdAt'] }),
    insertRowsStatement(t.complaintStatusHistory, historyRows),
    ...replaceAssignmentsStatements(
      updates.map((r) => r.id),
      assignments,
    ),
  ];
  return { effects, statements };
}
