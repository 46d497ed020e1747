import { jsonReporter } from './json.ts';
import type { Reporter } from './reporter.ts';
import { terminalReporter } from './terminal.ts';

/** Every output format by name (Vitest's ReportersMap is the model). */
export const reporters: Readonly<Record<string, Reporter>> = {
  terminal: terminalReporter,
  json: jsonReporter,
};

export type { Reporter, RenderOptions } from './reporter.ts';
