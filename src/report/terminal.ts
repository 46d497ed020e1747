/**
 * The human report: failing findings first, by severity, each with its evidence
 * (path:line and the offending text), why it matters and the exact fix; then errors;
 * then (with --verbose) what passed or did not apply; then a summary with the score.
 */
import pc from 'picocolors';
import type { Finding, Report } from '../core/report-schema.ts';
import { SEVERITIES } from '../core/severity.ts';
import type { Severity } from '../core/severity.ts';
import { GUIDELINES } from '../core/guidelines.ts';
import { redactSecrets } from '../core/redact.ts';
import type { RenderOptions, Reporter } from './reporter.ts';

type Paint = (s: string) => string;
interface Palette {
  bold: Paint;
  dim: Paint;
  red: Paint;
  yellow: Paint;
  green: Paint;
  cyan: Paint;
  magenta: Paint;
  blue: Paint;
}

function palette(color: boolean): Palette {
  const c = pc.createColors(color);
  return { bold: c.bold, dim: c.dim, red: c.red, yellow: c.yellow, green: c.green, cyan: c.cyan, magenta: c.magenta, blue: c.blue };
}

function severityPaint(p: Palette, s: Severity): Paint {
  switch (s) {
    case 'critical':
      return (x) => p.bold(p.magenta(x));
    case 'high':
      return (x) => p.bold(p.red(x));
    case 'medium':
      return p.yellow;
    case 'low':
      return p.cyan;
    default:
      return p.dim;
  }
}

/** Wraps prose to the width, with a hanging indent. */
export function wrap(text: string, width: number, indent: string): string {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line && indent.length + line.length + 1 + word.length > width) {
        out.push(indent + line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(indent + line);
  }
  return out.join('\n');
}

function guidelineTitle(file: string): string {
  return GUIDELINES.find((g) => g.file === file)?.title ?? file;
}

/**
 * Findings of one rule with one status, shown together: the rule's title once, then each
 * finding's message and evidence, then why it matters, the fix and the references once.
 */
function renderGroup(group: readonly Finding[], p: Palette, o: RenderOptions): string {
  const f = group[0]!;
  const sev = severityPaint(p, f.severity)(f.severity.toUpperCase().padEnd(8));
  const status = f.status === 'fail' ? p.red('FAIL ') : f.status === 'error' ? p.yellow('ERROR') : f.status === 'waived' ? p.blue('WAIVED') : f.status.toUpperCase();
  const lines = [`${status} ${sev} ${p.bold(f.title)} ${p.dim(`[${f.ruleId}]`)}${group.length > 1 ? p.dim(` ×${group.length}`) : ''}`];
  for (const g of group) {
    lines.push(wrap(redactSecrets(g.message, { prose: true }), o.width, '      '));
    const maxEvidence = o.verbose ? g.evidence.length : Math.min(g.evidence.length, 10);
    for (const e of g.evidence.slice(0, maxEvidence)) {
      const where = e.path ? `${e.path}${e.line ? `:${e.line}` : ''}` : '';
      const text = e.snippet ? `  ${p.bold(redactSecrets(e.snippet))}` : '';
      const note = e.note ? `  ${p.dim(`(${redactSecrets(e.note, { prose: true })})`)}` : '';
      lines.push(`      ${p.cyan('▸')} ${p.cyan(where)}${text}${note}`);
    }
    if (g.evidence.length > maxEvidence) lines.push(p.dim(`      … ${g.evidence.length - maxEvidence} more (see --format json or --verbose)`));
    if (g.waiver) lines.push(`      ${p.blue('waived:')} ${g.waiver.reason}${g.waiver.expires ? ` (until ${g.waiver.expires})` : ''}`);
  }
  if (f.status === 'fail' || f.status === 'waived') {
    lines.push(`${p.dim('      why:')}\n${wrap(f.rationale, o.width, '        ')}`);
    lines.push(`${p.dim('      fix:')}\n${wrap(f.remediation, o.width, '        ')}`);
    const refs = f.references
      .map((r) => (r.guideline ? `${guidelineTitle(r.guideline)} (${r.guideline}) § ${r.section ?? ''}` : `${r.title ?? ''} ${r.url ?? ''}`.trim()))
      .join('; ');
    if (refs) lines.push(wrap(`ref: ${refs}`, o.width, '      ').replace(/^(\s*)ref:/, (_m, s: string) => `${s}${p.dim('ref:')}`));
  }
  return lines.join('\n');
}

