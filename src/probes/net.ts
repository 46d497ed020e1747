/**
 * The few socket primitives every retriever uses: a TCP connection with a connect timeout
 * that gives up when the endpoint's overall time is over, and a reader that waits for a
 * complete message with a cap on how much it will buffer. Failures are ProbeFailures
 * carrying a ProbeError code and a sentence saying what happened.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { ProbeError } from './record-types.ts';

/** A failure to say in a record: a code and a sentence. */
export class ProbeFailure extends Error {
  readonly code: ProbeError['code'];
  constructor(code: ProbeError['code'], message: string) {
    super(message);
    this.name = 'ProbeFailure';
    this.code = code;
  }
  toRecord(): ProbeError {
    return { code: this.code, message: this.message };
  }
}

/** Budget and address of one endpoint's probe. */
export interface ProbeBudget {
  /** Address to connect to (already resolved). */
  address: string;
  port: number;
  /** Name for messages, e.g. "db.example.org:5432". */
  label: string;
  connectTimeoutMs: number;
  /** Aborted when the endpoint's overall timeout is over. */
  signal: AbortSignal;
  /** The overall timeout, for messages. */
  overallTimeoutMs: number;
}

/** Turns anything thrown during a probe into a ProbeError. */
export function toProbeError(err: unknown, budget?: Pick<ProbeBudget, 'label' | 'overallTimeoutMs'>): ProbeError {
  if (err instanceof ProbeFailure) return err.toRecord();
  const e = err as NodeJS.ErrnoException;
  const where = budget ? `${budget.label}: ` : '';
  switch (e?.code) {
    case 'ECONNREFUSED':
      return { code: 'refused', message: `${where}connection refused: nothing listens on this port` };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return { code: 'unreachable', message: `${where}host or network unreachable (${e.code})` };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return { code: 'dns', message: `${where}the host name does not resolve (${e.code})` };
    case 'ECONNRESET':
    case 'EPIPE':
      return { code: 'reset', message: `${where}the server reset the connection` };
    case 'ABORT_ERR':
      return { code: 'timeout', message: `${where}no complete answer within ${budget?.overallTimeoutMs ?? '?'} ms` };
    case 'EPROTO':
      return { code: 'tls', message: `${where}the TLS handshake failed: ${opensslReason(e.message)}` };
    case 'HPE_HEADER_OVERFLOW':
      return { code: 'too-large', message: `${where}the response headers are larger than the probe reads` };
    default:
      if (typeof e?.code === 'string' && e.code.startsWith('HPE_'))
        return { code: 'protocol', message: `${where}not a valid HTTP answer (${e.message})` };
      if (typeof e?.code === 'string' && (e.code.startsWith('ERR_SSL') || e.code.startsWith('ERR_TLS')))
        return { code: 'tls', message: `${where}the TLS handshake failed: ${opensslReason(e.message)}` };
      return { code: 'other', message: `${where}${err instanceof Error ? err.message : String(err)}` };
  }
}

/** "wrong version number" out of OpenSSL's "…:SSL routines:ssl3_get_record:wrong version number:…". */
export function opensslReason(message: string): string {
  const parts = message.split(':');
  const i = parts.findIndex((p) => p.trim() === 'SSL routines');
  return i !== -1 && parts[i + 2] ? parts[i + 2]!.trim() : message;
}

function timeoutFailure(budget: ProbeBudget): ProbeFailure {
  return new ProbeFailure('timeout', `${budget.label}: no complete answer within ${budget.overallTimeoutMs} ms`);
}

/** Opens a TCP connection, failing after the connect timeout or when the budget is spent. */
export function connectTcp(budget: ProbeBudget): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    if (budget.signal.aborted) return reject(timeoutFailure(budget));
    const socket = net.connect({ host: budget.address, port: budget.port, noDelay: true });
    const done = (err?: unknown) => {
      clearTimeout(timer);
      budget.signal.removeEventListener('abort', onAbort);
      socket.removeListener('error', done);
      socket.removeListener('connect', onConnect);
      if (err === undefined) return resolve(socket);
      socket.destroy();
      reject(err instanceof ProbeFailure ? err : new ProbeFailure(toProbeError(err, budget).code, toProbeError(err, budget).message));
    };
    const onConnect = () => done();
    const onAbort = () => done(timeoutFailure(budget));
    const timer = setTimeout(
      () => done(new ProbeFailure('connect-timeout', `${budget.label}: no TCP connection within ${budget.connectTimeoutMs} ms (host down or port filtered)`)),
      budget.connectTimeoutMs,
    );
    socket.once('connect', onConnect);
    socket.once('error', done);
    budget.signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Upgrades a connected socket to TLS (PostgreSQL after 'S', LDAP StartTLS) or connects
 * with TLS, without judging the certificate: the TLS probe does that.
 */
