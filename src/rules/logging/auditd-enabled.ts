import { defineRule } from '../../core/rule.ts';
import { fileEvidence } from '../../core/evidence.ts';

export default defineRule({
  id: 'auditd-enabled',
  family: 'logging',
  title: 'The audit daemon is installed and starts at boot',
  severity: 'medium',
  rationale:
    'Without auditd there is no record of which commands were run, by which user (even after sudo or su), or which configuration files were changed: after an incident nobody can tell what happened.',
  description:
    'Checks that auditd is installed (/etc/audit/auditd.conf or auditctl present) and enabled: `systemctl is-enabled auditd` on a live host, otherwise a wants link for auditd.service under /etc/systemd/system (or a SysV start link).',
  remediation: 'Install and enable it: `apt install auditd audispd-plugins && systemctl enable --now auditd`, then add rules under /etc/audit/rules.d/.',
  references: [
    { guideline: '004_505672b286b27604.txt', section: 'Traçabilité' },
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Keep logs of your applications' },
  ],
  messages: {
    notInstalled: 'auditd is not installed: commands and configuration changes are not recorded.',
    notEnabled: 'auditd is installed but not enabled at boot ({{how}}).',
  },
  requires: ['auditd'],
  check({ auditd }, report) {
    if (!auditd.installed) return report.fail('notInstalled', { evidence: [fileEvidence('/etc/audit/auditd.conf', 'absent')] });
    if (auditd.enabled === false) report.fail('notEnabled', { data: { how: auditd.enabledHow }, evidence: [fileEvidence('/etc/systemd/system/multi-user.target.wants/auditd.service', auditd.enabledHow)] });
  },
});
