import { defineRule } from '../../core/rule.ts';
import { fileEvidence, lineEvidence } from '../../core/evidence.ts';
import { writtenLogs } from './_written-logs.ts';

const TRUE = /^(1|yes|true|on)$/i;

export default defineRule({
  id: 'journald-persistent',
  family: 'logging',
  title: 'Logs survive a reboot',
  severity: 'medium',
  rationale:
    'With the journal kept in memory only (Storage=volatile, or auto without /var/log/journal) and no syslog daemon writing files, every log is lost at reboot, exactly when one needs to know why the machine crashed or was restarted. When rsyslog is the one writing the files, journald must hand it the messages (ForwardToSyslog), or rsyslog must read the journal itself (imjournal).',
  description:
    'Fails when journald does not keep logs on disk and neither rsyslog nor syslog-ng writes log files, or when Storage=none. Also fails when rsyslog writes files from the local socket (imuxsock, no imjournal) while journald does not forward to syslog (ForwardToSyslog=no, upstream default; Debian defaults to yes).',
  remediation:
    'Keep the journal on disk: `mkdir -p /var/log/journal && systemd-tmpfiles --create --prefix /var/log/journal` (Storage=auto) or set `Storage=persistent` in /etc/systemd/journald.conf.d/persistent.conf; when rsyslog writes the log files, set `ForwardToSyslog=yes` there or load `module(load="imjournal")` in rsyslog; then `systemctl restart systemd-journald`.',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Keep logs of your applications' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Keep logs of your applications' },
  ],
  messages: {
    volatile: 'Logs are kept in memory only (journald Storage={{storage}}) and no syslog daemon writes them to disk: they are lost at every reboot.',
    noStorage: 'journald discards every message (Storage=none).',
    notForwarded: 'rsyslog writes the log files from the syslog socket, but journald does not forward messages to it (ForwardToSyslog={{value}}).',
  },
  requires: ['journald', 'rsyslog', 'syslogng'],
  check({ journald, rsyslog, syslogng }, report) {
    const where = journald.storage.source ? lineEvidence(journald.storage.source) : fileEvidence('/etc/systemd/journald.conf', `Storage=${journald.storage.value} (default)${journald.persistentDirExists ? '' : ', /var/log/journal absent'}`);
    const files = writtenLogs(rsyslog, syslogng);
    const s = journald.storage.value.toLowerCase();
    if (s === 'none' && files.length === 0) report.fail('noStorage', { evidence: [where] });
    else if (!journald.persistent && files.length === 0) report.fail('volatile', { data: { storage: journald.storage.value }, evidence: [where] });
    const rsyslogFiles = files.filter((f) => f.daemon === 'rsyslog');
    const readsJournal = rsyslog.modules.includes('imjournal');
    if (rsyslogFiles.length > 0 && !readsJournal && rsyslog.modules.includes('imuxsock') && !TRUE.test(journald.forwardToSyslog.value)) {
      const ev = journald.forwardToSyslog.source ? lineEvidence(journald.forwardToSyslog.source) : fileEvidence('/etc/systemd/journald.conf', `ForwardToSyslog=${journald.forwardToSyslog.value} (default)`);
      report.fail('notForwarded', { data: { value: journald.forwardToSyslog.value }, evidence: [ev] });
    }
  },
});
