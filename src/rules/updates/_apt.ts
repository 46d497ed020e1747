/**
 * Shared judgement of APT source entries: which URIs reach a distribution archive (whose
 * Release files are signed by the distribution keyring that apt trusts out of the box,
 * whatever the transport), and which entries apt really uses.
 */
import type { AptSource } from '../../parsers/apt-sources/apt-sources.ts';
import { isAptTrue, optionValue } from '../../parsers/apt-sources/apt-sources.ts';

/** Host names of the Debian and Ubuntu archives and their official mirror networks. */
const OFFICIAL_HOST = [
  /^(deb|security|ftp|httpredir|cdn-fastly\.deb|archive|snapshot|debug|incoming|ftp\.[a-z]{2}|[a-z]{2}\.ftp)\.debian\.org$/,
  /^(archive|security|ports|old-releases|ddebs|esm)\.ubuntu\.com$/,
  /^([a-z]{2}\.)?archive\.ubuntu\.com$/,
  /^([a-z]{2}\.)?ports\.ubuntu\.com$/,
  /^ppa\.launchpadcontent\.net$/,
];
/**
 * Archive paths a mirror of a distribution serves: the archive directory, under at most a
 * few plain directories (`/debian`, `/pub/linux/debian`). A versioned path such as
 * `/zabbix/6.0/debian` is a vendor's repository laid out like Debian's, not a mirror.
 */
const ARCHIVE_PATH = /^(\/[a-z_-]+){0,3}\/(debian|debian-security|debian-ports|debian-archive|ubuntu|ubuntu-ports)\/?$/i;
/** Components of the distribution archives. */
const ARCHIVE_COMPONENTS = new Set(['main', 'contrib', 'non-free', 'non-free-firmware', 'restricted', 'universe', 'multiverse']);

/** Splits a source URI into scheme, host and path (schemes like "mirror+http" keep their transport). */
export function parseUri(uri: string): { scheme: string; host: string; path: string } | null {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/]*)(\/.*)?$/i.exec(uri);
  if (!m) return null;
  const host = m[2]!.replace(/^[^@]*@/, '').replace(/:\d+$/, '').toLowerCase();
  return { scheme: m[1]!.toLowerCase(), host, path: m[3] ?? '/' };
}

/** True when the transport is plain HTTP (`http://`, `mirror+http://`); `tor+http` travels inside Tor. */
export function isPlainHttp(uri: string): boolean {
  const p = parseUri(uri);
  return p !== null && (p.scheme === 'http' || p.scheme === 'mirror+http');
}

/**
 * True when the entry reaches a Debian or Ubuntu archive: an official host, or a mirror
 * serving the archive layout (path ending in /debian, /ubuntu, ...) with only the
 * archive's components; `extraMirrors` are host names the administrator vouches for.
 */
export function isDistributionArchive(entry: AptSource, uri: string, extraMirrors: readonly string[]): boolean {
  const p = parseUri(uri);
  if (!p) return false;
  if (OFFICIAL_HOST.some((re) => re.test(p.host))) return true;
  if (extraMirrors.some((h) => h.toLowerCase() === p.host)) return true;
  return ARCHIVE_PATH.test(p.path) && entry.components.length > 0 && entry.components.every((c) => ARCHIVE_COMPONENTS.has(c));
}

/** The entries apt uses: enabled, binary or source. */
export function activeSources(sources: readonly AptSource[]): AptSource[] {
  return sources.filter((s) => s.enabled && s.types.length > 0);
}

/** An option of an entry set to a true value, or undefined. */
export function trueOption(entry: AptSource, name: string) {
  const o = optionValue(entry, name);
  return o && isAptTrue(o.value) ? o : undefined;
}
