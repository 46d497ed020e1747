/**
 * Location selection against a running nginx: Debian's /usr/sbin/nginx serves a set of
 * servers on 127.0.0.1 whose every location answers `return 200 "<id>"`, and for each
 * request URI the location that answers must be the one matchLocation() picks (an error
 * from the static file handler meaning "no location", a 301 the auto redirect). The servers are the
 * hand-written cases below plus pseudo-random ones from a fixed seed.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as http from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import { parseNginx } from '../../parsers/nginx/parser.ts';
import { locationTree, matchLocation, type LocationNode } from './_location-match.ts';
import { freePort } from '../../probes/testing/daemons.ts';

const NGINX = '/usr/sbin/nginx';
const skip = !fs.existsSync(NGINX) && !process.env.CI ? `${NGINX} not installed` : false;

/** A location: its arguments, whether it proxies (for the auto redirect), its nested locations. */
interface Loc {
  args: string;
  pass?: boolean;
  children?: Loc[];
}

const HAND_WRITTEN: Loc[][] = [
  [{ args: '= /a' }, { args: '/a' }, { args: '~ ^/a' }],
  [{ args: '/' }, { args: '/a/b/' }, { args: '/a/' }, { args: '/a/b/c' }],
  [{ args: '/a/' }, { args: '~ /a/b' }, { args: '~ /a' }, { args: '^~ /s/' }, { args: '~ \\.js$' }],
  [{ args: '/' }, { args: '/a/B' }, { args: '~* ^/A/C' }],
  [{ args: '/a/', children: [{ args: '/a/b/' }, { args: '~ /a/b/c$' }] }, { args: '~ d' }],
  [{ args: '^~ /a/', children: [{ args: '~ c' }] }, { args: '~ d' }],
  [{ args: '/a/', children: [{ args: '= /a/b/c' }] }, { args: '~ c' }],
  [{ args: '~ ^/a/', children: [{ args: '~ c' }, { args: '~ b' }] }],
  [{ args: '/' }, { args: '/a/', pass: true }],
  [{ args: '/' }, { args: '= /a/', pass: true }, { args: '/a/b/', pass: true }],
  [{ args: '/ap-' }, { args: '/a-x' }, { args: '/a/', pass: true }, { args: '~ ^/a' }],
  [{ args: '~ ^/', children: [{ args: '~ ^/a/', children: [{ args: '~ b$' }] }] }],
  [{ args: '~ (?i)^/A/(?P<x>b)' }, { args: '~ ^/[[:alpha:]]/[]c]$' }, { args: '/' }],
];

const URIS = ['/', '/a', '/a/', '/A/b', '/a/b', '/a/B', '/a/b/', '/a/b/c', '/a/c', '/a/]', '/ab', '/a-x', '/ap-y', '/b', '/s/x.js', '/x.js', '/a/x.js', '/d', '/a/d', '/A/C/x'];

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PREFIXES = ['/', '/a', '/a/', '/a/b', '/a/b/', '/ab', '/b', '/a/b/c', '/a-x'];
const REGEXES = ['^/a', 'b$', '/B', '^/a/b', '\\.js$', 'c', '^/a/[bc]'];

/** A random valid set of locations (no duplicates; nested prefixes extend their parent). */
function randomLocations(next: () => number, parent: Loc | null, depth: number): Loc[] {
  const out: Loc[] = [];
  const used = new Set<string>();
  const count = 1 + Math.floor(next() * (depth === 0 ? 6 : 3));
  const parentName = parent?.args.split(' ').pop() ?? '';
  const parentRegex = parent !== null && parent.args.startsWith('~');
  for (let i = 0; i < count; i++) {
    const regex = parentRegex || next() < 0.35;
    let args: string;
    if (regex) {
      args = `${next() < 0.3 ? '~*' : '~'} ${REGEXES[Math.floor(next() * REGEXES.length)]}`;
      if (used.has(args)) continue;
    } else {
      const candidates = PREFIXES.filter((p) => p.startsWith(parentName) && p !== parentName);
      if (candidates.length === 0) continue;
      const name = candidates[Math.floor(next() * candidates.length)]!;
      const r = next();
      const mod = r < 0.2 ? '= ' : r < 0.35 ? '^~ ' : '';
      args = `${mod}${name}`;
      // nginx refuses two inclusive (or two exact) locations of the same name.
      const key = `${mod === '= ' ? '=' : 'incl'}${name}`;
      if (used.has(key)) continue;
      used.add(key);
    }
    used.add(args);
    const loc: Loc = { args };
    if (!args.startsWith('=') && args.endsWith('/') && next() < 0.4) loc.pass = true;
    if (!args.startsWith('=') && depth < 2 && next() < 0.3) loc.children = randomLocations(next, loc, depth + 1);
    out.push(loc);
  }
  return out;
}

