/**
 * SSH retriever, over one connection: the ssh2 client makes a key exchange and one `none`
 * authentication request, whose failure lists the methods the server accepts (RFC 4252
 * §5.2), while the server's identification line and its KEXINIT (every algorithm it
 * offers) are read off the same bytes. No credential is ever sent.
 */
import type net from 'node:net';
import type * as Ssh2 from 'ssh2';
import { ProbeFailure, SocketReader, connectTcp, lineFramer, printable, toProbeError, type Framer, type ProbeBudget } from './net.ts';
import type { SshRecord } from './record-types.ts';
import { VERSION } from '../core/version.ts';

let ssh2: Promise<typeof Ssh2> | undefined;

/**
 * The ssh2 library, loaded on first use: only SSH probes need it, and it takes tens of
 * milliseconds to load, which the first probe spends waiting for the server anyway.
 */
function loadSsh2(): Promise<typeof Ssh2> {
  ssh2 ??= import('ssh2');
  return ssh2;
}

/** Lines a server may send before its identification (RFC 4253 §4.2) and their size. */
const MAX_PRE_BANNER_LINES = 32;
const MAX_LINE = 1024;
const MAX_PACKET = 35000;

export const CLIENT_IDENT = `SSH-2.0-garrison_${VERSION}`;

export interface SshProbeOptions {
  /** User name sent with the `none` request (default "garrison-probe"). */
  user?: string;
}

type Algorithms = NonNullable<SshRecord['algorithms']>;

/** Frames one unencrypted SSH binary packet and returns its payload. */
const packetFramer: Framer<Buffer> = (buf) => {
  if (buf.length < 5) return undefined;
  const len = buf.readUInt32BE(0);
  if (len < 5 || len > MAX_PACKET) throw new ProbeFailure('protocol', `invalid SSH packet length ${len} (${printable(buf)})`);
  if (buf.length < 4 + len) return undefined;
  const padding = buf[4]!;
  if (padding >= len) throw new ProbeFailure('protocol', 'invalid SSH packet padding');
  return { size: 4 + len, value: Buffer.from(buf.subarray(5, 4 + len - padding)) };
};

/** Parses the payload of SSH_MSG_KEXINIT (RFC 4253 §7.1). Exported for tests. */
export function parseKexinit(payload: Buffer): Algorithms {
  if (payload[0] !== 20) throw new ProbeFailure('protocol', `expected KEXINIT (20), got message ${payload[0]}`);
  let off = 17;
  const lists: string[][] = [];
  for (let i = 0; i < 10; i++) {
    if (off + 4 > payload.length) throw new ProbeFailure('protocol', 'truncated KEXINIT');
    const len = payload.readUInt32BE(off);
    off += 4;
    if (off + len > payload.length) throw new ProbeFailure('protocol', 'truncated KEXINIT');
    const text = payload.subarray(off, off + len).toString('latin1');
    off += len;
    lists.push(text === '' ? [] : text.split(','));
  }
  const l = (i: number) => lists[i] ?? [];
  return {
    kex: l(0),
    hostKey: l(1),
    ciphers: { clientToServer: l(2), serverToClient: l(3) },
    macs: { clientToServer: l(4), serverToClient: l(5) },
    compression: { clientToServer: l(6), serverToClient: l(7) },
  };
}

/** Splits "SSH-2.0-OpenSSH_9.2p1 Debian-2" into protocol version and software. */
export function parseBanner(line: string): { protocolVersion: string; software: string } {
  const m = /^SSH-([^-\s]+)-(\S*)/.exec(line);
  if (!m) throw new ProbeFailure('protocol', `not an SSH identification line: ${printable(Buffer.from(line, 'latin1'))}`);
  return { protocolVersion: m[1]!, software: m[2]! };
}

/**
 * Reads the server's identification line (handed to `onBanner` at once) and its KEXINIT
 * from `reader`, which sees the same bytes as ssh2 does. Stricter than ssh2 about what
 * comes before the identification line, so that a server that is not SSH, or an endless
 * banner, is recognised as such.
 */
