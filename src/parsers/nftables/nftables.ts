/**
 * The nft script syntax of /etc/nftables.conf (and /etc/sysconfig/nftables.conf), as
 * `nft -f` reads it: `include` (with globs), `define`/`$var`, `flush ruleset`,
 * `table [family] name { chain ... { type filter hook input priority 0; policy drop; rules } set ... }`,
 * and the command forms (`add table`, `add chain`, `add rule`, `insert rule`, `add element`).
 * Newlines and `;` end statements; `#` starts a comment; a trailing `\` continues a line.
 *
 * Included files are read by the caller: the parser asks `resolveInclude` for the
 * files (path and text) an include names, so parsing stays free of I/O. Rules are parsed
 * into match, verdict, vmap and effect statements; an expression the parser does not know
 * becomes an `unknown` statement and a parse error.
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';
import { splitLines } from '../types.ts';
import { NFT_FAMILIES, type NftChain, type NftFamily, type NftOp, type NftRule, type NftRuleset, type NftSet, type NftStatement, type NftTable, type NftValue, type NftVerdict } from './model.ts';

type TokKind = 'word' | 'string' | '{' | '}' | '(' | ')' | ';' | ',' | 'nl';

interface Tok {
  kind: TokKind;
  text: string;
  file: string;
  line: number;
}

/** What an include resolves to: the files it names, in the order nft reads them. */
export interface IncludedFile {
  file: string;
  text: string;
}

export interface NftParseOptions {
  /**
   * Files named by `include "pattern"` in `fromFile`; null when a file named without
   * wildcards does not exist (nft refuses the whole ruleset then).
   */
  resolveInclude?: (pattern: string, fromFile: string) => IncludedFile[] | null;
}

const MAX_INCLUDE_DEPTH = 16;

/** Splits nft script text into tokens, dropping comments and line continuations. */
function lex(text: string, file: string, errors: ParseError[]): Tok[] {
  const out: Tok[] = [];
  const lines = splitLines(text);
  for (let n = 0; n < lines.length; n++) {
    const src = lines[n]!;
    const line = n + 1;
    let i = 0;
    let continued = false;
    while (i < src.length) {
      const c = src[i]!;
      if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
        i++;
        continue;
      }
      if (c === '#') break;
      if (c === '\\' && src.slice(i + 1).trim() === '') {
        continued = true;
        break;
      }
      if (c === '"') {
        const end = src.indexOf('"', i + 1);
        if (end < 0) {
          errors.push({ file, line, message: 'unterminated string' });
          out.push({ kind: 'string', text: src.slice(i + 1), file, line });
          i = src.length;
          continue;
        }
        out.push({ kind: 'string', text: src.slice(i + 1, end), file, line });
        i = end + 1;
        continue;
      }
      if ('{}();,'.includes(c)) {
        out.push({ kind: c as TokKind, text: c, file, line });
        i++;
        continue;
      }
      let j = i;
      while (j < src.length && !' \t\r\f\v{}();,"#'.includes(src[j]!)) j++;
      out.push({ kind: 'word', text: src.slice(i, j), file, line });
      i = j;
    }
    if (!continued) out.push({ kind: 'nl', text: '\n', file, line });
  }
  return out;
}

const CHAIN_PRIORITIES: Record<string, number> = { raw: -300, mangle: -150, dstnat: -100, filter: 0, security: 50, srcnat: 100, out: 100 };

/** Parses "0", "-150", "filter", "filter + 10", "mangle-5". */
export function parseNftPriority(text: string): number | null {
  const m = /^\s*([a-z]+|-?\d+)\s*(?:([+-])\s*(\d+))?\s*$/.exec(text);
  if (!m) return null;
  const base = /^-?\d+$/.test(m[1]!) ? Number(m[1]) : CHAIN_PRIORITIES[m[1]!];
  if (base === undefined) return null;
  const off = m[3] ? Number(m[3]) * (m[2] === '-' ? -1 : 1) : 0;
  return base + off;
}

