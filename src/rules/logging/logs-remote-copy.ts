import { defineRule } from '../../core/rule.ts';
import { fileEvidence } from '../../core/evidence.ts';
import { remoteForwards } from './_forwards.ts';

export default defineRule({
  id: 'logs-remote-copy',
  family: 'logging',
  title: 'Logs are also kept on another host',
  severity: 'low',
  rationale:
    'Logs kept only on the machine they describe are the first thing an intruder with root erases, and they are lost with the disk. A copy on a central log host survives both. A host that is itself the central log server (it receives logs from the network) is exempt.',
  description:
    'Passes when rsyslog or syslog-ng forwards logs to a host other than this one, when the audisp-remote plugin is active with a remote server, or when the host receives logs from the network (it is the central server). Otherwise reports that logs stay local.',
  remediation:
    'Forward logs to a central log server, over TLS: for example /etc/rsyslog.d/90-forward.conf with `module(load="omrelp")` and `action(type="omrelp" target="logs.example.org" port="2514" tls="on" tls.authMode="name" ...)`.',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Keep logs of your applications' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Keep logs of your applications' },
    { guideline: '000_a8be9711ada6c275.txt', section: 'Logs Management' },
  ],
  messages: {
    localOnly: 'Logs are only kept on this host: no forwarding to a log server was found.',
  },
  requires: ['rsyslog', 'syslogng', 'auditd'],
  check({ rsyslog, syslogng, auditd }, report) {
    if (!rsyslog.installed && !syslogng.installed && !auditd.installed) return report.fail('localOnly', { evidence: [fileEvidence('/etc/rsyslog.conf', 'no syslog daemon configuration')] });
    if (remoteForwards(rsyslog, syslogng).length > 0) return;
    if (rsyslog.networkInputs.length > 0 || syslogng.networkInputs.length > 0) return;
    const remote = auditd.plugins.find((p) => p.active && /audisp-remote$/.test(p.program));
    if (remote && (auditd.remoteConf?.model.get('remote_server')?.value ?? '') !== '') return;
    report.fail('localOnly', { evidence: [fileEvidence(rsyslog.installed ? '/etc/rsyslog.conf' : syslogng.installed ? '/etc/syslog-ng/syslog-ng.conf' : '/etc/audit/plugins.d', 'no remote destination')] });
  },
});