/** Consecutive findings of the same rule and status (the report is sorted by rule). */
function byRule(findings: readonly Finding[]): Finding[][] {
  const groups: Finding[][] = [];
  for (const f of findings) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.ruleId === f.ruleId && last[0]!.status === f.status) last.push(f);
    else groups.push([f]);
  }
  return groups;
}

export function renderTerminal(report: Report, o: RenderOptions): string {
  const p = palette(o.color);
  const t = report.target;
  const out: string[] = [];
  const where = t.kind === 'root-dir' ? `root directory ${t.root}` : t.kind === 'local-host' ? 'this host' : t.root;
  out.push(p.bold(`garrison ${report.tool.version} — audit of ${t.hostname} (${t.os?.prettyName ?? 'unknown OS'}), ${where}`));
  out.push('');

  const failing = report.findings.filter((f) => f.status === 'fail');
  for (const sev of [...SEVERITIES].reverse()) {
    const group = failing.filter((f) => f.severity === sev);
    if (group.length === 0) continue;
    out.push(severityPaint(p, sev)(`── Failing: ${sev} (${group.length}) ${'─'.repeat(Math.max(0, 40 - sev.length))}`));
    for (const g of byRule(group)) out.push(renderGroup(g, p, o), '');
  }
  const errors = report.findings.filter((f) => f.status === 'error');
  if (errors.length > 0) {
    out.push(p.yellow(`── Could not be checked (${errors.length}) ${'─'.repeat(30)}`));
    for (const g of byRule(errors)) out.push(renderGroup(g, p, o), '');
  }
  const waived = report.findings.filter((f) => f.status === 'waived');
  if (waived.length > 0) {
    out.push(p.blue(`── Waived (${waived.length}) ${'─'.repeat(40)}`));
    for (const g of byRule(waived)) out.push(renderGroup(g, p, o), '');
  }
  if (o.verbose) {
    for (const status of ['pass', 'skip'] as const) {
      const group = report.findings.filter((f) => f.status === status);
      if (group.length === 0) continue;
      out.push((status === 'pass' ? p.green : p.dim)(`── ${status === 'pass' ? 'Passing' : 'Not applicable'} (${group.length}) ${'─'.repeat(30)}`));
      for (const f of group) out.push(`${status === 'pass' ? p.green('PASS ') : p.dim('SKIP ')} ${f.title} ${p.dim(`[${f.ruleId}]`)}${status === 'skip' || f.messageId ? p.dim(` — ${redactSecrets(f.message, { prose: true })}`) : ''}`);
      out.push('');
    }
  }
  for (const e of report.errors) out.push(p.yellow(`run error ${e.code}: ${e.message}`));
  if (report.errors.length > 0) out.push('');

  const s = report.summary;
  const sevCounts = [...SEVERITIES]
    .reverse()
    .filter((sev) => s.failingBySeverity[sev] > 0)
    .map((sev) => severityPaint(p, sev)(`${s.failingBySeverity[sev]} ${sev}`))
    .join(', ');
  const scoreText = `${s.score}/100`;
  const scorePaint = s.score >= 90 ? p.green : s.score >= 70 ? p.yellow : p.red;
  out.push(
    `${p.bold('Summary:')} ${s.byStatus.fail} failing${sevCounts ? ` (${sevCounts})` : ''}, ${s.byStatus.error} could not be checked, ` +
      `${s.byStatus.pass} passing, ${s.byStatus.skip} not applicable${s.byStatus.waived ? `, ${s.byStatus.waived} waived` : ''}. ` +
      `Score ${scorePaint(p.bold(scoreText))}. ${p.dim(`(${report.summary.total} checks in ${(report.durationMs / 1000).toFixed(2)} s)`)}`,
  );
  if (!o.verbose && (s.byStatus.pass > 0 || s.byStatus.skip > 0)) out.push(p.dim('Passing and not applicable checks are hidden: use --verbose to list them.'));
  return `${out.join('\n')}\n`;
}

export const terminalReporter: Reporter = {
  name: 'terminal',
  description: 'a readable, prioritised report for people (colours follow NO_COLOR and the terminal)',
  extension: 'txt',
  render: renderTerminal,
};
