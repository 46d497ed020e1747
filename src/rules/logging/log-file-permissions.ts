import { defineRule } from '../../core/rule.ts';
import { describeMode, fileEvidence, lineEvidence } from '../../core/evidence.ts';
import { policyFor } from '../../facts/logrotate.ts';
import { writtenLogs } from './_written-logs.ts';

export default defineRule({
  id: 'log-file-permissions',
  family: 'logging',
  title: 'System logs are not readable by every user',
  severity: 'medium',
  rationale:
    'System and collected logs hold login names, source addresses, mistyped passwords entered as user names, commands with their arguments and application errors. Readable by every account they help an intruder map the system; writable by others they can be falsified.',
  description:
    'For every file rsyslog or syslog-ng writes: the mode it creates files with (rsyslog `$FileCreateMode`/`fileCreateMode` with the umask, whose default is 0644; syslog-ng `perm()`), the mode logrotate re-creates it with (`create MODE`), and for fixed paths the mode of the existing file. Read or write access for others fails.',
  remediation:
    'In /etc/rsyslog.conf set `$FileCreateMode 0640` (and `fileCreateMode="0640"` on every `action(type="omfile" ...)`, which ignores the legacy directive), `$FileGroup adm`; in logrotate stanzas use `create 0640 root adm`; fix existing files with `chmod o-rwx /var/log/syslog /var/log/auth.log ...`.',
  references: [
    { guideline: '004_505672b286b27604.txt', section: 'Groupe des logs syslog' },
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Keep logs of your applications' },
  ],
  messages: {
    createdReadable: '{{daemon}} creates {{path}} with mode {{mode}}, open to other users.',
    rotatedReadable: 'logrotate re-creates {{path}} with mode {{mode}}, open to other users.',
    fileReadable: '{{path}} has mode {{mode}}, open to other users.',
  },
  requires: ['logrotate', 'rsyslog', 'syslogng'],
  check({ logrotate, rsyslog, syslogng }, report) {
    const logs = writtenLogs(rsyslog, syslogng);
    if (logs.length === 0) return report.skip('no syslog daemon writes log files');
    for (const log of logs) {
      if (log.createMode & 0o006)
        report.fail('createdReadable', {
          data: { daemon: log.daemon, path: log.path, mode: describeMode(log.createMode) },
          evidence: [lineEvidence(log.source), ...(log.modeSource ? [lineEvidence(log.modeSource, 'sets the mode of the files created after it')] : [])],
          key: `create:${log.path}`,
        });
      const p = policyFor(logrotate.policies, log.sample);
      if (p?.create && p.create.mode !== null && p.create.mode & 0o006)
        report.fail('rotatedReadable', { data: { path: log.path, mode: describeMode(p.create.mode) }, evidence: [lineEvidence(p.create.source)], key: `rotate:${log.path}` });
      if (log.existingMode !== null && log.existingMode & 0o006)
        report.fail('fileReadable', { data: { path: log.path, mode: describeMode(log.existingMode) }, evidence: [fileEvidence(log.path, describeMode(log.existingMode))], key: `file:${log.path}` });
    }
  },
});
