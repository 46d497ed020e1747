/**
 * Raw TLS ClientHello / ServerHello, the way testssl.sh's socket checks work: offer one
 * protocol version and a chosen list of suites, read the server's first answer, hang up.
 * This needs no local TLS library support for the version or suite offered (Node's OpenSSL
 * cannot speak SSL 3.0 or RC4 any more), and no handshake is ever completed.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import net from 'node:net';
import { ProbeFailure, SocketReader, connectTcp, printable, type Framer, type ProbeBudget } from './net.ts';
import type { TlsVersion } from './record-types.ts';
import type { CipherSuite } from './tls-ciphers.ts';

export const VERSION_CODES: Record<TlsVersion, number> = {
  SSLv3: 0x0300,
  TLSv1: 0x0301,
  'TLSv1.1': 0x0302,
  'TLSv1.2': 0x0303,
  'TLSv1.3': 0x0304,
};

export function versionName(code: number): string {
  const hit = (Object.entries(VERSION_CODES) as [TlsVersion, number][]).find(([, c]) => c === code);
  return hit ? hit[0] : `0x${code.toString(16).padStart(4, '0')}`;
}

const u8 = (n: number) => Buffer.from([n & 0xff]);
const u16 = (n: number) => Buffer.from([(n >> 8) & 0xff, n & 0xff]);
const u24 = (n: number) => Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
const vec16 = (b: Buffer) => Buffer.concat([u16(b.length), b]);
const vec8 = (b: Buffer) => Buffer.concat([u8(b.length), b]);
const ext = (type: number, body: Buffer) => Buffer.concat([u16(type), vec16(body)]);

const GROUPS = [0x001d, 0x0017, 0x0018, 0x0019, 0x001e, 0x0100, 0x0101, 0x0102];
const SIGNATURE_SCHEMES = [
  0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b, 0x0401, 0x0501, 0x0601,
  0x0303, 0x0301, 0x0302, 0x0402, 0x0502, 0x0602, 0x0203, 0x0201, 0x0202,
];
const HRR_RANDOM = Buffer.from('cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c', 'hex');

/** Builds a ClientHello record offering exactly `version` and `suites`. */
export function buildClientHello(version: number, suites: readonly CipherSuite[], serverName?: string): Buffer {
  const ids = suites.map((s) => s.id);
  if (version < 0x0304) ids.push(0x00ff); // TLS_EMPTY_RENEGOTIATION_INFO_SCSV
  const cipherBytes = Buffer.concat(ids.map(u16));
  const extensions: Buffer[] = [];
  if (version >= 0x0301) {
    if (serverName && net.isIP(serverName) === 0) {
      const name = Buffer.from(serverName, 'ascii');
      extensions.push(ext(0x0000, vec16(Buffer.concat([u8(0), vec16(name)]))));
    }
    extensions.push(ext(0x000a, vec16(Buffer.concat(GROUPS.map(u16)))));
    extensions.push(ext(0x000b, vec8(u8(0))));
    extensions.push(ext(0x0017, Buffer.alloc(0))); // extended_master_secret
    extensions.push(ext(0x0023, Buffer.alloc(0))); // session_ticket
  }
  if (version >= 0x0303) extensions.push(ext(0x000d, vec16(Buffer.concat(SIGNATURE_SCHEMES.map(u16)))));
  if (version === 0x0304) {
    const pub = generateKeyPairSync('x25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
    extensions.push(ext(0x002b, vec8(u16(0x0304))));
    extensions.push(ext(0x0033, vec16(Buffer.concat([u16(0x001d), vec16(pub)]))));
    extensions.push(ext(0x002d, vec8(u8(1))));
  }
  const body = Buffer.concat([
    u16(Math.min(version, 0x0303)),
    randomBytes(32),
    vec8(version === 0x0304 ? randomBytes(32) : Buffer.alloc(0)),
    vec16(cipherBytes),
    vec8(u8(0)),
    ...(extensions.length > 0 ? [vec16(Buffer.concat(extensions))] : []),
  ]);
  const handshake = Buffer.concat([u8(1), u24(body.length), body]);
  return Buffer.concat([u8(0x16), u16(version === 0x0300 ? 0x0300 : 0x0301), vec16(handshake)]);
}

export interface ServerHello {
  /** Negotiated version (supported_versions taken into account). */
  version: number;
  cipher: number;
  helloRetry: boolean;
}

/** The server's first answer to a ClientHello. */
export type HelloAnswer = { accepted: true; hello: ServerHello } | { accepted: false; reason: string };

const ALERTS: Record<number, string> = {
  10: 'unexpected_message',
  20: 'bad_record_mac',
  40: 'handshake_failure',
  47: 'illegal_parameter',
  50: 'decode_error',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  109: 'missing_extension',
  112: 'unrecognized_name',
};

interface TlsRecordFrame {
  type: number;
  body: Buffer;
}

/** Frames one TLS record; anything that is not a TLS record is a protocol failure. */
const recordFramer: Framer<TlsRecordFrame> = (buf) => {
  if (buf.length < 5) {
    if (!looksLikeTlsStart(buf)) throw notTls(buf);
    return undefined;
  }
  const type = buf[0]!;
  const major = buf[1]!;
  const len = buf.readUInt16BE(3);
  if (!looksLikeTlsStart(buf) || major !== 3 || len > 18432) throw notTls(buf);
  if (buf.length < 5 + len) return undefined;
  return { size: 5 + len, value: { type, body: Buffer.from(buf.subarray(5, 5 + len)) } };
};

function looksLikeTlsStart(buf: Buffer): boolean {
  const type = buf[0]!;
  return (type === 0x15 || type === 0x16) && (buf.length < 2 || buf[1] === 3);
}

function notTls(buf: Buffer): ProbeFailure {
  return new ProbeFailure('protocol', `the server does not speak TLS: it answered ${printable(buf)}`);
}

/** Parses a ServerHello handshake body. Exported for tests. */
export function parseServerHello(body: Buffer): ServerHello {
  const fail = () => new ProbeFailure('protocol', `malformed ServerHello (${body.length} bytes)`);
  if (body.length < 38) throw fail();
  let version = body.readUInt16BE(0);
  const random = body.subarray(2, 34);
  let off = 34;
  const sidLen = body[off]!;
  off += 1 + sidLen;
  if (body.length < off + 3) throw fail();
  const cipher = body.readUInt16BE(off);
  off += 3;
  if (body.length >= off + 2) {
    const extLen = body.readUInt16BE(off);
    off += 2;
    const end = Math.min(body.length, off + extLen);
    while (off + 4 <= end) {
      const type = body.readUInt16BE(off);
      const len = body.readUInt16BE(off + 2);
      if (type === 0x002b && len === 2 && off + 6 <= end) version = body.readUInt16BE(off + 4);
      off += 4 + len;
    }
  }
  return { version, cipher, helloRetry: random.equals(HRR_RANDOM) };
}

/** Reads records until the ServerHello, an alert, or the end of the connection. */
export async function readHelloAnswer(reader: SocketReader): Promise<HelloAnswer> {
  let handshake = Buffer.alloc(0);
  for (;;) {
    let rec: TlsRecordFrame;
    try {
      rec = await reader.read(recordFramer, 'TLS record');
    } catch (err) {
      if (err instanceof ProbeFailure && (err.code === 'closed' || err.code === 'reset') && handshake.length === 0)
        return { accepted: false, reason: 'the server closed the connection' };
      throw err;
    }
    if (rec.type === 0x15) {
      const desc = rec.body[1] ?? -1;
      return { accepted: false, reason: `alert ${ALERTS[desc] ?? desc}` };
    }
    handshake = Buffer.concat([handshake, rec.body]);
    if (handshake.length < 4) continue;
    const msgType = handshake[0]!;
    const len = handshake.readUIntBE(1, 3);
    if (msgType !== 2) throw new ProbeFailure('protocol', `expected a ServerHello, got handshake message type ${msgType}`);
    if (len > 65536) throw new ProbeFailure('protocol', 'ServerHello larger than 64 KiB');
    if (handshake.length < 4 + len) continue;
    return { accepted: true, hello: parseServerHello(handshake.subarray(4, 4 + len)) };
  }
}

/** Opens a connection, sends one ClientHello and returns the server's answer. */
export async function helloExchange(budget: ProbeBudget, version: number, suites: readonly CipherSuite[], serverName?: string): Promise<HelloAnswer> {
  const socket = await connectTcp(budget);
  const reader = new SocketReader(socket, budget, 64 * 1024);
  try {
    socket.write(buildClientHello(version, suites, serverName));
    return await readHelloAnswer(reader);
  } finally {
    reader.close();
  }
}
