import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { activeInetd, enabledUnit, enablementEvidence } from './_services.ts';

interface Legacy {
  name: string;
  units: string[];
  inetd: string[];
  why: string;
}

/** Services that authenticate weakly and carry everything in clear text. */
const LEGACY: readonly Legacy[] = [
  { name: 'telnet', units: ['telnet.socket', 'telnetd.service', 'telnetd.socket', 'inetutils-telnetd.service'], inetd: ['telnet'], why: 'logins, passwords and whole sessions cross the network in clear text' },
  {
    name: 'rsh/rlogin/rexec',
    units: ['rsh.socket', 'rlogin.socket', 'rexec.socket', 'rshd.service', 'rlogind.service', 'rexecd.service'],
    inetd: ['shell', 'login', 'exec', 'rsh', 'rlogin', 'rexec'],
    why: 'they trust host names and client-supplied user names, and carry passwords and data in clear text',
  },
  { name: 'TFTP', units: ['tftp.socket', 'tftp.service', 'tftpd-hpa.service', 'atftpd.service', 'atftpd.socket', 'tftpd.service'], inetd: ['tftp'], why: 'anyone who can reach it reads (and often writes) files without any authentication' },
  { name: 'NIS', units: ['ypserv.service', 'ypbind.service', 'yppasswdd.service', 'ypxfrd.service', 'nis.service'], inetd: [], why: 'it hands out account data and password hashes to any client that knows the domain name, without encryption' },
];

export default defineRule({
  id: 'services-insecure-protocols',
  family: 'services',
  title: 'No clear-text legacy service (telnet, r-services, TFTP, NIS) starts at boot',
  severity: 'high',
  rationale:
    'telnet, rsh/rlogin/rexec, TFTP and NIS predate encryption and real authentication: they expose passwords, password hashes or files to anyone on the path or the network. SSH, SFTP and LDAP over TLS (or SSSD) replace them; a server should not run them at all.',
  description:
    'Reports telnet, rsh/rlogin/rexec, TFTP and NIS (ypserv, ypbind, yppasswdd, ypxfrd) units that start at boot (wants links, aliases, SysV start links for scripts without a unit, systemctl on a live host; masked units never start), and telnet/shell/login/exec/tftp entries that an enabled inetd or xinetd serves (uncommented lines of /etc/inetd.conf, xinetd services without `disable = yes`).',
  remediation:
    'Disable and remove them: `systemctl disable --now <unit>` (or `update-inetd --disable telnet,shell,login,exec,tftp`, or `disable = yes` in /etc/xinetd.d/<service>), then `apt purge telnetd inetutils-telnetd rsh-server tftpd-hpa nis` (`dnf remove telnet-server rsh-server tftp-server ypserv ypbind`). Use SSH/SFTP instead, and LDAP over TLS or SSSD instead of NIS.',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Use secure protocols' },
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Disable unneeded services' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Use secure protocols' },
  ],
  messages: {
    unitEnabled: '{{service}} starts at boot ({{unit}}): {{why}}.',
    inetdEntry: '{{daemon}} serves {{service}} ({{entry}}): {{why}}.',
  },
  requires: ['systemd'],
  check({ systemd }, report) {
    for (const l of LEGACY) {
      const on = enabledUnit(systemd, l.units);
      if (on) report.fail('unitEnabled', { data: { service: l.name, unit: on.unit, why: l.why }, evidence: enablementEvidence(on.unit, on.via), key: on.unit });
      for (const e of activeInetd(systemd, l.inetd))
        report.fail('inetdEntry', { data: { daemon: e.daemon, service: l.name, entry: e.service, why: l.why }, evidence: [lineEvidence(e.source)], key: `${e.daemon}:${e.service}` });
    }
  },
});
