import type { Reporter } from './reporter.ts';

/**
 * The report as JSON. Its shape is the schema in docs/report.schema.json, generated from
 * the same types the engine builds reports with (and checked against real reports by tests).
 */
export const jsonReporter: Reporter = {
  name: 'json',
  description: 'the full report as JSON (schema: docs/report.schema.json)',
  extension: 'json',
  render(report) {
    return `${JSON.stringify(report, null, 2)}\n`;
  },
};
