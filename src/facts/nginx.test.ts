import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RootDirTarget } from '../target/root-dir.ts';
import { FactStore } from '../core/engine.ts';
import { defaultAuditOptions } from '../core/options.ts';
import { defaultSslProtocols, parseListen } from './nginx.ts';
import { parseNginx } from '../parsers/nginx/parser.ts';

const temps: string[] = [];
after(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function collect(files: Record<string, string>) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-nginx-'));
  temps.push(root);
  for (const [p, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    fs.writeFileSync(path.join(root, p), text);
  }
  const target = new RootDirTarget(root);
  const store = new FactStore(target, await target.info(), defaultAuditOptions());
  const nginx = await store.get('nginx');
  return { nginx, diagnostics: store.diagnosticsOf('nginx') };
}

const http = (body: string) => `events {}\nhttp {\n${body}\n}\n`;

describe('nginx fact', () => {
  test('not installed without nginx.conf', async () => {
    const { nginx, diagnostics } = await collect({ 'etc/hostname': 'x\n' });
    assert.equal(nginx.installed, false);
    assert.deepEqual(diagnostics, []);
  });

  test('add_header: a location with its own add_header drops the server ones; one without inherits', async () => {
    const { nginx } = await collect({
      'etc/nginx/nginx.conf': http(`
        add_header X-Http "1";
        server {
          listen 443 ssl;
          add_header Strict-Transport-Security "max-age=31536000" always;
          add_header X-Frame-Options DENY;
          location / { proxy_pass http://127.0.0.1:8080; }
          location /static/ {
            add_header Cache-Control public;
            location ~ \\.js$ { expires 1d; }
          }
          location /api/ {
            if ($request_method = OPTIONS) { add_header Access-Control-Allow-Origin *; return 204; }
          }
        }`),
    });
    const s = nginx.servers[0]!;
    assert.deepEqual(s.headers.map((h) => h.name), ['strict-transport-security', 'x-frame-options'], 'server replaces http');
    assert.deepEqual(s.httpHeaders.map((h) => h.name), ['x-http']);
    assert.equal(s.headers[0]?.always, true);
    const loc = (m: string) => s.locations.find((l) => l.match === m)!;
    assert.deepEqual(loc('/').headers.map((h) => h.name), ['strict-transport-security', 'x-frame-options']);
    assert.equal(loc('/').ownHeaders, null);
    assert.deepEqual(loc('/static/').headers.map((h) => h.name), ['cache-control']);
    assert.deepEqual(loc('~ \\.js$').headers.map((h) => h.name), ['cache-control'], 'nested location inherits from its parent location');
    const iff = s.locations.find((l) => l.kind === 'if')!;
    assert.deepEqual(iff.headers.map((h) => h.name), ['access-control-allow-origin']);
    assert.equal(iff.disposition, 'deny');
  });

  test('add_header_inherit merge (nginx 1.29.3+) keeps the parent headers', async () => {
    const { nginx } = await collect({
      'etc/nginx/nginx.conf': http(`server { add_header X-Frame-Options DENY; location / { add_header_inherit merge; add_header Cache-Control no-store; } }`),
    });
    assert.deepEqual(nginx.servers[0]!.locations[0]!.headers.map((h) => h.name), ['x-frame-options', 'cache-control']);
  });

  test('defaults and inheritance of TLS settings; listen forms; listeners', async () => {
    const { nginx } = await collect({
      'etc/nginx/nginx.conf': http(`
        ssl_protocols TLSv1.2 TLSv1.3;
        server { listen 443 ssl; listen [::]:443 ssl ipv6only=off; ssl_session_tickets off; }
        server { listen 127.0.0.1:8080; server_tokens off; }
        server { server_name nolisten; }
        server { listen unix:/run/app.sock; }`),
    });
    const [a, b, c, d] = nginx.servers;
    assert.deepEqual(a!.sslProtocols.value, ['TLSv1.2', 'TLSv1.3']);
    assert.equal(a!.sslProtocols.origin, 'http');
    assert.equal(a!.sslCiphers.value, 'HIGH:!aNULL:!MD5');
    assert.equal(a!.sslCiphers.source, null);
    assert.equal(a!.sslSessionTickets.value, false);
    assert.equal(a!.serverTokens.value, 'on');
    assert.equal(a!.tls, true);
    assert.equal(b!.loopbackOnly, true);
    assert.equal(b!.serverTokens.value, 'off');
    assert.deepEqual(c!.listens.map((l) => [l.address, l.port, l.source]), [['*', 80, null]]);
    assert.equal(d!.loopbackOnly, true);
    assert.deepEqual(
      nginx.listens.map((l) => `${l.address}:${l.port}`),
      ['0.0.0.0:443', '*:443', '127.0.0.1:8080', '0.0.0.0:80'],
    );
  });

  test('protocols are negotiated with the default server of the listen socket', async () => {
    const { nginx } = await collect({
      'etc/nginx/nginx.conf': http(`
        server { listen 443 ssl; server_name a; ssl_protocols TLSv1 TLSv1.2; }
        server { listen 443 ssl default_server; server_name b; ssl_protocols TLSv1.2 TLSv1.3; }
        server { listen 443 ssl; server_name c; ssl_protocols TLSv1.3; }
        server { listen 8443 ssl; server_name d; ssl_protocols TLSv1.1 TLSv1.2; }`),
    });
    const [a, b, c, d] = nginx.servers;
    assert.deepEqual(a!.handshakeProtocols.value, ['TLSv1.2', 'TLSv1.3']);
    assert.equal(a!.handshakeProtocols.defaultServer?.line, b!.source.line);
    assert.deepEqual(b!.handshakeProtocols.value, ['TLSv1.2', 'TLSv1.3']);
    assert.equal(b!.handshakeProtocols.defaultServer, null);
    assert.deepEqual(c!.handshakeProtocols.value, ['TLSv1.2', 'TLSv1.3']);
    assert.deepEqual(d!.handshakeProtocols.value, ['TLSv1.1', 'TLSv1.2']);
  });

  test('session tickets are issued only when both the server and the default server allow them', async () => {
    const { nginx } = await collect({
      'etc/nginx/nginx.conf': http(`
        server { listen 443 ssl default_server; ssl_session_tickets off; }
        server { listen 443 ssl; }
        server { listen 8443 ssl; }
        server { listen 8443 ssl; ssl_session_tickets off; }`),
    });
    assert.deepEqual(nginx.servers.map((s) => s.issuesSessionTickets), [false, false, true, false]);
  });

  test('redirect detection: server return, catch-all rewrite, if ($scheme), ACME location', async () => {
    const { nginx } = await collect({
      'etc/nginx/nginx.conf': http(`
        server { listen 80; return 301 https://$host$request_uri; }
        server { listen 80; rewrite ^(.*)$ https://example.org$1 permanent; }
        server { listen 80; listen 443 ssl; if ($scheme != "https") { return 301 https://$host$request_uri; } location / { root /srv; } }
        server { listen 80; location /.well-known/acme-challenge/ { root /var/www/acme; } location / { return 301 https://$host$request_uri; } }
        server { listen 80; location / { root /srv; } }
        server { listen 443 ssl default_server; ssl_reject_handshake on; }`),
    });
    const [ret, rew, iff, acme, content, reject] = nginx.servers;
    assert.equal(reject!.rejectHandshake, true);
    assert.equal(reject!.servesContent, false);
    assert.equal(ret!.disposition, 'redirect-https');
    assert.equal(ret!.servesContent, false);
    assert.equal(rew!.disposition, 'redirect-https');
    assert.equal(iff!.redirectsPlainHttp, true);
    assert.equal(acme!.servesContent, false);
    assert.equal(content!.servesContent, true);
  });

  test('includes: globs sorted, relative to /etc/nginx, missing glob fine, missing file an error', async () => {
    const { nginx, diagnostics } = await collect({
      'etc/nginx/nginx.conf': http('include conf.d/*.conf;\ninclude none/*.conf;\ninclude missing.conf;'),
      'etc/nginx/conf.d/b.conf': 'server { listen 8002; }\n',
      'etc/nginx/conf.d/a.conf': 'server { listen 8001; }\n',
    });
    assert.deepEqual(nginx.files, ['/etc/nginx/nginx.conf', '/etc/nginx/conf.d/a.conf', '/etc/nginx/conf.d/b.conf']);
    assert.deepEqual(nginx.servers.map((s) => s.listens[0]!.port), [8001, 8002]);
    assert.equal(diagnostics.length, 1);
    assert.match(diagnostics[0]!.message, /include of \/etc\/nginx\/missing\.conf failed/);
    assert.equal(diagnostics[0]!.line, 5);
  });

  test('an include loop is stopped with a diagnostic', async () => {
    const { diagnostics } = await collect({ 'etc/nginx/nginx.conf': 'include loop.conf;\n', 'etc/nginx/loop.conf': 'include loop.conf;\n' });
    assert.ok(diagnostics.some((d) => /nested deeper/.test(d.message)));
  });

  test('parse errors of included files become diagnostics with file and line', async () => {
    const { diagnostics } = await collect({ 'etc/nginx/nginx.conf': http('include conf.d/*.conf;'), 'etc/nginx/conf.d/x.conf': 'server {\n  listen 80\n' });
    assert.ok(diagnostics.every((d) => d.path === '/etc/nginx/conf.d/x.conf'));
    assert.ok(diagnostics.some((d) => d.line === 1 && /not closed/.test(d.message)));
  });

  test('ssl_protocols default depends on the version (1.23.4 added TLS 1.3, 1.27.3 dropped TLS 1.0/1.1)', () => {
    assert.deepEqual(defaultSslProtocols('1.22.1-9+deb12u1'), ['TLSv1', 'TLSv1.1', 'TLSv1.2']);
    assert.deepEqual(defaultSslProtocols('1.26.3-2'), ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    assert.deepEqual(defaultSslProtocols('1.28.0-1'), ['TLSv1.2', 'TLSv1.3']);
    assert.deepEqual(defaultSslProtocols(null), ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
  });

  test('parseListen', () => {
    const l = (s: string) => parseListen(parseNginx(`listen ${s};`, 'f').model.directives[0]!);
    assert.deepEqual([l('80').address, l('80').port], ['*', 80]);
    assert.deepEqual([l('[::1]:8443 ssl').address, l('[::1]:8443 ssl').port, l('[::1]:8443 ssl').ssl], ['::1', 8443, true]);
    assert.deepEqual([l('10.0.0.1').address, l('10.0.0.1').port], ['10.0.0.1', 80]);
    assert.equal(l('[::]:80 ipv6only=off').ipv6only, false);
    assert.equal(l('*:443 ssl default_server').defaultServer, true);
    assert.deepEqual([l('443 quic reuseport').quic, l('443 quic reuseport').ssl], [true, true]);
  });
});
