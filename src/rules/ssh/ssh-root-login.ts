import { matchPatternList } from '../../parsers/sshd/match.ts';
import { sshdOptionRule, type Scope } from './_sshd-option.ts';

/** The user part of an AllowUsers / DenyUsers entry and whether it has a host part. */
function userPart(entry: string): { user: string; anyHost: boolean } {
  const at = entry.lastIndexOf('@');
  return at === -1 ? { user: entry, anyHost: true } : { user: entry.slice(0, at), anyHost: entry.slice(at + 1) === '*' };
}

/** True when DenyUsers names root from everywhere, or AllowUsers leaves root out entirely. */
function rootRefused(scope: Scope): boolean {
  const deny = scope.get('denyusers').values.map(userPart);
  if (deny.some((d) => d.anyHost && matchPatternList('root', d.user, false) === 1)) return true;
  const allow = scope.get('allowusers').values.map(userPart);
  return allow.length > 0 && !allow.some((a) => matchPatternList('root', a.user, false) === 1);
}

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
    'severity: root keys are limited to their `command=` option, which automated backups sometimes need. Where DenyUsers ' +
    'names root, or AllowUsers leaves it out, root cannot log in whatever PermitRootLogin says, and the rule passes.',
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
  keywords: ['permitrootlogin', 'allowusers', 'denyusers'],
  judge(scope) {
    const v = scope.get('permitrootlogin');
    if (rootRefused(scope)) return null;
    // An AllowUsers list that names root is part of why root gets in.
    const allow = scope.get('allowusers');
    const values = allow.source ? [v, allow] : [v];
    const shown = v.args[0] ?? v.value;
    switch (v.value) {
      case 'yes':
        return { messageId: 'rootLoginAllowed', data: { value: shown }, values };
      case 'without-password':
        return { messageId: 'rootLoginWithKey', data: { value: v.source ? shown : 'prohibit-password' }, values, severity: 'medium' };
      case 'forced-commands-only':
        return { messageId: 'rootForcedCommands', data: { value: shown }, values, severity: 'low' };
      default:
        return null;
    }
  },
});
