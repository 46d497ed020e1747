/**
 * fail2ban's configuration files (jail.conf(5)): Python ConfigParser syntax as fail2ban
 * sets it up (SafeConfigParserWithIncludes):
 *
 * - `[section]` headers (names are case-sensitive, `[DEFAULT]` supplies defaults);
 * - `name = value` or `name: value`; option names are lower-cased;
 * - lines starting with `#` or `;` (indented or not) are comments; `;` after a blank
 *   starts an inline comment, `#` does not;
 * - a line indented deeper than its option continues the value (joined with a newline);
 * - a line without `=`/`:` inside a section, or an option before any section, is an error
 *   (fail2ban refuses to start).
 *
 * `[INCLUDES]` with `before`/`after` is returned as an ordinary section; the fact resolves it.
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';
import { splitLines } from '../types.ts';

export interface Fail2banOption {
  section: string;
  /** Lower-case option name. */
  name: string;
  /** Value with continuation lines joined by "\n" and inline `;` comments removed. */
  value: string;
  source: SourceLine;
}

export interface Fail2banSection {
  name: string;
  /** The `[name]` header line. */
  source: SourceLine;
}

export interface Fail2banFile {
  file: string;
  /** Section headers in order of appearance (a name may appear more than once). */
  sections: Fail2banSection[];
  options: Fail2banOption[];
}

/** Strips an inline `;` comment: a `;` preceded by whitespace starts it. */
function stripInline(value: string): string {
  for (let i = 1; i < value.length; i++) if (value[i] === ';' && /\s/.test(value[i - 1]!)) return value.slice(0, i);
  return value;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** Parses one fail2ban .conf/.local file. Never throws. */
export function parseFail2ban(text: string, file: string): ParseResult<Fail2banFile> {
  const model: Fail2banFile = { file, sections: [], options: [] };
  const errors: ParseError[] = [];
  const lines = splitLines(text.startsWith('\uFEFF') ? text.slice(1) : text);
  let section: string | null = null;
  let current: { opt: Fail2banOption; indent: number } | null = null;

  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const trimmed = raw.trim();
    if (trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    const value = stripInline(raw).trim();
    if (value === '') return;
    const indent = indentOf(raw);
    if (current && indent > current.indent) {
      current.opt.value = current.opt.value === '' ? value : `${current.opt.value}\n${value}`;
      return;
    }
    current = null;
    const header = /^\[(.+)\]/.exec(value);
    if (header) {
      section = header[1]!;
      model.sections.push({ name: section, source: { file, line: lineNo, text: raw } });
      return;
    }
    if (section === null) {
      errors.push({ file, line: lineNo, message: 'option outside of any [section]' });
      return;
    }
    const m = /^(.*?)\s*(=|:)\s*(.*)$/.exec(value);
    if (!m || m[1]!.trim() === '') {
      errors.push({ file, line: lineNo, message: `expected "name = value", got "${value.slice(0, 80)}"` });
      return;
    }
    const opt: Fail2banOption = { section, name: m[1]!.trim().toLowerCase(), value: m[3]!, source: { file, line: lineNo, text: raw } };
    model.options.push(opt);
    current = { opt, indent };
  });
  return { model, errors };
}

/** fail2ban's reading of a boolean option ("true", "yes", "on", "1"). */
export function fail2banBool(value: string): boolean {
  return /^(1|on|true|yes)$/i.test(value.trim());
}
