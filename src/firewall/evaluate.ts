/**
 * Evaluates the input path of one address family the way the kernel does, for the first
 * packet of a NEW connection from outside: base chains in hook and priority order, each
 * of which must accept; rules in order, first match decides; jump returns to the next
 * rule, goto does not; RETURN or the end of a user chain goes back to the caller; the end
 * of a base chain applies its policy.
 *
 * The packet's source address is kept symbolic (a set of addresses), so one pass over the
 * rules tells, for a destination port, every source that gets in and by which rules. Ports
 * are evaluated once per range in which no rule tells ports apart. Pure: no I/O.
 */
import { AddrSet, type Family } from './addr.ts';
import type { Condition, FirewallDiagnostic, IrChain, IrPipeline, IrRule, MaybeCondition, Protocol } from './ir.ts';
import { orderedBases } from './ir.ts';
import type { PortRange } from './ports.ts';
import type { SourceLine } from '../parsers/types.ts';

/** Sources a NEW connection is accepted from, under the same unknown conditions. */
export interface Access {
  addrs: AddrSet;
  /** Conditions garrison cannot decide that this access depends on (ipset membership, interface...); empty when none. */
  conditions: string[];
  /** The rules or policies that let the connection through, one or more per base chain crossed. */
  via: SourceLine[];
}

/** Who reaches a range of ports of one protocol. */
export interface PortAccess {
  protocol: Protocol;
  ports: PortRange;
  access: Access[];
}

/** A base chain crossed on the way in, with its policy (for evidence). */
export interface BaseSummary {
  label: string;
  policy: 'accept' | 'drop';
  policySource?: SourceLine;
}

export interface FamilyEvaluation {
  family: Family;
  /** At least one base chain filters the input path. */
  filtered: boolean;
  /** The base chains in the order crossed. */
  bases: BaseSummary[];
  /** Port ranges with some access, sorted by protocol then port. Ranges absent are closed. */
  ports: PortAccess[];
  /** Loops, unknown chains, or a ruleset too large to evaluate fully. */
  diagnostics: FirewallDiagnostic[];
}

interface Piece {
  addrs: AddrSet;
  quals: string[];
  via: SourceLine[];
}

const MAX_DEPTH = 64;
/** Rule evaluations allowed for one family before giving up (keeps a huge ruleset fast). */
const BUDGET = 4_000_000;

const lineKey = (s: SourceLine) => `${s.file}\u0000${s.line}\u0000${s.text}`;
const pieceKey = (p: Piece) => `${p.quals.join('\u0001')}\u0002${p.via.map(lineKey).join('\u0001')}`;

function mergePieces(pieces: Piece[]): Piece[] {
  const byKey = new Map<string, Piece>();
  for (const p of pieces) {
    if (p.addrs.isEmpty()) continue;
    const k = pieceKey(p);
    const prev = byKey.get(k);
    if (prev) prev.addrs = prev.addrs.union(p.addrs);
    else byKey.set(k, { ...p });
  }
  return [...byKey.values()];
}

const withQuals = (quals: string[], add: readonly string[]): string[] => [...new Set([...quals, ...add])].sort();

interface Packet {
  family: Family;
  protocol: Protocol;
  port: number;
  /** Index of the port segment the port belongs to. */
  segment: number;
}

type Decided = boolean | { addrs: AddrSet } | MaybeCondition;

function decide(c: Condition, pkt: Packet): Decided {
  switch (c.kind) {
    case 'family':
      return c.family === pkt.family;
    case 'protocol':
      return c.protocols.includes(pkt.protocol) !== c.negated;
    case 'saddr':
      if (c.set.family !== pkt.family) return false;
      return { addrs: c.negated ? c.set.complement() : c.set };
    case 'dport':
      return c.ranges.some(([a, b]) => pkt.port >= a && pkt.port <= b) !== c.negated;
    case 'const':
      return c.value;
    case 'maybe':
      return c;
  }
}

