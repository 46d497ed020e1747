/**
 * One view of the virtual servers of nginx and Apache httpd for the web rules: each
 * `server {}` block or `<VirtualHost>` becomes a WebSite with its TLS settings, the header
 * sets of the places that answer requests, and whether it only redirects. The rules are
 * written once against this view.
 */
import type { SourceLine } from '../../parsers/types.ts';
import type { Evidence } from '../../core/report-schema.ts';
import { lineEvidence } from '../../core/evidence.ts';
import type { NginxFacts, NginxHeader, NginxServer } from '../../facts/nginx.ts';
import type { ApacheFacts, ApacheHeader, ApacheVhost } from '../../facts/apache.ts';
import type { FileInfo } from '../../target/target.ts';

export interface SiteHeader {
  name: string;
  value: string;
  source: SourceLine;
}

/** A place that answers requests with its own effective header set. */
export interface HeaderContext {
  label: string;
  source: SourceLine;
  headers: SiteHeader[];
}

export interface SiteSetting<T> {
  value: T;
  /** Where it is set; null when it is the server's built-in default. */
  source: SourceLine | null;
}

export interface WebSite {
  server: 'nginx' | 'apache';
  /** "nginx server example.org" / "Apache <VirtualHost *:443> example.org". */
  label: string;
  /** Stable key for fingerprints: server kind, file and names (no line numbers). */
  key: string;
  source: SourceLine;
  tls: boolean;
  /** Has a plain-HTTP socket on a non-loopback address. */
  plainHttpExposed: boolean;
  /** Reachable beyond loopback. */
  exposed: boolean;
  /** Answers some requests with content rather than a redirect or a refusal. */
  servesContent: boolean;
  /** The plain-HTTP side redirects to https (server-level if/return, Redirect, RewriteRule). */
  plainHttpRedirects: boolean;
  /** TLS protocol versions a client can negotiate ("TLSv1", "TLSv1.1", ...). */
  protocols: SiteSetting<string[]> & { decidedBy?: SourceLine };
  ciphers: SiteSetting<string>;
  sessionTickets: SiteSetting<boolean> & { keysConfigured: boolean };
  certificateKeys: { path: string; source: SourceLine; info: FileInfo | null }[];
  /** Headers at the site's top level. */
  headers: SiteHeader[];
  /** Every place answering with content, with its effective headers. */
  contentContexts: HeaderContext[];
}

const ALL_PROTOCOLS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/**
 * Protocols enabled by an Apache `SSLProtocol` value, as mod_ssl reads it: `all`, `+X`
 * adds, `-X` removes, a bare `X` replaces what was set before.
 */
export function apacheProtocols(spec: string): string[] {
  let set = new Set<string>();
  for (const raw of spec.split(/\s+/).filter(Boolean)) {
    const op = raw[0] === '+' || raw[0] === '-' ? raw[0] : '';
    const name = op ? raw.slice(1) : raw;
    const lower = name.toLowerCase();
    const items = lower === 'all' ? ALL_PROTOCOLS : [{ sslv2: 'SSLv2', sslv3: 'SSLv3', tlsv1: 'TLSv1', 'tlsv1.1': 'TLSv1.1', 'tlsv1.2': 'TLSv1.2', 'tlsv1.3': 'TLSv1.3' }[lower] ?? name];
    if (op === '-') for (const i of items) set.delete(i);
    else if (op === '+') for (const i of items) set.add(i);
    else set = new Set(items);
  }
  return [...set];
}

function fromNginxHeaders(list: readonly NginxHeader[]): SiteHeader[] {
  return list.map((h) => ({ name: h.name, value: h.value, source: h.source }));
}

function fromApacheHeaders(list: readonly ApacheHeader[]): SiteHeader[] {
  return list.map((h) => ({ name: h.name, value: h.value, source: h.source }));
}

function nginxLabel(s: NginxServer): string {
  const names = s.serverNames.filter((n) => n !== '' && n !== '_');
  const ports = [...new Set(s.listens.map((l) => `${l.port}${l.ssl ? ' ssl' : ''}`))].join(', ');
  return `nginx server ${names[0] ?? '(default)'} (listen ${ports})`;
}

