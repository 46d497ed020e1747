/**
 * Where OpenLDAP's slapd listens: the URLs it is started with, SLAPD_SERVICES in
 * /etc/default/slapd (Debian) or SLAPD_URLS in /etc/sysconfig/slapd (RHEL). Without them
 * slapd serves "ldap:///": LDAP on port 389 of every address. `ldap://host:port/` and
 * `ldaps://` (636) listen on the network, `ldapi://` on a Unix socket only.
 */
import { defineFact } from '../core/fact.ts';
import type { Listener } from './_listener.ts';
import { parseShellAssignments } from '../parsers/ufw/ufw.ts';
import type { SourceLine } from '../parsers/types.ts';

export interface SlapdUrl {
  url: string;
  scheme: 'ldap' | 'ldaps' | 'ldapi';
  /** Host as written ("" for every address). */
  host: string;
  port: number | null;
}

export interface SlapdFacts {
  installed: boolean;
  /** The file that sets the URLs, when one does. */
  configFile: string | null;
  urls: SlapdUrl[];
  /** Where the URLs are set; null when slapd's default applies. */
  source: SourceLine | null;
  listens: Listener[];
}

const DEFAULT_URLS = 'ldap:///';
const SETTINGS: [string, string][] = [
  ['/etc/default/slapd', 'SLAPD_SERVICES'],
  ['/etc/sysconfig/slapd', 'SLAPD_URLS'],
];
const INSTALLED_MARKS = ['/usr/sbin/slapd', '/etc/ldap/slapd.d', '/etc/ldap/slapd.conf', '/etc/openldap/slapd.d', '/etc/openldap/slapd.conf'];

/** Parses one slapd -h URL; null when it is not an LDAP URL. */
export function parseSlapdUrl(url: string): SlapdUrl | null {
  const m = /^(ldap|ldaps|ldapi):\/\/([^/]*)\/?$/i.exec(url.trim());
  if (!m) return null;
  const scheme = m[1]!.toLowerCase() as SlapdUrl['scheme'];
  const hostport = decodeURIComponent(m[2]!.replace(/%(?![0-9A-Fa-f]{2})/g, '%25'));
  if (scheme === 'ldapi') return { url, scheme, host: hostport, port: null };
  const v6 = /^\[([^\]]*)\](?::(\d+))?$/.exec(hostport);
  const plain = /^([^:]*)(?::(\d+))?$/.exec(hostport);
  const host = v6 ? v6[1]! : plain ? plain[1]! : hostport;
  const portText = v6 ? v6[2] : plain?.[2];
  const port = portText ? Number(portText) : scheme === 'ldaps' ? 636 : 389;
  return { url, scheme, host, port: port >= 1 && port <= 65535 ? port : null };
}

/** Network listeners for slapd URLs ("localhost" is both loopbacks; a host name may be any address). */
export function slapdListeners(urls: readonly SlapdUrl[], source: SourceLine | null): Listener[] {
  const out: Listener[] = [];
  for (const u of urls) {
    if (u.scheme === 'ldapi' || u.port === null) continue;
    const base = { service: 'slapd', protocol: 'tcp' as const, port: u.port, origin: 'config' as const, ...(source ? { source } : {}) };
    if (u.host === '' || u.host === '0.0.0.0' || u.host === '::' || !/^[\d.:a-fA-F]+$/.test(u.host)) {
      if (u.host.toLowerCase() === 'localhost') out.push({ ...base, address: '127.0.0.1' }, { ...base, address: '::1' });
      else out.push({ ...base, address: u.host === '0.0.0.0' ? '0.0.0.0' : u.host === '::' ? '::' : '*' });
    } else out.push({ ...base, address: u.host });
  }
  return out;
}

export default defineFact<'slapd', SlapdFacts>({
  name: 'slapd',
  description: 'OpenLDAP slapd: the URLs it serves (SLAPD_SERVICES / SLAPD_URLS) and the addresses and ports they listen on',
  async collect(ctx) {
    const t = ctx.target;
    const marks = await Promise.all(INSTALLED_MARKS.map((p) => t.stat(p)));
    let configFile: string | null = null;
    let source: SourceLine | null = null;
    let value = DEFAULT_URLS;
    let found = false;
    for (const [path, name] of SETTINGS) {
      const r = await t.readFile(path);
      if (!r.ok) {
        if (r.error.code !== 'ENOENT') ctx.diagnostic({ path, message: `cannot read: ${r.error.message}` });
        continue;
      }
      found = true;
      const p = parseShellAssignments(r.text, path);
      ctx.parseErrors(p.errors);
      const a = p.model.values.get(name);
      if (a && a.value.trim() !== '') {
        configFile = path;
        source = a.source;
        value = a.value;
      }
      break;
    }
    const installed = found || marks.some((m) => m.ok);
    if (!installed) return { installed: false, configFile: null, urls: [], source: null, listens: [] };
    const urls: SlapdUrl[] = [];
    for (const w of value.split(/\s+/).filter(Boolean)) {
      const u = parseSlapdUrl(w);
      if (u) urls.push(u);
      else if (source) ctx.diagnostic({ path: source.file, line: source.line, message: `"${w}" is not an ldap://, ldaps:// or ldapi:// URL` });
    }
    return { installed, configFile, urls, source, listens: slapdListeners(urls, source) };
  },
});
