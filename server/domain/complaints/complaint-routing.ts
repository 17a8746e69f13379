// Routing: which OPD (or external body) a complaint goes to. Rules are data (admin-editable);
// the defaults come from the category table (medan.json `complaint_categories`).
//
// Precedence, most specific first (documented in README.md):
//   1. category + kecamatan + keyword
//   2. category + keyword
//   3. category + kecamatan
//   4. category only
// Keywords rank above area because they say WHAT the problem is ("jalan tol", "saluran
// primer"), which changes the owner more often than WHERE it is. Among rules of the same
// specificity: higher `priority` wins, then more matched keywords, then the smaller rule id (so
// the outcome never depends on rule order). A rule's keywords match when ANY of them occurs in
// the title or text as whole words (case- and accent-insensitive).
import type { Bilingual, TransitionRequest } from './complaint-lifecycle.ts';

export type RouteTarget = { kind: 'opd'; code: string } | { kind: 'external'; code: string };

export interface RoutingRule {
  id: string;
  category: string;
  target: RouteTarget;
  /** Kecamatan codes or names the rule is limited to. */
  kecamatan?: readonly string[];
  /** Words or phrases, any of which must occur in the complaint's title or text. */
  keywords?: readonly string[];
  /** Breaks ties between rules of the same specificity; higher wins. Default 0. */
  priority?: number;
  /** Shown to admins and in explanations. */
  note?: string;
}

export interface RoutingInput {
  category: string;
  /** Kecamatan code and/or name of the complaint's location. */
  kecamatan?: string | null;
  kecamatanName?: string | null;
  title?: string | null;
  text?: string | null;
}

export type RoutingDecision =
  | {
      routed: true;
      /** `dispatched` to a city OPD, or `rejected` = handed to an external body. */
      status: 'dispatched' | 'rejected';
      target: RouteTarget;
      ruleId: string;
      specificity: RuleSpecificity;
      matchedKeywords: string[];
      matchedKecamatan: string | null;
      /** Other rules that matched and lost, best first, for the admin screen. */
      alsoMatched: string[];
      explanation: Bilingual;
    }
  | { routed: false; reason: 'no_rule'; explanation: Bilingual };

export type RuleSpecificity = 'category+kecamatan+keyword' | 'category+keyword' | 'category+kecamatan' | 'category';

const SPECIFICITY_RANK: Record<RuleSpecificity, number> = {
  'category+kecamatan+keyword': 3,
  'category+keyword': 2,
  'category+kecamatan': 1,
  category: 0,
};

export function specificityOf(rule: RoutingRule): RuleSpecificity {
  const area = (rule.kecamatan?.length ?? 0) > 0;
  const words = (rule.keywords?.length ?? 0) > 0;
  return area && words ? 'category+kecamatan+keyword' : words ? 'category+keyword' : area ? 'category+kecamatan' : 'category';
}

/** Lower case, accents removed, every run of non-letters/digits one space. */
export function normalizeText(s: string): string {
  return ` ${s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

function matchKeywords(rule: RoutingRule, haystack: string): string[] {
  const out: string[] = [];
  for (const k of rule.keywords ?? []) {
    const needle = normalizeText(k);
    // both sides are padded with spaces, so this is a whole-word (or whole-phrase) match
    if (needle.trim() !== '' && haystack.includes(needle)) out.push(k);
  }
  return out;
}

function matchKecamatan(rule: RoutingRule, input: RoutingInput): string | null {
  const mine = [input.kecamatan, input.kecamatanName].filter((x): x is string => !!x).map((x) => normalizeText(x));
  for (const k of rule.kecamatan ?? []) if (mine.includes(normalizeText(k))) return k;
  return null;
}

const targetLabel = (t: RouteTarget) => t.code;

export function routeComplaint(input: RoutingInput, rules: readonly RoutingRule[]): RoutingDecision {
  const haystack = normalizeText(`${input.title ?? ''} ${input.text ?? ''}`);
  const candidates: { rule: RoutingRule; spec: RuleSpecificity; keywords: string[]; kecamatan: string | null }[] = [];
  for (const rule of rules) {
    if (rule.category !== input.category) continue;
    const spec = specificityOf(rule);
    const keywords = matchKeywords(rule, haystack);
    const kecamatan = matchKecamatan(rule, input);
    if ((rule.keywords?.length ?? 0) > 0 && keywords.length === 0) continue;
    if ((rule.kecamatan?.length ?? 0) > 0 && kecamatan === null) continue;
    candidates.push({ rule, spec, keywords, kecamatan });
  }
  if (candidates.length === 0) {
    return {
      routed: false,
      reason: 'no_rule',
      explanation: {
        id: `Tidak ada aturan disposisi untuk kategori "${input.category}"; perlu dipilah manual.`,
        en: `No routing rule for category "${input.category}"; needs manual triage.`,
      },
    };
  }
  candidates.sort(
    (a, b) =>
      SPECIFICITY_RANK[b.spec] - SPECIFICITY_RANK[a.spec] ||
      (b.rule.priority ?? 0) - (a.rule.priority ?? 0) ||
      b.keywords.length - a.keywords.length ||
      (a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : 0),
  );
  const best = candidates[0];
  const external = best.rule.target.kind === 'external';
  const because: Bilingual = { id: `kategori "${input.category}"`, en: `category "${input.category}"` };
  if (best.kecamatan) {
    because.id += `, kecamatan ${best.kecamatan}`;
    because.en += `, kecamatan ${best.kecamatan}`;
  }
  if (best.keywords.length) {
    because.id += `, kata kunci ${best.keywords.map((k) => `"${k}"`).join(', ')}`;
    because.en += `, keyword ${best.keywords.map((k) => `"${k}"`).join(', ')}`;
  }
  return {
    routed: true,
    status: external ? 'rejected' : 'dispatched',
    target: best.rule.target,
    ruleId: best.rule.id,
    specificity: best.spec,
    matchedKeywords: best.keywords,
    matchedKecamatan: best.kecamatan,
    alsoMatched: candidates.slice(1).map((c) => c.rule.id),
    explanation: external
      ? {
          id: `Dialihkan ke ${targetLabel(best.rule.target)} (bukan kewenangan Pemko) menurut aturan ${best.rule.id}: ${because.id}.`,
          en: `Routed to ${targetLabel(best.rule.target)} (not the city's remit) by rule ${best.rule.id}: ${because.en}.`,
        }
      : {
          id: `Didisposisikan ke ${targetLabel(best.rule.target)} menurut aturan ${best.rule.id}: ${because.id}.`,
          en: `Dispatched to ${targetLabel(best.rule.target)} by rule ${best.rule.id}: ${because.en}.`,
        },
  };
}

