import { intBetween, isDebianLike, sysctlRemediation, sysctlRule } from './_sysctl-rule.ts';

export default sysctlRule({
  id: 'kernel-ptrace-scope',
  title: 'Processes cannot trace or read the memory of unrelated processes',
  severity: 'low',
  key: 'kernel.yama.ptrace_scope',
  expected: '1, 2 or 3',
  accept: intBetween(1, 3),
  kernelDefault: (os) => ({ value: '1', why: isDebianLike(os) ? 'Debian and Ubuntu kernels enable Yama, whose default is 1' : 'the default of Yama when the kernel has it' }),
  rationale:
    "Without Yama's restriction any process may attach to every other process of the same user with ptrace and read its memory: one compromised service account then reads the keys and passwords held in memory by its sibling processes, much as it would from a core dump.",
  remediation: sysctlRemediation('kernel.yama.ptrace_scope', '1'),
  references: [{ guideline: '003_3ee6c2d8469499be.txt', section: 'Kernel Dumps' }],
});
