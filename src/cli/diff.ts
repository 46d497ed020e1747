/**
 * `garrison diff OLD.json NEW.json`: what changed between two reports. The exit code lets CI
 * fail only on new failures (--fail-on-new).
 */
import { usageError } from '../core/errors.ts';
import { isSeverity, SEVERITIES, severityRank } from '../core/severity.ts';
import { diffReports } from '../diff/diff.ts';
import { loadReport } from '../diff/load.ts';
import type { Diff } from '../diff/schema.ts';
import { renderDiffTerminal } from '../diff/terminal.ts';
import { EXIT } from './options.ts';
import { colorEnabled, terminalWidth, writeOutput } from './output.ts';

export interface DiffCliOptions {
  format: string;
  output?: string;
  failOnNew?: boolean;
  failOn: string;
  verbose?: boolean;
  color: boolean;
}

/** 1 when --fail-on-new is given and a new failure is at or above --fail-on, else 0. */
export function diffExitCode(d: Diff, failOnNew: boolean, failOn: string): number {
  if (!failOnNew || failOn === 'none' || !isSeverity(failOn)) return EXIT.OK;
  const threshold = severityRank(failOn);
  return SEVERITIES.some((s) => severityRank(s) >= threshold && d.summary.newBySeverity[s] > 0) ? EXIT.FINDINGS : EXIT.OK;
}

export function diffCommand(oldFile: string, newFile: string, o: DiffCliOptions): number {
  if (o.format !== 'terminal' && o.format !== 'json') throw usageError(`unknown --format "${o.format}": use terminal or json`);
  if (o.failOn !== 'none' && !isSeverity(o.failOn)) throw usageError(`unknown --fail-on "${o.failOn}": use info, low, medium, high, critical or none`);
  const before = { file: oldFile, report: loadReport(oldFile) };
  const after = { file: newFile, report: loadReport(newFile) };
  const d = diffReports(before, after);
  for (const w of d.warnings) process.stderr.write(`garrison: warning: ${w}\n`);
  const toFile = o.output !== undefined && o.output !== '-';
  const text =
    o.format === 'json'
      ? `${JSON.stringify(d, null, 2)}\n`
      : renderDiffTerminal(d, { color: !toFile && colorEnabled(o.color, process.stdout), verbose: Boolean(o.verbose), width: terminalWidth() });
  writeOutput(text, o.output);
  if (toFile) process.stderr.write(`garrison: diff written to ${o.output}\n`);
  return diffExitCode(d, Boolean(o.failOnNew), o.failOn);
}
