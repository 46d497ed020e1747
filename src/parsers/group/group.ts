/**
 * /etc/group (group(5)): `name:password:gid:member,member,...`. Users whose primary gid
 * is a group's gid are members too, but only passwd says so: see the accounts fact.
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';
import { parseId, parseMemberList, readColonFile } from '../passwd/colon-file.ts';
import { classifyPassword, type PasswordField } from '../shadow/password-field.ts';

export interface GroupEntry {
  name: string;
  /** `x`: see gshadow. Never kept as text. */
  password: PasswordField;
  gid: number;
  /** Supplementary members listed on the line. */
  members: string[];
  /** The line, password field redacted. */
  source: SourceLine;
}

export interface Group {
  file: string;
  /** In file order, duplicates included. */
  entries: GroupEntry[];
}

/** Parses a group file. Never throws. */
export function parseGroup(text: string, file: string): ParseResult<Group> {
  const { records, errors } = readColonFile(text, file, { name: 'group', fields: 4, minFields: 3, passwordField: 1 });
  const allErrors: ParseError[] = errors;
  const entries: GroupEntry[] = [];
  for (const { fields, source } of records) {
    const [name, password, gidField, members] = fields as [string, string, string, string];
    const gid = parseId(gidField);
    if (name === '') {
      allErrors.push({ file, line: source.line, message: 'group entry without a name: line ignored' });
      continue;
    }
    if (gid === null) {
      allErrors.push({ file, line: source.line, message: `group entry "${name}" has an invalid gid: line ignored` });
      continue;
    }
    entries.push({ name, password: classifyPassword(password, true), gid, members: parseMemberList(members), source });
  }
  return { model: { file, entries }, errors: allErrors.sort((a, b) => a.line - b.line) };
}
