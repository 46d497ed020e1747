/**
 * Apache httpd: the configuration from apache2.conf (Debian, ServerRoot /etc/apache2) or
 * httpd.conf (Red Hat, ServerRoot /etc/httpd) with Include / IncludeOptional resolved
 * relative to ServerRoot (globs sorted, directories read whole), <IfModule> evaluated
 * against the LoadModule lines seen so far and <IfDefine> against `Define`, as httpd does
 * while reading. Per <VirtualHost>: TLS settings inherited from the main server, headers,
 * and whether a plain-HTTP vhost only redirects to HTTPS.
 */
import { posix } from 'node:path';
import { defineFact, type FactContext } from '../core/fact.ts';
import { parseApache, type ApacheDirective } from '../parsers/apache/parser.ts';
import type { SourceLine } from '../parsers/types.ts';
import type { FileInfo } from '../target/target.ts';
import type { Listener } from './_listener.ts';
import { installedVersion } from './_dpkg-status.ts';

const LAYOUTS = [
  { main: '/etc/apache2/apache2.conf', root: '/etc/apache2' },
  { main: '/etc/httpd/conf/httpd.conf', root: '/etc/httpd' },
];
const MAX_DEPTH = 32;
/** Assumed httpd version for <IfVersion> when no package tells it. */
const DEFAULT_VERSION = '2.4.62';
/** Modules compiled into Debian's and Red Hat's httpd binaries. */
const STATIC_MODULES = ['core', 'so', 'watchdog', 'http', 'log_config', 'logio', 'version', 'unixd', 'mpm_event'];
/** Sections evaluated at run time per request: their content is not unconditional. */
const RUNTIME_SECTIONS = new Set(['if', 'elseif', 'else']);

export interface ApacheSetting<T> {
  value: T;
  source: SourceLine | null;
  origin: 'vhost' | 'server' | 'default';
}

export interface ApacheHeader {
  /** Lower-case header name. */
  name: string;
  value: string;
  /** `Header always ...` (all responses) rather than the onsuccess table. */
  always: boolean;
  source: SourceLine;
}

export interface ApacheVhost {
  source: SourceLine;
  /** `<VirtualHost>` arguments ("*:443", "_default_:80"). */
  addresses: string[];
  /** Ports from the addresses; empty when none names a port. */
  ports: number[];
  serverName: string | null;
  /** SSLEngine on (in the vhost, or inherited from the main server). */
  tls: boolean;
  sslProtocol: ApacheSetting<string>;
  sslCipherSuite: ApacheSetting<string>;
  sslSessionTickets: ApacheSetting<boolean>;
  certificateKeys: { path: string; source: SourceLine; info: FileInfo | null }[];
  /** Headers sent (main server entries, then the vhost's, after `unset`). */
  headers: ApacheHeader[];
  /** The vhost answers every request with a redirect to https:// (Redirect, RedirectMatch, RewriteRule). */
  redirectsToHttps: boolean;
  /** Only loopback addresses. */
  loopbackOnly: boolean;
  serverSignature: ApacheSetting<string>;
}

export interface ApacheFacts {
  installed: boolean;
  mainFile: string | null;
  serverRoot: string | null;
  files: string[];
  /** Effective tree: includes inlined, false conditionals removed. */
  tree: ApacheDirective[];
  modules: string[];
  serverTokens: ApacheSetting<string>;
  serverSignature: ApacheSetting<string>;
  vhosts: ApacheVhost[];
  /** The main server, when it answers on Listen ports that no <VirtualHost> names. */
  mainServer: ApacheVhost | null;
  listens: Listener[];
}

interface State {
  ctx: FactContext;
  /** httpd version ("2.4.62") for <IfVersion>. */
  version: string;
  root: string;
  files: string[];
  modules: Set<string>;
  defines: Set<string>;
}

function moduleIds(name: string, file: string | undefined): string[] {
  const ids = [name, name.replace(/_module$/, '')];
  const base = file ? posix.basename(file).replace(/\.so$/, '') : `mod_${name.replace(/_module$/, '')}`;
  ids.push(`${base}.c`);
  return ids;
}

