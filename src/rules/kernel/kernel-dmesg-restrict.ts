import { intBetween, isDebianLike, sysctlRemediation, sysctlRule } from './_sysctl-rule.ts';

export default sysctlRule({
  id: 'kernel-dmesg-restrict',
  title: 'Only privileged users read the kernel log',
  severity: 'low',
  key: 'kernel.dmesg_restrict',
  expected: '1',
  accept: intBetween(1, 1),
  kernelDefault: (os) => (isDebianLike(os) ? { value: '1', why: 'Debian and Ubuntu kernels are built with CONFIG_SECURITY_DMESG_RESTRICT' } : { value: '0', why: 'the upstream kernel default' }),
  rationale:
    'The kernel ring buffer holds addresses, hardware details and messages from drivers and file systems that help a local attacker. kernel.dmesg_restrict = 1 keeps it to users with CAP_SYSLOG.',
  remediation: sysctlRemediation('kernel.dmesg_restrict', '1'),
  references: [{ guideline: '003_3ee6c2d8469499be.txt', section: 'Kernel Dumps' }],
});
