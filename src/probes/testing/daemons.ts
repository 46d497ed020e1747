/**
 * Real servers from Debian's packages, started on 127.0.0.1 high ports in a temporary
 * directory for the probe integration tests and the probe benchmark, and stopped after:
 * nginx (weak and hardened), sshd (legacy and hardened), PostgreSQL (trust and
 * scram-sha-256 with TLS), Redis (with and without a password).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const BINARIES = {
  nginx: '/usr/sbin/nginx',
  sshd: '/usr/sbin/sshd',
  redis: '/usr/bin/redis-server',
  openssl: '/usr/bin/openssl',
  sshKeygen: '/usr/bin/ssh-keygen',
  testssl: '/usr/bin/testssl',
  sshAudit: '/usr/bin/ssh-audit',
} as const;

/** The newest PostgreSQL server binaries installed, if any. */
export function postgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'postgres'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

/** Why a daemon cannot be started here, or undefined when it can. */
export function missing(...paths: (string | undefined)[]): string | undefined {
  const absent = paths.filter((p) => !p || !fs.existsSync(p));
  return absent.length > 0 ? `not installed: ${absent.map((p) => p ?? 'postgresql').join(', ')}` : undefined;
}

/** A free TCP port on 127.0.0.1 (closed again, so a daemon can bind it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Waits until something accepts connections on the port. */
export async function waitForPort(port: number, child: ChildProcess, what: string, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

export interface Daemon {
  /** Ports by name ("https", "http", "ssh", ...). */
  ports: Record<string, number>;
  dir: string;
  stop(): Promise<void>;
}

function run(cmd: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): void {
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
}

function start(cmd: string, args: string[], logFile: string, env?: NodeJS.ProcessEnv): ChildProcess {
  const log = fs.openSync(logFile, 'a');
  const child = spawn(cmd, args, { stdio: ['ignore', log, log], ...(env ? { env } : {}) });
  fs.closeSync(log);
  return child;
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `garrison-${prefix}-`));
  fs.chmodSync(dir, 0o755);
  return dir;
}

/** Writes text to a file in dir and returns its path. */
function write(dir: string, name: string, text: string, mode = 0o644): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text, { mode });
  return p;
}

