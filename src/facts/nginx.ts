/**
 * nginx: the whole configuration tree from nginx.conf (/etc/nginx, or a source build's
 * prefix) with every `include` resolved the way nginx does (relative to the directory of
 * nginx.conf, globs expanded in sorted order, missing glob matches allowed, a missing
 * plain file an error), and per `server` block the effective values that the web rules
 * judge, with nginx's own inheritance and defaults.
 */
import { posix } from 'node:path';
import { defineFact, type FactContext } from '../core/fact.ts';
import { parseNginx, type NginxDirective } from '../parsers/nginx/parser.ts';
import type { SourceLine } from '../parsers/types.ts';
import type { FileInfo } from '../target/target.ts';
import type { Listener } from './_listener.ts';
import { installedVersion, versionAtLeast } from './_dpkg-status.ts';

/** Where nginx.conf lives: distribution packages, then source builds' default prefixes. */
export const NGINX_CONFS = ['/etc/nginx/nginx.conf', '/usr/local/nginx/conf/nginx.conf', '/usr/local/etc/nginx/nginx.conf'];
/** nginx refuses deeper include chains in practice; this stops include loops. */
const MAX_INCLUDE_DEPTH = 32;

/** A value with where it came from: a directive, or nginx's built-in default. */
export interface NginxSetting<T> {
  value: T;
  /** The directive that set it; null for the built-in default. */
  source: SourceLine | null;
  origin: 'location' | 'server' | 'http' | 'default';
}

export interface NginxListen {
  /** "*" (all IPv4), "::" style IPv6 literal, an IPv4 literal, a host name, or "unix:" path. */
  address: string;
  port: number;
  /** TLS on this socket (`ssl`, or `quic`, which is always TLS 1.3). */
  ssl: boolean;
  /** HTTP/3 over QUIC (UDP). */
  quic: boolean;
  /** A UDP socket (`quic`, or `udp` in a stream server). */
  udp: boolean;
  ipv6only: boolean;
  defaultServer: boolean;
  /** Absent when the server has no listen directive (nginx then listens on *:80). */
  source: SourceLine | null;
}

/** An `add_header` (or headers-more `more_set_headers`) entry. */
export interface NginxHeader {
  /** Lower-case header name. */
  name: string;
  value: string;
  /** The `always` flag: sent with every status code, not only 2xx/3xx. */
  always: boolean;
  source: SourceLine;
}

/** What a context does with the requests it handles. */
export type NginxDisposition = 'redirect-https' | 'redirect' | 'deny' | 'content';

/** A `location` or an `if` inside a location, flattened with its effective headers. */
export interface NginxLocation {
  kind: 'location' | 'if';
  /** The location's arguments joined ("= /", "~ \.php$", "/api/"). */
  match: string;
  source: SourceLine;
  /** Nesting depth under the server (1 for a location directly in the server). */
  depth: number;
  /** The add_header entries defined in this very block (null: none, so inherited). */
  ownHeaders: NginxHeader[] | null;
  /** Effective add_header entries of the enclosing level. */
  parentHeaders: NginxHeader[];
  /** Effective add_header entries for requests handled here. */
  headers: NginxHeader[];
  /** Effective headers-more entries (separate inheritance chain). */
  moreHeaders: NginxHeader[];
  disposition: NginxDisposition;
  /** Serves ACME http-01 challenges only (allowed on plain HTTP). */
  acme: boolean;
  serverTokens: NginxSetting<string>;
}

