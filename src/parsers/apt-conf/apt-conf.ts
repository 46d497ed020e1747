/**
 * APT's configuration syntax (apt.conf(5)), read the way apt-pkg's ReadConfigFile does:
 *
 * - `Name "value";` or `Name value;` sets an option; `::` separates levels of the tree;
 * - `Scope { Name "value"; };` nests, and opening a scope with `Scope::Sub {` is allowed;
 * - a bare value inside a scope (`Origins-Pattern { "a"; "b"; };`) or an item whose name
 *   ends in `::` appends to a list;
 * - comments: `//` and `#` to the end of the line (outside quotes), and `/* ... *\/` across
 *   lines; `#clear Name;` empties a tree, `#include "file";` reads another file;
 * - like apt, a scope or comment left open at the end of the file is not an error, a
 *   statement without its `;` is.
 * - option names are case-insensitive; a later assignment overrides an earlier one.
 *
 * `parseAptConf` turns a file into an ordered list of operations; `AptConfig` applies the
 * operations of several files in order and answers lookups.
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';
import { splitLines } from '../types.ts';

export type AptConfOp =
  | { kind: 'set'; key: string; value: string; source: SourceLine }
  | { kind: 'append'; key: string; value: string; source: SourceLine }
  | { kind: 'clear'; key: string; source: SourceLine }
  | { kind: 'include'; path: string; source: SourceLine };

export interface AptConfModel {
  ops: AptConfOp[];
}

/** Deepest scope nesting apt keeps track of (its stack has 100 entries). */
const MAX_DEPTH = 100;

/** Reads one word: blanks end it, `"..."` groups blanks into it (quotes removed). */
function quoteWord(s: string, pos: number): { word: string; next: number } | null {
  let i = pos;
  while (i < s.length && /\s/.test(s[i]!)) i++;
  if (i >= s.length) return null;
  let word = '';
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (/\s/.test(c)) break;
    if (c === '"') {
      const close = s.indexOf('"', i + 1);
      if (close === -1) return null;
      word += s.slice(i + 1, close);
      i = close;
      continue;
    }
    if (c === '[') {
      const close = s.indexOf(']', i + 1);
      if (close === -1) return null;
      word += s.slice(i, close + 1);
      i = close;
      continue;
    }
    word += c;
  }
  return { word, next: i };
}

/**
 * Reads a C-style value: one or more quoted strings separated by blanks, and nothing
 * else (apt's ParseCWord). Returns null when the rest is not made only of quoted strings.
 */
function cWord(s: string, pos: number): { word: string; next: number } | null {
  let i = pos;
  while (i < s.length && s[i] === ' ') i++;
  if (i >= s.length) return null;
  let word = '';
  let any = false;
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"') {
      const close = s.indexOf('"', i + 1);
      if (close === -1) return null;
      word += s.slice(i + 1, close);
      i = close;
      any = true;
      continue;
    }
    if (/\s/.test(c)) {
      if (i > pos && /\s/.test(s[i - 1]!)) continue;
      word += ' ';
      continue;
    }
    return null;
  }
  return any ? { word: word.trimEnd(), next: i } : null;
}

/** Removes comments from one line; returns the remaining text and whether a block comment stays open. */
function stripComments(line: string, inComment: boolean): { text: string; inComment: boolean } {
  let start = 0;
  if (inComment) {
    const close = line.indexOf('*/');
    if (close === -1) return { text: '', inComment: true };
    start = close + 2;
  }
  // Single-line comments: `//` or `#` (except the #clear and #include directives), outside quotes.
  let end = line.length;
  let inQuote = false;
  for (let i = start; i < line.length; i++) {
    const c = line[i]!;
    if (c === '"') inQuote = !inQuote;
    if (inQuote) continue;
    if ((c === '/' && line[i + 1] === '/') || (c === '#' && !line.startsWith('#clear', i) && !line.startsWith('#include', i) && !line.startsWith('#x-apt-configure-index', i))) {
      end = i;
      break;
    }
  }
  // Block comments inside the remaining text.
  let out = '';
  inQuote = false;
  let open = false;
  for (let i = start; i < end; i++) {
    const c = line[i]!;
    if (c === '"') inQuote = !inQuote;
    if (!inQuote && c === '/' && line[i + 1] === '*') {
      const close = line.indexOf('*/', i + 2);
      if (close === -1 || close >= end) {
        open = close === -1 || close >= end;
        break;
      }
      i = close + 1;
      continue;
    }
    out += c;
  }
  return { text: out, inComment: open };
}

