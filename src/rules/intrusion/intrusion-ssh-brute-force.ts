import { defineRule } from '../../core/rule.ts';
import { fileEvidence, lineEvidence } from '../../core/evidence.ts';
import type { Evidence } from '../../core/report-schema.ts';
import type { Fail2banJail } from '../../facts/fail2ban.ts';
import type { SystemdFacts } from '../../facts/systemd.ts';

const LOOPBACK = /^(127\.|::1$|localhost$)/;
const SSH_UNITS = ['ssh.service', 'sshd.service', 'ssh.socket', 'sshd.socket'];
/** Syslog daemons that write /var/log/auth.log (or /var/log/secure) for file-based jails. */
const SYSLOG_PACKAGES = ['rsyslog', 'syslog-ng-core', 'syslog-ng', 'busybox-syslogd', 'inetutils-syslogd'];

const starts = (systemd: SystemdFacts, units: readonly string[]) => !systemd.present || units.some((u) => systemd.enabledVia(u).length > 0);

/** A jail that watches sshd: named sshd/ssh or using an sshd filter (sshd, sshd-ddos, ...). */
const watchesSshd = (j: Fail2banJail) => j.name === 'sshd' || j.name === 'ssh' || j.filter.startsWith('sshd');

export default defineRule({
  id: 'intrusion-ssh-brute-force',
  family: 'intrusion',
  title: 'Repeated SSH login failures are blocked (fail2ban or equivalent)',
  severity: 'medium',
  rationale:
    'Every SSH server reachable from the Internet receives thousands of automated login attempts a week. A tool that reads the authentication log and bans addresses after a few failures (fail2ban with its sshd jail, sshguard, CrowdSec, denyhosts) stops password guessing early and cuts the noise that hides real attacks. It matters most when password logins are allowed.',
  description:
    'When the OpenSSH server is installed, starts at boot and listens on a non-loopback address (effective sshd_config), checks for fail2ban with fail2ban.service enabled and an enabled jail on the sshd filter (jail.conf, jail.d/*.conf, jail.local, jail.d/*.local merged as fail2ban does; Debian enables it in defaults-debian.conf), whose log source exists (backend systemd, an existing log file, or a syslog daemon that writes it); or for sshguard, CrowdSec or denyhosts installed and enabled. The finding is high severity when PasswordAuthentication is yes for any connection.',
  remediation:
    'Debian/Ubuntu: `apt install fail2ban`; on Debian 12, which logs to the journal only, add /etc/fail2ban/jail.d/sshd.local with `[sshd]` `enabled = true` `backend = systemd`, then `systemctl enable --now fail2ban` and check with `fail2ban-client status sshd`. RHEL: `dnf install fail2ban-server fail2ban-firewalld` with the same jail. Also consider `PasswordAuthentication no` in sshd_config.',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Use intrusion detection software' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Use intrusion detection software' },
    { guideline: '004_505672b286b27604.txt', section: 'Semaine 2' },
  ],
  messages: {
    noProtection: 'sshd listens on {{addresses}} and nothing blocks repeated failed logins (no fail2ban, sshguard, CrowdSec or denyhosts).',
    fail2banNotStarted: 'fail2ban is installed but fail2ban.service does not start at boot.',
    noSshdJail: 'fail2ban runs but no enabled jail watches sshd.',
    jailWithoutLog: 'The fail2ban jail {{jail}} reads {{logs}} with backend {{backend}}, but that log does not exist and no syslog daemon writes it: fail2ban cannot start the jail.',
  },
  requires: ['sshd', 'systemd', 'fail2ban', 'packages'],
  check({ sshd, systemd, fail2ban, packages }, report) {
    if (!sshd.installed || !sshd.binary) return report.skip('the OpenSSH server is not installed');
    if (!starts(systemd, SSH_UNITS)) return report.skip('the SSH server does not start at boot');
    const exposed = sshd.listens.filter((l) => !LOOPBACK.test(l.address));
    if (sshd.listens.length > 0 && exposed.length === 0) return report.skip('sshd listens on loopback addresses only');

    const passwords = sshd.effective('passwordauthentication').some((v) => v.value === 'yes');
    const severity = passwords ? 'high' : 'medium';
    const sshEvidence: Evidence[] = exposed.slice(0, 2).map((l) => (l.source ? lineEvidence(l.source, 'sshd listens here') : fileEvidence(sshd.mainConfig, `sshd listens on ${l.address}:${l.port} (default)`)));
    const pw = sshd.effective('passwordauthentication').find((v) => v.value === 'yes');
    if (pw) sshEvidence.push(pw.source ? lineEvidence(pw.source, 'password logins allowed') : fileEvidence(sshd.mainConfig, 'PasswordAuthentication not set: compiled-in default yes'));

    for (const o of fail2ban.others) if (starts(systemd, [o.unit])) return;

    if (!fail2ban.installed) {
      const addresses = exposed.map((l) => `${l.address}:${l.port}`).join(', ') || 'all addresses';
      return report.fail('noProtection', { data: { addresses }, evidence: sshEvidence, key: 'none', severity });
    }
    if (!starts(systemd, ['fail2ban.service']))
      return report.fail('fail2banNotStarted', { evidence: [fileEvidence('/etc/systemd/system/multi-user.target.wants/fail2ban.service', systemd.isMasked('fail2ban.service') ? 'fail2ban.service is masked' : 'no wants link'), ...sshEvidence], key: 'fail2ban-service', severity });
    const jails = fail2ban.jails.filter((j) => j.enabled && watchesSshd(j));
    if (jails.length === 0) {
      const jail = fail2ban.jails.find(watchesSshd);
      const ev = jail ? [jail.enabledSource ? lineEvidence(jail.enabledSource, 'the sshd jail is disabled') : lineEvidence(jail.source, 'enabled is not set')] : [fileEvidence('/etc/fail2ban/jail.local', 'no [sshd] jail')];
      return report.fail('noSshdJail', { evidence: [...ev, ...sshEvidence], key: 'jail', severity });
    }
    const syslog = SYSLOG_PACKAGES.some((p) => packages.installed.has(p));
    const working = jails.find((j) => j.backend.startsWith('systemd') || syslog || j.logpaths.length === 0 || j.logpaths.some((p) => fail2ban.existingLogs.has(p)));
    if (working) return;
    const j = jails[0]!;
    report.fail('jailWithoutLog', {
      data: { jail: j.name, logs: j.logpaths.join(', '), backend: j.backend },
      evidence: [j.enabledSource ? lineEvidence(j.enabledSource, 'jail enabled here') : lineEvidence(j.source), ...j.logpaths.slice(0, 2).map((p) => fileEvidence(p, 'does not exist'))],
      key: `log:${j.name}`,
      severity: 'medium',
    });
  },
});
