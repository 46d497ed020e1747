/**
 * sudoers(5), one file at a time (the sudoers fact follows the includes).
 *
 * What is understood, as sudo's own lexer and grammar read it:
 * - `#` starts a comment, except in `#include`/`#includedir` and in `#123`, a uid;
 *   `\` at the end of a line continues the statement on the next one;
 * - `@include`, `#include`, `@includedir`, `#includedir` with a plain or quoted path;
 * - `Defaults`, `Defaults@host`, `Defaults:user`, `Defaults!command`, `Defaults>runas`
 *   with `flag`, `!flag`, `name=value`, `name+=value`, `name-=value`;
 * - `User_Alias`, `Runas_Alias`, `Host_Alias`, `Cmnd_Alias` (and `Cmd_Alias`), several
 *   definitions per line separated by `:`;
 * - user specifications `users hosts = (runas:groups) OPTION=x TAG: command, ... : hosts = ...`
 *   where the run-as list, the options and the tags carry over to the commands that follow
 *   within one host section, `!` negates a list item, and `sha256:...` digests may precede
 *   a command.
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';
import { splitLines } from '../types.ts';

/** An element of a sudoers list: a user, group (`%g`, `%#gid`, `%:g`), netgroup (`+n`), uid (`#1`), host, alias or `ALL`. */
export interface SudoersItem {
  value: string;
  negated: boolean;
}

/** Tags come in pairs; NOPASSWD sets PASSWD to false, NOEXEC sets EXEC to false, and so on. */
export type SudoersTagName = 'PASSWD' | 'EXEC' | 'SETENV' | 'LOG_INPUT' | 'LOG_OUTPUT' | 'MAIL' | 'FOLLOW' | 'INTERCEPT';

export interface SudoersRunas {
  /** Users the command may run as; null when only a group part was given (`(:wheel)`). */
  users: SudoersItem[] | null;
  /** Groups the command may run as; null when no group part was given. */
  groups: SudoersItem[] | null;
}

export interface SudoersCommand {
  /** The run-as specification in effect, or null: none given, sudo's runas_default (root). */
  runas: SudoersRunas | null;
  /** Tags in effect for this command (carried over from earlier commands of the section). */
  tags: Partial<Record<SudoersTagName, boolean>>;
  /** Options in effect (CWD, CHROOT, TIMEOUT, NOTBEFORE, NOTAFTER, ROLE, TYPE, ...). */
  options: Record<string, string>;
  /** `ALL`, an alias name, `sudoedit FILE`, `list`, or a path with its arguments. */
  command: string;
  negated: boolean;
  /** `sha256`, ... when the command is pinned to a digest. */
  digest?: string;
}

export interface SudoersPrivilege {
  hosts: SudoersItem[];
  commands: SudoersCommand[];
}

export type SudoersAliasType = 'User_Alias' | 'Runas_Alias' | 'Host_Alias' | 'Cmnd_Alias';

export type SudoersDefaultsScope = 'global' | 'host' | 'user' | 'command' | 'runas';

export interface SudoersSetting {
  name: string;
  /** `!name` turns a flag off (or clears a value). */
  negated: boolean;
  operator: '=' | '+=' | '-=' | null;
  value: string | null;
}

export type SudoersEntry =
  | { kind: 'defaults'; scope: SudoersDefaultsScope; bindings: SudoersItem[]; settings: SudoersSetting[]; source: SourceLine }
  | { kind: 'alias'; type: SudoersAliasType; name: string; members: SudoersItem[]; source: SourceLine }
  | { kind: 'userSpec'; users: SudoersItem[]; privileges: SudoersPrivilege[]; source: SourceLine }
  | { kind: 'include'; directory: boolean; path: string; source: SourceLine };

export interface Sudoers {
  file: string;
  entries: SudoersEntry[];
}

