import { weakAlgorithmRule } from './_grade.ts';

export default weakAlgorithmRule({
  id: 'probe-ssh-weak-kex',
  kind: 'kex',
  noun: 'key exchange',
  option: 'KexAlgorithms',
  title: 'The SSH server offers no weak key exchange',
  severity: 'medium',
  rationale:
    'The key exchange creates the session keys. Diffie-Hellman over the 1024-bit group is within reach of state-level attackers, and exchanges hashed with SHA-1 rest on a broken hash. While the server offers them, a client that supports nothing better, or an attacker who can influence the negotiation, ends up with them.',
  remediation:
    'List only strong exchanges in /etc/ssh/sshd_config (or a drop-in under /etc/ssh/sshd_config.d/): `KexAlgorithms sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group-exchange-sha256`, check with `sshd -t`, then `systemctl reload ssh`.',
});
