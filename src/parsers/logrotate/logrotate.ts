/**
 * Parser for logrotate configuration (logrotate(8)): global directives, `include`, and
 * stanzas `pattern [pattern...] { directives }` whose patterns may span several lines and
 * be quoted; `prerotate`/`postrotate`/`firstaction`/`lastaction`/`preremove` scripts run
 * to `endscript` and are skipped. The caller resolves includes and defaults.
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';
import { splitLines } from '../types.ts';

export interface LogrotateDirective {
  /** Lower-cased directive name ("rotate", "weekly", "create", "su", ...). */
  name: string;
  args: string[];
  source: SourceLine;
}

export interface LogrotateStanza {
  /** File patterns (globs) the stanza applies to. */
  patterns: string[];
  directives: LogrotateDirective[];
  /** The line where the stanza's first pattern is. */
  source: SourceLine;
}

export type LogrotateItem =
  | { kind: 'directive'; directive: LogrotateDirective }
  | { kind: 'include'; path: string; source: SourceLine }
  | { kind: 'stanza'; stanza: LogrotateStanza };

export interface LogrotateModel {
  items: LogrotateItem[];
}

const SCRIPTS = new Set(['prerotate', 'postrotate', 'firstaction', 'lastaction', 'preremove']);

/** Splits a line into words, honouring double and single quotes. */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

function isPatternLine(line: string): boolean {
  return /^["'/~]/.test(line) || /^[^\s]*[*?[]/.test(line);
}

/** Parses one logrotate configuration file. Never throws. */
export function parseLogrotate(text: string, file: string): ParseResult<LogrotateModel> {
  const items: LogrotateItem[] = [];
  const errors: ParseError[] = [];
  const lines = splitLines(text);
  let pending: { patterns: string[]; line: number } | null = null;
  let stanza: LogrotateStanza | null = null;
  let script: { name: string; line: number } | null = null;
  const src = (i: number): SourceLine => ({ file, line: i + 1, text: lines[i] ?? '' });

  const openStanza = (i: number) => {
    stanza = { patterns: pending?.patterns ?? [], directives: [], source: src((pending?.line ?? i + 1) - 1) };
    if (stanza.patterns.length === 0) errors.push({ file, line: i + 1, message: '"{" without a log file pattern' });
    pending = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (script) {
      if (/^endscript\b/.test(line)) script = null;
      continue;
    }
    if (line === '' || line.startsWith('#')) continue;
    const current = stanza as LogrotateStanza | null;
    if (current) {
      if (line === '}' || line.startsWith('}')) {
        items.push({ kind: 'stanza', stanza: current });
        stanza = null;
        continue;
      }
      const [name = '', ...args] = words(line);
      const lname = name.toLowerCase();
      if (SCRIPTS.has(lname)) {
        script = { name: lname, line: i + 1 };
        continue;
      }
      if (line.includes('{')) {
        errors.push({ file, line: i + 1, message: 'nested "{" inside a stanza' });
        continue;
      }
      current.directives.push({ name: lname, args, source: src(i) });
      continue;
    }
    if (pending !== null || isPatternLine(line) || line.startsWith('{')) {
      const brace = line.indexOf('{');
      const head = brace === -1 ? line : line.slice(0, brace);
      const pats = words(head);
      if (pending === null) pending = { patterns: [], line: i + 1 };
      pending.patterns.push(...pats);
      if (brace !== -1) {
        openStanza(i);
        const rest = line.slice(brace + 1).trim();
        if (rest === '}') {
          items.push({ kind: 'stanza', stanza: stanza! });
          stanza = null;
        } else if (rest !== '') errors.push({ file, line: i + 1, message: 'text after "{"' });
      }
      continue;
    }
    const [name = '', ...args] = words(line);
    const lname = name.toLowerCase();
    if (lname === 'include') {
      if (args[0] === undefined) errors.push({ file, line: i + 1, message: 'include needs a path' });
      else items.push({ kind: 'include', path: args[0], source: src(i) });
      continue;
    }
    if (line.startsWith('}')) {
      errors.push({ file, line: i + 1, message: 'unexpected "}"' });
      continue;
    }
    items.push({ kind: 'directive', directive: { name: lname, args, source: src(i) } });
  }
  if (script) errors.push({ file, line: (script as { line: number }).line, message: 'script without "endscript"' });
  const open = stanza as LogrotateStanza | null;
  if (open) errors.push({ file, line: open.source.line, message: 'unterminated stanza: missing "}"' });
  const left = pending as { line: number } | null;
  if (left) errors.push({ file, line: left.line, message: 'log file pattern without "{"' });
  return { model: { items }, errors };
}
