/**
 * The iptables-restore format, as written by `iptables-save` / `ip6tables-save` and kept in
 * /etc/iptables/rules.v4, rules.v6 (iptables-persistent), /etc/sysconfig/iptables and
 * ip6tables (iptables-services) and ufw's *.rules files:
 *
 *   *filter                          a table, up to COMMIT
 *   :INPUT DROP [0:0]                a chain and its policy ("-" for a user chain)
 *   -A INPUT -p tcp --dport 22 -j ACCEPT
 *   COMMIT
 *
 * Rule lines are iptables command lines without the program name: -A, -I, -D, -R, -N, -X,
 * -F, -P and -Z are applied in order, so the model is the ruleset the table holds after
 * iptables-restore has read it. Options are split the way iptables does: generic options
 * (-p, -s, -d, -i, -o, -f), then `-m name` matches and a `-j`/`-g` target each followed by
 * their own `--options` (an option without `-m` belongs to the match implied by `-p`).
 * Addresses and port values are kept as written; their meaning is judged by the evaluator.
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';
import { splitLines } from '../types.ts';

/** A value with the `!` that may precede it. */
export interface Negatable<T> {
  value: T;
  negated: boolean;
}

/** One `--option [values]` of a match or a target. */
export interface IptablesOption {
  /** Name without the leading dashes: "dport", "ctstate", "match-set". */
  name: string;
  negated: boolean;
  values: string[];
}

export interface IptablesMatch {
  /** "tcp", "multiport", "conntrack", "set", ... */
  name: string;
  /** True when loaded implicitly by `-p tcp` rather than by `-m`. */
  implicit: boolean;
  options: IptablesOption[];
}

export interface IptablesTarget {
  /** "ACCEPT", "DROP", "REJECT", "RETURN", "LOG", or a user chain. */
  name: string;
  /** `-g` (goto) rather than `-j` (jump). */
  goto: boolean;
  options: IptablesOption[];
}

export interface IptablesRule {
  chain: string;
  source: SourceLine;
  protocol?: Negatable<string>;
  /** `-s`: one or more addresses or networks (a comma list expands into one rule each in iptables). */
  src?: Negatable<string[]>;
  dst?: Negatable<string[]>;
  inInterface?: Negatable<string>;
  outInterface?: Negatable<string>;
  /** `-f` (second and further fragments). */
  fragment?: { negated: boolean };
  matches: IptablesMatch[];
  target?: IptablesTarget;
  /** `-4` / `-6`: the line applies to one family only (files shared by iptables and ip6tables). */
  onlyFamily?: 'ipv4' | 'ipv6';
}

export interface IptablesChain {
  name: string;
  builtin: boolean;
  /** "ACCEPT" or "DROP" for a built-in chain, null for a user chain. */
  policy: string | null;
  /** The declaration (or the table line for a built-in chain that was not declared). */
  source: SourceLine;
  /** True when the chain was not declared and exists only because it is built in. */
  implicit: boolean;
  rules: IptablesRule[];
}

export interface IptablesTable {
  name: string;
  source: SourceLine;
  /** The table ended with COMMIT (iptables-restore discards a table without it). */
  committed: boolean;
  chains: IptablesChain[];
}

export interface IptablesRuleset {
  /** Backend named in the iptables-save header comment, when present. */
  backend: 'nf_tables' | 'legacy' | null;
  tables: IptablesTable[];
}

/** Built-in chains of each table. */
export const BUILTIN_CHAINS: Record<string, readonly string[]> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};

interface Token {
  text: string;
  quoted: boolean;
}

/** Splits a rule line like iptables-restore: blanks separate, quotes group, backslash escapes in quotes. */
export function tokenizeIptablesLine(line: string): { tokens: Token[]; error?: string } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    let text = '';
    let quoted = false;
    while (i < line.length && line[i] !== ' ' && line[i] !== '\t') {
      const q = line[i]!;
      if (q === '"' || q === "'") {
        quoted = true;
        i++;
        let closed = false;
        while (i < line.length) {
          const d = line[i]!;
          if (d === '\\' && q === '"' && i + 1 < line.length) {
            text += line[i + 1];
            i += 2;
            continue;
          }
          if (d === q) {
            closed = true;
            i++;
            break;
          }
          text += d;
          i++;
        }
        if (!closed) return { tokens, error: 'unterminated quoted string' };
      } else {
        text += q;
        i++;
      }
    }
    tokens.push({ text, quoted });
  }
  return { tokens };
}

