/**
 * `garrison profiles` (the profiles and how much of each garrison verifies) and
 * `garrison coverage NAME [REPORT]` (recommendation → rules → status, from the report given
 * or else the last audit's).
 */
import pc from 'picocolors';
import { usageError } from '../core/errors.ts';
import type { Report } from '../core/report-schema.ts';
import { loadReport } from '../diff/load.ts';
import { coverageOf, percent, type CoverageStatus } from '../profiles/coverage.ts';
import { automation, findProfile, PROFILES, type Profile } from '../profiles/index.ts';
import { colorEnabled } from './output.ts';
import { describeReport, lastReportPath, loadLastReport } from './state.ts';

export interface ProfilesCliOptions {
  format: string;
}

export interface CoverageCliOptions {
  format: string;
}

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

function statusColor(c: ReturnType<typeof pc.createColors>, s: CoverageStatus): string {
  if (s === 'fail') return c.red(s);
  if (s === 'error') return c.magenta(s);
  if (s === 'pass') return c.green(s);
  return c.dim(s);
}

/**
 * The report to take the statuses from: the one given, else the last audit's. Says on
 * standard error which saved report is used, or that there is none.
 */
function coverageReport(profile: Profile, reportFile: string | undefined): Report | undefined {
  if (reportFile !== undefined) return loadReport(reportFile);
  const last = loadLastReport();
  if (!last) {
    process.stderr.write(
      `garrison: no report given and no audit saved in ${lastReportPath()}: the matrix has no statuses; run \`garrison audit --profile ${profile.name}\` or give a report\n`,
    );
    return undefined;
  }
  process.stderr.write(`garrison: statuses from the last report, ${last.file} (${describeReport(last.report)})\n`);
  return last.report;
}

export function coverageCommand(name: string, reportFile: string | undefined, o: CoverageCliOptions): number {
  const format = checkFormat(o.format);
  const profile = profileOrUsageError(name);
  const report = coverageReport(profile, reportFile);
  if (report?.profile !== undefined && report.profile !== profile.name) {
    process.stderr.write(`garrison: note: the report was run with the profile ${report.profile}: rules of ${profile.name} it did not run show \`not run\`\n`);
  }
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
