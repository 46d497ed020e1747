import { weakAlgorithmsRule } from './_weak-algorithms.ts';

export default weakAlgorithmsRule({
  id: 'ssh-weak-ciphers',
  title: 'SSH offers no weak ciphers',
  severity: 'medium',
  rationale:
    'CBC-mode ciphers in SSH allow plaintext-recovery attacks, and 3DES, Blowfish, CAST and RC4 (arcfour) are too weak or too ' +
    'small-blocked for today. A client or attacker in the middle can steer a connection to any cipher the server still offers.',
  description:
    "Computes sshd's effective Ciphers list (compiled-in defaults with any `+`, `-`, `^` modification applied) and fails when it " +
    'contains a CBC cipher, 3DES, Blowfish, CAST128, arcfour or DES.',
  remediation:
    'Set an explicit list in /etc/ssh/sshd_config.d/00-hardening.conf, for example ' +
    '`Ciphers chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,aes192-ctr,aes128-ctr`, ' +
    'remove lines such as `Ciphers +aes128-cbc`, then `sshd -t && systemctl reload ssh`.',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Use secure protocols' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Use secure protocols' },
  ],
  lists: [{ keyword: 'ciphers', label: 'Ciphers' }],
  weak: /-cbc(@|$)|^3des|^arcfour|^blowfish|^cast128|^des(-|$)/,
});