const GENERIC_WITH_VALUE: Record<string, 'protocol' | 'src' | 'dst' | 'inInterface' | 'outInterface'> = {
  '-p': 'protocol',
  '--protocol': 'protocol',
  '-s': 'src',
  '--source': 'src',
  '--src': 'src',
  '-d': 'dst',
  '--destination': 'dst',
  '--dst': 'dst',
  '-i': 'inInterface',
  '--in-interface': 'inInterface',
  '-o': 'outInterface',
  '--out-interface': 'outInterface',
};

const isOptionToken = (t: Token): boolean => !t.quoted && t.text.length > 1 && t.text.startsWith('-') && (!/^-\d/.test(t.text) || t.text === '-4' || t.text === '-6');

/**
 * Parses the arguments of one rule (what follows `-A CHAIN`). Errors are messages for the
 * line; the rule is returned as far as it could be understood.
 */
export function parseRuleArgs(tokens: readonly Token[], chain: string, source: SourceLine): { rule: IptablesRule; errors: string[] } {
  const rule: IptablesRule = { chain, source, matches: [] };
  const errors: string[] = [];
  let owner: IptablesMatch | IptablesTarget | null = null;
  let pendingNeg = false;
  let i = 0;
  const takeValue = (opt: string): { value: string; negated: boolean } | null => {
    let negated = false;
    if (tokens[i]?.text === '!' && !tokens[i]!.quoted) {
      negated = true; // old syntax: -s ! 10.0.0.1
      i++;
    }
    const v = tokens[i];
    if (!v) {
      errors.push(`option ${opt} needs a value`);
      return null;
    }
    i++;
    return { value: v.text, negated };
  };
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (t.text === '!' && !t.quoted) {
      if (pendingNeg) errors.push('"!" given twice');
      pendingNeg = true;
      i++;
      continue;
    }
    if (!isOptionToken(t)) {
      errors.push(`unexpected argument "${t.text}"`);
      i++;
      pendingNeg = false;
      continue;
    }
    i++;
    const generic = GENERIC_WITH_VALUE[t.text];
    if (generic) {
      const v = takeValue(t.text);
      if (!v) break;
      const negated = pendingNeg !== v.negated;
      pendingNeg = false;
      if (generic === 'src' || generic === 'dst') {
        const list = v.value.split(',').filter((s) => s !== '');
        if (list.length === 0) errors.push(`empty address for ${t.text}`);
        rule[generic] = { value: list, negated };
      } else {
        rule[generic] = { value: v.value, negated };
      }
      continue;
    }
    switch (t.text) {
      case '-f':
      case '--fragment':
        rule.fragment = { negated: pendingNeg };
        pendingNeg = false;
        continue;
      case '-4':
      case '--ipv4':
        rule.onlyFamily = 'ipv4';
        continue;
      case '-6':
      case '--ipv6':
        rule.onlyFamily = 'ipv6';
        continue;
      case '-c':
      case '--set-counters':
        i += 2;
        if (i > tokens.length) errors.push('-c needs packet and byte counts');
        continue;
      case '-m':
      case '--match': {
        if (pendingNeg) errors.push('"!" cannot precede -m');
        pendingNeg = false;
        const name = tokens[i];
        if (!name) {
          errors.push('-m needs a match name');
          break;
        }
        i++;
        const m: IptablesMatch = { name: name.text, implicit: false, options: [] };
        rule.matches.push(m);
        owner = m;
        continue;
      }
      case '-j':
      case '--jump':
      case '-g':
      case '--goto': {
        if (pendingNeg) errors.push(`"!" cannot precede ${t.text}`);
        pendingNeg = false;
        const name = tokens[i];
        if (!name) {
          errors.push(`${t.text} needs a target`);
          break;
        }
        i++;
        if (rule.target) errors.push('more than one target');
        const target: IptablesTarget = { name: name.text, goto: t.text === '-g' || t.text === '--goto', options: [] };
        rule.target = target;
        owner = target;
        continue;
      }
      default:
        break;
    }
    if (!t.text.startsWith('--')) {
      errors.push(`unknown option ${t.text}`);
      pendingNeg = false;
      continue;
    }
    // A --option of the current match or target; without one, of the match `-p` implies.
    let target = owner;
    if (!target) {
      const proto = rule.protocol?.value.toLowerCase();
      if (proto && !rule.protocol!.negated && proto !== 'all' && proto !== '0') {
        let m = rule.matches.find((x) => x.implicit && x.name === proto);
        if (!m) {
          m = { name: proto, implicit: true, options: [] };
          rule.matches.push(m);
        }
        target = m;
      } else {
        errors.push(`option ${t.text} outside any match`);
      }
    }
    const opt: IptablesOption = { name: t.text.slice(2), negated: pendingNeg, values: [] };
    pendingNeg = false;
    if (tokens[i]?.text === '!' && !tokens[i]!.quoted && tokens[i + 1] && !isOptionToken(tokens[i + 1]!)) {
      opt.negated = !opt.negated; // old syntax: --dport ! 22
      i++;
    }
    while (i < tokens.length && !isOptionToken(tokens[i]!) && !(tokens[i]!.text === '!' && !tokens[i]!.quoted)) {
      opt.values.push(tokens[i]!.text);
      i++;
    }
    target?.options.push(opt);
  }
  if (pendingNeg) errors.push('"!" at the end of the rule');
  return { rule, errors };
}