export function startTls(budget: ProbeBudget, options: { socket?: net.Socket; servername?: string }): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    if (budget.signal.aborted) return reject(timeoutFailure(budget));
    const conn = tls.connect({
      ...(options.socket ? { socket: options.socket } : { host: budget.address, port: budget.port }),
      ...(options.servername ? { servername: options.servername } : {}),
      rejectUnauthorized: false,
      minVersion: 'TLSv1',
      ciphers: 'ALL:@SECLEVEL=0',
    });
    const timer = options.socket
      ? undefined
      : setTimeout(() => done(new ProbeFailure('connect-timeout', `${budget.label}: no TCP connection within ${budget.connectTimeoutMs} ms`)), budget.connectTimeoutMs);
    const onTcp = () => clearTimeout(timer);
    const done = (err?: unknown) => {
      clearTimeout(timer);
      budget.signal.removeEventListener('abort', onAbort);
      conn.removeListener('error', done);
      conn.removeListener('secureConnect', onSecure);
      conn.removeListener('connect', onTcp);
      if (err === undefined) return resolve(conn);
      conn.destroy();
      const pe = toProbeError(err, budget);
      reject(err instanceof ProbeFailure ? err : new ProbeFailure(pe.code === 'other' ? 'tls' : pe.code, pe.message));
    };
    const onSecure = () => done();
    const onAbort = () => done(timeoutFailure(budget));
    conn.once('connect', onTcp);
    conn.once('secureConnect', onSecure);
    conn.once('error', done);
    budget.signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Decides whether the bytes buffered so far hold a complete message: returns the number of
 * bytes it takes, or undefined to wait for more. May throw a ProbeFailure ('protocol').
 */
export type Framer<T> = (buf: Buffer) => { size: number; value: T } | undefined;

/**
 * Buffers what a socket receives and hands out complete messages. It never holds more than
 * `maxBytes`, ends on the budget's abort, and reports an early close as such.
 */
export class SocketReader {
  private buf: Buffer = Buffer.alloc(0);
  private ended = false;
  private failure: unknown;
  private wake: (() => void) | undefined;
  private readonly onData = (chunk: Buffer) => {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    this.notify();
  };
  private readonly onEnd = () => {
    this.ended = true;
    this.notify();
  };
  private readonly onError = (err: Error) => {
    this.failure = err;
    this.notify();
  };
  private readonly onAbort = () => this.notify();

  constructor(
    readonly socket: net.Socket,
    private readonly budget: ProbeBudget,
    private readonly maxBytes = 64 * 1024,
  ) {
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    socket.on('error', this.onError);
    budget.signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Bytes received so far and not yet taken. */
  get buffered(): number {
    return this.buf.length;
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /** Waits for one complete message as decided by `framer`, and removes it from the buffer. */
  async read<T>(framer: Framer<T>, what: string): Promise<T> {
    for (;;) {
      if (this.buf.length > 0) {
        const got = framer(this.buf);
        if (got) {
          this.buf = this.buf.subarray(got.size);
          return got.value;
        }
      }
      if (this.buf.length > this.maxBytes)
        throw new ProbeFailure('too-large', `${this.budget.label}: more than ${this.maxBytes} bytes without a complete ${what}`);
      if (this.failure !== undefined) throw new ProbeFailure(toProbeError(this.failure, this.budget).code, toProbeError(this.failure, this.budget).message);
      if (this.budget.signal.aborted)
        throw new ProbeFailure('timeout', `${this.budget.label}: no complete ${what} within ${this.budget.overallTimeoutMs} ms${this.receivedNote()}`);
      if (this.ended)
        throw new ProbeFailure('closed', `${this.budget.label}: the server closed the connection before sending a complete ${what}${this.receivedNote()}`);
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private receivedNote(): string {
    return this.buf.length === 0 ? ' (it sent nothing)' : ` (it sent ${this.buf.length} bytes: ${printable(this.buf)})`;
  }

  /** Stops listening, leaving the socket open (to upgrade it to TLS). */
  detach(): net.Socket {
    this.socket.removeListener('data', this.onData);
    this.socket.removeListener('end', this.onEnd);
    this.socket.removeListener('close', this.onEnd);
    this.socket.removeListener('error', this.onError);
    this.budget.signal.removeEventListener('abort', this.onAbort);
    return this.socket;
  }

  /** Stops listening and destroys the socket. */
  close(): void {
    this.detach().destroy();
  }
}

/** A short printable rendering of received bytes for messages: "HTTP/1.1 400 Bad Req…" or hex. */
export function printable(buf: Buffer, max = 40): string {
  const head = buf.subarray(0, max);
  const text = head.toString('latin1');
  const isText = /^[\x20-\x7e\r\n\t]*$/.test(text);
  const shown = isText ? JSON.stringify(text.replace(/[\r\n]+/g, ' ').trimEnd()) : `hex ${head.toString('hex')}`;
  return buf.length > max ? `${shown}…` : shown;
}

/** Frames one CRLF- or LF-terminated line of at most `max` bytes. */
export function lineFramer(max: number, what = 'line'): Framer<string> {
  return (buf) => {
    const nl = buf.indexOf(0x0a);
    if (nl === -1) {
      if (buf.length > max) throw new ProbeFailure('protocol', `a ${what} longer than ${max} bytes without an end (${printable(buf)})`);
      return undefined;
    }
    if (nl > max) throw new ProbeFailure('protocol', `a ${what} longer than ${max} bytes (${printable(buf)})`);
    const end = nl > 0 && buf[nl - 1] === 0x0d ? nl - 1 : nl;
    return { size: nl + 1, value: buf.subarray(0, end).toString('latin1') };
  };
}

/** Frames exactly `n` bytes. */
export function bytesFramer(n: number): Framer<Buffer> {
  return (buf) => (buf.length >= n ? { size: n, value: Buffer.from(buf.subarray(0, n)) } : undefined);
}
