import { methodsEvidence, sshdOptionRule, withoutKey } from './_sshd-option.ts';

export default sshdOptionRule({
  id: 'ssh-password-authentication',
  title: 'SSH does not accept passwords',
  severity: 'high',
  rationale:
    'A server reachable over SSH receives automated guessing attempts all day long. With password login enabled, a weak, reused ' +
    'or leaked password is enough to get in; with key-only login there is no secret to guess and nothing reusable crosses the network.',
  description:
    'Reads the effective PasswordAuthentication for ordinary connections (global lines, Include files, `Match all` blocks, and ' +
    "Debian's compiled-in default `yes` when nothing sets it) and for every Match block that sets it. Any `yes` fails, each Match " +
    'block with its own finding. A password that AuthenticationMethods only accepts after a public key (`publickey,password`) ' +
    'is a second factor, not a password login, and passes.',
  remediation:
    'Make sure your administrator key works first, then put `PasswordAuthentication no` at the top of a drop-in such as ' +
    '/etc/ssh/sshd_config.d/00-hardening.conf (the first value sshd reads wins), remove `PasswordAuthentication yes` from Match ' +
    'blocks, check with `sshd -T | grep -i passwordauthentication`, and reload with `systemctl reload ssh`.',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Be mindful about the user accounts in the VM' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Be mindful about the user accounts in the VM' },
    { guideline: '004_505672b286b27604.txt', section: 'Configuration SSH' },
  ],
  messages: {
    passwordLogin: 'sshd accepts password logins {{scope}} (PasswordAuthentication {{value}}).',
  },
  keywords: ['passwordauthentication', 'authenticationmethods'],
  judge(scope) {
    const v = scope.get('passwordauthentication');
    if (v.value !== 'yes' || !withoutKey(scope, 'password')) return null;
    return { messageId: 'passwordLogin', data: { value: v.value }, values: [v, ...methodsEvidence(scope)] };
  },
});
