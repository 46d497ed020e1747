import { intBetween, isDebianLike, sysctlRemediation, sysctlRule } from './_sysctl-rule.ts';

export default sysctlRule({
  id: 'kernel-protected-hardlinks',
  title: 'Hard links to files of other users are restricted',
  severity: 'low',
  key: 'fs.protected_hardlinks',
  expected: '1',
  accept: intBetween(1, 1),
  kernelDefault: (os) => (isDebianLike(os) ? { value: '1', why: 'Debian kernels enable link protection by default' } : { value: '0', why: 'the upstream kernel default' }),
  rationale:
    'Without this protection a user can hard-link a file they do not own, for example a setuid program or a file in a world-writable directory, and pin it against upgrades or trick a privileged program into writing through it.',
  remediation: sysctlRemediation('fs.protected_hardlinks', '1'),
  references: [{ guideline: '004_505672b286b27604.txt', section: 'Anomalies de permissions' }],
});