let ids = 0;
function render(locs: readonly Loc[], indent: string): string {
  return locs
    .map((l) => {
      const id = `L${++ids}`;
      const pass = l.pass ? ' proxy_pass http://127.0.0.1:9;' : '';
      const inner = l.children ? `\n${render(l.children, `${indent}  `)}\n${indent}` : ' ';
      return `${indent}location ${l.args} {${pass} return 200 "${id}";${inner}}`;
    })
    .join('\n');
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

function get(port: number, host: string, uri: string): Promise<{ status: number; body: string; location?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: uri, headers: { host }, agent, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ...(res.headers.location ? { location: res.headers.location } : {}) }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** The id in a location's `return 200 "<id>"`. */
function idOf(node: LocationNode): string {
  return node.directive.block!.find((d) => d.name === 'return')!.args[1]!;
}

describe('matchLocation agrees with a running nginx', { skip }, () => {
  const sets = [...HAND_WRITTEN];
  const next = rng(20240611);
  for (let i = 0; i < 60; i++) sets.push(randomLocations(next, null, 0));
  const rendered = sets.map((locs) => render(locs, '    '));
  const servers = rendered.map((text, i) => `  server {\n    listen 127.0.0.1:PORT;\n    server_name c${i};\n${text}\n  }`);
  let root = '';
  let port = 0;
  let proc: ChildProcess | undefined;
  let stderr = '';
  let config = '';

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-nginx-loc-'));
    port = await freePort();
    config = `worker_processes 1;\nevents { worker_connections 64; }\nhttp {\n  access_log off;\n${servers.join('\n').replaceAll('PORT', String(port))}\n}\n`;
    const file = path.join(root, 'nginx.conf');
    fs.writeFileSync(file, config);
    proc = spawn(NGINX, ['-p', `${root}/`, '-c', file, '-g', `daemon off; pid ${root}/nginx.pid; error_log stderr;`], { stdio: ['ignore', 'ignore', 'pipe'] });
    proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    for (let i = 0; i < 100; i++) {
      if (proc.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
      try {
        await get(port, 'c0', '/');
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error(`nginx did not answer: ${stderr}`);
  });
  after(() => {
    agent.destroy();
    proc?.kill('SIGTERM');
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('every URI on every server lands where the helper says', async () => {
    const { model, errors } = parseNginx(config, '/nginx.conf');
    assert.deepEqual(errors, []);
    const serverBlocks = model.directives.find((d) => d.name === 'http')!.block!.filter((d) => d.name === 'server');
    assert.equal(serverBlocks.length, sets.length);
    const mismatches: string[] = [];
    let compared = 0;
    await Promise.all(
      serverBlocks.map(async (s, i) => {
        const tree = locationTree(s.block!);
        for (const uri of URIS) {
          const m = matchLocation(tree, uri);
          assert.notEqual(m.kind, 'undecidable', `server c${i}: ${uri}`);
          const expected = m.kind === 'redirect' ? `301 ${uri}/` : m.kind === 'location' && m.location ? `200 ${idOf(m.location)}` : 'static files';
          const res = await get(port, `c${i}`, uri);
          const actual = res.status === 301 ? `301 ${new URL(res.location ?? '', 'http://x').pathname}` : res.status === 200 ? `200 ${res.body}` : res.status >= 400 ? 'static files' : String(res.status);
          compared++;
          if (actual !== expected) mismatches.push(`server c${i} ${uri}: nginx ${actual}, helper ${expected}\n${rendered[i]}`);
        }
      }),
    );
    assert.equal(compared, sets.length * URIS.length);
    assert.deepEqual(mismatches, []);
  });
});
