/**
 * `Match` lines of sshd_config: parsing of the criteria (servconf.c `match_cfg_line`) and
 * their evaluation for a given connection, with OpenSSH's pattern lists (match.c
 * `match_pattern_list`, `match_hostname`) and address lists with CIDR (addrmatch.c
 * `addr_match_list`).
 */
import { strdelim } from './tokenize.ts';

export type MatchAttribute = 'user' | 'group' | 'host' | 'address' | 'localaddress' | 'localport' | 'rdomain';

export interface MatchCriterion {
  attribute: MatchAttribute;
  /** The pattern list as written ("alice,!bob", "10.0.0.0/8,192.168.*"). */
  patterns: string;
}

/** `Match all`, or criteria that must all hold. */
export type MatchCondition = { all: true } | { all: false; criteria: MatchCriterion[] };

/** A connection as `sshd -T -C user=...,host=...,addr=...` describes it. */
export interface ConnectionSpec {
  user?: string;
  /** Groups of the user, for `Match Group` (sshd asks the system; garrison must be told). */
  groups?: readonly string[];
  host?: string;
  addr?: string;
  laddr?: string;
  lport?: number;
  rdomain?: string;
}

const ATTRIBUTES: readonly MatchAttribute[] = ['user', 'group', 'host', 'address', 'localaddress', 'localport', 'rdomain'];

/** Parses the text after `Match`. */
export function parseMatchCondition(text: string): { condition: MatchCondition } | { error: string } {
  const criteria: MatchCriterion[] = [];
  let pos: number | null = 0;
  let count = 0;
  const next = (): string | null => {
    if (pos === null) return null;
    const r = strdelim(text, pos);
    if (r === 'unterminated') {
      pos = null;
      return null;
    }
    pos = r.rest;
    return r.word;
  };
  for (;;) {
    const attrib = next();
    if (attrib === null || attrib === '') break;
    if (attrib.startsWith('#')) break;
    count++;
    const lower = attrib.toLowerCase();
    if (lower === 'all') {
      const arg = next();
      if (count > 1 || (arg !== null && arg !== '' && !arg.startsWith('#'))) return { error: "'all' cannot be combined with other Match attributes" };
      return { condition: { all: true } };
    }
    const arg = next();
    if (arg === null || arg === '' || arg.startsWith('#')) return { error: `Missing Match criteria for ${attrib}` };
    if (!(ATTRIBUTES as readonly string[]).includes(lower)) return { error: `Unsupported Match attribute ${attrib}` };
    const attribute = lower as MatchAttribute;
    if ((attribute === 'address' || attribute === 'localaddress') && addrMatchList(null, arg) === -2)
      return { error: `Invalid Match ${attribute} argument '${arg}'` };
    if (attribute === 'localport' && parsePort(arg) === null) return { error: `Invalid LocalPort '${arg}' on Match line` };
    criteria.push({ attribute, patterns: arg });
  }
  if (count === 0) return { error: 'One or more attributes required for Match' };
  return { condition: { all: false, criteria } };
}

/** a2port: a decimal port 1..65535. */
export function parsePort(s: string): number | null {
  if (!/^\d+$/.test(s)) return null;
  const n = Number(s);
  return n >= 1 && n <= 65535 ? n : null;
}

/** True when the condition holds for the connection (sshd's test mode: a missing attribute never matches). */
export function matchesConnection(cond: MatchCondition, conn: ConnectionSpec): boolean {
  if (cond.all) return true;
  return cond.criteria.every((c) => criterionMatches(c, conn));
}

function criterionMatches(c: MatchCriterion, conn: ConnectionSpec): boolean {
  switch (c.attribute) {
    case 'user':
      return conn.user !== undefined && matchPatternList(conn.user, c.patterns, false) === 1;
    case 'group':
      return conn.user !== undefined && (conn.groups ?? []).some((g) => matchPatternList(g, c.patterns, false) === 1) &&
        !(conn.groups ?? []).some((g) => matchPatternList(g, c.patterns, false) === -1);
    case 'host':
      return conn.host !== undefined && matchPatternList(conn.host.toLowerCase(), c.patterns, true) === 1;
    case 'address':
      return conn.addr !== undefined && addrMatchList(conn.addr, c.patterns) === 1;
    case 'localaddress':
      return conn.laddr !== undefined && addrMatchList(conn.laddr, c.patterns) === 1;
    case 'localport':
      return conn.lport !== undefined && parsePort(c.patterns) === conn.lport;
    case 'rdomain':
      return conn.rdomain !== undefined && matchPatternList(conn.rdomain, c.patterns, false) === 1;
  }
}

