import { intBetween, sysctlRemediation, sysctlRule } from './_sysctl-rule.ts';

export default sysctlRule({
  id: 'kernel-protected-fifos',
  title: 'FIFOs of other users in sticky directories are not opened for writing',
  severity: 'low',
  key: 'fs.protected_fifos',
  expected: '1 or 2',
  accept: intBetween(1, 2),
  kernelDefault: () => ({ value: '0', why: 'the kernel default; Debian sets it through /usr/lib/sysctl.d/99-protect-links.conf from procps' }),
  rationale:
    'A FIFO planted by another user in /tmp under a name a privileged program will open lets the attacker feed that program data or make it block. fs.protected_fifos refuses O_CREAT opens of such FIFOs in world-writable sticky directories.',
  remediation: sysctlRemediation('fs.protected_fifos', '2'),
  references: [{ guideline: '004_505672b286b27604.txt', section: 'Anomalies de permissions' }],
});
