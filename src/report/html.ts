/**
 * A single self-contained HTML page: the target, the score, charts of the failing findings
 * by severity and by family, and a filterable table with each finding's evidence, reason,
 * fix and references. It loads nothing (works offline), its Content-Security-Policy allows
 * only its own style sheet and script by their SHA-256 hashes, and every value taken from
 * the report is HTML-escaped and passed through secret redaction. A report run with a
 * profile also shows the profile's coverage matrix: recommendation → rules → status.
 */
import { createHash } from 'node:crypto';
import type { Finding, Report } from '../core/report-schema.ts';
import { SEVERITIES, STATUSES } from '../core/severity.ts';
import type { Severity } from '../core/severity.ts';
import { GUIDELINES } from '../core/guidelines.ts';
import { redactSecrets } from '../core/redact.ts';
import { COVERAGE_STATUSES, percent, reportCoverage, type Coverage, type CoverageRenderOptions, type CoverageRow, type CoverageStatus } from '../profiles/coverage.ts';
import { HTML_SCRIPT, HTML_STYLE } from './html-assets.ts';
import type { RenderOptions, Reporter } from './reporter.ts';

/**
 * Escapes text for HTML content and double- or single-quoted attribute values. Control
 * characters (other than tab and line breaks) become a visible \uXXXX.
 */
export function htmlEscape(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The CSP source expression for an inline block: 'sha256-<base64>'. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The Content-Security-Policy of the page: nothing but its own style sheet and script. */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    `style-src ${cspHash(HTML_STYLE)}`,
    `script-src ${cspHash(HTML_SCRIPT)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const STATUS_LABEL: Record<Finding['status'], string> = { fail: 'failing', error: 'could not be checked', pass: 'passing', skip: 'not applicable', waived: 'waived' };
const SEVERITY_COLOR: Record<Severity, string> = { critical: '#7b1fa2', high: '#c53030', medium: '#b7791f', low: '#2b6cb0', info: '#718096' };
const SEVERITIES_DESC: readonly Severity[] = [...SEVERITIES].reverse();

function prose(text: string): string {
  return htmlEscape(redactSecrets(text, { prose: true }));
}

function location(e: Finding['evidence'][number]): string {
  return e.path ? `${e.path}${e.line ? `:${e.line}` : ''}` : '';
}

function referenceText(r: Finding['references'][number]): string {
  if (r.guideline) {
    const title = GUIDELINES.find((g) => g.file === r.guideline)?.title ?? r.guideline;
    return `${title} (${r.guideline})${r.section ? ` § ${r.section}` : ''}`;
  }
  return [r.title, r.url].filter(Boolean).join(' ');
}

function targetText(report: Report): string {
  const t = report.target;
  return t.kind === 'root-dir' ? `root directory ${t.root}` : t.kind === 'local-host' ? 'the host itself' : `${t.kind} ${t.root}`;
}

function header(report: Report): string {
  const items: [string, string][] = [
    ['Target', `${report.target.hostname}, ${targetText(report)}`],
    ['OS', report.target.os?.prettyName ?? 'unknown'],
    ['Started', report.startedAt],
    ['Duration', `${(report.durationMs / 1000).toFixed(2)} s`],
    ['garrison', report.tool.version],
  ];
  if (report.profile) items.push(['Profile', report.profile]);
  return [
    `<header><h1>garrison audit of ${htmlEscape(report.target.hostname)}</h1>`,
    `<dl class="meta">${items.map(([k, v]) => `<dt>${htmlEscape(k)}</dt><dd>${htmlEscape(v)}</dd>`).join('')}</dl></header>`,
  ].join('\n');
}

function summary(report: Report): string {
  const s = report.summary;
  const grade = s.score >= 90 ? 'good' : s.score >= 70 ? 'fair' : 'poor';
  const counts = STATUSES.filter((st) => st !== 'waived' || s.byStatus.waived > 0).map((st) => `<li><span class="st-${st}">${s.byStatus[st]}</span> ${STATUS_LABEL[st]}</li>`);
  return [
    '<section class="summary" aria-label="Summary">',
    `<div class="card"><div class="muted">Score</div><div class="score ${grade}" id="score">${s.score}/100</div><div class="muted">${s.total} checks</div></div>`,
    `<div class="card"><ul class="counts">${counts.join('')}</ul></div>`,
    '</section>',
  ].join('\n');
}

interface Bar {
  label: string;
  value: number;
  color: string;
}

/** A horizontal bar chart as inline SVG (presentation attributes only: the CSP allows no style attributes). */
export function barChart(title: string, bars: readonly Bar[]): string {
  const labelWidth = 110;
  const barWidth = 220;
  const rowHeight = 22;
  const width = labelWidth + barWidth + 40;
  const height = Math.max(1, bars.length) * rowHeight + 4;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rows = bars.map((b, i) => {
    const y = i * rowHeight + 2;
    const w = b.value === 0 ? 0 : Math.max(2, Math.round((b.value / max) * barWidth));
    return [
      `<text x="0" y="${y + 15}">${htmlEscape(b.label)}</text>`,
      `<rect class="track" x="${labelWidth}" y="${y + 3}" width="${barWidth}" height="14" rx="3"/>`,
      `<rect x="${labelWidth}" y="${y + 3}" width="${w}" height="14" rx="3" fill="${b.color}"/>`,
      `<text x="${labelWidth + barWidth + 6}" y="${y + 15}">${b.value}</text>`,
    ].join('');
  });
  const body = bars.length > 0 ? rows.join('\n') : `<text x="0" y="16">nothing fails</text>`;
  return [
    `<figure><figcaption>${htmlEscape(title)}</figcaption>`,
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${htmlEscape(title)}">`,
    body,
    '</svg></figure>',
  ].join('\n');
}

