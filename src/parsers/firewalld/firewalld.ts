/**
 * firewalld's permanent configuration: zones (/usr/lib/firewalld/zones/*.xml, overridden
 * by /etc/firewalld/zones/*.xml), services (same two directories) and firewalld.conf
 * (DefaultZone, FirewallBackend; shell-style assignments). Each element a rule may quote
 * keeps its line.
 */
import type { ParseError, ParseResult, SourceLine } from '../types.ts';
import { splitLines } from '../types.ts';
import { parseShellAssignments } from '../ufw/ufw.ts';
import { parseXml, type XmlElement } from './xml.ts';

export interface FirewalldPort {
  /** "22" or "8000-8100"; empty with a protocol-only entry. */
  port: string;
  protocol: string;
  source: SourceLine;
}

export interface FirewalldAddressSpec {
  address?: string;
  ipset?: string;
  mac?: string;
  invert: boolean;
}

export type FirewalldRuleElement =
  | { kind: 'service'; name: string }
  | { kind: 'port'; port: string; protocol: string }
  | { kind: 'protocol'; value: string }
  | { kind: 'other'; name: string };

export interface FirewalldRichRule {
  source: SourceLine;
  family?: 'ipv4' | 'ipv6';
  priority: number;
  from?: FirewalldAddressSpec;
  to?: FirewalldAddressSpec;
  element?: FirewalldRuleElement;
  action?: 'accept' | 'reject' | 'drop' | 'mark';
}

export interface FirewalldZone {
  file: string;
  /** "default", "ACCEPT", "DROP" or "REJECT" (firewalld's "%%REJECT%%" is read as REJECT). */
  target: string;
  /** The <zone> element (where the target is set). */
  zoneSource: SourceLine;
  interfaces: { name: string; source: SourceLine }[];
  sources: (FirewalldAddressSpec & { source: SourceLine })[];
  services: { name: string; source: SourceLine }[];
  ports: FirewalldPort[];
  protocols: { value: string; source: SourceLine }[];
  rules: FirewalldRichRule[];
}

export interface FirewalldService {
  file: string;
  ports: FirewalldPort[];
  protocols: string[];
  /** Other services this one includes. */
  includes: string[];
  /** <destination ipv4="..." ipv6="...">: the service applies to these families only. */
  destination?: { ipv4?: string; ipv6?: string };
}

function lineOf(lines: readonly string[], file: string, line: number): SourceLine {
  return { file, line, text: lines[line - 1] ?? '' };
}

const TARGETS = new Set(['default', 'ACCEPT', 'DROP', 'REJECT']);

function addressSpec(el: XmlElement): FirewalldAddressSpec {
  const spec: FirewalldAddressSpec = { invert: /^(true|yes)$/i.test(el.attrs.invert ?? '') };
  if (el.attrs.address !== undefined) spec.address = el.attrs.address;
  if (el.attrs.ipset !== undefined) spec.ipset = el.attrs.ipset;
  if (el.attrs.mac !== undefined) spec.mac = el.attrs.mac;
  return spec;
}

function richRule(el: XmlElement, lines: readonly string[], file: string, errors: ParseError[]): FirewalldRichRule {
  const rule: FirewalldRichRule = { source: lineOf(lines, file, el.line), priority: 0 };
  const fam = el.attrs.family;
  if (fam === 'ipv4' || fam === 'ipv6') rule.family = fam;
  else if (fam !== undefined) errors.push({ file, line: el.line, message: `rule family must be ipv4 or ipv6, not "${fam}"` });
  if (el.attrs.priority !== undefined) {
    const p = Number(el.attrs.priority);
    if (!Number.isInteger(p) || p < -32768 || p > 32767) errors.push({ file, line: el.line, message: `bad rule priority "${el.attrs.priority}"` });
    else rule.priority = p;
  }
  for (const c of el.children) {
    switch (c.name) {
      case 'source':
        rule.from = addressSpec(c);
        break;
      case 'destination':
        rule.to = addressSpec(c);
        break;
      case 'service':
        rule.element = { kind: 'service', name: c.attrs.name ?? '' };
        break;
      case 'port':
        rule.element = { kind: 'port', port: c.attrs.port ?? '', protocol: c.attrs.protocol ?? '' };
        break;
      case 'protocol':
        rule.element = { kind: 'protocol', value: c.attrs.value ?? '' };
        break;
      case 'accept':
      case 'reject':
      case 'drop':
      case 'mark':
        if (rule.action) errors.push({ file, line: c.line, message: 'rule has more than one action' });
        rule.action = c.name;
        break;
      case 'log':
      case 'audit':
      case 'nflog':
        break;
      default:
        rule.element = { kind: 'other', name: c.name };
    }
  }
  return rule;
}

