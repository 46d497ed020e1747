import { weakAlgorithmRule } from './_grade.ts';

export default weakAlgorithmRule({
  id: 'probe-ssh-weak-ciphers',
  kind: 'cipher',
  noun: 'cipher',
  option: 'Ciphers',
  title: 'The SSH server offers no weak cipher',
  severity: 'medium',
  rationale:
    'CBC-mode ciphers in SSH allow plaintext-recovery attacks, 64-bit block ciphers (3DES, Blowfish) leak data after a few gigabytes (SWEET32), and RC4 (arcfour) is broken. Counter mode and authenticated ciphers have none of these problems.',
  remediation:
    'In /etc/ssh/sshd_config (or a drop-in): `Ciphers chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr,aes192-ctr,aes128-ctr`, check with `sshd -t`, then `systemctl reload ssh`.',
});
