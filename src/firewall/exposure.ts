/**
 * Joins listeners with the firewall's answers: for a socket, in each address family it
 * accepts, who can reach it. Pure: the exposure rules call these functions on facts.
 *
 * A port is "open" in a family when sources outside the trusted networks, more than a
 * /8 of IPv4 or a /32 of IPv6, reach it with no condition garrison cannot check; an
 * allow-list of a few public networks, a trusted network, an ipset or an interface is
 * "restricted"; no access is "closed".
 */
import { AddrSet, FAMILY_BITS, listenAddressInfo, type Family } from './addr.ts';
import { accessTo, type Access, type FamilyEvaluation } from './evaluate.ts';
import type { Protocol } from './ir.ts';
import type { Listener } from '../facts/_listener.ts';
import type { SourceLine } from '../parsers/types.ts';

export type ReachLevel = 'closed' | 'restricted' | 'open';

/** What the exposure logic needs from the firewall fact. */
export interface FirewallView {
  families: Record<Family, FamilyEvaluation>;
  ipv6Disabled: SourceLine | null;
}

/** A listener seen from the exposure logic (the listeners fact adds these marks). */
export interface ExposedListener extends Listener {
  dockerPublished?: boolean;
}

/** Broad means more untrusted sources than this many prefix bits leave (a /8 of IPv4, a /32 of IPv6). */
const BROAD_PREFIX: Record<Family, number> = { ipv4: 8, ipv6: 32 };

export const DEFAULT_TRUSTED_NETWORKS = ['127.0.0.0/8', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '::1/128', 'fc00::/7', 'fe80::/10'];

export type Trusted = Record<Family, AddrSet>;

/** Trusted networks from a parameter value (strings; malformed entries are ignored). */
export function trustedFrom(nets: readonly unknown[]): Trusted {
  const list = nets.filter((n): n is string => typeof n === 'string');
  return { ipv4: AddrSet.fromNets('ipv4', list), ipv6: AddrSet.fromNets('ipv6', list) };
}

export interface Reach {
  family: Family;
  level: ReachLevel;
  /** Who gets in, in words ("any IPv6 address", "10.0.0.0/16", "senders in ipset admins"). */
  sources: string;
  /** Rules and policies that let connections in (or the listener line when the firewall does not apply). */
  via: SourceLine[];
  /** Why the firewall's answer was not used. */
  note?: 'docker' | 'bound';
}

function broad(addrs: AddrSet, family: Family, trusted: Trusted): boolean {
  const outside = addrs.subtract(trusted[family]);
  return outside.size() > 1n << BigInt(FAMILY_BITS[family] - BROAD_PREFIX[family]);
}

function describeAddrs(addrs: AddrSet, family: Family): string {
  if (addrs.isAll()) return `any ${family === 'ipv4' ? 'IPv4' : 'IPv6'} address`;
  const cidrs = addrs.toCidrs();
  return cidrs.length > 4 ? `${cidrs.slice(0, 4).join(', ')} and ${cidrs.length - 4} more networks` : cidrs.join(', ');
}

/** Classifies the access to a port. */
export function classify(access: readonly Access[], family: Family, trusted: Trusted): { level: ReachLevel; sources: string; via: SourceLine[] } {
  if (access.length === 0) return { level: 'closed', sources: 'nobody', via: [] };
  let plain = AddrSet.empty(family);
  for (const a of access) if (a.conditions.length === 0) plain = plain.union(a.addrs);
  const via = dedupe(access.flatMap((a) => a.via));
  if (broad(plain, family, trusted)) return { level: 'open', sources: describeAddrs(plain, family), via: dedupe(access.filter((a) => a.conditions.length === 0).flatMap((a) => a.via)) };
  const parts: string[] = [];
  if (!plain.isEmpty()) parts.push(describeAddrs(plain, family));
  for (const a of access) if (a.conditions.length > 0) parts.push(`${describeAddrs(a.addrs, family)} if ${a.conditions.join(' and ')}`);
  return { level: 'restricted', sources: parts.join('; '), via };
}

export function dedupe(lines: readonly SourceLine[]): SourceLine[] {
  const seen = new Set<string>();
  return lines.filter((l) => {
    const k = `${l.file}\u0000${l.line}\u0000${l.text}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Who reaches a port of the host over a family, whatever listens there. */
export function portReach(fw: FirewallView, family: Family, protocol: Protocol, port: number, trusted: Trusted): Reach {
  const c = classify(accessTo(fw.families[family], protocol, port), family, trusted);
  return { family, ...c };
}

/** The families a listener takes connections from, beyond loopback (IPv6 left out when disabled). */
export function listenerFamilies(l: Listener, fw: FirewallView): Family[] {
  const info = listenAddressInfo(l.address);
  const families = info ? info.families : (['ipv4', 'ipv6'] as Family[]);
  if (info?.loopback) return [];
  return families.filter((f) => f !== 'ipv6' || fw.ipv6Disabled === null);
}

/** Whether a listener takes connections on every address of a family (not one address). */
export function listensOnAll(l: Listener): boolean {
  const info = listenAddressInfo(l.address);
  return info === null || info.wildcard;
}

/**
 * Who reaches a listener in each family it takes connections from. A listener bound to one
 * address inside the trusted networks is restricted by that; a port Docker publishes is
 * redirected before the INPUT chain, so only its bind address restricts it.
 */
export function listenerReach(l: ExposedListener, fw: FirewallView, trusted: Trusted): Reach[] {
  const info = listenAddressInfo(l.address);
  const out: Reach[] = [];
  const own = l.source ? [l.source] : [];
  for (const family of listenerFamilies(l, fw)) {
    if (info?.value && !info.wildcard) {
      const one = AddrSet.of(family, [[info.value.value, info.value.value]]);
      if (trusted[family].covers(one)) {
        out.push({ family, level: 'restricted', sources: `networks that reach ${l.address}`, via: own, note: 'bound' });
        continue;
      }
    }
    if (l.dockerPublished) {
      out.push({ family, level: 'open', sources: `any ${family === 'ipv4' ? 'IPv4' : 'IPv6'} address`, via: own, note: 'docker' });
      continue;
    }
    out.push(portReach(fw, family, l.protocol, l.port, trusted));
  }
  return out;
}

/** Port ranges open to broad sources in a family: the share of TCP ports open, and the rules or policies that open most. */
export function openShare(fw: FirewallView, family: Family, trusted: Trusted): { tcpShare: number; udpShare: number; via: SourceLine[] } {
  const ev = fw.families[family];
  const count = { tcp: 0, udp: 0 };
  let biggest: { size: number; via: SourceLine[] } = { size: 0, via: [] };
  for (const p of ev.ports) {
    const c = classify(p.access, family, trusted);
    if (c.level !== 'open') continue;
    const size = p.ports[1] - p.ports[0] + 1;
    count[p.protocol] += size;
    if (size > biggest.size) biggest = { size, via: c.via };
  }
  return { tcpShare: count.tcp / 65535, udpShare: count.udp / 65535, via: biggest.via };
}
