import { methodsEvidence, sshdOptionRule, withoutKey } from './_sshd-option.ts';

export default sshdOptionRule({
  id: 'ssh-empty-passwords',
  title: 'SSH refuses accounts with an empty password',
  severity: 'high',
  rationale:
    'An account whose password field is empty can be entered by anyone who knows its name when sshd permits empty passwords: ' +
    'no guessing is even needed.',
  description:
    'Reads the effective PermitEmptyPasswords for ordinary connections and each Match block that sets it. `yes` fails; the ' +
    'finding is critical where password or PAM keyboard-interactive login is also enabled for the same connections, high otherwise.',
  remediation:
    'Remove every `PermitEmptyPasswords yes` line (the default is `no`) or set `PermitEmptyPasswords no` in ' +
    '/etc/ssh/sshd_config.d/00-hardening.conf, lock accounts without a password (`passwd -l USER`), then ' +
    '`sshd -t && systemctl reload ssh`.',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Be mindful about the user accounts in the VM' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Be mindful about the user accounts in the VM' },
  ],
  messages: {
    emptyPasswordsPermitted: 'sshd lets accounts with an empty password log in {{scope}} (PermitEmptyPasswords yes){{usable}}.',
  },
  keywords: ['permitemptypasswords', 'passwordauthentication', 'kbdinteractiveauthentication', 'authenticationmethods'],
  judge(scope) {
    const v = scope.get('permitemptypasswords');
    if (v.value !== 'yes') return null;
    const password = scope.get('passwordauthentication');
    const kbd = scope.get('kbdinteractiveauthentication');
    const pam = scope.get('usepam');
    const byPassword = password.value === 'yes' && withoutKey(scope, 'password');
    const byPam = kbd.value === 'yes' && pam.value === 'yes' && withoutKey(scope, 'keyboard-interactive');
    const usable = byPassword || byPam;
    return {
      messageId: 'emptyPasswordsPermitted',
      data: { usable: usable ? ', and password login is enabled' : '' },
      values: usable ? [v, byPassword ? password : kbd, ...methodsEvidence(scope)] : [v],
      severity: usable ? 'critical' : 'high',
    };
  },
});