const PAYLOAD = new Set([
  'ip', 'ip6', 'tcp', 'udp', 'udplite', 'sctp', 'dccp', 'th', 'icmp', 'icmpv6', 'igmp', 'ether', 'vlan', 'arp', 'ah', 'esp', 'comp',
  'hbh', 'rt0', 'rt2', 'srh', 'frag', 'dst', 'mh', 'gre', 'gretap', 'geneve', 'vxlan', 'cgroupv2',
]);
const BARE_META = new Set([
  'iif', 'iifname', 'iiftype', 'oif', 'oifname', 'oiftype', 'mark', 'skuid', 'skgid', 'nftrace', 'rtclassid', 'ibrname', 'obrname',
  'pkttype', 'cpu', 'iifgroup', 'oifgroup', 'cgroup', 'random', 'ipsec', 'iifkind', 'oifkind', 'time', 'day', 'hour', 'l4proto', 'nfproto',
]);
const OTHER_SELECTORS = new Set(['rt', 'socket', 'osf', 'numgen', 'jhash', 'symhash', 'exthdr', 'tunnel', 'xfrm', 'fib', 'ct', 'meta']);
const OPS: Record<string, NftOp> = { '==': '==', eq: '==', '!=': '!=', ne: '!=', '<': '<', lt: '<', '>': '>', gt: '>', '<=': '<=', le: '<=', '>=': '>=', ge: '>=' };
const VERDICTS = new Set(['accept', 'drop', 'reject', 'return', 'continue', 'jump', 'goto', 'queue']);
const EFFECTS_TO_END = new Set(['snat', 'dnat', 'masquerade', 'redirect', 'tproxy', 'dup', 'fwd', 'synproxy', 'flow', 'xt']);

const isSelectorStart = (w: string) => PAYLOAD.has(w) || BARE_META.has(w) || OTHER_SELECTORS.has(w);
const isStatementStart = (w: string) =>
  isSelectorStart(w) || VERDICTS.has(w) || EFFECTS_TO_END.has(w) ||
  ['counter', 'log', 'limit', 'quota', 'comment', 'notrack', 'meter', 'add', 'update', 'delete', 'set'].includes(w);

type CommandMode = 'add' | 'create' | 'insert' | 'replace' | 'delete';

class Parser {
  readonly errors: ParseError[] = [];
  readonly tables: NftTable[] = [];
  private readonly vars = new Map<string, Tok[]>();
  private readonly lines = new Map<string, string[]>();

  constructor(private readonly options: NftParseOptions) {}

  private err(t: { file: string; line: number } | undefined, message: string, fallback?: { file: string; line: number }): void {
    const at = t ?? fallback ?? { file: '?', line: 1 };
    this.errors.push({ file: at.file, line: at.line, message });
  }

  private sourceOf(t: Tok): SourceLine {
    return { file: t.file, line: t.line, text: this.lines.get(t.file)?.[t.line - 1] ?? '' };
  }

  parseFile(text: string, file: string, depth: number): void {
    this.lines.set(file, splitLines(text));
    const toks = lex(text, file, this.errors);
    const last = toks[toks.length - 1];
    for (const stmt of this.split(toks, last)) this.top(stmt, depth);
  }

  /** Splits tokens into statements at `;` and newlines outside braces, checking brace balance. */
  private split(toks: readonly Tok[], endTok?: Tok): Tok[][] {
    const out: Tok[][] = [];
    let cur: Tok[] = [];
    const stack: Tok[] = [];
    for (const t of toks) {
      if (stack.length === 0 && (t.kind === ';' || t.kind === 'nl')) {
        if (cur.length > 0) out.push(cur);
        cur = [];
        continue;
      }
      if (t.kind === '{' || t.kind === '(') stack.push(t);
      else if (t.kind === '}' || t.kind === ')') {
        const open = stack.pop();
        if (!open) {
          this.err(t, `unexpected "${t.text}"`);
          continue;
        }
        if ((open.kind === '{') !== (t.kind === '}')) this.err(t, `"${t.text}" does not close "${open.text}" of line ${open.line}`);
      }
      cur.push(t);
    }
    if (stack.length > 0) {
      this.err(stack[0], `"${stack[0]!.text}" is never closed`, endTok);
      // Close what is open so that the content is still read.
      for (let k = stack.length - 1; k >= 0; k--) cur.push({ ...stack[k]!, kind: stack[k]!.kind === '{' ? '}' : ')', text: stack[k]!.kind === '{' ? '}' : ')' });
    }
    if (cur.length > 0) out.push(cur);
    return out;
  }

  /** Replaces `$name` words by the tokens of their definition. */
  private expand(toks: readonly Tok[], depth = 0): Tok[] {
    const out: Tok[] = [];
    for (const t of toks) {
      if (t.kind === 'word' && t.text.startsWith('$')) {
        const v = this.vars.get(t.text.slice(1));
        if (!v) {
          this.err(t, `undefined variable ${t.text}`);
          out.push(t);
          continue;
        }
        if (depth > 8) {
          this.err(t, `variable ${t.text} expands too deeply`);
          continue;
        }
        out.push(...this.expand(v.map((x) => ({ ...x, file: t.file, line: t.line })), depth + 1));
      } else out.push(t);
    }
    return out;
  }

