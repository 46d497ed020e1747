import { defineRule } from '../../core/rule.ts';
import { fileEvidence, lineEvidence } from '../../core/evidence.ts';
import { policyFor } from '../../facts/logrotate.ts';
import { writtenLogs } from './_written-logs.ts';

export default defineRule({
  id: 'logrotate-missing',
  family: 'logging',
  title: 'Every log file the syslog daemon writes is rotated',
  severity: 'medium',
  rationale:
    'A log that is never rotated grows until the file system is full; on a central log server anyone who can send messages (or make a host run many commands under auditd) can then fill /var and stop logging, and with it the services sharing the partition.',
  description:
    'For each file written by rsyslog or syslog-ng, including per-host files of a central log server (dynamic file names are checked with a sample host name), looks for a logrotate stanza whose pattern matches it.',
  remediation:
    'Add a stanza for the files, for example /etc/logrotate.d/remote:\n  /var/log/remote/*/*.log {\n      daily\n      rotate 30\n      missingok\n      notifempty\n      compress\n      delaycompress\n      create 0640 root adm\n      sharedscripts\n      postrotate\n          /usr/lib/rsyslog/rsyslog-rotate\n      endscript\n  }',
  references: [
    { guideline: '004_505672b286b27604.txt', section: 'Rotation des journaux' },
    { guideline: '004_505672b286b27604.txt', section: 'Partitionnement de /var' },
  ],
  messages: {
    notRotated: '{{path}} (written by {{daemon}}) has no logrotate policy.',
  },
  requires: ['logrotate', 'rsyslog', 'syslogng'],
  check({ logrotate, rsyslog, syslogng }, report) {
    const logs = writtenLogs(rsyslog, syslogng);
    if (logs.length === 0) return report.skip('no syslog daemon writes log files');
    for (const log of logs) {
      if (policyFor(logrotate.policies, log.sample)) continue;
      const evidence = [lineEvidence(log.source)];
      if (!logrotate.installed) evidence.push(fileEvidence('/etc/logrotate.conf', 'absent: logrotate is not installed'));
      report.fail('notRotated', { data: { path: log.path, daemon: log.daemon }, evidence, key: log.path });
    }
  },
});
