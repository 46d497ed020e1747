/**
 * JUnit XML for CI systems: one <testsuite> per rule family, one <testcase> per check
 * (a rule, or a rule and the thing it found, when one rule reports several findings).
 * Failing findings are <failure>s, checks that could not be run are <error>s, and checks
 * that did not apply or were waived are <skipped>.
 */
import type { Finding, Report } from '../core/report-schema.ts';
import { redactSecrets } from '../core/redact.ts';
import type { Reporter } from './reporter.ts';

/**
 * Makes text valid in XML 1.0 character data: characters XML forbids (control characters,
 * lone surrogates, U+FFFE/U+FFFF) become a visible \uXXXX, the markup characters and
 * carriage returns (which a parser would turn into line feeds) character references.
 */
export function xmlEscape(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;');
}

/** For attribute values: also keeps line breaks and tabs (an XML parser would turn them into spaces). */
function attr(text: string): string {
  return xmlEscape(text).replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

function evidenceLines(f: Finding): string[] {
  return f.evidence.map((e) => {
    const where = e.path ? `${e.path}${e.line ? `:${e.line}` : ''}` : '';
    const parts = [where, e.snippet ? redactSecrets(e.snippet) : '', e.note ? `(${redactSecrets(e.note, { prose: true })})` : ''].filter(Boolean);
    return `  ${parts.join('  ')}`;
  });
}

function failureBody(f: Finding): string {
  const lines = [redactSecrets(f.message, { prose: true })];
  if (f.evidence.length > 0) lines.push('', 'Evidence:', ...evidenceLines(f));
  lines.push('', `Why: ${f.rationale}`, '', `Fix: ${f.remediation}`);
  const refs = f.references.map((r) => (r.guideline ? `${r.guideline}${r.section ? ` § ${r.section}` : ''}` : [r.title, r.url].filter(Boolean).join(' '))).filter(Boolean);
  if (refs.length > 0) lines.push('', `References: ${refs.join('; ')}`);
  return lines.join('\n');
}

/** Test case names: the rule and its title, plus what was found when a rule reports several findings. */
function caseNames(findings: readonly Finding[]): string[] {
  const perRule = new Map<string, number>();
  for (const f of findings) perRule.set(f.ruleId, (perRule.get(f.ruleId) ?? 0) + 1);
  const names = findings.map((f) => (perRule.get(f.ruleId)! > 1 ? `${f.ruleId}: ${redactSecrets(f.message, { prose: true })}` : `${f.ruleId}: ${f.title}`));
  const count = new Map<string, number>();
  for (const n of names) count.set(n, (count.get(n) ?? 0) + 1);
  return names.map((n, i) => (count.get(n)! > 1 ? `${n} (${findings[i]!.fingerprint.slice(0, 8)})` : n));
}

function testcase(f: Finding, name: string): string {
  const open = `    <testcase classname="garrison.${attr(f.family)}" name="${attr(name)}" time="0"`;
  const message = redactSecrets(f.message, { prose: true });
  switch (f.status) {
    case 'fail':
      return `${open}>\n      <failure message="${attr(message)}" type="${attr(f.severity)}">${xmlEscape(failureBody(f))}</failure>\n    </testcase>`;
    case 'error':
      return `${open}>\n      <error message="${attr(message)}" type="error">${xmlEscape([message, ...evidenceLines(f)].join('\n'))}</error>\n    </testcase>`;
    case 'skip':
      return `${open}>\n      <skipped message="${attr(message)}"/>\n    </testcase>`;
    case 'waived': {
      const w = f.waiver ? `waived: ${redactSecrets(f.waiver.reason, { prose: true })}${f.waiver.expires ? ` (until ${f.waiver.expires})` : ''}` : 'waived';
      return `${open}>\n      <skipped message="${attr(w)}"/>\n    </testcase>`;
    }
    default:
      return `${open}/>`;
  }
}

function counts(findings: readonly Finding[]): string {
  const n = (s: Finding['status'][]) => findings.filter((f) => s.includes(f.status)).length;
  return `tests="${findings.length}" failures="${n(['fail'])}" errors="${n(['error'])}" skipped="${n(['skip', 'waived'])}"`;
}

/** Renders the report as JUnit XML. */
export function renderJunit(report: Report): string {
  const families = [...new Set(report.findings.map((f) => f.family))].sort();
  const time = (report.durationMs / 1000).toFixed(3);
  const total = report.findings.length + report.errors.length;
  const n = (s: Finding['status'][]) => report.findings.filter((f) => s.includes(f.status)).length;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="garrison" tests="${total}" failures="${n(['fail'])}" errors="${n(['error']) + report.errors.length}" skipped="${n(['skip', 'waived'])}" time="${time}">`,
  ];
  for (const family of families) {
    const group = report.findings.filter((f) => f.family === family);
    const names = caseNames(group);
    out.push(`  <testsuite name="${attr(family)}" ${counts(group)} time="0" timestamp="${attr(report.startedAt.replace(/Z$/, ''))}" hostname="${attr(report.target.hostname)}">`);
    group.forEach((f, i) => out.push(testcase(f, names[i]!)));
    out.push('  </testsuite>');
  }
  if (report.errors.length > 0) {
    const errorCount = report.errors.length;
    out.push(`  <testsuite name="run" tests="${errorCount}" failures="0" errors="${errorCount}" skipped="0" time="0">`);
    for (const e of report.errors) {
      const message = redactSecrets(e.message, { prose: true });
      out.push(`    <testcase classname="garrison.run" name="${attr(e.code)}" time="0">`);
      out.push(`      <error message="${attr(message)}" type="${attr(e.code)}">${xmlEscape(e.path ? `${message}\n  ${e.path}` : message)}</error>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

export const junitReporter: Reporter = {
  name: 'junit',
  description: 'JUnit XML for CI systems: a test suite per family, a test case per check',
  extension: 'xml',
  render: renderJunit,
};