/** Splits pieces into those a rule matches and those that go on to the next rule. */
function matchRule(rule: IrRule, pieces: Piece[], pkt: Packet): { matched: Piece[]; rest: Piece[] } {
  // Cheap tests first: most rules are ruled out by protocol or port before any address work.
  const maybes: MaybeCondition[] = [];
  const addrConds: { addrs: AddrSet }[] = [];
  for (const c of rule.conditions) {
    if (c.kind === 'saddr') continue;
    const d = decide(c, pkt);
    if (d === false) return { matched: [], rest: pieces };
    if (d !== true) maybes.push(d as MaybeCondition);
  }
  for (const c of rule.conditions) {
    if (c.kind !== 'saddr') continue;
    const d = decide(c, pkt);
    if (d === false) return { matched: [], rest: pieces };
    addrConds.push(d as { addrs: AddrSet });
  }
  let addrs = AddrSet.all(pkt.family);
  for (const a of addrConds) addrs = addrs.intersect(a.addrs);
  const matchQuals = maybes.flatMap((m) => (m.matchQualifier ? [m.matchQualifier] : []));
  const matched = pieces.map((p) => ({ addrs: p.addrs.intersect(addrs), quals: withQuals(p.quals, matchQuals), via: p.via }));
  let rest: Piece[];
  if (maybes.length === 0) {
    rest = pieces.map((p) => ({ ...p, addrs: p.addrs.subtract(addrs) }));
  } else {
    // The rule may fail to match even where its addresses do: those sources go on too,
    // under the qualifier of the failing condition when the sender cannot choose it.
    const freeMiss = maybes.some((m) => !m.missQualifier);
    const missQual = freeMiss ? [] : [maybes.map((m) => m.missQualifier!).join(' or ')];
    rest = pieces.flatMap((p) => [
      { ...p, addrs: p.addrs.subtract(addrs) },
      { addrs: p.addrs.intersect(addrs), quals: withQuals(p.quals, missQual), via: p.via },
    ]);
  }
  return { matched: mergePieces(matched), rest: mergePieces(rest) };
}

/**
 * For each port segment, the rules of a chain that may apply: rules without a destination
 * port condition, and rules whose first destination port list covers the segment. Rules
 * for other ports are never looked at, which keeps rulesets with many ports fast.
 */
interface ChainIndex {
  always: number[];
  bySegment: Map<number, number[]>;
}

function buildIndex(chain: IrChain, segments: readonly PortRange[]): ChainIndex {
  const always: number[] = [];
  const bySegment = new Map<number, number[]>();
  const segmentOf = (port: number): number => {
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segments[mid]![0] <= port) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  chain.rules.forEach((rule, idx) => {
    const ports = rule.conditions.find((c): c is Extract<Condition, { kind: 'dport' }> => c.kind === 'dport' && !c.negated);
    if (!ports || segments.length === 0) {
      always.push(idx);
      return;
    }
    const covered = new Set<number>();
    for (const [a, b] of ports.ranges) {
      if (b < 1) continue;
      for (let k = segmentOf(Math.max(a, 1)); k < segments.length && segments[k]![0] <= b; k++) covered.add(k);
    }
    for (const k of covered) {
      let list = bySegment.get(k);
      if (!list) bySegment.set(k, (list = []));
      list.push(idx);
    }
  });
  return { always, bySegment };
}

/** Merges two ascending lists of rule positions. */
function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]! < b[j]!)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

class Evaluator {
  budget = BUDGET;
  exhausted = false;
  readonly diagnostics: FirewallDiagnostic[] = [];
  private readonly reported = new Set<string>();
  private readonly indexes = new Map<IrChain, ChainIndex>();

  constructor(
    private readonly pipeline: IrPipeline,
    private readonly segments: readonly PortRange[],
  ) {}

  /** Positions of the rules of a chain that may apply to a packet of this segment. */
  private rulesFor(chain: IrChain, segment: number): number[] {
    let idx = this.indexes.get(chain);
    if (!idx) this.indexes.set(chain, (idx = buildIndex(chain, this.segments)));
    const specific = idx.bySegment.get(segment);
    return specific ? mergeSorted(idx.always, specific) : idx.always;
  }

  private diag(source: SourceLine, message: string): void {
    const k = `${lineKey(source)}\u0003${message}`;
    if (this.reported.has(k)) return;
    this.reported.add(k);
    this.diagnostics.push({ source, message });
  }

  /** Runs pieces through a chain: what it accepts and what comes back out of it. */
  chain(chain: IrChain, input: Piece[], pkt: Packet, stack: string[]): { accepted: Piece[]; returned: Piece[] } {
    let cur = input;
    const accepted: Piece[] = [];
    const returned: Piece[] = [];
    for (const r of this.rulesFor(chain, pkt.segment)) {
      const rule = chain.rules[r]!;
      if (cur.length === 0) break;
      if (--this.budget < 0) {
        this.exhausted = true;
        break;
      }
      const { matched, rest } = matchRule(rule, cur, pkt);
      cur = rest;
      if (matched.length === 0) continue;
      const v = rule.verdict;
      switch (v.kind) {
        case 'accept':
          accepted.push(...matched.map((p) => ({ ...p, via: [...p.via, rule.source] })));
          break;
        case 'drop':
          break;
        case 'return':
          returned.push(...matched);
          break;
        case 'jump':
        case 'goto': {
          const target = this.pipeline.chains.get(v.chain);
          if (!target) {
            this.diag(rule.source, `target chain ${v.chain.replace(/^[^:]*:/, '')} does not exist`);
            cur = mergePieces([...cur, ...matched]);
            break;
          }
          if (stack.includes(v.chain) || stack.length >= MAX_DEPTH) {
            this.diag(rule.source, `chain ${v.chain.replace(/^[^:]*:/, '')} is reached in a loop or too deep`);
            break;
          }
          const r = this.chain(target, matched, pkt, [...stack, v.chain]);
          accepted.push(...r.accepted);
          if (v.kind === 'jump') cur = mergePieces([...cur, ...r.returned]);
          else returned.push(...r.returned);
          break;
        }
      }
    }
    returned.push(...cur);
    return { accepted: mergePieces(accepted), returned: mergePieces(returned) };
  }

