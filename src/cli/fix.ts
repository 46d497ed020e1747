/**
 * `garrison fix REPORT.json --format sh|ansible`: writes a remediation script for the failing
 * findings of a report that have a safe mechanical fix. garrison never runs it.
 */
import { usageError } from '../core/errors.ts';
import { loadReport } from '../diff/load.ts';
import { planFixes } from '../fix/fixes.ts';
import { renderAnsible, renderSh } from '../fix/render.ts';
import { EXIT } from './options.ts';
import { writeOutput } from './output.ts';

export interface FixCliOptions {
  format: string;
  output?: string;
}

export function fixCommand(reportFile: string, o: FixCliOptions): number {
  if (o.format !== 'sh' && o.format !== 'ansible') throw usageError(`unknown --format "${o.format}": use sh or ansible`);
  const report = loadReport(reportFile);
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
