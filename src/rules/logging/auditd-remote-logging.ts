import { defineRule } from '../../core/rule.ts';
import { fileEvidence } from '../../core/evidence.ts';
import { remoteForwards } from './_forwards.ts';

export default defineRule({
  id: 'auditd-remote-logging',
  family: 'logging',
  title: 'Audit records leave the host',
  severity: 'medium',
  rationale:
    'Root on a compromised host can erase /var/log/audit. Sending audit records to a central host as they are produced keeps the evidence out of the intruder\'s reach.',
  description:
    'Passes when the audisp-remote plugin is active with a remote server, or when the syslog plugin (audisp-syslog) is active and rsyslog or syslog-ng forwards logs to another host. Plugins are read from /etc/audit/plugins.d (audit 3) or /etc/audisp/plugins.d (audit 2).',
  remediation:
    'Either set `active = yes` in /etc/audit/plugins.d/au-remote.conf and `remote_server = logs.example.org` in /etc/audit/audisp-remote.conf, or set `active = yes` in /etc/audit/plugins.d/syslog.conf and forward syslog over TLS to the central host; then `systemctl restart auditd`.',
  references: [
    { guideline: '004_505672b286b27604.txt', section: "Centralisation des logs d'auditd" },
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Keep logs of your applications' },
  ],
  messages: {
    notForwarded: 'Audit records are only written locally: neither audisp-remote nor the syslog plugin with a forwarding syslog daemon is active.',
  },
  requires: ['auditd', 'rsyslog', 'syslogng'],
  check({ auditd, rsyslog, syslogng }, report) {
    if (!auditd.installed) return report.skip('auditd is not installed');
    const remote = auditd.plugins.find((p) => p.active && /audisp-remote$/.test(p.program));
    if (remote && (auditd.remoteConf?.model.get('remote_server')?.value ?? '') !== '') return;
    const syslog = auditd.plugins.find((p) => p.active && /(audisp-syslog|builtin_syslog)$/.test(p.program));
    if (syslog && remoteForwards(rsyslog, syslogng).length > 0) return;
    const plugin = auditd.plugins.find((p) => /audisp-remote$/.test(p.program)) ?? auditd.plugins[0];
    report.fail('notForwarded', { evidence: [fileEvidence(plugin?.path ?? '/etc/audit/plugins.d', plugin ? `active = ${plugin.active ? 'yes' : 'no'}` : 'no plugin configured')] });
  },
});
