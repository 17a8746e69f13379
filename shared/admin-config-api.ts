// The admin API for the city's configuration (issue 15): OPD, routing rules (with "try a
// complaint"), datasets and their upload schedules. Used by server/admin/*-config routes and the
// /admin console's sections opd, rute and dataset. Request bodies are the zod schemas in
// server/admin/config-rules.ts; these are their shapes as the client sends them.
import type { UploadSchedule, UploadScheduleInput } from './upload-schedule.ts';

export interface BilingualText {
  id: string;
  en: string;
}

// ---------------------------------------------------------------- OPD

/** What depends on an OPD: said before it is deactivated. */
export interface OpdUses {
  /** Routing rules that send complaints to it (it cannot be deactivated while there are any). */
  routingRules: number;
  /** Its datasets still due (deactivated along with it). */
  activeDatasets: number;
  monitors: number;
  users: number;
  /** Active OPD that name it as their parent. */
  children: number;
}

export interface OpdView {
  code: string;
  name: string;
  /** For the wall, where the full name does not fit. */
  shortName: string | null;
  /** 'dinas' | 'badan' | 'lain' | 'eksternal' ... */
  kind: string;
  /** An external body (PLN, PDAM, national roads) complaints can be handed to, not a city OPD. */
  external: boolean;
  parent: string | null;
  active: boolean;
  createdAt: string;
  uses: OpdUses;
}

export interface OpdInput {
  code: string;
  name: string;
  shortName?: string | null;
  kind: string;
  external?: boolean;
  parent?: string | null;
}
export type OpdChanges = Partial<Omit<OpdInput, 'code' | 'external'>> & { active?: boolean };

export interface OpdListResponse {
  opd: OpdView[];
}
export interface OpdResponse {
  opd: OpdView;
}

// ---------------------------------------------------------------- routing rules

export type RouteTargetKind = 'opd' | 'external';
export type RuleSpecificity = 'category+kecamatan+keyword' | 'category+keyword' | 'category+kecamatan' | 'category';

export interface RoutingRuleView {
  id: string;
  category: string;
  targetKind: RouteTargetKind;
  targetCode: string;
  /** Kecamatan code the rule is limited to; null = anywhere. */
  kecamatan: string | null;
  /** Any of these words in the title or text; empty = any text. */
  keywords: string[];
  /** Among rules equally specific, higher is tried first. */
  priority: number;
  specificity: RuleSpecificity;
  /** 1-based place in the order its category's rules are tried. */
  order: number;
}

export interface RoutingRuleInput {
  category: string;
  targetKind: RouteTargetKind;
  targetCode: string;
  kecamatan?: string | null;
  keywords?: string[];
  priority?: number;
}

export interface RoutingRulesResponse {
  /** By category, each category's rules in the order they are tried. */
  rules: RoutingRuleView[];
}
export interface RoutingRuleResponse {
  rule: RoutingRuleView;
}

export interface RoutingReorderInput {
  category: string;
  /** Every rule of the category, first tried first. */
  ids: string[];
}

export interface RoutingTryInput {
  category: string;
  kecamatan?: string | null;
  title?: string | null;
  text?: string | null;
  /** The rule being edited (with its id) or added (without): tried instead of the saved one. */
  draft?: (RoutingRuleInput & { id?: string | null }) | null;
}

export type RuleTrialVerdict = 'fired' | 'passed_over' | 'not_matching';

export interface RuleTrial {
  id: string;
  /** The draft being edited, not (yet) a saved rule. */
  draft: boolean;
  verdict: RuleTrialVerdict;
  /** Why: which condition did not match, or what the winning rule had that this one lacked. */
  reason: BilingualText;
  targetKind: RouteTargetKind;
  targetCode: string;
}

export interface RoutingTryResponse {
  routed: boolean;
  /** The OPD or external body the complaint would go to; null = manual triage. */
  target: { kind: RouteTargetKind; code: string } | null;
  ruleId: string | null;
  explanation: BilingualText;
  /** Every rule of the category, in the order they are tried. */
  rules: RuleTrial[];
}

// ---------------------------------------------------------------- datasets

export interface DeadlineView {
  /** The due period: `2026-12-08`, `2026-W50`, `2026-12`. */
  period: string;
  start: string;
  end: string;
  /** ISO instant (UTC). */
  deadline: string;
  /** The deadline's day when it is not a working day (deadlines do not move; this is a warning). */
  nonWorkingDay: BilingualText | null;
}

export interface DatasetView {
  id: string;
  opd: string;
  code: string;
  name: string;
  schedule: UploadSchedule;
  active: boolean;
  /** When its first schedule took effect; null: always. */
  scheduleFrom: string | null;
  /** Schedules it had before, each with the instant it stopped applying, newest first. */
  previousSchedules: { schedule: UploadSchedule; until: string }[];
  /** The next deadlines under the current schedule (none for ad hoc or inactive). */
  nextDeadlines: DeadlineView[];
}

export interface DatasetInput {
  opd: string;
  code: string;
  name: string;
  schedule: UploadScheduleInput;
}
export interface DatasetChanges {
  name?: string;
  schedule?: UploadScheduleInput;
  active?: boolean;
}

export interface DatasetsResponse {
  datasets: DatasetView[];
}
export interface DatasetResponse {
  dataset: DatasetView;
}

export interface DatasetPreviewInput {
  schedule: UploadScheduleInput;
  /** The dataset being edited: its current next deadlines are returned beside the new ones. */
  datasetId?: string | null;
  /** How many deadlines (default 5, at most 12). */
  count?: number;
}
export interface DatasetPreviewResponse {
  deadlines: DeadlineView[];
  /** With datasetId: the next deadlines under the schedule saved now. */
  current: DeadlineView[] | null;
  /** Plain words on what saving would do to due periods. */
  effect: BilingualText | null;
}
