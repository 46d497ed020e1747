/**
 * Parser of postgresql.conf (guc-file.l): `name = value` or `name value`, `#` comments,
 * values as bare words, numbers with units or single-quoted strings ('' and backslash
 * escapes), and the include / include_if_exists / include_dir directives (resolved by the
 * fact). Parameter names are case-insensitive; the last setting wins.
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';

export interface PgConfSetting {
  kind: 'setting';
  /** Lower-case parameter name ("listen_addresses"). */
  name: string;
  value: string;
  source: SourceLine;
}

export interface PgConfInclude {
  kind: 'include' | 'include_if_exists' | 'include_dir';
  path: string;
  source: SourceLine;
}

export type PgConfEntry = PgConfSetting | PgConfInclude;

export interface PgConfFile {
  file: string;
  entries: PgConfEntry[];
}

function unquote(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === "'" && body[i + 1] === "'") {
      out += "'";
      i++;
    } else if (c === '\\' && i + 1 < body.length) {
      const nx = body[++i]!;
      out += nx === 'n' ? '\n' : nx === 't' ? '\t' : nx === 'r' ? '\r' : nx === 'b' ? '\b' : nx === 'f' ? '\f' : nx;
    } else out += c;
  }
  return out;
}

const LINE = /^\s*([A-Za-z_][A-Za-z0-9_$.-]*)\s*(?:=\s*)?(.*)$/;

/** Parses one postgresql.conf file. */
export function parsePostgresqlConf(text: string, file: string): ParseResult<PgConfFile> {
  const errors: ParseError[] = [];
  const entries: PgConfEntry[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const lineText = raw.replace(/\r$/, '');
    const line = i + 1;
    const trimmed = lineText.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const m = LINE.exec(lineText);
    if (!m) {
      errors.push({ file, line, message: `syntax error near "${trimmed.slice(0, 40)}"` });
      return;
    }
    const name = m[1]!.toLowerCase();
    let rest = m[2]!;
    let value: string;
    if (rest.startsWith("'")) {
      const end = /^'((?:[^'\\\n]|''|\\.)*)'/.exec(rest);
      if (!end) {
        errors.push({ file, line, message: `unterminated quoted string for "${name}"` });
        return;
      }
      value = unquote(end[1]!);
      rest = rest.slice(end[0].length);
    } else {
      const word = /^([^\s#']*)/.exec(rest)!;
      value = word[1]!;
      rest = rest.slice(word[0].length);
      if (value === '') {
        errors.push({ file, line, message: `missing value for "${name}"` });
        return;
      }
    }
    const tail = rest.trim();
    if (tail !== '' && !tail.startsWith('#')) {
      errors.push({ file, line, message: `syntax error near "${tail.slice(0, 40)}"` });
      return;
    }
    const source: SourceLine = { file, line, text: lineText };
    if (name === 'include' || name === 'include_if_exists' || name === 'include_dir') {
      entries.push({ kind: name, path: value, source });
    } else {
      entries.push({ kind: 'setting', name, value, source });
    }
  });
  return { model: { file, entries }, errors };
}
