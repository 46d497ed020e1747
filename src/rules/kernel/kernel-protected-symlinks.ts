import { intBetween, isDebianLike, sysctlRemediation, sysctlRule } from './_sysctl-rule.ts';

export default sysctlRule({
  id: 'kernel-protected-symlinks',
  title: 'Symbolic links in shared sticky directories are restricted',
  severity: 'low',
  key: 'fs.protected_symlinks',
  expected: '1',
  accept: intBetween(1, 1),
  kernelDefault: (os) => (isDebianLike(os) ? { value: '1', why: 'Debian kernels enable link protection by default' } : { value: '0', why: 'the upstream kernel default' }),
  rationale:
    "In world-writable sticky directories such as /tmp, a symbolic link planted by one user can redirect a privileged program that opens a predictable name to a file of the attacker's choice. fs.protected_symlinks = 1 stops following links there unless the follower or the directory owner owns the link.",
  remediation: sysctlRemediation('fs.protected_symlinks', '1'),
  references: [{ guideline: '004_505672b286b27604.txt', section: 'Anomalies de permissions' }],
});
