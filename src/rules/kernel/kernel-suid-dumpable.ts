import { intBetween, sysctlRemediation, sysctlRule } from './_sysctl-rule.ts';

export default sysctlRule({
  id: 'kernel-suid-dumpable',
  title: 'Privileged programs do not dump core',
  severity: 'medium',
  key: 'fs.suid_dumpable',
  expected: '0',
  accept: intBetween(0, 0),
  kernelDefault: () => ({ value: '0', why: 'built into the kernel' }),
  rationale:
    'A program that changed its privileges (setuid, setgid, or with file capabilities) holds data its caller must not see: password hashes read by su or passwd, keys loaded by a daemon before dropping root. With fs.suid_dumpable at 1 or 2 such a process can leave a core dump with that memory in it when it crashes.',
  remediation: sysctlRemediation('fs.suid_dumpable', '0'),
  references: [{ guideline: '003_3ee6c2d8469499be.txt', section: 'Kernel Dumps' }],
});
