import { defineRule } from '../../core/rule.ts';
import { describeOrigin, layoutUnknown, notSeparateEvidence } from './_separate-mount.ts';

export default defineRule({
  id: 'partitions-var-log-audit',
  family: 'partitions',
  title: '/var/log/audit is on its own file system when auditd runs',
  severity: 'low',
  rationale:
    "auditd's own answer to a full disk can be to stop the machine or suspend auditing, and an execve audit policy writes fast. Keeping the audit trail on its own file system means other logs cannot starve it and it cannot fill the partition the rest of /var/log or /var/lib depends on.",
  description:
    'Applies when the auditd package is installed. Passes when /var/log/audit is a mount point (live mount table, else /etc/fstab or an enabled var-log-audit.mount unit).',
  remediation:
    'Create a dedicated partition or logical volume for the audit trail and mount it on /var/log/audit, e.g. `/dev/vg0/audit /var/log/audit ext4 defaults,nodev,nosuid,noexec 0 2` in /etc/fstab; then set `space_left_action` and `admin_space_left_action` in /etc/audit/auditd.conf to fit its size.',
  references: [
    { guideline: '004_505672b286b27604.txt', section: 'Partitionnement de /var' },
    { guideline: '004_505672b286b27604.txt', section: 'Semaine 12' },
  ],
  messages: {
    ok: '/var/log/audit is its own file system ({{fstype}} from {{source}}, {{origin}}).',
    notSeparate: 'auditd is installed but /var/log/audit is not a separate file system.',
  },
  requires: ['mounts', 'packages'],
  check({ mounts, packages }, report) {
    if (!packages.installed.has('auditd')) {
      report.skip('auditd is not installed');
      return;
    }
    const unknown = layoutUnknown(mounts);
    if (unknown) {
      report.skip(unknown);
      return;
    }
    const m = mounts.at('/var/log/audit');
    if (m) report.pass('ok', { data: { fstype: m.fstype, source: m.source, origin: describeOrigin(m) } });
    else report.fail('notSeparate', { evidence: notSeparateEvidence(mounts, '/var/log/audit').evidence });
  },
});
