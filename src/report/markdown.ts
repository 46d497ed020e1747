/**
 * A Markdown summary to paste into a ticket or a merge request (GitHub, GitLab and Gitea
 * flavours): the target, the score and the failing counts by severity, a table of the
 * failing findings, then each one's evidence, reason and fix in a collapsible block; for a
 * report run with a profile, the share of its recommendations garrison verifies and the
 * recommendations that fail.
 * Every value is escaped, so text taken from the audited host cannot add markup or HTML.
 */
import type { Finding, Report } from '../core/report-schema.ts';
import { SEVERITIES } from '../core/severity.ts';
import { GUIDELINES } from '../core/guidelines.ts';
import { redactSecrets } from '../core/redact.ts';
import { percent, reportCoverage, type Coverage, type CoverageRenderOptions } from '../profiles/coverage.ts';
import type { RenderOptions, Reporter } from './reporter.ts';

/**
 * Escapes text for inline Markdown and HTML (also inside table cells and <details>):
 * HTML's special characters become entities, Markdown's inline punctuation is
 * backslash-escaped, control characters become a visible \uXXXX, and line breaks become
 * <br> so a value never starts a block of its own.
 */
export function mdEscape(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/[\\`*_[\]|~$@]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/\r\n?|\n/g, '<br>');
}

/** Escapes text for raw HTML, where Markdown is not interpreted (the <summary> line of a <details> block). */
function htmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/[\u0000-\u001f\u007f]/g, ' ');
}

/** mdEscape for a value that starts a line: a leading heading, list or quote marker is escaped too. */
function mdParagraph(text: string): string {
  return mdEscape(text)
    .replace(/^(\s*)([#+\-=])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

function where(f: Finding): string {
  const e = f.evidence.find((x) => x.path);
  if (!e?.path) return '';
  const more = f.evidence.filter((x) => x.path).length - 1;
  return `${mdEscape(`${e.path}${e.line ? `:${e.line}` : ''}`)}${more > 0 ? ` (+${more})` : ''}`;
}

function reference(f: Finding): string {
  return f.references
    .map((r) => (r.guideline ? `${GUIDELINES.find((g) => g.file === r.guideline)?.title ?? r.guideline} (${r.guideline})${r.section ? ` § ${r.section}` : ''}` : [r.title, r.url].filter(Boolean).join(' ')))
    .filter(Boolean)
    .map(mdEscape)
    .join('; ');
}

function details(f: Finding): string {
  const lines = [
    '<details>',
    `<summary><b>${f.severity.toUpperCase()}</b> ${htmlEscape(f.title)} (${htmlEscape(f.ruleId)})</summary>`,
    '',
    mdParagraph(redactSecrets(f.message, { prose: true })),
    '',
  ];
  if (f.evidence.length > 0) {
    lines.push('**Evidence**', '');
    for (const e of f.evidence) {
      const loc = e.path ? `${e.path}${e.line ? `:${e.line}` : ''}` : '';
      const parts = [loc ? `<code>${mdEscape(loc)}</code>` : '', e.snippet ? `<code>${mdEscape(redactSecrets(e.snippet))}</code>` : '', e.note ? mdEscape(redactSecrets(e.note, { prose: true })) : ''];
      lines.push(`- ${parts.filter(Boolean).join(' — ')}`);
    }
    lines.push('');
  }
  lines.push(`**Why:** ${mdEscape(f.rationale)}`, '', `**Fix:** ${mdEscape(f.remediation)}`, '');
  const refs = reference(f);
  if (refs) lines.push(`**Reference:** ${refs}`, '');
  lines.push('</details>');
  return lines.join('\n');
}

function table(findings: readonly Finding[]): string[] {
  return [
    '| Severity | Rule | Title | Where |',
    '|---|---|---|---|',
    ...findings.map((f) => `| ${f.severity} | ${mdEscape(f.ruleId)} | ${mdEscape(f.title)} | ${where(f)} |`),
  ];
}

/** The profile's share of verified recommendations and its failing recommendations. */
function profileSection(cov: Coverage): string[] {
  const out = [
    `### Profile ${mdEscape(cov.profile)}`,
    '',
    `${mdEscape(cov.title)}: ${cov.automated} of ${cov.items} recommendations verified automatically (${percent(cov.share)}; ` +
      `${percent(cov.checkableShare)} of the ${cov.items - cov.manual} checkable ones), ${cov.manual} manual.`,
    '',
  ];
  const failing = cov.matrix.filter((r) => r.status === 'fail');
  if (failing.length === 0) return [...out, 'No recommendation fails.', ''];
  return [
    ...out,
    '| Recommendation | Section | Failing rules |',
    '|---|---|---|',
    ...failing.map((r) => `| ${mdEscape(`${r.id}: ${r.text}`)} | ${mdEscape(r.section)} | ${r.rules.filter((x) => x.status === 'fail').map((x) => mdEscape(x.id)).join(', ')} |`),
    '',
  ];
}

