/**
 * PostgreSQL retriever, speaking just the start of the frontend/backend protocol:
 * SSLRequest (does the server offer TLS?), then a StartupMessage for user and database
 * "postgres" with no password, over TLS when offered and in plain text. The server's first
 * authentication message says whether it would let anyone in (AuthenticationOk = trust)
 * or asks for a password. A Terminate follows at once: no query is ever sent.
 */
import type net from 'node:net';
import { ProbeFailure, SocketReader, bytesFramer, connectTcp, printable, startTls, toProbeError, type Framer, type ProbeBudget } from './net.ts';
import type { PG_AUTH_OUTCOMES, PostgresRecord } from './record-types.ts';

const SSL_REQUEST_CODE = 80877103;
const PROTOCOL_3_0 = 196608;
const MAX_MESSAGE = 64 * 1024;

type Startup = PostgresRecord['startups'][number];
type Outcome = (typeof PG_AUTH_OUTCOMES)[number];

export function sslRequest(): Buffer {
  const b = Buffer.alloc(8);
  b.writeInt32BE(8, 0);
  b.writeInt32BE(SSL_REQUEST_CODE, 4);
  return b;
}

export function startupMessage(params: Record<string, string>): Buffer {
  const body = Buffer.concat([
    ...Object.entries(params).flatMap(([k, v]) => [Buffer.from(`${k}\0`), Buffer.from(`${v}\0`)]),
    Buffer.from([0]),
  ]);
  const head = Buffer.alloc(8);
  head.writeInt32BE(8 + body.length, 0);
  head.writeInt32BE(PROTOCOL_3_0, 4);
  return Buffer.concat([head, body]);
}

const TERMINATE = Buffer.from([0x58, 0, 0, 0, 4]);

interface BackendMessage {
  type: string;
  body: Buffer;
}

const messageFramer: Framer<BackendMessage> = (buf) => {
  if (buf.length < 5) return undefined;
  const type = String.fromCharCode(buf[0]!);
  const len = buf.readInt32BE(1);
  if (!/^[A-Za-z]$/.test(type) || len < 4 || len > MAX_MESSAGE)
    throw new ProbeFailure('protocol', `the server does not speak the PostgreSQL protocol: it answered ${printable(buf)}`);
  if (buf.length < 1 + len) return undefined;
  return { size: 1 + len, value: { type, body: Buffer.from(buf.subarray(5, 1 + len)) } };
};

/** Fields of an ErrorResponse: S severity, C SQLSTATE, M message. */
function errorFields(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let off = 0;
  while (off < body.length && body[off] !== 0) {
    const code = String.fromCharCode(body[off]!);
    const end = body.indexOf(0, off + 1);
    if (end === -1) break;
    out[code] = body.subarray(off + 1, end).toString('utf8');
    off = end + 1;
  }
  return out;
}

const AUTH_CODES: Record<number, Outcome> = { 0: 'ok', 2: 'kerberos', 3: 'cleartext', 5: 'md5', 7: 'gss', 9: 'sspi', 10: 'sasl' };

/** Reads the answer to a StartupMessage up to the first authentication request or error. */
async function readStartupAnswer(reader: SocketReader, transport: Startup['transport']): Promise<Startup> {
  const result: Startup = { transport, outcome: 'unknown' };
  for (;;) {
    const msg = await reader.read(messageFramer, 'PostgreSQL message');
    if (msg.type === 'E') {
      const f = errorFields(msg.body);
      return { ...result, outcome: 'rejected', ...(f.C ? { errorCode: f.C } : {}), ...(f.M ? { message: f.M.slice(0, 300) } : {}) };
    }
    if (msg.type === 'R') {
      const code = msg.body.length >= 4 ? msg.body.readInt32BE(0) : -1;
      const outcome = AUTH_CODES[code] ?? 'unknown';
      if (outcome === 'sasl') {
        const mechanisms = msg.body.subarray(4).toString('utf8').split('\0').filter((m) => m !== '');
        return { ...result, outcome, mechanisms };
      }
      if (outcome !== 'ok') return { ...result, outcome };
      result.outcome = 'ok';
      continue; // trust: ParameterStatus messages follow; stop at ReadyForQuery
    }
    if (msg.type === 'S' && result.outcome === 'ok') {
      const [name, value] = msg.body.toString('utf8').split('\0');
      if (name === 'server_version' && value) result.serverVersion = value.slice(0, 100);
      continue;
    }
    if (msg.type === 'Z' || msg.type === 'N' || msg.type === 'K') {
      if (msg.type === 'Z') return result;
      continue;
    }
    throw new ProbeFailure('protocol', `unexpected PostgreSQL message "${msg.type}" during start-up`);
  }
}

async function startup(budget: ProbeBudget, socket: net.Socket, transport: Startup['transport']): Promise<Startup> {
  const reader = new SocketReader(socket, budget, MAX_MESSAGE * 2);
  try {
    socket.write(startupMessage({ user: 'postgres', database: 'postgres', application_name: 'garrison-probe' }));
    const answer = await readStartupAnswer(reader, transport);
    socket.write(TERMINATE);
    return answer;
  } finally {
    reader.close();
  }
}

/** Probes one PostgreSQL endpoint. Never throws: failures are recorded. */
export async function probePostgres(budget: ProbeBudget, base: Pick<PostgresRecord, 'endpoint' | 'host' | 'port'>): Promise<PostgresRecord> {
  const started = Date.now();
  const record: PostgresRecord = { kind: 'postgres', ...base, retrievedAt: new Date(started).toISOString(), durationMs: 0, startups: [] };
  try {
    const socket = await connectTcp(budget);
    const reader = new SocketReader(socket, budget, 1024);
    let answer: Buffer;
    try {
      socket.write(sslRequest());
      answer = await reader.read(bytesFramer(1), 'answer to SSLRequest');
    } catch (err) {
      reader.close();
      throw err;
    }
    const letter = String.fromCharCode(answer[0]!);
    // A PostgreSQL server answers with exactly one byte and then waits for the client.
    if ((letter !== 'S' && letter !== 'N') || reader.buffered > 0) {
      const extra = await reader.read(bytesFramer(reader.buffered), 'answer').catch(() => Buffer.alloc(0));
      reader.close();
      throw new ProbeFailure('protocol', `the server does not speak the PostgreSQL protocol: it answered SSLRequest with ${printable(Buffer.concat([answer, extra]))}`);
    }
    record.sslResponse = letter;
    const plain = async (): Promise<Startup> => {
      try {
        return await startup(budget, await connectTcp(budget), 'plain');
      } catch (err) {
        return { transport: 'plain', outcome: 'unknown', error: toProbeError(err, budget) };
      }
    };
    if (letter === 'S') {
      reader.detach();
      const overTls = async (): Promise<Startup> => {
        try {
          return await startup(budget, await startTls(budget, { socket }), 'tls');
        } catch (err) {
          socket.destroy();
          return { transport: 'tls', outcome: 'unknown', error: toProbeError(err, budget) };
        }
      };
      record.startups = await Promise.all([overTls(), plain()]);
    } else {
      reader.close();
      record.startups = [await plain()];
    }
  } catch (err) {
    record.error = toProbeError(err, budget);
  }
  record.durationMs = Date.now() - started;
  return record;
}