async function readBannerAndKexinit(reader: SocketReader, onBanner: (line: string) => void): Promise<Algorithms> {
  let banner: string | undefined;
  for (let i = 0; i <= MAX_PRE_BANNER_LINES; i++) {
    const line = await reader.read(lineFramer(MAX_LINE, 'identification line'), 'identification line');
    if (line.startsWith('SSH-')) {
      banner = line;
      break;
    }
    if (/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(line))
      throw new ProbeFailure('protocol', `not an SSH server: it sent binary data before any identification line (${printable(Buffer.from(line, 'latin1'))})`);
  }
  if (banner === undefined)
    throw new ProbeFailure('protocol', `no SSH identification line within the first ${MAX_PRE_BANNER_LINES} lines (endless banner or not an SSH server)`);
  onBanner(banner);
  const { protocolVersion } = parseBanner(banner);
  if (protocolVersion !== '2.0' && protocolVersion !== '1.99')
    throw new ProbeFailure('protocol', `the server speaks only SSH protocol ${protocolVersion}`);
  return parseKexinit(await reader.read(packetFramer, 'KEXINIT packet'));
}

type Auth = NonNullable<SshRecord['auth']>;

/**
 * Opens the TCP connection while ssh2 loads, so that the server starts its process for the
 * connection meanwhile. Nagle's algorithm is off (connectTcp): with it on, the client's
 * SERVICE_REQUEST after NEWKEYS waits for the server's delayed acknowledgement (40 ms on
 * Linux). A socket error is never left unhandled: ssh2 reports it too once it owns the socket.
 */
async function connectWithSsh2(budget: ProbeBudget): Promise<{ socket: net.Socket; library: typeof Ssh2 }> {
  const connecting = connectTcp(budget);
  const loading = loadSsh2().then(
    (library) => ({ library }),
    (err: unknown) => ({ failure: new Error(`the SSH client library (ssh2) cannot be loaded: ${err instanceof Error ? err.message : String(err)}`, { cause: err }) }),
  );
  const socket = await connecting;
  let early: unknown;
  socket.on('error', (err: unknown) => (early ??= err));
  try {
    const loaded = await loading;
    if ('failure' in loaded) throw loaded.failure;
    const { library } = loaded;
    if (early !== undefined) throw early;
    if (socket.destroyed) throw new ProbeFailure('closed', `${budget.label}: the server closed the connection before sending anything`);
    return { socket, library };
  } catch (err) {
    socket.destroy();
    throw err;
  }
}

/**
 * ssh2's key exchange and `none` request on a connected socket: the server's list of
 * methods. The client offers every algorithm ssh2 can use, strongest first, so that old
 * servers can be asked too. Never rejects.
 */
function exchangeNone(client: Ssh2.Client, socket: net.Socket, budget: ProbeBudget, user: string): Promise<Auth> {
  return new Promise((resolve) => {
    let methods: string[] | undefined;
    let settled = false;
    const finish = (value: Auth) => {
      if (settled) return;
      settled = true;
      budget.signal.removeEventListener('abort', onAbort);
      client.removeAllListeners();
      client.on('error', () => {});
      client.end();
      resolve(value);
    };
    const onAbort = () =>
      finish({ methods: [], noneAccepted: false, user, error: { code: 'timeout', message: `${budget.label}: no answer to the authentication request within ${budget.overallTimeoutMs} ms` } });
    budget.signal.addEventListener('abort', onAbort, { once: true });
    client.on('ready', () => finish({ methods: [], noneAccepted: true, user }));
    client.on('error', (err: Error & { level?: string }) => {
      if (methods !== undefined) return finish({ methods, noneAccepted: false, user });
      const pe = toProbeError(err, budget);
      finish({ methods: [], noneAccepted: false, user, error: pe.code === 'other' ? { code: 'protocol', message: `${budget.label}: key exchange failed: ${err.message}` } : pe });
    });
    client.on('close', () => {
      if (methods !== undefined) finish({ methods, noneAccepted: false, user });
      else finish({ methods: [], noneAccepted: false, user, error: { code: 'closed', message: `${budget.label}: the server closed the connection before listing authentication methods` } });
    });
    client.connect({
      sock: socket,
      username: user,
      readyTimeout: Math.max(1, budget.overallTimeoutMs),
      keepaliveInterval: 0,
      tryKeyboard: false,
      ident: CLIENT_IDENT.replace(/^SSH-2\.0-/, ''),
      hostVerifier: () => true,
      algorithms: {
        kex: [...SUPPORTED.kex],
        serverHostKey: [...SUPPORTED.serverHostKey],
        cipher: [...SUPPORTED.cipher],
        hmac: [...SUPPORTED.hmac],
        compress: ['none'],
      },
      authHandler: ((methodsLeft: string[] | null, _partial: boolean, next: (auth: unknown) => void) => {
        if (methodsLeft === null) return next({ type: 'none', username: user });
        methods = [...methodsLeft];
        return next(false);
      }) as Ssh2.AuthHandlerMiddleware,
    });
  });
}

