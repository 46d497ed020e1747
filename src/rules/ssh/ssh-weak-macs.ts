import { weakAlgorithmsRule } from './_weak-algorithms.ts';

export default weakAlgorithmsRule({
  id: 'ssh-weak-macs',
  title: 'SSH offers no weak message authentication codes',
  severity: 'low',
  rationale:
    'MD5 and SHA-1 are broken hash functions and 64-bit or truncated (-96) tags are short; keeping them only helps old clients ' +
    'and any attacker who can push a connection down to the weakest integrity check both sides accept.',
  description:
    "Computes sshd's effective MACs list (compiled-in defaults with `+`, `-`, `^` applied) and fails when it contains hmac-md5*, " +
    "hmac-sha1* (including the -etm variants), umac-64*, hmac-ripemd160* or any truncated -96 MAC. Debian 12's compiled-in list " +
    'includes umac-64 and hmac-sha1, so a server without a MACs line fails.',
  remediation:
    'Set `MACs hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com,umac-128-etm@openssh.com` (add hmac-sha2-512 and ' +
    'hmac-sha2-256 only if old clients need them) in /etc/ssh/sshd_config.d/00-hardening.conf, then `sshd -t && systemctl reload ssh`.',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Use secure protocols' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Use secure protocols' },
  ],
  lists: [{ keyword: 'macs', label: 'MACs' }],
  weak: /^hmac-md5|^hmac-sha1|^umac-64|^hmac-ripemd160|-96(-etm)?(@|$)/,
});
