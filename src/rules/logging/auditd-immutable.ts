import { defineRule } from '../../core/rule.ts';
import { fileEvidence, lineEvidence } from '../../core/evidence.ts';

export default defineRule({
  id: 'auditd-immutable',
  family: 'logging',
  title: 'Audit rules are locked until reboot',
  severity: 'low',
  rationale:
    'An intruder with root can otherwise delete the audit rules (`auditctl -D`) before acting and leave no trace. With `-e 2` as the last rule, the configuration cannot change until a reboot, which itself is noticed.',
  description:
    'Checks that the last `-e` setting loaded is 2. When rules are loaded from audit.rules directly, also reports rules placed after `-e 2`, which the locked kernel refuses.',
  remediation: 'Create /etc/audit/rules.d/99-finalize.rules containing `-e 2`, then `augenrules --load` (effective at the next boot if already locked).',
  references: [{ guideline: '004_505672b286b27604.txt', section: 'Auditd dans Docker' }],
  messages: {
    notImmutable: 'The audit configuration is not locked (no final -e 2).',
    rulesAfterLock: '{{count}} audit rule(s) come after -e 2 in {{file}} and are never loaded.',
  },
  requires: ['auditd'],
  check({ auditd }, report) {
    if (!auditd.installed) return report.skip('auditd is not installed');
    const e = auditd.enableFlag;
    if (!e || e.value !== '2') report.fail('notImmutable', { evidence: [e ? lineEvidence(e.source) : fileEvidence(auditd.ruleFiles[0] ?? '/etc/audit/rules.d', 'no -e setting')] });
    const first = auditd.afterLock[0];
    if (first) report.fail('rulesAfterLock', { data: { count: auditd.afterLock.length, file: first.source.file }, evidence: [lineEvidence(first.source)] });
  },
});