  /** The tokens inside the braces (or parentheses) starting at index `i`, and the index after them. */
  private block(toks: readonly Tok[], i: number): { inner: Tok[]; next: number } | null {
    if (toks[i]?.kind !== '{' && toks[i]?.kind !== '(') return null;
    let depth = 0;
    for (let j = i; j < toks.length; j++) {
      const k = toks[j]!.kind;
      if (k === '{' || k === '(') depth++;
      else if (k === '}' || k === ')') {
        depth--;
        if (depth === 0) return { inner: toks.slice(i + 1, j), next: j + 1 };
      }
    }
    return { inner: toks.slice(i + 1), next: toks.length };
  }

  private family(toks: readonly Tok[], i: number): { family: NftFamily; next: number } {
    const w = toks[i]?.text;
    if (toks[i]?.kind === 'word' && (NFT_FAMILIES as readonly string[]).includes(w ?? '') && toks[i + 1] && toks[i + 1]!.kind !== '{') {
      return { family: w as NftFamily, next: i + 1 };
    }
    return { family: 'ip', next: i };
  }

  private findTable(family: NftFamily, name: string): NftTable | undefined {
    return this.tables.find((t) => t.family === family && t.name === name);
  }

  private table(family: NftFamily, name: string, at: Tok): NftTable {
    let t = this.findTable(family, name);
    if (!t) {
      t = { family, name, source: this.sourceOf(at), dormant: false, chains: [], sets: [] };
      this.tables.push(t);
    }
    return t;
  }

  private chain(table: NftTable, name: string, at: Tok): NftChain {
    let c = table.chains.find((x) => x.name === name);
    if (!c) {
      c = { name, source: this.sourceOf(at), rules: [] };
      table.chains.push(c);
    }
    return c;
  }

  private name(t: Tok | undefined, what: string, stmt: readonly Tok[]): string | null {
    if (!t || (t.kind !== 'word' && t.kind !== 'string')) {
      this.err(t ?? stmt[stmt.length - 1], `${what} name expected`);
      return null;
    }
    return t.text;
  }

