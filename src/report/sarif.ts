/**
 * SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format) for GitHub code scanning
 * and other SARIF viewers. One run; every rule seen in the report is described in
 * tool.driver.rules; failing findings are results, waived ones are results with an
 * accepted suppression, findings that could not be checked (and run errors) are tool
 * execution notifications. Passing and not applicable checks are left out: SARIF viewers
 * list problems (the JSON report has every check).
 */
import { pathToFileURL } from 'node:url';
import type { Evidence, Finding, Reference, Report } from '../core/report-schema.ts';
import { severityRank } from '../core/severity.ts';
import type { Severity } from '../core/severity.ts';
import { GUIDELINES } from '../core/guidelines.ts';
import { redactSecrets } from '../core/redact.ts';
import type { Reporter } from './reporter.ts';

/** The base id artifact URIs are relative to: the audited root directory, or / of a host. */
export const ROOT_BASE_ID = 'ROOT';

/** GitHub's convention: a CVSS-like score as a string; it maps ≥9 critical, ≥7 high, ≥4 medium, >0 low. */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

type Level = 'error' | 'warning' | 'note';

/** SARIF result level for a severity. */
export function sarifLevel(s: Severity): Level {
  return s === 'critical' || s === 'high' ? 'error' : s === 'medium' ? 'warning' : 'note';
}

/** "ssh-password-authentication" → "SshPasswordAuthentication" (SARIF's rule name style). */
function ruleName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

function referenceText(r: Reference): string {
  if (r.guideline) {
    const title = GUIDELINES.find((g) => g.file === r.guideline)?.title ?? r.guideline;
    return `${title} (${r.guideline})${r.section ? `, section "${r.section}"` : ''}`;
  }
  return [r.title, r.url].filter(Boolean).join(' ');
}

function referenceMarkdown(r: Reference): string {
  if (!r.guideline && r.url) return `[${(r.title ?? r.url).replace(/[[\]\\]/g, (c) => `\\${c}`)}](${encodeURI(r.url)})`;
  return referenceText(r).replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}

/** Percent-encodes each segment of a target path ("/etc/a b" → "etc/a%20b"). */
function relativeUri(p: string): string {
  return p
    .split('/')
    .filter(Boolean)
    .map((s) => encodeURIComponent(s))
    .join('/');
}

function rootUri(report: Report): string {
  const root = report.target.kind === 'root-dir' ? report.target.root : '/';
  const href = pathToFileURL(root).href;
  return href.endsWith('/') ? href : `${href}/`;
}

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

interface SarifLocation {
  id?: number;
  physicalLocation: {
    artifactLocation: ArtifactLocation;
    region?: { startLine: number; snippet?: { text: string } };
  };
  logicalLocations?: { name: string; kind: string }[];
  message?: { text: string };
}

/** The audited system as a whole: where a finding that names no file is anchored. */
const WHOLE_TARGET: ArtifactLocation = { uri: '.', uriBaseId: ROOT_BASE_ID };

/** A file inside the target, relative to ROOT; an endpoint, as its URL. */
function artifact(p: string): ArtifactLocation | undefined {
  if (p.startsWith('/')) return { uri: relativeUri(p), uriBaseId: ROOT_BASE_ID };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p) && URL.canParse(p)) return { uri: new URL(p).href };
  return undefined;
}

/**
 * Every location is a physical one (GitHub code scanning rejects a file with a result
 * that has none): evidence that names neither a file nor an endpoint is anchored at the
 * whole target and keeps its name as a logical location.
 */
function location(e: Evidence): SarifLocation | undefined {
  if (!e.path) return undefined;
  const found = artifact(e.path);
  const loc: SarifLocation = { physicalLocation: { artifactLocation: found ?? WHOLE_TARGET } };
  if (found && e.line) loc.physicalLocation.region = { startLine: e.line, ...(e.snippet ? { snippet: { text: redactSecrets(e.snippet) } } : {}) };
  if (!found) loc.logicalLocations = [{ name: e.path, kind: 'resource' }];
  const text = [!(found && e.line) && e.snippet ? redactSecrets(e.snippet) : '', e.note ? redactSecrets(e.note, { prose: true }) : ''].filter(Boolean).join(' — ');
  if (text) loc.message = { text };
  return loc;
}