function charts(report: Report): string {
  const failing = report.findings.filter((f) => f.status === 'fail');
  const bySeverity = SEVERITIES_DESC.map((sev) => ({ label: sev, value: report.summary.failingBySeverity[sev], color: SEVERITY_COLOR[sev] }));
  const families = new Map<string, number>();
  for (const f of failing) families.set(f.family, (families.get(f.family) ?? 0) + 1);
  const byFamily = [...families]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([family, n]) => ({ label: family, value: n, color: '#2457c5' }));
  return ['<section class="charts" aria-label="Failing findings">', barChart('Failing by severity', bySeverity), barChart('Failing by family', byFamily), '</section>'].join('\n');
}

function options(name: string, label: string, values: readonly string[], text: (v: string) => string): string {
  const opts = values.map((v) => `<option value="${htmlEscape(v)}">${htmlEscape(text(v))}</option>`).join('');
  return `<label>${label}<select name="${name}" id="filter-${name}"><option value="">all</option>${opts}</select></label>`;
}

function filters(report: Report): string {
  const families = [...new Set(report.findings.map((f) => f.family))].sort();
  return [
    '<form class="filters" id="filters" role="search">',
    options('status', 'Status', STATUSES, (s) => STATUS_LABEL[s as Finding['status']]),
    options('severity', 'Severity', SEVERITIES_DESC, (s) => s),
    options('family', 'Family', families, (s) => s),
    '<label>Text<input type="search" name="q" id="filter-q" placeholder="rule, title, path…" autocomplete="off"></label>',
    `<p class="muted"><span id="shown">${report.findings.length}</span> of ${report.findings.length} shown</p>`,
    '</form>',
  ].join('\n');
}

function searchText(f: Finding): string {
  const parts = [f.ruleId, f.family, f.status, f.severity, f.title, redactSecrets(f.message, { prose: true })];
  for (const e of f.evidence) parts.push(location(e), e.snippet ? redactSecrets(e.snippet) : '');
  return parts.join(' ').toLowerCase();
}

