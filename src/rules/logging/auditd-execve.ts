import { defineRule } from '../../core/rule.ts';
import { fileEvidence, lineEvidence } from '../../core/evidence.ts';
import { execveRule, execveSuppressor } from './_audit.ts';

export default defineRule({
  id: 'auditd-execve',
  family: 'logging',
  title: 'Every program execution is audited, for 64- and 32-bit calls',
  severity: 'medium',
  rationale:
    'Recording execve gives the full list of commands run on the host with their arguments and the login user behind them, which is what an investigation needs first. A rule for the 64-bit call alone is bypassed by running a 32-bit binary, so both architectures need one.',
  description:
    'In the rules auditd loads (rules.d via augenrules, or audit.rules), looks for an `always,exit` rule on execve (or execveat, or all syscalls) for arch=b64 and for arch=b32 that no blanket `never,exit` rule before it cancels.',
  remediation:
    'Add to /etc/audit/rules.d/50-execve.rules:\n  -a always,exit -F arch=b64 -S execve -k execve_rule\n  -a always,exit -F arch=b32 -S execve -k execve_rule\nthen `augenrules --load`.',
  references: [
    { guideline: '004_505672b286b27604.txt', section: 'Traçabilité' },
    { guideline: '004_505672b286b27604.txt', section: 'Politique auditd' },
  ],
  messages: {
    execveNotLogged: 'Program executions through the {{arch}} system call interface are not audited.',
  },
  requires: ['auditd'],
  check({ auditd }, report) {
    if (!auditd.installed) return report.skip('auditd is not installed');
    const where = auditd.ruleFiles[0] ?? '/etc/audit/rules.d';
    for (const arch of ['b64', 'b32'] as const) {
      if (execveRule(auditd.commands, arch)) continue;
      const never = execveSuppressor(auditd.commands, arch);
      const evidence = never ? [lineEvidence(never.source, 'this never rule comes first and keeps execve from being recorded')] : [fileEvidence(where, `no always,exit rule for execve with arch=${arch}`)];
      report.fail('execveNotLogged', { data: { arch: arch === 'b64' ? '64-bit' : '32-bit' }, evidence, key: arch });
    }
  },
});
