/**
 * Turns a parsed iptables ruleset (one family) into the evaluator's model: the input path
 * crosses raw PREROUTING, mangle PREROUTING, mangle INPUT, filter INPUT and security INPUT.
 * Each match is judged for the first packet of a NEW connection from outside (see ir.ts).
 */
import { AddrSet, parseNet, type Family } from './addr.ts';
import type { Condition, FirewallDiagnostic, IrChain, IrPipeline, IrRule, MaybeCondition, Verdict } from './ir.ts';
import { emptyPipeline } from './ir.ts';
import { parsePortRange, type PortRange } from './ports.ts';
import type { IptablesOption, IptablesRule, IptablesRuleset } from '../parsers/iptables/iptables.ts';
import type { SourceLine } from '../parsers/types.ts';

/** Base chains on the input path: table, chain, hook, priority (iptables' fixed priorities). */
const INPUT_PATH: readonly [string, string, 'prerouting' | 'input', number][] = [
  ['raw', 'PREROUTING', 'prerouting', -300],
  ['mangle', 'PREROUTING', 'prerouting', -150],
  ['mangle', 'INPUT', 'input', -150],
  ['filter', 'INPUT', 'input', 0],
  ['security', 'INPUT', 'input', 50],
];

const PROTOCOL_NUMBERS: Record<string, string> = { '1': 'icmp', '6': 'tcp', '17': 'udp', '58': 'icmpv6', '132': 'sctp', '33': 'dccp', '136': 'udplite', '47': 'gre', '50': 'esp', '51': 'ah' };

/** Lower-case protocol name as the evaluator knows it ("ipv6-icmp" and 58 are "icmpv6"). */
export function normalizeProtocol(p: string): string {
  const l = p.toLowerCase();
  if (l === 'ipv6-icmp' || l === 'icmp6') return 'icmpv6';
  return PROTOCOL_NUMBERS[l] ?? l;
}

/** Targets that do not decide a packet's fate: the rule is a no-op for reachability. */
const NON_TERMINAL = new Set([
  'LOG', 'NFLOG', 'ULOG', 'MARK', 'CONNMARK', 'CT', 'NOTRACK', 'TRACE', 'AUDIT', 'SET', 'TCPMSS', 'CLASSIFY', 'DSCP', 'TOS',
  'TTL', 'HL', 'SECMARK', 'CONNSECMARK', 'CHECKSUM', 'IDLETIMER', 'LED', 'RATEEST', 'TEE', 'HMARK', 'NFACCT', 'ECN', 'TCPOPTSTRIP',
]);

const MULTICAST_OR_BROADCAST: Record<Family, AddrSet> = {
  ipv4: AddrSet.fromNets('ipv4', ['224.0.0.0/4', '255.255.255.255/32', '127.0.0.0/8']),
  ipv6: AddrSet.fromNets('ipv6', ['ff00::/8', '::1/128']),
};

const maybe = (what: string, qualifier?: { match?: string; miss?: string }): MaybeCondition => {
  const m: MaybeCondition = { kind: 'maybe', what };
  if (qualifier?.match) m.matchQualifier = qualifier.match;
  if (qualifier?.miss) m.missQualifier = qualifier.miss;
  return m;
};

/** A condition on who the sender is: restricting when positive, open to others when negated. */
export const identity = (what: string, negated: boolean): MaybeCondition =>
  negated ? maybe(`not ${what}`, { miss: what }) : maybe(what, { match: what });

const constant = (value: boolean, why: string): Condition => ({ kind: 'const', value, why });

export interface ConvertContext {
  family: Family;
  diagnostics: FirewallDiagnostic[];
}

