/**
 * Parser for Docker Compose files (compose.yaml, docker-compose.yml and overrides).
 *
 * Keeps the line of every value a rule may quote. YAML anchors, aliases and merge keys
 * (`<<: *defaults`) are resolved the way Compose resolves them, so a setting inherited
 * from an `x-` extension block is seen on each service that uses it.
 */
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node } from 'yaml';
import type { ParseError, ParseResult, SourceLine } from '../types.ts';
import { splitLines } from '../types.ts';

/** A value with the line it was read from. */
export interface Located<T> {
  value: T;
  source: SourceLine;
}

/** One `environment:` entry, from a map (`KEY: value`) or a list (`- KEY=value`). */
export interface ComposeEnvVar {
  name: string;
  /** null when only the name is given (the value is passed through from the shell). */
  value: string | null;
  source: SourceLine;
}

/** One `env_file:` entry. */
export interface ComposeEnvFile {
  path: string;
  required: boolean;
  source: SourceLine;
}

/** One mount from `volumes:` (short `src:dst:mode` or long syntax). */
export interface ComposeVolume {
  type: 'bind' | 'volume' | 'tmpfs' | 'other';
  /** Host path or volume name; null for an anonymous volume. */
  source: string | null;
  target: string;
  readOnly: boolean;
  line: SourceLine;
}

/** One published port from `ports:`. */
export interface ComposePort {
  /** Host address; null means every address (Docker's default). */
  hostIp: string | null;
  /** Host port or range ("8080", "8000-8010"); null for a random host port. */
  hostPort: string | null;
  /** Container port or range. */
  containerPort: string;
  protocol: 'tcp' | 'udp' | 'sctp';
  source: SourceLine;
}

/** Settings that bound a container's resources. */
export interface ComposeLimits {
  memory: Located<string>[];
  cpu: Located<string>[];
}

export interface ComposeService {
  name: string;
  source: SourceLine;
  image: Located<string> | null;
  environment: ComposeEnvVar[];
  envFiles: ComposeEnvFile[];
  volumes: ComposeVolume[];
  ports: ComposePort[];
  privileged: Located<boolean> | null;
  networkMode: Located<string> | null;
  pid: Located<string> | null;
  ipc: Located<string> | null;
  usernsMode: Located<string> | null;
  capAdd: Located<string>[];
  /** Names of Docker secrets the service uses. */
  secrets: string[];
  limits: ComposeLimits;
}

export interface ComposeModel {
  services: ComposeService[];
  /** Top-level `secrets:` names. */
  secrets: string[];
}

const MAX_ALIAS_DEPTH = 32;

class Reader {
  readonly errors: ParseError[] = [];
  private readonly lines: string[];
  constructor(
    private readonly doc: Document,
    private readonly counter: LineCounter,
    text: string,
    readonly file: string,
  ) {
    this.lines = splitLines(text);
  }

  lineOf(offset: number): number {
    return this.counter.linePos(offset).line;
  }

  src(node: Node | null | undefined, fallback: SourceLine): SourceLine {
    const off = node?.range?.[0];
    if (off === undefined) return fallback;
    const line = this.lineOf(off);
    return { file: this.file, line, text: this.lines[line - 1] ?? '' };
  }

  deref(node: unknown): Node | null {
    let n = node;
    for (let i = 0; i < MAX_ALIAS_DEPTH && isAlias(n); i++) n = n.resolve(this.doc);
    if (isAlias(n) || n === undefined || n === null) return null;
    return n as Node;
  }

