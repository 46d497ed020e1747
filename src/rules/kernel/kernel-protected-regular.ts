import { intBetween, sysctlRemediation, sysctlRule } from './_sysctl-rule.ts';

export default sysctlRule({
  id: 'kernel-protected-regular',
  title: 'Files of other users in sticky directories are not opened for writing',
  severity: 'low',
  key: 'fs.protected_regular',
  expected: '1 or 2',
  accept: intBetween(1, 2),
  kernelDefault: () => ({ value: '0', why: 'the kernel default; Debian sets it through /usr/lib/sysctl.d/99-protect-links.conf from procps' }),
  rationale:
    "A regular file created in advance by another user in /tmp, under a name a privileged program later opens with O_CREAT, hands the attacker the program's output or lets them feed it input. fs.protected_regular refuses such opens in world-writable sticky directories.",
  remediation: sysctlRemediation('fs.protected_regular', '2'),
  references: [{ guideline: '004_505672b286b27604.txt', section: 'Anomalies de permissions' }],
});
