/**
 * What every probe rule shares: picking the records of one kind, evidence that points at
 * an endpoint, and the `error` finding for a record (or the part of it a rule needs) that
 * could not be retrieved.
 */
import { snippet } from '../core/evidence.ts';
import type { Evidence } from '../core/report-schema.ts';
import type { RuleReporter } from '../core/rule.ts';
import type { ProbeError, ProbeKind, ProbeRecord, RecordOf } from './record.ts';

/** Evidence whose path is the endpoint URL. */
export function endpointEvidence(endpoint: string, text?: string, note?: string): Evidence {
  const e: Evidence = { path: endpoint };
  if (text !== undefined) e.snippet = snippet(text);
  if (note !== undefined) e.note = note;
  return e;
}

/** Reports that a record, or the part of it a rule needs, could not be retrieved. */
export function reportProbeError(report: RuleReporter<string>, rec: ProbeRecord, error: ProbeError | undefined, what: string): void {
  const e = error ?? rec.error;
  const message = e ? e.message : `${what} was not retrieved`;
  report.error(`${rec.endpoint}: could not check ${what}: ${message}`, {
    evidence: [endpointEvidence(rec.endpoint, undefined, e?.code)],
    key: `${rec.endpoint}\u0001error`,
  });
}

/**
 * Calls `check` for each record of `kind` that `applies` to the rule; reports `skip` when
 * there is none (the rule's subject was not probed).
 */
export function forEachRecord<K extends ProbeKind>(
  probes: readonly ProbeRecord[],
  kind: K,
  report: RuleReporter<string>,
  notApplicable: string,
  check: (rec: RecordOf<K>) => void,
  applies: (rec: RecordOf<K>) => boolean = () => true,
): void {
  const recs = probes.filter((r): r is RecordOf<K> => r.kind === kind).filter(applies);
  if (recs.length === 0) {
    report.skip(`not applicable: ${notApplicable}`);
    return;
  }
  for (const rec of recs) check(rec);
}
