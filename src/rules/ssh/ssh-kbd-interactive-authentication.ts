import { methodsEvidence, sshdOptionRule, withoutKey } from './_sshd-option.ts';

export default sshdOptionRule({
  id: 'ssh-kbd-interactive-authentication',
  title: 'SSH keyboard-interactive login does not ask PAM for passwords',
  severity: 'high',
  rationale:
    'With UsePAM enabled, keyboard-interactive authentication lets PAM prompt for the account password: password login stays ' +
    'open even when PasswordAuthentication is off, and it is exposed to the same guessing attacks.',
  description:
    'Reads the effective KbdInteractiveAuthentication (also spelt ChallengeResponseAuthentication or SkeyAuthentication; ' +
    "Debian's compiled-in default is `yes`, its packaged sshd_config sets `no`) for ordinary connections and each Match block, " +
    'together with UsePAM. It fails where keyboard-interactive login is on while UsePAM is `yes`: without PAM a Debian sshd has ' +
    'no keyboard-interactive method that could take a password, so that combination passes, as does keyboard-interactive ' +
    'login that AuthenticationMethods only accepts after a public key.',
  remediation:
    'Set `KbdInteractiveAuthentication no` in the global section (Debian ships this line in /etc/ssh/sshd_config; an older ' +
    '`ChallengeResponseAuthentication yes` earlier in the files wins over it), remove it from Match blocks, then ' +
    '`sshd -t && systemctl reload ssh`. If you need one-time codes through PAM, require a key first with ' +
    '`AuthenticationMethods publickey,keyboard-interactive`: this rule then passes.',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Be mindful about the user accounts in the VM' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Be mindful about the user accounts in the VM' },
  ],
  messages: {
    kbdInteractivePam:
      'sshd lets PAM ask for passwords through keyboard-interactive login {{scope}} (KbdInteractiveAuthentication {{value}} with UsePAM yes).',
  },
  keywords: ['kbdinteractiveauthentication', 'authenticationmethods'],
  judge(scope) {
    const kbd = scope.get('kbdinteractiveauthentication');
    const pam = scope.get('usepam');
    if (kbd.value !== 'yes' || pam.value !== 'yes' || !withoutKey(scope, 'keyboard-interactive')) return null;
    return { messageId: 'kbdInteractivePam', data: { value: kbd.value }, values: [kbd, pam, ...methodsEvidence(scope)] };
  },
});
