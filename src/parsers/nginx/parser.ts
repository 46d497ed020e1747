/**
 * Parser of the nginx configuration language, following ngx_conf_read_token(): words
 * separated by blanks, `;` ending a directive, `{ ... }` blocks, single and double quoted
 * strings with backslash escapes, `#` comments at the start of a word, `${var}` inside
 * words. `include` is kept as a directive: resolving it is I/O, done by the nginx fact.
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';
import { isKnownNginxDirective } from './directives.ts';

/** One directive, with its block when it opens one (`server { ... }`). */
export interface NginxDirective {
  name: string;
  /** Arguments with quotes removed and escapes resolved. */
  args: string[];
  /** File and line where the directive starts, with that line's text. */
  source: SourceLine;
  /** Children of a block directive; absent for a simple directive. */
  block?: NginxDirective[];
}

export interface NginxFile {
  file: string;
  directives: NginxDirective[];
}

/** Stops runaway nesting on hostile input (nginx itself has no limit, but no real config nests this deep). */
const MAX_DEPTH = 100;

/**
 * Blocks whose entries are data rather than directives (`types { text/html html; }`,
 * `map $a $b { default 0; }`): their first words are not checked against known names.
 */
const FREEFORM_BLOCKS = /^(types|map|geo|split_clients|charset_map|match|.*_by_lua_block|.*_lua_block|js_.*_block)$/;

interface Token {
  kind: 'word' | ';' | '{' | '}';
  value: string;
  line: number;
}

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

/** Resolves the escapes nginx resolves: \" \' \\ \t \r \n; any other backslash stays. */
function unescape(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '\\' && i + 1 < raw.length) {
      const nx = raw[i + 1]!;
      if (nx === '"' || nx === "'" || nx === '\\') {
        out += nx;
        i++;
        continue;
      }
      if (nx === 't' || nx === 'r' || nx === 'n') {
        out += nx === 't' ? '\t' : nx === 'r' ? '\r' : '\n';
        i++;
        continue;
      }
    }
    out += ch;
  }
  return out;
}

/** Splits the text into tokens the way nginx does, recording errors instead of stopping. */
function tokenize(text: string, file: string, errors: ParseError[]): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (ch === '\n') {
      line++;
      i++;
      continue;
    }
    if (isSpace(ch)) {
      i++;
      continue;
    }
    if (ch === ';' || ch === '{' || ch === '}') {
      tokens.push({ kind: ch, value: ch, line });
      i++;
      continue;
    }
    if (ch === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    const startLine = line;
    if (ch === '"' || ch === "'") {
      const quote = ch;
      let j = i + 1;
      let raw = '';
      let closed = false;
      while (j < n) {
        const c = text[j]!;
        if (c === '\\' && j + 1 < n) {
          raw += c + text[j + 1]!;
          if (text[j + 1] === '\n') line++;
          j += 2;
          continue;
        }
        if (c === quote) {
          closed = true;
          j++;
          break;
        }
        if (c === '\n') line++;
        raw += c;
        j++;
      }
      if (!closed) {
        errors.push({ file, line: startLine, message: `unterminated quoted string (opened with ${quote})` });
        tokens.push({ kind: 'word', value: unescape(raw), line: startLine });
        i = n;
        continue;
      }
      tokens.push({ kind: 'word', value: unescape(raw), line: startLine });
      i = j;
      // nginx wants a blank, ";", "{" or ")" after a closing quote.
      if (i < n) {
        const after = text[i]!;
        if (!isSpace(after) && after !== ';' && after !== '{' && after !== ')') {
          errors.push({ file, line, message: `unexpected "${after}" after a quoted string` });
        }
      }
      continue;
    }
    // A bare word: runs to a blank, ";" or "{" ("}" and "#" inside a word are plain characters,
    // "{" right after "$" belongs to a ${variable}).
    let j = i;
    let raw = '';
    let prevDollar = false;
    while (j < n) {
      const c = text[j]!;
      if (c === '{' && prevDollar) {
        raw += c;
        prevDollar = false;
        j++;
        continue;
      }
      if (c === '\\' && j + 1 < n) {
        raw += c + text[j + 1]!;
        if (text[j + 1] === '\n') line++;
        prevDollar = false;
        j += 2;
        continue;
      }
      if (isSpace(c) || c === ';' || c === '{') break;
      prevDollar = c === '$';
      raw += c;
      j++;
    }
    tokens.push({ kind: 'word', value: unescape(raw), line: startLine });
    i = j;
  }
  return tokens;
}