  /** Entries of a mapping, with `<<` merge keys expanded (explicit keys win). */
  entries(node: unknown, depth = 0): { key: string; keyNode: Node | null; value: Node | null }[] {
    const map = this.deref(node);
    if (!isMap(map) || depth > MAX_ALIAS_DEPTH) return [];
    const explicit: { key: string; keyNode: Node | null; value: Node | null }[] = [];
    const merged: { key: string; keyNode: Node | null; value: Node | null }[] = [];
    for (const pair of map.items) {
      const keyNode = this.deref(pair.key);
      const key = isScalar(keyNode) ? String(keyNode.value) : '';
      if (key === '<<' && isScalar(keyNode)) {
        const v = this.deref(pair.value);
        const sources = isSeq(v) ? v.items : [v];
        for (const s of sources) merged.push(...this.entries(s, depth + 1));
        continue;
      }
      explicit.push({ key, keyNode, value: this.deref(pair.value) });
    }
    const seen = new Set(explicit.map((e) => e.key));
    const out = [...explicit];
    for (const m of merged) {
      if (seen.has(m.key)) continue;
      seen.add(m.key);
      out.push(m);
    }
    return out;
  }

  items(node: unknown): Node[] {
    const seq = this.deref(node);
    if (!isSeq(seq)) return [];
    return seq.items.map((i) => this.deref(i)).filter((i): i is Node => i !== null);
  }

  scalar(node: unknown): string | null {
    const n = this.deref(node);
    if (!isScalar(n) || n.value === null || n.value === undefined) return null;
    if (typeof n.value === 'object') return null;
    return String(n.value);
  }

  error(node: Node | null, message: string): void {
    const off = node?.range?.[0] ?? 0;
    this.errors.push({ file: this.file, line: this.lineOf(off), message });
  }
}

function get(r: Reader, node: unknown, key: string): Node | null {
  return r.entries(node).find((e) => e.key === key)?.value ?? null;
}

function located<T>(r: Reader, node: Node | null, value: T, fallback: SourceLine): Located<T> {
  return { value, source: r.src(node, fallback) };
}

function parseEnvironment(r: Reader, node: Node | null, fallback: SourceLine): ComposeEnvVar[] {
  if (node === null) return [];
  if (isMap(node)) {
    return r.entries(node).map((e) => ({
      name: e.key,
      value: r.scalar(e.value),
      source: r.src(e.keyNode, fallback),
    }));
  }
  if (isSeq(node)) {
    const out: ComposeEnvVar[] = [];
    for (const item of r.items(node)) {
      const s = r.scalar(item);
      if (s === null) continue;
      const eq = s.indexOf('=');
      out.push({
        name: eq === -1 ? s : s.slice(0, eq),
        value: eq === -1 ? null : s.slice(eq + 1),
        source: r.src(item, fallback),
      });
    }
    return out;
  }
  r.error(node, 'environment: expected a mapping or a list');
  return [];
}

function parseEnvFiles(r: Reader, node: Node | null, fallback: SourceLine): ComposeEnvFile[] {
  if (node === null) return [];
  const list = isSeq(node) ? r.items(node) : [node];
  const out: ComposeEnvFile[] = [];
  for (const item of list) {
    const s = r.scalar(item);
    if (s !== null) {
      out.push({ path: s, required: true, source: r.src(item, fallback) });
      continue;
    }
    const path = r.scalar(get(r, item, 'path'));
    if (path !== null) {
      const req = r.scalar(get(r, item, 'required'));
      out.push({ path, required: req !== 'false', source: r.src(item, fallback) });
    }
  }
  return out;
}

/** Splits a short volume spec "src:dst[:opts]"; a lone path is an anonymous volume. */
export function parseShortVolume(spec: string): Omit<ComposeVolume, 'line'> {
  const parts = spec.split(':');
  if (parts.length === 1) return { type: 'volume', source: null, target: spec, readOnly: false };
  const [src = '', dst = '', opts = ''] = parts;
  const readOnly = opts.split(',').includes('ro');
  const isPath = src.startsWith('/') || src.startsWith('.') || src.startsWith('~') || src.startsWith('$');
  return { type: isPath ? 'bind' : 'volume', source: src, target: dst, readOnly };
}

