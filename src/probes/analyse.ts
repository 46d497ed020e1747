/**
 * Analysis of probe records: the ordinary engine runs the probe-* rule families over a
 * NetworkTarget whose only fact is the records, so findings, fingerprints, summary and
 * report are exactly those of an audit (target kind "network", evidence path = endpoint).
 * The records are taken as they are typed: fresh from the retrievers, or read from a file
 * with loadRecords (record.ts), which validates them. Nothing here loads the schemas.
 */
import { runRules } from '../core/runner.ts';
import { defaultAuditOptions, type AuditOptions } from '../core/options.ts';
import type { Report } from '../core/report-schema.ts';
import type { Rule } from '../core/rule.ts';
import { probeRules as registeredProbeRules } from '../rules/probe-rules.generated.ts';
import { NetworkTarget } from './network-target.ts';
import type { ProbeRecord } from './record-types.ts';

/** The rule families that judge probe records. */
export const PROBE_FAMILIES = ['probe-net', 'probe-tls', 'probe-http', 'probe-ssh', 'probe-db'] as const;

/** Every probe rule of a rule list (default: the probe rules of the registry). */
export function probeRules(rules: readonly Rule[] = registeredProbeRules): Rule[] {
  return rules.filter((r) => (PROBE_FAMILIES as readonly string[]).includes(r.meta.family));
}

export type AnalyseOptions = Partial<Pick<AuditOptions, 'rules' | 'excludeRules' | 'params' | 'severityOverrides'>>;

/**
 * Judges records with the probe rules and returns the report. `rules` defaults to every
 * probe rule of the registry; the only fact these rules read is the records. Records from
 * outside must go through parseRecords or loadRecords (record.ts) first.
 */
export async function analyseRecords(records: readonly ProbeRecord[], options: AnalyseOptions = {}, rules: readonly Rule[] = probeRules()): Promise<Report> {
  const audit = defaultAuditOptions({
    families: [...PROBE_FAMILIES],
    ...(options.rules ? { rules: options.rules } : {}),
    ...(options.excludeRules ? { excludeRules: options.excludeRules } : {}),
    ...(options.severityOverrides ? { severityOverrides: options.severityOverrides } : {}),
    ...(options.params ? { params: options.params } : {}),
  });
  const target = new NetworkTarget(
    records.map((r) => r.host),
    [...new Set(records.map((r) => r.endpoint))],
  );
  return runRules(target, audit, rules, { probes: { collect: async () => [...records] } });
}