  private top(stmt0: Tok[], depth: number): void {
    const stmt = stmt0;
    const head = stmt[0]!;
    let kw = head.text;
    let i = 1;
    if (kw === 'include') {
      const p = stmt[1];
      if (!p || p.kind !== 'string') return this.err(head, 'include needs a quoted file name');
      if (depth >= MAX_INCLUDE_DEPTH) return this.err(head, 'includes nested too deeply');
      const files = this.options.resolveInclude?.(p.text, head.file);
      if (files === null || files === undefined) {
        if (files === null) this.err(head, `included file ${p.text} does not exist: nft refuses the whole ruleset`);
        return;
      }
      for (const f of files) this.parseFile(f.text, f.file, depth + 1);
      return;
    }
    if (kw === 'define' || kw === 'redefine') {
      const name = stmt[1];
      if (!name || name.kind !== 'word' || stmt[2]?.text !== '=') return this.err(head, 'expected "define name = value"');
      this.vars.set(name.text, this.expand(stmt.slice(3)));
      return;
    }
    if (kw === 'undefine') {
      this.vars.delete(stmt[1]?.text ?? '');
      return;
    }
    if (kw === 'flush') return this.flush(stmt);
    let mode: CommandMode = 'add';
    if (['add', 'create', 'insert', 'replace', 'delete', 'destroy'].includes(kw)) {
      mode = kw === 'destroy' ? 'delete' : (kw as CommandMode);
      kw = stmt[1]?.text ?? '';
      i = 2;
    }
    switch (kw) {
      case 'table': {
        const f = this.family(stmt, i);
        const name = this.name(stmt[f.next], 'table', stmt);
        if (name === null) return;
        if (mode === 'delete') {
          const t = this.findTable(f.family, name);
          if (t) this.tables.splice(this.tables.indexOf(t), 1);
          return;
        }
        if (mode === 'create' && this.findTable(f.family, name)) this.err(head, `table ${name} already exists`);
        const table = this.table(f.family, name, head);
        const b = this.block(stmt, f.next + 1);
        if (b) this.tableBody(table, b.inner);
        else if (stmt.length > f.next + 1) this.err(stmt[f.next + 1], 'unexpected words after table name');
        return;
      }
      case 'chain': {
        const f = this.family(stmt, i);
        const tname = this.name(stmt[f.next], 'table', stmt);
        const cname = this.name(stmt[f.next + 1], 'chain', stmt);
        if (tname === null || cname === null) return;
        const table = this.findTable(f.family, tname);
        if (!table) return this.err(head, `table ${f.family} ${tname} does not exist`);
        if (mode === 'delete') {
          table.chains = table.chains.filter((c) => c.name !== cname);
          return;
        }
        const chain = this.chain(table, cname, head);
        const b = this.block(stmt, f.next + 2);
        if (b) this.chainBody(chain, b.inner);
        return;
      }
      case 'rule': {
        const f = this.family(stmt, i);
        const tname = this.name(stmt[f.next], 'table', stmt);
        const cname = this.name(stmt[f.next + 1], 'chain', stmt);
        if (tname === null || cname === null) return;
        const table = this.findTable(f.family, tname);
        if (!table) return this.err(head, `table ${f.family} ${tname} does not exist`);
        const chain = table.chains.find((c) => c.name === cname);
        if (!chain) return this.err(head, `chain ${cname} does not exist in table ${f.family} ${tname}`);
        if (mode === 'delete') return this.err(head, 'deleting a rule by handle is not supported in a configuration file');
        let j = f.next + 2;
        let index: number | null = null;
        if (['position', 'handle', 'index'].includes(stmt[j]?.text ?? '')) {
          const kind = stmt[j]!.text;
          const n = Number(stmt[j + 1]?.text);
          if (kind === 'index' && Number.isInteger(n)) index = n;
          else if (kind !== 'index') this.err(stmt[j], `rule ${kind} cannot be resolved in a configuration file; the rule is ${mode === 'insert' ? 'put first' : 'appended'}`);
          j += 2;
        }
        const rule = this.rule(stmt.slice(j), stmt[j] ?? head);
        if (!rule) return;
        if (mode === 'insert') chain.rules.splice(index ?? 0, 0, rule);
        else if (mode === 'replace') this.err(head, 'replace rule needs a handle, which a configuration file cannot know');
        else if (index !== null) chain.rules.splice(index + 1, 0, rule);
        else chain.rules.push(rule);
        return;
      }
      case 'set':
      case 'map': {
        const f = this.family(stmt, i);
        const tname = this.name(stmt[f.next], 'table', stmt);
        const sname = this.name(stmt[f.next + 1], 'set', stmt);
        if (tname === null || sname === null) return;
        const table = this.findTable(f.family, tname);
        if (!table) return this.err(head, `table ${f.family} ${tname} does not exist`);
        if (mode === 'delete') {
          table.sets = table.sets.filter((s) => s.name !== sname);
          return;
        }
        const b = this.block(stmt, f.next + 2);
        this.setDecl(table, sname, kw === 'map', b?.inner ?? [], head);
        return;
      }
      case 'element': {
        const f = this.family(stmt, i);
        const tname = this.name(stmt[f.next], 'table', stmt);
        const sname = this.name(stmt[f.next + 1], 'set', stmt);
        if (tname === null || sname === null) return;
        const set = this.findTable(f.family, tname)?.sets.find((s) => s.name === sname);
        if (!set) return this.err(head, `set ${sname} does not exist in table ${f.family} ${tname}`);
        const b = this.block(stmt, f.next + 2);
        if (!b) return this.err(head, 'elements must be given in braces');
        if (mode === 'delete') return;
        this.elements(set, b.inner);
        return;
      }
      case 'counter':
      case 'quota':
      case 'flowtable':
      case 'ct':
      case 'limit':
      case 'secmark':
      case 'synproxy':
        return; // Stateful objects: no effect on which packets pass by themselves.
      default:
        this.err(head, `unknown command "${stmt.map((t) => t.text).slice(0, 3).join(' ')}"`);
    }
  }

  private flush(stmt: Tok[]): void {
    const what = stmt[1]?.text;
    if (what === 'ruleset') {
      const fam = stmt[2]?.text;
      if (fam && (NFT_FAMILIES as readonly string[]).includes(fam)) {
        for (let k = this.tables.length - 1; k >= 0; k--) if (this.tables[k]!.family === fam) this.tables.splice(k, 1);
      } else this.tables.length = 0;
      return;
    }
    const f = this.family(stmt, 2);
    const table = this.findTable(f.family, stmt[f.next]?.text ?? '');
    if (what === 'table') {
      if (table) for (const c of table.chains) c.rules = [];
      return;
    }
    if (what === 'chain') {
      const c = table?.chains.find((x) => x.name === stmt[f.next + 1]?.text);
      if (c) c.rules = [];
      return;
    }
    if (what === 'set' || what === 'map') {
      const s = table?.sets.find((x) => x.name === stmt[f.next + 1]?.text);
      if (s) {
        s.elements = [];
        s.mapEntries = [];
      }
      return;
    }
    this.err(stmt[0], `unknown flush "${what ?? ''}"`);
  }

