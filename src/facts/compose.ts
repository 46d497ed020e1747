/**
 * Docker Compose projects found on the host: every compose file (compose.yaml,
 * docker-compose.yml, their overrides and docker-compose.*.yml variants) under the usual
 * places — /srv, /opt, /DATA, /home, /root, /etc — and the directories listed in the
 * `composeDirs` parameter, searched to a bounded depth and count. For each file: its
 * parsed services, its mode, and the env files it uses (`env_file:` and the project's
 * `.env`, which Compose reads for interpolation).
 */
import { posix } from 'node:path';
import { defineFact, type FactContext } from '../core/fact.ts';
import { parseCompose, type ComposeModel, type ComposeService } from '../parsers/compose/compose.ts';
import { parseEnvFile, type EnvAssignment } from '../parsers/compose/env-file.ts';
import type { FileInfo } from '../target/target.ts';
import type { Listener } from './_listener.ts';

/** Where compose files are looked for unless `composeDirs` adds more. */
export const COMPOSE_ROOTS = ['/srv', '/opt', '/DATA', '/home', '/root', '/etc'];
/** How deep below each root the search goes. */
export const COMPOSE_MAX_DEPTH = 4;
const MAX_DIRS = 20000;
const MAX_FILES = 500;
const SKIP_DIRS = new Set(['node_modules', '.git', '.cache', 'proc', 'sys', '__pycache__', '.npm', 'vendor']);
const COMPOSE_NAME = /^(docker-)?compose(\.[A-Za-z0-9_.-]+)?\.ya?ml$/;

export interface ComposeFile {
  path: string;
  /** The project directory (the file's directory). */
  dir: string;
  info: FileInfo;
  model: ComposeModel;
}

export interface ComposeEnvFile {
  path: string;
  info: FileInfo;
  vars: EnvAssignment[];
  /** Compose files that use it (through env_file: or as the project's .env). */
  usedBy: string[];
}

export interface ComposeFacts {
  files: ComposeFile[];
  envFiles: ComposeEnvFile[];
  /** Published ports of every service, for the exposure rules. */
  listens: Listener[];
  /** True when the search stopped at its bounds before seeing everything. */
  truncated: boolean;
}

/** True for a file name Compose reads (or that is a variant meant for `-f`). */
export function isComposeFileName(name: string): boolean {
  return COMPOSE_NAME.test(name);
}

async function findComposeFiles(ctx: FactContext, roots: string[]): Promise<{ paths: string[]; truncated: boolean }> {
  const found = new Set<string>();
  let dirs = 0;
  let truncated = false;
  const queue: { path: string; depth: number }[] = roots.map((r) => ({ path: r, depth: 0 }));
  const seen = new Set<string>();
  while (queue.length > 0) {
    const { path, depth } = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    if (++dirs > MAX_DIRS || found.size >= MAX_FILES) {
      truncated = true;
      break;
    }
    const res = await ctx.target.readDir(path);
    if (!res.ok) continue;
    for (const e of res.entries) {
      const child = posix.join(path, e.name);
      if (e.type === 'file' && isComposeFileName(e.name)) found.add(child);
      else if (e.type === 'dir' && depth < COMPOSE_MAX_DEPTH && !SKIP_DIRS.has(e.name)) queue.push({ path: child, depth: depth + 1 });
    }
  }
  return { paths: [...found].sort(), truncated };
}

const SERVICE_BY_IMAGE: [RegExp, string][] = [
  [/^(postgres|postgresql|postgis|timescaledb)$/, 'postgresql'],
  [/^(mysql|mariadb|percona|percona-server)$/, 'mysql'],
  [/^(mongo|mongodb)$/, 'mongodb'],
  [/^(redis|valkey|keydb)$/, 'redis'],
  [/^(memcached)$/, 'memcached'],
  [/^(elasticsearch|opensearch)$/, 'elasticsearch'],
  [/^(rabbitmq)$/, 'rabbitmq'],
  [/^(openldap|slapd)$/, 'slapd'],
];

