import { describe, expect, it } from 'vitest';
import medan from '../../../../db/seed-data/medan.json' with { type: 'json' };
import { createComplaint, transition } from '../../../../server/domain/complaints/complaint-lifecycle.ts';
import {
  normalizeText,
  routeComplaint,
  routingRulesFromCategories,
  transitionForRouting,
  validateRoutingRules,
  type RoutingRule,
} from '../../../../server/domain/complaints/complaint-routing.ts';

const defaults = routingRulesFromCategories(medan.complaint_categories);

const rules: RoutingRule[] = [
  ...defaults,
  // national roads inside the city belong to BBPJN
  { id: 'jalan-nasional-kata', category: 'jalan-rusak', keywords: ['jalan nasional', 'jl. sisingamangaraja'], target: { kind: 'external', code: 'BBPJN' } },
  // the port area's drainage goes to the kecamatan's partner office (illustrative)
  { id: 'drainase-belawan', category: 'drainase', kecamatan: ['Medan Belawan', '12.71.19'], target: { kind: 'opd', code: 'PERKIMCIKATARU' } },
  { id: 'drainase-belawan-sampah', category: 'drainase', kecamatan: ['Medan Belawan'], keywords: ['sampah'], target: { kind: 'opd', code: 'DLH' } },
  { id: 'drainase-sampah', category: 'drainase', keywords: ['sampah', 'tumpukan'], target: { kind: 'opd', code: 'DLH' }, priority: 0 },
];

describe('default rules from medan.json', () => {
  it('cover every category, to its OPD or external body', () => {
    expect(defaults).toHaveLength(medan.complaint_categories.length);
    expect(routeComplaint({ category: 'jalan-rusak' }, defaults)).toMatchObject({ routed: true, status: 'dispatched', target: { kind: 'opd', code: 'SDABMBK' } });
    expect(routeComplaint({ category: 'kebakaran' }, defaults)).toMatchObject({ status: 'dispatched', target: { code: 'DAMKAR' } });
  });

  it.each([
    ['listrik', 'PLN'],
    ['air-bersih', 'PDAM-TIRTANADI'],
    ['jalan-nasional', 'BBPJN'],
  ])('external category %s goes to %s as rejected', (category, body) => {
    const d = routeComplaint({ category }, defaults);
    expect(d).toMatchObject({ routed: true, status: 'rejected', target: { kind: 'external', code: body } });
    if (d.routed) expect(d.explanation.id).toContain('bukan kewenangan Pemko');
  });

  it('has no problems', () => {
    expect(
      validateRoutingRules(defaults, {
        categories: medan.complaint_categories.map((c) => c.code),
        opd: medan.opd.map((o) => o.code),
        external: medan.external_bodies.map((b) => b.code),
      }),
    ).toEqual([]);
  });
});

