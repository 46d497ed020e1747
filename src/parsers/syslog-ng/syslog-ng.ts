/**
 * Parser for syslog-ng configuration (syslog-ng.conf(5)): `@version`, `@include` and
 * `@define` pragmas, and statements `type [name] { item; item; };` where an item is a
 * driver or option call `name(arg arg option(...))`, a bare word of a filter expression,
 * or a nested block (an inline destination in a `log` path, a junction).
 *
 * Comments run from `#` to the end of the line (outside strings). The model keeps every
 * call with its line; meaning (which destination is used by which log path) is left to
 * the fact.
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';
import { splitLines } from '../types.ts';

/** `name(args...)`: a driver (`network("host" ...)`) or an option (`port(6514)`). */
export interface SngCall {
  kind: 'call';
  /** Lower-cased, with `_` folded to `-` (syslog-ng accepts both). */
  name: string;
  args: SngArg[];
  source: SourceLine;
}

/** A bare word inside a block or argument list (`yes`, `and`, `d_net`, `514`). */
export interface SngWord {
  kind: 'word';
  value: string;
  quoted: boolean;
}

export type SngArg = SngCall | SngWord | SngBlock;

/** `type [name] { ... };` at top level, or an unnamed block nested in another. */
export interface SngBlock {
  kind: 'block';
  /** Lower-cased: "source", "destination", "log", "filter", "options", ... */
  type: string;
  name: string | null;
  items: SngArg[];
  source: SourceLine;
}

export interface SngModel {
  blocks: SngBlock[];
  includes: { path: string; source: SourceLine }[];
  version: string | null;
}

type Token =
  | { t: 'word'; v: string; line: number; quoted: boolean }
  | { t: 'punct'; v: '(' | ')' | '{' | '}' | ';'; line: number };

const MAX_DEPTH = 64;

function tokenize(text: string, file: string, errors: ParseError[]): { tokens: Token[]; pragmas: { text: string; line: number }[] } {
  const tokens: Token[] = [];
  const pragmas: { text: string; line: number }[] = [];
  let line = 1;
  let atLineStart = true;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
      atLineStart = true;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '@' && atLineStart) {
      let end = text.indexOf('\n', i);
      if (end === -1) end = text.length;
      pragmas.push({ text: text.slice(i, end).replace(/\r$/, ''), line });
      i = end;
      continue;
    }
    atLineStart = false;
    if (c === '"' || c === "'") {
      const start = line;
      let v = '';
      i++;
      let closed = false;
      while (i < text.length) {
        const d = text[i]!;
        if (d === '\\' && c === '"' && i + 1 < text.length) {
          const n = text[i + 1]!;
          v += n === 'n' ? '\n' : n === 't' ? '\t' : n;
          if (n === '\n') line++;
          i += 2;
          continue;
        }
        if (d === c) {
          closed = true;
          i++;
          break;
        }
        if (d === '\n') line++;
        v += d;
        i++;
      }
      if (!closed) errors.push({ file, line: start, message: 'unterminated string' });
      tokens.push({ t: 'word', v, line: start, quoted: true });
      continue;
    }
    if (c === '(' || c === ')' || c === '{' || c === '}' || c === ';') {
      tokens.push({ t: 'punct', v: c, line });
      i++;
      continue;
    }
    let j = i;
    while (j < text.length && !/[\s()"'{};#]/.test(text[j]!)) j++;
    if (j === i) j = i + 1;
    tokens.push({ t: 'word', v: text.slice(i, j), line, quoted: false });
    i = j;
  }
  return { tokens, pragmas };
}