const TAGS: readonly SudoersTagName[] = ['PASSWD', 'EXEC', 'SETENV', 'LOG_INPUT', 'LOG_OUTPUT', 'MAIL', 'FOLLOW', 'INTERCEPT'];
const TAG_RE = new RegExp(`^(NO)?(${TAGS.join('|')})[ \\t]*:`);
const OPTION_RE = /^(CWD|CHROOT|TIMEOUT|NOTBEFORE|NOTAFTER|ROLE|TYPE|APPARMOR_PROFILE|PRIVS|LIMITPRIVS)[ \t]*=[ \t]*/;
const DIGEST_RE = /^(sha224|sha256|sha384|sha512)[ \t]*:[ \t]*/;
const ALIAS_RE = /^(User_Alias|Runas_Alias|Host_Alias|Cmnd_Alias|Cmd_Alias)(?=[ \t])/;
const INCLUDE_RE = /^[#@]include(dir)?[ \t]+(.*)$/;
const SCOPES: Record<string, SudoersDefaultsScope> = { '@': 'host', ':': 'user', '!': 'command', '>': 'runas' };

/** An alias name as sudo's lexer sees one: upper case, digits and `_`, not `ALL`. */
export function isAliasName(word: string): boolean {
  return /^[A-Z][A-Z0-9_]*$/.test(word) && word !== 'ALL';
}

class SudoersSyntaxError extends Error {}

/** A cursor over one logical line. */
class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  get done(): boolean {
    this.skipSpace();
    return this.pos >= this.text.length;
  }
  peek(): string {
    return this.text[this.pos] ?? '';
  }
  rest(): string {
    return this.text.slice(this.pos);
  }
  skipSpace(): void {
    while (this.pos < this.text.length && (this.text[this.pos] === ' ' || this.text[this.pos] === '\t')) this.pos++;
  }
  eat(re: RegExp): RegExpExecArray | null {
    const m = re.exec(this.rest());
    if (m) this.pos += m[0].length;
    return m;
  }
  expect(ch: string, what: string): void {
    this.skipSpace();
    if (this.peek() !== ch) throw new SudoersSyntaxError(`expected "${ch}" ${what}${this.peek() ? `, found "${this.peek()}"` : ' at end of line'}`);
    this.pos++;
  }

  /** A word up to a blank or one of `stops`; backslash escapes and double quotes honoured. */
  word(stops: string): string {
    let out = '';
    const start = this.pos;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos]!;
      if (c === '\\' && this.pos + 1 < this.text.length) {
        out += this.text[this.pos + 1];
        this.pos += 2;
      } else if (c === '"') {
        const close = this.quotedEnd(this.pos);
        out += unescape(this.text.slice(this.pos + 1, close));
        this.pos = close + 1;
      } else if (c === ' ' || c === '\t' || stops.includes(c)) {
        break;
      } else {
        out += c;
        this.pos++;
      }
    }
    if (this.pos === start) throw new SudoersSyntaxError(this.peek() ? `unexpected "${this.peek()}"` : 'unexpected end of line');
    return out;
  }

  private quotedEnd(open: number): number {
    for (let i = open + 1; i < this.text.length; i++) {
      if (this.text[i] === '\\') i++;
      else if (this.text[i] === '"') return i;
    }
    throw new SudoersSyntaxError('unterminated double quote');
  }

  /** `!`* then a word. */
  item(stops: string): SudoersItem {
    this.skipSpace();
    let negated = false;
    while (this.peek() === '!') {
      negated = !negated;
      this.pos++;
      this.skipSpace();
    }
    // A non-Unix group (`%:name`) keeps its colon.
    const prefix = this.rest().startsWith('%:') ? '%:' : '';
    this.pos += prefix.length;
    return { value: prefix + this.word(stops), negated };
  }

  /** item (`,` item)* */
  list(stops: string): SudoersItem[] {
    const items = [this.item(`,${stops}`)];
    for (;;) {
      this.skipSpace();
      if (this.peek() !== ',') return items;
      this.pos++;
      items.push(this.item(`,${stops}`));
    }
  }

  /** A command and its arguments, up to an unescaped `,` or `:`; escapes `\,` `\:` `\=` `\\` resolved. */
  command(): string {
    this.skipSpace();
    let out = '';
    while (this.pos < this.text.length) {
      const c = this.text[this.pos]!;
      if (c === '\\' && this.pos + 1 < this.text.length) {
        const n = this.text[this.pos + 1]!;
        out += ',:=\\ #'.includes(n) ? n : `\\${n}`;
        this.pos += 2;
      } else if (c === ',' || c === ':') {
        break;
      } else {
        out += c;
        this.pos++;
      }
    }
    const cmd = out.replace(/[ \t]+/g, ' ').trim();
    if (cmd === '') throw new SudoersSyntaxError('missing command');
    const first = cmd.split(' ')[0]!;
    if (!first.startsWith('/') && first !== 'ALL' && first !== 'sudoedit' && first !== 'list' && !isAliasName(first)) {
      throw new SudoersSyntaxError(`expected a fully-qualified path name, found "${first.slice(0, 40)}"`);
    }
    return cmd;
  }
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

