/**
 * web-rate-limit beyond its pass/fail fixtures: when it stays silent (no paths, no nginx,
 * an nginx that does not front the application) and how it reads its parameters.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runAudit } from '../../core/engine.ts';
import { defaultAuditOptions } from '../../core/options.ts';
import type { Finding } from '../../core/report-schema.ts';
import { RootDirTarget } from '../../target/root-dir.ts';

const temps: string[] = [];
after(() => {
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

const NGINX_CONF = 'events {}\nhttp {\n  include /etc/nginx/conf.d/*.conf;\n}\n';
const ENMESHED = {
  rateLimitPaths: ['/api/v1/Challenges', '/api/v1/Identities'],
  rateLimitCaseInsensitive: true,
  rateLimitImages: ['ghcr.io/nmshd/backbone-consumer-api'],
};

async function audit(files: Record<string, string>, params: Record<string, unknown>): Promise<Finding[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-rl-'));
  temps.push(dir);
  for (const [p, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), text);
  }
  const report = await runAudit(new RootDirTarget(dir), defaultAuditOptions({ rules: ['web-rate-limit'], params }));
  return report.findings.filter((f) => f.ruleId === 'web-rate-limit');
}

const summary = (fs: Finding[]) => fs.map((f) => `${f.status}${f.messageId ? ` ${f.messageId}` : ''}`);

const unlimitedProxy = (upstream: string) => `server {\n  listen 443 ssl;\n  server_name api.example.org;\n  location / { proxy_pass ${upstream}; }\n}\n`;

describe('web-rate-limit', () => {
  test('without paths (the baseline profile) it skips, whatever nginx does', async () => {
    const f = await audit({ 'etc/nginx/nginx.conf': NGINX_CONF, 'etc/nginx/conf.d/api.conf': unlimitedProxy('http://127.0.0.1:8090') }, {});
    assert.deepEqual(summary(f), ['skip']);
    assert.match(f[0]!.message, /set the rateLimitPaths parameter/);
  });

  test('no nginx: not applicable; Apache alone: out of scope, said so', async () => {
    assert.match((await audit({ 'etc/hostname': 'h\n' }, ENMESHED))[0]!.message, /nginx is not installed/);
    const apache = await audit({ 'etc/apache2/apache2.conf': 'ServerRoot "/etc/apache2"\nListen 80\n' }, ENMESHED);
    assert.deepEqual(summary(apache), ['skip']);
    assert.match(apache[0]!.message, /Apache httpd.*mod_evasive/);
  });

  test('an nginx proxying other applications is not taken for the Backbone', async () => {
    const f = await audit(
      {
        'etc/nginx/nginx.conf': NGINX_CONF,
        'etc/nginx/conf.d/cloud.conf': unlimitedProxy('http://127.0.0.1:8081'),
        'srv/cloud/compose.yaml': 'services:\n  app:\n    image: nextcloud:29\n    ports:\n      - "127.0.0.1:8081:80"\n',
        'srv/backbone/compose.yaml': 'services:\n  consumer-api:\n    image: ghcr.io/nmshd/backbone-consumer-api:6.52.2\n    ports:\n      - "127.0.0.1:8090:8080"\n',
      },
      ENMESHED,
    );
    assert.deepEqual(summary(f), ['skip']);
    assert.match(f[0]!.message, /no nginx server .* fronts the application/);
  });

  test('the Backbone is recognised by its Compose service name, its published port or an upstream block', async () => {
    const compose = { 'srv/backbone/compose.yaml': 'services:\n  consumer-api:\n    image: ghcr.io/nmshd/backbone-consumer-api:6.52.2\n    ports:\n      - "8090:8080"\n' };
    for (const [upstream, extra] of [
      ['http://consumer-api:8080', ''],
      ['http://localhost:8090/', ''],
      ['http://[::1]:8090', ''],
      ['http://backbone', 'upstream backbone { server 127.0.0.1:8090 max_fails=3; }\n'],
    ] as const) {
      const f = await audit({ 'etc/nginx/nginx.conf': NGINX_CONF, 'etc/nginx/conf.d/api.conf': extra + unlimitedProxy(upstream), ...compose }, ENMESHED);
      assert.deepEqual(summary(f), ['fail notLimited', 'fail notLimited'], upstream);
    }
  });

  test('servers only reachable on loopback or that only redirect are left out', async () => {
    const conf = [
      'server {\n  listen 127.0.0.1:8443;\n  location /api/v1/Challenges { proxy_pass http://127.0.0.1:8090; }\n}\n',
      'server {\n  listen 80;\n  location /api/v1/Challenges { proxy_pass http://127.0.0.1:8090; }\n  return 301 https://$host$request_uri;\n}\n',
    ].join('');
    const f = await audit({ 'etc/nginx/nginx.conf': NGINX_CONF, 'etc/nginx/conf.d/api.conf': conf }, ENMESHED);
    assert.deepEqual(summary(f), ['skip']);
  });

  test('requests nginx answers itself need no limit', async () => {
    const conf = 'server {\n  listen 443 ssl;\n  location / { root /var/www; }\n  location ~* ^/api/v1/(challenges|identities) { return 403; }\n}\n';
    assert.deepEqual(summary(await audit({ 'etc/nginx/nginx.conf': NGINX_CONF, 'etc/nginx/conf.d/api.conf': conf }, ENMESHED)), ['pass limited']);
  });

  test('a limit in an enclosing location is inherited by the nested one', async () => {
    const conf =
      'limit_req_zone $binary_remote_addr zone=api:10m rate=10r/m;\n' +
      'server {\n  listen 443 ssl;\n  location /api/ {\n    limit_req zone=api;\n    location ~* /(challenges|identities)/?$ { proxy_pass http://127.0.0.1:8090; }\n  }\n}\n';
    assert.deepEqual(summary(await audit({ 'etc/nginx/nginx.conf': NGINX_CONF, 'etc/nginx/conf.d/api.conf': conf }, ENMESHED)), ['pass limited']);
  });

  test('a regex garrison cannot evaluate is an error, not a guess', async () => {
    const conf = 'server {\n  listen 443 ssl;\n  location /api/v1/Challenges { proxy_pass http://127.0.0.1:8090; }\n  location ~ ^/api\\h { return 404; }\n}\n';
    const f = await audit({ 'etc/nginx/nginx.conf': NGINX_CONF, 'etc/nginx/conf.d/api.conf': conf }, ENMESHED);
    assert.deepEqual(summary(f), ['error', 'error']);
    assert.match(f[0]!.message, /cannot tell which location .* \\h/);
  });

  test('paths given on the command line as one string', async () => {
    const files = { 'etc/nginx/nginx.conf': NGINX_CONF, 'etc/nginx/conf.d/api.conf': 'server {\n  listen 443 ssl;\n  location /api/v1/Challenges { proxy_pass http://127.0.0.1:8090; }\n}\n' };
    const f = await audit(files, { rateLimitPaths: '/api/v1/Challenges, /api/v1/Identities' });
    // /api/v1/Identities matches no location: nginx would serve it from the (default) document root.
    assert.deepEqual(summary(f), ['fail notLimited']);
    assert.match(f[0]!.message, /passes \/api\/v1\/Challenges to the application/);
    assert.deepEqual(summary(await audit(files, { rateLimitPaths: 'api/v1/Challenges' })), ['error']);
  });
});
