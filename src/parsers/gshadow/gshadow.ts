/**
 * /etc/gshadow (gshadow(5)): `name:password:administrators:members`. Group administrators
 * may change the group's password and members with gpasswd(1).
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';
import { parseMemberList, readColonFile } from '../passwd/colon-file.ts';
import { classifyPassword, type PasswordField } from '../shadow/password-field.ts';

export interface GshadowEntry {
  name: string;
  password: PasswordField;
  administrators: string[];
  members: string[];
  /** The line, password field redacted. */
  source: SourceLine;
}

export interface Gshadow {
  file: string;
  entries: GshadowEntry[];
}

/** Parses a gshadow file. Never throws. */
export function parseGshadow(text: string, file: string): ParseResult<Gshadow> {
  const { records, errors } = readColonFile(text, file, { name: 'gshadow', fields: 4, minFields: 2, passwordField: 1 });
  const allErrors: ParseError[] = errors;
  const entries: GshadowEntry[] = [];
  for (const { fields, source } of records) {
    const [name, password, admins, members] = fields as [string, string, string, string];
    if (name === '') {
      allErrors.push({ file, line: source.line, message: 'gshadow entry without a name: line ignored' });
      continue;
    }
    entries.push({
      name,
      password: classifyPassword(password, false),
      administrators: parseMemberList(admins),
      members: parseMemberList(members),
      source,
    });
  }
  return { model: { file, entries }, errors: allErrors.sort((a, b) => a.line - b.line) };
}