export interface NginxServer {
  /** The `server {` line. */
  source: SourceLine;
  serverNames: string[];
  listens: NginxListen[];
  /** At least one listen socket speaks TLS (`listen ... ssl`, or the old `ssl on`). */
  tls: boolean;
  /** `ssl_reject_handshake on`: every TLS handshake is refused (a catch-all default server). */
  rejectHandshake: boolean;
  /** The server only answers on loopback addresses or unix sockets. */
  loopbackOnly: boolean;
  sslProtocols: NginxSetting<string[]>;
  /**
   * The protocols a client can actually negotiate with this server: nginx picks the
   * protocol version with the default server of the listen socket, before it selects a
   * server by name, so a non-default server's own ssl_protocols has no effect. The union
   * over the server's TLS sockets; `defaultServer` is set when another server decides.
   */
  handshakeProtocols: NginxSetting<string[]> & { defaultServer: SourceLine | null };
  sslCiphers: NginxSetting<string>;
  sslSessionTickets: NginxSetting<boolean>;
  /**
   * Tickets are actually issued: only when both this server and the default server of its
   * TLS sockets allow them (SNI can add SSL_OP_NO_TICKET, never remove it).
   */
  issuesSessionTickets: boolean;
  /** Present when ssl_session_ticket_key files are configured (keys then rotate by hand). */
  sslSessionTicketKeys: SourceLine[];
  serverTokens: NginxSetting<string>;
  /** ssl_certificate_key files with what stat says of them (null when not readable/absent). */
  certificateKeys: { path: string; source: SourceLine; info: FileInfo | null }[];
  /** Effective add_header entries at server level (inherited from http when none here). */
  headers: NginxHeader[];
  /** add_header entries defined in the server block itself (null: none). */
  ownHeaders: NginxHeader[] | null;
  /** Effective add_header entries at http level. */
  httpHeaders: NginxHeader[];
  moreHeaders: NginxHeader[];
  /** What the server-level rewrite phase does with every request. */
  disposition: NginxDisposition;
  /** A server-level `if ($scheme = http) { return 301 https://... }` style redirect. */
  redirectsPlainHttp: boolean;
  locations: NginxLocation[];
  /** A top-level location matches every URI (`location /`, `location ~ .*`): the server level itself answers nothing. */
  hasCatchAllLocation: boolean;
  /** The server handles some requests with content (not only redirects or refusals). */
  servesContent: boolean;
}

export interface NginxFacts {
  /** nginx.conf exists in the target. */
  installed: boolean;
  configFile: string;
  /** Installed package version when known ("1.22.1-9"), else null. */
  version: string | null;
  /** Every configuration file read, in the order nginx reads them (each once). */
  files: string[];
  /** File contents by path (as read, for the differential test and evidence). */
  contents: Map<string, string>;
  /** The resolved tree: `include` directives replaced by the directives of the included files. */
  tree: NginxDirective[];
  servers: NginxServer[];
  listens: Listener[];
}

const SECURITY_CONTEXT_BLOCKS = new Set(['location', 'if']);

/** Glob characters nginx looks for before calling glob(3). */
function hasGlob(p: string): boolean {
  return /[*?[]/.test(p);
}

interface Resolver {
  ctx: FactContext;
  prefix: string;
  files: string[];
  contents: Map<string, string>;
}

async function readConfig(r: Resolver, path: string, includeSource: SourceLine | null): Promise<NginxDirective[] | null> {
  const res = await r.ctx.target.readFile(path);
  if (!res.ok) {
    if (includeSource) {
      r.ctx.diagnostic({
        path: includeSource.file,
        line: includeSource.line,
        message: `include of ${path} failed (${res.error.code}): nginx refuses to start`,
        snippet: includeSource.text.trim(),
      });
    }
    return null;
  }
  if (!r.contents.has(path)) {
    r.files.push(path);
    r.contents.set(path, res.text);
  }
  const parsed = parseNginx(res.text, path);
  r.ctx.parseErrors(parsed.errors);
  return parsed.model.directives;
}

async function resolveIncludes(r: Resolver, list: NginxDirective[], depth: number): Promise<NginxDirective[]> {
  const out: NginxDirective[] = [];
  for (const d of list) {
    if (d.name === 'include' && d.block === undefined) {
      const arg = d.args[0];
      if (arg === undefined || depth >= MAX_INCLUDE_DEPTH) {
        r.ctx.diagnostic({
          path: d.source.file,
          line: d.source.line,
          message: arg === undefined ? 'include without a file name' : `includes nested deeper than ${MAX_INCLUDE_DEPTH} levels (an include loop?)`,
        });
        continue;
      }
      const abs = posix.isAbsolute(arg) ? posix.normalize(arg) : posix.join(r.prefix, arg);
      const paths = hasGlob(abs) ? await r.ctx.target.glob(abs) : [abs];
      for (const p of paths) {
        const sub = await readConfig(r, p, d.source);
        if (sub) out.push(...(await resolveIncludes(r, sub, depth + 1)));
      }
      continue;
    }
    if (d.block !== undefined) out.push({ ...d, block: await resolveIncludes(r, d.block, depth) });
    else out.push(d);
  }
  return out;
}

/**
 * nginx's default `ssl_protocols`: TLSv1 TLSv1.1 TLSv1.2 up to 1.23.3 (checked against
 * Debian's 1.22: a TLS 1.3 handshake is refused), TLSv1.3 added in 1.23.4, TLSv1 and
 * TLSv1.1 dropped in 1.27.3. When the version is unknown the weak 1.23.4-1.27.2 set is assumed.
 */
export function defaultSslProtocols(version: string | null): string[] {
  if (version !== null && versionAtLeast(version, '1.27.3')) return ['TLSv1.2', 'TLSv1.3'];
  if (version !== null && !versionAtLeast(version, '1.23.4')) return ['TLSv1', 'TLSv1.1', 'TLSv1.2'];
  return ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
}

/** nginx's default `ssl_ciphers`. */
export const DEFAULT_SSL_CIPHERS = 'HIGH:!aNULL:!MD5';

function last(list: readonly NginxDirective[], name: string): NginxDirective | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (list[i]!.name === name) return list[i];
  return undefined;
}