/** The repository name of an image reference without registry, tag or digest ("postgres" for "docker.io/library/postgres:15"). */
export function imageName(image: string): string {
  const noDigest = image.split('@')[0]!;
  const last = noDigest.split('/').pop() ?? noDigest;
  return last.split(':')[0]!.toLowerCase();
}

function listenerService(svc: ComposeService): string {
  const name = svc.image ? imageName(svc.image.value) : '';
  for (const [re, s] of SERVICE_BY_IMAGE) if (re.test(name)) return s;
  return svc.name;
}

function portsOf(spec: string | null): number[] {
  if (spec === null) return [];
  const m = /^(\d+)(?:-(\d+))?$/.exec(spec);
  if (!m) return [];
  const from = Number(m[1]);
  const to = Math.min(Number(m[2] ?? m[1]), from + 255);
  const out: number[] = [];
  for (let p = from; p <= to && p <= 65535; p++) out.push(p);
  return out;
}

function listenersOf(file: ComposeFile): Listener[] {
  const out: Listener[] = [];
  for (const svc of file.model.services) {
    const service = listenerService(svc);
    for (const p of svc.ports) {
      if (p.protocol === 'sctp') continue;
      for (const port of portsOf(p.hostPort)) {
        out.push({ service, protocol: p.protocol, address: p.hostIp ?? '*', port, source: p.source, origin: 'config' });
      }
    }
  }
  return out;
}

function resolveIn(dir: string, p: string): string {
  return posix.isAbsolute(p) ? posix.normalize(p) : posix.join(dir, p);
}

async function collect(ctx: FactContext): Promise<ComposeFacts> {
  const extra = ctx.options.params.composeDirs;
  const roots = [...COMPOSE_ROOTS, ...(Array.isArray(extra) ? extra.filter((d): d is string => typeof d === 'string' && d.startsWith('/')) : [])];
  const { paths, truncated } = await findComposeFiles(ctx, roots);
  const files: ComposeFile[] = [];
  for (const r of await ctx.target.readFiles(paths)) {
    if (!r.ok) {
      if (r.error.code !== 'ENOENT' && r.error.code !== 'NOT_REGULAR') ctx.diagnostic({ path: r.path, message: `cannot read: ${r.error.message}` });
      continue;
    }
    const parsed = parseCompose(r.text, r.path);
    ctx.parseErrors(parsed.errors);
    files.push({ path: r.path, dir: posix.dirname(r.path), info: r.info, model: parsed.model });
  }

  // Env files: those named by env_file (relative to the project directory) and the
  // project's .env, read once each.
  const usedBy = new Map<string, Set<string>>();
  const use = (path: string, by: string) => {
    if (!usedBy.has(path)) usedBy.set(path, new Set());
    usedBy.get(path)!.add(by);
  };
  for (const f of files) {
    use(posix.join(f.dir, '.env'), f.path);
    for (const s of f.model.services) for (const e of s.envFiles) if (!e.path.includes('$')) use(resolveIn(f.dir, e.path), f.path);
  }
  const envPaths = [...usedBy.keys()].sort();
  const envFiles: ComposeEnvFile[] = [];
  for (const r of await ctx.target.readFiles(envPaths)) {
    if (!r.ok) continue; // a missing env file is Compose's problem, not a security finding
    const parsed = parseEnvFile(r.text, r.path);
    envFiles.push({ path: r.path, info: r.info, vars: parsed.model.vars, usedBy: [...usedBy.get(r.path)!].sort() });
  }
  return { files, envFiles, listens: files.flatMap(listenersOf), truncated };
}

export default defineFact<'compose', ComposeFacts>({
  name: 'compose',
  description: 'Docker Compose files under /srv, /opt, /DATA, /home, /root, /etc (and composeDirs): services, mounts, ports, env files.',
  collect,
});