/** Compares dotted versions: negative, zero or positive. */
function compareVersions(a: string, b: string): number {
  const x = a.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const y = b.split('.').map((n) => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/** mod_version's test: `<IfVersion [[!]op] version>` with =, ==, >, >=, <, <=, ~ or /regex/. */
export function ifVersion(args: readonly string[], version: string): boolean {
  const [rawOp, want] = args.length >= 2 ? [args[0]!, args[1]!] : ['=', args[0] ?? ''];
  let op = rawOp;
  const neg = op.startsWith('!');
  if (neg) op = op.slice(1);
  let v: boolean;
  if (op === '~' || (want.startsWith('/') && want.endsWith('/') && want.length > 1)) {
    const re = op === '~' ? want : want.slice(1, -1);
    try {
      v = new RegExp(re).test(version);
    } catch {
      v = false;
    }
  } else {
    const c = compareVersions(version, want);
    v = op === '>' ? c > 0 : op === '>=' ? c >= 0 : op === '<' ? c < 0 : op === '<=' ? c <= 0 : c === 0;
  }
  return neg ? !v : v;
}

function conditionTrue(st: State, d: ApacheDirective): boolean {
  const name = d.name.toLowerCase();
  if (name === 'ifversion') return ifVersion(d.args, st.version);
  const arg = d.args[0] ?? '';
  const neg = arg.startsWith('!');
  const id = neg ? arg.slice(1) : arg;
  let v: boolean;
  if (name === 'ifmodule') v = st.modules.has(id) || st.modules.has(id.replace(/_module$/, ''));
  else if (name === 'ifdefine') v = st.defines.has(id);
  else return true; // IfFile, IfDirective, IfSection: assume the usual (true).
  return neg ? !v : v;
}

async function readFile(st: State, path: string, include: ApacheDirective | null, depth: number): Promise<ApacheDirective[]> {
  const res = await st.ctx.target.readFile(path);
  if (!res.ok) {
    if (include && include.name.toLowerCase() === 'include') {
      st.ctx.diagnostic({ path: include.source.file, line: include.source.line, message: `Include of ${path} failed (${res.error.code}): httpd refuses to start` });
    }
    return [];
  }
  if (!st.files.includes(path)) st.files.push(path);
  const parsed = parseApache(res.text, path);
  st.ctx.parseErrors(parsed.errors);
  return resolve(st, parsed.model.directives, depth);
}

async function expandInclude(st: State, d: ApacheDirective, depth: number): Promise<ApacheDirective[]> {
  const arg = d.args[0];
  if (arg === undefined || depth >= MAX_DEPTH) {
    st.ctx.diagnostic({ path: d.source.file, line: d.source.line, message: arg === undefined ? 'Include without a path' : 'includes nested too deeply' });
    return [];
  }
  const p = posix.isAbsolute(arg) ? posix.normalize(arg) : posix.join(st.root, arg);
  const optional = d.name.toLowerCase() === 'includeoptional';
  let paths: string[];
  if (/[*?[]/.test(p)) {
    paths = await st.ctx.target.glob(p);
    if (paths.length === 0 && !optional) {
      st.ctx.diagnostic({ path: d.source.file, line: d.source.line, message: `Include pattern ${p} matches no file: httpd refuses to start (IncludeOptional would not)` });
    }
  } else {
    const info = await st.ctx.target.stat(p);
    if (info.ok && info.info.type === 'dir') {
      const dir = await st.ctx.target.readDir(p);
      paths = dir.ok ? dir.entries.filter((e) => e.type !== 'dir').map((e) => posix.join(p, e.name)).sort() : [];
    } else if (!info.ok && optional) paths = [];
    else paths = [p];
  }
  const out: ApacheDirective[] = [];
  for (const f of paths) out.push(...(await readFile(st, f, d, depth + 1)));
  return out;
}

/** Inlines includes and evaluates parse-time conditionals, in file order. */
async function resolve(st: State, list: readonly ApacheDirective[], depth: number): Promise<ApacheDirective[]> {
  const out: ApacheDirective[] = [];
  for (const d of list) {
    const name = d.name.toLowerCase();
    if (name === 'include' || name === 'includeoptional') {
      out.push(...(await expandInclude(st, d, depth)));
      continue;
    }
    if (name === 'loadmodule' && d.args[0]) {
      for (const id of moduleIds(d.args[0], d.args[1])) st.modules.add(id);
    }
    if (name === 'define' && d.args[0]) st.defines.add(d.args[0]);
    if (name === 'undefine' && d.args[0]) st.defines.delete(d.args[0]);
    if (d.section && /^if(module|define|version|file|directive|section)$/.test(name)) {
      if (conditionTrue(st, d)) out.push(...(await resolve(st, d.section, depth)));
      continue;
    }
    if (d.section) out.push({ ...d, section: await resolve(st, d.section, depth) });
    else out.push(d);
  }
  return out;
}

function lastDirective(list: readonly ApacheDirective[], name: string): ApacheDirective | undefined {
  const n = name.toLowerCase();
  for (let i = list.length - 1; i >= 0; i--) {
    const d = list[i]!;
    if (d.name.toLowerCase() !== n || d.section) continue;
    // `SSLCipherSuite TLSv1.3 ...` configures TLS 1.3 suites, not the cipher string.
    if (n === 'sslciphersuite' && /^tlsv1\.3$/i.test(d.args[0] ?? '')) continue;
    return d;
  }
  return undefined;
}

function settingOf<T>(vhost: readonly ApacheDirective[] | null, main: readonly ApacheDirective[], name: string, parse: (d: ApacheDirective) => T, fallback: T): ApacheSetting<T> {
  const v = vhost ? lastDirective(vhost, name) : undefined;
  if (v) return { value: parse(v), source: v.source, origin: 'vhost' };
  const m = lastDirective(main, name);
  if (m) return { value: parse(m), source: m.source, origin: 'server' };
  return { value: fallback, source: null, origin: 'default' };
}

/** Applies `Header [always] set|append|add|merge|unset|edit ...` in order. */
export function applyHeaders(list: readonly ApacheDirective[], start: ApacheHeader[] = []): ApacheHeader[] {
  let out = [...start];
  for (const d of list) {
    if (d.name.toLowerCase() !== 'header' || d.section) continue;
    const args = [...d.args];
    let always = false;
    if (args[0]?.toLowerCase() === 'always' || args[0]?.toLowerCase() === 'onsuccess') always = args.shift()!.toLowerCase() === 'always';
    const action = args[0]?.toLowerCase();
    const hname = args[1]?.toLowerCase();
    if (!action || !hname) continue;
    if (action === 'unset') {
      out = out.filter((h) => h.name !== hname);
      continue;
    }
    if (action === 'set' || action === 'setifempty') {
      if (action === 'setifempty' && out.some((h) => h.name === hname)) continue;
      out = out.filter((h) => h.name !== hname);
      out.push({ name: hname, value: args[2] ?? '', always, source: d.source });
    } else if (action === 'append' || action === 'add' || action === 'merge') {
      out.push({ name: hname, value: args[2] ?? '', always, source: d.source });
    }
  }
  return out;
}

/**
 * Headers of a virtual host's responses: the main server's, the vhost's, then those of the
 * <Directory> sections that contain its DocumentRoot (main server's first, most general
 * first) and of <Location />, in the order httpd merges them.
 */
function vhostHeaders(body: readonly ApacheDirective[], mainHeaders: ApacheHeader[], mainDirectories: readonly ApacheDirective[], docRoot: string | undefined): ApacheHeader[] {
  let headers = applyHeaders(body, mainHeaders);
  const strip = (p: string) => p.replace(/^["']|["']$/g, '').replace(/\/+$/, '');
  if (docRoot) {
    const root = strip(docRoot);
    const dirs = [...mainDirectories, ...body.filter((d) => d.section && d.name.toLowerCase() === 'directory')]
      .filter((d) => {
        const p = strip(d.args[0] ?? '');
        return root === p || root.startsWith(`${p}/`) || p === '';
      })
      .sort((a, b) => strip(a.args[0] ?? '').length - strip(b.args[0] ?? '').length);
    for (const d of dirs) headers = applyHeaders(d.section!, headers);
  }
  for (const l of body.filter((d) => d.section && d.name.toLowerCase() === 'location' && strip(d.args[0] ?? '') === '')) headers = applyHeaders(l.section!, headers);
  return headers;
}

const CATCH_ALL = /^(\^|\^\/|\^\/?\(\.\*\)\$?|\^\(\.\*\)\$?|\(\.\*\)|\.\*|\^\/\?\(\.\*\)\$?|\^\/\(\.\*\)\$?)$/;

/** Every request of this context ends in a redirect to https://. */
export function redirectsAllToHttps(list: readonly ApacheDirective[]): boolean {
  const rewriteOn = list.some((d) => d.name.toLowerCase() === 'rewriteengine' && d.args[0]?.toLowerCase() === 'on');
  for (const d of list) {
    const n = d.name.toLowerCase();
    const a = d.args;
    if (n === 'redirect' || n === 'redirectpermanent' || n === 'redirecttemp') {
      const rest = /^(permanent|temp|seeother|gone|\d{3})$/i.test(a[0] ?? '') && n === 'redirect' ? a.slice(1) : a;
      if (rest[0] === '/' && /^https:\/\//i.test(rest[1] ?? '')) return true;
    }
    if (n === 'redirectmatch') {
      const rest = /^(permanent|temp|seeother|gone|\d{3})$/i.test(a[0] ?? '') ? a.slice(1) : a;
      if (CATCH_ALL.test(rest[0] ?? '') && /^https:\/\//i.test(rest[1] ?? '')) return true;
    }
    if (n === 'rewriterule' && rewriteOn && CATCH_ALL.test(a[0] ?? '') && /^https:\/\//i.test(a[1] ?? '')) return true;
    if (d.section && n === 'location' && (a[0] === '/' || a[0] === '"/"') && redirectsAllToHttps(d.section)) return true;
  }
  return false;
}

function vhostPorts(addresses: readonly string[]): number[] {
  const ports: number[] = [];
  for (const a of addresses) {
    const m = /:(\d+)$/.exec(a);
    if (m) ports.push(Number(m[1]));
  }
  return ports;
}

function isLoopback(addr: string): boolean {
  const host = addr.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return /^127\./.test(host) || host === '::1' || host === 'localhost';
}

async function keyFiles(ctx: FactContext, root: string, vhost: readonly ApacheDirective[], main: readonly ApacheDirective[]): Promise<ApacheVhost['certificateKeys']> {
  // The key lives in SSLCertificateKeyFile, or in SSLCertificateFile when no key file is named.
  const pick = (list: readonly ApacheDirective[]) => {
    const keys = list.filter((d) => d.name.toLowerCase() === 'sslcertificatekeyfile' && !d.section);
    return keys.length > 0 ? keys : list.filter((d) => d.name.toLowerCase() === 'sslcertificatefile' && !d.section);
  };
  const ds = pick(vhost).length > 0 ? pick(vhost) : pick(main);
  const out: ApacheVhost['certificateKeys'] = [];
  for (const d of ds) {
    const p = d.args[0];
    if (!p || p.includes('${') || /^pkcs11:/.test(p)) continue;
    const abs = posix.isAbsolute(p) ? posix.normalize(p) : posix.join(root, p);
    const st = await ctx.target.stat(abs);
    out.push({ path: abs, source: d.source, info: st.ok ? st.info : null });
  }
  return out;
}

function parseListenArg(arg: string): { address: string; port: number } | null {
  const v6 = /^\[([^\]]+)\]:(\d+)$/.exec(arg);
  if (v6) return { address: v6[1]!, port: Number(v6[2]) };
  if (/^\d+$/.test(arg)) return { address: '*', port: Number(arg) };
  const m = /^(.+):(\d+)$/.exec(arg);
  return m ? { address: m[1]!, port: Number(m[2]) } : null;
}

export default defineFact<'apache', ApacheFacts>({
  name: 'apache',
  description: 'Apache httpd configuration with includes and conditionals resolved; per virtual host TLS, headers and redirects',
  async collect(ctx) {
    const empty: ApacheFacts = {
      installed: false,
      mainFile: null,
      serverRoot: null,
      files: [],
      tree: [],
      modules: [],
      serverTokens: { value: 'Full', source: null, origin: 'default' },
      serverSignature: { value: 'Off', source: null, origin: 'default' },
      vhosts: [],
      mainServer: null,
      listens: [],
    };
    let layout: (typeof LAYOUTS)[number] | undefined;
    for (const l of LAYOUTS) if (!layout && (await ctx.target.stat(l.main)).ok) layout = l;
    if (!layout) return empty;
    const pkg = await installedVersion(ctx, ['apache2', 'apache2-bin', 'httpd']);
    const version = pkg ? (pkg.replace(/^\d+:/, '').split(/[-~+]/)[0] ?? DEFAULT_VERSION) : DEFAULT_VERSION;
    const st: State = { ctx, version, root: layout.root, files: [], modules: new Set(STATIC_MODULES.flatMap((m) => moduleIds(`${m}_module`, undefined))), defines: new Set() };
    const tree = await readFile(st, layout.main, null, 0);
    const main = tree.filter((d) => !d.section || !RUNTIME_SECTIONS.has(d.name.toLowerCase()));
    const serverTokens = settingOf(null, main, 'ServerTokens', (d) => d.args[0] ?? 'Full', 'Full');
    const serverSignature = settingOf(null, main, 'ServerSignature', (d) => d.args[0] ?? 'On', 'Off');
    const mainHeaders = applyHeaders(main);
    const mainDirectories = main.filter((d) => d.section && d.name.toLowerCase() === 'directory');

    const docRootOf = (body: readonly ApacheDirective[]) => lastDirective(body, 'DocumentRoot')?.args[0] ?? lastDirective(main, 'DocumentRoot')?.args[0];
    const site = async (source: SourceLine, addresses: string[], body: readonly ApacheDirective[] | null): Promise<ApacheVhost> => {
      const own = body ?? [];
      const engine = settingOf(body, main, 'SSLEngine', (d) => (d.args[0] ?? '').toLowerCase(), 'off');
      const tls = engine.value === 'on' || engine.value === 'optional';
      return {
        source,
        addresses,
        ports: vhostPorts(addresses),
        serverName: lastDirective(body ?? main, 'ServerName')?.args[0] ?? null,
        tls,
        sslProtocol: settingOf(body, main, 'SSLProtocol', (d) => d.args.join(' '), 'all -SSLv3'),
        sslCipherSuite: settingOf(body, main, 'SSLCipherSuite', (d) => d.args[d.args.length - 1] ?? '', 'DEFAULT'),
        sslSessionTickets: settingOf(body, main, 'SSLSessionTickets', (d) => (d.args[0] ?? '').toLowerCase() !== 'off', true),
        certificateKeys: tls ? await keyFiles(ctx, layout.root, own, main) : [],
        headers: vhostHeaders(own, mainHeaders, mainDirectories, docRootOf(own)),
        redirectsToHttps: redirectsAllToHttps(body ?? main),
        loopbackOnly: addresses.length > 0 && addresses.every(isLoopback),
        serverSignature: settingOf(body, main, 'ServerSignature', (d) => d.args[0] ?? 'On', 'Off'),
      };
    };

    const vhosts: ApacheVhost[] = [];
    for (const v of tree.filter((d) => d.name.toLowerCase() === 'virtualhost' && d.section)) vhosts.push(await site(v.source, v.args, v.section!));

    const listenDirectives = main.filter((x) => x.name.toLowerCase() === 'listen' && !x.section);
    const listens: Listener[] = [];
    const uncovered: { d: ApacheDirective; address: string; port: number }[] = [];
    for (const d of listenDirectives) {
      const l = parseListenArg(d.args[0] ?? '');
      if (!l) continue;
      listens.push({ service: 'apache', protocol: 'tcp', address: l.address === '*' ? '*' : l.address, port: l.port, source: d.source, origin: 'config' });
      // Requests on a port no <VirtualHost> names are answered by the main server.
      if (!vhosts.some((v) => v.ports.length === 0 || v.ports.includes(l.port))) uncovered.push({ d, ...l });
    }
    const mainServer = uncovered.length > 0 ? await site(uncovered[0]!.d.source, uncovered.map((u) => `${u.address}:${u.port}`), null) : null;
    return { installed: true, mainFile: layout.main, serverRoot: layout.root, files: st.files, tree, modules: [...st.modules], serverTokens, serverSignature, vhosts, mainServer, listens };
  },
});
