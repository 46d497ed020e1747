/**
 * Parser of MySQL / MariaDB option files (my.cnf): `[group]` headers, `name = value` or a
 * bare `name` (boolean true), `#` and `;` comments, quoted values, and the `!include` /
 * `!includedir` directives (resolved by the fact). Option names are normalised the way
 * the server does: dashes and underscores are the same, the `loose-` prefix is dropped.
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';

export interface CnfOption {
  kind: 'option';
  /** Lower-case group name without brackets ("mysqld", "mariadb-10.11"). */
  group: string;
  /** Normalised option name: lower case, "_" for "-", without "loose-". */
  name: string;
  /** The value; null for a bare option (`skip-networking`). */
  value: string | null;
  source: SourceLine;
}

export interface CnfInclude {
  kind: 'include' | 'includedir';
  path: string;
  source: SourceLine;
}

export type CnfEntry = CnfOption | CnfInclude;

export interface CnfFile {
  file: string;
  entries: CnfEntry[];
}

/** Option name as the server compares it. */
export function normalizeOptionName(name: string): string {
  return name.trim().toLowerCase().replace(/-/g, '_').replace(/^loose_/, '');
}

function unquoteValue(raw: string): string {
  const v = raw.trim();
  const q = v[0];
  if ((q === '"' || q === "'") && v.length >= 2) {
    const end = v.indexOf(q, 1);
    if (end > 0) return v.slice(1, end).replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
  }
  // An unquoted value ends at a comment introduced by blank + "#".
  return v.replace(/\s+#.*$/, '').trim();
}

/** Parses one option file. */
export function parseMysqlCnf(text: string, file: string): ParseResult<CnfFile> {
  const errors: ParseError[] = [];
  const entries: CnfEntry[] = [];
  let group: string | null = null;
  text.split('\n').forEach((raw, i) => {
    const lineText = raw.replace(/\r$/, '');
    const line = i + 1;
    const t = lineText.trim();
    if (t === '' || t.startsWith('#') || t.startsWith(';')) return;
    const source: SourceLine = { file, line, text: lineText };
    if (t.startsWith('!')) {
      const m = /^!(includedir|include)\s+(.+)$/.exec(t);
      if (!m) {
        errors.push({ file, line, message: `unknown directive "${t.split(/\s/)[0]}"` });
        return;
      }
      entries.push({ kind: m[1] as 'include' | 'includedir', path: m[2]!.trim(), source });
      return;
    }
    if (t.startsWith('[')) {
      const m = /^\[([^\]]*)\]\s*(?:[#;].*)?$/.exec(t);
      if (!m || m[1]!.trim() === '') {
        errors.push({ file, line, message: `wrong group definition "${t.slice(0, 40)}"` });
        return;
      }
      group = m[1]!.trim().toLowerCase();
      return;
    }
    if (group === null) {
      errors.push({ file, line, message: 'option found outside of any [group]' });
      return;
    }
    const eq = t.indexOf('=');
    if (eq === 0) {
      errors.push({ file, line, message: 'option without a name' });
      return;
    }
    const rawName = eq > 0 ? t.slice(0, eq) : t.replace(/\s+[#;].*$/, '');
    const name = normalizeOptionName(rawName);
    if (!/^[a-z0-9_.@]+$/.test(name)) {
      errors.push({ file, line, message: `invalid option name "${rawName.trim().slice(0, 40)}"` });
      return;
    }
    entries.push({ kind: 'option', group, name, value: eq > 0 ? unquoteValue(t.slice(eq + 1)) : null, source });
  });
  return { model: { file, entries }, errors };
}
