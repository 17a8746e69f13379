// "Try a complaint" for the admin screen: which rule fires and why, and why each other rule of the
// category was passed over. The decision is routeComplaint's own (the one ingest uses); the
// reasons are found by asking routeComplaint about one rule at a time, so they cannot drift from
// the real matching rules.
import type { Bilingual } from './complaint-lifecycle.ts';
import { routeComplaint, specificityOf, type RoutingDecision, type RoutingInput, type RoutingRule, type RuleSpecificity } from './complaint-routing.ts';

const RANK: Record<RuleSpecificity, number> = { 'category+kecamatan+keyword': 3, 'category+keyword': 2, 'category+kecamatan': 1, category: 0 };

const SPEC_WORDS: Record<RuleSpecificity, Bilingual> = {
  'category+kecamatan+keyword': { id: 'kecamatan dan kata kunci', en: 'kecamatan and keywords' },
  'category+keyword': { id: 'kata kunci', en: 'keywords' },
  'category+kecamatan': { id: 'kecamatan', en: 'kecamatan' },
  category: { id: 'kategori saja', en: 'category only' },
};

/** The order rules of one category are tried in when all of them match: most specific, then priority, then id. */
export function routingOrder(rules: readonly RoutingRule[]): RoutingRule[] {
  return [...rules].sort(
    (a, b) => RANK[specificityOf(b)] - RANK[specificityOf(a)] || (b.priority ?? 0) - (a.priority ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

export interface RuleTrialResult {
  rule: RoutingRule;
  verdict: 'fired' | 'passed_over' | 'not_matching';
  reason: Bilingual;
}

export interface RoutingTrialResult {
  decision: RoutingDecision;
  rules: RuleTrialResult[];
}

export function tryRouting(input: RoutingInput, rules: readonly RoutingRule[]): RoutingTrialResult {
  const decision = routeComplaint(input, rules);
  const mine = routingOrder(rules.filter((r) => r.category === input.category));
  const winner = decision.routed ? mine.find((r) => r.id === decision.ruleId) ?? null : null;
  const winnerAlone = winner ? routeComplaint(input, [winner]) : null;
  const out: RuleTrialResult[] = [];
  for (const rule of mine) {
    const alone = routeComplaint(input, [rule]);
    if (!alone.routed) {
      out.push({ rule, verdict: 'not_matching', reason: whyNotMatching(input, rule) });
      continue;
    }
    if (winner && rule.id === winner.id) {
      out.push({ rule, verdict: 'fired', reason: decision.explanation });
      continue;
    }
    out.push({ rule, verdict: 'passed_over', reason: whyLost(rule, alone, winner!, winnerAlone!) });
  }
  return { decision, rules: out };
}

function whyNotMatching(input: RoutingInput, rule: RoutingRule): Bilingual {
  const parts: Bilingual[] = [];
  if ((rule.kecamatan?.length ?? 0) > 0 && !routeComplaint(input, [{ ...rule, keywords: undefined }]).routed) {
    const where = input.kecamatanName ?? input.kecamatan;
    parts.push(
      where
        ? { id: `berlaku hanya di kecamatan ${rule.kecamatan!.join(', ')}, bukan ${where}`, en: `only for kecamatan ${rule.kecamatan!.join(', ')}, not ${where}` }
        : { id: `berlaku hanya di kecamatan ${rule.kecamatan!.join(', ')}; pengaduan tanpa kecamatan`, en: `only for kecamatan ${rule.kecamatan!.join(', ')}; the complaint has no kecamatan` },
    );
  }
  if ((rule.keywords?.length ?? 0) > 0 && !routeComplaint(input, [{ ...rule, kecamatan: undefined }]).routed) {
    const words = rule.keywords!.map((k) => `"${k}"`).join(', ');
    parts.push({ id: `tidak ada kata kunci ${words} di judul atau isi`, en: `none of the keywords ${words} is in the title or text` });
  }
  if (!parts.length) parts.push({ id: 'syaratnya tidak cocok', en: 'its conditions do not match' });
  return { id: `Tidak cocok: ${parts.map((p) => p.id).join('; ')}.`, en: `Does not match: ${parts.map((p) => p.en).join('; ')}.` };
}

function whyLost(rule: RoutingRule, alone: RoutingDecision, winner: RoutingRule, winnerAlone: RoutingDecision): Bilingual {
  const ws = specificityOf(winner);
  const rs = specificityOf(rule);
  if (RANK[ws] > RANK[rs]) {
    return {
      id: `Cocok, tetapi aturan ${winner.id} lebih khusus (${SPEC_WORDS[ws].id}, aturan ini ${SPEC_WORDS[rs].id}).`,
      en: `Matches, but rule ${winner.id} is more specific (${SPEC_WORDS[ws].en}; this one: ${SPEC_WORDS[rs].en}).`,
    };
  }
  if ((winner.priority ?? 0) > (rule.priority ?? 0)) {
    return {
      id: `Cocok, tetapi aturan ${winner.id} sama khususnya dan urutannya lebih dulu (prioritas ${winner.priority ?? 0} > ${rule.priority ?? 0}).`,
      en: `Matches, but rule ${winner.id} is as specific and comes first (priority ${winner.priority ?? 0} > ${rule.priority ?? 0}).`,
    };
  }
  const mk = alone.routed ? alone.matchedKeywords.length : 0;
  const wk = winnerAlone.routed ? winnerAlone.matchedKeywords.length : 0;
  if (wk > mk) {
    return {
      id: `Cocok, tetapi aturan ${winner.id} cocok dengan lebih banyak kata kunci (${wk} > ${mk}).`,
      en: `Matches, but rule ${winner.id} matches more keywords (${wk} > ${mk}).`,
    };
  }
  return {
    id: `Cocok, tetapi sama persis dengan aturan ${winner.id}; yang kodenya lebih awal menang. Ubah urutannya bila perlu.`,
    en: `Matches, but ties with rule ${winner.id}; the one whose code sorts first wins. Change the order if needed.`,
  };
}