/** A throwaway CA and certificates made with the openssl command in `dir`. */
export const certs = {
  /** Self-signed, RSA 1024, SHA-1, for another name, expiring in 5 days. */
  weak(dir: string): { cert: string; key: string } {
    const cert = path.join(dir, 'weak.crt');
    const key = path.join(dir, 'weak.key');
    const conf = write(dir, 'weak-openssl.cnf', 'openssl_conf = c\n[c]\nssl_conf = s\n[s]\nsystem_default = d\n[d]\nCipherString = DEFAULT:@SECLEVEL=0\n');
    run(BINARIES.openssl, ['req', '-x509', '-newkey', 'rsa:1024', '-sha1', '-nodes', '-days', '5', '-subj', '/CN=weak.example', '-keyout', key, '-out', cert], {
      env: { ...process.env, OPENSSL_CONF: conf },
    });
    return { cert, key };
  },
  /** RSA 2048 / SHA-256, issued by a throwaway CA, for 127.0.0.1 and localhost, a year long. */
  strong(dir: string): { cert: string; key: string; ca: string } {
    const ca = path.join(dir, 'ca.crt');
    const caKey = path.join(dir, 'ca.key');
    const cert = path.join(dir, 'strong.crt');
    const key = path.join(dir, 'strong.key');
    const csr = path.join(dir, 'strong.csr');
    const ext = write(dir, 'strong.ext', 'subjectAltName = IP:127.0.0.1, DNS:localhost\nbasicConstraints = CA:FALSE\nextendedKeyUsage = serverAuth\n');
    run(BINARIES.openssl, ['req', '-x509', '-newkey', 'rsa:2048', '-sha256', '-nodes', '-days', '400', '-subj', '/CN=garrison test CA', '-keyout', caKey, '-out', ca]);
    run(BINARIES.openssl, ['req', '-new', '-newkey', 'rsa:2048', '-sha256', '-nodes', '-subj', '/CN=localhost', '-keyout', key, '-out', csr]);
    run(BINARIES.openssl, ['x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey, '-CAcreateserial', '-days', '365', '-sha256', '-extfile', ext, '-out', cert]);
    // Serve leaf + CA, as servers commonly send the chain.
    fs.writeFileSync(path.join(dir, 'strong-chain.crt'), fs.readFileSync(cert, 'utf8') + fs.readFileSync(ca, 'utf8'));
    return { cert: path.join(dir, 'strong-chain.crt'), key, ca };
  },
};

/** The SRE hardening guide's nginx example, on loopback ports. */
const HARDENED_CIPHERS =
  'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:DHE-DSS-AES128-GCM-SHA256:kEDH+AESGCM:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA:ECDHE-ECDSA-AES256-SHA:DHE-RSA-AES128-SHA256:DHE-RSA-AES128-SHA:DHE-DSS-AES128-SHA256:DHE-RSA-AES256-SHA256:DHE-DSS-AES256-SHA:DHE-RSA-AES256-SHA:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!3DES:!MD5:!PSK';

export type Flavour = 'weak' | 'hardened';

/** nginx with a plain-HTTP and an HTTPS server block. */
export async function startNginx(flavour: Flavour): Promise<Daemon> {
  const dir = tempDir(`nginx-${flavour}`);
  const [http, https] = [await freePort(), await freePort()];
  for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) fs.mkdirSync(path.join(dir, 'tmp', t), { recursive: true });
  let servers: string;
  let env: NodeJS.ProcessEnv | undefined;
  if (flavour === 'weak') {
    const { cert, key } = certs.weak(dir);
    // nginx loads the certificate before it applies ssl_ciphers, so the 1024-bit key needs
    // the security level lowered for the whole process.
    env = { ...process.env, OPENSSL_CONF: path.join(dir, 'weak-openssl.cnf') };
    servers = `
  server {
    listen 127.0.0.1:${http};
    location / { add_header Set-Cookie "sid=weak1234; Path=/"; return 200 "weak\\n"; }
  }
  server {
    listen 127.0.0.1:${https} ssl;
    ssl_certificate ${cert};
    ssl_certificate_key ${key};
    ssl_protocols TLSv1 TLSv1.2;
    ssl_ciphers "ALL:eNULL:@SECLEVEL=0";
    location / {
      add_header Set-Cookie "sid=weak1234; Path=/";
      add_header X-Powered-By "PHP/7.4.3";
      add_header X-Frame-Options "ALLOW-FROM https://example.org";
      return 200 "weak\\n";
    }
  }`;
  } else {
    const { cert, key } = certs.strong(dir);
    // The guide sets server_tokens off in the HTTPS block only, so its port-80 redirect still
    // names the nginx version; here it is set for both blocks.
    servers = `
  server_tokens off;
  server {
    listen 127.0.0.1:${http};
    server_name localhost;
    return 301 https://127.0.0.1:${https}$request_uri;
  }
  server {
    listen 127.0.0.1:${https} ssl;
    server_name localhost;
    ssl_certificate ${cert};
    ssl_certificate_key ${key};
    ssl_protocols TLSv1.2;
    ssl_prefer_server_ciphers on;
    ssl_ciphers "${HARDENED_CIPHERS}";
    ssl_ecdh_curve secp384r1;
    ssl_session_cache shared:SSL:10m;
    ssl_session_tickets off;
    add_header X-Frame-Options "DENY";
    add_header X-Content-Type-Options "nosniff";
    add_header Content-Security-Policy "frame-ancestors 'none'";
    add_header Referrer-Policy "no-referrer";
    add_header X-XSS-Protection "1; mode=block";
    add_header Strict-Transport-Security "max-age=31536000; includeSubDomains";
    add_header Set-Cookie "sid=strong1234; Path=/; Secure; HttpOnly; SameSite=Strict";
    location / { return 200 "ok\\n"; }
    location = /login { return 302 /login/; }
  }`;
  }
  const conf = write(
    dir,
    'nginx.conf',
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
user root;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
${servers}
}
`,
  );
  const child = start(BINARIES.nginx, ['-c', conf, '-p', dir, '-g', 'daemon off;'], path.join(dir, 'stderr.log'), env);
  const stop = async () => {
    await stopChild(child);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(https, child, 'nginx');
    await waitForPort(http, child, 'nginx');
  } catch (err) {
    const log = fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : '';
    await stop();
    throw new Error(`${(err as Error).message}
${log}`, { cause: err });
  }
  return { ports: { http, https }, dir, stop };
}

export interface SshdOptions {
  passwordAuthentication: boolean;
  legacyAlgorithms: boolean;
}

/** sshd with its own host keys and configuration (run as root, as sshd requires). */
export async function startSshd(options: SshdOptions): Promise<Daemon> {
  const dir = tempDir('sshd');
  const port = await freePort();
  fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  for (const type of ['ed25519', 'rsa', 'ecdsa']) run(BINARIES.sshKeygen, ['-q', '-t', type, '-N', '', '-f', path.join(dir, `ssh_host_${type}_key`)]);
  const algorithms = options.legacyAlgorithms
    ? [
        'KexAlgorithms +diffie-hellman-group1-sha1,diffie-hellman-group14-sha1,diffie-hellman-group-exchange-sha1',
        'HostKeyAlgorithms +ssh-rsa',
        'Ciphers +3des-cbc,aes128-cbc,aes256-cbc',
        'MACs +hmac-md5,hmac-sha1,hmac-sha1-96',
      ]
    : [
        'KexAlgorithms sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group-exchange-sha256',
        'HostKeyAlgorithms ssh-ed25519,rsa-sha2-512,rsa-sha2-256',
        'Ciphers chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,aes192-ctr,aes128-ctr',
        'MACs hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com,umac-128-etm@openssh.com',
      ];
  const conf = write(
    dir,
    'sshd_config',
    [
      `ListenAddress 127.0.0.1`,
      ...['ed25519', 'rsa', 'ecdsa'].map((t) => `HostKey ${dir}/ssh_host_${t}_key`),
      `PasswordAuthentication ${options.passwordAuthentication ? 'yes' : 'no'}`,
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin no',
      'UsePAM no',
      'LogLevel ERROR',
      ...algorithms,
      '',
    ].join('\n'),
  );
  const child = start(BINARIES.sshd, ['-D', '-e', '-f', conf, '-p', String(port), '-o', `PidFile=${dir}/sshd.pid`], path.join(dir, 'sshd.log'));
  const stop = async () => {
    await stopChild(child);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, child, 'sshd');
  } catch (err) {
    const log = fs.readFileSync(path.join(dir, 'sshd.log'), 'utf8');
    await stop();
    throw new Error(`${(err as Error).message}
${log}`, { cause: err });
  }
  return { ports: { ssh: port }, dir, stop };
}

/** A PostgreSQL cluster: `trust` without TLS, or scram-sha-256 with TLS. */
export async function startPostgres(flavour: 'trust' | 'scram'): Promise<Daemon> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed');
  const dir = tempDir(`pg-${flavour}`);
  const port = await freePort();
  const data = path.join(dir, 'data');
  const sock = path.join(dir, 'sock');
  fs.mkdirSync(sock);
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  const pwfile = write(dir, 'pw', 'garrison-test-password\n', 0o644);
  fs.chownSync(dir, uid, gid);
  fs.chownSync(sock, uid, gid);
  execFileSync(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--pwfile', pwfile, '-A', flavour === 'trust' ? 'trust' : 'scram-sha-256', '--no-sync'], {
    uid,
    gid,
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const settings = ['-c', 'listen_addresses=127.0.0.1', '-p', String(port), '-k', sock, '-c', 'fsync=off'];
  if (flavour === 'scram') {
    const { cert, key } = certs.strong(dir);
    fs.chownSync(cert, uid, gid);
    fs.chownSync(key, uid, gid);
    fs.chmodSync(key, 0o600);
    settings.push('-c', 'ssl=on', '-c', `ssl_cert_file=${cert}`, '-c', `ssl_key_file=${key}`);
  }
  const log = fs.openSync(path.join(dir, 'pg.log'), 'a');
  const child = spawn(path.join(bin, 'postgres'), ['-D', data, ...settings], { uid, gid, cwd: dir, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const stop = async () => {
    await stopChild(child, 'SIGINT');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, child, 'postgres');
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline) {
      try {
        execFileSync(path.join(bin, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port)]);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } catch (err) {
    const log = fs.readFileSync(path.join(dir, 'pg.log'), 'utf8');
    await stop();
    throw new Error(`${(err as Error).message}
${log}`, { cause: err });
  }
  return { ports: { postgres: port }, dir, stop };
}

/** Redis without persistence, with or without a password. */
export async function startRedis(password?: string): Promise<Daemon> {
  const dir = tempDir('redis');
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'];
  if (password) args.push('--requirepass', password);
  const child = start(BINARIES.redis, args, path.join(dir, 'redis.log'));
  const stop = async () => {
    await stopChild(child);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, child, 'redis-server');
  } catch (err) {
    await stop();
    throw err;
  }
  return { ports: { redis: port }, dir, stop };
}

/** MariaDB without TLS, or with a certificate (then it offers CLIENT_SSL). */
export async function startMariadb(flavour: 'plain' | 'tls'): Promise<Daemon> {
  const dir = tempDir(`mariadb-${flavour}`);
  const port = await freePort();
  const data = path.join(dir, 'data');
  run('/usr/bin/mariadb-install-db', ['--no-defaults', `--datadir=${data}`, '--user=root', '--auth-root-authentication-method=socket', '--skip-test-db'], { cwd: dir });
  const args = [
    '--no-defaults',
    `--datadir=${data}`,
    '--user=root',
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--socket=${path.join(dir, 'mysqld.sock')}`,
    `--pid-file=${path.join(dir, 'mysqld.pid')}`,
    '--skip-log-bin',
    '--innodb-buffer-pool-size=16M',
  ];
  if (flavour === 'tls') {
    const { cert, key, ca } = certs.strong(dir);
    args.push(`--ssl-cert=${cert}`, `--ssl-key=${key}`, `--ssl-ca=${ca}`);
  }
  const child = start('/usr/sbin/mariadbd', args, path.join(dir, 'mariadb.log'));
  const stop = async () => {
    await stopChild(child);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, child, 'mariadbd', 30000);
  } catch (err) {
    const log = fs.readFileSync(path.join(dir, 'mariadb.log'), 'utf8');
    await stop();
    throw new Error(`${(err as Error).message}
${log}`, { cause: err });
  }
  return { ports: { mysql: port }, dir, stop };
}