function details(f: Finding): string {
  const out = ['<details><summary>Evidence, why and fix</summary><dl>'];
  if (f.evidence.length > 0) {
    const items = f.evidence.map((e) => {
      const parts = [location(e) ? `<code>${htmlEscape(location(e))}</code>` : '', e.snippet ? `<code>${htmlEscape(redactSecrets(e.snippet))}</code>` : '', e.note ? prose(e.note) : ''];
      return `<li>${parts.filter(Boolean).join(' — ')}</li>`;
    });
    out.push(`<dt>Evidence</dt><dd><ul class="evidence">${items.join('')}</ul></dd>`);
  }
  out.push(`<dt>Why</dt><dd>${htmlEscape(f.rationale)}</dd>`, `<dt>Fix</dt><dd><pre>${htmlEscape(f.remediation)}</pre></dd>`);
  const refs = f.references.map(referenceText).filter(Boolean);
  if (refs.length > 0) out.push(`<dt>References</dt><dd><ul class="evidence">${refs.map((r) => `<li>${htmlEscape(r)}</li>`).join('')}</ul></dd>`);
  if (f.waiver) out.push(`<dt>Waived</dt><dd>${prose(f.waiver.reason)}${f.waiver.expires ? ` (until ${htmlEscape(f.waiver.expires)})` : ''}</dd>`);
  out.push('</dl></details>');
  return out.join('');
}

function findingRows(f: Finding): string {
  const first = f.evidence.find((e) => e.path);
  const more = f.evidence.filter((e) => e.path).length - 1;
  const where = first ? `<code>${htmlEscape(location(first))}</code>${more > 0 ? ` <span class="muted">(+${more})</span>` : ''}` : '';
  const attrs = [
    `data-rule="${htmlEscape(f.ruleId)}"`,
    `data-status="${htmlEscape(f.status)}"`,
    `data-severity="${htmlEscape(f.severity)}"`,
    `data-family="${htmlEscape(f.family)}"`,
    `data-search="${htmlEscape(searchText(f))}"`,
  ].join(' ');
  return [
    `<tbody class="finding" ${attrs}>`,
    `<tr class="head"><td class="st-${htmlEscape(f.status)}">${htmlEscape(STATUS_LABEL[f.status])}</td>`,
    `<td><span class="badge sev-${htmlEscape(f.severity)}">${htmlEscape(f.severity)}</span></td>`,
    `<td>${htmlEscape(f.family)}</td>`,
    `<td><code>${htmlEscape(f.ruleId)}</code></td>`,
    `<td><strong>${htmlEscape(f.title)}</strong><br>${prose(f.message)}</td>`,
    `<td>${where}</td></tr>`,
    `<tr class="detail"><td colspan="6">${details(f)}</td></tr>`,
    '</tbody>',
  ].join('\n');
}

function findingsTable(report: Report): string {
  return [
    '<section aria-label="Findings">',
    '<h2>Findings</h2>',
    filters(report),
    '<table id="findings">',
    '<thead><tr><th>Status</th><th>Severity</th><th>Family</th><th>Rule</th><th>Finding</th><th>Where</th></tr></thead>',
    ...report.findings.map(findingRows),
    '</table>',
    `<p class="muted empty" id="empty"${report.findings.length > 0 ? ' hidden' : ''}>No finding matches the filter.</p>`,
    '</section>',
  ].join('\n');
}

function runErrors(report: Report): string {
  if (report.errors.length === 0) return '';
  const items = report.errors.map((e) => `<li><code>${htmlEscape(e.code)}</code>${e.path ? ` <code>${htmlEscape(e.path)}</code>` : ''}: ${prose(e.message)}</li>`);
  return `<section aria-label="Run errors"><h2>Run errors</h2><ul>${items.join('')}</ul></section>`;
}

const COVERAGE_LABEL: Record<CoverageStatus, string> = { ...STATUS_LABEL, 'not run': 'not run' };
/** A status or kind as a class name or data value: "not run" → "not-run". */
const slug = (s: string): string => s.replace(/ /g, '-');
const coverageClass = (s: CoverageStatus): string => `st-${slug(s)}`;

function coverageStatusCell(row: CoverageRow): string {
  if (row.kind === 'manual') return '<td class="muted">manual</td>';
  if (row.kind === 'not automated' || row.status === undefined) return '<td class="muted">not automated</td>';
  return `<td class="${coverageClass(row.status)}">${htmlEscape(COVERAGE_LABEL[row.status])}</td>`;
}

