/**
 * Parser for rsyslog configuration files, in both syntaxes rsyslog accepts in one file:
 *
 * - legacy: `$Directive value` lines, `selector action` lines (`*.* @@host:514`,
 *   `auth.* -/var/log/auth.log`, `:omrelp:host:2514`), `& action` continuations and
 *   property filters (`:msg, contains, "x" action`);
 * - RainerScript: `module(...)`, `input(...)`, `action(...)`, `global(...)`,
 *   `template(...) { ... }`, `ruleset(...) { ... }`, `include(...)`, `if ... then ...`,
 *   `else`, `stop`, `call`, `set`/`unset`, `foreach`, `#` and `/* *\/` comments.
 *
 * The result is the flat list of statements in reading order, each with its line, the
 * ruleset it belongs to and whether it runs under a filter. Includes are left to the
 * caller (the fact), which reads the files they name and splices them in place.
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';
import { splitLines } from '../types.ts';

export interface RsyslogParam {
  /** A string, or the items of an array value (`["a", "b"]`). */
  value: string | string[];
  line: number;
}

/** `$Directive value` (name lower-cased, without the `$`). */
export interface RsyslogDirective {
  kind: 'directive';
  name: string;
  value: string;
  source: SourceLine;
  ruleset: string | null;
}

/** A RainerScript object: module, input, action, global, template, include, ... */
export interface RsyslogObject {
  kind: 'object';
  /** Lower-cased object name. */
  type: string;
  /** Parameters by lower-cased name (rsyslog parameter names are case-insensitive). */
  params: Record<string, RsyslogParam>;
  /** For list templates: the constant/property parts in order ("%name%" for a property). */
  templateParts?: string[];
  source: SourceLine;
  ruleset: string | null;
  /** True inside an if/then, a property filter or a selector narrower than *.* */
  conditional: boolean;
}

/** A legacy action (`/var/log/x`, `@@host`, `:omrelp:host:port`, `~`, ...). */
export interface RsyslogLegacyAction {
  kind: 'legacyAction';
  /** The selector or filter text; null for an action under `&` or inside a block. */
  selector: string | null;
  action: string;
  source: SourceLine;
  ruleset: string | null;
  conditional: boolean;
}

export type RsyslogStatement = RsyslogDirective | RsyslogObject | RsyslogLegacyAction;

export interface RsyslogModel {
  statements: RsyslogStatement[];
}

const OBJECTS = new Set([
  'module', 'input', 'action', 'global', 'template', 'ruleset', 'include', 'main_queue', 'parser',
  'timezone', 'lookup_table', 'dyn_stats', 'percentile_stats', 'license', 'property', 'constant',
  'reload_lookup_table', 'ratelimit',
]);
const LEGACY_ACTION_START = /^(-?\/|@|\?|\||~|\^|:om[a-z0-9]*:|:[a-z0-9]+:)/i;
const MAX_DEPTH = 64;

interface Scope {
  ruleset: string | null;
  conditional: boolean;
  depth: number;
}

class Parser {
  i = 0;
  line = 1;
  readonly statements: RsyslogStatement[] = [];
  readonly errors: ParseError[] = [];
  private readonly lines: string[];

  constructor(
    private readonly s: string,
    private readonly file: string,
  ) {
    this.lines = splitLines(s);
  }

  src(line: number): SourceLine {
    return { file: this.file, line, text: this.lines[line - 1] ?? '' };
  }

  error(line: number, message: string): void {
    this.errors.push({ file: this.file, line, message });
  }

  get c(): string | undefined {
    return this.s[this.i];
  }

  advance(n = 1): void {
    for (let k = 0; k < n && this.i < this.s.length; k++) {
      if (this.s.charCodeAt(this.i) === 10) this.line++;
      this.i++;
    }
  }

  /** Skips spaces, tabs, CRs, comments and (when `newlines`) line ends. */
  skip(newlines: boolean): void {
    for (;;) {
      const c = this.c;
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n')) this.advance();
      else if (c === '#') this.toEol();
      else if (c === '/' && this.s[this.i + 1] === '*') {
        const end = this.s.indexOf('*/', this.i + 2);
        const stop = end === -1 ? this.s.length : end + 2;
        if (end === -1) this.error(this.line, 'unterminated comment');
        this.advance(stop - this.i);
      } else return;
    }
  }

