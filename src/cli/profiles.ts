/**
 * `garrison profiles` (the profiles and how much of each garrison verifies) and
 * `garrison coverage NAME [REPORT]` (recommendation → rules → status).
 */
import pc from 'picocolors';
import { usageError } from '../core/errors.ts';
import type { Finding, Report } from '../core/report-schema.ts';
import { loadReport } from '../diff/load.ts';
import { automation, findProfile, isAutomated, PROFILES, type Profile, type ProfileItem } from '../profiles/index.ts';
import { colorEnabled } from './output.ts';

export interface ProfilesCliOptions {
  format: string;
}

export interface CoverageCliOptions {
  format: string;
}

/** Status of a rule or a recommendation in a report, worst first. */
const STATUS_ORDER = ['fail', 'error', 'waived', 'pass', 'skip', 'not run'] as const;
export type CoverageStatus = (typeof STATUS_ORDER)[number];

const percent = (share: number): string => `${Math.round(share * 1000) / 10}%`;

function checkFormat(format: string): 'terminal' | 'json' {
  if (format !== 'terminal' && format !== 'json') throw usageError(`unknown --format "${format}": use terminal or json`);
  return format;
}

/** The profile called `name`, or a usage error listing the names. */
export function profileOrUsageError(name: string): Profile {
  const profile = findProfile(name);
  if (!profile) throw usageError(`unknown profile "${name}": use one of ${PROFILES.map((p) => p.name).join(', ')} (see \`garrison profiles\`)`);
  return profile;
}

export function profilesCommand(o: ProfilesCliOptions): number {
  const format = checkFormat(o.format);
  const rows = PROFILES.map((p) => ({ name: p.name, title: p.title, guideline: p.guideline, ...automation(p) }));
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const c = pc.createColors(colorEnabled(true, process.stdout));
  process.stdout.write(`${c.bold(`${'profile'.padEnd(10)} ${'items'.padStart(5)} ${'manual'.padStart(6)} ${'automated'.padStart(9)} ${'of checkable'.padStart(12)}  title`)}\n`);
  for (const r of rows) {
    process.stdout.write(
      `${r.name.padEnd(10)} ${String(r.items).padStart(5)} ${String(r.manual).padStart(6)} ${percent(r.share).padStart(9)} ${percent(r.checkableShare).padStart(12)}  ${r.title}\n`,
    );
  }
  process.stdout.write('\n`garrison coverage NAME` shows which rules verify each recommendation; `garrison audit --profile NAME` runs them.\n');
  return 0;
}

/** The status of one rule in a report: the worst status among its findings. */
export function ruleStatus(findings: readonly Finding[], ruleId: string): CoverageStatus {
  const seen = new Set<string>(findings.filter((f) => f.ruleId === ruleId).map((f) => f.status));
  return STATUS_ORDER.find((s) => seen.has(s)) ?? 'not run';
}

export interface CoverageRow {
  id: string;
  section: string;
  text: string;
  rules: { id: string; status?: CoverageStatus }[];
  manual?: string;
  /** automated, manual, or not automated (checkable but no rule yet). */
  kind: 'automated' | 'manual' | 'not automated';
  /** With a report: the worst status of the item's rules. */
  status?: CoverageStatus;
}

function coverageRow(item: ProfileItem, report: Report | undefined): CoverageRow {
  const rules = (item.rules ?? []).map((id) => (report ? { id, status: ruleStatus(report.findings, id) } : { id }));
  const kind = item.manual !== undefined ? 'manual' : isAutomated(item) ? 'automated' : 'not automated';
  const row: CoverageRow = { id: item.id, section: item.section, text: item.text, rules, kind };
  if (item.manual !== undefined) row.manual = item.manual;
  if (report && kind === 'automated') {
    const statuses = new Set(rules.map((r) => r.status));
    row.status = STATUS_ORDER.find((s) => statuses.has(s)) ?? 'not run';
  }
  return row;
}

/** The coverage matrix of a profile, with statuses when a report is given. */
export function coverageOf(profile: Profile, report?: Report) {
  return {
    profile: profile.name,
    title: profile.title,
    ...(profile.guideline ? { guideline: profile.guideline } : {}),
    ...(report ? { report: { target: report.target.root, hostname: report.target.hostname, startedAt: report.startedAt, profile: report.profile } } : {}),
    ...automation(profile),
    matrix: profile.items.map((i) => coverageRow(i, report)),
  };
}

function statusColor(c: ReturnType<typeof pc.createColors>, s: CoverageStatus): string {
  if (s === 'fail') return c.red(s);
  if (s === 'error') return c.magenta(s);
  if (s === 'pass') return c.green(s);
  return c.dim(s);
}

export function coverageCommand(name: string, reportFile: string | undefined, o: CoverageCliOptions): number {
  const format = checkFormat(o.format);
  const profile = profileOrUsageError(name);
  const report = reportFile === undefined ? undefined : loadReport(reportFile);
  const cov = coverageOf(profile, report);
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(cov, null, 2)}\n`);
    return 0;
  }
  const c = pc.createColors(colorEnabled(true, process.stdout));
  const out: string[] = [c.bold(`${cov.title} [${cov.profile}]`)];
  if (cov.guideline) out.push(c.dim(`guideline: ${cov.guideline}`));
  if (report) out.push(c.dim(`report: ${report.target.hostname} ${report.target.root} ${report.startedAt}${report.profile ? ` (profile ${report.profile})` : ''}`));
  let section = '';
  for (const row of cov.matrix) {
    if (row.section !== section) {
      section = row.section;
      out.push('', c.bold(section));
    }
    const status = row.status ? ` ${statusColor(c, row.status)}` : '';
    out.push(`  ${row.id}${status}: ${row.text}`);
    if (row.kind === 'manual') out.push(c.dim(`      manual: ${row.manual}`));
    else if (row.kind === 'not automated') out.push(c.yellow('      not automated yet'));
    else for (const r of row.rules) out.push(`      ${r.id}${r.status ? ` ${statusColor(c, r.status)}` : ''}`);
  }
  out.push(
    '',
    `${cov.automated} of ${cov.items} recommendations automated (${percent(cov.share)}); ${cov.manual} manual; ` +
      `${percent(cov.checkableShare)} of the ${cov.items - cov.manual} checkable ones.`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
