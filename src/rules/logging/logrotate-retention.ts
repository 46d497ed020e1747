import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { policyFor } from '../../facts/logrotate.ts';
import { writtenLogs } from './_written-logs.ts';

export default defineRule({
  id: 'logrotate-retention',
  family: 'logging',
  title: 'Logs are kept long enough',
  severity: 'low',
  rationale:
    'Intrusions are often found weeks after they began; if the logs of that time have already been rotated away, nobody can tell how the attacker got in or what was touched. Keeping at least about a month of system and collected logs covers the usual detection delay.',
  description:
    'For every file rsyslog or syslog-ng writes (system logs and per-host files of a central log server), finds the logrotate stanza that applies and computes the retention: rotate count × period (daily 1, weekly 7, monthly 30, yearly 365 days), capped by maxage. Size-based rotation cannot be judged and is not reported. The minimum is the `logRetentionDays` parameter.',
  remediation:
    'Raise the count in the stanza, e.g. in /etc/logrotate.d/rsyslog `weekly` with `rotate 5` (35 days) or `daily` with `rotate 30`; for a central log directory add `/var/log/remote/*/*.log { daily rotate 30 compress delaycompress missingok notifempty create 0640 root adm }`.',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Keep logs of your applications' },
    { guideline: '004_505672b286b27604.txt', section: 'Rotation des journaux' },
  ],
  params: { logRetentionDays: { default: 30, description: 'Minimum number of days of logs to keep.' } },
  messages: {
    shortRetention: '{{path}} is kept about {{days}} days ({{policy}}), less than {{min}}.',
  },
  requires: ['logrotate', 'rsyslog', 'syslogng'],
  check({ logrotate, rsyslog, syslogng }, report, ctx) {
    const min = Number(ctx.param<number>('logRetentionDays'));
    const logs = writtenLogs(rsyslog, syslogng);
    if (!logrotate.installed || logs.length === 0) return report.skip('no log files rotated by logrotate');
    for (const log of logs) {
      const p = policyFor(logrotate.policies, log.sample);
      if (!p || p.retentionDays === null || p.retentionDays >= min) continue;
      const days = Math.round(p.retentionDays * 10) / 10;
      report.fail('shortRetention', {
        data: { path: log.path, days, policy: `rotate ${p.rotate} ${p.period}${p.maxage !== null ? `, maxage ${p.maxage}` : ''}`, min },
        evidence: [lineEvidence(p.rotateSource ?? p.source), lineEvidence(log.source, `written by ${log.daemon}`)],
        key: log.path,
      });
    }
  },
});