function specKey(rule: IptablesRule): string {
  const t = rule.source.text.trim().split(/\s+/);
  // "-A CHAIN ..." and "-D CHAIN ..." compare equal on what follows the chain name.
  return t.slice(2).join(' ');
}

/** Parses iptables-save output or a persisted rules file. Never throws. */
export function parseIptablesSave(text: string, file: string): ParseResult<IptablesRuleset> {
  const errors: ParseError[] = [];
  const tables: IptablesTable[] = [];
  let backend: IptablesRuleset['backend'] = null;
  let current: IptablesTable | null = null;
  const err = (line: number, message: string) => errors.push({ file, line, message });

  const chainOf = (table: IptablesTable, name: string): IptablesChain | undefined => table.chains.find((c) => c.name === name);

  const lines = splitLines(text);
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n]!;
    const lineNo = n + 1;
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^# Generated by ip6?tables-save v[\d.]+ \((nf_tables|legacy)\)/.exec(line);
      if (m) backend = m[1] as 'nf_tables' | 'legacy';
      continue;
    }
    const source: SourceLine = { file, line: lineNo, text: raw };
    if (line.startsWith('*')) {
      if (current && !current.committed) err(lineNo, `table ${current.name} is not closed by COMMIT before the next table`);
      const name = line.slice(1).trim();
      if (!/^[a-z]+$/.test(name)) {
        err(lineNo, `bad table name "${name}"`);
        current = null;
        continue;
      }
      const builtins = BUILTIN_CHAINS[name];
      if (!builtins) err(lineNo, `unknown table "${name}"`);
      const existing = tables.find((t) => t.name === name);
      if (existing) {
        // A later block for the same table replaces its content (iptables-restore flushes it).
        tables.splice(tables.indexOf(existing), 1);
      }
      current = {
        name,
        source,
        committed: false,
        chains: (builtins ?? []).map((c) => ({ name: c, builtin: true, policy: 'ACCEPT', source, implicit: true, rules: [] })),
      };
      tables.push(current);
      continue;
    }
    if (line === 'COMMIT') {
      if (!current) err(lineNo, 'COMMIT outside a table');
      else current.committed = true;
      current = null;
      continue;
    }
    if (!current) {
      err(lineNo, 'line outside a table (expected *filter, *nat, ...)');
      continue;
    }
    const table: IptablesTable = current;
    if (line.startsWith(':')) {
      const m = /^:(\S+)\s+(\S+)(?:\s+\[\d+:\d+\])?\s*$/.exec(line);
      if (!m) {
        err(lineNo, 'bad chain declaration (expected ":CHAIN POLICY [packets:bytes]")');
        continue;
      }
      const [, name, policy] = m as unknown as [string, string, string];
      const builtin = (BUILTIN_CHAINS[table.name] ?? []).includes(name);
      if (builtin && policy !== 'ACCEPT' && policy !== 'DROP') err(lineNo, `bad policy "${policy}" for built-in chain ${name}`);
      if (!builtin && policy !== '-') err(lineNo, `user chain ${name} cannot have a policy`);
      const existing = chainOf(table, name);
      if (existing) {
        if (!existing.implicit) err(lineNo, `chain ${name} declared twice`);
        existing.policy = builtin ? policy : null;
        existing.source = source;
        existing.implicit = false;
      } else {
        table.chains.push({ name, builtin, policy: builtin ? policy : null, source, implicit: false, rules: [] });
      }
      continue;
    }
    let body = line;
    const counters = /^\[\d+:\d+\]\s+/.exec(body);
    if (counters) body = body.slice(counters[0].length);
    const tok = tokenizeIptablesLine(body);
    if (tok.error) {
      err(lineNo, tok.error);
      continue;
    }
    let tokens = tok.tokens;
    // -4 / -6 may come before the command in files shared by iptables-restore and ip6tables-restore.
    let lineFamily: 'ipv4' | 'ipv6' | undefined;
    while (tokens[0] && !tokens[0].quoted && (tokens[0].text === '-4' || tokens[0].text === '-6')) {
      lineFamily = tokens[0].text === '-4' ? 'ipv4' : 'ipv6';
      tokens = tokens.slice(1);
    }
    const cmd = tokens[0]?.text ?? '';
    const chainName = tokens[1]?.text;
    const needChain = (): IptablesChain | null => {
      if (!chainName || isOptionToken(tokens[1]!)) {
        err(lineNo, `${cmd} needs a chain name`);
        return null;
      }
      const c = chainOf(table, chainName);
      if (!c) {
        err(lineNo, `chain ${chainName} does not exist in table ${table.name} (declare it with ":${chainName} - [0:0]" or -N)`);
        const created: IptablesChain = { name: chainName, builtin: false, policy: null, source, implicit: true, rules: [] };
        table.chains.push(created);
        return created;
      }
      return c;
    };
    const ruleFrom = (start: number, chain: IptablesChain) => {
      const r = parseRuleArgs(tokens.slice(start), chain.name, source);
      for (const e of r.errors) err(lineNo, e);
      if (lineFamily && !r.rule.onlyFamily) r.rule.onlyFamily = lineFamily;
      return r.rule;
    };
    switch (cmd) {
      case '-A':
      case '--append': {
        const c = needChain();
        if (c) c.rules.push(ruleFrom(2, c));
        break;
      }
      case '-I':
      case '--insert':
      case '-R':
      case '--replace': {
        const c = needChain();
        if (!c) break;
        let pos = 1;
        let start = 2;
        if (tokens[2] && /^\d+$/.test(tokens[2].text)) {
          pos = Number(tokens[2].text);
          start = 3;
        } else if (cmd === '-R' || cmd === '--replace') {
          err(lineNo, `${cmd} needs a rule number`);
          break;
        }
        const rule = ruleFrom(start, c);
        if (pos < 1 || pos > c.rules.length + (cmd === '-I' || cmd === '--insert' ? 1 : 0)) {
          err(lineNo, `rule number ${pos} is out of range for chain ${c.name}`);
          break;
        }
        if (cmd === '-I' || cmd === '--insert') c.rules.splice(pos - 1, 0, rule);
        else c.rules[pos - 1] = rule;
        break;
      }
      case '-D':
      case '--delete': {
        const c = needChain();
        if (!c) break;
        if (tokens[2] && /^\d+$/.test(tokens[2].text) && tokens.length === 3) {
          const pos = Number(tokens[2].text);
          if (pos < 1 || pos > c.rules.length) err(lineNo, `rule number ${pos} is out of range for chain ${c.name}`);
          else c.rules.splice(pos - 1, 1);
          break;
        }
        const probe = ruleFrom(2, c);
        const k = specKey(probe);
        const idx = c.rules.findIndex((r) => specKey(r) === k);
        if (idx < 0) err(lineNo, `no such rule to delete in chain ${c.name}`);
        else c.rules.splice(idx, 1);
        break;
      }
      case '-N':
      case '--new-chain': {
        if (!chainName) {
          err(lineNo, '-N needs a chain name');
          break;
        }
        if (chainOf(table, chainName)) err(lineNo, `chain ${chainName} already exists`);
        else table.chains.push({ name: chainName, builtin: false, policy: null, source, implicit: false, rules: [] });
        break;
      }
      case '-X':
      case '--delete-chain': {
        if (!chainName) {
          table.chains = table.chains.filter((c) => c.builtin);
          break;
        }
        const c = chainOf(table, chainName);
        if (!c) err(lineNo, `chain ${chainName} does not exist`);
        else if (c.builtin) err(lineNo, `cannot delete built-in chain ${chainName}`);
        else table.chains.splice(table.chains.indexOf(c), 1);
        break;
      }
      case '-F':
      case '--flush': {
        if (!chainName) for (const c of table.chains) c.rules = [];
        else {
          const c = chainOf(table, chainName);
          if (!c) err(lineNo, `chain ${chainName} does not exist`);
          else c.rules = [];
        }
        break;
      }
      case '-P':
      case '--policy': {
        const c = needChain();
        const policy = tokens[2]?.text;
        if (!c) break;
        if (!c.builtin) err(lineNo, `user chain ${c.name} cannot have a policy`);
        else if (policy !== 'ACCEPT' && policy !== 'DROP') err(lineNo, `bad policy "${policy ?? ''}"`);
        else {
          c.policy = policy;
          c.source = source;
          c.implicit = false;
        }
        break;
      }
      case '-Z':
      case '--zero':
        break;
      default:
        err(lineNo, `unknown command "${cmd}"`);
    }
  }
  if (current && !current.committed) err(lines.length, `table ${current.name} is not closed by COMMIT: iptables-restore would not load it`);
  return { model: { backend, tables }, errors };
}

/** The options of a rule's matches with a given name (several `-m` of the same kind are possible). */
export function matchOptions(rule: IptablesRule, matchName: string): IptablesOption[] {
  return rule.matches.filter((m) => m.name === matchName).flatMap((m) => m.options);
}