/** Source addresses: exact when they parse, a sender condition when they are host names. */
export function sourceCondition(values: readonly string[], negated: boolean, source: SourceLine, ctx: ConvertContext, what = 'source'): Condition {
  let set = AddrSet.empty(ctx.family);
  const names: string[] = [];
  for (const v of values) {
    const p = parseNet(v);
    if (p && p.family === ctx.family) set = set.union(AddrSet.of(ctx.family, [p.interval]));
    else if (p) ctx.diagnostics.push({ source, message: `${what} ${v} is not an ${ctx.family === 'ipv4' ? 'IPv4' : 'IPv6'} address` });
    else names.push(v);
  }
  if (names.length > 0) {
    if (!/^[A-Za-z0-9.-]+$/.test(names[0]!)) ctx.diagnostics.push({ source, message: `cannot read ${what} address "${names[0]}"` });
    return identity(`${what} ${names.join(',')} (a name resolved when the rules were loaded)`, negated);
  }
  return { kind: 'saddr', set, negated };
}

/** Destination addresses: garrison does not know the host's own addresses, only which kinds never apply. */
export function destinationCondition(values: readonly string[], negated: boolean, family: Family): Condition {
  let set = AddrSet.empty(family);
  for (const v of values) {
    const p = parseNet(v);
    if (!p || p.family !== family) return maybe(`destination ${values.join(',')}`);
    set = set.union(AddrSet.of(family, [p.interval]));
  }
  // Multicast, broadcast and loopback destinations never carry a unicast connection from outside.
  if (MULTICAST_OR_BROADCAST[family].covers(set)) return constant(negated, 'destination is multicast, broadcast or loopback');
  return maybe(`destination ${values.join(',')}`);
}

function portRanges(values: readonly string[], source: SourceLine, ctx: ConvertContext): PortRange[] | null {
  const out: PortRange[] = [];
  for (const v of values.join(',').split(',')) {
    if (v === '') continue;
    const r = parsePortRange(v, ':');
    if (!r) {
      ctx.diagnostics.push({ source, message: `cannot read port "${v}"` });
      return null;
    }
    out.push(r);
  }
  return out;
}

/** Interface match: loopback never carries outside traffic; another interface restricts who. */
export function interfaceCondition(name: string, negated: boolean): Condition {
  if (name === 'lo' || name === 'lo+') return constant(negated, 'loopback interface');
  const shown = name.endsWith('+') ? `${name.slice(0, -1)}*` : name;
  return identity(`arriving on interface ${shown}`, negated);
}

function conntrackStates(values: readonly string[], negated: boolean): Condition {
  const states = values.join(',').toUpperCase().split(',');
  return constant(states.includes('NEW') !== negated, `connection state ${states.join(',')}`);
}

