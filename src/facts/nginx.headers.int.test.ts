/**
 * add_header inheritance against a running nginx: a real nginx (Debian's /usr/sbin/nginx)
 * serves a fixture configuration on 127.0.0.1, and for each location the headers it
 * actually sends must be the ones the nginx fact computed as effective there.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as http from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import { RootDirTarget } from '../target/root-dir.ts';
import { FactStore } from '../core/engine.ts';
import { defaultAuditOptions } from '../core/options.ts';
import type { NginxFacts } from './nginx.ts';
import { freePort } from '../probes/testing/daemons.ts';

const NGINX = '/usr/sbin/nginx';
const skip = !fs.existsSync(NGINX) && !process.env.CI ? `${NGINX} not installed` : false;

const conf = (port: number) => `
worker_processes 1;
events { worker_connections 16; }
http {
    access_log off;
    add_header X-Http "1" always;
    include conf.d/*.conf;
    server {
        listen 127.0.0.1:${port};
        add_header X-Server-A "1" always;
        add_header X-Server-B "1";
        location / { return 200 "root"; }
        location /own/ {
            add_header X-Own "1";
            return 200 "own";
        }
        location /nested/ {
            add_header X-Nested-Parent "1";
            location /nested/inner/ { return 200 "inner"; }
            location /nested/own/ { add_header X-Nested-Own "1"; return 200 "nested own"; }
        }
        location /cond/ {
            if ($arg_x) { add_header X-If "1"; return 200 "if"; }
            return 200 "no if";
        }
        location /missing/ { return 404; }
    }
}
`;

function get(port: number, p: string): Promise<{ status: number; headers: string[] }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: p, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: Object.keys(res.headers).filter((h) => h.startsWith('x-')).sort() }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

async function waitFor(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      await get(port, '/');
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error('nginx did not answer');
}

describe('add_header inheritance matches a running nginx', { skip }, () => {
  let root = '';
  let port = 0;
  let proc: ChildProcess | undefined;
  let facts: NginxFacts;
  let stderr = '';

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-nginx-run-'));
    port = await freePort();
    fs.mkdirSync(path.join(root, 'etc/nginx/conf.d'), { recursive: true });
    fs.writeFileSync(path.join(root, 'etc/nginx/nginx.conf'), conf(port));
    proc = spawn(NGINX, ['-p', `${root}/`, '-c', path.join(root, 'etc/nginx/nginx.conf'), '-g', `daemon off; pid ${root}/nginx.pid; error_log stderr;`], { stdio: ['ignore', 'ignore', 'pipe'] });
    proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    await waitFor(port).catch((e: unknown) => {
      throw new Error(`${String(e)}: ${stderr}`);
    });
    const target = new RootDirTarget(root);
    const store = new FactStore(target, await target.info(), defaultAuditOptions());
    facts = await store.get('nginx');
    assert.deepEqual(store.diagnosticsOf('nginx'), []);
  });
  after(() => {
    proc?.kill('SIGTERM');
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  const cases: [string, string, (f: NginxFacts) => string[]][] = [
    ['location without add_header inherits the server level', '/', (f) => f.servers[0]!.locations.find((l) => l.match === '/')!.headers.map((h) => h.name)],
    ['location with its own add_header drops server and http', '/own/', (f) => f.servers[0]!.locations.find((l) => l.match === '/own/')!.headers.map((h) => h.name)],
    ['nested location inherits from the enclosing location', '/nested/inner/', (f) => f.servers[0]!.locations.find((l) => l.match === '/nested/inner/')!.headers.map((h) => h.name)],
    ['nested location with its own add_header', '/nested/own/', (f) => f.servers[0]!.locations.find((l) => l.match === '/nested/own/')!.headers.map((h) => h.name)],
    ['if inside a location replaces the location headers', '/cond/?x=1', (f) => f.servers[0]!.locations.find((l) => l.kind === 'if')!.headers.map((h) => h.name)],
    ['without always, only 2xx/3xx responses carry the header', '/missing/', (f) => f.servers[0]!.locations.find((l) => l.match === '/missing/')!.headers.filter((h) => h.always).map((h) => h.name)],
  ];
  for (const [name, url, expected] of cases) {
    test(name, async () => {
      const res = await get(port, url);
      assert.deepEqual(res.headers, expected(facts).sort(), `GET ${url} -> ${res.status}`);
    });
  }
});
