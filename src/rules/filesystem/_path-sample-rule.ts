/**
 * Template for the filesystem rules that summarise one category of the walk: a count and
 * the first paths in sorted order, never one finding per file.
 */
import { defineRule, type Rule } from '../../core/rule.ts';
import { fileEvidence } from '../../core/evidence.ts';
import type { Reference } from '../../core/report-schema.ts';
import type { Severity } from '../../core/severity.ts';
import type { FilesystemFacts, PathSample } from '../../facts/filesystem.ts';

export interface PathSampleRuleSpec {
  id: string;
  title: string;
  severity: Severity;
  rationale: string;
  description: string;
  remediation: string;
  references: Reference[];
  /** The category of the walk this rule judges. */
  pick(fs: FilesystemFacts): PathSample;
  /** What one offending path is, for the evidence ("world-writable file"). */
  what: string;
  /** The plural, for the messages ("world-writable files"). */
  plural: string;
  /** Extra words appended to the failure message (e.g. where ids may come from). */
  extra?(fs: FilesystemFacts): string;
  params?: Record<string, { default: unknown; description: string }>;
}

/** "on / (one file system)" */
export function walkScope(fs: FilesystemFacts): string {
  return `${fs.entries} entries under ${fs.roots.join(', ')}${fs.crossMounts ? '' : ', without crossing into other file systems'}`;
}

/** Builds a rule reporting one walk category. */
export function pathSampleRule(spec: PathSampleRuleSpec): Rule {
  return defineRule({
    id: spec.id,
    family: 'filesystem',
    title: spec.title,
    severity: spec.severity,
    rationale: spec.rationale,
    description: spec.description,
    remediation: spec.remediation,
    references: spec.references,
    ...(spec.params ? { params: spec.params } : {}),
    messages: {
      ok: 'No {{what}} among {{scope}}.',
      found: '{{count}} {{what}} among {{scope}}; the first {{shown}} are listed.{{extra}}',
    },
    requires: ['filesystem'],
    check({ filesystem }, report) {
      const sample = spec.pick(filesystem);
      const scope = walkScope(filesystem);
      if (sample.count === 0) {
        report.pass('ok', { data: { what: spec.plural, scope } });
        return;
      }
      const extra = spec.extra?.(filesystem) ?? '';
      report.fail('found', {
        data: { count: sample.count, what: sample.count === 1 ? spec.what : spec.plural, scope, shown: sample.paths.length, extra: extra ? ` ${extra}` : '' },
        evidence: sample.paths.map((p) => fileEvidence(p, spec.what)),
        // One summarising finding per rule: its identity must not change with the sample.
        key: 'summary',
      });
    },
  });
}
