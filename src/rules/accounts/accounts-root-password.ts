import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { findUser } from '../../facts/accounts.ts';

export default defineRule({
  id: 'accounts-root-password',
  family: 'accounts',
  title: 'root has no usable password',
  severity: 'medium',
  rationale:
    'root is the one account name every attacker knows. With a password set, a guessed or leaked password gives full control wherever root may log in with it (the console, su, any service authenticating through PAM). Administrators should reach root through their own key-only accounts and sudo, which also records who did what; root itself needs no password.',
  description: 'Reads root\'s password field as pam_unix would (shadow when passwd says `x`) and reports a crypt hash that is not locked. An empty field is reported by accounts-empty-password.',
  remediation: 'Lock root\'s password: `passwd -l root` (keep a working sudo account first, and console access through your provider\'s rescue mode).',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Be mindful about the user accounts in the VM' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Be mindful about the user accounts in the VM' },
  ],
  messages: {
    usablePassword: 'root has a usable password ({{algorithm}} hash) in {{file}}.',
  },
  requires: ['accounts'],
  check({ accounts }, report) {
    const root = findUser(accounts, 'root');
    if (!root) return report.skip('no root account in /etc/passwd');
    if (root.password.state !== 'hash' || root.expired) return;
    report.fail('usablePassword', {
      data: { algorithm: root.password.algorithm, file: root.passwordSource.file },
      evidence: [lineEvidence(root.passwordSource)],
      key: 'root',
    });
  },
});
