/**
 * Rebuilds the input path firewalld installs from its permanent configuration, the way its
 * nftables backend lays it out: loopback accepted; a packet is dispatched to the zone bound
 * to its source address, else to the zone bound to its interface, else to the default zone;
 * in a zone, rich rules with a negative priority come first (lowest first), then denying
 * rich rules, then what the zone allows (services, ports, protocols, accepting rich rules),
 * then rich rules with a positive priority, then the zone's target. A zone with the
 * "default" target falls back to firewalld's final reject.
 */
import { AddrSet, parseNet, type Family } from './addr.ts';
import type { Condition, FirewallDiagnostic, IrChain, IrPipeline, IrRule, Verdict } from './ir.ts';
import { emptyPipeline } from './ir.ts';
import { destinationCondition, identity, interfaceCondition, normalizeProtocol } from './from-iptables.ts';
import { parsePortRange } from './ports.ts';
import type { FirewalldAddressSpec, FirewalldRichRule, FirewalldService, FirewalldZone } from '../parsers/firewalld/firewalld.ts';
import type { SourceLine } from '../parsers/types.ts';

export interface FirewalldConfig {
  defaultZone: string;
  /** DefaultZone= in firewalld.conf, when set there. */
  defaultZoneSource?: SourceLine;
  /** Effective zone definitions by name (/etc overriding /usr/lib). */
  zones: ReadonlyMap<string, FirewalldZone>;
  /** Effective service definitions by name. */
  services: ReadonlyMap<string, FirewalldService>;
}

const PRIORITY = 10; // firewalld's filter_INPUT: priority filter + 10

/** The (protocol, ports) pairs a service opens for a family; null when the service is unknown. */
function servicePorts(name: string, cfg: FirewalldConfig, family: Family, seen = new Set<string>()): { protocol: string; port: string; dest?: string }[] | null {
  const svc = cfg.services.get(name);
  if (!svc) return null;
  if (seen.has(name)) return [];
  seen.add(name);
  const dest = svc.destination;
  if (dest && (dest.ipv4 !== undefined || dest.ipv6 !== undefined)) {
    const d = family === 'ipv4' ? dest.ipv4 : dest.ipv6;
    if (d === undefined) return []; // the service is for the other family only
  }
  const d = dest ? (family === 'ipv4' ? dest.ipv4 : dest.ipv6) : undefined;
  const out: { protocol: string; port: string; dest?: string }[] = [];
  for (const p of svc.ports) out.push(d ? { protocol: p.protocol, port: p.port, dest: d } : { protocol: p.protocol, port: p.port });
  for (const pr of svc.protocols) out.push({ protocol: pr, port: '' });
  for (const inc of svc.includes) out.push(...(servicePorts(inc, cfg, family, seen) ?? []));
  return out;
}

function portConditions(protocol: string, port: string, source: SourceLine, diagnostics: FirewallDiagnostic[]): Condition[] | null {
  const conds: Condition[] = [{ kind: 'protocol', protocols: [normalizeProtocol(protocol)], negated: false }];
  if (port === '') return conds;
  const r = parsePortRange(port, '-');
  if (!r) {
    diagnostics.push({ source, message: `cannot read port "${port}"` });
    return null;
  }
  conds.push({ kind: 'dport', ranges: [r], negated: false });
  return conds;
}

/** The condition an address spec makes, or null when it is of the other family (the rule then does not apply). */
function addressCondition(spec: FirewalldAddressSpec, family: Family, source: SourceLine, diagnostics: FirewallDiagnostic[], dest: boolean): Condition | null {
  if (spec.ipset !== undefined) return identity(`${dest ? 'destination' : 'source'} in ipset ${spec.ipset}`, spec.invert);
  if (spec.mac !== undefined) return identity(`source MAC ${spec.mac}`, spec.invert);
  if (spec.address === undefined) return null;
  const p = parseNet(spec.address);
  if (!p) {
    diagnostics.push({ source, message: `cannot read address "${spec.address}"` });
    return identity(`address ${spec.address}`, spec.invert);
  }
  if (p.family !== family) return null;
  if (dest) return destinationCondition([spec.address], spec.invert, family);
  return { kind: 'saddr', set: AddrSet.of(family, [p.interval]), negated: spec.invert };
}

function richRules(rule: FirewalldRichRule, family: Family, cfg: FirewalldConfig, diagnostics: FirewallDiagnostic[]): IrRule[] {
  if (rule.family && rule.family !== family) return [];
  const verdict: Verdict | null = rule.action === 'accept' ? { kind: 'accept' } : rule.action === 'drop' || rule.action === 'reject' ? { kind: 'drop' } : null;
  if (!verdict) return [];
  const base: Condition[] = [];
  for (const [spec, dest] of [[rule.from, false], [rule.to, true]] as const) {
    if (!spec) continue;
    const c = addressCondition(spec, family, rule.source, diagnostics, dest);
    if (c === null && spec.address !== undefined) return []; // an address of the other family
    if (c) base.push(c);
  }
  const el = rule.element;
  if (!el) return [{ conditions: base, verdict, source: rule.source }];
  switch (el.kind) {
    case 'port': {
      const pc = portConditions(el.protocol, el.port, rule.source, diagnostics);
      return pc ? [{ conditions: [...base, ...pc], verdict, source: rule.source }] : [];
    }
    case 'protocol':
      return [{ conditions: [...base, { kind: 'protocol', protocols: [normalizeProtocol(el.value)], negated: false }], verdict, source: rule.source }];
    case 'service': {
      const ports = servicePorts(el.name, cfg, family);
      if (!ports) {
        diagnostics.push({ source: rule.source, message: `service ${el.name} is not defined (no ${el.name}.xml in /etc/firewalld/services or /usr/lib/firewalld/services)` });
        return [];
      }
      return ports.flatMap((p) => {
        const pc = portConditions(p.protocol, p.port, rule.source, diagnostics);
        const dc = p.dest ? [destinationCondition([p.dest], false, family)] : [];
        return pc ? [{ conditions: [...base, ...pc, ...dc], verdict, source: rule.source }] : [];
      });
    }
    default:
      return []; // icmp-block, masquerade, forward-port, source-port: not about reaching a local port
  }
}