  /** Every base chain in turn; what the last one accepts gets in. */
  run(pkt: Packet): Piece[] {
    let pieces: Piece[] = [{ addrs: AddrSet.all(pkt.family), quals: [], via: [] }];
    for (const base of orderedBases(this.pipeline)) {
      const chain = this.pipeline.chains.get(base.chain);
      if (!chain) continue;
      const r = this.chain(chain, pieces, pkt, [base.chain]);
      const next = [...r.accepted];
      if (chain.policy !== 'drop') {
        next.push(...r.returned.map((p) => ({ ...p, via: chain.policySource ? [...p.via, chain.policySource] : p.via })));
      }
      pieces = mergePieces(next);
      if (pieces.length === 0) break;
    }
    return pieces;
  }
}

/** Port boundaries at which some rule's answer may change. */
function portSegments(pipeline: IrPipeline): PortRange[] {
  const cuts = new Set<number>([1, 65536]);
  for (const chain of pipeline.chains.values()) {
    for (const r of chain.rules) {
      for (const c of r.conditions) {
        if (c.kind !== 'dport') continue;
        for (const [a, b] of c.ranges) {
          if (a >= 1) cuts.add(a);
          if (b + 1 <= 65536) cuts.add(b + 1);
        }
      }
    }
  }
  const sorted = [...cuts].sort((x, y) => x - y);
  const out: PortRange[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) out.push([sorted[i]!, sorted[i + 1]! - 1]);
  return out;
}

function toAccess(pieces: Piece[]): Access[] {
  const byQuals = new Map<string, Access>();
  for (const p of pieces) {
    const k = p.quals.join('\u0001');
    const prev = byQuals.get(k);
    if (!prev) byQuals.set(k, { addrs: p.addrs, conditions: p.quals, via: [...p.via] });
    else {
      prev.addrs = prev.addrs.union(p.addrs);
      for (const v of p.via) if (!prev.via.some((x) => lineKey(x) === lineKey(v))) prev.via.push(v);
    }
  }
  return [...byQuals.values()].sort((a, b) => a.conditions.length - b.conditions.length || a.conditions.join().localeCompare(b.conditions.join()));
}

function sameAccess(a: Access[], b: Access[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (x, i) =>
        x.addrs.equals(b[i]!.addrs) &&
        x.conditions.join('\u0001') === b[i]!.conditions.join('\u0001') &&
        x.via.map(lineKey).join('\u0001') === b[i]!.via.map(lineKey).join('\u0001'),
    )
  );
}

/** Which sources reach which TCP and UDP ports of the host over one family. */
export function evaluateFamily(pipeline: IrPipeline): FamilyEvaluation {
  const family = pipeline.family;
  const filtered = pipeline.bases.some((b) => pipeline.chains.has(b.chain));
  const segments = portSegments(pipeline);
  const ev = new Evaluator(pipeline, segments);
  const ports: PortAccess[] = [];
  for (const protocol of ['tcp', 'udp'] as const) {
    let last: PortAccess | null = null;
    for (const [segment, seg] of segments.entries()) {
      const access = toAccess(ev.run({ family, protocol, port: seg[0], segment }));
      if (ev.exhausted) break;
      if (access.length === 0) {
        last = null;
        continue;
      }
      if (last && last.ports[1] + 1 === seg[0] && sameAccess(last.access, access)) {
        last.ports = [last.ports[0], seg[1]];
        continue;
      }
      last = { protocol, ports: [seg[0], seg[1]], access };
      ports.push(last);
    }
  }
  if (ev.exhausted) {
    const first = orderedBases(pipeline)[0];
    const chain = first ? pipeline.chains.get(first.chain) : undefined;
    const source = chain?.policySource ?? chain?.rules[0]?.source ?? { file: '(ruleset)', line: 0, text: '' };
    ev.diagnostics.push({ source, message: 'ruleset too large to evaluate completely: reachability is partial' });
  }
  const bases: BaseSummary[] = orderedBases(pipeline).flatMap((b) => {
    const c = pipeline.chains.get(b.chain);
    if (!c) return [];
    const summary: BaseSummary = { label: b.label, policy: c.policy ?? 'accept' };
    if (c.policySource) summary.policySource = c.policySource;
    return [summary];
  });
  return { family, filtered, bases, ports, diagnostics: ev.diagnostics };
}

/** The access to one port (empty when closed). */
export function accessTo(evaluation: FamilyEvaluation, protocol: Protocol, port: number): Access[] {
  const p = evaluation.ports.find((x) => x.protocol === protocol && port >= x.ports[0] && port <= x.ports[1]);
  return p ? p.access : [];
}