/**
 * Removes a trailing comment: a `#` that is not escaped and does not start a uid or gid
 * (`#1000`, `%#1000`). Double quotes protect a `#` only in Defaults values (`quotes`):
 * in a command sudo's lexer takes quotes literally and `"a#b"` ends at the `#`.
 */
export function stripComment(line: string, quotes = false): string {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\') i++;
    else if (c === '"' && quotes) quoted = !quoted;
    else if (c === '#' && !quoted && !/^#-?\d/.test(line.slice(i))) return line.slice(0, i);
  }
  return line;
}

/** True when the line ends in an unescaped backslash (blanks after it allowed). */
function continues(line: string): boolean {
  const m = /(\\+)[ \t]*$/.exec(line);
  return m !== null && m[1]!.length % 2 === 1;
}

function parseDefaults(s: Scanner): Omit<Extract<SudoersEntry, { kind: 'defaults' }>, 'source'> {
  s.eat(/^[ \t]*Defaults/);
  const binding = s.peek();
  const scope = SCOPES[binding] ?? 'global';
  let bindings: SudoersItem[] = [];
  if (scope !== 'global') {
    s.pos++;
    bindings = s.list('=');
  } else if (binding !== ' ' && binding !== '\t') {
    throw new SudoersSyntaxError('expected blank after "Defaults"');
  }
  const settings: SudoersSetting[] = [];
  do {
    s.skipSpace();
    let negated = false;
    while (s.peek() === '!') {
      negated = !negated;
      s.pos++;
      s.skipSpace();
    }
    const name = s.eat(/^[A-Za-z_][A-Za-z0-9_]*/)?.[0];
    if (name === undefined) throw new SudoersSyntaxError('expected a Defaults setting name');
    s.skipSpace();
    const op = s.eat(/^(\+=|-=|=)/)?.[0] as SudoersSetting['operator'] | undefined;
    let value: string | null = null;
    if (op) {
      s.skipSpace();
      value = s.word(',');
    }
    settings.push({ name, negated, operator: op ?? null, value });
    s.skipSpace();
  } while (s.eat(/^,/));
  if (!s.done) throw new SudoersSyntaxError(`unexpected "${s.rest().slice(0, 20)}" in Defaults`);
  return { kind: 'defaults', scope, bindings, settings };
}

function parseAliases(s: Scanner, source: SourceLine): SudoersEntry[] {
  const keyword = s.eat(/^[ \t]*(\w+)/)![1]!;
  const type = (keyword === 'Cmd_Alias' ? 'Cmnd_Alias' : keyword) as SudoersAliasType;
  const out: SudoersEntry[] = [];
  do {
    s.skipSpace();
    const name = s.eat(/^[A-Z][A-Z0-9_]*/)?.[0];
    if (name === undefined || name === 'ALL') throw new SudoersSyntaxError(`expected an alias name (upper case) after ${keyword}`);
    s.expect('=', `after alias name ${name}`);
    const members: SudoersItem[] = [];
    if (type === 'Cmnd_Alias') {
      do {
        s.skipSpace();
        let negated = false;
        while (s.peek() === '!') {
          negated = !negated;
          s.pos++;
          s.skipSpace();
        }
        if (s.eat(DIGEST_RE)) s.word(',:');
        members.push({ value: s.command(), negated });
        s.skipSpace();
      } while (s.eat(/^,/));
    } else {
      members.push(...s.list(':'));
    }
    out.push({ kind: 'alias', type, name, members, source });
    s.skipSpace();
  } while (s.eat(/^:/));
  if (!s.done) throw new SudoersSyntaxError(`unexpected "${s.rest().slice(0, 20)}" in ${keyword}`);
  return out;
}

