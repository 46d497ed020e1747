import { defineRule } from '../../core/rule.ts';
import { fileEvidence, lineEvidence } from '../../core/evidence.ts';
import type { Evidence } from '../../core/report-schema.ts';
import type { DaemonSetting } from '../../facts/systemd.ts';
import { activeInetd, enabledUnit, enablementEvidence } from './_services.ts';

const yes = (s: DaemonSetting) => /^(yes|true|1)$/i.test(s.value.trim());
const settingEvidence = (s: DaemonSetting, file: string, name: string): Evidence =>
  s.source ? lineEvidence(s.source) : fileEvidence(file, `${name} not set: built-in default ${s.value}`);

export default defineRule({
  id: 'services-ftp-server',
  family: 'services',
  title: 'No FTP server accepts clear-text or anonymous logins',
  severity: 'medium',
  rationale:
    'Plain FTP sends user names, passwords and files unencrypted, so anyone on the path can take over the accounts it serves; anonymous FTP additionally lets anyone read (and sometimes write) files. SFTP over the SSH server already running, or FTPS with TLS required, does the same job safely.',
  description:
    'For FTP servers that start at boot (vsftpd, proftpd, pure-ftpd units, or an `ftp` entry of an enabled inetd/xinetd): vsftpd.conf `anonymous_enable` (built-in default YES) and `ssl_enable` with `force_local_logins_ssl`; proftpd.conf and the files it includes for an active `<Anonymous>` block and `TLSEngine on` with `TLSRequired on`; for pure-ftpd, /etc/pure-ftpd/conf/TLS (2 or 3 require TLS). Anonymous access is reported as high severity.',
  remediation:
    'Prefer SFTP (`Subsystem sftp internal-sftp` in sshd_config, optionally with `ChrootDirectory`) and `systemctl disable --now vsftpd` (or proftpd, pure-ftpd), then purge the package. If FTP must stay: vsftpd `anonymous_enable=NO`, `ssl_enable=YES`, `force_local_logins_ssl=YES`, `force_local_data_ssl=YES` with a certificate; proftpd `TLSEngine on` and `TLSRequired on` in /etc/proftpd/tls.conf (included from proftpd.conf) and no `<Anonymous>` block; pure-ftpd `echo 2 > /etc/pure-ftpd/conf/TLS` and `echo yes > /etc/pure-ftpd/conf/NoAnonymous`.',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Use secure protocols' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Use secure protocols' },
  ],
  messages: {
    anonymous: '{{server}} starts at boot and allows anonymous FTP logins.',
    plainFtp: '{{server}} starts at boot and accepts logins without TLS: passwords and files cross the network in clear text.',
  },
  requires: ['systemd'],
  check({ systemd }, report) {
    const d = systemd.daemons;
    const vs = enabledUnit(systemd, ['vsftpd.service']);
    if (vs) {
      const boot = enablementEvidence(vs.unit, vs.via);
      const file = d.vsftpd?.file ?? '/etc/vsftpd.conf';
      const anon = d.vsftpd?.anonymous ?? { value: 'YES', source: null };
      if (yes(anon)) report.fail('anonymous', { data: { server: 'vsftpd' }, evidence: [settingEvidence(anon, file, 'anonymous_enable'), ...boot], key: 'vsftpd:anonymous', severity: 'high' });
      const ssl = d.vsftpd?.ssl ?? { value: 'NO', source: null };
      const force = d.vsftpd?.forceLocalLoginsSsl ?? { value: 'YES', source: null };
      if (!yes(ssl) || !yes(force))
        report.fail('plainFtp', { data: { server: 'vsftpd' }, evidence: [settingEvidence(yes(ssl) ? force : ssl, file, yes(ssl) ? 'force_local_logins_ssl' : 'ssl_enable'), ...boot], key: 'vsftpd:plain' });
    }
    const pro = enabledUnit(systemd, ['proftpd.service', 'proftpd.socket']);
    if (pro) {
      const boot = enablementEvidence(pro.unit, pro.via);
      const file = d.proftpd?.file ?? '/etc/proftpd/proftpd.conf';
      if (d.proftpd?.anonymous) report.fail('anonymous', { data: { server: 'proftpd' }, evidence: [lineEvidence(d.proftpd.anonymous), ...boot], key: 'proftpd:anonymous', severity: 'high' });
      if (!d.proftpd?.tlsRequired) report.fail('plainFtp', { data: { server: 'proftpd' }, evidence: [fileEvidence(file, 'no TLSEngine on with TLSRequired on'), ...boot], key: 'proftpd:plain' });
    }
    const pure = enabledUnit(systemd, ['pure-ftpd.service', 'pure-ftpd-mysql.service', 'pure-ftpd-ldap.service', 'pure-ftpd-postgresql.service']);
    if (pure) {
      const tls = d.pureftpd?.tls ?? { value: '0', source: null };
      if (tls.value !== '2' && tls.value !== '3')
        report.fail('plainFtp', { data: { server: 'pure-ftpd' }, evidence: [settingEvidence(tls, '/etc/pure-ftpd/conf/TLS', 'TLS'), ...enablementEvidence(pure.unit, pure.via)], key: 'pure-ftpd:plain' });
    }
    for (const e of activeInetd(systemd, ['ftp']))
      report.fail('plainFtp', { data: { server: `${e.daemon} (${e.server || 'ftp'})` }, evidence: [lineEvidence(e.source)], key: `${e.daemon}:ftp` });
  },
});
