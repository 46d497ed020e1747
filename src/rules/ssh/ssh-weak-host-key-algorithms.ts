import { weakAlgorithmsRule } from './_weak-algorithms.ts';

export default weakAlgorithmsRule({
  id: 'ssh-weak-host-key-algorithms',
  title: 'SSH accepts no SHA-1 RSA or DSA signatures',
  severity: 'medium',
  rationale:
    'ssh-rsa signs with SHA-1, for which chosen-prefix collisions are practical, and ssh-dss is 1024-bit DSA. Offering them for ' +
    'the host key lets clients be steered to a forgeable server signature; accepting them for user keys or certificates lets a ' +
    'forged signature log in.',
  description:
    "Computes sshd's effective HostKeyAlgorithms, PubkeyAcceptedAlgorithms, CASignatureAlgorithms and (when host-based " +
    'authentication is on) HostbasedAcceptedAlgorithms, after applying `+`, `-`, `^` to the defaults, for ordinary connections ' +
    'and each Match block, and fails when one contains ssh-rsa, ssh-rsa-cert-v01@openssh.com or ssh-dss*. `+ssh-rsa`, often ' +
    'added for an old client, is the usual cause.',
  remediation:
    'Remove `+ssh-rsa` / `+ssh-dss` from HostKeyAlgorithms, PubkeyAcceptedAlgorithms (or the older PubkeyAcceptedKeyTypes), ' +
    'CASignatureAlgorithms and HostbasedAcceptedAlgorithms, give old clients an ed25519 key or rsa-sha2-256/512 support instead, ' +
    'then `sshd -t && systemctl reload ssh`.',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Use secure protocols' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Use secure protocols' },
  ],
  lists: [
    { keyword: 'hostkeyalgorithms', label: 'HostKeyAlgorithms' },
    { keyword: 'pubkeyacceptedalgorithms', label: 'PubkeyAcceptedAlgorithms' },
    { keyword: 'casignaturealgorithms', label: 'CASignatureAlgorithms' },
    { keyword: 'hostbasedacceptedalgorithms', label: 'HostbasedAcceptedAlgorithms', when: (s) => s.get('hostbasedauthentication').value === 'yes' },
  ],
  weak: /^ssh-rsa(-cert-v01@openssh\.com)?$|^ssh-dss/,
});
