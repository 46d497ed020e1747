/**
 * Turns an nftables ruleset into the evaluator's model, one family at a time: tables of
 * family ip feed IPv4, ip6 feed IPv6, inet feed both; every `type filter` base chain
 * hooked on prerouting or input is a stage of the input path. Named sets with elements
 * written down are read exactly; a set filled at run time (flags dynamic or timeout, or no
 * elements) is an unknown list of senders.
 */
import { AddrSet, parseNet, type Family } from './addr.ts';
import type { Condition, FirewallDiagnostic, IrChain, IrPipeline, IrRule, MaybeCondition, Verdict } from './ir.ts';
import { emptyPipeline } from './ir.ts';
import { destinationCondition, identity, interfaceCondition, normalizeProtocol } from './from-iptables.ts';
import { parsePortRange, type PortRange } from './ports.ts';
import type { NftChain, NftOp, NftRuleset, NftSet, NftStatement, NftTable, NftValue, NftVerdict } from '../parsers/nftables/model.ts';
import type { SourceLine } from '../parsers/types.ts';

const NFPROTO: Record<string, Family> = { ipv4: 'ipv4', ipv6: 'ipv6', ip: 'ipv4', ip6: 'ipv6' };
const PORT_PROTOCOLS = new Set(['tcp', 'udp', 'sctp', 'dccp', 'udplite']);

const constant = (value: boolean, why: string): Condition => ({ kind: 'const', value, why });
const free = (what: string): MaybeCondition => ({ kind: 'maybe', what });

interface Ctx {
  family: Family;
  table: NftTable;
  source: SourceLine;
  diagnostics: FirewallDiagnostic[];
}

/** The literal values a right-hand side stands for, named sets expanded when their content is known. */
function resolve(values: readonly NftValue[], ctx: Ctx): { texts: string[] } | { unknownSet: string } | { other: string } {
  const texts: string[] = [];
  for (const v of values) {
    if (v.kind === 'literal') texts.push(v.text);
    else if (v.kind === 'setref') {
      const set = ctx.table.sets.find((s) => s.name === v.name);
      if (!set) {
        ctx.diagnostics.push({ source: ctx.source, message: `set @${v.name} is not defined in table ${ctx.table.family} ${ctx.table.name}` });
        return { unknownSet: v.name };
      }
      if (isRuntimeSet(set)) return { unknownSet: v.name };
      const inner = resolve(set.elements, ctx);
      if (!('texts' in inner)) return inner;
      texts.push(...inner.texts);
    } else return { other: v.text };
  }
  return { texts };
}

/** A set whose content is decided while the system runs (fail2ban, sshguard, meters). */
function isRuntimeSet(set: NftSet): boolean {
  return set.flags.includes('dynamic') || (set.flags.includes('timeout') && set.elements.length === 0) || set.elements.length === 0;
}

function sourceAddresses(values: readonly NftValue[], op: NftOp, ctx: Ctx, strict: boolean, what = 'source'): Condition {
  if (op !== '==' && op !== '!=') return identity(`${what} address ${op} ...`, false);
  const negated = op === '!=';
  const r = resolve(values, ctx);
  if ('unknownSet' in r) return identity(`${what} in set @${r.unknownSet}`, negated);
  if ('other' in r) return identity(`${what} ${r.other}`, negated);
  let set = AddrSet.empty(ctx.family);
  for (const t of r.texts) {
    const p = parseNet(t);
    if (!p) {
      ctx.diagnostics.push({ source: ctx.source, message: `cannot read address "${t}"` });
      return identity(`${what} ${t}`, negated);
    }
    if (p.family === ctx.family) set = set.union(AddrSet.of(ctx.family, [p.interval]));
    else if (strict) ctx.diagnostics.push({ source: ctx.source, message: `${t} is not an ${ctx.family === 'ipv4' ? 'IPv4' : 'IPv6'} address: nft refuses to load this ruleset` });
  }
  return { kind: 'saddr', set, negated };
}

function portCondition(values: readonly NftValue[], op: NftOp, ctx: Ctx): Condition {
  const r = resolve(values, ctx);
  if (!('texts' in r)) return identity('unreadable port list', false);
  if (op !== '==' && op !== '!=') {
    const p = parsePortRange(r.texts[0] ?? '', '-');
    if (!p) return identity(`port ${op} ${r.texts[0] ?? ''}`, false);
    const n = p[0];
    const range: PortRange | null = op === '<' ? (n > 0 ? [0, n - 1] : null) : op === '<=' ? [0, n] : op === '>' ? (n < 65535 ? [n + 1, 65535] : null) : [n, 65535];
    return range ? { kind: 'dport', ranges: [range], negated: false } : constant(false, `port ${op} ${n}`);
  }
  const ranges: PortRange[] = [];
  for (const t of r.texts) {
    const p = parsePortRange(t, '-');
    if (!p) {
      ctx.diagnostics.push({ source: ctx.source, message: `cannot read port "${t}"` });
      return identity(`port ${t}`, op === '!=');
    }
    ranges.push(p);
  }
  return { kind: 'dport', ranges, negated: op === '!=' };
}

