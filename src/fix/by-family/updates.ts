/** APT sources and unattended upgrades: line edits and an APT source file garrison manages. */
import { commentOut, editableLine, editFirst, editOf, type Fix, type ManagedFile } from '../actions.ts';

const APT_RELOAD = 'apt-get update';
export const SECURITY_SOURCE: ManagedFile = { path: '/etc/apt/sources.list.d/garrison-security.list', mode: '0644', reload: APT_RELOAD };

const DEBIAN_CODENAMES: Record<string, string> = { '10': 'buster', '11': 'bullseye', '12': 'bookworm', '13': 'trixie' };

/** Repository hosts known to serve the same archive over HTTPS. */
const HTTPS_HOSTS = new Set(['deb.debian.org', 'security.debian.org', 'apt.postgresql.org', 'download.docker.com', 'packages.sury.org', 'repo.mysql.com', 'packages.gitlab.com', 'nginx.org']);

/** `[trusted=yes]` taken out of a one-line source (the brackets go when nothing else is left). */
function withoutTrusted(text: string): string {
  return text.replace(/\[([^\]]*)\]\s*/, (_m, opts: string) => {
    const rest = opts.split(/\s+/).filter((o) => o !== '' && !/^trusted=/.test(o));
    return rest.length > 0 ? `[${rest.join(' ')}] ` : '';
  });
}

const trustedFix: Fix = (finding) => {
  const e = finding.evidence.find((x) => editableLine(x) && /^deb(-src)?\s+\[[^\]]*\btrusted=yes\b/.test(x.snippet));
  if (!e || !editableLine(e)) return { skip: 'not a one-line source: remove "Trusted: yes" by hand' };
  return { actions: [editOf(e, withoutTrusted, APT_RELOAD)], caution: 'apt refuses the repository until its signing key is installed and named with signed-by=' };
};

const plainHttpFix: Fix = (finding) => {
  const host = /^host (\S+)$/.exec(finding.evidence.find((x) => x.note?.startsWith('host '))?.note ?? '')?.[1];
  if (!host || !HTTPS_HOSTS.has(host)) return { skip: `${host ?? 'the host'} is not known to serve the archive over HTTPS: check, then switch to https:// or add signed-by= by hand` };
  const e = finding.evidence.find((x) => editableLine(x) && x.snippet.includes(`http://${host}`));
  if (!e || !editableLine(e)) return { skip: 'the source line is not quoted: change it by hand' };
  return { actions: [editOf(e, (t) => t.replace(`http://${host}`, `https://${host}`), APT_RELOAD)] };
};

const securitySourceFix: Fix = (finding) => {
  const m = /security fixes for debian (\d+) are never installed/.exec(finding.message);
  const codename = m ? DEBIAN_CODENAMES[m[1]!] : undefined;
  if (!codename) return { skip: 'only Debian releases get a security source here: add it by hand' };
  return { actions: [{ kind: 'setting', file: SECURITY_SOURCE, line: `deb http://security.debian.org/debian-security ${codename}-security main` }] };
};

const automaticFix: Fix = (finding, ctx) => {
  if (finding.messageId !== 'intervalOff' && finding.messageId !== 'periodicDisabled') return { skip: 'install or enable the unattended-upgrades machinery by hand (see the remediation)' };
  return editFirst(/^APT::Periodic::[\w-]+\s+"0"\s*;$/, (t) => t.replace('"0"', '"1"'), { why: 'the setting comes from a default: write it in /etc/apt/apt.conf.d/20auto-upgrades by hand' })(finding, ctx);
};

export const UPDATE_FIXES: [string, Fix][] = [
  ['updates-apt-source-trusted', trustedFix],
  ['updates-apt-unauthenticated', editFirst(/^([\w:-]*::)?Allow(Unauthenticated|InsecureRepositories|DowngradeToInsecureRepositories)\s+"?(true|1|yes|on)"?\s*;$/i, commentOut, { reload: APT_RELOAD })],
  ['updates-apt-plain-http', plainHttpFix],
  ['updates-security-repository', securitySourceFix],
  ['updates-automatic', automaticFix],
];