/** Renders the report as a Markdown summary (with the profile the report was run with: its coverage). */
export function renderMarkdown(report: Report, options: Partial<RenderOptions> & CoverageRenderOptions = {}): string {
  const t = report.target;
  const s = report.summary;
  const target = t.kind === 'root-dir' ? `root directory ${t.root}` : t.kind === 'local-host' ? 'the host itself' : t.root;
  const out = [
    `## garrison audit of ${mdEscape(t.hostname)}`,
    '',
    `**Target:** ${mdEscape(target)}, ${mdEscape(t.os?.prettyName ?? 'unknown OS')}<br>`,
    `**Score:** ${s.score}/100 · **${s.byStatus.fail} failing** · ${s.byStatus.error} could not be checked · ${s.byStatus.pass} passing · ${s.byStatus.skip} not applicable` +
      `${s.byStatus.waived ? ` · ${s.byStatus.waived} waived` : ''}<br>`,
    `**garrison** ${mdEscape(report.tool.version)}, ${mdEscape(report.startedAt)}${report.profile ? `, profile ${mdEscape(report.profile)}` : ''}`,
    '',
    '| Severity | Failing |',
    '|---|---|',
    ...[...SEVERITIES].reverse().map((sev) => `| ${sev} | ${s.failingBySeverity[sev]} |`),
    '',
  ];
  const coverage = reportCoverage(report, options);
  if (coverage) out.push(...profileSection(coverage));
  const failing = report.findings.filter((f) => f.status === 'fail');
  if (failing.length === 0) out.push('Nothing fails.', '');
  else out.push('### Failing', '', ...table(failing), '', ...failing.flatMap((f) => [details(f), '']));

  const errors = report.findings.filter((f) => f.status === 'error');
  if (errors.length > 0 || report.errors.length > 0) {
    out.push('### Could not be checked', '');
    for (const f of errors) out.push(`- ${mdEscape(f.ruleId)}: ${mdEscape(redactSecrets(f.message, { prose: true }))}`);
    for (const e of report.errors) out.push(`- ${mdEscape(e.code)}: ${mdEscape(redactSecrets(e.message, { prose: true }))}`);
    out.push('');
  }
  const waived = report.findings.filter((f) => f.status === 'waived');
  if (waived.length > 0) {
    out.push('### Waived', '');
    for (const f of waived) {
      const why = f.waiver ? `: ${mdEscape(redactSecrets(f.waiver.reason, { prose: true }))}${f.waiver.expires ? ` (until ${mdEscape(f.waiver.expires)})` : ''}` : '';
      out.push(`- ${f.severity} ${mdEscape(f.ruleId)} ${mdEscape(f.title)}${why}`);
    }
    out.push('');
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

export const markdownReporter: Reporter = {
  name: 'markdown',
  description: 'a Markdown summary for tickets and merge requests',
  extension: 'md',
  render: renderMarkdown,
};
