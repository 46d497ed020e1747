/**
 * /proc/net/tcp, tcp6, udp and udp6: one socket per line after a header,
 *
 *   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
 *    0: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000   999        0 27013 ...
 *
 * Addresses are hexadecimal 32-bit words in the kernel's byte order (little-endian on the
 * usual hosts), ports big-endian hexadecimal. A TCP socket in state 0A listens; a UDP
 * socket in state 07 with no remote peer is bound and receiving.
 */
import type { ParseError, ParseResult } from '../types.ts';
import { splitLines } from '../types.ts';
import { formatIpv4, formatIpv6 } from '../../firewall/addr.ts';

export interface ProcNetSocket {
  protocol: 'tcp' | 'udp';
  family: 'ipv4' | 'ipv6';
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  /** Kernel socket state (TCP_LISTEN = 0x0A, TCP_CLOSE = 0x07). */
  state: number;
  uid: number;
  /** Socket inode, to find the owning process through /proc/<pid>/fd. */
  inode: number;
  line: number;
}

export interface ProcNetOptions {
  protocol: 'tcp' | 'udp';
  family: 'ipv4' | 'ipv6';
  /** Byte order of the address words (default: little-endian, as on x86 and arm64). */
  littleEndian?: boolean;
}

const TCP_LISTEN = 0x0a;
const TCP_CLOSE = 0x07;

function word(hex: string, littleEndian: boolean): bigint {
  const v = BigInt(`0x${hex}`);
  if (!littleEndian) return v;
  return ((v & 0xffn) << 24n) | (((v >> 8n) & 0xffn) << 16n) | (((v >> 16n) & 0xffn) << 8n) | ((v >> 24n) & 0xffn);
}

/** Decodes "0100007F:0CEA" (or the 32-digit IPv6 form) into address and port; null when malformed. */
export function decodeProcAddress(text: string, family: 'ipv4' | 'ipv6', littleEndian = true): { address: string; port: number } | null {
  const m = family === 'ipv4' ? /^([0-9A-Fa-f]{8}):([0-9A-Fa-f]{4})$/.exec(text) : /^([0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})$/.exec(text);
  if (!m) return null;
  const hex = m[1]!;
  const port = parseInt(m[2]!, 16);
  if (family === 'ipv4') return { address: formatIpv4(word(hex, littleEndian)), port };
  let v = 0n;
  for (let k = 0; k < 4; k++) v = (v << 32n) | word(hex.slice(k * 8, k * 8 + 8), littleEndian);
  // IPv4-mapped addresses are written the dotted way, as ss(8) does.
  if (v >> 32n === 0xffffn) return { address: `::ffff:${formatIpv4(v & 0xffffffffn)}`, port };
  return { address: formatIpv6(v), port };
}

/** Parses one /proc/net table. Never throws. */
export function parseProcNet(text: string, file: string, options: ProcNetOptions): ParseResult<{ sockets: ProcNetSocket[] }> {
  const sockets: ProcNetSocket[] = [];
  const errors: ParseError[] = [];
  const le = options.littleEndian ?? true;
  splitLines(text).forEach((raw, i) => {
    const line = i + 1;
    const f = raw.trim().split(/\s+/);
    if (f.length === 1 && f[0] === '') return;
    if (i === 0 && f[0] === 'sl') return;
    if (f.length < 10 || !/^\d+:$/.test(f[0]!)) {
      errors.push({ file, line, message: 'expected "sl: local_address rem_address st ... uid timeout inode"' });
      return;
    }
    const local = decodeProcAddress(f[1]!, options.family, le);
    const remote = decodeProcAddress(f[2]!, options.family, le);
    const state = /^[0-9A-Fa-f]{2}$/.test(f[3]!) ? parseInt(f[3]!, 16) : NaN;
    const uid = Number(f[7]);
    const inode = Number(f[9]);
    if (!local || !remote || Number.isNaN(state) || !Number.isInteger(uid) || !Number.isInteger(inode)) {
      errors.push({ file, line, message: 'malformed socket line' });
      return;
    }
    sockets.push({
      protocol: options.protocol,
      family: options.family,
      localAddress: local.address,
      localPort: local.port,
      remoteAddress: remote.address,
      remotePort: remote.port,
      state,
      uid,
      inode,
      line,
    });
  });
  return { model: { sockets }, errors };
}

/** The sockets that accept connections or datagrams from others: TCP in LISTEN, UDP bound without a peer. */
export function listeningSockets(sockets: readonly ProcNetSocket[]): ProcNetSocket[] {
  return sockets.filter((s) => (s.protocol === 'tcp' ? s.state === TCP_LISTEN : s.state === TCP_CLOSE && s.remotePort === 0));
}