  private tableBody(table: NftTable, inner: Tok[]): void {
    for (const stmt of this.split(inner)) {
      const head = stmt[0]!;
      switch (head.text) {
        case 'chain': {
          const name = this.name(stmt[1], 'chain', stmt);
          if (name === null) break;
          const chain = this.chain(table, name, head);
          const b = this.block(stmt, 2);
          if (b) this.chainBody(chain, b.inner);
          else this.err(head, 'chain body expected in braces');
          break;
        }
        case 'set':
        case 'map': {
          const name = this.name(stmt[1], 'set', stmt);
          if (name === null) break;
          const b = this.block(stmt, 2);
          if (!b) this.err(head, `${head.text} body expected in braces`);
          this.setDecl(table, name, head.text === 'map', b?.inner ?? [], head);
          break;
        }
        case 'flags':
          if (stmt.slice(1).some((t) => t.text === 'dormant')) table.dormant = true;
          break;
        case 'comment':
        case 'flowtable':
        case 'counter':
        case 'quota':
        case 'ct':
        case 'limit':
        case 'secmark':
        case 'synproxy':
          break;
        default:
          this.err(head, `unknown table statement "${head.text}"`);
      }
    }
  }

  private chainBody(chain: NftChain, inner: Tok[]): void {
    for (const stmt0 of this.split(inner)) {
      const stmt = this.expand(stmt0);
      const head = stmt[0];
      if (!head) continue;
      if (head.text === 'type') {
        const words = stmt.map((t) => t.text);
        const hookAt = words.indexOf('hook');
        const prioAt = words.indexOf('priority');
        const devAt = words.indexOf('device');
        if (hookAt < 0 || prioAt < 0) {
          this.err(head, 'base chain needs "type <type> hook <hook> priority <priority>"');
          continue;
        }
        const prioText = words.slice(prioAt + 1).join(' ');
        const priority = parseNftPriority(prioText);
        if (priority === null) this.err(stmt[prioAt], `cannot read priority "${prioText}"`);
        const base = chain.base;
        chain.base = {
          type: words[1] ?? '',
          hook: words[hookAt + 1] ?? '',
          priority: priority ?? 0,
          policy: base?.policy ?? 'accept',
          policySource: base?.policySource ?? this.sourceOf(head),
        };
        if (devAt >= 0 && words[devAt + 1]) chain.base.device = words[devAt + 1];
        continue;
      }
      if (head.text === 'policy') {
        const p = stmt[1]?.text;
        if (p !== 'accept' && p !== 'drop') {
          this.err(head, `policy must be accept or drop, not "${p ?? ''}"`);
          continue;
        }
        if (!chain.base) {
          this.err(head, 'policy set on a chain that is not a base chain (give "type ... hook ..." first)');
          continue;
        }
        chain.base.policy = p;
        chain.base.policySource = this.sourceOf(head);
        continue;
      }
      if (head.text === 'comment' || head.text === 'devices' || head.text === 'device') continue;
      const rule = this.rule(stmt, head);
      if (rule) chain.rules.push(rule);
    }
  }

  private setDecl(table: NftTable, name: string, isMap: boolean, inner: Tok[], at: Tok): void {
    let set = table.sets.find((s) => s.name === name);
    if (!set) {
      set = { name, source: this.sourceOf(at), isMap, flags: [], elements: [], mapEntries: [] };
      table.sets.push(set);
    }
    for (const stmt0 of this.split(inner)) {
      const stmt = this.expand(stmt0);
      const head = stmt[0]!;
      switch (head.text) {
        case 'type':
        case 'typeof':
          set.type = stmt
            .slice(1)
            .map((t) => t.text)
            .join(' ');
          break;
        case 'flags':
          set.flags.push(...stmt.slice(1).filter((t) => t.kind === 'word').map((t) => t.text));
          break;
        case 'elements': {
          const b = this.block(stmt, stmt[1]?.text === '=' ? 2 : 1);
          if (!b) this.err(head, 'elements must be given as "elements = { ... }"');
          else this.elements(set, b.inner);
          break;
        }
        case 'timeout':
        case 'gc-interval':
        case 'size':
        case 'policy':
        case 'auto-merge':
        case 'counter':
        case 'comment':
          break;
        default:
          this.err(head, `unknown set statement "${head.text}"`);
      }
    }
  }

  private elements(set: NftSet, inner: Tok[]): void {
    for (const el of flatElements(this.expand(inner))) {
      if (set.isMap) {
        const colon = el.findIndex((t) => t.text === ':');
        if (colon < 0) {
          this.err(el[0], 'map element needs "key : value"');
          continue;
        }
        const verdict = verdictFrom(el.slice(colon + 1));
        if (verdict) set.mapEntries.push({ keys: [valueOfElement(el.slice(0, colon))], verdict });
      } else set.elements.push(valueOfElement(el));
    }
  }

