/**
 * os-release(5): shell-compatible KEY=value lines, values optionally quoted with single or
 * double quotes (backslash escapes inside double quotes), comments with #.
 */
import type { ParseResult } from '../types.ts';
import { splitLines } from '../types.ts';
import type { OsRelease } from '../../target/target.ts';

export function parseOsRelease(text: string, file: string): ParseResult<{ fields: Record<string, string>; os: OsRelease }> {
  const fields: Record<string, string> = {};
  const errors: ParseResult<unknown>['errors'] = [];
  splitLines(text).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!m) {
      errors.push({ file, line: i + 1, message: 'expected KEY=value' });
      return;
    }
    let value = m[2]!;
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      value = value.slice(1, -1).replace(/\\(["\\$`])/g, '$1');
    } else if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) {
      value = value.slice(1, -1);
    }
    fields[m[1]!] = value;
  });
  const os: OsRelease = {
    id: fields.ID ?? 'linux',
    idLike: (fields.ID_LIKE ?? '').split(/\s+/).filter(Boolean),
    versionId: fields.VERSION_ID ?? '',
    prettyName: fields.PRETTY_NAME ?? fields.NAME ?? 'Linux',
  };
  return { model: { fields, os }, errors };
}
