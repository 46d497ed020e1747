import { weakAlgorithmsRule } from './_weak-algorithms.ts';

export default weakAlgorithmsRule({
  id: 'ssh-weak-kex',
  title: 'SSH offers no weak key exchange',
  severity: 'medium',
  rationale:
    'The key exchange protects every session key. The 1024-bit group1, SHA-1 based exchanges and group-exchange with SHA-1 are ' +
    'within reach of well-funded attackers (Logjam) and let a man in the middle weaken what a client negotiates.',
  description:
    "Computes sshd's effective KexAlgorithms (compiled-in defaults with `+`, `-`, `^` applied) and, when GSSAPIKeyExchange is " +
    'on, GSSAPIKexAlgorithms, and fails when either contains diffie-hellman-group1-sha1, diffie-hellman-group14-sha1, ' +
    'diffie-hellman-group-exchange-sha1 or another SHA-1 exchange.',
  remediation:
    'Set `KexAlgorithms sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,' +
    'diffie-hellman-group16-sha512,diffie-hellman-group18-sha512` in /etc/ssh/sshd_config.d/00-hardening.conf (and drop the sha1 ' +
    'entries from GSSAPIKexAlgorithms if you use GSSAPI key exchange), then `sshd -t && systemctl reload ssh`.',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Use secure protocols' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Use secure protocols' },
  ],
  lists: [
    { keyword: 'kexalgorithms', label: 'KexAlgorithms' },
    { keyword: 'gssapikexalgorithms', label: 'GSSAPIKexAlgorithms', when: (s) => s.get('gssapikeyexchange').value === 'yes' },
  ],
  weak: /sha1/,
});
