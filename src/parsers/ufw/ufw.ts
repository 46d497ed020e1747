/**
 * ufw's settings files, /etc/ufw/ufw.conf (ENABLED, LOGLEVEL) and /etc/default/ufw
 * (DEFAULT_INPUT_POLICY, IPV6, ...): shell variable assignments `NAME=value`, the value
 * optionally in single or double quotes, `#` comments. The same format serves
 * /etc/firewalld/firewalld.conf and /etc/default/slapd. ufw's rules files (user.rules,
 * before.rules, ...) are in iptables-restore format: see ../iptables.
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';
import { splitLines } from '../types.ts';

export interface Assignment {
  value: string;
  source: SourceLine;
}

export interface AssignmentsFile {
  /** The last assignment of each name wins, as when the shell sources the file. */
  values: Map<string, Assignment>;
}

/** Unquotes a shell word made of quoted and unquoted parts; null when a quote is left open. */
function unquote(raw: string): string | null {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const c = raw[i]!;
    if (c === "'") {
      const end = raw.indexOf("'", i + 1);
      if (end < 0) return null;
      out += raw.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      let closed = false;
      while (j < raw.length) {
        if (raw[j] === '\\' && j + 1 < raw.length && '"\\$`'.includes(raw[j + 1]!)) {
          out += raw[j + 1];
          j += 2;
          continue;
        }
        if (raw[j] === '"') {
          closed = true;
          break;
        }
        out += raw[j];
        j++;
      }
      if (!closed) return null;
      i = j + 1;
    } else if (c === '\\' && i + 1 < raw.length) {
      out += raw[i + 1];
      i += 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Where an unquoted `#` (after a blank) starts a comment, or the end. */
function commentStart(s: string): number {
  let quote: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"') i++;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '\\') i++;
    else if (c === '#' && (i === 0 || s[i - 1] === ' ' || s[i - 1] === '\t')) return i;
  }
  return s.length;
}

/** Parses `NAME=value` lines (an optional leading `export`). Never throws. */
export function parseShellAssignments(text: string, file: string): ParseResult<AssignmentsFile> {
  const values = new Map<string, Assignment>();
  const errors: ParseError[] = [];
  splitLines(text).forEach((raw, i) => {
    const lineNo = i + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const line = trimmed.replace(/^export\s+/, '');
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!m) {
      errors.push({ file, line: lineNo, message: 'expected NAME=value' });
      return;
    }
    const rest = m[2]!;
    const word = rest.slice(0, commentStart(rest)).trim();
    const value = unquote(word);
    if (value === null) {
      errors.push({ file, line: lineNo, message: `unterminated quote in the value of ${m[1]}` });
      return;
    }
    values.set(m[1]!, { value, source: { file, line: lineNo, text: raw } });
  });
  return { model: { values }, errors };
}

/** ufw.conf and /etc/default/ufw. */
export const parseUfwConf = parseShellAssignments;

/** "yes"/"no" as ufw reads them (case-insensitive "yes" only). */
export function ufwYes(a: Assignment | undefined): boolean {
  return a !== undefined && a.value.toLowerCase() === 'yes';
}