class Parser {
  pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly lines: string[],
    private readonly file: string,
    readonly errors: ParseError[],
  ) {}

  src(line: number): SourceLine {
    return { file: this.file, line, text: this.lines[line - 1] ?? '' };
  }

  peek(k = 0): Token | undefined {
    return this.tokens[this.pos + k];
  }

  /** Items up to the closing `close` token (consumed). */
  items(close: ')' | '}', openLine: number, depth: number): SngArg[] {
    const out: SngArg[] = [];
    if (depth > MAX_DEPTH) {
      this.errors.push({ file: this.file, line: openLine, message: 'nested too deeply' });
      this.pos = this.tokens.length;
      return out;
    }
    for (;;) {
      const tok = this.peek();
      if (tok === undefined) {
        this.errors.push({ file: this.file, line: openLine, message: `unterminated block: missing "${close}"` });
        return out;
      }
      if (tok.t === 'punct') {
        this.pos++;
        if (tok.v === close) return out;
        if (tok.v === ';') continue;
        if (tok.v === '{') {
          out.push({ kind: 'block', type: '', name: null, items: this.items('}', tok.line, depth + 1), source: this.src(tok.line) });
          continue;
        }
        if (tok.v === '(') {
          out.push(...this.items(')', tok.line, depth + 1));
          continue;
        }
        this.errors.push({ file: this.file, line: tok.line, message: `unexpected "${tok.v}"` });
        continue;
      }
      this.pos++;
      const next = this.peek();
      if (!tok.quoted && next?.t === 'punct' && next.v === '(') {
        this.pos++;
        out.push({ kind: 'call', name: tok.v.toLowerCase().replace(/_/g, '-'), args: this.items(')', next.line, depth + 1), source: this.src(tok.line) });
        continue;
      }
      if (!tok.quoted && next?.t === 'punct' && next.v === '{') {
        this.pos++;
        out.push({ kind: 'block', type: tok.v.toLowerCase(), name: null, items: this.items('}', next.line, depth + 1), source: this.src(tok.line) });
        continue;
      }
      out.push({ kind: 'word', value: tok.v, quoted: tok.quoted });
    }
  }

  top(): SngBlock[] {
    const blocks: SngBlock[] = [];
    while (this.pos < this.tokens.length) {
      const tok = this.peek()!;
      if (tok.t === 'punct' && tok.v === ';') {
        this.pos++;
        continue;
      }
      if (tok.t !== 'word' || tok.quoted) {
        this.errors.push({ file: this.file, line: tok.line, message: `unexpected "${tok.v}"` });
        this.pos++;
        continue;
      }
      this.pos++;
      let name: string | null = null;
      const n = this.peek();
      if (n?.t === 'word') {
        name = n.v;
        this.pos++;
      }
      const open = this.peek();
      if (open?.t !== 'punct' || open.v !== '{') {
        this.errors.push({ file: this.file, line: tok.line, message: `"${tok.v}" must be followed by a block in braces` });
        while (this.pos < this.tokens.length) {
          const t = this.tokens[this.pos++]!;
          if (t.t === 'punct' && t.v === ';') break;
        }
        continue;
      }
      this.pos++;
      blocks.push({ kind: 'block', type: tok.v.toLowerCase(), name, items: this.items('}', open.line, 1), source: this.src(tok.line) });
    }
    return blocks;
  }
}

/** Parses one syslog-ng configuration file. Never throws. */
export function parseSyslogNg(text: string, file: string): ParseResult<SngModel> {
  const errors: ParseError[] = [];
  const { tokens, pragmas } = tokenize(text, file, errors);
  const lines = splitLines(text);
  const p = new Parser(tokens, lines, file, errors);
  const model: SngModel = { blocks: p.top(), includes: [], version: null };
  for (const pr of pragmas) {
    const m = /^@(\w+):?\s*(.*)$/.exec(pr.text);
    if (!m) continue;
    if (m[1] === 'version') model.version = m[2]!.trim();
    if (m[1] === 'include') {
      const path = /^"([^"]*)"|^'([^']*)'|^(\S+)/.exec(m[2]!.trim());
      if (path) model.includes.push({ path: path[1] ?? path[2] ?? path[3]!, source: { file, line: pr.line, text: lines[pr.line - 1] ?? '' } });
    }
  }
  return { model, errors };
}

/** The calls directly inside a list of items, by name. */
export function calls(items: readonly SngArg[], name?: string): SngCall[] {
  return items.filter((a): a is SngCall => a.kind === 'call' && (name === undefined || a.name === name));
}

/** The first positional word of a call (`network("host" ...)` -> "host"). */
export function firstWord(call: SngCall): string | undefined {
  const w = call.args.find((a): a is SngWord => a.kind === 'word');
  return w?.value;
}

/** The single value of an option call inside `items` (`transport("tls")` -> "tls"). */
export function optionValue(items: readonly SngArg[], name: string): string | undefined {
  const c = calls(items, name)[0];
  return c ? firstWord(c) : undefined;
}
