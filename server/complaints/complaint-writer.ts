// Writes changed complaints: assesses their SLA clocks, suggests an OPD for new ones, stores
// rows, new history facts and OPD assignments, and returns the live-state effects. Shared by
// the processor (channel updates) and the operator's actions, so both write the same way.
import { eq } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import type { Transaction } from '../infra/database.ts';
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
  replaceAssignments,
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
    if (c.isNew && !c.state.opd) {
      const decision = routeComplaint({ category: c.state.category, kecamatan: c.state.kecamatan, title: c.row.title, text: c.row.text }, ref.routingRules);
      if (decision.routed) {
        c.row.suggestedOpd = decision.target.code;
        c.row.routingRule = decision.ruleId;
      }
    }
    (c.isNew ? inserts : updates).push(c.row);
    assignments.push(...assignmentRows(c.row.id, c.state.category, assessment, assessment?.open ?? false));
    complaintEffects(effects, c.before, complaintSnapshotOf(c.row), now);
  }
  for (let i = 0; i < inserts.length; i += 500) await tx.insert(t.complaints).values(inserts.slice(i, i + 500));
  for (const row of updates) {
    const { id, createdAt: _c, ...columns } = row;
    await tx.update(t.complaints).set(columns).where(eq(t.complaints.id, id));
  }
  const historyRows = changes.flatMap((c) => c.added.map((e) => historyRowOf(c.row.id, e)));
  for (let i = 0; i < historyRows.length; i += 1000) await tx.insert(t.complaintStatusHistory).values(historyRows.slice(i, i + 1000));
  await replaceAssignments(
    tx,
    updates.map((r) => r.id),
    assignments,
  );
  return effects;
}
