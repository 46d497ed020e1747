/**
 * LDAP retriever, BER-encoded by hand (RFC 4511): an anonymous simple bind (empty DN and
 * password; result 0 means the directory accepts anonymous sessions), then the StartTLS
 * extended request (1.3.6.1.4.1.1466.20037; result 0 means TLS is offered), then an unbind.
 * When StartTLS succeeds the connection is dropped before any TLS handshake.
 */
import type net from 'node:net';
import { ProbeFailure, SocketReader, connectTcp, printable, startTls, toProbeError, type Framer, type ProbeBudget } from './net.ts';
import type { LdapRecord } from './record-types.ts';

const START_TLS_OID = '1.3.6.1.4.1.1466.20037';
const MAX_MESSAGE = 64 * 1024;

function tlv(tag: number, body: Buffer): Buffer {
  const len = body.length;
  const head = len < 0x80 ? Buffer.from([tag, len]) : len < 0x100 ? Buffer.from([tag, 0x81, len]) : Buffer.from([tag, 0x82, len >> 8, len & 0xff]);
  return Buffer.concat([head, body]);
}
const int = (n: number) => tlv(0x02, Buffer.from([n]));
const message = (id: number, op: Buffer) => tlv(0x30, Buffer.concat([int(id), op]));

/** BindRequest: version 3, empty name, simple authentication with an empty password. */
export const ANONYMOUS_BIND = message(1, tlv(0x60, Buffer.concat([int(3), tlv(0x04, Buffer.alloc(0)), tlv(0x80, Buffer.alloc(0))])));
/** ExtendedRequest for StartTLS. */
export const START_TLS = message(2, tlv(0x77, tlv(0x80, Buffer.from(START_TLS_OID, 'ascii'))));
const UNBIND = message(3, tlv(0x42, Buffer.alloc(0)));

interface Ber {
  tag: number;
  body: Buffer;
  size: number;
}

function readBer(buf: Buffer, off: number): Ber | undefined {
  if (buf.length < off + 2) return undefined;
  const tag = buf[off]!;
  let len = buf[off + 1]!;
  let start = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3) throw new ProbeFailure('protocol', `unsupported BER length in LDAP answer (${printable(buf)})`);
    if (buf.length < start + n) return undefined;
    len = buf.readUIntBE(start, n);
    start += n;
  }
  if (len > MAX_MESSAGE) throw new ProbeFailure('too-large', `LDAP message of ${len} bytes`);
  if (buf.length < start + len) return undefined;
  return { tag, body: buf.subarray(start, start + len), size: start + len - off };
}

export interface LdapResponse {
  messageId: number;
  op: number;
  resultCode: number;
  diagnostic?: string;
}

/** Frames and decodes one LDAPMessage carrying an LDAPResult. Exported for tests. */
export const responseFramer: Framer<LdapResponse> = (buf) => {
  if (buf[0] !== 0x30) throw new ProbeFailure('protocol', `the server does not speak LDAP: it answered ${printable(buf)}`);
  const msg = readBer(buf, 0);
  if (!msg) return undefined;
  const bad = () => new ProbeFailure('protocol', `malformed LDAP message (${printable(buf)})`);
  const id = readBer(msg.body, 0);
  if (!id || id.tag !== 0x02 || id.body.length === 0 || id.body.length > 4) throw bad();
  const op = readBer(msg.body, id.size);
  if (!op) throw bad();
  const code = readBer(op.body, 0);
  if (!code || code.tag !== 0x0a || code.body.length === 0) throw bad();
  const matched = readBer(op.body, code.size);
  const diag = matched ? readBer(op.body, code.size + matched.size) : undefined;
  const diagnostic = diag?.tag === 0x04 && diag.body.length > 0 ? diag.body.toString('utf8').slice(0, 300) : undefined;
  return {
    size: msg.size,
    value: { messageId: id.body.readUIntBE(0, id.body.length), op: op.tag, resultCode: code.body.readUIntBE(0, Math.min(4, code.body.length)), ...(diagnostic ? { diagnostic } : {}) },
  };
};

async function request(reader: SocketReader, socket: net.Socket, msg: Buffer, id: number, what: string): Promise<LdapResponse> {
  socket.write(msg);
  for (;;) {
    const res = await reader.read(responseFramer, what);
    if (res.messageId === id) return res;
    if (res.messageId === 0) throw new ProbeFailure('closed', `the server sent a notice of disconnection${res.diagnostic ? `: ${res.diagnostic}` : ''}`);
  }
}

const result = (r: LdapResponse) => ({ resultCode: r.resultCode, ...(r.diagnostic ? { diagnostic: r.diagnostic } : {}) });

/** Probes one LDAP (or LDAPS) endpoint. Never throws: failures are recorded. */
export async function probeLdap(budget: ProbeBudget, base: Pick<LdapRecord, 'endpoint' | 'host' | 'port'>, useTls: boolean, serverName?: string): Promise<LdapRecord> {
  const started = Date.now();
  const record: LdapRecord = { kind: 'ldap', ...base, tls: useTls, retrievedAt: new Date(started).toISOString(), durationMs: 0 };
  try {
    const socket = useTls ? await startTls(budget, serverName ? { servername: serverName } : {}) : await connectTcp(budget);
    const reader = new SocketReader(socket, budget, MAX_MESSAGE + 16);
    try {
      record.anonymousBind = result(await request(reader, socket, ANONYMOUS_BIND, 1, 'answer to the bind request'));
      if (!useTls) {
        record.startTls = result(await request(reader, socket, START_TLS, 2, 'answer to the StartTLS request'));
        if (record.startTls.resultCode !== 0) socket.write(UNBIND);
      } else {
        socket.write(UNBIND);
      }
    } finally {
      reader.close();
    }
  } catch (err) {
    record.error = toProbeError(err, budget);
  }
  record.durationMs = Date.now() - started;
  return record;
}