function setting<T>(
  levels: { list: readonly NginxDirective[]; origin: NginxSetting<T>['origin'] }[],
  name: string,
  parse: (d: NginxDirective) => T,
  fallback: T,
): NginxSetting<T> {
  for (const { list, origin } of levels) {
    const d = last(list, name);
    if (d) return { value: parse(d), source: d.source, origin };
  }
  return { value: fallback, source: null, origin: 'default' };
}

/** Parses the address part of `listen`. */
export function parseListen(d: NginxDirective): NginxListen {
  const first = d.args[0] ?? '';
  const flags = d.args.slice(1);
  const quic = flags.includes('quic');
  const ssl = flags.includes('ssl') || quic;
  const defaultServer = flags.includes('default_server') || flags.includes('default');
  const ipv6onlyFlag = flags.find((f) => f.startsWith('ipv6only='));
  const ipv6only = ipv6onlyFlag ? ipv6onlyFlag !== 'ipv6only=off' : true;
  const base = { ssl, quic, udp: quic || flags.includes('udp'), ipv6only, defaultServer, source: d.source };
  if (first.startsWith('unix:')) return { ...base, address: first, port: 0 };
  const v6 = /^\[([^\]]*)\](?::(\d+))?$/.exec(first);
  if (v6) return { ...base, address: v6[1]!.toLowerCase(), port: v6[2] ? Number(v6[2]) : 80 };
  if (/^\d+$/.test(first)) return { ...base, address: '*', port: Number(first) };
  const colon = first.lastIndexOf(':');
  if (colon >= 0 && /^\d+$/.test(first.slice(colon + 1))) {
    return { ...base, address: first.slice(0, colon) || '*', port: Number(first.slice(colon + 1)) };
  }
  return { ...base, address: first, port: 80 };
}

function isLoopbackAddress(address: string): boolean {
  return address.startsWith('unix:') || /^127\./.test(address) || address === '::1' || address === 'localhost';
}

/** The Listener address for a listen socket ("*" when one socket takes both families). */
function listenerAddress(l: NginxListen): string {
  if (l.address === '*') return '0.0.0.0';
  if (l.address === 'localhost') return '127.0.0.1';
  if (l.address === '::' && !l.ipv6only) return '*';
  return l.address;
}

function headersOf(list: readonly NginxDirective[], name: string): NginxHeader[] | null {
  const found = list.filter((d) => d.name === name);
  if (found.length === 0) return null;
  const out: NginxHeader[] = [];
  for (const d of found) {
    if (name === 'more_set_headers') {
      // more_set_headers [-s status] [-t type] 'Name: value' ...
      for (let i = 0; i < d.args.length; i++) {
        const a = d.args[i]!;
        if (a === '-s' || a === '-t') {
          i++;
          continue;
        }
        const m = /^([^:\s]+)\s*:\s*(.*)$/s.exec(a);
        if (m) out.push({ name: m[1]!.toLowerCase(), value: m[2]!, always: true, source: d.source });
      }
      continue;
    }
    const [hname, value] = d.args;
    if (hname === undefined) continue;
    out.push({ name: hname.toLowerCase(), value: value ?? '', always: d.args[2] === 'always', source: d.source });
  }
  return out;
}

