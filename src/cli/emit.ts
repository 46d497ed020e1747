import * as path from 'node:path';
import type { Report } from '../core/report-schema.ts';
import { severityRank, isSeverity } from '../core/severity.ts';
import { usageError } from '../core/errors.ts';
import type { Profile } from '../profiles/types.ts';
import type { CoverageRenderOptions } from '../profiles/coverage.ts';
import { reporters, type RenderOptions } from '../report/index.ts';
import { EXIT } from './options.ts';
import { colorEnabled, terminalWidth, writeOutput } from './output.ts';

/** The options every command that produces a report shares. */
export interface ReportCliOptions {
  format: string;
  output?: string;
  failOn: string;
  verbose?: boolean;
  color: boolean;
}

/** One report to write: a format and its file (undefined: standard output). */
export interface OutputTarget {
  format: string;
  file?: string;
}

/**
 * The outputs asked for: `--format` is a comma-separated list of FORMAT or FORMAT:FILE;
 * `--output FILE` is the file of the one format that names none. At most one format may
 * go to standard output, and no two to the same file.
 */
export function parseOutputs(o: Pick<ReportCliOptions, 'format' | 'output'>): OutputTarget[] {
  const items = o.format
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw usageError(`--format expects FORMAT or FORMAT:FILE (formats: ${Object.keys(reporters).join(', ')})`);
  const targets: OutputTarget[] = items.map((item) => {
    const colon = item.indexOf(':');
    const format = colon < 0 ? item : item.slice(0, colon);
    const file = colon < 0 ? undefined : item.slice(colon + 1);
    if (!reporters[format]) throw usageError(`unknown --format "${format}": use one of ${Object.keys(reporters).join(', ')}`);
    if (file === '') throw usageError(`--format ${item}: give a file name after the colon, e.g. ${format}:garrison.${reporters[format].extension}`);
    return { format, file };
  });
  const unnamed = targets.filter((t) => t.file === undefined);
  if (o.output !== undefined) {
    if (unnamed.length !== 1) {
      throw usageError(
        unnamed.length === 0
          ? `--output ${o.output}: every format already names its own file`
          : `--output names one file but ${unnamed.length} formats have none: give each its own, e.g. --format ${unnamed.map((t) => `${t.format}:garrison.${reporters[t.format]!.extension}`).join(',')}`,
      );
    }
    unnamed[0]!.file = o.output;
  }
  for (const t of targets) if (t.file === '-') t.file = undefined;
  const toStdout = targets.filter((t) => t.file === undefined);
  if (toStdout.length > 1) throw usageError(`only one format can go to standard output, not ${toStdout.map((t) => t.format).join(' and ')}: give the others a file, e.g. ${toStdout[1]!.format}:garrison.${reporters[toStdout[1]!.format]!.extension}`);
  const seen = new Set<string>();
  for (const t of targets) {
    if (t.file === undefined) continue;
    const resolved = path.resolve(t.file);
    if (seen.has(resolved)) throw usageError(`two formats would be written to ${t.file}: give each its own file`);
    seen.add(resolved);
  }
  return targets;
}

export function validateReportOptions(o: ReportCliOptions): void {
  parseOutputs(o);
  if (o.failOn !== 'none' && !isSeverity(o.failOn)) throw usageError(`unknown --fail-on "${o.failOn}": use info, low, medium, high, critical or none`);
}

/** The exit code for a report: 1 when a failure at or above the threshold exists. */
export function exitCodeFor(report: Report, failOn: string): number {
  if (failOn === 'none') return EXIT.OK;
  const threshold = severityRank(failOn as Parameters<typeof severityRank>[0]);
  return report.findings.some((f) => f.status === 'fail' && severityRank(f.severity) >= threshold) ? EXIT.FINDINGS : EXIT.OK;
}

/**
 * Renders the report in each chosen format, writes each out, and returns the exit code.
 * `profile` is the profile the report was run with, for the formats that show its coverage.
 */
export function emitReport(report: Report, o: ReportCliOptions, profile?: Profile): number {
  const rendered = parseOutputs(o).map((t) => {
    const options: RenderOptions & CoverageRenderOptions = {
      color: t.file === undefined && colorEnabled(o.color, process.stdout),
      verbose: Boolean(o.verbose),
      width: terminalWidth(),
      ...(profile ? { profile } : {}),
    };
    return { file: t.file, text: reporters[t.format]!.render(report, options) };
  });
  for (const r of rendered) {
    writeOutput(r.text, r.file);
    if (r.file !== undefined) process.stderr.write(`garrison: report written to ${r.file}\n`);
  }
  return exitCodeFor(report, o.failOn);
}