function parseUserSpec(s: Scanner): Omit<Extract<SudoersEntry, { kind: 'userSpec' }>, 'source'> {
  const users = s.list('=():');
  const privileges: SudoersPrivilege[] = [];
  for (;;) {
    const hosts = s.list('=()');
    s.expect('=', 'after the host list');
    const priv: SudoersPrivilege = { hosts, commands: [] };
    privileges.push(priv);
    let runas: SudoersRunas | null = null;
    const tags: Partial<Record<SudoersTagName, boolean>> = {};
    const options: Record<string, string> = {};
    for (;;) {
      s.skipSpace();
      if (s.peek() === '(') {
        s.pos++;
        s.skipSpace();
        const runasUsers = s.peek() === ':' || s.peek() === ')' ? null : s.list(':)');
        let groups: SudoersItem[] | null = null;
        s.skipSpace();
        if (s.eat(/^:/)) {
          s.skipSpace();
          if (s.peek() !== ')') groups = s.list(')');
        }
        s.expect(')', 'to close the run-as list');
        // "()" means: as the invoking user only; keep it distinct from "no spec".
        runas = { users: runasUsers ?? (groups === null ? [] : null), groups };
      }
      let digest: string | undefined;
      for (;;) {
        s.skipSpace();
        const tag = s.eat(TAG_RE);
        if (tag) {
          tags[tag[2] as SudoersTagName] = tag[1] === undefined;
          continue;
        }
        const opt = s.eat(OPTION_RE);
        if (opt) {
          options[opt[1]!] = s.word(',:');
          continue;
        }
        break;
      }
      let negated = false;
      while (s.peek() === '!') {
        negated = !negated;
        s.pos++;
        s.skipSpace();
      }
      const dig = s.eat(DIGEST_RE);
      if (dig) {
        digest = dig[1]!;
        s.word(',:');
      }
      const command = s.command();
      priv.commands.push({ runas, tags: { ...tags }, options: { ...options }, command, negated, ...(digest ? { digest } : {}) });
      s.skipSpace();
      if (s.eat(/^,/)) continue;
      break;
    }
    if (s.done) break;
    if (!s.eat(/^:/)) throw new SudoersSyntaxError(`unexpected "${s.rest().slice(0, 20)}"`);
  }
  return { kind: 'userSpec', users, privileges };
}

function parseStatement(text: string, source: SourceLine): SudoersEntry[] {
  const s = new Scanner(text);
  if (/^[ \t]*Defaults([@:!> \t]|$)/.test(text)) return [{ ...parseDefaults(s), source }];
  if (ALIAS_RE.test(text.trimStart())) return parseAliases(s, source);
  return [{ ...parseUserSpec(s), source }];
}

/** Parses one sudoers file. Never throws. */
export function parseSudoers(text: string, file: string): ParseResult<Sudoers> {
  const entries: SudoersEntry[] = [];
  const errors: ParseError[] = [];
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const first = i + 1;
    const trimmed = lines[i]!.trim();
    const inc = INCLUDE_RE.exec(trimmed);
    if (inc) {
      const source: SourceLine = { file, line: first, text: trimmed };
      const path = includePath(inc[2]!);
      if (path === null) errors.push({ file, line: first, message: `invalid path in ${trimmed.split(/[ \t]/)[0]}` });
      else entries.push({ kind: 'include', directory: inc[1] !== undefined, path, source });
      continue;
    }
    if (trimmed.startsWith('#') && !/^#-?\d/.test(trimmed)) continue;
    const quotes = /^[ \t]*Defaults/.test(lines[i]!);
    let logical = stripComment(lines[i]!, quotes);
    while (continues(logical) && i + 1 < lines.length) {
      logical = `${logical.replace(/\\[ \t]*$/, '')} ${stripComment(lines[++i]!, quotes)}`;
    }
    if (continues(logical)) {
      errors.push({ file, line: i + 1, message: 'syntax error: line continuation at the end of the file' });
      continue;
    }
    if (logical.trim() === '') continue;
    const source: SourceLine = { file, line: first, text: logical.trim() };
    try {
      entries.push(...parseStatement(logical, source));
    } catch (err) {
      if (!(err instanceof SudoersSyntaxError)) throw err;
      errors.push({ file, line: first, message: `syntax error: ${err.message}` });
    }
  }
  return { model: { file, entries }, errors };
}

/** The path of an include directive: one word, plain (with `\ ` escapes) or double-quoted. */
function includePath(rest: string): string | null {
  const s = new Scanner(stripComment(rest, true).trim());
  try {
    const path = s.word('');
    return s.done && path !== '' ? path : null;
  } catch {
    return null;
  }
}