/** nginx 1.29.3+ `add_header_inherit on|off|merge`; absent before, meaning "on". */
function inheritMode(list: readonly NginxDirective[], parent: string): string {
  return last(list, 'add_header_inherit')?.args[0] ?? parent;
}

function effectiveHeaders(own: NginxHeader[] | null, parent: NginxHeader[], mode: string): NginxHeader[] {
  if (mode === 'off') return own ?? [];
  if (mode === 'merge') return [...parent.filter((p) => !(own ?? []).some((o) => o.name === p.name)), ...(own ?? [])];
  return own ?? parent;
}

const REDIRECT_CODES = new Set(['301', '302', '303', '307', '308']);
/** rewrite regexes that match every URI. */
const CATCH_ALL_REGEX = /^(\^|\^\/?\(\.\*\)\$?|\^\/\?\(\.\*\)\$?|\.\*|\^\.\*\$?|\^\/(\.\*)?\$?|\(\.\*\)|\^\/\(\.\*\)\$)$/;

function dispositionOfReturn(d: NginxDirective): NginxDisposition | null {
  const [a, b] = d.args;
  if (a === undefined) return null;
  if (/^\d{3}$/.test(a)) {
    if (REDIRECT_CODES.has(a)) return b !== undefined && /^https:\/\//i.test(b) ? 'redirect-https' : 'redirect';
    if (Number(a) >= 400 || a === '204') return 'deny';
    return 'content';
  }
  return /^https:\/\//i.test(a) ? 'redirect-https' : 'redirect';
}