/** Parses one apt.conf-style file into operations. Never throws. */
export function parseAptConf(text: string, file: string): ParseResult<AptConfModel> {
  const ops: AptConfOp[] = [];
  const errors: ParseError[] = [];
  const lines = splitLines(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const stack: string[] = [];
  let parent = '';
  let buffer = '';
  let bufferLine = 0;
  let bufferText = '';
  let inComment = false;

  const statement = (term: string, lineNo: number, raw: string) => {
    const src: SourceLine = { file, line: bufferLine || lineNo, text: bufferLine && bufferLine !== lineNo ? bufferText : raw };
    const stmt = buffer;
    buffer = '';
    bufferLine = 0;
    bufferText = '';
    if (term === '{' && stmt === '') {
      errors.push({ file, line: lineNo, message: 'block starts with no name' });
      stack.push(parent);
      return;
    }
    if (stmt === '') {
      if (term === '}') parent = stack.pop() ?? '';
      return;
    }
    const t = quoteWord(stmt, 0);
    if (!t) {
      errors.push({ file, line: src.line, message: 'malformed option name' });
      if (term === '}') parent = stack.pop() ?? '';
      if (term === '{') stack.push(parent);
      return;
    }
    let tag = t.word;
    let word = '';
    let noWord = false;
    let pos = t.next;
    const w = cWord(stmt, pos) ?? quoteWord(stmt, pos);
    if (w) {
      word = w.word;
      pos = w.next;
    } else if (term !== '{') {
      word = tag;
      tag = '';
    } else noWord = true;
    if (stmt.slice(pos).trim() !== '') {
      errors.push({ file, line: src.line, message: 'extra text after the value' });
      if (term === '}') parent = stack.pop() ?? '';
      if (term === '{') stack.push(parent);
      return;
    }
    if (term === '{') {
      if (stack.length >= MAX_DEPTH) errors.push({ file, line: src.line, message: 'scopes nested too deeply' });
      stack.push(parent);
      parent = parent === '' ? tag : `${parent}::${tag}`;
      tag = '';
    }
    const item = parent === '' ? tag : term !== '{' || tag !== '' ? `${parent}::${tag}` : parent;
    if (tag.startsWith('#')) {
      if (parent !== '') errors.push({ file, line: src.line, message: 'directives are only allowed at the top level' });
      else if (tag === '#clear') ops.push({ kind: 'clear', key: word, source: src });
      else if (tag === '#include') ops.push({ kind: 'include', path: word, source: src });
      else if (tag !== '#x-apt-configure-index') errors.push({ file, line: src.line, message: `unsupported directive "${tag.slice(0, 40)}"` });
    } else if (tag === '' && !noWord && word === '#clear') {
      errors.push({ file, line: src.line, message: '#clear needs an option tree as argument' });
    } else if (!noWord) {
      if (item.endsWith('::') || item === '') ops.push({ kind: 'append', key: item.replace(/::$/, ''), value: word, source: src });
      else ops.push({ kind: 'set', key: item, value: word, source: src });
    }
    if (term === '}') parent = stack.pop() ?? '';
  };

  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const stripped = stripComments(raw, inComment);
    inComment = stripped.inComment;
    const frag = stripped.text;
    if (frag.trim() === '') return;
    let inQuote = false;
    let start = 0;
    for (let j = 0; j < frag.length; j++) {
      const c = frag[j]!;
      if (c === '"') inQuote = !inQuote;
      if (inQuote || (c !== '{' && c !== ';' && c !== '}')) continue;
      const piece = frag.slice(start, j).trim();
      if (piece !== '') {
        if (buffer === '') {
          bufferLine = lineNo;
          bufferText = raw;
        }
        buffer = buffer === '' ? piece : `${buffer} ${piece}`;
      }
      start = j + 1;
      statement(c, lineNo, raw);
    }
    const rest = frag.slice(start).trim();
    if (rest !== '') {
      if (buffer === '') {
        bufferLine = lineNo;
        bufferText = raw;
      }
      buffer = buffer === '' ? rest : `${buffer} ${rest}`;
    }
  });
  // apt rejects a dangling statement, but accepts an unclosed scope or comment at the end.
  if (buffer !== '') errors.push({ file, line: bufferLine || lines.length, message: 'statement not terminated by ";" at end of file' });
  return { model: { ops }, errors };
}

