import type { Report } from '../core/report-schema.ts';
import { severityRank, isSeverity } from '../core/severity.ts';
import { usageError } from '../core/errors.ts';
import { reporters } from '../report/index.ts';
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

export function validateReportOptions(o: ReportCliOptions): void {
  if (!reporters[o.format]) throw usageError(`unknown --format "${o.format}": use one of ${Object.keys(reporters).join(', ')}`);
  if (o.failOn !== 'none' && !isSeverity(o.failOn)) throw usageError(`unknown --fail-on "${o.failOn}": use info, low, medium, high, critical or none`);
}

/** The exit code for a report: 1 when a failure at or above the threshold exists. */
export function exitCodeFor(report: Report, failOn: string): number {
  if (failOn === 'none') return EXIT.OK;
  const threshold = severityRank(failOn as Parameters<typeof severityRank>[0]);
  return report.findings.some((f) => f.status === 'fail' && severityRank(f.severity) >= threshold) ? EXIT.FINDINGS : EXIT.OK;
}

/** Renders the report in the chosen format, writes it out, and returns the exit code. */
export function emitReport(report: Report, o: ReportCliOptions): number {
  const reporter = reporters[o.format]!;
  const toFile = o.output !== undefined && o.output !== '-';
  const text = reporter.render(report, {
    color: !toFile && colorEnabled(o.color, process.stdout),
    verbose: Boolean(o.verbose),
    width: terminalWidth(),
  });
  writeOutput(text, o.output);
  if (toFile) process.stderr.write(`garrison: report written to ${o.output}\n`);
  return exitCodeFor(report, o.failOn);
}