function optionConditions(matchName: string, o: IptablesOption, rule: IptablesRule, ctx: ConvertContext): Condition[] {
  const src = rule.source;
  const neg = o.negated;
  switch (matchName) {
    case 'tcp':
    case 'udp':
    case 'sctp':
    case 'dccp':
    case 'udplite':
      switch (o.name) {
        case 'dport':
        case 'destination-port': {
          const r = portRanges(o.values, src, ctx);
          return r ? [{ kind: 'dport', ranges: r, negated: neg }] : [maybe(`destination port ${o.values.join(',')}`, { match: 'unreadable port' })];
        }
        case 'sport':
        case 'source-port':
          return [maybe('source port')];
        case 'syn':
          return [constant(!neg, 'SYN flag of a new connection')];
        default:
          return [maybe(`${matchName} --${o.name}`)];
      }
    case 'multiport':
      switch (o.name) {
        case 'dports':
        case 'destination-ports': {
          const r = portRanges(o.values, src, ctx);
          return r ? [{ kind: 'dport', ranges: r, negated: neg }] : [maybe(`destination ports ${o.values.join(',')}`, { match: 'unreadable port' })];
        }
        default:
          // --sports, or --ports (source OR destination): the sender chooses its source port.
          return [maybe(`multiport --${o.name}`)];
      }
    case 'state':
    case 'conntrack':
      switch (o.name) {
        case 'state':
        case 'ctstate':
          return [conntrackStates(o.values, neg)];
        case 'ctorigsrc':
          return [sourceCondition(o.values, neg, src, ctx)];
        case 'ctorigdst':
          return [destinationCondition(o.values, neg, ctx.family)];
        case 'ctorigdstport': {
          const r = portRanges(o.values, src, ctx);
          return r ? [{ kind: 'dport', ranges: r, negated: neg }] : [];
        }
        case 'ctproto':
          return [{ kind: 'protocol', protocols: o.values.map(normalizeProtocol), negated: neg }];
        case 'ctdir':
          return [constant((o.values[0]?.toUpperCase() === 'ORIGINAL') !== neg, 'direction')];
        case 'ctstatus': {
          // A connection to a port of this host that no NAT rule rewrote has no status bit.
          const st = o.values.join(',').toUpperCase().split(',');
          return [constant(st.includes('NONE') !== neg, 'connection status')];
        }
        default:
          return [maybe(`conntrack --${o.name}`)];
      }
    case 'set': {
      if (o.name !== 'match-set' && o.name !== 'set') return [];
      const [name = '?', flags = 'src'] = o.values;
      if (flags.split(',')[0] === 'src') return [identity(`source in ipset ${name}`, neg)];
      return [maybe(`ipset ${name} (${flags})`)];
    }
    case 'iprange':
      if (o.name === 'src-range') return [sourceCondition(o.values, neg, src, ctx)];
      return [maybe(`iprange --${o.name}`)];
    case 'addrtype': {
      const types = o.values.join(',').toUpperCase().split(',');
      if (o.name === 'dst-type') return [constant(types.includes('LOCAL') !== neg, `destination type ${types.join(',')}`)];
      if (o.name === 'src-type') return [constant(types.includes('UNICAST') !== neg, `source type ${types.join(',')}`)];
      return [];
    }
    case 'pkttype':
      return [constant((o.values[0]?.toLowerCase() === 'unicast') !== neg, 'packet type')];
    case 'rpfilter':
      return o.name === 'invert' ? [constant(false, 'fails reverse path filter')] : [];
    case 'mac':
      return [identity(`source MAC ${o.values.join(' ')}`, neg)];
    case 'geoip':
      return [identity(`source country ${o.values.join(',')}`, neg)];
    case 'comment':
    case 'nfacct':
      return [];
    default:
      return [];
  }
}

/** Matches the sender can satisfy or not at will (rates, lengths, flags, timing): no restriction on who. */
const SENDER_CONTROLLED = new Set([
  'limit', 'hashlimit', 'connlimit', 'recent', 'length', 'ttl', 'hl', 'tos', 'dscp', 'ecn', 'tcpmss', 'statistic', 'time', 'quota',
  'string', 'frag', 'hbh', 'rt', 'ipv6header', 'dst', 'mh', 'icmp', 'icmp6', 'ah', 'esp', 'connbytes', 'connrate', 'multiport',
]);
/** Matches judged option by option above. */
const KNOWN_MATCHES = new Set(['tcp', 'udp', 'sctp', 'dccp', 'udplite', 'state', 'conntrack', 'set', 'iprange', 'addrtype', 'pkttype', 'rpfilter', 'mac', 'geoip', 'comment', 'nfacct', 'multiport']);

function matchConditions(rule: IptablesRule, ctx: ConvertContext): Condition[] {
  const out: Condition[] = [];
  for (const m of rule.matches) {
    const name = normalizeProtocol(m.name);
    if (['tcp', 'udp', 'sctp', 'dccp', 'udplite'].includes(name)) out.push({ kind: 'protocol', protocols: [name], negated: false });
    if (KNOWN_MATCHES.has(name)) {
      for (const o of m.options) out.push(...optionConditions(name, o, rule, ctx));
    } else if (SENDER_CONTROLLED.has(name)) {
      if (m.options.length > 0) out.push(maybe(`${name} match`));
    } else {
      out.push(identity(`${name} match (${m.options.map((o) => `${o.negated ? '! ' : ''}--${o.name} ${o.values.join(' ')}`.trim()).join(' ')})`, false));
    }
  }
  return out;
}

