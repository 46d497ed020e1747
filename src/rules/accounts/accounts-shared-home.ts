import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import { groupBy } from '../../facts/accounts.ts';
import { nameList } from './_accounts.ts';

export default defineRule({
  id: 'accounts-shared-home',
  family: 'accounts',
  title: 'Accounts that can log in do not share a home directory',
  severity: 'medium',
  rationale:
    'A home directory holds what makes an account: its SSH authorized_keys, shell start-up files, credentials of tools. When two accounts that can log in share one, each can plant keys or commands that the other will trust or run, and nobody can tell whose files are whose. Service accounts without a login shell that share a placeholder home such as / or /nonexistent are harmless and not reported.',
  description:
    'Groups /etc/passwd entries by home directory (trailing slashes ignored) and reports each directory used by two or more accounts when at least one of them has a login shell.',
  remediation: 'Give each person their own home: `usermod -d /home/NAME -m NAME` for all but one of the accounts, then check ~/.ssh/authorized_keys and shell start-up files in both homes.',
  references: [{ guideline: '004_505672b286b27604.txt', section: "Découverte d'incohérences LDAP" }],
  messages: {
    sharedHome: '{{home}} is the home of {{names}}, of which {{logins}} can log in.',
  },
  requires: ['accounts'],
  check({ accounts }, report, ctx) {
    if (!accounts.present) return report.skip('no /etc/passwd in this tree');
    const byHome = groupBy(accounts.users, (u) => u.home.replace(/\/+$/, '') || '/');
    for (const [home, users] of byHome) {
      const names = [...new Set(users.map((u) => u.name))];
      const logins = [...new Set(users.filter((u) => u.loginShell && !u.expired).map((u) => u.name))];
      if (names.length < 2 || logins.length === 0) continue;
      report.fail('sharedHome', {
        data: { home, names: nameList(names), logins: nameList(logins) },
        evidence: users.slice(0, ctx.options.maxPaths).map((u) => lineEvidence(u.source)),
        key: home,
      });
    }
  },
});
