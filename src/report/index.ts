import { htmlReporter } from './html.ts';
import { jsonReporter } from './json.ts';
import { junitReporter } from './junit.ts';
import { markdownReporter } from './markdown.ts';
import type { Reporter } from './reporter.ts';
import { sarifReporter } from './sarif.ts';
import { terminalReporter } from './terminal.ts';

/** Every output format by name (Vitest's ReportersMap is the model). */
export const reporters: Readonly<Record<string, Reporter>> = {
  terminal: terminalReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  junit: junitReporter,
  markdown: markdownReporter,
  html: htmlReporter,
};

export type { Reporter, RenderOptions } from './reporter.ts';