/** match_pattern: `*` and `?` wildcards over the whole string. */
function matchPattern(s: string, pattern: string): boolean {
  let si = 0;
  let pi = 0;
  let starP = -1;
  let starS = 0;
  while (si < s.length) {
    const p = pattern[pi];
    if (p === '*') {
      starP = pi++;
      starS = si;
    } else if (p !== undefined && (p === '?' || p === s[si])) {
      pi++;
      si++;
    } else if (starP !== -1) {
      pi = starP + 1;
      si = ++starS;
    } else return false;
  }
  while (pattern[pi] === '*') pi++;
  return pi === pattern.length;
}

/**
 * match_pattern_list: 1 when a positive pattern matches and no negated one does, -1 when a
 * negated pattern matches, 0 otherwise.
 */
export function matchPatternList(s: string, list: string, lower: boolean): -1 | 0 | 1 {
  let positive = false;
  for (const raw of list.split(',')) {
    if (raw === '') continue;
    const negated = raw.startsWith('!');
    let sub = negated ? raw.slice(1) : raw;
    if (sub.length >= 1023) return 0;
    if (lower) sub = sub.toLowerCase();
    if (matchPattern(s, sub)) {
      if (negated) return -1;
      positive = true;
    }
  }
  return positive ? 1 : 0;
}

/** An address as 4 or 16 bytes. */
interface Addr {
  bytes: number[];
}

function parseIPv4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

function parseIPv6(s: string): number[] | null {
  const zone = s.indexOf('%');
  if (zone !== -1) s = s.slice(0, zone);
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groups = (h: string): number[] | null => {
    if (h === '') return [];
    const out: number[] = [];
    const parts = h.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIPv4(p);
        if (!v4) return null;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return null;
        out.push(parseInt(p, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return null;
  let words: number[];
  if (halves.length === 2) {
    const fill = 8 - head.length - tail.length;
    if (fill < 1) return null;
    words = [...head, ...new Array<number>(fill).fill(0), ...tail];
  } else words = head;
  if (words.length !== 8) return null;
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

/** addr_pton: a literal IPv4 or IPv6 address. */
export function parseAddress(s: string): Addr | null {
  const b = s.includes(':') ? parseIPv6(s) : parseIPv4(s);
  return b ? { bytes: b } : null;
}

/** addr_pton_cidr: null when not an address (then a wildcard is tried), 'bad' for an inconsistent mask. */
function parseCidr(s: string): { addr: Addr; bits: number } | null | 'bad' {
  const slash = s.indexOf('/');
  const host = slash === -1 ? s : s.slice(0, slash);
  const addr = parseAddress(host);
  if (!addr) return null;
  const max = addr.bytes.length * 8;
  let bits = max;
  if (slash !== -1) {
    const m = s.slice(slash + 1);
    if (!/^\d+$/.test(m) || Number(m) > 128) return null;
    bits = Number(m);
    if (bits > max) return 'bad';
  }
  // Host bits set beyond the mask make the entry invalid (addr_pton_cidr returns -1 ... -2).
  for (let i = 0; i < addr.bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    const mask = keep === 0 ? 0 : (0xff << (8 - keep)) & 0xff;
    if ((addr.bytes[i]! & ~mask & 0xff) !== 0) return 'bad';
  }
  return { addr, bits };
}

function inNet(a: Addr, net: Addr, bits: number): boolean {
  if (a.bytes.length !== net.bytes.length) return false;
  for (let i = 0; i < a.bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    const mask = keep === 0 ? 0 : (0xff << (8 - keep)) & 0xff;
    if ((a.bytes[i]! & mask) !== (net.bytes[i]! & mask)) return false;
  }
  return true;
}

/**
 * addr_match_list: 1 on a match, 0 on none, -1 when a negated entry matches, -2 when the
 * list is invalid. With a null address only the list's validity is checked.
 */
export function addrMatchList(addr: string | null, list: string): -2 | -1 | 0 | 1 {
  let tryAddr: Addr | null = null;
  if (addr !== null) {
    tryAddr = parseAddress(addr);
    if (!tryAddr) return 0;
  }
  let ret: -2 | -1 | 0 | 1 = 0;
  for (const raw of list.split(',')) {
    const neg = raw.startsWith('!');
    const cp = neg ? raw.slice(1) : raw;
    if (cp === '') return -2;
    const cidr = parseCidr(cp);
    if (cidr === 'bad') return -2;
    const hit = cidr ? tryAddr !== null && inNet(tryAddr, cidr.addr, cidr.bits) : addr !== null && matchPattern(addr, cp);
    if (hit) {
      if (neg) return -1;
      ret = 1;
    }
  }
  return ret;
}