function locations(f: Finding): { locations: SarifLocation[]; relatedLocations?: SarifLocation[] } {
  const all = f.evidence.map(location).filter((l): l is SarifLocation => l !== undefined);
  if (all.length === 0) return { locations: [{ physicalLocation: { artifactLocation: WHOLE_TARGET } }] };
  if (all.length === 1) return { locations: all };
  return { locations: [all[0]!], relatedLocations: all.slice(1).map((l, i) => ({ id: i + 1, ...l })) };
}

function ruleDescriptor(f: Finding, severity: Severity) {
  const refs = f.references.filter((r) => r.guideline || r.url || r.title);
  const helpText = [`How to fix: ${f.remediation}`, ...(refs.length > 0 ? [`References: ${refs.map(referenceText).join('; ')}`] : [])].join('\n\n');
  const helpMarkdown = [`**How to fix:** ${f.remediation}`, ...(refs.length > 0 ? ['**References:**', refs.map((r) => `- ${referenceMarkdown(r)}`).join('\n')] : [])].join('\n\n');
  return {
    id: f.ruleId,
    name: ruleName(f.ruleId),
    shortDescription: { text: f.title },
    fullDescription: { text: f.rationale },
    help: { text: helpText, markdown: helpMarkdown },
    defaultConfiguration: { level: sarifLevel(severity) },
    properties: { tags: ['security', f.family], 'security-severity': SECURITY_SEVERITY[severity], precision: 'high' },
  };
}

/** Renders the report as a SARIF 2.1.0 log. */
export function renderSarif(report: Report): string {
  const ids = [...new Set(report.findings.map((f) => f.ruleId))].sort();
  const index = new Map(ids.map((id, i) => [id, i]));
  const worst = new Map<string, Finding>();
  for (const f of report.findings) {
    const seen = worst.get(f.ruleId);
    if (!seen || severityRank(f.severity) > severityRank(seen.severity)) worst.set(f.ruleId, f);
  }
  const rules = ids.map((id) => {
    const f = worst.get(id)!;
    return ruleDescriptor(f, f.severity);
  });

  const results = report.findings
    .filter((f) => f.status === 'fail' || f.status === 'waived')
    .map((f) => ({
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId)!,
      kind: 'fail',
      level: sarifLevel(f.severity),
      message: { text: redactSecrets(f.message, { prose: true }) },
      ...locations(f),
      partialFingerprints: { 'garrison/v1': f.fingerprint },
      properties: { severity: f.severity, family: f.family },
      ...(f.waiver
        ? {
            suppressions: [
              {
                kind: 'external',
                status: 'accepted',
                justification: `${redactSecrets(f.waiver.reason, { prose: true })}${f.waiver.expires ? ` (until ${f.waiver.expires})` : ''}`,
              },
            ],
          }
        : {}),
    }));

  const notifications = [
    ...report.findings
      .filter((f) => f.status === 'error')
      .map((f) => ({
        level: 'error',
        message: { text: redactSecrets(f.message, { prose: true }) },
        locations: locations(f).locations,
        associatedRule: { id: f.ruleId, index: index.get(f.ruleId)! },
      })),
    ...report.errors.map((e) => ({
      level: 'error',
      message: { text: redactSecrets(e.message, { prose: true }) },
      descriptor: { id: e.code },
      ...(e.path && artifact(e.path) ? { locations: [{ physicalLocation: { artifactLocation: artifact(e.path)! } }] } : {}),
    })),
  ];

  const start = new Date(report.startedAt);
  const end = Number.isNaN(start.getTime()) ? undefined : new Date(start.getTime() + report.durationMs).toISOString();
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'garrison', version: report.tool.version, rules } },
        invocations: [
          {
            executionSuccessful: report.errors.length === 0,
            startTimeUtc: report.startedAt,
            ...(end ? { endTimeUtc: end } : {}),
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        originalUriBaseIds: {
          [ROOT_BASE_ID]: { uri: rootUri(report), description: { text: report.target.kind === 'root-dir' ? 'The audited root directory.' : 'The root of the audited host.' } },
        },
        results,
        properties: {
          target: { kind: report.target.kind, root: report.target.root, hostname: report.target.hostname, os: report.target.os?.prettyName ?? null },
          ...(report.profile ? { profile: report.profile } : {}),
          score: report.summary.score,
        },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

export const sarifReporter: Reporter = {
  name: 'sarif',
  description: 'SARIF 2.1.0 for GitHub code scanning and other SARIF viewers',
  extension: 'sarif',
  render: renderSarif,
};
