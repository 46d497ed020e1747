import { defineRule } from '../../core/rule.ts';
import { fileEvidence } from '../../core/evidence.ts';
import { writeWatch } from './_audit.ts';

export default defineRule({
  id: 'auditd-watch-etc',
  family: 'logging',
  title: 'Writes to /etc are audited',
  severity: 'medium',
  rationale:
    'Configuration changes under /etc (accounts, sudoers, SSH, services) are rare and meaningful: auditing them costs little log volume and shows who changed what, whether by mistake or as part of an attack.',
  description: 'Looks for a watch `-w /etc -p wa` (any permission set including w) or an `always,exit` rule with `-F dir=/etc` and a perm including w.',
  remediation: 'Add to /etc/audit/rules.d/50-etc.rules:\n  -w /etc -p wa -k etc_write\nthen `augenrules --load`.',
  references: [{ guideline: '004_505672b286b27604.txt', section: 'Politique auditd' }],
  messages: {
    etcNotWatched: 'Writes to /etc are not audited.',
  },
  requires: ['auditd'],
  check({ auditd }, report) {
    if (!auditd.installed) return report.skip('auditd is not installed');
    if (writeWatch(auditd.commands, '/etc')) return;
    report.fail('etcNotWatched', { evidence: [fileEvidence(auditd.ruleFiles[0] ?? '/etc/audit/rules.d', 'no write watch covering /etc')] });
  },
});