/** What the rewrite phase of a block does unconditionally (a return or a catch-all rewrite). */
function blockDisposition(list: readonly NginxDirective[]): NginxDisposition {
  for (const d of list) {
    if (d.name === 'return') {
      const disp = dispositionOfReturn(d);
      if (disp) return disp;
    }
    if (d.name === 'rewrite' && d.args.length >= 2) {
      const [regex, replacement, flag] = d.args as [string, string, string | undefined];
      if (CATCH_ALL_REGEX.test(regex) && (flag === 'permanent' || flag === 'redirect' || /^https?:\/\//i.test(replacement))) {
        return /^https:\/\//i.test(replacement) ? 'redirect-https' : 'redirect';
      }
    }
  }
  const deny = list.filter((d) => d.name === 'deny');
  if (deny.some((d) => d.args[0] === 'all') && !list.some((d) => d.name === 'allow')) return 'deny';
  return 'content';
}

/** `if ($scheme = http) { return 301 https://...; }` and its usual spellings. */
function redirectsPlainHttp(list: readonly NginxDirective[]): boolean {
  return list.some((d) => {
    if (d.name !== 'if' || !d.block) return false;
    const cond = d.args.join(' ').replace(/["'()]/g, '').replace(/\s+/g, ' ').trim();
    const plainTest = /^\$scheme = http$|^\$scheme != https$|^\$https = ?$|^\$https != on$|^\$server_port = 80$|^\$http_x_forwarded_proto != https$|^\$http_x_forwarded_proto = http$/.test(cond);
    return plainTest && blockDisposition(d.block) === 'redirect-https';
  });
}

interface LocationLevel {
  list: readonly NginxDirective[];
  headers: NginxHeader[];
  moreHeaders: NginxHeader[];
  inherit: string;
  serverTokens: NginxSetting<string>;
}

function collectLocations(parent: LocationLevel, depth: number, out: NginxLocation[]): void {
  for (const d of parent.list) {
    if (!d.block || !SECURITY_CONTEXT_BLOCKS.has(d.name)) continue;
    // `if` is a location-like context only inside a location; a server-level `if` takes no add_header.
    if (d.name === 'if' && depth === 1) continue;
    const own = headersOf(d.block, 'add_header');
    const inherit = inheritMode(d.block, parent.inherit);
    const headers = effectiveHeaders(own, parent.headers, inherit);
    const moreHeaders = headersOf(d.block, 'more_set_headers') ?? parent.moreHeaders;
    const tokens = last(d.block, 'server_tokens');
    const serverTokens: NginxSetting<string> = tokens ? { value: tokens.args[0] ?? 'on', source: tokens.source, origin: 'location' } : parent.serverTokens;
    const match = d.args.join(' ');
    out.push({
      kind: d.name === 'if' ? 'if' : 'location',
      match,
      source: d.source,
      depth,
      ownHeaders: own,
      parentHeaders: parent.headers,
      headers,
      moreHeaders,
      disposition: blockDisposition(d.block),
      acme: /\.well-known\/acme-challenge/.test(match),
      serverTokens,
    });
    collectLocations({ list: d.block, headers, moreHeaders, inherit, serverTokens }, depth + 1, out);
  }
}

async function buildServer(ctx: FactContext, prefix: string, http: readonly NginxDirective[], server: NginxDirective, version: string | null): Promise<NginxServer> {
  const body = server.block ?? [];
  const levels = <T>() => [
    { list: body, origin: 'server' as NginxSetting<T>['origin'] },
    { list: http, origin: 'http' as NginxSetting<T>['origin'] },
  ];
  const listenDirectives = body.filter((d) => d.name === 'listen');
  const legacySsl = setting(levels<boolean>(), 'ssl', (d) => d.args[0] === 'on', false);
  const listens: NginxListen[] =
    listenDirectives.length > 0
      ? listenDirectives.map((d) => {
          const l = parseListen(d);
          return legacySsl.value ? { ...l, ssl: true } : l;
        })
      : [{ address: '*', port: 80, ssl: legacySsl.value, quic: false, udp: false, ipv6only: true, defaultServer: false, source: null }];

  const httpOwn = headersOf(http, 'add_header');
  const httpInherit = inheritMode(http, 'on');
  const httpHeaders = httpOwn ?? [];
  const own = headersOf(body, 'add_header');
  const inherit = inheritMode(body, httpInherit);
  const headers = effectiveHeaders(own, httpHeaders, inherit);
  const moreHeaders = headersOf(body, 'more_set_headers') ?? headersOf(http, 'more_set_headers') ?? [];
  const serverTokens = setting(levels<string>(), 'server_tokens', (d) => d.args[0] ?? 'on', 'on');

  const locations: NginxLocation[] = [];
  collectLocations({ list: body, headers, moreHeaders, inherit, serverTokens }, 1, locations);

  const keyDirectives = body.some((d) => d.name === 'ssl_certificate_key')
    ? body.filter((d) => d.name === 'ssl_certificate_key')
    : http.filter((d) => d.name === 'ssl_certificate_key');
  const certificateKeys: NginxServer['certificateKeys'] = [];
  for (const d of keyDirectives) {
    const p = d.args[0];
    // Variables, engine keys and inline data have no file to check.
    if (p === undefined || p.includes('$') || /^(engine|data|store):/.test(p)) continue;
    const abs = posix.isAbsolute(p) ? posix.normalize(p) : posix.join(prefix, p);
    const st = await ctx.target.stat(abs);
    certificateKeys.push({ path: abs, source: d.source, info: st.ok ? st.info : null });
  }

  const rejectHandshake = setting(levels<boolean>(), 'ssl_reject_handshake', (d) => d.args[0] === 'on', false).value;
  const disposition = rejectHandshake && listens.every((l) => l.ssl) ? 'deny' : blockDisposition(body);
  const topLocations = locations.filter((l) => l.depth === 1 && l.kind === 'location');
  const catchAll = topLocations.some((l) => l.match === '/' || /^~\*? *(\^?\/?|\.\*|\^\/\.\*)$/.test(l.match));
  const contentLocations = locations.filter((l) => l.kind === 'location' && l.disposition === 'content' && !l.acme && !l.match.startsWith('@'));
  const servesContent = disposition === 'content' && (contentLocations.length > 0 || !catchAll);

  const isTls = listens.some((l) => l.ssl);
  return {
    source: server.source,
    serverNames: body.filter((d) => d.name === 'server_name').flatMap((d) => d.args),
    listens,
    tls: isTls,
    rejectHandshake,
    loopbackOnly: listens.every((l) => isLoopbackAddress(l.address)),
    sslProtocols: setting(levels<string[]>(), 'ssl_protocols', (d) => d.args, defaultSslProtocols(version)),
    handshakeProtocols: { value: [], source: null, origin: 'default', defaultServer: null },
    sslCiphers: setting(levels<string>(), 'ssl_ciphers', (d) => d.args[0] ?? '', DEFAULT_SSL_CIPHERS),
    sslSessionTickets: setting(levels<boolean>(), 'ssl_session_tickets', (d) => d.args[0] !== 'off', true),
    issuesSessionTickets: false,
    sslSessionTicketKeys: [...body, ...http].filter((d) => d.name === 'ssl_session_ticket_key').map((d) => d.source),
    serverTokens,
    certificateKeys,
    headers,
    ownHeaders: own,
    httpHeaders,
    moreHeaders,
    disposition,
    redirectsPlainHttp: redirectsPlainHttp(body),
    locations,
    hasCatchAllLocation: catchAll,
    servesContent,
  };
}

/** Key of a listen socket as nginx groups servers on it. */
function socketKey(l: NginxListen): string {
  return `${l.address === '*' ? '0.0.0.0' : l.address}|${l.port}`;
}

/** Fills handshakeProtocols and issuesSessionTickets from the default server of each TLS socket. */
export function applyDefaultServerProtocols(servers: NginxServer[]): void {
  const defaults = new Map<string, NginxServer>();
  for (const s of servers) {
    for (const l of s.listens) {
      if (!l.ssl || l.udp) continue;
      const k = socketKey(l);
      if (l.defaultServer || !defaults.has(k)) defaults.set(k, s);
    }
  }
  for (const s of servers) {
    const deciders = [...new Set(s.listens.filter((l) => l.ssl && !l.udp).map((l) => defaults.get(socketKey(l)) ?? s))];
    if (deciders.length === 0) deciders.push(s);
    const value = [...new Set(deciders.flatMap((d) => d.sslProtocols.value))];
    const other = deciders.find((d) => d !== s);
    const decider = other ?? s;
    s.handshakeProtocols = { value, source: decider.sslProtocols.source, origin: decider.sslProtocols.origin, defaultServer: other ? other.source : null };
    s.issuesSessionTickets = s.sslSessionTickets.value && deciders.every((d) => d.sslSessionTickets.value);
  }
}

function toListeners(service: string, servers: readonly { listens: NginxListen[]; source: SourceLine }[]): Listener[] {
  const seen = new Set<string>();
  const out: Listener[] = [];
  for (const s of servers) {
    for (const l of s.listens) {
      if (l.address.startsWith('unix:')) continue;
      const address = listenerAddress(l);
      const protocol = l.udp ? 'udp' : 'tcp';
      const k = `${protocol}|${address}|${l.port}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push({ service, protocol, address, port: l.port, source: l.source ?? s.source, origin: 'config' });
    }
  }
  return out;
}

export default defineFact<'nginx', NginxFacts>({
  name: 'nginx',
  description: 'nginx configuration tree with includes resolved, and the effective TLS, header and redirect settings of every server block',
  async collect(ctx) {
    let configFile: string | undefined;
    for (const f of NGINX_CONFS) if (!configFile && (await ctx.target.stat(f)).ok) configFile = f;
    if (!configFile) return { installed: false, configFile: NGINX_CONFS[0]!, version: null, files: [], contents: new Map(), tree: [], servers: [], listens: [] };
    // Relative paths in nginx.conf are relative to its directory (nginx's conf prefix).
    const r: Resolver = { ctx, prefix: posix.dirname(configFile), files: [], contents: new Map() };
    const top = await readConfig(r, configFile, null);
    const tree = top ? await resolveIncludes(r, top, 0) : [];
    const version = await installedVersion(ctx, ['nginx', 'nginx-common', 'nginx-core', 'nginx-light', 'nginx-full', 'nginx-extras']);

    const servers: NginxServer[] = [];
    for (const http of tree.filter((d) => d.name === 'http' && d.block)) {
      for (const s of http.block!.filter((d) => d.name === 'server' && d.block)) {
        servers.push(await buildServer(ctx, r.prefix, http.block!, s, version));
      }
    }
    applyDefaultServerProtocols(servers);
    // stream {} servers listen too (TCP/UDP proxying); only their sockets matter here.
    const streamServers = tree
      .filter((d) => d.name === 'stream' && d.block)
      .flatMap((st) => st.block!.filter((d) => d.name === 'server' && d.block))
      .map((s) => ({
        source: s.source,
        listens: s.block!.filter((d) => d.name === 'listen').map(parseListen),
      }));
    return {
      installed: true,
      configFile,
      version,
      files: r.files,
      contents: r.contents,
      tree,
      servers,
      listens: toListeners('nginx', [...servers, ...streamServers]),
    };
  },
});