/** Every algorithm the ssh2 client can use, strongest first. */
const SUPPORTED = {
  kex: [
    'curve25519-sha256', 'curve25519-sha256@libssh.org', 'ecdh-sha2-nistp256', 'ecdh-sha2-nistp384', 'ecdh-sha2-nistp521',
    'diffie-hellman-group-exchange-sha256', 'diffie-hellman-group14-sha256', 'diffie-hellman-group15-sha512',
    'diffie-hellman-group16-sha512', 'diffie-hellman-group17-sha512', 'diffie-hellman-group18-sha512',
    'diffie-hellman-group-exchange-sha1', 'diffie-hellman-group14-sha1', 'diffie-hellman-group1-sha1',
  ],
  serverHostKey: ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa', 'ssh-dss'],
  cipher: [
    'chacha20-poly1305@openssh.com', 'aes128-gcm@openssh.com', 'aes256-gcm@openssh.com', 'aes128-ctr', 'aes192-ctr', 'aes256-ctr',
    'aes256-cbc', 'aes192-cbc', 'aes128-cbc', '3des-cbc',
  ],
  hmac: ['hmac-sha2-256-etm@openssh.com', 'hmac-sha2-512-etm@openssh.com', 'hmac-sha1-etm@openssh.com', 'hmac-sha2-256', 'hmac-sha2-512', 'hmac-sha1', 'hmac-md5'],
} as const;

/**
 * Probes one SSH endpoint over one connection: ssh2 makes the key exchange and the `none`
 * request, and the identification line and KEXINIT are read off the same bytes. Never
 * throws: failures are recorded.
 */
export async function probeSsh(budget: ProbeBudget, base: Pick<SshRecord, 'endpoint' | 'host' | 'port'>, options: SshProbeOptions = {}): Promise<SshRecord> {
  const started = Date.now();
  const record: SshRecord = { kind: 'ssh', ...base, retrievedAt: new Date(started).toISOString(), durationMs: 0 };
  try {
    const { socket, library } = await connectWithSsh2(budget);
    const client = new library.Client();
    const auth = exchangeNone(client, socket, budget, options.user ?? 'garrison-probe');
    // ssh2 has paused the socket until it listens; a second listener gets every byte too.
    const reader = new SocketReader(socket, budget, MAX_PACKET + 8);
    try {
      record.algorithms = await readBannerAndKexinit(reader, (banner) => {
        record.banner = banner.slice(0, 255);
        Object.assign(record, parseBanner(banner));
      });
    } catch (err) {
      // What the server sent says best what is wrong (endless banner, another protocol).
      socket.destroy();
      throw err;
    } finally {
      reader.detach();
    }
    record.auth = await auth;
  } catch (err) {
    record.error = toProbeError(err, budget);
  }
  record.durationMs = Date.now() - started;
  return record;
}