function parseVolumes(r: Reader, node: Node | null, fallback: SourceLine): ComposeVolume[] {
  const out: ComposeVolume[] = [];
  for (const item of r.items(node)) {
    const line = r.src(item, fallback);
    const s = r.scalar(item);
    if (s !== null) {
      out.push({ ...parseShortVolume(s), line });
      continue;
    }
    if (!isMap(item)) continue;
    const type = r.scalar(get(r, item, 'type')) ?? 'volume';
    const ro = r.scalar(get(r, item, 'read_only'));
    out.push({
      type: type === 'bind' || type === 'volume' || type === 'tmpfs' ? type : 'other',
      source: r.scalar(get(r, item, 'source')),
      target: r.scalar(get(r, item, 'target')) ?? '',
      readOnly: ro === 'true',
      line,
    });
  }
  return out;
}

/** Parses a short port spec: "80", "8080:80", "127.0.0.1:8080:80/tcp", "[::1]:53:53/udp". */
export function parseShortPort(spec: string): Omit<ComposePort, 'source'> | null {
  let s = spec.trim();
  let protocol: ComposePort['protocol'] = 'tcp';
  const slash = s.lastIndexOf('/');
  if (slash !== -1) {
    const p = s.slice(slash + 1).toLowerCase();
    if (p !== 'tcp' && p !== 'udp' && p !== 'sctp') return null;
    protocol = p;
    s = s.slice(0, slash);
  }
  let hostIp: string | null = null;
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    if (close === -1 || s[close + 1] !== ':') return null;
    hostIp = s.slice(1, close);
    s = s.slice(close + 2);
  }
  const parts = s.split(':');
  const portRe = /^\d+(-\d+)?$/;
  let hostPort: string | null = null;
  let containerPort: string;
  if (parts.length === 1) containerPort = parts[0]!;
  else if (parts.length === 2) {
    hostPort = parts[0]! === '' ? null : parts[0]!;
    containerPort = parts[1]!;
  } else {
    if (hostIp !== null) return null;
    containerPort = parts[parts.length - 1]!;
    hostPort = parts[parts.length - 2]! === '' ? null : parts[parts.length - 2]!;
    hostIp = parts.slice(0, -2).join(':');
  }
  if (hostIp === '' || hostIp === '0.0.0.0') hostIp = null;
  if (!portRe.test(containerPort) || (hostPort !== null && !portRe.test(hostPort))) return null;
  return { hostIp, hostPort, containerPort, protocol };
}

function parsePorts(r: Reader, node: Node | null, fallback: SourceLine): ComposePort[] {
  const out: ComposePort[] = [];
  for (const item of r.items(node)) {
    const source = r.src(item, fallback);
    const s = r.scalar(item);
    if (s !== null) {
      const p = parseShortPort(s);
      if (p) out.push({ ...p, source });
      // Interpolated ports ("${WEB_PORT}:80") are only known when Compose runs.
      else if (!s.includes('$')) r.error(item, `ports: cannot read "${s}"`);
      continue;
    }
    if (!isMap(item)) continue;
    const target = r.scalar(get(r, item, 'target'));
    if (target === null) continue;
    const proto = (r.scalar(get(r, item, 'protocol')) ?? 'tcp').toLowerCase();
    const ip = r.scalar(get(r, item, 'host_ip'));
    out.push({
      hostIp: ip === null || ip === '' || ip === '0.0.0.0' ? null : ip,
      hostPort: r.scalar(get(r, item, 'published')),
      containerPort: target,
      protocol: proto === 'udp' ? 'udp' : proto === 'sctp' ? 'sctp' : 'tcp',
      source,
    });
  }
  return out;
}

function parseLimits(r: Reader, svc: Node, fallback: SourceLine): ComposeLimits {
  const limits: ComposeLimits = { memory: [], cpu: [] };
  for (const e of r.entries(svc)) {
    const v = r.scalar(e.value);
    if (v === null || v === '0' || v === '') continue;
    if (e.key === 'mem_limit') limits.memory.push(located(r, e.keyNode, v, fallback));
    if (e.key === 'cpus' || e.key === 'cpu_quota' || e.key === 'cpu_count') limits.cpu.push(located(r, e.keyNode, v, fallback));
  }
  const lim = get(r, get(r, get(r, svc, 'deploy'), 'resources'), 'limits');
  for (const e of r.entries(lim)) {
    const v = r.scalar(e.value);
    if (v === null || v === '0' || v === '') continue;
    if (e.key === 'memory') limits.memory.push(located(r, e.keyNode, v, fallback));
    if (e.key === 'cpus') limits.cpu.push(located(r, e.keyNode, v, fallback));
  }
  return limits;
}