/** slapd: anonymous binds allowed and no TLS, or anonymous binds refused and StartTLS offered. */
export async function startSlapd(flavour: 'open' | 'hardened'): Promise<Daemon> {
  const dir = tempDir(`slapd-${flavour}`);
  const port = await freePort();
  fs.mkdirSync(path.join(dir, 'db'));
  const lines = [
    'include /etc/ldap/schema/core.schema',
    `pidfile ${dir}/slapd.pid`,
    `argsfile ${dir}/slapd.args`,
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
  ];
  if (flavour === 'hardened') {
    const { cert, key } = certs.strong(dir);
    lines.push('disallow bind_anon', `TLSCertificateFile ${cert}`, `TLSCertificateKeyFile ${key}`);
  }
  lines.push('database mdb', 'suffix "dc=example,dc=org"', 'rootdn "cn=admin,dc=example,dc=org"', `directory ${dir}/db`, 'maxsize 10485760', '');
  const conf = write(dir, 'slapd.conf', lines.join('\n'));
  const child = start('/usr/sbin/slapd', ['-d', '0', '-h', `ldap://127.0.0.1:${port}/`, '-f', conf], path.join(dir, 'slapd.log'));
  const stop = async () => {
    await stopChild(child);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, child, 'slapd');
  } catch (err) {
    const log = fs.readFileSync(path.join(dir, 'slapd.log'), 'utf8');
    await stop();
    throw new Error(`${(err as Error).message}
${log}`, { cause: err });
  }
  return { ports: { ldap: port }, dir, stop };
}
