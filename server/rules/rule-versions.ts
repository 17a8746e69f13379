// Which rules judged a verdict: each saved change of a timeliness rule gets a rule_versions row
// in the same transaction as the change and its audit entry. Open complaints and unjudged due
// periods move to the newest version when they are next judged; closed complaints and judged
// periods keep the id they were judged with.
import { desc } from 'drizzle-orm';
import * as t from '../../db/schema.ts';
import type { Database, Transaction } from '../infra/database.ts';
import type { RuleKind } from './rule-change-bus.ts';

export interface RuleVersionInput {
  kind: RuleKind;
  target: string | null;
  actor: string;
  summary: string;
}

export async function recordRuleVersion(tx: Transaction | Database, input: RuleVersionInput): Promise<number> {
  const [row] = await tx.insert(t.ruleVersions).values(input).returning({ id: t.ruleVersions.id });
  return row.id;
}

/** The version in force now; null while the rules are the ones the city was set up with. */
export async function currentRuleVersion(db: Transaction | Database): Promise<number | null> {
  const [row] = await db.select({ id: t.ruleVersions.id }).from(t.ruleVersions).orderBy(desc(t.ruleVersions.id)).limit(1);
  return row?.id ?? null;
}
