/** fail2ban, FTP, Docker Compose ports and /tmp mount options. */
import { basename, commentOut, editableLine, editFirst, editOf, type Fix, type FixAction, type ManagedFile } from '../actions.ts';

export const FAIL2BAN_DROPIN: ManagedFile = { path: '/etc/fail2ban/jail.d/zz-garrison.local', mode: '0644', reload: 'fail2ban-client reload' };

/** fail2ban reads jail.d/*.local last: a jail enabled there wins over jail.local. */
const sshdJailFix: Fix = (finding) => {
  if (finding.messageId !== 'noSshdJail') return { skip: 'install and enable fail2ban (or sshguard) by hand' };
  const later = finding.evidence.find((e) => e.path?.startsWith('/etc/fail2ban/jail.d/') && e.path.endsWith('.local') && basename(e.path) > basename(FAIL2BAN_DROPIN.path));
  if (later) return { skip: `${later.path} is read after ${FAIL2BAN_DROPIN.path}: enable the jail there` };
  return { actions: ['[sshd]', 'enabled = true'].map((line) => ({ kind: 'setting', file: FAIL2BAN_DROPIN, line })) };
};

/** A short-syntax published port bound to the loopback address only. */
const loopbackPortFix: Fix = (finding) => {
  const e = finding.evidence.find((x) => editableLine(x) && /^-\s*["']?\d+(-\d+)?:\d+/.test(x.snippet));
  if (!e || !editableLine(e)) return { skip: 'the port is published in the long syntax or with an address: set host_ip to 127.0.0.1 by hand' };
  return {
    actions: [editOf(e, (t) => t.replace(/^(-\s*["']?)/, '$1127.0.0.1:'), 'docker compose up -d (recreates the service)')],
    caution: 'only this host reaches the port afterwards; other containers reach the database over the Compose network as before',
  };
};

/** The missing options added to the /tmp line of /etc/fstab. */
const tmpOptionsFix: Fix = (finding) => {
  const missing = /without ([a-z, ]+) \(/.exec(finding.message)?.[1]?.split(/,\s*/) ?? [];
  const e = finding.evidence.find((x) => editableLine(x) && x.path === '/etc/fstab' && x.snippet.split(/\s+/)[1] === '/tmp');
  if (missing.length === 0 || !e || !editableLine(e)) return { skip: 'no /etc/fstab line for /tmp was quoted: add the options where /tmp is mounted (/etc/fstab or a tmp.mount drop-in) by hand' };
  const change = (t: string) => {
    const parts = t.split(/(\s+)/);
    // A later exec/suid/dev cancels an earlier noexec/nosuid/nodev: those go.
    const have = (parts[6] ?? '').split(',').filter((o) => !['exec', 'suid', 'dev'].includes(o));
    parts[6] = [...have, ...missing.filter((o) => !have.includes(o))].join(',');
    return parts.join('');
  };
  return { actions: [editOf(e, change, 'mount -o remount /tmp')], caution: 'noexec on /tmp stops programs run from there (some installers do that: point TMPDIR elsewhere for them)' };
};

const DOCKER_RELOAD = 'systemctl restart docker';

/** A daemon.json key the finding says is absent (a value set on the command line is left to the administrator). */
function dockerKey(key: string, value: string, caution?: string): Fix {
  return (finding) => {
    const line = finding.evidence.find((x) => editableLine(x) && x.path === '/etc/docker/daemon.json' && new RegExp(`^"${key}"\\s*:\\s*(true|false)\\s*,?$`).test(x.snippet));
    const absent = finding.evidence.find((x) => x.path?.startsWith('/etc/docker/daemon.json') && x.line === undefined && x.note?.startsWith(`no "${key}" setting`));
    const action: FixAction | undefined =
      line && editableLine(line)
        ? editOf(line, (t) => t.replace(/(true|false)/, value), DOCKER_RELOAD)
        : absent
          ? { kind: 'json-key', path: '/etc/docker/daemon.json', key, value, reload: DOCKER_RELOAD }
          : undefined;
    if (!action) return { skip: `${key} is set on the dockerd command line: change it there by hand` };
    return caution === undefined ? { actions: [action] } : { actions: [action], caution };
  };
}

/**
 * An IPv6 accept rule that admits any address to a port IPv4 restricts: commented out, when it
 * is a line of its own (not the same rule serving both families, as in an inet table).
 */
const ipv6ParityFix: Fix = (finding) => {
  const v6 = finding.evidence.find((e) => editableLine(e) && /lets IPv6 connections in from any IPv6 address/.test(e.note ?? ''));
  const v4 = finding.evidence.filter((e) => /^IPv4 /.test(e.note ?? ''));
  if (!v6 || !editableLine(v6) || !/^\/etc\/(nftables|iptables\/rules\.v6)/.test(v6.path)) return { skip: 'no IPv6 rule of its own to remove: write the IPv6 rules by hand' };
  if (v4.some((e) => e.path === v6.path && e.line === v6.line)) return { skip: 'the same rule serves IPv4 and IPv6: restrict it by hand' };
  return {
    actions: [editOf(v6, commentOut, v6.path.startsWith('/etc/nftables') ? 'nft -c -f /etc/nftables.conf && systemctl reload nftables' : 'netfilter-persistent reload')],
    caution: 'IPv6 clients of this port lose access; if some need it, add an accept rule with their prefix (ip6 saddr / -s)',
  };
};

export const SERVICE_FIXES: [string, Fix][] = [
  ['intrusion-ssh-brute-force', sshdJailFix],
  ['services-ftp-server', (f, ctx) => (f.messageId === 'anonymous' ? editFirst(/^anonymous_enable\s*=\s*YES$/i, () => 'anonymous_enable=NO', { reload: 'systemctl restart vsftpd' })(f, ctx) : { skip: 'TLS needs a certificate: set ssl_enable=YES with rsa_cert_file by hand, or disable the server' })],
  ['compose-database-published', loopbackPortFix],
  ['partitions-tmp-options', tmpOptionsFix],
  ['docker-live-restore', dockerKey('live-restore', 'true')],
  ['docker-icc', dockerKey('icc', 'false', 'containers on the default bridge no longer reach each other; Compose networks are not affected')],
  ['firewall-ipv6-parity', ipv6ParityFix],
];
