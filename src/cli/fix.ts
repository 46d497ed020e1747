/**
 * `garrison fix [REPORT.json] --format sh|ansible`: writes a remediation script for the failing
 * findings of a report (by default the last audit's) that have a safe mechanical fix.
 * garrison never runs it.
 */
import { usageError } from '../core/errors.ts';
import type { Report } from '../core/report-schema.ts';
import { loadReport } from '../diff/load.ts';
import { planFixes } from '../fix/fixes.ts';
import { renderAnsible, renderSh } from '../fix/render.ts';
import { EXIT } from './options.ts';
import { writeOutput } from './output.ts';
import { describeReport, lastReportPath, loadLastReport } from './state.ts';

export interface FixCliOptions {
  format: string;
  output?: string;
}

/** The report given, else the last audit's; a usage error when there is neither. */
function fixReport(reportFile: string | undefined): { file: string; report: Report } {
  if (reportFile !== undefined) return { file: reportFile, report: loadReport(reportFile) };
  const last = loadLastReport();
  if (!last) throw usageError(`no report given and no audit saved in ${lastReportPath()}: run \`garrison audit\` first, or give a report written by \`garrison audit --format json\``);
  process.stderr.write(`garrison: fixing the last report, ${last.file} (${describeReport(last.report)})\n`);
  return last;
}

export function fixCommand(reportArg: string | undefined, o: FixCliOptions): number {
  if (o.format !== 'sh' && o.format !== 'ansible') throw usageError(`unknown --format "${o.format}": use sh or ansible`);
  const { file: reportFile, report } = fixReport(reportArg);
  const plans = planFixes(report.findings);
  const text = o.format === 'sh' ? renderSh(report, reportFile, plans) : renderAnsible(report, reportFile, plans);
  writeOutput(text, o.output);
  const fixed = plans.filter((p) => 'actions' in p.result).length;
  const failing = report.findings.filter((f) => f.status === 'fail').length;
  process.stderr.write(
    `garrison: ${fixed} of ${failing} failing findings have a mechanical fix (${plans.length - fixed} skipped, see the comments)` +
      `${o.output !== undefined && o.output !== '-' ? `; written to ${o.output}` : ''}; review it before running it\n`,
  );
  return EXIT.OK;
}
