/**
 * systemd's INI dialect (systemd.syntax(7)), used by unit files and by daemon
 * configuration files such as coredump.conf and journald.conf:
 *
 * - `[Section]` headers, `Key=value` assignments (whitespace around `=` ignored);
 * - empty lines and lines starting with `#` or `;` are comments;
 * - a line ending in an unescaped backslash continues on the next line, the backslash
 *   becoming a space; comment lines inside a continued line are skipped;
 * - a key may be repeated: for single-value settings the last one wins, for list
 *   settings every assignment appends and an empty assignment (`Key=`) resets the list.
 *
 * The parser keeps every assignment in order with its source line; `lastValue` and
 * `listValue` apply the two merge semantics over one file or a main file and its drop-ins.
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';
import { splitLines } from '../types.ts';

/** One `Key=value` assignment. */
export interface IniEntry {
  section: string;
  key: string;
  value: string;
  /** First physical line of the assignment (continuations are joined into `text`). */
  source: SourceLine;
}

export interface IniFile {
  file: string;
  /** Section names in order of appearance (a section may appear more than once). */
  sections: string[];
  entries: IniEntry[];
}

const MAX_LINE = 1024 * 1024; // systemd's limit on a (joined) line

/** True when `s` ends in a backslash that is not itself escaped. */
function endsWithContinuation(s: string): boolean {
  let n = 0;
  for (let i = s.length - 1; i >= 0 && s[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

/** Parses one systemd-style INI file. Never throws. */
export function parseSystemdIni(text: string, file: string): ParseResult<IniFile> {
  const model: IniFile = { file, sections: [], entries: [] };
  const errors: ParseError[] = [];
  const lines = splitLines(text.startsWith('\uFEFF') ? text.slice(1) : text);
  let section: string | null = null;
  let pending: { text: string; line: number; raw: string } | null = null;

  const handle = (logical: string, lineNo: number, raw: string) => {
    const l = logical.trim();
    if (l === '') return;
    if (l.startsWith('[')) {
      if (!l.endsWith(']') || l.length < 3) {
        errors.push({ file, line: lineNo, message: `invalid section header "${l.slice(0, 80)}"` });
        section = null;
        return;
      }
      section = l.slice(1, -1);
      model.sections.push(section);
      return;
    }
    const eq = l.indexOf('=');
    if (eq === -1) {
      errors.push({ file, line: lineNo, message: `missing "=" in "${l.slice(0, 80)}"` });
      return;
    }
    const key = l.slice(0, eq).trim();
    if (key === '') {
      errors.push({ file, line: lineNo, message: 'assignment without a key' });
      return;
    }
    if (section === null) {
      errors.push({ file, line: lineNo, message: `assignment of "${key.slice(0, 80)}" outside of any section is ignored` });
      return;
    }
    model.entries.push({ section, key, value: l.slice(eq + 1).trim(), source: { file, line: lineNo, text: raw } });
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const stripped = line.trimStart();
    if (stripped.startsWith('#') || stripped.startsWith(';')) continue; // comments, also inside a continuation
    const cont = endsWithContinuation(line);
    const piece = cont ? `${line.slice(0, -1)} ` : line;
    if (pending) {
      pending.text += piece;
      pending.raw += `\n${line}`;
    } else pending = { text: piece, line: i + 1, raw: line };
    if (pending.text.length > MAX_LINE) {
      errors.push({ file, line: pending.line, message: 'line too long (over 1 MiB), ignored' });
      pending = null;
      continue;
    }
    if (!cont) {
      handle(pending.text, pending.line, pending.raw);
      pending = null;
    }
  }
  if (pending) handle(pending.text, pending.line, pending.raw);
  return { model, errors };
}

/**
 * The effective value of a single-value setting over files applied in order (a main
 * file, then its drop-ins): the last assignment wins. An empty value means "back to the
 * default"; `undefined` means the setting is not assigned at all.
 */
export function lastValue(files: readonly IniFile[], section: string, key: string): IniEntry | undefined {
  let found: IniEntry | undefined;
  for (const f of files) for (const e of f.entries) if (e.section === section && e.key === key) found = e;
  return found;
}

/**
 * The effective value of a list setting over files applied in order: every assignment
 * appends, an empty assignment empties the list.
 */
export function listValue(files: readonly IniFile[], section: string, key: string): IniEntry[] {
  let out: IniEntry[] = [];
  for (const f of files)
    for (const e of f.entries) {
      if (e.section !== section || e.key !== key) continue;
      if (e.value === '') out = [];
      else out.push(e);
    }
  return out;
}
