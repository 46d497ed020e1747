import type { Finding, Summary } from './report-schema.ts';
import { SEVERITIES, SEVERITY_WEIGHT, STATUSES, severityRank } from './severity.ts';

export function summarize(findings: readonly Finding[]): Summary {
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Summary['byStatus'];
  const failingBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Summary['failingBySeverity'];
  let passWeight = 0;
  let totalWeight = 0;
  for (const f of findings) {
    byStatus[f.status]++;
    if (f.status === 'fail') failingBySeverity[f.severity]++;
    if (f.status === 'pass' || f.status === 'fail') {
      const w = SEVERITY_WEIGHT[f.severity];
      totalWeight += w;
      if (f.status === 'pass') passWeight += w;
    }
  }
  const score = totalWeight === 0 ? 100 : Math.round((1000 * passWeight) / totalWeight) / 10;
  return { total: findings.length, byStatus, failingBySeverity, score };
}

const STATUS_ORDER: Record<Finding['status'], number> = { fail: 0, error: 1, waived: 2, pass: 3, skip: 4 };

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Failing first, by severity (worst first), then errors, then the rest; stable by rule id. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    severityRank(b.severity) - severityRank(a.severity) ||
    byCodeUnit(a.family, b.family) ||
    byCodeUnit(a.ruleId, b.ruleId) ||
    byCodeUnit(a.message, b.message)
  );
}
