/**
 * TLS protocol semantics checked against a running nginx on 127.0.0.1:
 * - the ssl_protocols default garrison assumes for the installed version: a TLS server
 *   without ssl_protocols accepts TLS 1.3 exactly when the assumed default contains it;
 * - protocols are negotiated with the default server of the socket: a non-default server's
 *   own ssl_protocols has no effect, as the fact's handshakeProtocols says;
 * - session tickets are issued only when both the server and the default server allow them.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { defaultSslProtocols, type NginxFacts } from './nginx.ts';
import { RootDirTarget } from '../target/root-dir.ts';
import { FactStore } from '../core/engine.ts';
import { defaultAuditOptions } from '../core/options.ts';
import { freePort } from '../probes/testing/daemons.ts';

const NGINX = '/usr/sbin/nginx';
const OPENSSL = '/usr/bin/openssl';
const missing = [NGINX, OPENSSL].filter((p) => !fs.existsSync(p));
const skip = missing.length > 0 && !process.env.CI ? `not installed: ${missing.join(', ')}` : false;

function connect(port: number, version: tls.SecureVersion, servername: string): Promise<{ protocol: string | null; ticket: boolean } | null> {
  return new Promise((resolve) => {
    const s = tls.connect({ host: '127.0.0.1', port, servername, minVersion: version, maxVersion: version, rejectUnauthorized: false, timeout: 5000 }, () => {
      // TLS 1.2 delivers the ticket within the handshake.
      const got = { protocol: s.getProtocol(), ticket: s.getTLSTicket() !== undefined };
      s.end();
      resolve(got);
    });
    s.on('error', () => resolve(null));
    s.on('timeout', () => {
      s.destroy();
      resolve(null);
    });
  });
}

async function handshake(port: number, version: tls.SecureVersion, servername = 'localhost'): Promise<string | null> {
  return (await connect(port, version, servername))?.protocol ?? null;
}

describe('nginx TLS settings match a running nginx', { skip }, () => {
  let dir = '';
  let port = 0;
  let proc: ChildProcess | undefined;
  let second = 0;
  let third = 0;
  let version = '';
  let facts: NginxFacts;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-nginx-tls-'));
    const v = spawnSync(NGINX, ['-v'], { encoding: 'utf8' });
    version = /nginx\/(\S+)/.exec(`${v.stderr}${v.stdout}`)?.[1] ?? '';
    assert.ok(version, 'nginx -v tells the version');
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    const gen = spawnSync(OPENSSL, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost'], { encoding: 'utf8' });
    assert.equal(gen.status, 0, gen.stderr);
    port = await freePort();
    second = await freePort();
    third = await freePort();
    const tlsServer = (p: number, name: string, extra: string) =>
      ` server {\n  listen 127.0.0.1:${p} ssl;\n  server_name ${name};\n  ssl_certificate ${cert};\n  ssl_certificate_key ${key};\n${extra}  return 200 "ok";\n }\n`;
    fs.mkdirSync(path.join(dir, 'etc/nginx'), { recursive: true });
    const conf = path.join(dir, 'etc/nginx/nginx.conf');
    fs.writeFileSync(
      conf,
      `worker_processes 1;\nevents { worker_connections 16; }\nhttp {\n access_log off;\n` +
        tlsServer(port, 'plain.test', '') +
        tlsServer(second, 'first.test', '  ssl_protocols TLSv1.2;\n') +
        tlsServer(second, 'other.test', '  ssl_protocols TLSv1.3;\n  ssl_session_tickets off;\n') +
        tlsServer(third, 'strict.test', '  ssl_session_tickets off;\n') +
        tlsServer(third, 'loose.test', '') +
        '}\n',
    );
    proc = spawn(NGINX, ['-p', `${dir}/`, '-c', conf, '-g', `daemon off; pid ${dir}/nginx.pid; error_log stderr;`], { stdio: 'ignore' });
    const target = new RootDirTarget(dir);
    facts = await new FactStore(target, await target.info(), defaultAuditOptions()).get('nginx');
    for (let i = 0; i < 100; i++) {
      if ((await handshake(port, 'TLSv1.2')) !== null) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('nginx did not answer');
  });
  after(() => {
    proc?.kill('SIGTERM');
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('TLS 1.3 accepted exactly when the assumed default has it; TLS 1.2 always', async () => {
    const assumed = defaultSslProtocols(version);
    assert.equal(await handshake(port, 'TLSv1.2'), 'TLSv1.2');
    assert.equal((await handshake(port, 'TLSv1.3')) === 'TLSv1.3', assumed.includes('TLSv1.3'), `nginx ${version}, assumed ${assumed.join(' ')}`);
  });

  test('a non-default server negotiates with the protocols of the default server', async () => {
    for (const name of ['first.test', 'other.test']) {
      const s = facts.servers.find((x) => x.serverNames.includes(name))!;
      for (const v of ['TLSv1.2', 'TLSv1.3'] as const) {
        assert.equal((await handshake(second, v, name)) === v, s.handshakeProtocols.value.includes(v), `${name} ${v}`);
      }
    }
    assert.deepEqual(facts.servers.find((x) => x.serverNames.includes('other.test'))!.sslProtocols.value, ['TLSv1.3'], 'its own setting, which has no effect');
  });

  test('session tickets: issued only when the server and the default server of its socket allow them', async () => {
    assert.deepEqual(
      ['first.test', 'other.test', 'strict.test', 'loose.test'].map((n) => facts.servers.find((x) => x.serverNames.includes(n))!.issuesSessionTickets),
      [true, false, false, false],
    );
    for (const [p, name] of [[second, 'first.test'], [second, 'other.test'], [third, 'strict.test'], [third, 'loose.test']] as const) {
      const s = facts.servers.find((x) => x.serverNames.includes(name))!;
      const got = await connect(p, 'TLSv1.2', name);
      assert.ok(got, `${name} answers TLS 1.2`);
      assert.equal(got.ticket, s.issuesSessionTickets, name);
    }
  });
});
