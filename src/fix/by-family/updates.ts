/** APT sources and unattended upgrades: line edits and an APT source file garrison manages. */
import { commentOut, editableLine, editFirst, editOf, type Fix, type FixResult, type ManagedFile } from '../actions.ts';

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

/** apt reads apt.conf.d in lexical order and the last value wins: this file sorts after the numbered ones. */
export const AUTO_UPGRADES: ManagedFile = { path: '/etc/apt/apt.conf.d/zz-garrison-auto-upgrades', mode: '0644', reload: 'apt-config dump | grep -i -e periodic -e origins (checks it; the next apt-daily run uses it)' };

const SECURITY_ORIGINS: Record<'debian' | 'ubuntu', string> = {
  debian: 'Unattended-Upgrade::Origins-Pattern {\n        "origin=Debian,codename=${distro_codename}-security,label=Debian-Security";\n        "origin=Debian,codename=${distro_codename},label=Debian-Security";\n};',
  ubuntu: 'Unattended-Upgrade::Allowed-Origins {\n        "${distro_id}:${distro_codename}-security";\n};',
};

/** The unattended-upgrades settings, in a file apt reads last; list settings (origins) add to the others. */
const automaticFix: Fix = (finding) => {
  const setting = (line: string): FixResult => ({ actions: [{ kind: 'setting', file: AUTO_UPGRADES, line }] });
  switch (finding.messageId) {
    case 'periodicDisabled':
      return setting('APT::Periodic::Enable "1";');
    case 'intervalOff': {
      const option = /^(APT::Periodic::[\w-]+) is /.exec(finding.message)?.[1];
      return option ? setting(`${option} "1";`) : { skip: 'set the interval by hand' };
    }
    case 'noSecurityOrigin': {
      const origins = finding.evidence.map((e) => e.snippet ?? '').join(' ');
      const distro = /origin=Debian/.test(origins) ? 'debian' : /\$\{distro_id\}|Ubuntu/.test(origins) ? 'ubuntu' : null;
      return distro ? setting(SECURITY_ORIGINS[distro]) : { skip: 'no origin tells the distribution: add its security archive to Origins-Pattern by hand' };
    }
    case 'timerDisabled': {
      const unit = /^(apt-daily(-upgrade)?\.timer) is not enabled/.exec(finding.message)?.[1];
      if (!unit) return { skip: 'the timer is masked: unmask it by hand if that was not deliberate' };
      // What `systemctl enable` makes, as a relative link so that it also resolves inside an offline tree.
      return { actions: [{ kind: 'symlink', path: `/etc/systemd/system/timers.target.wants/${unit}`, target: `../../../../lib/systemd/system/${unit}`, reload: 'systemctl daemon-reload' }] };
    }
    default:
      return { skip: 'install the unattended-upgrades machinery by hand (see the remediation)' };
  }
};

export const UPDATE_FIXES: [string, Fix][] = [
  ['updates-apt-source-trusted', trustedFix],
  ['updates-apt-unauthenticated', editFirst(/^([\w:-]*::)?Allow(Unauthenticated|InsecureRepositories|DowngradeToInsecureRepositories)\s+"?(true|1|yes|on)"?\s*;$/i, commentOut, { reload: APT_RELOAD })],
  ['updates-apt-plain-http', plainHttpFix],
  ['updates-security-repository', securitySourceFix],
  ['updates-automatic', automaticFix],
];
