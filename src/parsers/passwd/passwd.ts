/**
 * /etc/passwd (passwd(5)): `name:password:uid:gid:gecos:home:shell`, one account per line.
 * A line the C library would refuse (too few fields, a uid or gid that is not a number)
 * is reported and left out, as it is for every program on the host.
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';
import { classifyPassword, type PasswordField } from '../shadow/password-field.ts';
import { parseId, readColonFile } from './colon-file.ts';

export interface PasswdEntry {
  name: string;
  /** The second field, classified (`x`: see shadow). The field itself is never kept. */
  password: PasswordField;
  uid: number;
  gid: number;
  gecos: string;
  home: string;
  /** As written; empty means /bin/sh to login(1) and sshd. */
  shell: string;
  /** The line, password field redacted. */
  source: SourceLine;
}

export interface Passwd {
  file: string;
  /** In file order, duplicates included. */
  entries: PasswdEntry[];
}

/** Parses a passwd file. Never throws. */
export function parsePasswd(text: string, file: string): ParseResult<Passwd> {
  const { records, errors } = readColonFile(text, file, { name: 'passwd', fields: 7, minFields: 7, passwordField: 1 });
  const entries: PasswdEntry[] = [];
  const allErrors: ParseError[] = errors;
  for (const { fields, source } of records) {
    const [name, password, uidField, gidField, gecos, home, shell] = fields as [string, string, string, string, string, string, string];
    const uid = parseId(uidField);
    const gid = parseId(gidField);
    if (name === '') {
      allErrors.push({ file, line: source.line, message: 'passwd entry without a user name: line ignored' });
      continue;
    }
    if (uid === null || gid === null) {
      allErrors.push({ file, line: source.line, message: `passwd entry "${name}" has an invalid ${uid === null ? 'uid' : 'gid'}: line ignored` });
      continue;
    }
    entries.push({ name, password: classifyPassword(password, true), uid, gid, gecos, home, shell, source });
  }
  return { model: { file, entries }, errors: allErrors.sort((a, b) => a.line - b.line) };
}
