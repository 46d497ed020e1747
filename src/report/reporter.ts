import type { Report } from '../core/report-schema.ts';

export interface RenderOptions {
  /** Use ANSI colours. */
  color: boolean;
  /** Also list passing and not-applicable checks. */
  verbose: boolean;
  /** Terminal width for wrapping prose. */
  width: number;
}

/** Turns a report into the text of one output format. */
export interface Reporter {
  name: string;
  description: string;
  /** Conventional file extension for --output. */
  extension: string;
  render(report: Report, options: RenderOptions): string;
}