/** A category row as in medan.json `complaint_categories` (and the `categories` table). */
export interface CategoryRoutingRow {
  code: string;
  opd?: string | null;
  external?: string | null;
}

/** Default rules: one category-only rule per category, to its OPD or external body. */
export function routingRulesFromCategories(categories: readonly CategoryRoutingRow[]): RoutingRule[] {
  const rules: RoutingRule[] = [];
  for (const c of categories) {
    if (c.external) rules.push({ id: `default:${c.code}`, category: c.code, target: { kind: 'external', code: c.external } });
    else if (c.opd) rules.push({ id: `default:${c.code}`, category: c.code, target: { kind: 'opd', code: c.opd } });
  }
  return rules;
}

export interface RoutingRuleProblem {
  ruleId: string;
  message: Bilingual;
}

/**
 * Problems an admin must fix before saving rules: duplicate ids, empty keyword/kecamatan lists,
 * unknown categories or targets, and two rules that would tie (same category, conditions and
 * priority, different targets), whose winner would then depend only on the rule id.
 */
export function validateRoutingRules(
  rules: readonly RoutingRule[],
  known?: { categories?: readonly string[]; opd?: readonly string[]; external?: readonly string[] },
): RoutingRuleProblem[] {
  const problems: RoutingRuleProblem[] = [];
  const seen = new Set<string>();
  for (const r of rules) {
    if (seen.has(r.id)) problems.push({ ruleId: r.id, message: { id: 'ID aturan ganda.', en: 'Duplicate rule id.' } });
    seen.add(r.id);
    if (r.keywords && r.keywords.some((k) => normalizeText(k).trim() === '')) {
      problems.push({ ruleId: r.id, message: { id: 'Ada kata kunci kosong.', en: 'A keyword is empty.' } });
    }
    if (r.kecamatan && r.kecamatan.some((k) => normalizeText(k).trim() === '')) {
      problems.push({ ruleId: r.id, message: { id: 'Ada kecamatan kosong.', en: 'A kecamatan is empty.' } });
    }
    if (known?.categories && !known.categories.includes(r.category)) {
      problems.push({ ruleId: r.id, message: { id: `Kategori tidak dikenal: ${r.category}.`, en: `Unknown category: ${r.category}.` } });
    }
    const list = r.target.kind === 'opd' ? known?.opd : known?.external;
    if (list && !list.includes(r.target.code)) {
      problems.push({ ruleId: r.id, message: { id: `Tujuan tidak dikenal: ${r.target.code}.`, en: `Unknown target: ${r.target.code}.` } });
    }
  }
  const sig = (r: RoutingRule) =>
    JSON.stringify([
      r.category,
      [...(r.kecamatan ?? [])].map(normalizeText).sort(),
      [...(r.keywords ?? [])].map(normalizeText).sort(),
      r.priority ?? 0,
    ]);
  const bySig = new Map<string, RoutingRule>();
  for (const r of rules) {
    const other = bySig.get(sig(r));
    if (other && (other.target.kind !== r.target.kind || other.target.code !== r.target.code)) {
      problems.push({
        ruleId: r.id,
        message: {
          id: `Bertentangan dengan aturan ${other.id}: syarat sama, tujuan berbeda.`,
          en: `Conflicts with rule ${other.id}: same conditions, different target.`,
        },
      });
    }
    if (!other) bySig.set(sig(r), r);
  }
  return problems;
}

/** The lifecycle transition a routing decision calls for (dispatch, or hand-off to an external body). */
export function transitionForRouting(decision: RoutingDecision, by: { at: Date | string; actor: string; note?: string }): TransitionRequest | null {
  if (!decision.routed) return null;
  return {
    to: decision.status,
    at: by.at,
    actor: by.actor,
    opd: decision.target.code,
    note: by.note ?? decision.explanation.id,
    reason: decision.status === 'rejected' ? decision.explanation.id : null,
  };
}