  toEol(): string {
    const end = this.s.indexOf('\n', this.i);
    const stop = end === -1 ? this.s.length : end;
    const text = this.s.slice(this.i, stop);
    this.i = stop;
    return text.replace(/\r$/, '');
  }

  word(): string {
    const m = /^[A-Za-z_][A-Za-z0-9_.-]*/.exec(this.s.slice(this.i, this.i + 256));
    if (!m) return '';
    this.i += m[0].length;
    return m[0];
  }

  /** Reads a quoted string starting at the current quote; returns null if unterminated. */
  quoted(): string | null {
    const q = this.c!;
    const startLine = this.line;
    let out = '';
    this.advance();
    while (this.i < this.s.length) {
      const c = this.c!;
      if (c === '\\' && this.i + 1 < this.s.length) {
        const n = this.s[this.i + 1]!;
        out += n === 'n' ? '\n' : n === 't' ? '\t' : n;
        this.advance(2);
        continue;
      }
      if (c === q) {
        this.advance();
        return out;
      }
      out += c;
      this.advance();
    }
    this.error(startLine, 'unterminated string');
    return null;
  }

  /** Parses `( name="value" name=["a","b"] ... )`; the cursor is on `(`. */
  params(): Record<string, RsyslogParam> | null {
    const params: Record<string, RsyslogParam> = {};
    const startLine = this.line;
    this.advance();
    for (;;) {
      this.skip(true);
      const c = this.c;
      if (c === undefined) {
        this.error(startLine, 'unterminated parameter list: missing ")"');
        return null;
      }
      if (c === ')') {
        this.advance();
        return params;
      }
      const line = this.line;
      const name = this.word().toLowerCase();
      if (name === '') {
        this.error(line, `unexpected "${c}" in a parameter list`);
        this.recoverTo(')');
        return null;
      }
      this.skip(true);
      if (this.c !== '=') {
        this.error(line, `parameter "${name}" needs a value`);
        this.recoverTo(')');
        return null;
      }
      this.advance();
      this.skip(true);
      const value = this.paramValue();
      if (value === null) {
        this.recoverTo(')');
        return null;
      }
      Object.defineProperty(params, name, { value: { value, line }, enumerable: true, configurable: true, writable: true });
    }
  }