  /** Parses one rule into statements. */
  rule(toks0: Tok[], at: Tok): NftRule | null {
    const toks = this.expand(toks0).filter((t) => t.kind !== 'nl');
    const statements: NftStatement[] = [];
    const source = this.sourceOf(at);
    let i = 0;
    const word = (k: number) => (toks[k]?.kind === 'word' ? toks[k]!.text : undefined);
    /** Keeps what was read and the rest as one unknown statement. */
    const unknown = (k: number, why: string): NftRule => {
      this.err(toks[k] ?? at, why);
      statements.push({ kind: 'unknown', text: toks.slice(k).map((t) => t.text).join(' ') });
      return { source, statements };
    };
    while (i < toks.length) {
      const t = toks[i]!;
      const w = t.kind === 'word' ? t.text : '';
      if (VERDICTS.has(w)) {
        if (w === 'jump' || w === 'goto') {
          const target = toks[i + 1];
          if (!target || (target.kind !== 'word' && target.kind !== 'string')) return unknown(i, `${w} needs a chain name`);
          statements.push({ kind: 'verdict', verdict: { kind: w, chain: target.text } });
          i += 2;
          continue;
        }
        statements.push({ kind: 'verdict', verdict: { kind: w as 'accept' } });
        i++;
        if (w === 'reject' && word(i) === 'with') {
          i += 2; // with icmp|icmpv6|icmpx|tcp
          if (word(i) === 'type') i++;
          i++; // the type or "reset"
        }
        if (w === 'queue') while (i < toks.length && !isStatementStart(word(i) ?? '')) i++;
        continue;
      }
      if (w === 'counter') {
        i++;
        if (word(i) === 'name') i += 2;
        while (word(i) === 'packets' || word(i) === 'bytes') i += 2;
        statements.push({ kind: 'effect', text: 'counter' });
        continue;
      }
      if (w === 'log') {
        i++;
        while (['prefix', 'level', 'flags', 'group', 'snaplen', 'queue-threshold'].includes(word(i) ?? '')) {
          const key = word(i);
          i += 2;
          if (key === 'flags') while (toks[i]?.kind === ',') i += 2;
        }
        statements.push({ kind: 'effect', text: 'log' });
        continue;
      }
      if (w === 'comment') {
        statements.push({ kind: 'effect', text: `comment "${toks[i + 1]?.text ?? ''}"` });
        i += 2;
        continue;
      }
      if (w === 'limit' || w === 'quota') {
        const start = i;
        i++;
        while (i < toks.length && !isStatementStart(word(i) ?? '') && toks[i]!.kind !== '{') i++;
        statements.push({ kind: 'rate', text: toks.slice(start, i).map((x) => x.text).join(' ') });
        continue;
      }
      if (w === 'meter' || ((w === 'add' || w === 'update' || w === 'delete') && (word(i + 1) ?? '').startsWith('@'))) {
        const start = i;
        const b = toks.findIndex((x, k) => k > i && x.kind === '{');
        const blk = b >= 0 ? this.block(toks, b) : null;
        i = blk ? blk.next : toks.length;
        statements.push({ kind: w === 'meter' ? 'rate' : 'effect', text: toks.slice(start, i).map((x) => x.text).join(' ') });
        continue;
      }
      if (w === 'notrack') {
        statements.push({ kind: 'effect', text: w });
        i++;
        continue;
      }
      if (EFFECTS_TO_END.has(w)) {
        statements.push({ kind: 'effect', text: toks.slice(i).map((x) => x.text).join(' ') });
        i = toks.length;
        continue;
      }
      if (isSelectorStart(w)) {
        const r = this.expression(toks, i);
        if (!r) return unknown(i, `cannot read expression at "${w}"`);
        statements.push(r.statement);
        i = r.next;
        continue;
      }
      return unknown(i, `unknown expression "${t.text}"`);
    }
    if (statements.length === 0) return null;
    return { source, statements };
  }