function verdictOf(rule: IptablesRule, table: string, chains: ReadonlySet<string>, keyOf: (c: string) => string, ctx: ConvertContext): { verdict: Verdict; extra?: Condition } | null {
  const t = rule.target;
  if (!t) return null;
  if (chains.has(t.name)) return { verdict: { kind: t.goto ? 'goto' : 'jump', chain: keyOf(t.name) } };
  switch (t.name) {
    case 'ACCEPT':
    case 'SYNPROXY':
    case 'TPROXY':
      return { verdict: { kind: 'accept' } };
    case 'DROP':
    case 'REJECT':
      return { verdict: { kind: 'drop' } };
    case 'RETURN':
      return { verdict: { kind: 'return' } };
    case 'NFQUEUE':
    case 'QUEUE':
      return { verdict: { kind: 'accept' }, extra: identity('accepted by a userspace program (NFQUEUE)', false) };
    default:
      if (NON_TERMINAL.has(t.name)) return null;
      ctx.diagnostics.push({ source: rule.source, message: `target ${t.name} is neither a chain of table ${table} nor a known target` });
      return null;
  }
}

/** Conditions of one rule, or null when the rule never applies to this family. */
function ruleConditions(rule: IptablesRule, ctx: ConvertContext): Condition[] | null {
  if (rule.onlyFamily && rule.onlyFamily !== ctx.family) return null;
  const conds: Condition[] = [];
  if (rule.protocol) {
    const p = normalizeProtocol(rule.protocol.value);
    if (p !== 'all' && p !== '0') conds.push({ kind: 'protocol', protocols: [p], negated: rule.protocol.negated });
    else if (rule.protocol.negated) conds.push(constant(false, '! -p all'));
  }
  if (rule.src) conds.push(sourceCondition(rule.src.value, rule.src.negated, rule.source, ctx));
  if (rule.dst) conds.push(destinationCondition(rule.dst.value, rule.dst.negated, ctx.family));
  if (rule.inInterface) conds.push(interfaceCondition(rule.inInterface.value, rule.inInterface.negated));
  if (rule.outInterface) conds.push(identity(`leaving on interface ${rule.outInterface.value}`, rule.outInterface.negated));
  if (rule.fragment) conds.push(constant(rule.fragment.negated, 'non-first fragment'));
  conds.push(...matchConditions(rule, ctx));
  return conds;
}

/**
 * The input path of one family from an iptables ruleset. `label` names the source in
 * chain keys and reports ("iptables", "ip6tables", "ufw").
 */
export function iptablesPipeline(rs: IptablesRuleset, family: Family, label: string): { pipeline: IrPipeline; diagnostics: FirewallDiagnostic[] } {
  const ctx: ConvertContext = { family, diagnostics: [] };
  const pipeline = emptyPipeline(family);
  for (const table of rs.tables) {
    if (!table.committed) continue;
    const keyOf = (c: string) => `${label}:${table.name}:${c}`;
    const names = new Set(table.chains.map((c) => c.name));
    for (const chain of table.chains) {
      const rules: IrRule[] = [];
      for (const r of chain.rules) {
        const conds = ruleConditions(r, ctx);
        if (!conds) continue;
        const v = verdictOf(r, table.name, names, keyOf, ctx);
        if (!v) continue;
        if (v.extra) conds.push(v.extra);
        rules.push({ conditions: conds, verdict: v.verdict, source: r.source });
      }
      const ir: IrChain = { name: keyOf(chain.name), rules };
      if (chain.builtin) {
        ir.policy = chain.policy === 'DROP' ? 'drop' : 'accept';
        ir.policySource = chain.source;
      }
      pipeline.chains.set(ir.name, ir);
    }
    for (const [t, c, hook, priority] of INPUT_PATH) {
      if (t !== table.name) continue;
      const chain = table.chains.find((x) => x.name === c);
      // A built-in chain with no rule and an ACCEPT policy filters nothing.
      if (!chain || (chain.rules.length === 0 && chain.policy !== 'DROP')) continue;
      pipeline.bases.push({ chain: keyOf(c), hook, priority, label: `${label} ${t} ${c}` });
    }
  }
  return { pipeline, diagnostics: ctx.diagnostics };
}
