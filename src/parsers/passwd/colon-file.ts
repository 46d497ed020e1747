/**
 * The line structure shared by passwd, shadow, group and gshadow: one record per line,
 * fields separated by `:`. Like glibc's nss_files, leading blanks are skipped, and empty
 * lines and lines starting with `#` are ignored. Lines starting with `+` or `-` are NIS
 * compat entries (nsswitch `compat`), not local accounts, and are left out.
 */
import type { ParseError, SourceLine } from '../types.ts';
import { splitLines } from '../types.ts';
import { displayPasswordField } from '../shadow/password-field.ts';

export interface ColonRecord {
  /** Exactly `fields` entries; missing trailing fields are empty strings. */
  fields: string[];
  /** The line, with the password field redacted so that it can be quoted safely. */
  source: SourceLine;
}

export interface ColonFileFormat {
  /** Name of the format in messages ("passwd"). */
  name: string;
  /** Fields of a complete line. */
  fields: number;
  /** A line with fewer fields is refused (the C library skips it). */
  minFields: number;
  /** Index of the password field. */
  passwordField: number;
}

/** Splits a colon-separated account file into records. Never throws. */
export function readColonFile(text: string, file: string, format: ColonFileFormat): { records: ColonRecord[]; errors: ParseError[] } {
  const records: ColonRecord[] = [];
  const errors: ParseError[] = [];
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/^[ \t]+/, '');
    if (line === '' || line.startsWith('#') || line.startsWith('+') || line.startsWith('-')) continue;
    const fields = line.split(':');
    const shown = fields.slice();
    if (shown.length > format.passwordField) shown[format.passwordField] = displayPasswordField(shown[format.passwordField]!);
    const source: SourceLine = { file, line: i + 1, text: shown.join(':') };
    if (fields.length < format.minFields) {
      errors.push({ file, line: i + 1, message: `${format.name} entry has ${fields.length} field(s), needs ${format.fields}: line ignored` });
      continue;
    }
    if (fields.length !== format.fields) {
      errors.push({ file, line: i + 1, message: `${format.name} entry has ${fields.length} fields instead of ${format.fields}` });
    }
    while (fields.length < format.fields) fields.push('');
    records.push({ fields: fields.slice(0, format.fields), source });
  }
  return { records, errors };
}

/** A uid or gid field: decimal digits within 32 bits, else null. */
export function parseId(field: string): number | null {
  if (!/^\d{1,10}$/.test(field)) return null;
  const n = Number(field);
  return n <= 0xffffffff ? n : null;
}

/** A comma-separated member list (`a,b,c`), empty names dropped. */
export function parseMemberList(field: string): string[] {
  return field.split(',').map((s) => s.trim()).filter((s) => s !== '');
}
