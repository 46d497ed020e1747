import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';

export default defineRule({
  id: 'accounts-empty-password',
  family: 'accounts',
  title: 'No account has an empty password',
  severity: 'high',
  rationale:
    'An empty password field means no password at all: wherever PAM is configured with `nullok` (Debian\'s default for pam_unix) anyone at the console, and any service that checks passwords through PAM, lets the account in by pressing Enter. Automated scanners try exactly that. An account meant to be reached by SSH key only needs a locked password (`!` or `*`), not an empty one.',
  description:
    'Reads the password pam_unix would check: the /etc/shadow field when /etc/passwd says `x`, else the /etc/passwd field itself; reports accounts where it is empty. Accounts whose shadow expiry date has passed are left out.',
  remediation: 'Lock the password of each reported account: `passwd -l NAME` (or set a strong one with `passwd NAME` if a password is really needed). Remove `nullok` from pam_unix lines in /etc/pam.d/common-auth as a second barrier.',
  references: [
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Be mindful about the user accounts in the VM' },
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Be mindful about the user accounts in the VM' },
  ],
  messages: {
    emptyPassword: 'Account "{{name}}" has an empty password field in {{file}}: it may log in without a password.',
  },
  requires: ['accounts'],
  check({ accounts }, report) {
    if (!accounts.present) return report.skip('no /etc/passwd in this tree');
    for (const u of accounts.users) {
      if (u.password.state !== 'empty' || u.expired) continue;
      report.fail('emptyPassword', {
        data: { name: u.name, file: u.passwordSource.file },
        evidence: [lineEvidence(u.passwordSource)],
        key: u.name,
        ...(u.uid === 0 ? { severity: 'critical' as const } : {}),
      });
    }
  },
});
