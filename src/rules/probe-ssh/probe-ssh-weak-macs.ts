import { weakAlgorithmRule } from './_grade.ts';

export default weakAlgorithmRule({
  id: 'probe-ssh-weak-macs',
  kind: 'mac',
  noun: 'MAC',
  option: 'MACs',
  title: 'The SSH server offers no weak MAC',
  severity: 'medium',
  rationale:
    'The MAC keeps an attacker from changing the data in transit. MD5 and SHA-1 based MACs and 64-bit or truncated tags leave less margin than current algorithms; OpenSSH still offers some of them by default for old clients.',
  remediation:
    'In /etc/ssh/sshd_config (or a drop-in): `MACs hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com,umac-128-etm@openssh.com`, check with `sshd -t`, then `systemctl reload ssh`.',
});
