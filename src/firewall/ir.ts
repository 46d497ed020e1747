/**
 * The firewall model the evaluator works on, whatever tool wrote the rules (iptables,
 * nftables, ufw, firewalld). Each tool's converter decides what its matches mean for the
 * one kind of packet garrison asks about: the first packet of a NEW TCP or UDP connection
 * from an outside host, arriving on a non-loopback interface, addressed to the host
 * itself. So `ct state established,related` becomes `false`, `-i lo` becomes `false`,
 * `ip saddr 10.0.0.0/8` stays an address condition, and what a converter cannot decide
 * becomes a `maybe` condition (see below).
 */
import type { AddrSet, Family } from './addr.ts';
import type { PortRange } from './ports.ts';
import type { SourceLine } from '../parsers/types.ts';

export type Protocol = 'tcp' | 'udp';

export type Verdict =
  | { kind: 'accept' }
  | { kind: 'drop' }
  | { kind: 'return' }
  | { kind: 'jump'; chain: string }
  | { kind: 'goto'; chain: string };

/**
 * A condition that can be neither proven true nor false for the packet. The evaluator
 * follows both outcomes. When the outcome depends on who the sender is (an ipset, an
 * interface, a MAC address, a match garrison does not know), the branch where the
 * condition favours the sender carries `matchQualifier` / `missQualifier`, and the access
 * it leads to is reported as restricted in an unknown way rather than open. Conditions the
 * sender controls (source port, rate limits, TCP flags) carry no qualifier.
 */
export interface MaybeCondition {
  kind: 'maybe';
  /** What the condition is, for reports ("ipset trusted (src)", "rate limit"). */
  what: string;
  /** Said of the access a match of this condition leads to. */
  matchQualifier?: string;
  /** Said of the access a non-match of this condition leads to. */
  missQualifier?: string;
}

export type Condition =
  /** The packet is of this family (an `ip saddr` in an inet table implies IPv4). */
  | { kind: 'family'; family: Family }
  /** Transport protocol among these (lower-case names: tcp, udp, icmp, ...). */
  | { kind: 'protocol'; protocols: string[]; negated: boolean }
  /** Source address in this set (of the set's family; a packet of the other family does not match). */
  | { kind: 'saddr'; set: AddrSet; negated: boolean }
  /** Destination port in these ranges. */
  | { kind: 'dport'; ranges: PortRange[]; negated: boolean }
  /** Decided by the converter. */
  | { kind: 'const'; value: boolean; why: string }
  | MaybeCondition;

export interface IrRule {
  conditions: Condition[];
  verdict: Verdict;
  source: SourceLine;
}

export interface IrChain {
  /** Unique within a pipeline ("iptables:filter:INPUT", "nft:inet filter:input"). */
  name: string;
  rules: IrRule[];
  /** Base chains only: what happens to a packet that reaches the end. */
  policy?: 'accept' | 'drop';
  /** Where the policy is set (or the chain declared); absent for a policy by default. */
  policySource?: SourceLine;
}

/** A base chain on the input path, with where it sits among the others. */
export interface IrBase {
  chain: string;
  hook: 'prerouting' | 'input';
  priority: number;
  /** Tool and table, for reports ("iptables filter", "nftables inet filter"). */
  label: string;
}

/**
 * Everything a packet of one family crosses on its way in: every base chain hooked on
 * prerouting or input, each of which must let it through.
 */
export interface IrPipeline {
  family: Family;
  chains: Map<string, IrChain>;
  bases: IrBase[];
}

export function emptyPipeline(family: Family): IrPipeline {
  return { family, chains: new Map(), bases: [] };
}

/** Adds the chains and base chains of `from` to `into` (both families must match). */
export function mergePipeline(into: IrPipeline, from: IrPipeline): void {
  for (const [k, c] of from.chains) into.chains.set(k, c);
  into.bases.push(...from.bases);
}

/** Order in which the kernel runs base chains: prerouting before input, then by priority. */
export function orderedBases(p: IrPipeline): IrBase[] {
  const hookRank = (h: IrBase['hook']) => (h === 'prerouting' ? 0 : 1);
  return [...p.bases].sort((a, b) => hookRank(a.hook) - hookRank(b.hook) || a.priority - b.priority);
}

/** A problem met while converting or evaluating a ruleset. */
export interface FirewallDiagnostic {
  source: SourceLine;
  message: string;
}