describe('precedence: category+kecamatan+keyword > category+keyword > category+kecamatan > category', () => {
  it.each([
    ['category only', { category: 'drainase', text: 'Got mampet' }, 'default:drainase', 'SDABMBK'],
    ['area by name', { category: 'drainase', kecamatanName: 'Medan Belawan', text: 'Got mampet' }, 'drainase-belawan', 'PERKIMCIKATARU'],
    ['area by code', { category: 'drainase', kecamatan: '12.71.19', text: 'Got mampet' }, 'drainase-belawan', 'PERKIMCIKATARU'],
    ['keyword beats area', { category: 'drainase', kecamatan: '12.71.19', text: 'Tumpukan di parit' }, 'drainase-sampah', 'DLH'],
    ['area + keyword beats both', { category: 'drainase', kecamatanName: 'medan belawan', text: 'Parit penuh SAMPAH' }, 'drainase-belawan-sampah', 'DLH'],
    ['keyword phrase to external body', { category: 'jalan-rusak', text: 'Lubang besar di Jl. Sisingamangaraja km 5' }, 'jalan-nasional-kata', 'BBPJN'],
  ])('%s', (_label, input, ruleId, target) => {
    const d = routeComplaint(input, rules);
    expect(d.routed && d.ruleId).toBe(ruleId);
    expect(d.routed && d.target.code).toBe(target);
  });

  it('matches whole words only, ignoring case and accents', () => {
    expect(routeComplaint({ category: 'drainase', text: 'persampahan' }, rules)).toMatchObject({ ruleId: 'default:drainase' });
    expect(routeComplaint({ category: 'drainase', title: 'SÁMPAH!', text: '' }, rules)).toMatchObject({ ruleId: 'drainase-sampah', matchedKeywords: ['sampah'] });
    expect(normalizeText('Jl. Gatot-Subroto')).toBe(' jl gatot subroto ');
  });

  it('breaks ties by priority, then matched keywords, then rule id; lists the losers', () => {
    const tie: RoutingRule[] = [
      { id: 'b', category: 'sampah', keywords: ['pasar'], target: { kind: 'opd', code: 'DKUPP' } },
      { id: 'a', category: 'sampah', keywords: ['pasar'], target: { kind: 'opd', code: 'DLH' } },
      { id: 'c', category: 'sampah', keywords: ['pasar', 'los'], target: { kind: 'opd', code: 'SATPOLPP' } },
    ];
    expect(routeComplaint({ category: 'sampah', text: 'sampah pasar' }, tie)).toMatchObject({ ruleId: 'a', alsoMatched: ['b', 'c'] });
    expect(routeComplaint({ category: 'sampah', text: 'sampah los pasar' }, tie)).toMatchObject({ ruleId: 'c' });
    const withPriority = [...tie, { id: 'z', category: 'sampah', keywords: ['pasar'], target: { kind: 'opd', code: 'DKUPP' }, priority: 5 } as RoutingRule];
    expect(routeComplaint({ category: 'sampah', text: 'sampah los pasar' }, withPriority)).toMatchObject({ ruleId: 'z' });
    // rule order never matters
    expect(routeComplaint({ category: 'sampah', text: 'sampah pasar' }, [...tie].reverse())).toMatchObject({ ruleId: 'a' });
  });

  it('says so when no rule applies', () => {
    const d = routeComplaint({ category: 'ufo' }, rules);
    expect(d).toMatchObject({ routed: false, reason: 'no_rule' });
    expect(d.explanation.en).toContain('manual triage');
  });

  it('explains the decision in both languages', () => {
    const d = routeComplaint({ category: 'drainase', kecamatanName: 'Medan Belawan', text: 'sampah' }, rules);
    expect(d.explanation.id).toBe('Didisposisikan ke DLH menurut aturan drainase-belawan-sampah: kategori "drainase", kecamatan Medan Belawan, kata kunci "sampah".');
    expect(d.explanation.en).toBe('Dispatched to DLH by rule drainase-belawan-sampah: category "drainase", kecamatan Medan Belawan, keyword "sampah".');
  });
});

describe('validateRoutingRules', () => {
  it('finds duplicate ids, empty words, unknown codes and conflicting rules', () => {
    const bad: RoutingRule[] = [
      { id: 'x', category: 'sampah', target: { kind: 'opd', code: 'DLH' } },
      { id: 'x', category: 'sampah', keywords: [' '], target: { kind: 'opd', code: 'DLH' } },
      { id: 'y', category: 'sampah', target: { kind: 'opd', code: 'DKUPP' } },
      { id: 'w', category: 'ufo', target: { kind: 'external', code: 'NASA' } },
    ];
    const problems = validateRoutingRules(bad, { categories: ['sampah'], opd: ['DLH', 'DKUPP'], external: ['PLN'] });
    expect(problems.map((p) => [p.ruleId, p.message.en])).toEqual([
      ['x', 'Duplicate rule id.'],
      ['x', 'A keyword is empty.'],
      ['w', 'Unknown category: ufo.'],
      ['w', 'Unknown target: NASA.'],
      ['y', 'Conflicts with rule x: same conditions, different target.'],
    ]);
  });
});

describe('transitionForRouting', () => {
  it('turns a decision into the lifecycle transition', () => {
    const c = createComplaint({ id: 'C-9', category: 'listrik', submittedAt: '2026-03-17T03:00:00Z' });
    const req = transitionForRouting(routeComplaint({ category: 'listrik' }, defaults), { at: '2026-03-17T03:05:00Z', actor: 'router' });
    expect(req).toMatchObject({ to: 'rejected', opd: 'PLN' });
    const r = transition(c, req!);
    expect(r.ok && r.state).toMatchObject({ status: 'rejected', opd: 'PLN' });
    expect(transitionForRouting(routeComplaint({ category: 'ufo' }, defaults), { at: '2026-03-17T03:05:00Z', actor: 'router' })).toBeNull();
  });
});
