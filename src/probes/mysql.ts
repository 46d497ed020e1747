/**
 * MySQL / MariaDB retriever: the server speaks first with its initial handshake packet
 * (protocol version, server version, capability flags). CLIENT_SSL among the flags means
 * the server offers TLS. Nothing is sent back; the connection is dropped.
 */
import { ProbeFailure, SocketReader, connectTcp, printable, toProbeError, type Framer, type ProbeBudget } from './net.ts';
import type { MysqlRecord } from './record-types.ts';

export const CLIENT_SSL = 0x0800;
const MAX_PACKET = 16 * 1024;

/** Frames one MySQL packet (3-byte length, sequence id, payload). */
const packetFramer: Framer<Buffer> = (buf) => {
  if (buf.length < 4) return undefined;
  const len = buf.readUIntLE(0, 3);
  if (len === 0 || len > MAX_PACKET || buf[3] !== 0)
    throw new ProbeFailure('protocol', `the server does not speak the MySQL protocol: it answered ${printable(buf)}`);
  if (buf.length < 4 + len) return undefined;
  return { size: 4 + len, value: Buffer.from(buf.subarray(4, 4 + len)) };
};

type Handshake = Omit<MysqlRecord, 'kind' | 'endpoint' | 'host' | 'port' | 'retrievedAt' | 'durationMs' | 'error'>;

/** Parses the initial handshake (protocol 10) or an error packet. Exported for tests. */
export function parseHandshake(p: Buffer): Handshake {
  if (p[0] === 0xff) {
    const code = p.length >= 3 ? p.readUInt16LE(1) : 0;
    let msg = p.subarray(3).toString('utf8');
    if (msg.startsWith('#')) msg = msg.slice(6);
    return { refused: { code, message: msg.slice(0, 300) } };
  }
  if (p[0] !== 10) throw new ProbeFailure('protocol', `unsupported MySQL protocol version ${p[0]} (${printable(p)})`);
  const verEnd = p.indexOf(0, 1);
  if (verEnd === -1 || verEnd + 1 + 4 + 8 + 1 + 2 > p.length) throw new ProbeFailure('protocol', 'truncated MySQL handshake');
  const serverVersion = p.subarray(1, verEnd).toString('latin1').slice(0, 100);
  let off = verEnd + 1 + 4 + 8 + 1; // connection id, auth data part 1, filler
  let capabilities = p.readUInt16LE(off);
  off += 2;
  let authPlugin: string | undefined;
  if (off + 1 + 2 + 2 + 1 + 10 <= p.length) {
    off += 1 + 2; // character set, status flags
    capabilities |= p.readUInt16LE(off) << 16;
    off += 2;
    const authLen = p[off]!;
    off += 1 + 10;
    off += Math.max(13, authLen - 8);
    if (off < p.length) {
      const end = p.indexOf(0, off);
      authPlugin = p.subarray(off, end === -1 ? p.length : end).toString('latin1').slice(0, 64);
    }
  }
  capabilities >>>= 0;
  return {
    protocolVersion: 10,
    serverVersion,
    capabilities,
    tlsOffered: (capabilities & CLIENT_SSL) !== 0,
    ...(authPlugin ? { authPlugin } : {}),
  };
}

/** Probes one MySQL/MariaDB endpoint. Never throws: failures are recorded. */
export async function probeMysql(budget: ProbeBudget, base: Pick<MysqlRecord, 'endpoint' | 'host' | 'port'>): Promise<MysqlRecord> {
  const started = Date.now();
  const record: MysqlRecord = { kind: 'mysql', ...base, retrievedAt: new Date(started).toISOString(), durationMs: 0 };
  try {
    const socket = await connectTcp(budget);
    const reader = new SocketReader(socket, budget, MAX_PACKET + 4);
    try {
      Object.assign(record, parseHandshake(await reader.read(packetFramer, 'MySQL handshake')));
    } finally {
      reader.close();
    }
  } catch (err) {
    record.error = toProbeError(err, budget);
  }
  record.durationMs = Date.now() - started;
  return record;
}