/** Parses a zone file. Never throws. */
export function parseFirewalldZone(text: string, file: string): ParseResult<FirewalldZone> {
  const { root, errors } = parseXml(text, file);
  const lines = splitLines(text);
  const zone: FirewalldZone = {
    file,
    target: 'default',
    zoneSource: lineOf(lines, file, root?.line ?? 1),
    interfaces: [],
    sources: [],
    services: [],
    ports: [],
    protocols: [],
    rules: [],
  };
  if (!root) {
    errors.push({ file, line: 1, message: 'no <zone> element' });
    return { model: zone, errors };
  }
  if (root.name !== 'zone') errors.push({ file, line: root.line, message: `root element is <${root.name}>, not <zone>` });
  const t = root.attrs.target;
  if (t !== undefined) {
    const norm = t === '%%REJECT%%' ? 'REJECT' : t;
    if (!TARGETS.has(norm)) errors.push({ file, line: root.line, message: `unknown zone target "${t}"` });
    else zone.target = norm;
  }
  for (const c of root.children) {
    const source = lineOf(lines, file, c.line);
    switch (c.name) {
      case 'interface':
        if (c.attrs.name) zone.interfaces.push({ name: c.attrs.name, source });
        else errors.push({ file, line: c.line, message: '<interface> without name' });
        break;
      case 'source':
        zone.sources.push({ ...addressSpec(c), source });
        break;
      case 'service':
        if (c.attrs.name) zone.services.push({ name: c.attrs.name, source });
        else errors.push({ file, line: c.line, message: '<service> without name' });
        break;
      case 'port':
        if (!c.attrs.protocol) errors.push({ file, line: c.line, message: '<port> without protocol' });
        else zone.ports.push({ port: c.attrs.port ?? '', protocol: c.attrs.protocol, source });
        break;
      case 'protocol':
        if (c.attrs.value) zone.protocols.push({ value: c.attrs.value, source });
        break;
      case 'rule':
        zone.rules.push(richRule(c, lines, file, errors));
        break;
      default:
        break; // short, description, icmp-block, masquerade, forward-port, forward, source-port, ...
    }
  }
  return { model: zone, errors };
}

/** Parses a service definition. Never throws. */
export function parseFirewalldService(text: string, file: string): ParseResult<FirewalldService> {
  const { root, errors } = parseXml(text, file);
  const lines = splitLines(text);
  const svc: FirewalldService = { file, ports: [], protocols: [], includes: [] };
  if (!root) {
    errors.push({ file, line: 1, message: 'no <service> element' });
    return { model: svc, errors };
  }
  if (root.name !== 'service') errors.push({ file, line: root.line, message: `root element is <${root.name}>, not <service>` });
  for (const c of root.children) {
    if (c.name === 'port' && c.attrs.protocol) svc.ports.push({ port: c.attrs.port ?? '', protocol: c.attrs.protocol, source: lineOf(lines, file, c.line) });
    else if (c.name === 'protocol' && c.attrs.value) svc.protocols.push(c.attrs.value);
    else if (c.name === 'include' && c.attrs.service) svc.includes.push(c.attrs.service);
    else if (c.name === 'destination') {
      svc.destination = {};
      if (c.attrs.ipv4) svc.destination.ipv4 = c.attrs.ipv4;
      if (c.attrs.ipv6) svc.destination.ipv6 = c.attrs.ipv6;
    }
  }
  return { model: svc, errors };
}

/** /etc/firewalld/firewalld.conf. */
export const parseFirewalldConf = parseShellAssignments;
