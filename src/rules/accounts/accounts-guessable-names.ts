import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { canLogIn } from './_accounts.ts';

export default defineRule({
  id: 'accounts-guessable-names',
  family: 'accounts',
  title: 'No account with a guessable name can log in',
  severity: 'medium',
  rationale:
    'Brute-force tools do not guess passwords alone: they try them against a short list of user names that exist on many machines (admin, test, guest, oracle, postgres...). An account with such a name that accepts logins gives the attacker half of the credentials for free. The default user of a cloud image (debian, ubuntu, cloud-user) is expected by the guidelines and not listed.',
  description:
    'Reports accounts whose name is in the list of commonly attacked names (case-insensitive) and that can log in: a login shell, not expired, and a usable password or an authorized SSH key.',
  remediation:
    'Rename the account to something specific to its owner (`usermod -l NEWNAME -d /home/NEWNAME -m OLDNAME`), or, if it only runs a service, take its login away (`usermod -s /usr/sbin/nologin NAME && passwd -l NAME`). Delete test and demo accounts (`userdel -r NAME`).',
  params: {
    names: {
      default: ['admin', 'administrator', 'test', 'test1', 'testuser', 'tester', 'guest', 'user', 'user1', 'demo', 'temp', 'tmp', 'support', 'oracle', 'postgres', 'mysql', 'ftp', 'ftpuser', 'pi', 'hadoop', 'default'],
      description: 'User names attackers try first.',
    },
  },
  references: [
    { guideline: '002_52c88f5fb2d0dec9.txt', section: 'Be mindful about the user accounts in the VM' },
    { guideline: '001_d9d200db3ee7c4e1.txt', section: 'Be mindful about the user accounts in the VM' },
  ],
  messages: {
    guessableName: 'Account "{{name}}" has a commonly attacked name and can log in.',
  },
  requires: ['accounts', 'keys'],
  check({ accounts, keys }, report, ctx) {
    if (!accounts.present) return report.skip('no /etc/passwd in this tree');
    const names = new Set(ctx.param<string[]>('names').map((n) => n.toLowerCase()));
    for (const u of accounts.users) {
      if (!names.has(u.name.toLowerCase()) || !canLogIn(u, keys)) continue;
      report.fail('guessableName', { data: { name: u.name }, evidence: [lineEvidence(u.source)], key: u.name });
    }
  },
});