function textsOrNull(values: readonly NftValue[], ctx: Ctx): string[] | null {
  const r = resolve(values, ctx);
  return 'texts' in r ? r.texts.map((t) => t.toLowerCase()) : null;
}

function oneOf(values: readonly NftValue[], op: NftOp, ctx: Ctx, accepted: (t: string) => boolean, why: string): Condition {
  const texts = textsOrNull(values, ctx);
  if (!texts) return free(why);
  return constant(texts.some(accepted) !== (op === '!='), why);
}

function matchCondition(s: Extract<NftStatement, { kind: 'match' }>, ctx: Ctx): Condition[] {
  const { left, op, right } = s;
  const neg = op === '!=';
  const words = left.split(' ');
  const [proto, field] = [words[0]!, words[1] ?? ''];
  const fam = NFPROTO[proto];
  // A payload expression of the other IP family never matches (nft adds an implicit nfproto test).
  if ((proto === 'ip' || proto === 'ip6' || proto === 'icmp' || proto === 'icmpv6') && words.length === 2) {
    const needed: Family = proto === 'ip' || proto === 'icmp' ? 'ipv4' : 'ipv6';
    if (needed !== ctx.family) return [constant(false, `${proto} expression in ${ctx.family}`)];
  }
  if (words.length === 2 && fam) {
    if (field === 'saddr') return [sourceAddresses(right, op, ctx, true)];
    if (field === 'daddr') {
      const texts = textsOrNull(right, ctx);
      return [texts ? destinationCondition(texts, neg, ctx.family) : free(`destination ${left}`)];
    }
    if (field === 'protocol' || field === 'nexthdr') {
      const texts = textsOrNull(right, ctx);
      return [texts ? { kind: 'protocol', protocols: texts.map(normalizeProtocol), negated: neg } : free(left)];
    }
    return [free(left)];
  }
  if (words.length === 2 && (PORT_PROTOCOLS.has(proto) || proto === 'th')) {
    const protoCond: Condition[] = proto === 'th' ? [] : [{ kind: 'protocol', protocols: [proto], negated: false }];
    if (field === 'dport') return [...protoCond, portCondition(right, op, ctx)];
    return [...protoCond, free(left)];
  }
  if (proto === 'icmp' || proto === 'icmpv6') return [{ kind: 'protocol', protocols: [proto], negated: false }];
  if (left.startsWith('tcp ')) return [{ kind: 'protocol', protocols: ['tcp'], negated: false }, free(left)];
  switch (left) {
    case 'meta l4proto': {
      const texts = textsOrNull(right, ctx);
      return [texts ? { kind: 'protocol', protocols: texts.map(normalizeProtocol), negated: neg } : free(left)];
    }
    case 'meta nfproto':
    case 'meta protocol':
      return [oneOf(right, op, ctx, (t) => NFPROTO[t] === ctx.family, left)];
    case 'meta iif':
    case 'meta iifname': {
      const texts = resolve(right, ctx);
      if (!('texts' in texts)) return [identity('arriving on an interface of a set', neg)];
      if (texts.texts.length === 1) return [interfaceCondition(texts.texts[0]!.replace(/\*$/, '+'), neg)];
      const nonLo = texts.texts.filter((t) => t !== 'lo');
      if (nonLo.length === 0) return [constant(neg, 'loopback interface')];
      return [identity(`arriving on interface ${nonLo.join(', ')}`, neg)];
    }
    case 'meta oif':
    case 'meta oifname':
      return [identity(`leaving on interface ${right.map((v) => (v.kind === 'setref' ? `@${v.name}` : v.text)).join(',')}`, neg)];
    case 'meta pkttype':
      return [oneOf(right, op, ctx, (t) => t === 'host' || t === 'unicast', left)];
    case 'ct state':
      return [oneOf(right, op, ctx, (t) => t === 'new', left)];
    case 'ct status':
      // A connection to a port of this host that no NAT rule rewrote.
      return [constant(neg, left)];
    case 'ct direction':
      return [oneOf(right, op, ctx, (t) => t === 'original', left)];
    case 'ct original saddr':
      return [sourceAddresses(right, op, ctx, false)];
    case 'ct original proto-dst':
      return [portCondition(right, op, ctx)];
    case 'ct l3proto':
      return [oneOf(right, op, ctx, (t) => NFPROTO[t] === ctx.family, left)];
    case 'ct protocol':
    case 'ct original protocol': {
      const texts = textsOrNull(right, ctx);
      return [texts ? { kind: 'protocol', protocols: texts.map(normalizeProtocol), negated: neg } : free(left)];
    }
    default:
      break;
  }
  if (left.startsWith('fib ')) {
    const result = words[words.length - 1];
    if (result === 'type') {
      // The destination is one of the host's addresses; the source an ordinary unicast one.
      const isDaddr = left.includes('daddr');
      return [oneOf(right, op, ctx, (t) => (isDaddr ? t === 'local' : t === 'unicast'), left)];
    }
    if (result === 'oif' || result === 'oifname') {
      // Reverse path check: a real (unspoofed) sender has a route back.
      return [oneOf(right, op, ctx, (t) => t !== 'missing' && t !== '0' && t !== '""', left)];
    }
    return [free(left)];
  }
  if (left === 'meta length' || left === 'meta time' || left === 'meta day' || left === 'meta hour' || left === 'meta random' || left.startsWith('numgen')) return [free(left)];
  const shown = `${left} ${op === '==' ? '' : `${op} `}${right.map((v) => (v.kind === 'setref' ? `@${v.name}` : v.text)).join(',')}`.trim();
  return [identity(shown, false)];
}

