import { sshdOptionRule } from './_sshd-option.ts';

export default sshdOptionRule({
  id: 'ssh-root-login',
  title: 'root cannot log in over SSH',
  severity: 'high',
  rationale:
    'root is the one account name every attacker knows, and a session as root leaves no trace of which administrator opened it. ' +
    'Administrators should log in with their own key-only account and use sudo, so that root is never reachable directly.',
  description:
    'Reads the effective PermitRootLogin for ordinary connections and for each Match block that sets it. `no` passes. `yes` fails ' +
    "(high). `prohibit-password` (alias `without-password`, Debian's compiled-in default when nothing sets it) fails with medium " +
    'severity: keys only, but still direct root access, which the guidelines rule out. `forced-commands-only` fails with low ' +
    'severity: root keys are limited to their `command=` option, which automated backups sometimes need.',
  remediation:
    'Give each administrator an account with a key and sudo, check it works, then set `PermitRootLogin no` in ' +
    '/etc/ssh/sshd_config.d/00-hardening.conf, remove other PermitRootLogin lines from Match blocks, and ' +
    '`sshd -t && systemctl reload ssh`.',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Be mindful about the user accounts in the VM' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Be mindful about the user accounts in the VM' },
  ],
  messages: {
    rootLoginAllowed: 'root may log in over SSH with any method {{scope}} (PermitRootLogin {{value}}).',
    rootLoginWithKey: 'root may log in over SSH with a key {{scope}} (PermitRootLogin {{value}}).',
    rootForcedCommands: 'root may log in over SSH with keys limited to forced commands {{scope}} (PermitRootLogin {{value}}).',
  },
  keywords: ['permitrootlogin'],
  judge(scope) {
    const v = scope.get('permitrootlogin');
    const shown = v.args[0] ?? v.value;
    switch (v.value) {
      case 'yes':
        return { messageId: 'rootLoginAllowed', data: { value: shown }, values: [v] };
      case 'without-password':
        return { messageId: 'rootLoginWithKey', data: { value: v.source ? shown : 'prohibit-password' }, values: [v], severity: 'medium' };
      case 'forced-commands-only':
        return { messageId: 'rootForcedCommands', data: { value: shown }, values: [v], severity: 'low' };
      default:
        return null;
    }
  },
});
