import type { Reporter } from './reporter.ts';
import { ReportSchema } from '../core/report-schema.ts';

/** The report as JSON, checked against the schema before it leaves (docs/report.schema.json). */
export const jsonReporter: Reporter = {
  name: 'json',
  description: 'the full report as JSON (schema: docs/report.schema.json)',
  extension: 'json',
  render(report) {
    return `${JSON.stringify(ReportSchema.parse(report), null, 2)}\n`;
  },
};