/**
 * Parses one nginx configuration file. Errors (with line numbers) cover what nginx itself
 * refuses: a block or directive left open at the end of the file, a stray `}` or `;`,
 * an unterminated quoted string and unknown directive names.
 */
export function parseNginx(text: string, file: string): ParseResult<NginxFile> {
  const errors: ParseError[] = [];
  const lines = text.split('\n');
  const lineText = (n: number): string => (lines[n - 1] ?? '').replace(/\r$/, '');
  const tokens = tokenize(text, file, errors);

  const root: NginxDirective[] = [];
  const stack: { list: NginxDirective[]; opener?: NginxDirective; freeform: boolean }[] = [{ list: root, freeform: false }];
  let words: Token[] = [];

  const make = (ws: Token[]): NginxDirective => {
    const first = ws[0]!;
    if (!stack[stack.length - 1]!.freeform && !isKnownNginxDirective(first.value)) {
      errors.push({ file, line: first.line, message: `unknown directive "${first.value}"` });
    }
    return {
      name: first.value,
      args: ws.slice(1).map((w) => w.value),
      source: { file, line: first.line, text: lineText(first.line) },
    };
  };

  for (const tok of tokens) {
    const top = stack[stack.length - 1]!;
    if (tok.kind === 'word') {
      words.push(tok);
      continue;
    }
    if (tok.kind === ';') {
      if (words.length === 0) errors.push({ file, line: tok.line, message: 'unexpected ";"' });
      else top.list.push(make(words));
      words = [];
      continue;
    }
    if (tok.kind === '{') {
      if (words.length === 0) {
        errors.push({ file, line: tok.line, message: 'unexpected "{"' });
        // Keep the structure: an anonymous block so that its "}" still matches.
        const anon: NginxDirective = { name: '', args: [], source: { file, line: tok.line, text: lineText(tok.line) }, block: [] };
        stack.push({ list: anon.block!, opener: anon, freeform: true });
        continue;
      }
      const d = make(words);
      words = [];
      d.block = [];
      top.list.push(d);
      if (stack.length > MAX_DEPTH) {
        errors.push({ file, line: tok.line, message: `blocks nested deeper than ${MAX_DEPTH} levels` });
      }
      stack.push({ list: d.block, opener: d, freeform: top.freeform || FREEFORM_BLOCKS.test(d.name) });
      continue;
    }
    // "}"
    if (words.length > 0) {
      errors.push({ file, line: tok.line, message: `unexpected "}" (directive "${words[0]!.value}" is not terminated by ";")` });
      top.list.push(make(words));
      words = [];
    }
    if (stack.length === 1) {
      errors.push({ file, line: tok.line, message: 'unexpected "}"' });
      continue;
    }
    stack.pop();
  }
  if (words.length > 0) {
    const first = words[0]!;
    errors.push({ file, line: first.line, message: `unexpected end of file, expecting ";" or "}" (directive "${first.value}")` });
    stack[stack.length - 1]!.list.push(make(words));
  }
  for (let k = stack.length - 1; k > 0; k--) {
    const opener = stack[k]!.opener!;
    errors.push({
      file,
      line: opener.source.line,
      message: `unexpected end of file, expecting "}" (block "${opener.name}" opened here is not closed)`,
    });
  }
  return { model: { file, directives: root }, errors };
}
