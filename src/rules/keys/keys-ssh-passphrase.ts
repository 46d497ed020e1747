import { defineRule } from '../../core/rule.ts';
import { fileEvidence } from '../../core/evidence.ts';
import { describeBlock } from './_keys.ts';

export default defineRule({
  id: 'keys-ssh-passphrase',
  family: 'keys',
  title: 'SSH private keys are protected by a passphrase',
  severity: 'medium',
  rationale:
    'A private SSH key without a passphrase is a password written in a file: anyone who copies it (from a backup, a stolen disk image, a compromised account, a repository it was committed to) can log in wherever its public half is authorized, with nothing left to guess. A passphrase encrypts the key at rest, and ssh-agent keeps the convenience of typing it once per session. sshd host keys cannot have one and are not concerned.',
  description:
    'Examines private keys found in every ~/.ssh directory and, by name (id_*, *.key, *.pem, *.ppk), under /etc, /opt, /srv, /home and /root: OpenSSH keys by the cipher in their header (`none` means clear), PEM keys by `Proc-Type: 4,ENCRYPTED` or the PKCS#8 `ENCRYPTED PRIVATE KEY` label, PuTTY keys by their `Encryption:` line. Keys in ~/.ssh, named id_*, or in an SSH format count as SSH keys; host keys in /etc/ssh and other PEM keys (TLS) do not.',
  remediation:
    'Add a passphrase in place: `ssh-keygen -p -f PATH` (keep the key\'s owner and mode). Load it once per session with `ssh-add`. A key that must work unattended (backups, deployments) should be restricted on the servers that accept it (`restrict,command="..."` in authorized_keys) and kept 0600 in a dedicated account.',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Be mindful about the user accounts in the VM' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Be mindful about the user accounts in the VM' },
  ],
  messages: {
    noPassphrase: '{{path}} is a private SSH key ({{algorithm}}) without a passphrase.',
  },
  requires: ['keys'],
  check({ keys }, report) {
    const sshKeys = keys.privateKeys.filter((k) => k.purpose === 'ssh-user');
    if (sshKeys.length === 0) return report.skip('no private SSH key found outside the host keys');
    for (const f of sshKeys) {
      for (const k of f.keys) {
        const evidence = [{ ...fileEvidence(f.path, describeBlock(k)), line: k.line }];
        if (k.encrypted === null) report.error(`cannot tell whether the key in ${f.path} has a passphrase: its ${k.label} block cannot be decoded`, { evidence, key: `${f.path}:${k.line}` });
        else if (!k.encrypted) report.fail('noPassphrase', { data: { path: f.path, algorithm: k.algorithm ?? k.label }, evidence, key: `${f.path}:${k.line}` });
      }
    }
  },
});
