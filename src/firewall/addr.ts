/**
 * IP addresses, prefixes and sets of addresses for the firewall evaluator.
 *
 * An address family's address space is the integer range [0, 2^bits - 1] (32 bits for
 * IPv4, 128 for IPv6). A set of addresses is kept as sorted, disjoint, non-adjacent
 * inclusive intervals of bigints, which makes union, intersection and difference exact
 * whatever mix of prefixes, ranges and negations a ruleset uses.
 */

export type Family = 'ipv4' | 'ipv6';

export const FAMILY_BITS: Record<Family, number> = { ipv4: 32, ipv6: 128 };

/** Parses a dotted-quad IPv4 address; null when malformed. */
export function parseIpv4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    v = (v << 8n) | BigInt(n);
  }
  return v;
}

/** Parses an IPv6 address (with `::` compression and a trailing dotted IPv4); null when malformed. */
export function parseIpv6(text: string): bigint | null {
  if (text.length === 0 || text.length > 45) return null;
  let head = text;
  const lastColon = text.lastIndexOf(':');
  if (lastColon >= 0 && text.includes('.', lastColon)) {
    // A trailing dotted IPv4 address stands for the last two groups.
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 === null) return null;
    head = `${text.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const dbl = head.indexOf('::');
  if (dbl !== head.lastIndexOf('::')) return null;
  const parseGroups = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  let groups: number[];
  if (dbl >= 0) {
    const left = parseGroups(head.slice(0, dbl));
    const right = parseGroups(head.slice(dbl + 2));
    if (!left || !right || left.length + right.length > 7) return null;
    groups = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  } else {
    const all = parseGroups(head);
    if (!all || all.length !== 8) return null;
    groups = all;
  }
  let v = 0n;
  for (const g of groups) v = (v << 16n) | BigInt(g);
  return v;
}

/** Parses an address of either family. */
export function parseIp(text: string): { family: Family; value: bigint } | null {
  if (text.includes(':')) {
    const v = parseIpv6(text);
    return v === null ? null : { family: 'ipv6', value: v };
  }
  const v = parseIpv4(text);
  return v === null ? null : { family: 'ipv4', value: v };
}

export function formatIpv4(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 0xffn)).join('.');
}

/** Formats an IPv6 address in the canonical RFC 5952 form (longest zero run compressed). */
export function formatIpv6(v: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((v >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

export function formatIp(family: Family, v: bigint): string {
  return family === 'ipv4' ? formatIpv4(v) : formatIpv6(v);
}

/** An inclusive interval of addresses. */
export type Interval = readonly [bigint, bigint];

/** A CIDR prefix, an address range or a single address, parsed into an interval. */
export interface ParsedNet {
  family: Family;
  interval: Interval;
}

/**
 * Parses "10.0.0.0/8", "10.0.0.1", "2001:db8::/32", "10.0.0.0/255.0.0.0" (contiguous masks
 * only) or a range "10.0.0.1-10.0.0.9". Host bits set under the mask are ignored, as the
 * kernel does. Returns null when malformed.
 */
export function parseNet(text: string): ParsedNet | null {
  const t = text.trim();
  const dash = t.indexOf('-');
  if (dash > 0 && !t.includes('/')) {
    const a = parseIp(t.slice(0, dash));
    const b = parseIp(t.slice(dash + 1));
    if (!a || !b || a.family !== b.family || a.value > b.value) return null;
    return { family: a.family, interval: [a.value, b.value] };
  }
  const slash = t.indexOf('/');
  const addr = parseIp(slash < 0 ? t : t.slice(0, slash));
  if (!addr) return null;
  const bits = FAMILY_BITS[addr.family];
  let len = bits;
  if (slash >= 0) {
    const m = t.slice(slash + 1);
    if (/^\d{1,3}$/.test(m)) len = Number(m);
    else if (addr.family === 'ipv4') {
      const mask = parseIpv4(m);
      if (mask === null) return null;
      const l = maskLength(mask, 32);
      if (l === null) return null;
      len = l;
    } else return null;
    if (len > bits) return null;
  }
  return { family: addr.family, interval: prefixInterval(addr.value, len, bits) };
}

function maskLength(mask: bigint, bits: number): number | null {
  let len = 0;
  while (len < bits && ((mask >> BigInt(bits - 1 - len)) & 1n) === 1n) len++;
  const expected = len === 0 ? 0n : ((1n << BigInt(len)) - 1n) << BigInt(bits - len);
  return mask === expected ? len : null;
}

export function prefixInterval(addr: bigint, len: number, bits: number): Interval {
  const host = (1n << BigInt(bits - len)) - 1n;
  const lo = addr & ~host & ((1n << BigInt(bits)) - 1n);
  return [lo, lo | host];
}

/** A set of addresses of one family: sorted, disjoint, non-adjacent intervals. */
export class AddrSet {
  private constructor(
    readonly family: Family,
    readonly intervals: readonly Interval[],
  ) {}

  static empty(family: Family): AddrSet {
    return new AddrSet(family, []);
  }

  static all(family: Family): AddrSet {
    return new AddrSet(family, [[0n, maxAddr(family)]]);
  }

  static of(family: Family, intervals: readonly Interval[]): AddrSet {
    return new AddrSet(family, normalize(intervals, maxAddr(family)));
  }

  /** The set of the given textual networks of this family (others are ignored). */
  static fromNets(family: Family, nets: readonly string[]): AddrSet {
    const iv: Interval[] = [];
    for (const n of nets) {
      const p = parseNet(n);
      if (p && p.family === family) iv.push(p.interval);
    }
    return AddrSet.of(family, iv);
  }

  isEmpty(): boolean {
    return this.intervals.length === 0;
  }

  isAll(): boolean {
    return this.intervals.length === 1 && this.intervals[0]![0] === 0n && this.intervals[0]![1] === maxAddr(this.family);
  }

  union(o: AddrSet): AddrSet {
    return AddrSet.of(this.family, [...this.intervals, ...o.intervals]);
  }

  intersect(o: AddrSet): AddrSet {
    const out: Interval[] = [];
    let i = 0;
    let j = 0;
    const a = this.intervals;
    const b = o.intervals;
    while (i < a.length && j < b.length) {
      const lo = a[i]![0] > b[j]![0] ? a[i]![0] : b[j]![0];
      const hi = a[i]![1] < b[j]![1] ? a[i]![1] : b[j]![1];
      if (lo <= hi) out.push([lo, hi]);
      if (a[i]![1] < b[j]![1]) i++;
      else j++;
    }
    return new AddrSet(this.family, out);
  }

  complement(): AddrSet {
    const out: Interval[] = [];
    let next = 0n;
    for (const [lo, hi] of this.intervals) {
      if (lo > next) out.push([next, lo - 1n]);
      next = hi + 1n;
    }
    if (next <= maxAddr(this.family)) out.push([next, maxAddr(this.family)]);
    return new AddrSet(this.family, out);
  }

  subtract(o: AddrSet): AddrSet {
    return this.intersect(o.complement());
  }

  /** True when every address of `o` is in this set. */
  covers(o: AddrSet): boolean {
    return o.subtract(this).isEmpty();
  }

  equals(o: AddrSet): boolean {
    return (
      this.family === o.family &&
      this.intervals.length === o.intervals.length &&
      this.intervals.every((iv, k) => iv[0] === o.intervals[k]![0] && iv[1] === o.intervals[k]![1])
    );
  }

  /** Number of addresses. */
  size(): bigint {
    return this.intervals.reduce((s, [lo, hi]) => s + hi - lo + 1n, 0n);
  }

  /** The smallest list of CIDR prefixes covering exactly this set. */
  toCidrs(): string[] {
    const bits = FAMILY_BITS[this.family];
    const out: string[] = [];
    for (const [lo0, hi] of this.intervals) {
      let lo = lo0;
      while (lo <= hi) {
        // Largest aligned block starting at lo that fits in [lo, hi].
        let len = bits;
        while (len > 0) {
          const size = 1n << BigInt(bits - len + 1);
          if (lo % size !== 0n || lo + size - 1n > hi) break;
          len--;
        }
        out.push(`${formatIp(this.family, lo)}/${len}`);
        lo += 1n << BigInt(bits - len);
      }
    }
    return out;
  }

  toString(): string {
    if (this.isAll()) return this.family === 'ipv4' ? '0.0.0.0/0' : '::/0';
    return this.toCidrs().join(', ');
  }
}

export function maxAddr(family: Family): bigint {
  return (1n << BigInt(FAMILY_BITS[family])) - 1n;
}

function normalize(intervals: readonly Interval[], max: bigint): Interval[] {
  const sorted = intervals
    .map(([a, b]): Interval => [a < 0n ? 0n : a, b > max ? max : b])
    .filter(([a, b]) => a <= b)
    .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1n) {
      if (hi > last[1]) last[1] = hi;
    } else out.push([lo, hi]);
  }
  return out;
}

/** Loopback addresses of a family (127.0.0.0/8, ::1). */
export function loopbackSet(family: Family): AddrSet {
  return AddrSet.fromNets(family, family === 'ipv4' ? ['127.0.0.0/8'] : ['::1/128']);
}

/**
 * Classifies a listening address: the families it accepts connections from and whether
 * it is only reachable from the host itself. "*" means every address of both families.
 * An IPv4-mapped IPv6 address ("::ffff:10.0.0.1") is IPv4.
 */
export function listenAddressInfo(address: string): { families: Family[]; loopback: boolean; wildcard: boolean; value?: { family: Family; value: bigint } } | null {
  const a = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (a === '*' || a === '') return { families: ['ipv4', 'ipv6'], loopback: false, wildcard: true };
  const p = parseIp(a);
  if (!p) return null;
  if (p.family === 'ipv6' && p.value >> 32n === 0xffffn) {
    const v4 = p.value & 0xffffffffn;
    return { families: ['ipv4'], loopback: v4 >> 24n === 127n, wildcard: false, value: { family: 'ipv4', value: v4 } };
  }
  const wildcard = p.value === 0n;
  const loopback = !wildcard && loopbackSet(p.family).covers(AddrSet.of(p.family, [[p.value, p.value]]));
  return { families: [p.family], loopback, wildcard, value: p };
}
