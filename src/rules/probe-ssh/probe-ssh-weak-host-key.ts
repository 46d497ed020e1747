import { weakAlgorithmRule } from './_grade.ts';

export default weakAlgorithmRule({
  id: 'probe-ssh-weak-host-key',
  kind: 'hostKey',
  noun: 'host key',
  option: 'HostKeyAlgorithms',
  title: 'The SSH server offers no weak host key algorithm',
  severity: 'medium',
  rationale:
    'The host key signature is how a client knows it talks to the real server. ssh-rsa signs with SHA-1, for which chosen-prefix collisions are practical, and DSA keys are limited to 1024 bits; OpenSSH itself has disabled both by default.',
  remediation:
    'In /etc/ssh/sshd_config (or a drop-in): `HostKeyAlgorithms ssh-ed25519,ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256` and remove any `HostKey /etc/ssh/ssh_host_dsa_key` line; generate missing keys with `ssh-keygen -A`, check with `sshd -t`, then `systemctl reload ssh`.',
});
