/**
 * Parser for the `.env` files Docker Compose reads (the project's `.env` for
 * interpolation and the files named by `env_file:`): `KEY=value` lines, optional
 * `export `, single or double quotes, `#` comments.
 */
import type { ParseResult, SourceLine } from '../types.ts';
import { splitLines } from '../types.ts';

export interface EnvAssignment {
  name: string;
  value: string;
  source: SourceLine;
}

export interface EnvFileModel {
  vars: EnvAssignment[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function unquote(raw: string): string {
  const v = raw.trim();
  const q = v[0];
  if ((q === '"' || q === "'") && v.length >= 2) {
    const end = v.indexOf(q, 1);
    if (end !== -1) return v.slice(1, end);
  }
  const hash = v.search(/\s#/);
  return (hash === -1 ? v : v.slice(0, hash)).trim();
}

/** Parses an env file. Lines that are not assignments are reported as errors. */
export function parseEnvFile(text: string, file: string): ParseResult<EnvFileModel> {
  const model: EnvFileModel = { vars: [] };
  const errors: ParseResult<EnvFileModel>['errors'] = [];
  splitLines(text).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const body = line.startsWith('export ') ? line.slice(7).trim() : line;
    const eq = body.indexOf('=');
    const name = (eq === -1 ? body : body.slice(0, eq)).trim();
    if (!NAME.test(name)) {
      errors.push({ file, line: i + 1, message: 'not a KEY=value assignment' });
      return;
    }
    // A bare name passes the variable through from the environment: no value here.
    if (eq === -1) return;
    model.vars.push({ name, value: unquote(body.slice(eq + 1)), source: { file, line: i + 1, text: raw } });
  });
  return { model, errors };
}