function coverageRules(row: CoverageRow): string {
  if (row.kind === 'manual') return `<td class="muted">manual: ${htmlEscape(row.manual ?? '')}</td>`;
  if (row.kind === 'not automated') return '<td class="muted">no rule yet</td>';
  const items = row.rules.map((r) => `<li><code>${htmlEscape(r.id)}</code>${r.status ? ` <span class="${coverageClass(r.status)}">${htmlEscape(COVERAGE_LABEL[r.status])}</span>` : ''}</li>`);
  return `<td><ul class="rules">${items.join('')}</ul></td>`;
}

function coverageRowHtml(row: CoverageRow): string {
  const status = row.kind === 'automated' && row.status ? row.status : row.kind;
  return [
    `<tr class="recommendation" data-status="${htmlEscape(slug(status))}">`,
    `<td><code>${htmlEscape(row.id)}</code><br>${htmlEscape(row.text)}</td>`,
    coverageRules(row),
    coverageStatusCell(row),
    '</tr>',
  ].join('');
}

/** The profile's coverage matrix: recommendation → rules → status, section by section. */
function coverageSection(cov: Coverage): string {
  const doc = cov.guideline ? GUIDELINES.find((g) => g.file === cov.guideline) : undefined;
  const source = cov.guideline ? ` — ${doc?.title ?? cov.guideline} (${cov.guideline})` : '';
  const counts = COVERAGE_STATUSES.map((st) => [st, cov.matrix.filter((r) => r.status === st).length] as const)
    .filter(([, n]) => n > 0)
    .map(([st, n]) => `<li><span class="${coverageClass(st)}">${n}</span> ${htmlEscape(COVERAGE_LABEL[st])}</li>`);
  // Sections in the order they first appear (a profile lists its items section by section).
  const bySection = new Map<string, CoverageRow[]>();
  for (const row of cov.matrix) bySection.set(row.section, [...(bySection.get(row.section) ?? []), row]);
  const sections = [...bySection].map(([section, rows]) => `<tbody><tr class="section"><th colspan="3">${htmlEscape(section)}</th></tr>\n${rows.map(coverageRowHtml).join('\n')}</tbody>`);
  return [
    '<section aria-label="Profile coverage" id="coverage">',
    `<h2>Coverage of the profile ${htmlEscape(cov.profile)}</h2>`,
    `<p class="muted">${htmlEscape(`${cov.title}${source}`)}</p>`,
    `<p>${cov.automated} of ${cov.items} recommendations verified automatically (${percent(cov.share)}); ${cov.manual} manual; ` +
      `${percent(cov.checkableShare)} of the ${cov.items - cov.manual} checkable ones.</p>`,
    counts.length > 0 ? `<ul class="counts inline" aria-label="Recommendations by status">${counts.join('')}</ul>` : '',
    '<table id="coverage-matrix">',
    '<thead><tr><th>Recommendation</th><th>Rules</th><th>Status</th></tr></thead>',
    ...sections,
    '</table>',
    '</section>',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * Renders the report as one self-contained HTML page; with the profile the report was run
 * with, the page also shows its coverage matrix.
 */
export function renderHtml(report: Report, options: Partial<RenderOptions> & CoverageRenderOptions = {}): string {
  const coverage = reportCoverage(report, options);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${htmlEscape(contentSecurityPolicy())}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>garrison audit of ${htmlEscape(report.target.hostname)}</title>`,
    `<style>${HTML_STYLE}</style>`,
    '</head>',
    '<body><main>',
    header(report),
    summary(report),
    charts(report),
    findingsTable(report),
    coverage ? coverageSection(coverage) : '',
    runErrors(report),
    '</main>',
    `<script>${HTML_SCRIPT}</script>`,
    '</body>',
    '</html>',
  ]
    .filter((line) => line !== '')
    .join('\n')
    .concat('\n');
}

export const htmlReporter: Reporter = {
  name: 'html',
  description: 'a single self-contained HTML page with charts and a filterable table',
  extension: 'html',
  render: renderHtml,
};