  paramValue(): string | string[] | null {
    const c = this.c;
    if (c === '"' || c === "'") return this.quoted();
    if (c === '[') {
      this.advance();
      const items: string[] = [];
      for (;;) {
        this.skip(true);
        const d = this.c;
        if (d === ']') {
          this.advance();
          return items;
        }
        if (d === ',') {
          this.advance();
          continue;
        }
        if (d === '"' || d === "'") {
          const v = this.quoted();
          if (v === null) return null;
          items.push(v);
          continue;
        }
        this.error(this.line, 'invalid array value');
        return null;
      }
    }
    const m = /^[^\s()"'#]+/.exec(this.s.slice(this.i, this.i + 1024));
    if (!m) {
      this.error(this.line, 'missing parameter value');
      return null;
    }
    this.i += m[0].length;
    return m[0];
  }

  /** Skips to just after `close` (or the end), minding strings. */
  recoverTo(close: string): void {
    while (this.i < this.s.length) {
      const c = this.c!;
      if (c === '"' || c === "'") {
        this.quoted();
        continue;
      }
      this.advance();
      if (c === close) return;
    }
  }

  /** Skips a balanced `{ ... }` block (template bodies), minding strings. */
  skipBraces(): void {
    let depth = 0;
    const startLine = this.line;
    while (this.i < this.s.length) {
      const c = this.c!;
      if (c === '"' || c === "'") {
        this.quoted();
        continue;
      }
      this.advance();
      if (c === '{') depth++;
      if (c === '}' && --depth === 0) return;
    }
    this.error(startLine, 'unterminated block: missing "}"');
  }

  object(type: string, line: number, scope: Scope, conditional: boolean): void {
    this.skip(false);
    const params = this.params();
    if (params === null) return;
    const obj: RsyslogObject = { kind: 'object', type, params, source: this.src(line), ruleset: scope.ruleset, conditional };
    this.statements.push(obj);
    if (type === 'template' || type === 'ruleset') {
      const save = { i: this.i, line: this.line };
      this.skip(true);
      if (this.c !== '{') {
        this.i = save.i;
        this.line = save.line;
        return;
      }
      if (type === 'template') obj.templateParts = this.templateBody();
      else {
        const name = params.name?.value;
        this.advance();
        this.block({ ruleset: typeof name === 'string' ? name : null, conditional: false, depth: scope.depth + 1 }, line);
      }
    }
  }

  /** Reads `{ constant(value="...") property(name="...") ... }` of a list template. */
  templateBody(): string[] {
    const start = { i: this.i, line: this.line };
    const parts: string[] = [];
    this.advance();
    for (;;) {
      this.skip(true);
      if (this.c === '}') {
        this.advance();
        return parts;
      }
      const w = this.word().toLowerCase();
      this.skip(true);
      if ((w !== 'constant' && w !== 'property') || this.c !== '(') {
        this.i = start.i;
        this.line = start.line;
        this.skipBraces();
        return parts;
      }
      const p = this.params();
      if (p === null) return parts;
      const v = w === 'constant' ? p.value?.value : p.name?.value;
      if (typeof v === 'string') parts.push(w === 'constant' ? v : `%${v}%`);
    }
  }

  /** Statements until `}` (when inside a block) or the end of the text. */
  block(scope: Scope, openLine: number | null): void {
    if (scope.depth > MAX_DEPTH) {
      this.error(this.line, 'blocks nested too deeply');
      this.i = this.s.length;
      return;
    }
    for (;;) {
      this.skip(true);
      if (this.c === undefined) {
        if (openLine !== null) this.error(openLine, 'unterminated block: missing "}"');
        return;
      }
      if (this.c === '}') {
        if (openLine !== null) {
          this.advance();
          return;
        }
        this.error(this.line, 'unexpected "}"');
        this.advance();
        continue;
      }
      const before = this.i;
      this.statement(scope);
      if (this.i === before) {
        this.error(this.line, 'cannot parse this statement');
        this.toEol();
      }
    }
  }

  /** One action part: after a selector, `&`, `then`, `else` or inside a block. */
  actionPart(selector: string | null, scope: Scope, conditional: boolean, allowNewline: boolean, startLine?: number): void {
    this.skip(allowNewline);
    const line = startLine ?? this.line;
    const c = this.c;
    if (c === undefined || c === '\n') {
      this.error(line, 'missing action');
      return;
    }
    if (c === '{') {
      this.advance();
      this.block({ ...scope, conditional: true, depth: scope.depth + 1 }, line);
      return;
    }
    const save = { i: this.i, line: this.line };
    const w = this.word();
    const lw = w.toLowerCase();
    if (lw !== '') {
      this.skip(false);
      if (this.c === '(' && OBJECTS.has(lw)) {
        this.object(lw, line, scope, conditional);
        return;
      }
      if (lw === 'stop' || lw === 'call' || lw === 'set' || lw === 'unset' || lw === 'if' || lw === 'foreach' || lw === 'reset') {
        this.i = save.i;
        this.line = save.line;
        this.statement({ ...scope, conditional });
        return;
      }
      this.i = save.i;
      this.line = save.line;
    }
    const text = this.toEol().trim();
    this.statements.push({ kind: 'legacyAction', selector, action: text, source: this.src(line), ruleset: scope.ruleset, conditional });
  }

  /**
   * Reads a legacy selector (`*.*;auth,authpriv.none`, `mail.=info`), which may go on over
   * several lines with a trailing backslash. Returns null when the text is not one.
   */
  selector(): string | null {
    const save = { i: this.i, line: this.line };
    let out = '';
    while (this.i < this.s.length) {
      const c = this.c!;
      if (c === '\\' && /^\\\r?\n/.test(this.s.slice(this.i, this.i + 3))) {
        this.advance(this.s[this.i + 1] === '\r' ? 3 : 2);
        while (this.c === ' ' || this.c === '\t') this.advance();
        continue;
      }
      if (!/[A-Za-z0-9_*,.;!=<>]/.test(c)) break;
      out += c;
      this.advance();
    }
    const ok = (this.c === ' ' || this.c === '\t') && /^[A-Za-z0-9_*,]+\.[A-Za-z0-9_*!=<>]+(;[A-Za-z0-9_*,]+\.[A-Za-z0-9_*!=<>]+)*;?$/.test(out);
    if (!ok) {
      this.i = save.i;
      this.line = save.line;
      return null;
    }
    return out;
  }

  /** Skips an expression up to the keyword `then` (outside strings and parentheses). */
  expressionUntilThen(line: number): boolean {
    let depth = 0;
    while (this.i < this.s.length) {
      const c = this.c!;
      if (c === '"' || c === "'") {
        if (this.quoted() === null) return false;
        continue;
      }
      if (c === '(') depth++;
      if (c === ')') depth--;
      if (depth <= 0 && /^then\b/i.test(this.s.slice(this.i, this.i + 5)) && /[\s)"']/.test(this.s[this.i - 1] ?? ' ')) {
        this.advance(4);
        return true;
      }
      if (c === '{' || c === '}') break;
      this.advance();
    }
    this.error(line, '"if" without "then"');
    return false;
  }

  statement(scope: Scope): void {
    const line = this.line;
    const c = this.c!;
    if (c === '$' && /[A-Za-z]/.test(this.s[this.i + 1] ?? '')) {
      const text = this.toEol();
      const m = /^\$(\S+)\s*(.*)$/s.exec(text)!;
      const value = m[2]!.replace(/\s+#.*$/, '').trim();
      this.statements.push({ kind: 'directive', name: m[1]!.toLowerCase(), value, source: this.src(line), ruleset: scope.ruleset });
      return;
    }
    if (c === '&') {
      this.advance();
      this.actionPart(null, scope, true, false);
      return;
    }
    if (c === ':' && !LEGACY_ACTION_START.test(this.s.slice(this.i, this.i + 32))) {
      // Property filter: `:property, [!]compare-op, "value" action`.
      const m = /^:[^,\n]*,[^,\n]*,\s*/.exec(this.s.slice(this.i, this.i + 1024));
      if (!m || this.s[this.i + m[0].length] !== '"') {
        this.error(line, 'invalid property filter');
        this.toEol();
        return;
      }
      const start = this.i;
      this.advance(m[0].length);
      if (this.quoted() === null) return;
      const selector = this.s.slice(start, this.i);
      this.actionPart(selector, scope, true, false);
      return;
    }
    if (LEGACY_ACTION_START.test(this.s.slice(this.i, this.i + 32))) {
      this.actionPart(null, scope, scope.conditional, false);
      return;
    }
    const save = { i: this.i, line: this.line };
    const w = this.word();
    const lw = w.toLowerCase();
    if (lw !== '' && !/[.,;]/.test(w)) {
      this.skip(false);
      if (this.c === '(' && OBJECTS.has(lw)) {
        this.object(lw, line, scope, scope.conditional);
        return;
      }
      if (lw === 'if') {
        if (!this.expressionUntilThen(line)) {
          this.toEol();
          return;
        }
        this.actionPart(null, scope, true, true);
        const after = { i: this.i, line: this.line };
        this.skip(true);
        if (/^else\b/i.test(this.s.slice(this.i, this.i + 5))) {
          this.advance(4);
          this.actionPart(null, scope, true, true);
        } else {
          this.i = after.i;
          this.line = after.line;
        }
        return;
      }
      if (lw === 'stop') return;
      if (lw === 'call') {
        this.skip(false);
        this.word();
        return;
      }
      if (lw === 'set' || lw === 'unset' || lw === 'reset') {
        this.recoverTo(';');
        return;
      }
      if (lw === 'foreach') {
        this.skip(true);
        if (this.c === '(') this.recoverTo(')');
        this.skip(true);
        if (/^do\b/i.test(this.s.slice(this.i, this.i + 3))) this.advance(2);
        this.actionPart(null, scope, true, true);
        return;
      }
    }
    this.i = save.i;
    this.line = save.line;
    // A legacy selector line: `facility.priority[;...]  action`.
    const selector = this.selector();
    if (selector === null) {
      this.error(line, `unknown statement "${this.s.slice(this.i, this.i + 40).split('\n')[0]}"`);
      this.toEol();
      return;
    }
    this.actionPart(selector, scope, scope.conditional || selector !== '*.*', false, line);
  }
}

/** Parses one rsyslog configuration file. Never throws. */
export function parseRsyslog(text: string, file: string): ParseResult<RsyslogModel> {
  const p = new Parser(text.startsWith('\uFEFF') ? text.slice(1) : text, file);
  p.block({ ruleset: null, conditional: false, depth: 0 }, null);
  return { model: { statements: p.statements }, errors: p.errors };
}

/** A parameter as a string (the first item of an array), or undefined. */
export function paramString(obj: RsyslogObject, name: string): string | undefined {
  const v = obj.params[name.toLowerCase()]?.value;
  if (v === undefined) return undefined;
  return typeof v === 'string' ? v : v[0];
}
