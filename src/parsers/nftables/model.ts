/**
 * The nftables ruleset as both the nft script syntax (/etc/nftables.conf) and the JSON of
 * `nft -j list ruleset` describe it. Expressions are kept close to nft's own words:
 * a match is "selector op values" ("tcp dport == 22, 80"), values stay as text ("22-25",
 * "10.0.0.0/8", "established") or a reference to a named set.
 */
import type { SourceLine } from '../types.ts';

export type NftFamily = 'ip' | 'ip6' | 'inet' | 'arp' | 'bridge' | 'netdev';

export const NFT_FAMILIES: readonly NftFamily[] = ['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev'];

export type NftValue =
  /** A literal as written: "22", "22-25", "10.0.0.0/8", "tcp", "established", "lo". */
  | { kind: 'literal'; text: string }
  /** `@name`: a named set. */
  | { kind: 'setref'; name: string }
  /** Anything garrison does not read (concatenations, expressions). */
  | { kind: 'other'; text: string };

export type NftVerdict =
  | { kind: 'accept' }
  | { kind: 'drop' }
  | { kind: 'reject' }
  | { kind: 'return' }
  | { kind: 'continue' }
  | { kind: 'queue' }
  | { kind: 'jump'; chain: string }
  | { kind: 'goto'; chain: string };

export type NftOp = '==' | '!=' | '<' | '>' | '<=' | '>=';

export type NftStatement =
  /**
   * `left op right`: `left` is a selector in canonical words ("ip saddr", "tcp dport",
   * "meta l4proto", "meta iifname", "ct state", "fib daddr type"); `right` lists the
   * alternatives (a set, a comma list, or one value).
   */
  | { kind: 'match'; left: string; op: NftOp; right: NftValue[] }
  | { kind: 'verdict'; verdict: NftVerdict }
  /** `left vmap { key : verdict, ... }` or `left vmap @map`. */
  | { kind: 'vmap'; left: string; entries: { keys: NftValue[]; verdict: NftVerdict }[]; mapRef?: string }
  /** `limit rate ...`, `ct count over ...`, `meter`, `quota`: hold for some packets only. */
  | { kind: 'rate'; text: string }
  /** Statements with no effect on whether a packet passes: counter, log, comment, meta mark set, notrack... */
  | { kind: 'effect'; text: string }
  /** An expression garrison does not read. */
  | { kind: 'unknown'; text: string };

export interface NftRule {
  source: SourceLine;
  statements: NftStatement[];
}

export interface NftBaseChain {
  type: string;
  hook: string;
  priority: number;
  policy: 'accept' | 'drop';
  /** Where the policy is set, else the chain's type line. */
  policySource: SourceLine;
  device?: string;
}

export interface NftChain {
  name: string;
  source: SourceLine;
  base?: NftBaseChain;
  rules: NftRule[];
}

export interface NftSet {
  name: string;
  source: SourceLine;
  isMap: boolean;
  type?: string;
  flags: string[];
  /** Elements written in the configuration or listed live. */
  elements: NftValue[];
  /** Verdict map entries (`type ... : verdict`). */
  mapEntries: { keys: NftValue[]; verdict: NftVerdict }[];
}

export interface NftTable {
  family: NftFamily;
  name: string;
  source: SourceLine;
  /** `flags dormant`: the table's chains are not attached to their hooks. */
  dormant: boolean;
  chains: NftChain[];
  sets: NftSet[];
}

export interface NftRuleset {
  tables: NftTable[];
}

/** Renders a value the way nft prints it. */
export function renderValue(v: NftValue): string {
  return v.kind === 'setref' ? `@${v.name}` : v.text;
}

export function renderVerdict(v: NftVerdict): string {
  return v.kind === 'jump' || v.kind === 'goto' ? `${v.kind} ${v.chain}` : v.kind;
}

/** Renders a statement in nft syntax (for rules that came without source text). */
export function renderStatement(s: NftStatement): string {
  switch (s.kind) {
    case 'match': {
      const values = s.right.length === 1 ? renderValue(s.right[0]!) : `{ ${s.right.map(renderValue).join(', ')} }`;
      return `${s.left} ${s.op === '==' ? '' : `${s.op} `}${values}`;
    }
    case 'verdict':
      return renderVerdict(s.verdict);
    case 'vmap':
      return `${s.left} vmap ${s.mapRef ? `@${s.mapRef}` : `{ ${s.entries.map((e) => `${e.keys.map(renderValue).join(', ')} : ${renderVerdict(e.verdict)}`).join(', ')} }`}`;
    default:
      return s.text;
  }
}
