/**
 * /etc/shadow (shadow(5)): `name:password:lastchg:min:max:warn:inactive:expire:reserved`.
 * Dates are days since 1970-01-01; empty numeric fields mean "not set". The password is
 * classified (empty, locked, disabled, hash and its algorithm) and never kept.
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';
import { readColonFile } from '../passwd/colon-file.ts';
import { classifyPassword, type PasswordField } from './password-field.ts';

export interface ShadowEntry {
  name: string;
  password: PasswordField;
  /** Day of the last password change; 0 forces a change at next login. */
  lastChange: number | null;
  minDays: number | null;
  maxDays: number | null;
  warnDays: number | null;
  inactiveDays: number | null;
  /** Day the account expires (shadow-utils: expired when today >= expire > 0). */
  expireDay: number | null;
  /** The line, password field redacted. */
  source: SourceLine;
}

export interface Shadow {
  file: string;
  entries: ShadowEntry[];
}

const NUMERIC = ['lastChange', 'minDays', 'maxDays', 'warnDays', 'inactiveDays', 'expireDay'] as const;

/** Parses a shadow file. Never throws. */
export function parseShadow(text: string, file: string): ParseResult<Shadow> {
  const { records, errors } = readColonFile(text, file, { name: 'shadow', fields: 9, minFields: 2, passwordField: 1 });
  const allErrors: ParseError[] = errors;
  const entries: ShadowEntry[] = [];
  for (const { fields, source } of records) {
    const name = fields[0]!;
    if (name === '') {
      allErrors.push({ file, line: source.line, message: 'shadow entry without a user name: line ignored' });
      continue;
    }
    const entry: ShadowEntry = {
      name,
      password: classifyPassword(fields[1]!, false),
      lastChange: null,
      minDays: null,
      maxDays: null,
      warnDays: null,
      inactiveDays: null,
      expireDay: null,
      source,
    };
    NUMERIC.forEach((key, i) => {
      const f = fields[i + 2]!.trim();
      if (f === '') return;
      if (/^-?\d{1,15}$/.test(f)) entry[key] = Number(f) < 0 ? null : Number(f);
      else allErrors.push({ file, line: source.line, message: `shadow entry "${name}": field ${i + 3} is not a number` });
    });
    entries.push(entry);
  }
  return { model: { file, entries }, errors: allErrors.sort((a, b) => a.line - b.line) };
}
