import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RootDirTarget } from '../target/root-dir.ts';
import { FactStore } from '../core/engine.ts';
import { defaultAuditOptions } from '../core/options.ts';
import { ifVersion } from './apache.ts';

const temps: string[] = [];
after(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function collect(files: Record<string, string>) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-apache-'));
  temps.push(root);
  for (const [p, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    fs.writeFileSync(path.join(root, p), text);
  }
  const target = new RootDirTarget(root);
  const store = new FactStore(target, await target.info(), defaultAuditOptions());
  return { apache: await store.get('apache'), diagnostics: store.diagnosticsOf('apache') };
}

describe('apache fact', () => {
  test('IfModule follows the LoadModule lines read so far; Include is relative to ServerRoot', async () => {
    const { apache, diagnostics } = await collect({
      'etc/apache2/apache2.conf': 'IncludeOptional mods-enabled/*.load\nInclude ports.conf\n<IfModule !mod_ssl.c>\n  ServerTokens Full\n</IfModule>\n<IfModule ssl_module>\n  ServerTokens Prod\n</IfModule>\nIncludeOptional sites-enabled/*.conf\n',
      'etc/apache2/mods-enabled/ssl.load': 'LoadModule ssl_module /usr/lib/apache2/modules/mod_ssl.so\n',
      'etc/apache2/ports.conf': 'Listen 80\n<IfModule ssl_module>\n\tListen 443\n</IfModule>\n<IfModule mod_gnutls.c>\n\tListen 8443\n</IfModule>\n',
      'etc/apache2/sites-enabled/a.conf': '<VirtualHost *:443>\n  SSLEngine on\n  Header always set X-Frame-Options DENY\n  Header always unset X-Frame-Options\n  Header set X-Content-Type-Options nosniff\n</VirtualHost>\n',
    });
    assert.deepEqual(diagnostics, []);
    assert.equal(apache.serverTokens.value, 'Prod');
    assert.deepEqual(apache.listens.map((l) => l.port), [80, 443]);
    const vh = apache.vhosts[0]!;
    assert.equal(vh.tls, true);
    assert.deepEqual(vh.ports, [443]);
    assert.deepEqual(vh.headers.map((h) => h.name), ['x-content-type-options']);
    assert.equal(vh.sslProtocol.origin, 'default');
  });

  test('headers of <Directory> sections containing the DocumentRoot and of <Location /> apply', async () => {
    const { apache } = await collect({
      'etc/apache2/apache2.conf':
        '<Directory /var/www/>\n  Header always set X-Frame-Options DENY\n</Directory>\n<Directory /srv/>\n  Header always set X-Other 1\n</Directory>\n<VirtualHost *:80>\n  DocumentRoot /var/www/html\n  <Location />\n    Header always set Referrer-Policy no-referrer\n  </Location>\n</VirtualHost>\n',
    });
    assert.deepEqual(apache.vhosts[0]!.headers.map((h) => h.name), ['x-frame-options', 'referrer-policy']);
  });

  test('the main server answers Listen ports that no virtual host names', async () => {
    const { apache } = await collect({
      'etc/httpd/conf/httpd.conf': 'Listen 80\nListen 8080\nDocumentRoot /var/www/html\n<VirtualHost *:8080>\n  Redirect / https://x.example.org/\n</VirtualHost>\n',
    });
    assert.deepEqual(apache.mainServer?.addresses, ['*:80']);
    assert.equal(apache.mainServer?.redirectsToHttps, false);
    assert.equal(apache.mainServer?.source.line, 1);
    const covered = await collect({ 'etc/apache2/apache2.conf': 'Listen 80\n<VirtualHost *:80>\n</VirtualHost>\n' });
    assert.equal(covered.apache.mainServer, null);
  });

  test('a required Include that matches nothing is a diagnostic; IncludeOptional is not', async () => {
    const { diagnostics } = await collect({ 'etc/apache2/apache2.conf': 'IncludeOptional none/*.conf\nInclude missing/*.conf\n' });
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]!.line, 2);
  });

  test('HTTP vhosts: Redirect, RedirectMatch and RewriteRule to https count as redirects', async () => {
    const { apache } = await collect({
      'etc/apache2/apache2.conf': [
        '<VirtualHost *:80>\n Redirect permanent / https://a.example.org/\n</VirtualHost>',
        '<VirtualHost *:80>\n RedirectMatch 301 ^/(.*)$ https://b.example.org/$1\n</VirtualHost>',
        '<VirtualHost *:80>\n RewriteEngine On\n RewriteCond %{HTTPS} off\n RewriteRule ^ https://%{HTTP_HOST}%{REQUEST_URI} [L,R=301]\n</VirtualHost>',
        '<VirtualHost *:80>\n RewriteRule ^ https://%{HTTP_HOST}%{REQUEST_URI} [L,R=301]\n</VirtualHost>',
        '<VirtualHost 127.0.0.1:80>\n DocumentRoot /srv\n</VirtualHost>',
      ].join('\n'),
    });
    assert.deepEqual(apache.vhosts.map((v) => v.redirectsToHttps), [true, true, true, false, false]);
    assert.equal(apache.vhosts[4]!.loopbackOnly, true);
  });

  test('vhost settings override the main server; SSLCipherSuite TLSv1.3 lines do not replace the cipher string', async () => {
    const { apache } = await collect({
      'etc/httpd/conf/httpd.conf': 'SSLProtocol all\nSSLCipherSuite HIGH:!aNULL\n<VirtualHost *:443>\n SSLEngine on\n SSLProtocol -all +TLSv1.2\n SSLCipherSuite TLSv1.3 TLS_AES_256_GCM_SHA384\n</VirtualHost>\n',
    });
    assert.equal(apache.mainFile, '/etc/httpd/conf/httpd.conf');
    const vh = apache.vhosts[0]!;
    assert.equal(vh.sslProtocol.value, '-all +TLSv1.2');
    assert.equal(vh.sslProtocol.origin, 'vhost');
    assert.equal(vh.sslCipherSuite.value, 'HIGH:!aNULL');
  });
});

test('IfVersion follows mod_version', () => {
  assert.equal(ifVersion(['>=', '2.4'], '2.4.62'), true);
  assert.equal(ifVersion(['<', '2.4'], '2.4.62'), false);
  assert.equal(ifVersion(['2.4.62'], '2.4.62'), true);
  assert.equal(ifVersion(['!=', '2.4.62'], '2.4.62'), false);
  assert.equal(ifVersion(['~', '^2\\.4'], '2.4.62'), true);
  assert.equal(ifVersion(['/^2\\.2/'], '2.4.62'), false);
});