/** A value in the configuration tree with the line that set it. */
export interface AptConfValue {
  value: string;
  source: SourceLine;
}

interface Node {
  value?: AptConfValue;
  children: Map<string, Node>;
  list: AptConfValue[];
}

const newNode = (): Node => ({ children: new Map(), list: [] });

/**
 * The configuration tree after applying files in order, with apt's semantics: names are
 * case-insensitive, a later `set` wins, list items accumulate, `#clear` empties a subtree.
 */
export class AptConfig {
  private readonly root: Node = newNode();

  /** Applies the operations of one file (includes are the caller's business). */
  apply(ops: readonly AptConfOp[]): void {
    for (const op of ops) {
      if (op.kind === 'include') continue;
      if (op.kind === 'clear') {
        const n = this.node(op.key, false);
        if (n) {
          delete n.value;
          n.children.clear();
          n.list = [];
        }
        continue;
      }
      const n = this.node(op.key, true)!;
      if (op.kind === 'set') n.value = { value: op.value, source: op.source };
      else n.list.push({ value: op.value, source: op.source });
    }
  }

  /** The value of an option ("APT::Periodic::Unattended-Upgrade"), if set. */
  get(key: string): AptConfValue | undefined {
    return this.node(key, false)?.value;
  }

  /** The list items under an option ("Unattended-Upgrade::Origins-Pattern"). */
  list(key: string): AptConfValue[] {
    return [...(this.node(key, false)?.list ?? [])];
  }

  private node(key: string, create: boolean): Node | undefined {
    let n = this.root;
    for (const part of key.toLowerCase().split('::')) {
      if (part === '') continue;
      let c = n.children.get(part);
      if (!c) {
        if (!create) return undefined;
        c = newNode();
        n.children.set(part, c);
      }
      n = c;
    }
    return n;
  }
}

/** apt's boolean reading (StringToBool): yes/true/with/on/enable and non-zero numbers. */
export function aptBool(value: string | undefined, dflt: boolean): boolean {
  if (value === undefined) return dflt;
  const v = value.trim().toLowerCase();
  if (/^-?\d+$/.test(v)) return Number(v) !== 0;
  if (['yes', 'true', 'with', 'on', 'enable'].includes(v)) return true;
  if (['no', 'false', 'without', 'off', 'disable'].includes(v)) return false;
  return dflt;
}

/**
 * Which files APT reads from a `.d` directory (apt-pkg's GetListOfFilesInDir): names made
 * of letters, digits, `_`, `-` and `.`, ending in `.<ext>` (or with no dot at all when
 * `allowNoExt`), in C (byte) order. Everything else (`.dpkg-old`, `.save`, `~`) is ignored.
 */
export function aptPartsFilter(names: readonly string[], ext: string, allowNoExt: boolean): string[] {
  return names
    .filter((n) => /^[A-Za-z0-9_.-]+$/.test(n) && !n.startsWith('.'))
    .filter((n) => {
      const dot = n.lastIndexOf('.');
      if (dot === -1) return allowNoExt;
      return n.slice(dot + 1) === ext;
    })
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
