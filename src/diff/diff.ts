/**
 * The pure comparison of two reports. Findings are matched by fingerprint (rule, target and
 * a stable evidence key, never line numbers), so a setting that moved to another line keeps
 * its identity while a changed offending text is a different finding.
 */
import type { Finding, Report } from '../core/report-schema.ts';
import { SEVERITIES, severityRank } from '../core/severity.ts';
import { DIFF_SCHEMA_VERSION } from './schema.ts';
import type { Diff, DiffEntry, GoneReason, Presence, ReportRef } from './schema.ts';

/** A report together with the file it was read from. */
export interface NamedReport {
  file: string;
  report: Report;
}

function byFingerprint(findings: readonly Finding[]): Map<string, Finding> {
  const map = new Map<string, Finding>();
  for (const f of findings) if (!map.has(f.fingerprint)) map.set(f.fingerprint, f);
  return map;
}

function entry(shown: Finding, before: Finding | undefined, after: Finding | undefined, reason?: GoneReason): DiffEntry {
  const presence = (f: Finding | undefined): Presence => f?.status ?? 'absent';
  return {
    fingerprint: shown.fingerprint,
    ruleId: shown.ruleId,
    family: shown.family,
    severity: shown.severity,
    title: shown.title,
    message: shown.message,
    evidence: shown.evidence,
    before: presence(before),
    after: presence(after),
    ...(reason !== undefined ? { reason } : {}),
    ...(shown.waiver !== undefined ? { waiver: shown.waiver } : {}),
  };
}

/**
 * Why a failure of `ruleId` missing from the newer report is not counted as fixed, or
 * undefined when the rule ran there (it passed or reported other failures): then it is fixed.
 */
function goneReason(ruleId: string, after: readonly Finding[]): GoneReason | undefined {
  const statuses = new Set(after.filter((f) => f.ruleId === ruleId).map((f) => f.status));
  if (statuses.size === 0) return 'not-run';
  if (statuses.has('pass') || statuses.has('fail') || statuses.has('waived')) return undefined;
  if (statuses.has('error')) return 'not-checked';
  return 'not-applicable';
}

/** A failure matched by a finding of one of these statuses is gone, not fixed. */
const STATUS_GONE_REASON: Partial<Record<Finding['status'], GoneReason>> = { error: 'not-checked', skip: 'not-applicable' };

/** Most severe first, then by rule and fingerprint, so the output is stable. */
function ordered(entries: DiffEntry[]): DiffEntry[] {
  return entries.sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint),
  );
}

function ruleIds(report: Report): Set<string> {
  return new Set(report.findings.map((f) => f.ruleId));
}

function listSome(ids: string[]): string {
  const shown = ids.slice(0, 5).join(', ');
  return ids.length > 5 ? `${shown} and ${ids.length - 5} more` : shown;
}

/** Why comparing these two reports may mislead, in words for the user. */
export function comparisonWarnings(before: NamedReport, after: NamedReport): string[] {
  const warnings: string[] = [];
  const a = before.report.target;
  const b = after.report.target;
  if (a.kind !== b.kind || a.hostname !== b.hostname) {
    warnings.push(`the reports are of different targets: ${before.file} audits ${a.hostname} (${a.kind}), ${after.file} audits ${b.hostname} (${b.kind}); every finding will look new or fixed`);
  }
  const oldRules = ruleIds(before.report);
  const newRules = ruleIds(after.report);
  const added = [...newRules].filter((r) => !oldRules.has(r)).sort();
  const removed = [...oldRules].filter((r) => !newRules.has(r)).sort();
  if (added.length > 0 || removed.length > 0) {
    const parts: string[] = [];
    if (added.length > 0) parts.push(`${added.length} only in ${after.file} (${listSome(added)})`);
    if (removed.length > 0) parts.push(`${removed.length} only in ${before.file} (${listSome(removed)})`);
    warnings.push(`the reports ran different rule sets: ${parts.join('; ')}`);
  }
  if ((before.report.profile ?? '') !== (after.report.profile ?? '')) {
    warnings.push(`the reports used different profiles: ${before.report.profile ?? '(none)'} and ${after.report.profile ?? '(none)'}`);
  }
  return warnings;
}

function ref(named: NamedReport): ReportRef {
  const r = named.report;
  return {
    file: named.file,
    kind: r.target.kind,
    hostname: r.target.hostname,
    root: r.target.root,
    startedAt: r.startedAt,
    ...(r.profile !== undefined ? { profile: r.profile } : {}),
    score: r.summary.score,
  };
}

/** Compares an older report with a newer one. */
export function diffReports(before: NamedReport, after: NamedReport): Diff {
  const oldFindings = byFingerprint(before.report.findings);
  const newFindings = byFingerprint(after.report.findings);
  const newFailures: DiffEntry[] = [];
  const stillFailing: DiffEntry[] = [];
  const waived: DiffEntry[] = [];
  const errors: DiffEntry[] = [];
  for (const f of newFindings.values()) {
    const old = oldFindings.get(f.fingerprint);
    if (f.status === 'fail') (old?.status === 'fail' ? stillFailing : newFailures).push(entry(f, old, f));
    else if (f.status === 'waived') waived.push(entry(f, old, f));
    else if (f.status === 'error') errors.push(entry(f, old, f));
  }
  const fixed: DiffEntry[] = [];
  const gone: DiffEntry[] = [];
  for (const f of oldFindings.values()) {
    if (f.status !== 'fail') continue;
    const now = newFindings.get(f.fingerprint);
    if (now?.status === 'fail' || now?.status === 'waived') continue;
    const reason = now === undefined ? goneReason(f.ruleId, after.report.findings) : STATUS_GONE_REASON[now.status];
    if (reason === undefined) fixed.push(entry(f, f, now));
    else gone.push(entry(f, f, now, reason));
  }
  const newBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, newFailures.filter((e) => e.severity === s).length])) as Record<
    (typeof SEVERITIES)[number],
    number
  >;
  return {
    diffVersion: DIFF_SCHEMA_VERSION,
    before: ref(before),
    after: ref(after),
    warnings: comparisonWarnings(before, after),
    summary: {
      newFailures: newFailures.length,
      fixed: fixed.length,
      gone: gone.length,
      stillFailing: stillFailing.length,
      waived: waived.length,
      errors: errors.length,
      newBySeverity,
    },
    newFailures: ordered(newFailures),
    fixed: ordered(fixed),
    gone: ordered(gone),
    stillFailing: ordered(stillFailing),
    waived: ordered(waived),
    errors: ordered(errors),
    runErrors: after.report.errors,
  };
}
