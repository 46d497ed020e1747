/**
 * Endpoint URLs given to `garrison probe`: which probes each scheme gets, and the default
 * ports. Parsing is strict: a URL garrison cannot probe is a usage error before any
 * connection is made.
 */
import type { Listener } from '../facts/_listener.ts';

export type Scheme = 'https' | 'http' | 'ssh' | 'postgres' | 'redis' | 'mysql' | 'ldap' | 'ldaps';

const SCHEMES: Record<string, { scheme: Scheme; port: number }> = {
  https: { scheme: 'https', port: 443 },
  http: { scheme: 'http', port: 80 },
  ssh: { scheme: 'ssh', port: 22 },
  postgres: { scheme: 'postgres', port: 5432 },
  postgresql: { scheme: 'postgres', port: 5432 },
  redis: { scheme: 'redis', port: 6379 },
  mysql: { scheme: 'mysql', port: 3306 },
  mariadb: { scheme: 'mysql', port: 3306 },
  ldap: { scheme: 'ldap', port: 389 },
  ldaps: { scheme: 'ldaps', port: 636 },
};

/** The schemes accepted, for help texts. */
export const SUPPORTED_SCHEMES = Object.keys(SCHEMES);

export interface Endpoint {
  scheme: Scheme;
  /** Host as written, without brackets ("::1", "example.org"). */
  host: string;
  port: number;
  /** The port was not written in the URL. */
  defaultPort: boolean;
  /** Path for HTTP(S), "/" when absent. */
  path: string;
  /** Canonical form used as evidence path: "https://example.org:443". */
  id: string;
}

/**
 * "example.org:443", "[::1]:22". Of the hosts a URL or a listener gives, only an IPv6
 * address holds a colon (a cheaper test than net.isIPv6, whose first call costs milliseconds).
 */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** "https://[::1]:8443" */
export function endpointId(scheme: string, host: string, port: number): string {
  return `${scheme}://${hostPort(host, port)}`;
}

/** Parses one endpoint URL; throws an Error saying what is wrong. */
export function parseEndpoint(text: string): Endpoint {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`"${text}" is not a URL: write it as scheme://host[:port], e.g. https://example.org or ssh://10.0.0.5:2222`);
  }
  const known = SCHEMES[url.protocol.replace(/:$/, '').toLowerCase()];
  if (!known)
    throw new Error(`"${text}": unsupported scheme "${url.protocol}"; supported: ${SUPPORTED_SCHEMES.join(', ')}`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new Error(`"${text}": no host`);
  if (url.username || url.password) throw new Error(`"${text}": credentials in the URL are not used by probes; remove them`);
  const port = url.port === '' ? known.port : Number(url.port);
  const path = known.scheme === 'http' || known.scheme === 'https' ? `${url.pathname || '/'}${url.search}` : '/';
  return { scheme: known.scheme, host, port, defaultPort: url.port === '', path, id: endpointId(known.scheme, host, port) };
}

const HTTPS_PORTS = new Set([443, 8443, 9443, 4443]);
const WEB_SERVICES = new Set(['nginx', 'apache2', 'apache', 'httpd', 'caddy', 'haproxy', 'lighttpd', 'traefik']);
const SERVICE_SCHEMES: Record<string, Scheme> = {
  sshd: 'ssh',
  ssh: 'ssh',
  postgres: 'postgres',
  postgresql: 'postgres',
  redis: 'redis',
  'redis-server': 'redis',
  mysql: 'mysql',
  mysqld: 'mysql',
  mariadb: 'mysql',
  mariadbd: 'mysql',
  slapd: 'ldap',
};

/**
 * The endpoints to probe for what an audit of the local host found listening
 * (`--from-audit`): each TCP listener of a service garrison knows how to probe, on the
 * loopback address of its family when it listens on all addresses.
 */
export function endpointsFromListeners(listeners: readonly Listener[]): string[] {
  const out = new Set<string>();
  for (const l of listeners) {
    if (l.protocol !== 'tcp') continue;
    const service = l.service.toLowerCase();
    let scheme: Scheme | undefined = SERVICE_SCHEMES[service];
    if (WEB_SERVICES.has(service)) scheme = HTTPS_PORTS.has(l.port) ? 'https' : 'http';
    if (scheme === 'ldap' && l.port === 636) scheme = 'ldaps';
    if (!scheme) continue;
    const host = l.address === '0.0.0.0' || l.address === '*' ? '127.0.0.1' : l.address === '::' ? '::1' : l.address;
    out.add(endpointId(scheme, host, l.port));
  }
  return [...out].sort();
}
