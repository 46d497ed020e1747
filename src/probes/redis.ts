/**
 * Redis retriever: PING without AUTH. "+PONG" means anyone who reaches the port can run
 * commands; "-NOAUTH" means a password is required; "-DENIED" is protected mode. An open
 * server is also asked `INFO server` for its version (read-only).
 */
import { ProbeFailure, SocketReader, connectTcp, lineFramer, printable, toProbeError, type Framer, type ProbeBudget } from './net.ts';
import type { RedisRecord } from './record-types.ts';

const MAX_INFO = 64 * 1024;

const command = (...args: string[]) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;

/** One RESP reply line (simple string, error, integer or bulk header). */
const replyLine: Framer<string> = (buf) => {
  const first = String.fromCharCode(buf[0]!);
  if (!'+-:$*'.includes(first)) throw new ProbeFailure('protocol', `the server does not speak the Redis protocol: it answered ${printable(buf)}`);
  return lineFramer(4096, 'Redis reply')(buf);
};

/** Frames a bulk string body of `n` bytes plus CRLF. */
const bulkBody = (n: number): Framer<string> => (buf) =>
  buf.length >= n + 2 ? { size: n + 2, value: buf.subarray(0, n).toString('latin1') } : undefined;

/** Classifies the answer to PING. Exported for tests. */
export function classifyPing(line: string): NonNullable<RedisRecord['state']> {
  if (line === '+PONG') return 'open';
  if (/^-NOAUTH\b/i.test(line) || /^-(ERR )?(operation not permitted|authentication required)/i.test(line)) return 'auth-required';
  if (/^-DENIED\b/.test(line)) return 'protected-mode';
  return 'other';
}

/** Probes one Redis endpoint. Never throws: failures are recorded. */
export async function probeRedis(budget: ProbeBudget, base: Pick<RedisRecord, 'endpoint' | 'host' | 'port'>): Promise<RedisRecord> {
  const started = Date.now();
  const record: RedisRecord = { kind: 'redis', ...base, retrievedAt: new Date(started).toISOString(), durationMs: 0 };
  try {
    const socket = await connectTcp(budget);
    const reader = new SocketReader(socket, budget, MAX_INFO + 1024);
    try {
      socket.write(command('PING'));
      const line = await reader.read(replyLine, 'Redis reply');
      record.reply = line.slice(0, 200);
      record.state = classifyPing(line);
      if (record.state === 'open') {
        socket.write(command('INFO', 'server'));
        const head = await reader.read(replyLine, 'Redis reply');
        const size = /^\$(\d+)$/.exec(head);
        if (size && Number(size[1]) <= MAX_INFO) {
          const info = await reader.read(bulkBody(Number(size[1])), 'INFO reply');
          const version = /^redis_version:(\S+)/m.exec(info);
          if (version) record.version = version[1]!.slice(0, 50);
        }
      }
      socket.write(command('QUIT'));
    } finally {
      reader.close();
    }
  } catch (err) {
    record.error = toProbeError(err, budget);
  }
  record.durationMs = Date.now() - started;
  return record;
}
