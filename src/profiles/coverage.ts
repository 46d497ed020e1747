/**
 * The coverage matrix of a profile: each recommendation with the rules that verify it and,
 * given a report, the status of each rule and of the recommendation. Pure: shared by
 * `garrison coverage` and the reports that show the matrix. It needs no rule registry.
 */
import type { Finding, Report } from '../core/report-schema.ts';
import { automation, isAutomated, type Automation, type Profile, type ProfileItem } from './types.ts';

/** Statuses of a rule or a recommendation in a report, worst first. */
export const COVERAGE_STATUSES = ['fail', 'error', 'waived', 'pass', 'skip', 'not run'] as const;
export type CoverageStatus = (typeof COVERAGE_STATUSES)[number];

/** The status of one rule in a report: the worst status among its findings ("not run" when it has none). */
export function ruleStatus(findings: readonly Finding[], ruleId: string): CoverageStatus {
  const seen = new Set<string>(findings.filter((f) => f.ruleId === ruleId).map((f) => f.status));
  return COVERAGE_STATUSES.find((s) => seen.has(s)) ?? 'not run';
}

/** One recommendation of the matrix. */
export interface CoverageRow {
  id: string;
  section: string;
  text: string;
  rules: { id: string; status?: CoverageStatus }[];
  manual?: string;
  /** automated, manual, or not automated (checkable but no rule yet). */
  kind: 'automated' | 'manual' | 'not automated';
  /** With a report, for an automated recommendation: the worst status of its rules. */
  status?: CoverageStatus;
}

/** The coverage matrix of a profile and how much of it garrison verifies. */
export interface Coverage extends Automation {
  profile: string;
  title: string;
  guideline?: string;
  /** The report the statuses come from. */
  report?: { target: string; hostname: string; startedAt: string; profile?: string };
  matrix: CoverageRow[];
}

/** One row of the matrix, with statuses when a report is given. */
export function coverageRow(item: ProfileItem, report: Report | undefined): CoverageRow {
  const rules = (item.rules ?? []).map((id) => (report ? { id, status: ruleStatus(report.findings, id) } : { id }));
  const kind = item.manual !== undefined ? 'manual' : isAutomated(item) ? 'automated' : 'not automated';
  const row: CoverageRow = { id: item.id, section: item.section, text: item.text, rules, kind };
  if (item.manual !== undefined) row.manual = item.manual;
  if (report && kind === 'automated') {
    const statuses = new Set(rules.map((r) => r.status));
    row.status = COVERAGE_STATUSES.find((s) => statuses.has(s)) ?? 'not run';
  }
  return row;
}

/** The coverage matrix of a profile, with statuses when a report is given. */
export function coverageOf(profile: Profile, report?: Report): Coverage {
  return {
    profile: profile.name,
    title: profile.title,
    ...(profile.guideline ? { guideline: profile.guideline } : {}),
    ...(report ? { report: { target: report.target.root, hostname: report.target.hostname, startedAt: report.startedAt, profile: report.profile } } : {}),
    ...automation(profile),
    matrix: profile.items.map((i) => coverageRow(i, report)),
  };
}

/** A share as a percentage with at most one decimal, e.g. "83.9%". */
export const percent = (share: number): string => `${Math.round(share * 1000) / 10}%`;

/**
 * What a report format needs to show a profile's coverage: the profile the report was run
 * with (its name is the report's `profile`). The command that renders the report passes it,
 * so that formats never load the rule registry themselves.
 */
export interface CoverageRenderOptions {
  profile?: Profile;
}

/** The matrix to show with a report: when the report records the profile given in the options. */
export function reportCoverage(report: Report, options: CoverageRenderOptions): Coverage | undefined {
  return options.profile !== undefined && report.profile === options.profile.name ? coverageOf(options.profile, report) : undefined;
}