function zoneChain(zone: FirewalldZone, family: Family, cfg: FirewalldConfig, key: string, diagnostics: FirewallDiagnostic[]): IrChain {
  const rules: IrRule[] = [];
  const sorted = (pred: (r: FirewalldRichRule) => boolean) => zone.rules.filter(pred).sort((a, b) => a.priority - b.priority);
  for (const r of sorted((r) => r.priority < 0)) rules.push(...richRules(r, family, cfg, diagnostics));
  for (const r of sorted((r) => r.priority === 0 && r.action !== 'accept')) rules.push(...richRules(r, family, cfg, diagnostics));
  for (const s of zone.services) {
    const ports = servicePorts(s.name, cfg, family);
    if (!ports) {
      diagnostics.push({ source: s.source, message: `service ${s.name} is not defined (no ${s.name}.xml in /etc/firewalld/services or /usr/lib/firewalld/services)` });
      continue;
    }
    for (const p of ports) {
      const pc = portConditions(p.protocol, p.port, s.source, diagnostics);
      if (pc) rules.push({ conditions: p.dest ? [...pc, destinationCondition([p.dest], false, family)] : pc, verdict: { kind: 'accept' }, source: s.source });
    }
  }
  for (const p of zone.ports) {
    const pc = portConditions(p.protocol, p.port, p.source, diagnostics);
    if (pc) rules.push({ conditions: pc, verdict: { kind: 'accept' }, source: p.source });
  }
  for (const p of zone.protocols) rules.push({ conditions: [{ kind: 'protocol', protocols: [normalizeProtocol(p.value)], negated: false }], verdict: { kind: 'accept' }, source: p.source });
  for (const r of sorted((r) => r.priority === 0 && r.action === 'accept')) rules.push(...richRules(r, family, cfg, diagnostics));
  for (const r of sorted((r) => r.priority > 0)) rules.push(...richRules(r, family, cfg, diagnostics));
  if (zone.target === 'ACCEPT') rules.push({ conditions: [], verdict: { kind: 'accept' }, source: zone.zoneSource });
  else if (zone.target === 'DROP' || zone.target === 'REJECT') rules.push({ conditions: [], verdict: { kind: 'drop' }, source: zone.zoneSource });
  return { name: key, rules };
}

/** The input path of one family under firewalld. */
export function firewalldPipeline(cfg: FirewalldConfig, family: Family): { pipeline: IrPipeline; diagnostics: FirewallDiagnostic[] } {
  const diagnostics: FirewallDiagnostic[] = [];
  const pipeline = emptyPipeline(family);
  const key = (z: string) => `firewalld:zone ${z}`;
  const def = cfg.zones.get(cfg.defaultZone);
  const defSource = cfg.defaultZoneSource ?? def?.zoneSource ?? { file: '/etc/firewalld/firewalld.conf', line: 0, text: '' };
  const dispatch: IrRule[] = [];
  for (const [name, zone] of [...cfg.zones].sort(([a], [b]) => a.localeCompare(b))) {
    for (const s of zone.sources) {
      const c = addressCondition(s, family, s.source, diagnostics, false);
      if (c) dispatch.push({ conditions: [c], verdict: { kind: 'goto', chain: key(name) }, source: s.source });
    }
  }
  for (const [name, zone] of [...cfg.zones].sort(([a], [b]) => a.localeCompare(b))) {
    for (const i of zone.interfaces) dispatch.push({ conditions: [interfaceCondition(i.name, false)], verdict: { kind: 'goto', chain: key(name) }, source: i.source });
  }
  if (def) dispatch.push({ conditions: [], verdict: { kind: 'goto', chain: key(cfg.defaultZone) }, source: defSource });
  else diagnostics.push({ source: defSource, message: `default zone ${cfg.defaultZone} is not defined: firewalld will not start with it` });
  const used = new Set(dispatch.map((r) => (r.verdict.kind === 'goto' ? r.verdict.chain : '')));
  for (const [name, zone] of cfg.zones) {
    if (used.has(key(name))) pipeline.chains.set(key(name), zoneChain(zone, family, cfg, key(name), diagnostics));
  }
  pipeline.chains.set('firewalld:zones', { name: 'firewalld:zones', rules: dispatch });
  const input: IrChain = {
    name: 'firewalld:input',
    rules: [
      { conditions: [], verdict: { kind: 'jump', chain: 'firewalld:zones' }, source: defSource },
      { conditions: [], verdict: { kind: 'drop' }, source: defSource },
    ],
    policy: 'accept',
    policySource: defSource,
  };
  pipeline.chains.set(input.name, input);
  pipeline.bases.push({ chain: input.name, hook: 'input', priority: PRIORITY, label: 'firewalld' });
  return { pipeline, diagnostics };
}