function optString(r: Reader, svc: Node, key: string, fallback: SourceLine): Located<string> | null {
  const e = r.entries(svc).find((x) => x.key === key);
  if (!e) return null;
  const v = r.scalar(e.value);
  return v === null ? null : located(r, e.keyNode, v, fallback);
}

function parseService(r: Reader, name: string, keyNode: Node | null, node: Node | null): ComposeService {
  const source = r.src(keyNode, { file: r.file, line: 1, text: '' });
  const svc: ComposeService = {
    name,
    source,
    image: null,
    environment: [],
    envFiles: [],
    volumes: [],
    ports: [],
    privileged: null,
    networkMode: null,
    pid: null,
    ipc: null,
    usernsMode: null,
    capAdd: [],
    secrets: [],
    limits: { memory: [], cpu: [] },
  };
  if (node === null || (isScalar(node) && node.value === null)) return svc;
  if (!isMap(node)) {
    r.error(node, `service "${name}": expected a mapping`);
    return svc;
  }
  svc.image = optString(r, node, 'image', source);
  svc.environment = parseEnvironment(r, get(r, node, 'environment'), source);
  svc.envFiles = parseEnvFiles(r, get(r, node, 'env_file'), source);
  svc.volumes = parseVolumes(r, get(r, node, 'volumes'), source);
  svc.ports = parsePorts(r, get(r, node, 'ports'), source);
  const priv = optString(r, node, 'privileged', source);
  if (priv) svc.privileged = { value: priv.value === 'true', source: priv.source };
  svc.networkMode = optString(r, node, 'network_mode', source);
  svc.pid = optString(r, node, 'pid', source);
  svc.ipc = optString(r, node, 'ipc', source);
  svc.usernsMode = optString(r, node, 'userns_mode', source);
  svc.capAdd = r
    .items(get(r, node, 'cap_add'))
    .map((i) => ({ i, v: r.scalar(i) }))
    .filter((x): x is { i: Node; v: string } => x.v !== null)
    .map((x) => located(r, x.i, x.v, source));
  svc.secrets = r
    .items(get(r, node, 'secrets'))
    .map((i) => r.scalar(i) ?? r.scalar(get(r, i, 'source')))
    .filter((s): s is string => s !== null);
  svc.limits = parseLimits(r, node, source);
  return svc;
}

/** Parses one Compose file. Never throws; YAML errors are returned with their line. */
export function parseCompose(text: string, file: string): ParseResult<ComposeModel> {
  const counter = new LineCounter();
  const model: ComposeModel = { services: [], secrets: [] };
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, strict: false });
  } catch (err) {
    return { model, errors: [{ file, line: 1, message: `YAML: ${err instanceof Error ? err.message : String(err)}` }] };
  }
  const r = new Reader(doc, counter, text, file);
  for (const e of doc.errors) {
    r.errors.push({ file, line: counter.linePos(e.pos[0]).line, message: `YAML: ${e.message.split('\n')[0]}` });
  }
  if (doc.errors.length > 0) return { model, errors: r.errors };
  const root = r.deref(doc.contents);
  if (root === null) return { model, errors: r.errors };
  if (!isMap(root)) {
    r.error(root, 'a Compose file must be a mapping');
    return { model, errors: r.errors };
  }
  for (const e of r.entries(get(r, root, 'services'))) model.services.push(parseService(r, e.key, e.keyNode, e.value));
  model.secrets = r.entries(get(r, root, 'secrets')).map((e) => e.key);
  return { model, errors: r.errors };
}