function nginxSite(s: NginxServer): WebSite {
  const exposed = !s.loopbackOnly;
  const plain = s.listens.some((l) => !l.ssl && !l.address.startsWith('unix:') && !/^(127\.|::1$|localhost$)/.test(l.address));
  const contexts: HeaderContext[] = [];
  const server = [...fromNginxHeaders(s.headers), ...fromNginxHeaders(s.moreHeaders)];
  if (s.disposition === 'content') {
    if (!s.hasCatchAllLocation) contexts.push({ label: 'server level', source: s.source, headers: server });
    for (const l of s.locations) {
      if (l.kind !== 'location' || l.disposition !== 'content' || l.acme) continue;
      contexts.push({ label: `location ${l.match}`, source: l.source, headers: [...fromNginxHeaders(l.headers), ...fromNginxHeaders(l.moreHeaders)] });
    }
  }
  return {
    server: 'nginx',
    label: nginxLabel(s),
    key: `nginx:${s.source.file}:${s.serverNames.join(',')}:${s.listens.map((l) => `${l.address}:${l.port}`).join(',')}`,
    source: s.source,
    tls: s.tls && !s.rejectHandshake,
    plainHttpExposed: plain,
    exposed,
    servesContent: s.servesContent,
    plainHttpRedirects: s.redirectsPlainHttp || s.disposition === 'redirect-https',
    protocols: {
      value: s.handshakeProtocols.value,
      source: s.handshakeProtocols.source,
      ...(s.handshakeProtocols.defaultServer ? { decidedBy: s.handshakeProtocols.defaultServer } : {}),
    },
    ciphers: { value: s.sslCiphers.value, source: s.sslCiphers.source },
    sessionTickets: { value: s.issuesSessionTickets, source: s.sslSessionTickets.source, keysConfigured: s.sslSessionTicketKeys.length > 0 },
    certificateKeys: s.certificateKeys,
    headers: server,
    contentContexts: contexts,
  };
}

function apacheSite(v: ApacheVhost, main = false): WebSite {
  const headers = fromApacheHeaders(v.headers);
  const label = main ? `Apache main server (Listen ${v.addresses.join(', ')})` : `Apache <VirtualHost ${v.addresses.join(' ')}>${v.serverName ? ` ${v.serverName}` : ''}`;
  return {
    server: 'apache',
    label,
    key: `apache:${v.source.file}:${v.addresses.join(',')}:${v.serverName ?? ''}`,
    source: v.source,
    tls: v.tls,
    plainHttpExposed: !v.tls && !v.loopbackOnly,
    exposed: !v.loopbackOnly,
    servesContent: !v.redirectsToHttps,
    plainHttpRedirects: v.redirectsToHttps,
    protocols: { value: apacheProtocols(v.sslProtocol.value), source: v.sslProtocol.source },
    ciphers: { value: v.sslCipherSuite.value, source: v.sslCipherSuite.source },
    sessionTickets: { value: v.sslSessionTickets.value, source: v.sslSessionTickets.source, keysConfigured: false },
    certificateKeys: v.certificateKeys,
    headers,
    contentContexts: v.redirectsToHttps ? [] : [{ label: main ? 'main server' : 'virtual host', source: v.source, headers }],
  };
}

/** Every virtual server of nginx and Apache found on the target. */
export function webSites(nginx: NginxFacts | undefined, apache: ApacheFacts | undefined): WebSite[] {
  const apacheSites = apache?.installed ? [...apache.vhosts.map((v) => apacheSite(v)), ...(apache.mainServer ? [apacheSite(apache.mainServer, true)] : [])] : [];
  return [...(nginx?.installed ? nginx.servers.map(nginxSite) : []), ...apacheSites];
}

/** True when neither web server is installed (the rule is then not applicable). */
export function noWebServer(nginx: NginxFacts | undefined, apache: ApacheFacts | undefined): boolean {
  return !nginx?.installed && !apache?.installed;
}

/** Evidence for a setting: its line, or the site's line with a note that the default applies. */
export function settingEvidence(site: WebSite, setting: SiteSetting<unknown>, defaultNote: string): Evidence {
  return setting.source ? lineEvidence(setting.source) : lineEvidence(site.source, defaultNote);
}
