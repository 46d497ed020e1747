import { intBetween, sysctlRemediation, sysctlRule } from './_sysctl-rule.ts';

export default sysctlRule({
  id: 'kernel-kptr-restrict',
  title: 'Kernel pointers are hidden from unprivileged users',
  severity: 'low',
  key: 'kernel.kptr_restrict',
  expected: '1 or 2',
  accept: intBetween(1, 2),
  kernelDefault: () => ({ value: '0', why: 'built into the kernel' }),
  rationale:
    'Kernel addresses printed in /proc (kallsyms, modules, network tables) defeat kernel address-space randomisation and are the first thing a local kernel exploit needs. With kernel.kptr_restrict at 1 they are shown as zeros to users without CAP_SYSLOG.',
  remediation: sysctlRemediation('kernel.kptr_restrict', '1'),
  references: [{ guideline: '003_3ee6c2d8469499be.txt', section: 'Kernel Dumps' }],
});