function verdictOf(v: NftVerdict, ctx: Ctx, keyOf: (c: string) => string, chains: ReadonlySet<string>): { verdict: Verdict; extra?: Condition } | null {
  switch (v.kind) {
    case 'accept':
      return { verdict: { kind: 'accept' } };
    case 'drop':
    case 'reject':
      return { verdict: { kind: 'drop' } };
    case 'return':
      return { verdict: { kind: 'return' } };
    case 'continue':
      return null;
    case 'queue':
      return { verdict: { kind: 'accept' }, extra: identity('accepted by a userspace program (queue)', false) };
    case 'jump':
    case 'goto':
      if (!chains.has(v.chain)) ctx.diagnostics.push({ source: ctx.source, message: `${v.kind} to chain ${v.chain}, which table ${ctx.table.family} ${ctx.table.name} does not have` });
      return { verdict: { kind: v.kind, chain: keyOf(v.chain) } };
  }
}

function convertChain(chain: NftChain, table: NftTable, family: Family, keyOf: (c: string) => string, diagnostics: FirewallDiagnostic[]): IrChain {
  const chains = new Set(table.chains.map((c) => c.name));
  const rules: IrRule[] = [];
  for (const rule of chain.rules) {
    const ctx: Ctx = { family, table, source: rule.source, diagnostics };
    const conds: Condition[] = [];
    for (const s of rule.statements) {
      if (s.kind === 'match') conds.push(...matchCondition(s, ctx));
      else if (s.kind === 'rate') conds.push(free(s.text));
      else if (s.kind === 'unknown') conds.push(identity(`unrecognized expression ${s.text}`, false));
      else if (s.kind === 'verdict') {
        const v = verdictOf(s.verdict, ctx, keyOf, chains);
        if (v) rules.push({ conditions: v.extra ? [...conds, v.extra] : [...conds], verdict: v.verdict, source: rule.source });
        if (s.verdict.kind !== 'continue') break;
      } else if (s.kind === 'vmap') {
        let entries = s.entries;
        if (s.mapRef) {
          const map = table.sets.find((x) => x.name === s.mapRef);
          if (!map) diagnostics.push({ source: rule.source, message: `map @${s.mapRef} is not defined` });
          entries = map?.mapEntries ?? [];
        }
        for (const e of entries) {
          const keyCond = matchCondition({ kind: 'match', left: s.left, op: '==', right: e.keys }, ctx);
          const v = verdictOf(e.verdict, ctx, keyOf, chains);
          if (v) rules.push({ conditions: [...conds, ...keyCond, ...(v.extra ? [v.extra] : [])], verdict: v.verdict, source: rule.source });
        }
        break;
      }
    }
  }
  const ir: IrChain = { name: keyOf(chain.name), rules };
  if (chain.base) {
    ir.policy = chain.base.policy;
    ir.policySource = chain.base.policySource;
  }
  return ir;
}

/** The input path of one family from an nftables ruleset. */
export function nftablesPipeline(rs: NftRuleset, family: Family, label = 'nftables'): { pipeline: IrPipeline; diagnostics: FirewallDiagnostic[] } {
  const diagnostics: FirewallDiagnostic[] = [];
  const pipeline = emptyPipeline(family);
  for (const table of rs.tables) {
    const applies = table.family === 'inet' || (table.family === 'ip' && family === 'ipv4') || (table.family === 'ip6' && family === 'ipv6');
    if (!applies || table.dormant) continue;
    const keyOf = (c: string) => `${label}:${table.family} ${table.name}:${c}`;
    for (const chain of table.chains) {
      const ir = convertChain(chain, table, family, keyOf, diagnostics);
      pipeline.chains.set(ir.name, ir);
      const b = chain.base;
      if (b && b.type === 'filter' && (b.hook === 'input' || b.hook === 'prerouting')) {
        pipeline.bases.push({ chain: ir.name, hook: b.hook, priority: b.priority, label: `${label} ${table.family} ${table.name} ${chain.name}` });
      }
    }
  }
  return { pipeline, diagnostics };
}