  /** A selector and what follows it: a match, a vmap, or a `set` effect. */
  private expression(toks: Tok[], start: number): { statement: NftStatement; next: number } | null {
    let i = start;
    const word = (k: number) => (toks[k]?.kind === 'word' ? toks[k]!.text : undefined);
    const selector = (): string | null => {
      const w = word(i);
      if (!w) return null;
      if (PAYLOAD.has(w)) {
        const f = word(i + 1);
        if (!f || isStatementStart(f)) {
          // "meta l4proto tcp" is spelled "tcp" alone in some positions: not a selector here.
          return null;
        }
        i += 2;
        if (f === 'option') {
          const parts = [w, f, word(i) ?? ''];
          i++;
          if (word(i) && !OPS[word(i)!] && !['set', 'vmap', 'exists', 'missing'].includes(word(i)!)) parts.push(word(i++)!);
          return parts.join(' ');
        }
        return `${w} ${f}`;
      }
      if (w === 'meta') {
        const k = word(i + 1);
        if (!k) return null;
        i += 2;
        return `meta ${k}`;
      }
      if (BARE_META.has(w)) {
        i++;
        return `meta ${w}`;
      }
      if (w === 'ct') {
        const parts = ['ct'];
        i++;
        if (word(i) === 'original' || word(i) === 'reply') parts.push(word(i++)!);
        if (word(i) === 'ip' || word(i) === 'ip6') i++;
        const k = word(i);
        if (!k) return null;
        parts.push(k);
        i++;
        return parts.join(' ');
      }
      if (w === 'fib') {
        const parts = ['fib'];
        i++;
        while (i < toks.length) {
          const x = word(i);
          if (!x) break;
          parts.push(x);
          i++;
          if (x === 'oif' || x === 'oifname' || x === 'type') break;
        }
        return parts.join(' ');
      }
      // rt, socket, osf, numgen, jhash, exthdr, ...: keep two words.
      const k = word(i + 1);
      i += k && !OPS[k] ? 2 : 1;
      return k && !OPS[k] ? `${w} ${k}` : w;
    };
    let left = selector();
    if (left === null) return null;
    // Concatenations and bitwise expressions: read on, the result is not a plain selector.
    while (word(i) === '.' || ['&', '|', '^', '<<', '>>'].includes(word(i) ?? '')) {
      const op = word(i)!;
      i++;
      if (op === '.') {
        const more = isSelectorStart(word(i) ?? '') ? selector() : word(i++) ?? '';
        left = `${left} . ${more}`;
      } else if (toks[i]?.kind === '(') {
        const end = toks.findIndex((x, k) => k > i && x.kind === ')');
        left = `${left} ${op} (${toks.slice(i + 1, end < 0 ? toks.length : end).map((x) => x.text).join('')})`;
        i = end < 0 ? toks.length : end + 1;
      } else left = `${left} ${op} ${word(i++) ?? ''}`;
    }
    const w = word(i);
    if (w === 'set') {
      // One value expression: a literal, a block, or another selector, joined by bitwise operators.
      i++;
      const operand = () => {
        if (toks[i]?.kind === '{' || toks[i]?.kind === '(') i = this.block(toks, i)?.next ?? toks.length;
        else if (isSelectorStart(word(i) ?? '')) selector();
        else i++;
      };
      operand();
      while (['|', '&', '^', 'and', 'or', 'xor', 'map', '<<', '>>'].includes(word(i) ?? '')) {
        i++;
        operand();
      }
      return { statement: { kind: 'effect', text: `${left} set ...` }, next: i };
    }
    if (w === 'vmap') {
      i++;
      if (word(i)?.startsWith('@')) return { statement: { kind: 'vmap', left, entries: [], mapRef: word(i)!.slice(1) }, next: i + 1 };
      const b = this.block(toks, i);
      if (!b) return null;
      const entries: { keys: NftValue[]; verdict: NftVerdict }[] = [];
      for (const el of splitComma(b.inner)) {
        const colon = el.findIndex((t) => t.text === ':');
        const v = colon >= 0 ? verdictFrom(el.slice(colon + 1)) : null;
        if (!v) {
          this.err(el[0] ?? toks[i], 'vmap element needs "key : verdict"');
          continue;
        }
        entries.push({ keys: [valueOfElement(el.slice(0, colon))], verdict: v });
      }
      return { statement: { kind: 'vmap', left, entries }, next: b.next };
    }
    if (left === 'ct count') {
      // "ct count over 10": holds for some connections only, like a rate limit.
      const s = i;
      while (i < toks.length && !isStatementStart(word(i) ?? '')) i++;
      return { statement: { kind: 'rate', text: `ct count ${toks.slice(s, i).map((x) => x.text).join(' ')}` }, next: i };
    }
    let op: NftOp = '==';
    if (w && OPS[w]) {
      op = OPS[w];
      i++;
    }
    const right: NftValue[] = [];
    const first = toks[i];
    if (!first) return null;
    if (first.kind === '{') {
      const b = this.block(toks, i)!;
      for (const el of flatElements(b.inner)) right.push(valueOfElement(el));
      i = b.next;
    } else if (first.kind === '(') {
      const b = this.block(toks, i);
      const end = toks.findIndex((x, k) => k > i && x.kind === ')');
      right.push({ kind: 'other', text: toks.slice(i, end < 0 ? toks.length : end + 1).map((x) => x.text).join(' ') });
      i = b ? b.next : end < 0 ? toks.length : end + 1;
    } else if (first.kind === 'word' || first.kind === 'string') {
      if (first.kind === 'word' && isStatementStart(first.text) && !['tcp', 'udp', 'icmp', 'icmpv6', 'sctp', 'dccp', 'udplite', 'ip', 'ip6', 'igmp', 'esp', 'ah', 'gre', 'mark', 'random'].includes(first.text)) return null;
      right.push(first.kind === 'word' && first.text.startsWith('@') ? { kind: 'setref', name: first.text.slice(1) } : { kind: 'literal', text: first.text });
      i++;
      // Comma lists: "ct state established,related", "tcp dport 22,80" (some versions).
      while (toks[i]?.kind === ',' && toks[i + 1] && (toks[i + 1]!.kind === 'word' || toks[i + 1]!.kind === 'string')) {
        right.push({ kind: 'literal', text: toks[i + 1]!.text });
        i += 2;
      }
      // Concatenated values "10.0.0.1 . 22".
      while (word(i) === '.' && toks[i + 1]) {
        const prev = right.pop()!;
        right.push({ kind: 'other', text: `${prev.kind === 'setref' ? `@${prev.name}` : prev.text} . ${toks[i + 1]!.text}` });
        i += 2;
      }
    } else return null;
    return { statement: { kind: 'match', left, op, right }, next: i };
  }
}

function splitComma(toks: readonly Tok[]): Tok[][] {
  const out: Tok[][] = [];
  let cur: Tok[] = [];
  let depth = 0;
  for (const t of toks) {
    if (t.kind === 'nl') continue;
    if (t.kind === '{' || t.kind === '(') depth++;
    if (t.kind === '}' || t.kind === ')') depth--;
    if (t.kind === ',' && depth === 0) {
      if (cur.length > 0) out.push(cur);
      cur = [];
      continue;
    }
    cur.push(t);
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

/** Elements of a set, with nested sets (from variables such as `define LAN = { ... }`) flattened as nft does. */
function flatElements(toks: readonly Tok[]): Tok[][] {
  const out: Tok[][] = [];
  for (const el of splitComma(toks)) {
    if (el.length >= 2 && el[0]!.kind === '{' && el[el.length - 1]!.kind === '}') out.push(...flatElements(el.slice(1, -1)));
    else out.push(el);
  }
  return out;
}

/** An element of a set: its key, without `timeout`, `expires`, `comment`, `counter` annotations. */
function valueOfElement(el: readonly Tok[]): NftValue {
  const stop = el.findIndex((t, k) => k > 0 && ['timeout', 'expires', 'comment', 'counter'].includes(t.text));
  const key = stop < 0 ? el : el.slice(0, stop);
  if (key.length === 1) {
    const t = key[0]!;
    if (t.kind === 'word' && t.text.startsWith('@')) return { kind: 'setref', name: t.text.slice(1) };
    return { kind: 'literal', text: t.text };
  }
  return { kind: 'other', text: key.map((t) => t.text).join(' ') };
}

function verdictFrom(toks: readonly Tok[]): NftVerdict | null {
  const w = toks[0]?.text;
  if (w === 'jump' || w === 'goto') {
    const c = toks[1]?.text;
    return c ? { kind: w, chain: c } : null;
  }
  if (w && VERDICTS.has(w)) return { kind: w as 'accept' };
  return null;
}

/** Include patterns named in a file, in order (to read them before parsing). */
export function listNftIncludes(text: string, file: string): string[] {
  const errors: ParseError[] = [];
  const toks = lex(text, file, errors);
  const out: string[] = [];
  let startOfStatement = true;
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if (t.kind === 'nl' || t.kind === ';') {
      startOfStatement = true;
      continue;
    }
    if (startOfStatement && t.kind === 'word' && t.text === 'include' && toks[k + 1]?.kind === 'string') out.push(toks[k + 1]!.text);
    startOfStatement = false;
  }
  return out;
}

/** Parses an nft script (and what it includes, through `options.resolveInclude`). Never throws. */
export function parseNftables(text: string, file: string, options: NftParseOptions = {}): ParseResult<NftRuleset> {
  const p = new Parser(options);
  try {
    p.parseFile(text, file, 0);
  } catch (e) {
    // A defect of this parser must not stop the audit: report it like a syntax error.
    p.errors.push({ file, line: 1, message: `could not parse: ${e instanceof Error ? e.message : String(e)}` });
  }
  return { model: { tables: p.tables }, errors: p.errors };
}
